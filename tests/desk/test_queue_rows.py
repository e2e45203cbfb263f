"""The staff queue's rows and deadline badges, written in Python for speed (desk templatetags)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from motcua.desk.templatetags.desk import deadline_badge, options, queue_rows
from motcua.dossiers.models import Dossier, Status
from motcua.processing.models import DossierProcess
from motcua.processing.selectors import QUEUE_ROW_VALUES, Deadline
from motcua.processing.selectors import queue_rows as queue_rows_of
from tests.dossiers.factories import DossierFactory


def test_a_badge_says_how_many_working_hours_are_left_or_overdue():
    with translation.override("vi"):
        soon = deadline_badge(
            Deadline(state="due_soon", label="Sắp đến hạn", hours_left=Decimal("3.5"))
        )
        late = deadline_badge(Deadline(state="late", label="Quá hạn", hours_left=Decimal("-12.25")))
    assert soon == (
        '<span class="badge text-bg-warning due-due_soon">Sắp đến hạn</span> '
        '<small class="text-body-secondary">còn 3,5 giờ làm việc</small>'
    )
    assert 'class="badge text-bg-danger due-late"' in late and "trễ 12,3 giờ làm việc" in late
    with translation.override("en"):
        english = deadline_badge(Deadline(state="in_time", label="On time", hours_left=Decimal(40)))
    assert (
        "text-bg-success" in english and "40,0 working hours left" in english
    )  # Vietnamese numbers in both
    assert deadline_badge(None) == ""


@pytest.mark.django_db
def test_queue_rows_link_each_dossier_and_escape_what_people_typed():
    dossier = DossierFactory(
        code="000.01.02.H56-261126-0007",
        status=Status.NEW,
        applicant_name="<b>Lê Văn Tám</b>",
        submitted_at=datetime(2026, 11, 26, 1, 30, tzinfo=UTC),
        appointment_at=None,
        procedure__name="Cấp phép " + "rất dài " * 20,
    )
    other = DossierFactory(
        code="000.01.02.H56-261126-0008", status=Status.NEW, applicant_name="Trần Thị B"
    )
    read = queue_rows_of(
        Dossier.objects.order_by("pk").values_list(*QUEUE_ROW_VALUES), datetime.now(UTC)
    )
    rows = queue_rows(read, {Status.NEW: "Mới đăng ký"})
    first, second = rows.split("</tr>")[:2]
    assert f'<a href="/can-bo/ho-so/{dossier.pk}/">000.01.02.H56-261126-0007</a>' in first
    assert f'<a href="/can-bo/ho-so/{other.pk}/">000.01.02.H56-261126-0008</a>' in second
    assert "&lt;b&gt;Lê Văn Tám&lt;/b&gt;" in first and "<b>" not in rows
    assert "<td>08:30 26/11/2026</td>" in first and "<td>Mới đăng ký</td>" in first
    assert first.count("<td") == 7 and rows.count("<tr>") == 2
    # A long procedure name is cut to 80 characters, the last one an ellipsis.
    shown = first.split('<td class="small">')[1].split("<br>")[0]
    assert len(shown) == 80 and shown.endswith("…") and shown.startswith("Cấp phép rất dài")
    assert queue_rows([], {}) == ""


@pytest.mark.django_db
def test_a_row_being_processed_shows_its_step_and_deadline():
    received = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # Tuesday 08:00 in Nha Trang
    dossier = DossierFactory(
        status=Status.PROCESSING,
        submitted_at=received,
        appointment_at=datetime(2026, 11, 27, 10, 0, tzinfo=UTC),
    )
    steps = [{"name": "Tiếp nhận"}, {"name": "Thẩm định"}]
    DossierProcess.objects.create(
        dossier=dossier, steps=steps, step_index=1, step_unit=dossier.unit
    )
    (row,) = queue_rows_of(
        Dossier.objects.filter(pk=dossier.pk).values_list(*QUEUE_ROW_VALUES), received
    )
    assert row.step == "Thẩm định" and row.deadline.state == "in_time"
    html = queue_rows([row], {Status.PROCESSING: "Đang xử lý"})
    assert "Đang xử lý" in html and "Thẩm định" in html and "due-in_time" in html


def test_filter_options_mark_the_chosen_one_and_escape_labels():
    html = options([(1, "1. Mới"), (12, "<Sở> & Ban")], "12")
    assert html == (
        '<option value="1">1. Mới</option><option value="12" selected>&lt;Sở&gt; &amp; Ban</option>'
    )
    assert "selected" not in options([(1, "a")], None)
