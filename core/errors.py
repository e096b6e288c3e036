"""The ground floor: one error type for bad input, carrying every problem found.

`ScenarioError` holds a list of `Issue(path, message, key, fields)`. `key` names the translation in
`data/i18n/<lang>/validation.yaml` (`validation.<key>`; a key with a dot is a full key of another namespace), `fields` fill it; `message` is the English text.
Nothing in core raises anything else for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.i18n import t as _t


@dataclass(frozen=True)
class Issue:
    """One problem: `path` of the field, English `message`; `key`/`fields` translate it (validation.<key>)."""

    path: str
    message: str
    key: str | None = field(default=None, compare=False)
    fields: dict = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def text(self, lang: str = "en") -> str:
        """`path: message` in `lang` (the English message when there is no translation)."""
        msg = self.message_in(lang)
        return f"{self.path}: {msg}" if self.path else msg

    def message_in(self, lang: str = "en") -> str:
        """The message alone in `lang` (English when there is no translation)."""
        msg = self.message
        if self.key:
            try:
                got = _t(self.key if "." in self.key else f"validation.{self.key}", lang, **self.fields)
            except TypeError:  # a field named like a parameter of t(): keep the English
                got = ""
            if got and got not in (self.key, f"validation.{self.key}"):
                msg = got
        return msg


def issue(path: str, key: str, template: str, **fields: object) -> Issue:
    """An Issue whose English message is `template` filled with `fields` (the same fields translate it)."""
    return Issue(path, template.format(**fields), key, dict(fields))


class ScenarioError(Exception):
    """Bad scenario input: every issue found, each with the path of the offending field."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(map(str, issues)))
