"""Vietnamese text helpers: NFC normalisation and accent-insensitive search keys."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)


def nfc(text: str | None) -> str:
    """Text in NFC with runs of whitespace inside lines kept as they are."""
    return unicodedata.normalize("NFC", text or "")


def fold(text: str | None) -> str:
    """Lower-case, accent-free form used for search: 'Khuyến MẠI' -> 'khuyen mai'."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _NON_WORD.sub(" ", stripped.lower())
    return _SPACES.sub(" ", stripped).strip()


def search_words(query: str | None, limit: int = 12) -> list[str]:
    """The distinct folded words of a user's query (at most `limit`, order kept)."""
    words = []
    for word in fold(query).split():
        if word not in words:
            words.append(word)
    return words[:limit]
