"""Importing administrative units from the GSO list (fixture: real rows, see data/README.md)."""

import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.org.models import Unit, UnitKind
from motcua.org.services import UnitImportError, create_unit, import_units

SAMPLE = Path(__file__).parent / "data" / "units-56-sample.csv"

pytestmark = pytest.mark.django_db


def khanh_hoa() -> Unit:
    return Unit.objects.get(kind=UnitKind.PROVINCE, gso_code="56")


def test_import_builds_province_districts_and_communes():
    summary = import_units(SAMPLE, "56")

    province = khanh_hoa()
    assert (province.name, province.identifier, province.parent) == (
        "Tỉnh Khánh Hòa",
        "000.00.00.H56",
        None,
    )
    assert province.division_type == "Tỉnh"
    districts = Unit.objects.filter(kind=UnitKind.DISTRICT, parent=province)
    assert sorted(districts.values_list("gso_code", flat=True)) == ["568", "575", "576"]
    assert Unit.objects.filter(kind=UnitKind.COMMUNE, parent__parent=province).count() == 14
    assert summary.created == 1 + 3 + 14
    assert not Unit.objects.filter(gso_code__in=["58", "582", "22738"]).exists()


def test_division_types_and_names_come_from_the_file():
    import_units(SAMPLE, "56")

    nha_trang = Unit.objects.get(kind=UnitKind.DISTRICT, gso_code="568")
    assert (nha_trang.name, nha_trang.gso_name, nha_trang.division_type) == (
        "Thành phố Nha Trang",
        "Thành phố Nha Trang",
        "Thành phố",
    )
    to_hap = Unit.objects.get(gso_code="22714")
    assert (to_hap.division_type, to_hap.parent.gso_code) == ("Thị trấn", "575")


def test_identifiers_follow_the_qcvn_scheme_in_gso_order():
    import_units(SAMPLE, "56")

    codes = dict(Unit.objects.values_list("gso_code", "identifier"))
    assert codes["568"] == "000.00.01.H56"
    assert codes["575"] == "000.00.02.H56"
    assert codes["576"] == "000.00.03.H56"
    assert codes["22327"] == "000.01.01.H56"
    assert codes["22333"] == "000.03.01.H56"
    assert codes["22714"] == "000.01.02.H56"
    assert codes["22735"] == "000.08.02.H56"
    identifiers = list(Unit.objects.values_list("identifier", flat=True))
    assert len(identifiers) == len(set(identifiers))


def test_second_import_changes_nothing():
    import_units(SAMPLE, "56")
    before = list(Unit.objects.order_by("pk").values())

    summary = import_units(SAMPLE, "56")

    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 18)
    assert list(Unit.objects.order_by("pk").values()) == before


def test_reimport_keeps_edited_identifier_and_name_but_follows_official_changes():
    import_units(SAMPLE, "56")
    nha_trang = Unit.objects.get(gso_code="568")
    nha_trang.identifier = "000.00.99.H56"
    nha_trang.name = "UBND TP. Nha Trang (tên do quản trị đặt)"
    nha_trang.save()
    Unit.objects.filter(gso_code="22330").update(gso_name="Cũ", name="Cũ", division_type="Xã")

    summary = import_units(SAMPLE, "56")

    nha_trang.refresh_from_db()
    assert nha_trang.identifier == "000.00.99.H56"
    assert nha_trang.name == "UBND TP. Nha Trang (tên do quản trị đặt)"
    vinh_hai = Unit.objects.get(gso_code="22330")
    assert (vinh_hai.name, vinh_hai.division_type) == ("Phường Vĩnh Hải", "Phường")
    assert summary.updated == 1


def test_new_units_after_an_edited_identifier_take_the_next_free_number():
    import_units(SAMPLE, "56", exclude_codes=["576"])
    Unit.objects.filter(gso_code="575").update(identifier="000.00.07.H56")

    import_units(SAMPLE, "56")

    assert Unit.objects.get(gso_code="576").identifier == "000.00.08.H56"


def test_excluded_district_and_its_communes_are_left_out():
    summary = import_units(SAMPLE, "56", exclude_codes=["576"])

    assert not Unit.objects.filter(gso_code__in=["576", "22736", "22737", "22739"]).exists()
    assert summary.created == 1 + 2 + 11


def test_committee_names_keep_the_gso_name():
    import_units(SAMPLE, "56", committee_names=True)

    assert khanh_hoa().name == "UBND tỉnh Khánh Hòa"
    nha_trang = Unit.objects.get(gso_code="568")
    assert (nha_trang.name, nha_trang.gso_name) == (
        "UBND thành phố Nha Trang",
        "Thành phố Nha Trang",
    )
    assert Unit.objects.get(gso_code="22714").name == "UBND thị trấn Tô Hạp"
    assert import_units(SAMPLE, "56", committee_names=True).updated == 0


def test_district_without_communes_and_english_names():
    import_units(SAMPLE, "31")
    bach_long_vi = Unit.objects.get(gso_code="318")
    assert bach_long_vi.kind == UnitKind.DISTRICT
    assert not bach_long_vi.children.exists()

    import_units(SAMPLE, "1")
    assert Unit.objects.get(gso_code="00006").english_name == "Vinh Phuc Commune"
    assert Unit.objects.get(gso_code="01").identifier == "000.00.00.H01"


def test_names_are_stored_in_nfc(tmp_path):
    decomposed = tmp_path / "nfd.csv"
    decomposed.write_text(
        unicodedata.normalize("NFD", SAMPLE.read_text(encoding="utf-8")), encoding="utf-8-sig"
    )

    import_units(decomposed, "56")

    name = Unit.objects.get(gso_code="22330").name
    assert name == "Phường Vĩnh Hải"
    assert unicodedata.is_normalized("NFC", name)


def test_unknown_province_and_wrong_format_are_clear_errors(tmp_path):
    with pytest.raises(UnitImportError, match="Không có tỉnh mã 99"):
        import_units(SAMPLE, "99")
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UnitImportError, match="không đúng định dạng"):
        import_units(other, "56")
    assert not Unit.objects.exists()


def test_command_reports_a_summary_line():
    out = StringIO()
    call_command("import_units", str(SAMPLE), "--province", "56", "--exclude", "576", stdout=out)
    assert out.getvalue().strip() == (
        "Tỉnh Khánh Hòa: 14 đơn vị mới, 0 cập nhật, 0 không đổi, 0 ngừng hoạt động."
    )


def test_command_turns_bad_input_into_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_units", str(tmp_path / "missing.csv"), "--province", "56")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00 not utf-8\n")
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_units", str(binary), "--province", "56")


def test_two_level_structure_is_representable():
    """Since 1 July 2025 communes sit directly under the province; the tree is data."""
    province = create_unit(
        name="Tỉnh Khánh Hòa",
        kind=UnitKind.PROVINCE,
        parent=None,
        province_code="56",
        gso_code="56",
    )
    department = create_unit(name="Sở Tư pháp", kind=UnitKind.DEPARTMENT, parent=province)
    commune = create_unit(
        name="Phường Nha Trang", kind=UnitKind.COMMUNE, parent=province, gso_code="22333"
    )

    assert department.identifier == "000.00.01.H56"
    assert commune.identifier == "000.00.02.H56"
    assert list(province.children.filter(kind=UnitKind.COMMUNE)) == [commune]
