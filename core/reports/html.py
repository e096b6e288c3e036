"""The printable, self-contained HTML report (templates in `core/report_templates/`)."""

from __future__ import annotations

import html
from pathlib import Path
from string import Template
from typing import Any

from core.i18n import direction, html_lang, t
from core.reports.document import Chart, KeyValues, Para, ReportData, Section, Table, other, zone_title
from core.reports.sections import build_document
from core.reports.svg import chart_svg

TEMPLATES = Path(__file__).resolve().parent.parent / "report_templates"
# body font stacks per language (the report embeds no font: each reader's system picks the first it has)
FONT_STACKS = {
    "th": '"Noto Sans Thai", "Leelawadee UI", "Thonburi", "Tahoma", "Noto Sans", sans-serif',
    "ar": '"Noto Naskh Arabic", "Noto Sans Arabic", "Segoe UI", "Geeza Pro", "Tahoma", sans-serif',
    "vi": '"Noto Sans", "Segoe UI", "Arial", sans-serif',
    "ru": '"Noto Sans", "Segoe UI", "Arial", sans-serif',
}


def font_css(lang: str) -> str:
    """CSS choosing the language's font stack (CJK fonts stay in the stack for Chinese names and headings)."""
    stack = FONT_STACKS.get(lang)
    if not stack:
        return ""
    return f'body {{ font-family: {stack}, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }}'


def _block_html(b: Any) -> str:
    e = html.escape
    if isinstance(b, Para):
        return f'<p class="{e(b.kind)}">{e(b.text)}</p>'
    if isinstance(b, KeyValues):
        rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in b.items)
        return f'<table class="kv">{rows}</table>'
    if isinstance(b, Table):
        head = "".join(f"<th>{e(str(c))}</th>" for c in b.frame.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in row) + "</tr>" for row in b.frame.itertuples(index=False)
        )
        cap = f"<caption>{e(b.caption)}</caption>" if b.caption else ""
        return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if isinstance(b, Chart):
        return f'<figure class="chart">{chart_svg(b)}</figure>'
    return ""


def to_html(d: ReportData, sections: list[Section] | None = None, titles: tuple[str, str] | None = None) -> str:
    """A printable, self-contained HTML report (no external assets); `sections` and `titles` (title, title in
    the other language) replace the report's (the tenant sheet)."""
    e = html.escape
    lang = d.lang
    body = []
    for sec in build_document(d) if sections is None else sections:
        body.append(f'<section id="{e(sec.key)}"><h2>{e(sec.title)} <small>{e(sec.title_alt)}</small></h2>')
        body += [_block_html(b) for b in sec.blocks]
        body.append("</section>")
    tpl = Template((TEMPLATES / "report.html").read_text(encoding="utf-8"))
    title = titles[0] if titles else t("reports.title", lang, zone=zone_title(d.scenario, lang))
    subtitle = titles[1] if titles else t("reports.title", other(lang), zone=zone_title(d.scenario, other(lang)))
    return tpl.safe_substitute(
        lang=html_lang(lang),
        dir=direction(lang),
        font_css=font_css(lang),
        title=e(title),
        subtitle=e(subtitle),
        css=(TEMPLATES / "report.css").read_text(encoding="utf-8"),
        body="\n".join(body),
    )
