"""Properties of the identifier parsers (CCCD, tax code, phone) over any input a person may
type: a valid identifier, however spaced, gives its canonical form; anything else gives the
field's Vietnamese error, never another exception."""

import re

from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from motcua.accounts.validators import (
    CCCD_PROVINCE_CODES,
    normalise_cccd,
    normalise_phone,
    normalise_tax_code,
    tax_code_check_digit,
)

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
spaces = st.sampled_from(["", " ", "  ", "\t"])
any_text = st.text(max_size=40) | st.from_regex(r"[\d\s.+\-()]{0,16}", fullmatch=True)


def spaced(text: str, separators: list[str]) -> str:
    return (
        "".join(char + sep for char, sep in zip(text, separators, strict=False))
        + text[len(separators) :]
    )


@given(
    st.sampled_from(sorted(CCCD_PROVINCE_CODES)),
    st.from_regex(r"[0-9]{9}", fullmatch=True),
    st.lists(spaces, max_size=12),
)
def test_a_valid_cccd_however_spaced_gives_its_twelve_digits(province, rest, separators):
    cccd = province + rest

    assert normalise_cccd(spaced(cccd, separators)) == cccd


@given(any_text)
def test_any_text_is_a_cccd_or_a_clear_error(text):
    try:
        cccd = normalise_cccd(text)
    except ValidationError as error:
        assert error.messages and error.messages[0]
    else:
        assert re.fullmatch(r"[0-9]{12}", cccd) and cccd[:3] in CCCD_PROVINCE_CODES


@given(st.from_regex(r"[0-9]{9}", fullmatch=True), st.integers(1, 999), spaces)
def test_a_tax_code_with_its_check_digit_is_accepted_with_or_without_branch(first, branch, sp):
    check = tax_code_check_digit(first)
    if check is None:  # no 10th digit makes these nine valid
        return
    main = f"{first}{check}"

    assert normalise_tax_code(f"{sp}{main}{sp}") == main
    assert normalise_tax_code(f"{main}-{branch:03d}") == f"{main}-{branch:03d}"
    assert normalise_tax_code(f"{main}{branch:03d}") == f"{main}-{branch:03d}"


@given(st.from_regex(r"[0-9]{9}", fullmatch=True), digits)
def test_a_wrong_check_digit_is_refused(first, digit):
    if tax_code_check_digit(first) == int(digit):
        return
    try:
        normalise_tax_code(first + digit)
    except ValidationError as error:
        assert error.code == "tax_code_checksum"
    else:
        raise AssertionError("a wrong check digit was accepted")


@given(any_text)
def test_any_text_is_a_tax_code_or_a_clear_error(text):
    try:
        code = normalise_tax_code(text)
    except ValidationError as error:
        assert error.messages and error.messages[0]
    else:
        assert re.fullmatch(r"[0-9]{10}(-[0-9]{3})?", code)


@given(
    st.sampled_from("35789"),
    st.from_regex(r"[0-9]{8}", fullmatch=True),
    st.sampled_from(["0", "+84", "84", "+84 ", "(+84) "]),
    st.lists(st.sampled_from(["", " ", ".", "-"]), max_size=10),
)
def test_a_mobile_number_in_any_usual_writing_gives_0xxxxxxxxx(second, rest, prefix, seps):
    number = second + rest

    assert normalise_phone(prefix + spaced(number, seps)) == "0" + number


@given(any_text)
def test_any_text_is_a_phone_number_or_a_clear_error(text):
    try:
        phone = normalise_phone(text)
    except ValidationError as error:
        assert error.code == "phone"
    else:
        assert re.fullmatch(r"0[35789][0-9]{8}|02[0-9]{9}", phone)


def test_digits_of_other_scripts_are_not_a_tax_code():
    """Found by the property above: "૬૬୫𞓹꩕02໔௮2" (Gujarati, Oriya… digits) was accepted."""
    try:
        normalise_tax_code("૬૬୫𞓹꩕02໔௮2")
    except ValidationError as error:
        assert error.code == "tax_code_format"
    else:
        raise AssertionError("digits of another script were accepted as a tax code")
