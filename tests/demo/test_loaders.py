"""The demo loaders on small fixtures of real data (see data/README.md and
tests/org/data/README.md): what they build, and that a second run loads nothing twice."""

import gzip
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from motcua.catalog.models import Offering, OnlineLevel, Procedure
from motcua.catalog.selectors import catalogue_stats
from motcua.demo import loaders
from motcua.demo.catalogue import PROMOTION_NOTICE, load_catalogue
from motcua.demo.units import DEPARTMENTS, load_units
from motcua.org.models import Unit, UnitKind

UNITS = Path(__file__).parents[1] / "org" / "data" / "units-56-sample.csv"
CATALOGUE = Path(__file__).parent / "data" / "national-procedures-sample.jsonl"

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_these_loaders(monkeypatch):
    """load_demo with the units and catalogue loaders only (others have their own tests)."""
    monkeypatch.setattr(loaders, "LOADERS", [load_units, load_catalogue])


@pytest.fixture
def units():
    return load_units(UNITS)


def online_at(kind: str) -> set[str]:
    offerings = Offering.objects.filter(
        unit__kind=kind, online_level__gte=OnlineLevel.PARTIAL
    ).values_list("procedure__code", flat=True)
    return set(offerings)


def test_units_loader_builds_the_committee_departments_districts_and_communes(units):
    province = Unit.objects.get(kind=UnitKind.PROVINCE)
    assert (province.name, province.identifier) == ("UBND tỉnh Khánh Hòa", "000.00.00.H56")
    departments = province.children.filter(kind=UnitKind.DEPARTMENT).order_by("sort_order")
    assert [unit.name for unit in departments] == [name for name, _english in DEPARTMENTS]
    districts = province.children.filter(kind=UnitKind.DISTRICT)
    assert sorted(districts.values_list("name", flat=True)) == [
        "UBND huyện Khánh Sơn",
        "UBND thành phố Nha Trang",
    ]
    assert not Unit.objects.filter(gso_name__contains="Trường Sa").exists()
    assert Unit.objects.filter(kind=UnitKind.COMMUNE).count() == 11
    assert "Thêm 16 sở, ngành" in units


def test_units_loader_runs_once(units, django_assert_max_num_queries):
    before = list(Unit.objects.order_by("pk").values())

    with django_assert_max_num_queries(2):
        report = load_units(UNITS)

    assert report == "Đơn vị: đã có dữ liệu mẫu, bỏ qua."
    assert list(Unit.objects.order_by("pk").values()) == before


def test_catalogue_loader_assigns_procedures_by_level_and_field(units):
    report = load_catalogue(CATALOGUE, online_target=6)

    stats = catalogue_stats()
    assert stats["procedures_online"] == 6
    assert "6 thủ tục trực tuyến" in report
    justice = Unit.objects.get(name="Sở Tư pháp")
    justice_fields = set(justice.offerings.values_list("procedure__field__name", flat=True))
    assert justice_fields == {"Luật sư", "Chứng thực"}
    planning = Unit.objects.get(name="Sở Kế hoạch và Đầu tư")
    assert planning.offerings.count() == 3
    assert not Offering.objects.filter(procedure__field__name="Thuế").exists()
    for district in Unit.objects.filter(kind=UnitKind.DISTRICT):
        fields = set(district.offerings.values_list("procedure__field__name", flat=True))
        assert fields == {"Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)", "Chứng thực"}


def test_every_commune_offers_more_than_ten_procedures_online(units):
    load_catalogue(CATALOGUE, online_target=6)

    for commune in Unit.objects.filter(kind=UnitKind.COMMUNE):
        online = commune.offerings.filter(online_level__gte=OnlineLevel.PARTIAL)
        assert online.count() > 10
        assert set(online.values_list("procedure__implementing_levels", flat=True)) <= {
            level
            for level in Procedure.objects.values_list("implementing_levels", flat=True)
            if "Cấp xã" in level
        }


def test_trade_promotion_notice_is_added_fully_online_at_industry_and_trade(units):
    load_catalogue(CATALOGUE, online_target=6)

    notice = Procedure.objects.get(code=PROMOTION_NOTICE["ma_thu_tuc"])
    assert notice.name == "Thông báo thực hiện khuyến mại"
    assert notice.max_online_level == OnlineLevel.FULL
    offering = notice.offerings.get()
    assert (offering.unit.name, offering.online_level) == ("Sở Công Thương", OnlineLevel.FULL)
    assert list(notice.documents.values_list("originals", flat=True)) == [1]
    assert {channel.fee_vnd for channel in notice.channels.all()} == {0}
    assert 1 <= catalogue_stats()["full_online"] <= 10


def test_offered_procedures_outside_the_online_set_are_at_level_two(units):
    load_catalogue(CATALOGUE, online_target=13)

    levels = set(
        Offering.objects.filter(unit__kind=UnitKind.DEPARTMENT).values_list(
            "online_level", flat=True
        )
    )
    assert levels == {OnlineLevel.FORMS, OnlineLevel.PARTIAL, OnlineLevel.FULL}


def test_catalogue_loader_runs_once(units, django_assert_max_num_queries):
    load_catalogue(CATALOGUE, online_target=6)
    before = list(Offering.objects.order_by("pk").values())

    with django_assert_max_num_queries(3):
        report = load_catalogue(CATALOGUE, online_target=6)

    assert report == "Danh mục: đã có dữ liệu mẫu, bỏ qua."
    assert list(Offering.objects.order_by("pk").values()) == before


def test_missing_files_are_reported_and_skipped(tmp_path):
    assert "không tìm thấy" in load_units(tmp_path / "missing.csv")
    assert "chưa có đơn vị mẫu" in load_catalogue(CATALOGUE)
    load_units(UNITS)
    assert "không tìm thấy" in load_catalogue(tmp_path / "missing.jsonl.gz")
    assert not Procedure.objects.exists()


@pytest.mark.usefixtures("only_these_loaders")
def test_load_demo_reads_the_reference_data_folder(settings, tmp_path):
    (tmp_path / "dvhc").mkdir()
    (tmp_path / "tthc").mkdir()
    with gzip.open(tmp_path / "dvhc" / "units-2025-01-04.csv.gz", "wb") as units_file:
        units_file.write(UNITS.read_bytes())
    with gzip.open(tmp_path / "tthc" / "national-procedures.jsonl.gz", "wb") as catalogue_file:
        catalogue_file.write(CATALOGUE.read_bytes())
    settings.MOTCUA_REFERENCE_DATA_DIR = tmp_path

    first, second = StringIO(), StringIO()
    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)

    notice, units_line, catalogue_line = first.getvalue().splitlines()
    assert "lần nạp đầu tiên" in notice
    assert units_line.startswith("Đơn vị: Tỉnh Khánh Hòa: 14 đơn vị mới")
    assert catalogue_line.startswith("Danh mục: Đã nhập: 27 bản ghi")
    assert second.getvalue().splitlines()[1:] == [
        "Đơn vị: đã có dữ liệu mẫu, bỏ qua.",
        "Danh mục: đã có dữ liệu mẫu, bỏ qua.",
    ]
    with CATALOGUE.open(encoding="utf-8") as records:
        assert Procedure.objects.count() == sum(1 for _line in records) + 1


@pytest.mark.usefixtures("only_these_loaders")
def test_load_demo_without_reference_data_reports_and_skips(settings, tmp_path):
    settings.MOTCUA_REFERENCE_DATA_DIR = tmp_path
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert "không tìm thấy" in out.getvalue()
    assert not Unit.objects.exists()
