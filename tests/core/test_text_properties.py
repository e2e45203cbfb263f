"""Properties of the search-text parser: whatever a person types, the folded key is
lower-case, accent-free, single-spaced and stable; NFC and NFD spellings search alike."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import fold, search_words

vietnamese = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬĐÉỆỐỜỨỰ ,.-!?\t\n")),
    max_size=40,
)
anything = st.text(max_size=60) | vietnamese


@given(anything)
def test_the_folded_key_is_lower_accent_free_single_spaced_and_stable(text):
    key = fold(text)

    assert fold(key) == key
    assert key == key.strip() and "  " not in key
    assert not any(unicodedata.combining(char) for char in unicodedata.normalize("NFD", key))
    assert "đ" not in key and "Đ" not in key


@given(vietnamese)
def test_nfc_and_nfd_spellings_search_alike(text):
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)

    assert fold(nfc) == fold(nfd)
    assert fold(text.upper()) == fold(text.lower())


@given(anything, st.integers(1, 20))
def test_search_words_are_distinct_folded_and_bounded(text, limit):
    words = search_words(text, limit=limit)

    assert len(words) <= limit
    assert len(set(words)) == len(words)
    assert all(word == fold(word) and " " not in word for word in words)
