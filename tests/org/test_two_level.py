"""The two-level structure of 1 July 2025 (province → communes) from the official
conversion table (fixture: real rows, see data/README.md)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.org.models import Unit, UnitKind
from motcua.org.selectors import units_for_picker
from motcua.org.services import UnitImportError, import_two_level_units, import_units

DATA = Path(__file__).parent / "data"
UNITS = DATA / "units-56-sample.csv"
CONVERSION = DATA / "conversion-56-sample.csv"

pytestmark = pytest.mark.django_db


def test_fresh_two_level_province_has_communes_directly_under_it():
    summary = import_two_level_units(CONVERSION, "56")

    province = Unit.objects.get(kind=UnitKind.PROVINCE, gso_code="56")
    communes = list(units_for_picker(province.pk))
    assert [unit.gso_code for unit in communes] == [
        "22333", "22714", "22720", "22732", "22736", "22738",
    ]  # fmt: skip
    assert {unit.kind for unit in communes} == {UnitKind.COMMUNE}
    identifiers = {unit.gso_code: unit.identifier for unit in communes}
    assert identifiers["22333"] == "000.00.01.H56"  # numbered in the table's order
    assert identifiers["22738"] == "000.00.02.H56"
    truong_sa = Unit.objects.get(gso_code="22736")
    assert (truong_sa.name, truong_sa.division_type) == ("Đặc khu Trường Sa", "Đặc khu")
    assert not Unit.objects.filter(kind=UnitKind.DISTRICT).exists()
    assert (summary.created, summary.deactivated) == (7, 0)


def test_conversion_moves_kept_communes_and_retires_the_old_units():
    import_units(UNITS, "56")
    vinh_phuoc = Unit.objects.get(gso_code="22333")

    summary = import_two_level_units(CONVERSION, "56")

    bac_nha_trang = Unit.objects.get(pk=vinh_phuoc.pk)
    assert bac_nha_trang.name == "Phường Bắc Nha Trang"
    assert bac_nha_trang.parent.kind == UnitKind.PROVINCE
    assert bac_nha_trang.identifier == vinh_phuoc.identifier
    retired = set(Unit.objects.filter(is_active=False).values_list("gso_code", flat=True))
    assert retired == {
        "568", "575", "576",
        "22327", "22330", "22717", "22723", "22726", "22729", "22735", "22737", "22739",
    }  # fmt: skip
    assert summary.deactivated == 12
    province = Unit.objects.get(kind=UnitKind.PROVINCE)
    assert units_for_picker(province.pk).count() == 6


def test_second_conversion_changes_nothing():
    import_units(UNITS, "56")
    import_two_level_units(CONVERSION, "56")
    before = list(Unit.objects.order_by("pk").values())

    summary = import_two_level_units(CONVERSION, "56")

    assert (summary.created, summary.updated, summary.deactivated) == (0, 0, 0)
    assert list(Unit.objects.order_by("pk").values()) == before


def test_unknown_province_in_the_conversion_table():
    with pytest.raises(UnitImportError, match="bảng chuyển đổi"):
        import_two_level_units(CONVERSION, "01")


def test_command_two_level_option():
    out = StringIO()
    call_command("import_units", "--province", "56", "--two-level", str(CONVERSION), stdout=out)
    assert out.getvalue().startswith("Tỉnh Khánh Hòa: 7 đơn vị mới")

    with pytest.raises(CommandError, match="đúng một tệp"):
        call_command("import_units", "--province", "56")
    with pytest.raises(CommandError, match="đúng một tệp"):
        call_command("import_units", str(UNITS), "--province", "56", "--two-level", str(CONVERSION))
