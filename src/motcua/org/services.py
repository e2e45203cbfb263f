"""Writes to the organisation tree: importing administrative units from the GSO list and
creating units with QCVN 102:2016-style identifiers.

Identifier scheme (documented in docs as well; the identifier is editable afterwards and an
import never changes an existing one):

* province (level 1):                       ``000.00.00.H{pp}``  (pp = GSO province code)
* units directly under the province (level 2: departments, district-level units, and
  communes in the two-level structure since 1 July 2025): ``000.00.{NN}.H{pp}``
* units under a level-2 unit (level 3: communes under a district): ``000.{MM}.{NN}.H{pp}``

NN and MM are allocated as "highest number in use under the same parent + 1", so numbers are
never reused after a unit is deleted (old dossier codes keep pointing at one unit only), and a
fresh import numbers districts and communes in GSO code order.
"""

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.core.files import open_text
from motcua.core.text import nfc

from .models import Unit, UnitKind

# Columns of the GSO export ("Danh mục đơn vị hành chính", units-2025-01-04.csv).
COL_PROVINCE, COL_PROVINCE_CODE = "Tỉnh Thành Phố", "Mã TP"
COL_DISTRICT, COL_DISTRICT_CODE = "Quận Huyện", "Mã QH"
COL_COMMUNE, COL_COMMUNE_CODE = "Phường Xã", "Mã PX"
COL_LEVEL, COL_ENGLISH = "Cấp", "Tên Tiếng Anh"

_IDENTIFIER = re.compile(r"^000\.(\d+)\.(\d+)\.H(\w+)$")
_DIVISION_PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Quận", "Huyện")
_DIVISION_PREFIXES += ("Tỉnh", "Xã")


class UnitImportError(ValueError):
    """The file cannot be imported as asked (wrong format, province not in the file)."""


@dataclass
class UnitImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    province: Unit | None = None

    def __str__(self) -> str:
        name = self.province.gso_name if self.province else "?"
        return _(
            "%(name)s: %(created)s đơn vị mới, %(updated)s cập nhật, %(unchanged)s không đổi, "
            "%(deactivated)s ngừng hoạt động."
        ) % {
            "name": name,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
        }


@dataclass
class _Row:
    """One administrative unit read from the file, before it is matched to the database."""

    kind: str
    gso_code: str
    gso_name: str
    division_type: str
    english_name: str = ""
    parent_code: str | None = None
    children: list["_Row"] = field(default_factory=list)


def division_type_of(name: str) -> str:
    """'Thị xã Ninh Hòa' -> 'Thị xã' (the GSO file gives the type of communes only)."""
    return next((prefix for prefix in _DIVISION_PREFIXES if name.startswith(prefix + " ")), "")


def committee_name(gso_name: str) -> str:
    """The name of the unit's People's Committee: 'Thành phố Nha Trang' -> 'UBND thành phố
    Nha Trang' (the agency that offers procedures, as portals list it)."""
    prefix = division_type_of(gso_name)
    if not prefix:
        return f"UBND {gso_name}"
    return f"UBND {prefix.lower()}{gso_name[len(prefix) :]}"


def read_gso_rows(path: Path | str, province_code: str) -> _Row:
    """The province of the GSO CSV with its districts and communes, names in NFC.

    The file is UTF-8 (a byte-order mark is accepted). Raises UnitImportError when the
    columns are not the GSO ones or the province is not in the file."""
    province_code = province_code.zfill(2)
    province: _Row | None = None
    districts: dict[str, _Row] = {}
    with open_text(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        reader.fieldnames = [nfc(name).strip() for name in reader.fieldnames or []]
        missing = {COL_PROVINCE_CODE, COL_DISTRICT_CODE, COL_COMMUNE_CODE} - set(reader.fieldnames)
        if missing:
            raise UnitImportError(
                _("Tệp không đúng định dạng GSO: thiếu cột %(columns)s.")
                % {"columns": ", ".join(sorted(missing))}
            )
        for record in reader:
            values = {key: nfc(value).strip() for key, value in record.items() if key}
            if values[COL_PROVINCE_CODE].zfill(2) != province_code:
                continue
            if province is None:
                name = values[COL_PROVINCE]
                province = _Row(UnitKind.PROVINCE, province_code, name, division_type_of(name))
            district = _district_of(values, districts, province)
            if district and values[COL_COMMUNE_CODE]:
                district.children.append(_commune_of(values, district))
    if province is None:
        raise UnitImportError(_("Không có tỉnh mã %(code)s trong tệp.") % {"code": province_code})
    return province


def _district_of(values: dict, districts: dict[str, _Row], province: _Row) -> _Row | None:
    code = values[COL_DISTRICT_CODE]
    if not code:
        return None
    if code not in districts:
        name = values[COL_DISTRICT]
        districts[code] = _Row(
            UnitKind.DISTRICT, code, name, division_type_of(name), parent_code=province.gso_code
        )
        province.children.append(districts[code])
    return districts[code]


def _commune_of(values: dict, district: _Row) -> _Row:
    name = values[COL_COMMUNE]
    return _Row(
        UnitKind.COMMUNE,
        values[COL_COMMUNE_CODE],
        name,
        values[COL_LEVEL] or division_type_of(name),
        english_name=values.get(COL_ENGLISH, ""),
        parent_code=district.gso_code,
    )


@transaction.atomic
def import_units(
    path: Path | str,
    province_code: str,
    *,
    exclude_codes: Iterable[str] = (),
    committee_names: bool = False,
    report: Callable[[str], None] | None = None,
) -> UnitImportSummary:
    """Create or update a province, its district-level units and communes from the GSO CSV.

    Units are matched by (kind, GSO code), so a second run changes nothing. On update the
    official name, division type, English name and parent follow the file; the display
    `name` follows it only while an administrator has not changed it (GSO or committee
    style), and the identifier is never touched. `exclude_codes` leaves out district-level
    units (with their communes), e.g. an island district without a one-stop desk.
    `committee_names` names new units after their People's Committee ("UBND xã ...")
    instead of the bare GSO name."""
    excluded = set(exclude_codes)
    province_row = read_gso_rows(path, province_code)
    province_row.children = [d for d in province_row.children if d.gso_code not in excluded]
    rows = [province_row, *province_row.children]
    rows += [commune for district in province_row.children for commune in district.children]
    summary = _save_rows(rows, committee_names=committee_names)
    if report:
        report(str(summary))
    return summary


def _save_rows(rows: list[_Row], *, committee_names: bool) -> UnitImportSummary:
    """Create or update the units of `rows` (parents before children; the first row is the
    province) and return the counts."""
    existing = {
        (unit.kind, unit.gso_code): unit
        for unit in Unit.objects.filter(
            gso_code__in=[row.gso_code for row in rows],
            kind__in=[UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE],
        )
    }
    summary = UnitImportSummary()
    saved: dict[str, Unit] = {}
    for row in rows:
        parent = saved.get(row.parent_code) if row.parent_code else None
        unit = existing.get((row.kind, row.gso_code))
        if unit is None:
            unit = _create_from_row(row, parent, committee_names=committee_names)
            summary.created += 1
        elif _update_from_row(unit, row, parent):
            summary.updated += 1
        else:
            summary.unchanged += 1
        saved[row.gso_code] = unit
    summary.province = saved[rows[0].gso_code]
    return summary


_WITH_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>\d+)\)\s*$")


@dataclass
class _Conversion:
    """The two-level province read from the conversion table, and the old units it ends."""

    province: _Row
    old_districts: set[str] = field(default_factory=set)
    old_communes: set[str] = field(default_factory=set)


def read_conversion_rows(path: Path | str, province_code: str) -> _Conversion:
    """The province of the July 2025 conversion table (units-2025-07-conversion.csv: two
    header rows, upper-case province names as separator rows, then one row per old commune:
    new province (code), new commune, its code, old commune, its code, note, old district
    (code), old province (code))."""
    province_code = province_code.zfill(2)
    conversion: _Conversion | None = None
    communes: dict[str, _Row] = {}
    with open_text(path, encoding="utf-8-sig", newline="") as handle:
        for cells in csv.reader(handle):
            cells = [nfc(cell).strip() for cell in cells] + [""] * 8
            province = _WITH_CODE.match(cells[0])
            if not province or not cells[2].isdigit():
                continue
            if province["code"].zfill(2) != province_code:
                continue
            if conversion is None:
                name = province["name"]
                row = _Row(UnitKind.PROVINCE, province_code, name, division_type_of(name))
                conversion = _Conversion(row)
            _add_conversion_row(conversion, communes, cells)
    if conversion is None:
        raise UnitImportError(
            _("Không có tỉnh mã %(code)s trong bảng chuyển đổi.") % {"code": province_code}
        )
    return conversion


def _add_conversion_row(conversion: _Conversion, communes: dict[str, _Row], cells: list) -> None:
    new_name, new_code, old_code, old_district = cells[1], cells[2], cells[4], cells[6]
    if new_code not in communes:
        communes[new_code] = _Row(
            UnitKind.COMMUNE,
            new_code,
            new_name,
            division_type_of(new_name),
            parent_code=conversion.province.gso_code,
        )
        conversion.province.children.append(communes[new_code])
    if old_code.isdigit():
        conversion.old_communes.add(old_code)
    district = _WITH_CODE.match(old_district)
    if district:
        conversion.old_districts.add(district["code"])


@transaction.atomic
def import_two_level_units(
    path: Path | str,
    province_code: str,
    *,
    committee_names: bool = False,
    report: Callable[[str], None] | None = None,
) -> UnitImportSummary:
    """Build the two-level structure in force since 1 July 2025 (province → communes) from
    the official conversion table.

    New communes are matched by (kind, GSO code) like import_units: a new commune that keeps
    an old commune's code is that unit, moved under the province and renamed (its identifier
    stays). Old district-level units and old communes that were merged away are kept for
    the dossiers that point at them but marked inactive. A second run changes nothing."""
    conversion = read_conversion_rows(path, province_code)
    summary = _save_rows(
        [conversion.province, *conversion.province.children], committee_names=committee_names
    )
    new_codes = {commune.gso_code for commune in conversion.province.children}
    ended = Unit.objects.filter(is_active=True).filter(
        Q(kind=UnitKind.DISTRICT, gso_code__in=conversion.old_districts)
        | Q(kind=UnitKind.COMMUNE, gso_code__in=conversion.old_communes - new_codes)
    )
    summary.deactivated = ended.update(is_active=False)
    if report:
        report(str(summary))
    return summary


def _create_from_row(row: _Row, parent: Unit | None, *, committee_names: bool) -> Unit:
    return create_unit(
        name=committee_name(row.gso_name) if committee_names else row.gso_name,
        kind=row.kind,
        parent=parent,
        gso_code=row.gso_code,
        gso_name=row.gso_name,
        division_type=row.division_type,
        english_name=row.english_name,
        province_code=row.gso_code if parent is None else None,
    )


def _update_from_row(unit: Unit, row: _Row, parent: Unit | None) -> bool:
    """Bring an existing unit in line with the file; True when something changed."""
    wanted = {
        "gso_name": row.gso_name,
        "division_type": row.division_type,
        "english_name": row.english_name or unit.english_name,
        "parent_id": parent.pk if parent else None,
    }
    if unit.name == unit.gso_name:
        wanted["name"] = row.gso_name
    elif unit.name == committee_name(unit.gso_name):
        wanted["name"] = committee_name(row.gso_name)
    changed = [key for key, value in wanted.items() if getattr(unit, key) != value]
    for key in changed:
        setattr(unit, key, wanted[key])
    if changed:
        unit.save(update_fields=[key.removesuffix("_id") for key in changed])
    return bool(changed)


@transaction.atomic
def create_unit(
    *,
    name: str,
    kind: str,
    parent: Unit | None,
    province_code: str | None = None,
    **fields,
) -> Unit:
    """Create a unit with the next free identifier under its parent (see module docstring).

    A top-level unit (a province) needs `province_code`, the GSO code used in 'H{pp}'."""
    identifier = (
        f"000.00.00.H{province_code.zfill(2)}" if parent is None else next_child_identifier(parent)
    )
    return Unit.objects.create(
        name=nfc(name), kind=kind, parent=parent, identifier=identifier, **fields
    )


def next_child_identifier(parent: Unit) -> str:
    """The identifier for a new child of `parent` (locks the parent so two concurrent calls
    cannot pick the same number; the unique constraint on identifier backs it up)."""
    Unit.objects.select_for_update().filter(pk=parent.pk).first()
    match = _IDENTIFIER.match(parent.identifier)
    if not match:
        raise UnitImportError(
            _("Mã định danh của %(unit)s (%(identifier)s) không theo mẫu 000.MM.NN.Hpp.")
            % {"unit": parent, "identifier": parent.identifier}
        )
    level3, level2, province = match.groups()
    if level3 != "00":
        raise UnitImportError(
            _("%(unit)s đã là đơn vị cấp 3; không tạo được đơn vị con.") % {"unit": parent}
        )
    taken = _numbers_in_use(province, level2)
    if level2 == "00":
        return f"000.00.{max(taken, default=0) + 1:02d}.H{province}"
    return f"000.{max(taken, default=0) + 1:02d}.{level2}.H{province}"


def _numbers_in_use(province: str, level2: str) -> list[int]:
    """Numbers already used for children of the unit 000.00.{level2}.H{province}."""
    numbers = []
    suffix = f".H{province}"
    for identifier in Unit.objects.filter(identifier__endswith=suffix).values_list(
        "identifier", flat=True
    ):
        match = _IDENTIFIER.match(identifier)
        if not match:
            continue
        mm, nn, _ = match.groups()
        if level2 == "00" and mm == "00" and nn != "00":
            numbers.append(int(nn))
        elif level2 != "00" and nn == level2 and mm != "00":
            numbers.append(int(mm))
    return numbers
