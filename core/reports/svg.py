"""Charts as inline SVG for the HTML report; the colour palette and axis ticks the PDF charts share."""

from __future__ import annotations

import html
import math

from core.reports.document import Chart

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")  # Okabe-Ito, colour-blind safe


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    return [first + i * step for i in range(int(math.ceil((hi - first) / step)) + 1)]


def _short(v: float) -> str:
    a = abs(v)
    if a >= 1e9:
        return f"{v / 1e9:g}G"
    if a >= 1e6:
        return f"{v / 1e6:g}M"
    if a >= 1e3:
        return f"{v / 1e3:g}k"
    return f"{v:g}"


def chart_svg(c: Chart, width: int = 640, height: int = 300) -> str:
    """A self-contained SVG line or bar chart (all text escaped)."""
    e = html.escape
    pts_all = [p for pts in c.series.values() for p in pts]
    if not pts_all:
        return ""
    left, right, top, bottom = 64, 150, 28, 34
    pw, ph = width - left - right, height - top - bottom
    xs = sorted({p[0] for p in pts_all})
    ymin = min(0.0, min(p[1] for p in pts_all))
    ymax = max(p[1] for p in pts_all)
    ticks = _ticks(ymin, ymax)
    y0, y1 = ticks[0], ticks[-1]
    x0, x1 = xs[0], xs[-1] if xs[-1] > xs[0] else xs[0] + 1
    bar = c.kind == "bar"

    def sx(x: float) -> float:
        if bar:
            return left + (xs.index(x) + 0.5) * pw / len(xs)
        return left + (x - x0) / (x1 - x0) * pw

    def sy(y: float) -> float:
        return top + ph - (y - y0) / (y1 - y0) * ph

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{e(c.title)}" font-family="sans-serif" font-size="11">',
        f'<text x="{left}" y="16" font-size="13" font-weight="bold">{e(c.title)}</text>',
    ]
    for tk in ticks:
        y = sy(tk)
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{e(_short(tk))}</text>')
    step = max(1, len(xs) // 8)
    for x in xs[::step]:
        out.append(f'<text x="{sx(x):.1f}" y="{top + ph + 16}" text-anchor="middle">{int(x)}</text>')
    out.append(
        f'<text x="12" y="{top + ph / 2:.0f}" transform="rotate(-90 12 {top + ph / 2:.0f})" text-anchor="middle">{e(c.y_label)}</text>'
    )
    for i, (name, pts) in enumerate(c.series.items()):
        colour = PALETTE[i % len(PALETTE)]
        if bar:
            bw = 0.7 * pw / len(xs)
            for x, y in pts:
                yt, yb = sy(max(y, 0)), sy(min(y, 0))
                out.append(
                    f'<rect x="{sx(x) - bw / 2:.1f}" y="{yt:.1f}" width="{bw:.1f}" height="{yb - yt:.1f}" fill="{colour}"/>'
                )
        else:
            d = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
            dash = ' stroke-dasharray="6 4"' if name in c.dashed else ""
            out.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        ly = top + 14 + i * 16
        out.append(f'<rect x="{left + pw + 12}" y="{ly - 9}" width="12" height="4" fill="{colour}"/>')
        out.append(f'<text x="{left + pw + 30}" y="{ly - 4}">{e(name)}</text>')
    out.append("</svg>")
    return "\n".join(out)
