"""Each status change that matters to the applicant sends its message, through a real SMTP
server, in the applicant's language and on the channels they chose; the desk hears of a new
dossier. Messages name the configured site, never the host a request came in on."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.models import ProcedureChannel
from motcua.dossiers.models import DossierChannel, Status
from motcua.dossiers.services import change_status
from motcua.notifications.models import Delivery, Preference, SmsRecord
from motcua.processing import services
from tests.dossiers.factories import DossierFactory
from tests.processing.factories import new_dossier

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
SITE = "https://dichvucong.khanhhoa.gov.vn"


@pytest.fixture(autouse=True)
def _site(settings, immediate):
    settings.MOTCUA_SITE_URL = SITE
    settings.MOTCUA_SITE_NAME = "Cổng dịch vụ công tỉnh Khánh Hòa"


@pytest.fixture
def clock(monkeypatch):
    def at(*parts):
        moment = datetime(*parts, tzinfo=VN)
        monkeypatch.setattr(services, "now", lambda: moment)
        return moment

    return at


# motcua.surveys' invitation at status 3 and 10, in the applicant's language.
SURVEY_INVITATION = ("Mời bạn đánh giá mức độ hài lòng", "Please rate your satisfaction")


def only_mail(mailbox, address):
    """The one notification sent to `address` (a survey invitation besides it is not one)."""
    mails = [m for m in mailbox.to(address) if not m["Subject"].startswith(SURVEY_INVITATION)]
    assert len(mails) == 1, [m["Subject"] for m in mails]
    mailbox.messages.remove(mails[0])
    return mails[0]["Subject"], mailbox.text_body(mails[0]).replace("\r\n", "\n")


def test_a_submission_tells_the_applicant_and_the_desk(unit, desk, commit, mailbox):
    dossier = DossierFactory(unit=unit, code="000.00.01.H56-261207-0001")
    with commit():
        change_status(
            dossier.pk,
            Status.NEW,
            actor=dossier.applicant,
            appointment_at=datetime(2026, 12, 14, 8, tzinfo=VN),
        )
    subject, body = only_mail(mailbox, dossier.applicant_email)
    assert subject == "Đã nhận hồ sơ 000.00.01.H56-261207-0001"
    assert "Kính gửi Nguyễn Văn An," in body and unit.name in body
    assert "Ngày hẹn trả kết quả dự kiến: 08:00 14/12/2026" in body
    assert f"{SITE}/ho-so/{dossier.pk}/" in body and "Cổng dịch vụ công tỉnh Khánh Hòa" in body
    subject, body = only_mail(mailbox, desk.email)
    assert subject == "Hồ sơ mới 000.00.01.H56-261207-0001 chờ tiếp nhận"
    assert f"{SITE}/can-bo/ho-so/{dossier.pk}/" in body
    assert "127.0.0.1" not in body and "testserver" not in body


def test_the_life_of_a_dossier_in_messages(unit, desk, specialist, leader, clock, commit, mailbox):
    dossier = new_dossier(unit, days=5)
    ProcedureChannel.objects.filter(procedure=dossier.procedure).update(fee_vnd=1_500_000)
    to = dossier.applicant_email
    clock(2026, 12, 7, 8)
    with commit():
        services.receive(dossier.pk, actor=desk)  # 1 → 2 → 4: one message
    subject, body = only_mail(mailbox, to)
    assert subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert "Ngày hẹn trả kết quả: 08:00 14/12/2026" in body

    clock(2026, 12, 7, 9)
    with commit():
        services.request_supplement(
            dossier.pk, actor=specialist, missing=["Bản sao CCCD", "Giấy ủy quyền"]
        )
    subject, body = only_mail(mailbox, to)
    assert subject == f"Hồ sơ {dossier.code} cần bổ sung"
    assert "- Bản sao CCCD\n- Giấy ủy quyền" in body
    with commit():
        services.resume(dossier.pk, actor=specialist)
    assert len(mailbox) == 0  # back to processing is not news

    with commit():
        services.request_financial_obligation(
            dossier.pk, actor=specialist, note="Lệ phí cấp giấy phép."
        )
    subject, body = only_mail(mailbox, to)
    assert subject == f"Hồ sơ {dossier.code}: thực hiện nghĩa vụ tài chính"
    assert "Số tiền: 1.500.000 đ" in body and "Lệ phí cấp giấy phép." in body
    assert f"Thanh toán: {SITE}/ho-so/{dossier.pk}/" in body
    with commit():
        services.resume(dossier.pk, actor=specialist)

    new_date = datetime(2026, 12, 18, 16, tzinfo=VN)
    apology = services.draft_apology(
        dossier.pk, actor=specialist, reason="Chờ ý kiến liên ngành", new_appointment_at=new_date
    )
    with commit():
        services.approve_apology(apology.pk, actor=leader)
    subject, body = only_mail(mailbox, to)
    assert subject == f"Hồ sơ {dossier.code}: xin lỗi và hẹn lại ngày trả kết quả"
    assert "Lý do: Chờ ý kiến liên ngành" in body
    assert "Ngày hẹn trả kết quả mới: 16:00 18/12/2026" in body

    with commit():
        services.complete_step(dossier.pk, actor=specialist, note="Trình lãnh đạo")
        services.complete_step(dossier.pk, actor=leader, note="Ghi chú: Đồng ý.")
    subject, body = only_mail(mailbox, to)
    assert subject == f"Hồ sơ {dossier.code} đã có kết quả"
    assert "Đồng ý" not in body and "Trình lãnh đạo" not in body  # internal notes stay inside

    with commit():
        services.return_result(dossier.pk, actor=desk, received_by_name="Nguyễn Văn An")
    returned, invitation = sorted(m["Subject"] for m in mailbox.to(to))
    assert returned == f"Hồ sơ {dossier.code} đã trả kết quả"
    assert invitation.startswith(SURVEY_INVITATION)
    assert Delivery.objects.filter(dossier=dossier, status="sent").count() == 7  # 6 + survey


def test_a_refusal_gives_the_reason(unit, desk, commit, mailbox):
    dossier = new_dossier(unit)
    with commit():
        services.refuse(dossier.pk, actor=desk, reason="Hồ sơ không thuộc thẩm quyền.")
    subject, body = only_mail(mailbox, dossier.applicant_email)
    assert subject == f"Hồ sơ {dossier.code} không được tiếp nhận"
    assert "Lý do: Hồ sơ không thuộc thẩm quyền." in body


def test_the_applicant_hears_in_their_language_on_their_channels(unit, desk, commit, mailbox):
    dossier = new_dossier(unit)
    Preference.objects.create(user=dossier.applicant, by_email=True, by_sms=True, language="en")
    with commit():
        services.refuse(dossier.pk, actor=desk, reason="Wrong office.")
    subject, body = only_mail(mailbox, dossier.applicant_email)
    assert subject == f"Application {dossier.code} not accepted"
    assert "Dear Nguyễn Văn An," in body and "Reason: Wrong office." in body
    sms = SmsRecord.objects.get()
    assert sms.to == dossier.applicant_phone
    assert sms.text == f"Application {dossier.code} not accepted. Reason: Wrong office."


def test_sms_only_sends_no_mail(unit, desk, commit, mailbox):
    dossier = new_dossier(unit)
    Preference.objects.create(user=dossier.applicant, by_email=False, by_sms=True)
    with commit():
        services.refuse(dossier.pk, actor=desk, reason="Sai cơ quan.")
    assert len(mailbox) == 0
    assert (
        SmsRecord.objects.get().text
        == f"Ho so {dossier.code} khong duoc tiep nhan. Ly do: Sai cơ quan."
    )


def test_a_walk_in_applicant_without_account_or_email_gets_one_sms(unit, desk, commit, mailbox):
    dossier = DossierFactory(
        unit=unit, applicant=None, applicant_email="", channel=DossierChannel.DIRECT
    )
    with commit():
        change_status(dossier.pk, Status.NEW, actor=desk)  # registered at the desk: no news
        change_status(dossier.pk, Status.RECEIVED, actor=desk)
    assert len(mailbox) == 0  # nor a "new dossier" message to the desk that registered it
    sms = SmsRecord.objects.get()
    assert sms.to == "0905123456" and dossier.code in sms.text
