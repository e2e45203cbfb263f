"""Results pages: the seed's figures ("90,3% … rõ ràng, dễ hiểu"), charts drawn from a JSON
block by the local Chart.js with the table behind each, XLSX export, staff limited to their
units, a public summary."""

import json
import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.surveys.models import Invitation, Response
from motcua.surveys.services import respond
from tests.factories import UnitFactory
from tests.processing.factories import new_dossier, officer

from .conftest import walk_to_returned

pytestmark = pytest.mark.django_db
CLEANED = {
    "info_clear": 1,
    "account_simple": 1,
    "sending_smooth": 1,
    "processing_fast": 1,
    "benefit": "time_travel",
    "ease": 2,
    "overall": 2,
    "comment": "",
}


@pytest.fixture
def answered(unit, desk, specialist, leader):
    """Three rated dossiers of `unit`: two found the information clear, one did not."""
    for info_clear in (1, 1, 0):
        dossier = walk_to_returned(new_dossier(unit), desk, specialist, leader)
        invitation = Invitation.objects.get(dossier=dossier)
        respond(invitation.pk, {**CLEANED, "info_clear": info_clear})
    return unit


def test_staff_see_the_seeds_figures_with_charts_and_tables(client, answered, desk):
    client.force_login(desk)
    page = client.get(reverse("surveys:staff_results"))
    assert page.status_code == 200
    text = page.text
    assert "66,7% người trả lời đồng ý: Thông tin về thủ tục trực tuyến rõ ràng, dễ hiểu." in text
    assert "100,0% cho rằng lợi ích chính là: Tiết kiệm thời gian, chi phí đi lại" in text
    assert "/static/vendor/chartjs/chart.umd.min.js" in text
    assert "/static/motcua/satisfaction-charts.js" in text
    data = re.search(
        r'<script id="survey-charts-data" type="application/json">(.*?)</script>', text
    )
    charts = {chart["id"]: chart for chart in json.loads(data.group(1))}
    assert charts["chart-questions"]["values"][0] == 66.7
    assert charts["chart-scores"]["labels"] == [answered.name]
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text)
    assert inline == []
    assert "66,7 %" in text  # the table behind the chart


def test_the_results_export_to_xlsx(client, answered, desk):
    client.force_login(desk)
    export = client.get(reverse("surveys:staff_results"), {"xuat": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(export.content))
    rows = list(book["Khảo sát"].iter_rows(values_only=True))
    assert ("Số phiếu trả lời", 3, None) in rows
    assert ("Thông tin về thủ tục trực tuyến rõ ràng, dễ hiểu", 2, 66.7) in rows
    [_header, scores] = list(book["Chỉ số hài lòng"].iter_rows(values_only=True))
    assert scores[:2] == (answered.name, 3)
    header, *dossiers = list(book["Hồ sơ"].iter_rows(values_only=True))
    assert header[2] == "Thời gian giải quyết so với quy định" and header[-1] == "Xếp loại"
    assert len(dossiers) == 3
    assert all(sum(row[2:11]) == row[11] and 0 <= row[11] <= 18 for row in dossiers)


def test_staff_of_another_unit_see_none_of_it(client, answered):
    client.force_login(officer(UnitFactory(), "leader"))
    page = client.get(reverse("surveys:staff_results"))
    assert "0 phiếu trả lời" in page.text
    assert "rõ ràng, dễ hiểu." not in page.text
    chosen = client.get(reverse("surveys:staff_results"), {"don_vi": answered.pk})
    assert chosen.status_code == 400  # not one of their units


def test_the_public_summary_and_a_bad_date(client, answered):
    page = client.get(reverse("surveys:public_results"))
    assert page.status_code == 200
    assert "66,7% người trả lời đồng ý" in page.text
    assert Response.objects.count() == 3
    bad = client.get(reverse("surveys:public_results"), {"tu_ngay": "31/02/2026"})
    assert bad.status_code == 400
    assert "Nhập ngày theo dạng ngày/tháng/năm." in bad.text
    later = client.get(reverse("surveys:public_results"), {"tu_ngay": "01/01/2099"})
    assert "0 phiếu trả lời" in later.text


def test_the_staff_page_needs_a_staff_sign_in(client):
    assert client.get(reverse("surveys:staff_results")).status_code == 302
