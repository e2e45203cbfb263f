import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.validators import (
    normalise_cccd,
    normalise_phone,
    normalise_tax_code,
    tax_code_check_digit,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("056085001234", "056085001234"),  # Khánh Hòa, male born in the 1900s
        ("001190004321", "001190004321"),  # Hà Nội, female born in the 1900s
        ("096 2 05 123456", "096205123456"),  # spaces are ignored
    ],
)
def test_a_valid_cccd_is_kept_as_its_12_digits(typed, stored):
    assert normalise_cccd(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "05608500123",  # 11 digits
        "0560850012345",  # 13 digits
        "05608500123a",  # a letter
        "０５６０８５００１２３４",  # full-width digits
        "000085001234",  # 000 is no province
        "003085001234",  # 003 was never assigned
        "097085001234",  # beyond 096
        "",
    ],
)
def test_an_invalid_cccd_is_refused(typed):
    with pytest.raises(ValidationError):
        normalise_cccd(typed)


def test_tax_code_check_digit_follows_the_official_weights():
    # Real tax codes: Viettel 0100109106, Vinamilk 0300588569.
    assert tax_code_check_digit("010010910") == 6
    assert tax_code_check_digit("030058856") == 9
    assert tax_code_check_digit("420167890") is None  # 10 - 0: no valid tax code


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0100109106", "0100109106"),
        ("0300588569", "0300588569"),
        ("0100109106-001", "0100109106-001"),
        ("0100109106001", "0100109106-001"),
        (" 4201315783 ", "4201315783"),
    ],
)
def test_a_valid_tax_code_is_normalised(typed, stored):
    assert normalise_tax_code(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "0100109107",  # wrong check digit
        "4201678900",  # the first nine digits give no valid check digit
        "010010910",  # 9 digits
        "0100109106-01",  # branch of 2 digits
        "0100109106-000",  # branch 000
        "01001091O6",  # a letter O
        "",
    ],
)
def test_an_invalid_tax_code_is_refused(typed):
    with pytest.raises(ValidationError):
        normalise_tax_code(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0905123456", "0905123456"),
        ("090 512 3456", "0905123456"),
        ("0905.123.456", "0905123456"),
        ("+84905123456", "0905123456"),
        ("+84 358 246 810", "0358246810"),
        ("84772468135", "0772468135"),
        ("0812345678", "0812345678"),
        ("0563123456", "0563123456"),
        ("02583822123", "02583822123"),  # Khánh Hòa landline
        ("(0258) 3822 123", "02583822123"),
    ],
)
def test_a_valid_phone_is_normalised(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "0105123456",  # 01 is no mobile prefix any more
        "0405123456",  # 04 neither
        "0605123456",
        "090512345",  # 9 digits
        "09051234567",  # 11 digits for a mobile
        "0258382212",  # 10 digits for a landline
        "+1 202 555 0100",
        "0905abc456",
        "",
    ],
)
def test_an_invalid_phone_is_refused(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)
