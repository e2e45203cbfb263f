"""The template language of messages: text with `{{ placeholder }}` and nothing else.

A province admin edits these texts, so they must not be able to run code or reach into
objects: a placeholder is one name from a fixed list, replaced by a value computed by the
code (motcua.notifications.events). Values are inserted as plain text with control
characters removed, and one-line fields (subject, SMS) never get a line break, so a value
cannot add a mail header. `check` finds every problem before a template is saved, so that a
saved template always renders. `as_html` turns a rendered text into the HTML alternative of
its e-mail, escaping all of it (so a value typed by anyone stays text there too)."""

import re
import unicodedata

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
BRACES = re.compile(r"\{\{|\}\}|\{%|%\}")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
PARAGRAPHS = re.compile(r"\n[ \t]*\n")
LINK = r"https?://[^\s<>\"']*[^\s<>\"'.,;:!?)\]]"


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


def as_html(text: str, *, bold: str = "") -> SafeString:
    """`text` (a rendered message) as HTML: a paragraph per block between blank lines, its
    line breaks kept, web addresses as links and `bold` (the dossier code) in bold. Every
    other character is escaped: a `<script>` in a dossier's field is shown as text."""
    marked = rf"(?P<link>{LINK})" + (rf"|(?P<bold>{re.escape(bold)})" if bold else "")
    pattern = re.compile(marked)
    paragraphs = (part.strip("\n") for part in PARAGRAPHS.split(text.replace("\r\n", "\n")))
    return mark_safe(
        "\n".join(f"<p>{_inline(part, pattern)}</p>" for part in paragraphs if part.strip())
    )


def _inline(paragraph: str, pattern: re.Pattern) -> str:
    pieces, last = [], 0
    for match in pattern.finditer(paragraph):
        pieces.append(escape(paragraph[last : match.start()]))
        if match.lastgroup == "link":
            pieces.append(format_html('<a href="{}">{}</a>', match.group(0), match.group(0)))
        else:
            pieces.append(format_html("<strong>{}</strong>", match.group(0)))
        last = match.end()
    pieces.append(escape(paragraph[last:]))
    return "<br>\n".join("".join(pieces).split("\n"))
