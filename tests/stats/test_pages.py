"""Staff report pages: who sees which units, drill-down within them, exports."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from motcua.processing import services
from motcua.stats import selectors
from tests.factories import UnitFactory
from tests.processing.factories import new_dossier, officer

from .conftest import Q3

pytestmark = pytest.mark.django_db
Q3_QUERY = {"ky": "quy", "nam": 2026, "so": 3}


@pytest.fixture
def province_admin(district):
    return officer(district, "province_admin")


def test_a_unit_officer_sees_only_their_units(
    client, story, staff, commune, other_commune, district
):
    client.force_login(staff)
    page = client.get("/can-bo/thong-ke/", Q3_QUERY)
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [row.key for row in rows] == [commune.pk]
    assert (
        client.get("/can-bo/thong-ke/", {**Q3_QUERY, "don_vi": other_commune.pk}).status_code == 404
    )
    assert (
        client.get(
            "/can-bo/thong-ke/ho-so/", {**Q3_QUERY, "don_vi": district.pk, "cot": "carried"}
        ).status_code
        == 404
    )


def test_the_province_admin_sees_every_unit_rolled_up(
    client, story, province_admin, district, commune, other_commune
):
    client.force_login(province_admin)
    rows = {row.key: row for row in client.get("/can-bo/thong-ke/", Q3_QUERY).context["rows"]}
    assert {district.pk, commune.pk, other_commune.pk} <= rows.keys()
    assert rows[district.pk].values["received_total"] == 5


@pytest.fixture
def province(district):
    """The province above the district: its communes are one level too deep for the page."""
    province = UnitFactory(name="UBND tỉnh Khánh Hòa", kind="province")
    district.parent = province
    district.save(update_fields=["parent"])
    return province


def test_the_page_sums_communes_into_their_district_which_opens_to_them(
    client, story, province, province_admin, district, commune, other_commune
):
    client.force_login(province_admin)
    page = client.get("/can-bo/thong-ke/", Q3_QUERY)
    rows = {row.key: row for row in page.context["rows"]}
    assert list(rows) == [province.pk, district.pk]
    assert rows[district.pk].values["received_total"] == 5
    assert rows[district.pk].expand and not rows[province.pk].expandable
    opened = client.get(page.context["request"].path + rows[district.pk].expand)
    shown = {row.key: row.values["received_total"] for row in opened.context["rows"]}
    assert shown == {district.pk: 5, commune.pk: 5, other_commune.pk: 0}
    assert (
        f'<option value="{district.pk}" selected>{district.name}</option>'
        in opened.content.decode()
    )
    # Every figure of the district's row drills down to the dossiers of its communes.
    value, href = opened.context["rows"][0].links[0]
    assert client.get(href).context["page"].paginator.count == value == 5
    # The export lists every unit.
    sheet = load_workbook(
        io.BytesIO(client.get("/can-bo/thong-ke/", {**Q3_QUERY, "dinh_dang": "xlsx"}).content)
    ).active
    names = {sheet.cell(n, 2).value.strip() for n in range(4, sheet.max_row)}
    assert names == {province.name, district.name, commune.name, other_commune.name}


@pytest.mark.parametrize("group", ["don-vi", "linh-vuc"])
def test_the_report_page_costs_a_fixed_number_of_queries(
    client, story, province, province_admin, group, django_assert_num_queries
):
    client.force_login(province_admin)
    client.get("/can-bo/thong-ke/", {**Q3_QUERY, "nhom": group})  # session, caches warm
    with django_assert_num_queries(6):
        page = client.get("/can-bo/thong-ke/", {**Q3_QUERY, "nhom": group})
    assert page.status_code == 200


def test_drill_down_lists_the_dossiers_behind_a_number(
    client, story, staff, commune, django_assert_max_num_queries
):
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        page = client.get(
            "/can-bo/thong-ke/ho-so/", {**Q3_QUERY, "don_vi": commune.pk, "cot": "received_online"}
        )
    codes = {d.code for d in page.context["page"]}
    assert codes == {story[name].code for name in "ABC"}
    assert story["A"].code in page.content.decode()


def test_another_units_officer_drills_down_to_nothing(client, story, other_commune):
    stranger = officer(other_commune, "desk_officer")
    client.force_login(stranger)
    page = client.get("/can-bo/thong-ke/ho-so/", {**Q3_QUERY, "cot": "received_online"})
    assert page.status_code == 200 and list(page.context["page"]) == []


def test_the_report_page_takes_a_pinned_number_of_queries(
    client, story, province_admin, django_assert_max_num_queries
):
    client.force_login(province_admin)
    with django_assert_max_num_queries(10):
        assert client.get("/can-bo/thong-ke/", Q3_QUERY).status_code == 200


def test_a_wrong_period_is_explained_not_a_500(client, staff, commune):
    client.force_login(staff)
    page = client.get(
        "/can-bo/thong-ke/", {"ky": "khoang", "tu": "2026-10-05", "den": "2026-10-01"}
    )
    assert page.status_code == 200
    assert "“Đến ngày” phải sau hoặc bằng “Từ ngày”." in page.content.decode()


def test_xlsx_shows_the_same_numbers(client, story, staff, commune):
    client.force_login(staff)
    response = client.get("/can-bo/thong-ke/", {**Q3_QUERY, "dinh_dang": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(3, 3).value == "Tổng số hồ sơ tiếp nhận"
    row = [cell.value for cell in sheet[4]]
    expected = selectors.report_by_unit(*Q3, {commune.pk})[0].values
    assert row[1] == commune.name
    assert row[2:] == [expected[key] for key in selectors.COLUMN_KEYS]
    assert isinstance(row[2], int) and row[2] == 5


def test_by_field_xlsx_and_pdf(client, story, staff):
    client.force_login(staff)
    response = client.get(
        "/can-bo/thong-ke/", {**Q3_QUERY, "nhom": "linh-vuc", "dinh_dang": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(3, 2).value == "Lĩnh vực"
    assert sheet.cell(sheet.max_row, 3).value == 5  # the total row
    pdf = client.get("/can-bo/thong-ke/", {**Q3_QUERY, "dinh_dang": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_indicators_page_and_xlsx(client, story, staff):
    client.force_login(staff)
    page = client.get("/can-bo/thong-ke/chi-so-766/", Q3_QUERY)
    assert "chưa có dữ liệu" in page.content.decode()
    response = client.get("/can-bo/thong-ke/chi-so-766/", {**Q3_QUERY, "dinh_dang": "xlsx"})
    rows = {
        r[0]: r
        for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(
            min_row=4, values_only=True
        )
    }
    assert rows["3.3"][2] == 75.0 and rows["3.3"][6] == 4.0
    assert rows["3.6"][2] == "chưa có dữ liệu" and rows["5.4"][2] == 100.0


def test_anonymous_visitors_are_sent_to_the_staff_login(client):
    assert client.get("/can-bo/thong-ke/").status_code == 302


# --- the report table kept in the cache ------------------------------------------------


@pytest.fixture
def cached_reports(settings):
    settings.MOTCUA_STATS_CACHE_SECONDS = 300


def _received(page, unit_name: str) -> int:
    """The 'received' figure of `unit_name`'s row, read from the page as a user sees it."""
    row = re.search(
        rf'<th scope="row"[^>]*>{unit_name}.*?cot=received_total">(\d+)</a>',
        page.content.decode(),
        re.S,
    )
    return int(row.group(1))


def _reads_figures(queries) -> bool:
    return any("stats_monthcount" in q["sql"] or "stats_daycount" in q["sql"] for q in queries)


def test_a_report_table_is_kept_until_a_figure_changes(
    client, story, staff, commune, clock, cached_reports, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    assert _received(client.get("/can-bo/thong-ke/", Q3_QUERY), commune.name) == 5
    with CaptureQueriesContext(connection) as reads:
        again = client.get("/can-bo/thong-ke/", Q3_QUERY)
    assert not _reads_figures(reads.captured_queries)
    assert _received(again, commune.name) == 5
    # One more dossier received in the quarter: the next load shows it, no waiting.
    late_comer = new_dossier(commune, days=5)
    clock.at(2026, 9, 30, 10)
    with django_capture_on_commit_callbacks(execute=True):
        services.receive(late_comer.pk, actor=staff)
    with CaptureQueriesContext(connection) as reads:
        changed = client.get("/can-bo/thong-ke/", Q3_QUERY)
    assert _reads_figures(reads.captured_queries)
    assert _received(changed, commune.name) == 6


def test_a_kept_table_is_never_shown_to_another_scope_or_language(
    client, story, staff, commune, other_commune, district, cached_reports
):
    province_admin = officer(district, "province_admin")
    client.force_login(province_admin)
    assert other_commune.name in client.get("/can-bo/thong-ke/", Q3_QUERY).content.decode()
    client.force_login(staff)
    own = client.get("/can-bo/thong-ke/", Q3_QUERY).content.decode()
    assert commune.name in own and other_commune.name not in own
    client.get("/ngon-ngu/en/?next=/")
    english = client.get("/can-bo/thong-ke/", Q3_QUERY).content.decode()
    assert "Total dossiers received" in english and "Tổng số hồ sơ tiếp nhận" not in english


def test_the_unit_filter_escapes_unit_names(client, story, staff, commune):
    commune.name = 'UBND xã <b>"Vạn Thắng"</b>'
    commune.save(update_fields=["name"])
    client.force_login(staff)
    html = client.get("/can-bo/thong-ke/", Q3_QUERY).content.decode()
    assert "<b>" not in html
    assert (
        f'<option value="{commune.pk}">UBND xã &lt;b&gt;&quot;Vạn Thắng&quot;&lt;/b&gt;</option>'
        in html
    )


def test_the_report_page_offers_its_xlsx_and_pdf_exports(client, story, staff):
    client.force_login(staff)
    html = client.get("/can-bo/thong-ke/", Q3_QUERY).content.decode()
    for output in ("xlsx", "pdf"):
        assert f'name="dinh_dang" value="{output}"' in html
