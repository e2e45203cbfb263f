"""Validators for Vietnamese identifiers: citizen ID (CCCD), tax code (MST), phone numbers.

Each `normalise_*` function returns the canonical form or raises ValidationError with a plain
Vietnamese message; the dossier e-form reuses them."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Province codes of the CCCD (Circular 07/2016/TT-BCA, the GSO codes of the 63 provinces).
CCCD_PROVINCE_CODES = frozenset(
    f"{code:03d}"
    for code in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
        34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64,
        66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94,
        95, 96,
    )
)  # fmt: skip
TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

_SEPARATORS = re.compile(r"[\s.\-()]")
_TAX_CODE = re.compile(r"^(\d{10})(?:-?(\d{3}))?$", re.ASCII)  # not other scripts' digits
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")


def normalise_cccd(value: str) -> str:
    """12 digits; the first three are a province code, the fourth gender and century."""
    cccd = re.sub(r"\s", "", value or "")
    if not cccd.isdigit() or len(cccd) != 12 or not cccd.isascii():
        raise ValidationError(_("Số CCCD gồm đúng 12 chữ số."), code="cccd_format")
    if cccd[:3] not in CCCD_PROVINCE_CODES:
        raise ValidationError(
            _("Ba chữ số đầu của số CCCD phải là mã tỉnh nơi đăng ký khai sinh (001–096)."),
            code="cccd_province",
        )
    return cccd


def tax_code_check_digit(first_nine: str) -> int | None:
    """The 10th digit of a tax code (MST), or None when no digit can be valid (result 10)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, TAX_CODE_WEIGHTS, strict=True)
    )
    check = 10 - total % 11
    return None if check == 10 else check


def normalise_tax_code(value: str) -> str:
    """10 digits, or 13 written '0123456789-001' for a branch; the 10th digit is a checksum."""
    match = _TAX_CODE.match(re.sub(r"\s", "", value or ""))
    if not match:
        raise ValidationError(
            _("Mã số thuế gồm 10 chữ số, hoặc 13 chữ số dạng 0123456789-001."),
            code="tax_code_format",
        )
    main, branch = match.groups()
    if tax_code_check_digit(main[:9]) != int(main[9]):
        raise ValidationError(
            _("Mã số thuế không hợp lệ: chữ số kiểm tra không đúng, vui lòng xem lại."),
            code="tax_code_checksum",
        )
    if branch == "000":
        raise ValidationError(_("Ba chữ số đơn vị phụ thuộc phải từ 001."), code="tax_code_branch")
    return f"{main}-{branch}" if branch else main


def normalise_phone(value: str) -> str:
    """A Vietnamese phone number as 0xxxxxxxxx (mobile) or 02xxxxxxxxx (landline); +84 accepted."""
    phone = _SEPARATORS.sub("", value or "")
    if phone.startswith("+84"):
        phone = "0" + phone[3:]
    elif phone.startswith("84") and len(phone) in (11, 12):
        phone = "0" + phone[2:]
    if not phone.isascii() or not (_MOBILE.match(phone) or _LANDLINE.match(phone)):
        raise ValidationError(
            _(
                "Số điện thoại không hợp lệ: di động 10 số bắt đầu bằng 03, 05, 07, 08, 09; "
                "cố định 11 số bắt đầu bằng 02 (có thể viết +84)."
            ),
            code="phone",
        )
    return phone


def validate_cccd(value: str) -> None:
    normalise_cccd(value)


def validate_tax_code(value: str) -> None:
    normalise_tax_code(value)


def validate_phone(value: str) -> None:
    normalise_phone(value)
