"""The staff queue's rows and deadline badges, written in Python for speed (desk templatetags)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from motcua.desk.templatetags.desk import deadline_badge, queue_rows
from motcua.processing.selectors import Deadline
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
        applicant_name="<b>Lê Văn Tám</b>",
        submitted_at=datetime(2026, 11, 26, 1, 30, tzinfo=UTC),
        appointment_at=None,
        procedure__name="Cấp phép " + "rất dài " * 20,
    )
    other = DossierFactory(code="000.01.02.H56-261126-0008", applicant_name="Trần Thị B")
    rows = queue_rows(
        [(dossier, "Mới đăng ký", None, "Tiếp nhận & kiểm tra"), (other, "x", None, "")]
    )
    first, second = rows.split("</tr>")[:2]
    assert f'<a href="/can-bo/ho-so/{dossier.pk}/">000.01.02.H56-261126-0007</a>' in first
    assert f'<a href="/can-bo/ho-so/{other.pk}/">000.01.02.H56-261126-0008</a>' in second
    assert "&lt;b&gt;Lê Văn Tám&lt;/b&gt;" in first and "<b>" not in rows
    assert "<td>08:30 26/11/2026</td>" in first and "Tiếp nhận &amp; kiểm tra" in first
    assert first.count("<td") == 7 and rows.count("<tr>") == 2
    # A long procedure name is cut to 80 characters, the last one an ellipsis.
    shown = first.split('<td class="small">')[1].split("<br>")[0]
    assert len(shown) == 80 and shown.endswith("…") and shown.startswith("Cấp phép rất dài")
    assert queue_rows([]) == ""
