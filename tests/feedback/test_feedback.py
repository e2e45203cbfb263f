"""Feedback (phản ánh kiến nghị): sent by anyone with spam checks and files checked by
content, answered by the unit concerned within 15 working days (or forwarded), the sender
told by e-mail, published answers on a searchable Q&A page."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.feedback import services
from motcua.feedback.models import Feedback, FeedbackFile, State, Topic
from tests.dossiers.conftest import EXE, pdf
from tests.factories import UnitFactory
from tests.mailbox import Mailbox
from tests.processing.factories import officer

from .conftest import started

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_anyone_sends_feedback_with_a_file_and_gets_a_code(client, form_data, unit):
    page = client.post(reverse("feedback:send"), {**form_data, "files": [pdf("anh-chup.pdf")]})
    assert page.status_code == 302
    item = Feedback.objects.get()
    confirmation = client.get(page["Location"])
    assert item.code in confirmation.text
    assert item.code.startswith("PA-") and len(item.code) == 11
    assert (item.unit, item.state, item.sender) == (unit, State.OPEN, None)
    assert FeedbackFile.objects.get(feedback=item).original_name == "anh-chup.pdf"
    tracked = client.get(reverse("feedback:track"), {"ma": item.code.lower()})
    assert tracked.status_code == 200 and item.title in tracked.text
    assert client.get(reverse("feedback:track"), {"ma": "PA-AAAAAAAA"}).status_code == 404


def test_a_file_that_is_not_what_it_claims_keeps_nothing(client, form_data, tmp_path):
    fake = pdf("don.pdf", content=EXE)
    page = client.post(reverse("feedback:send"), {**form_data, "files": [fake]})
    assert page.status_code == 400
    assert "không đúng loại được nhận" in page.text
    assert not Feedback.objects.exists()
    assert (
        not list((tmp_path / "private").rglob("*.*")) if (tmp_path / "private").exists() else True
    )


@pytest.mark.parametrize("spam", ["honeypot filled", "sent within seconds", "forged start"])
def test_robots_are_refused_without_a_captcha(client, form_data, spam):
    change = {
        "honeypot filled": {"website": "http://spam.example"},
        "sent within seconds": {"started": started(seconds_ago=1)},
        "forged start": {"started": started()[:-3] + "abc"},
    }[spam]
    page = client.post(reverse("feedback:send"), {**form_data, **change})
    assert page.status_code == 400
    assert "quá nhanh" in page.text
    assert not Feedback.objects.exists()


def test_sending_is_rate_limited(client, form_data, settings):
    settings.MOTCUA_RATE_LIMITS = {**settings.MOTCUA_RATE_LIMITS, "feedback": "2/hour"}
    for _ in range(2):
        assert client.post(reverse("feedback:send"), form_data).status_code == 302
    limited = client.post(reverse("feedback:send"), form_data)
    assert limited.status_code == 429 and "Retry-After" in limited
    assert Feedback.objects.count() == 2


def test_missing_fields_are_explained_beside_them(client, form_data):
    page = client.post(reverse("feedback:send"), {**form_data, "title": "", "unit": ""})
    assert page.status_code == 400
    assert "Nhập “Tiêu đề”." in page.text
    assert "Chọn cơ quan, đơn vị tiếp nhận phản ánh." in page.text


def _sending(unit, **changes) -> services.Sending:
    fields = {
        "kind": "complaint",
        "topic": Topic.UNIT,
        "sender_name": "Trần Thị Bình",
        "sender_email": "binh@example.vn",
        "title": "Hồ sơ khai sinh bị trả chậm",
        "content": "Cán bộ hẹn nhiều lần.",
        "unit": unit,
        "publish_consent": True,
    }
    return services.Sending(**{**fields, **changes})


def test_the_deadline_is_15_working_days(unit):
    monday = datetime(2026, 12, 7, 9, tzinfo=VN)
    item = services.submit(_sending(unit), at=monday)
    # 8–11, 14–18, 21–25, 28 December: the weekends are skipped.
    assert timezone.localtime(item.due_at) == datetime(2026, 12, 28, 9, tzinfo=VN)
    # From Monday 1 February 2027, 15 working days end on the 22nd without holidays; the
    # Tết days off (6 February 2027 is the lunar new year) push the deadline later.
    tet = services.submit(_sending(unit), at=datetime(2027, 2, 1, 9, tzinfo=VN))
    assert timezone.localtime(tet.due_at).date() > date(2027, 2, 22)


def test_the_unit_answers_and_the_sender_is_told(
    client, unit, mailbox, immediate_tasks, django_capture_on_commit_callbacks
):
    item = services.submit(_sending(unit))
    staff = officer(unit, "specialist")
    client.force_login(staff)
    listing = client.get(reverse("feedback:staff_list"))
    assert item.code in listing.text and "Còn hạn" in listing.text
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            reverse("feedback:staff_detail", args=[item.pk]),
            {"action": "answer", "answer": "Đơn vị đã chấn chỉnh việc hẹn trả.", "upheld": "on"},
        )
    assert page.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.upheld, item.answered_by) == (State.ANSWERED, True, staff)
    mail = mailbox.to("binh@example.vn")[-1]
    assert item.code in mail["Subject"]
    assert "Đơn vị đã chấn chỉnh việc hẹn trả." in Mailbox.text_body(mail)
    with pytest.raises(services.FeedbackError):
        services.answer(item.pk, actor=staff, text="Lần hai")


def test_another_units_staff_cannot_see_or_answer_until_it_is_forwarded(client, unit):
    item = services.submit(_sending(unit))
    other = UnitFactory(name="UBND xã Cam Hải Đông")
    outsider = officer(other, "specialist")
    client.force_login(outsider)
    assert client.get(reverse("feedback:staff_detail", args=[item.pk])).status_code == 404
    assert item.code not in client.get(reverse("feedback:staff_list")).text
    with pytest.raises(services.NotPermitted):
        services.answer(item.pk, actor=outsider, text="Không phải đơn vị tôi")

    client.force_login(officer(unit, "desk_officer"))
    forwarded = client.post(
        reverse("feedback:staff_detail", args=[item.pk]),
        {"action": "forward", "chuyen-unit": str(other.pk), "chuyen-note": "Đúng thẩm quyền xã"},
    )
    assert forwarded.status_code == 302
    client.force_login(outsider)
    assert client.get(reverse("feedback:staff_detail", args=[item.pk])).status_code == 200
    services.answer(item.pk, actor=outsider, text="Xã đã tiếp nhận.")
    assert list(item.events.values_list("kind", flat=True)) == ["received", "forwarded", "answered"]


def test_an_open_item_past_its_deadline_shows_as_late(client, unit):
    item = services.submit(_sending(unit), at=timezone.now() - timedelta(days=40))
    client.force_login(officer(unit, "specialist"))
    late = client.get(reverse("feedback:staff_list"), {"tre_han": "1"})
    assert item.code in late.text and "Quá hạn" in late.text


def test_published_answers_are_found_without_accents(client, unit):
    staff = officer(unit, "specialist")
    shown = services.submit(_sending(unit, title="Lệ phí khai sinh"))
    services.answer(shown.pk, actor=staff, text="Đăng ký khai sinh đúng hạn được miễn lệ phí.")
    private = services.submit(_sending(unit, title="Lệ phí khai sinh lần 2", publish_consent=False))
    services.answer(private.pk, actor=staff, text="Miễn lệ phí.")
    services.submit(_sending(unit, title="Khai sinh chưa trả lời"))
    page = client.get(reverse("feedback:qa"), {"q": "le phi KHAI SINH"})
    assert "Lệ phí khai sinh" in page.text
    assert "Lệ phí khai sinh lần 2" not in page.text
    assert "chưa trả lời" not in page.text
    assert "binh@example.vn" not in page.text and "Trần Thị Bình" not in page.text
    assert "Lệ phí khai sinh" not in client.get(reverse("feedback:qa"), {"q": "ho chieu"}).text


def test_a_signed_in_applicant_complains_about_their_own_dossier_only(client, form_data, unit):
    from tests.processing.factories import new_dossier

    mine = new_dossier(unit)
    theirs = new_dossier(unit)
    client.force_login(mine.applicant)
    about = {**form_data, "topic": "dossier", "kind": "complaint", "unit": ""}
    refused = client.post(reverse("feedback:send"), {**about, "dossier": str(theirs.pk)})
    assert refused.status_code == 400
    assert not Feedback.objects.exists()
    sent = client.post(reverse("feedback:send"), {**about, "dossier": str(mine.pk)})
    assert sent.status_code == 302
    item = Feedback.objects.get()
    assert (item.dossier, item.unit, item.sender) == (mine, unit, mine.applicant)
    assert item.procedure == mine.procedure


def test_list_pages_read_a_fixed_number_of_queries(client, unit, django_assert_max_num_queries):
    staff = officer(unit, "specialist")
    for number in range(12):
        item = services.submit(_sending(unit, title=f"Câu hỏi số {number}"))
        if number % 2:
            services.answer(item.pk, actor=staff, text="Đã trả lời.")
    with django_assert_max_num_queries(2):
        page = client.get(reverse("feedback:qa"))
    assert page.text.count("Đã trả lời.") == 6
    client.force_login(staff)
    client.get(reverse("feedback:staff_list"))  # the session and staff access, read once
    with django_assert_max_num_queries(5):
        page = client.get(reverse("feedback:staff_list"))
    assert page.text.count("PA-") == 12
