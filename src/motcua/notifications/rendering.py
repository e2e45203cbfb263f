"""The template language of messages: text with `{{ placeholder }}` and nothing else.

A province admin edits these texts, so they must not be able to run code or reach into
objects: a placeholder is one name from a fixed list, replaced by a value computed by the
code (motcua.notifications.events). Values are inserted as plain text with control
characters removed, and one-line fields (subject, SMS) never get a line break, so a value
cannot add a mail header. `check` finds every problem before a template is saved, so that a
saved template always renders."""

import re
import unicodedata

from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
BRACES = re.compile(r"\{\{|\}\}|\{%|%\}")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class TemplateInvalid(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def check(text: str, allowed: set[str]) -> None:
    """TemplateInvalid (in Vietnamese) when `text` has an unknown placeholder or a stray
    `{{`, `}}`, `{%`, `%}`."""
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) not in allowed:
            raise TemplateInvalid(
                _("Không có trường “%(name)s”. Các trường dùng được: %(allowed)s.")
                % {"name": match.group(1), "allowed": ", ".join(sorted(allowed))}
            )
    leftover = BRACES.search(PLACEHOLDER.sub("", text))
    if leftover:
        raise TemplateInvalid(
            _(
                "Dấu “%(mark)s” không thuộc trường nào. Viết trường theo dạng {{ ma_ho_so }} "
                "(tên trường viết thường, không dấu)."
            )
            % {"mark": leftover.group(0)}
        )


def render(text: str, values: dict[str, str], *, one_line: bool = False) -> str:
    """`text` with each placeholder replaced by its value (a checked template only)."""

    def value(match: re.Match) -> str:
        return clean(values.get(match.group(1), ""), one_line=one_line)

    rendered = PLACEHOLDER.sub(value, unicodedata.normalize("NFC", text))
    return " ".join(rendered.split()) if one_line else rendered


def clean(value, *, one_line: bool = False) -> str:
    text = CONTROL.sub("", unicodedata.normalize("NFC", str(value)))
    return " ".join(text.split()) if one_line else text
