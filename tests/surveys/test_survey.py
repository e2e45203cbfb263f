"""The satisfaction survey: invited at 10 (or 3) by a signed single-use link valid 30 days and
a button in "Hồ sơ của tôi"; one anonymous response per dossier."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from motcua.processing import services as processing
from motcua.surveys import services
from motcua.surveys.models import Invitation, Response
from tests.dossiers.test_codes import run_at_once
from tests.mailbox import Mailbox
from tests.processing.factories import new_dossier

from .conftest import ANSWERS, walk_to_returned

pytestmark = pytest.mark.django_db


def test_a_returned_dossier_invites_its_applicant_by_email(
    unit,
    desk,
    specialist,
    leader,
    mailbox,
    immediate_tasks,
    client,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = walk_to_returned(new_dossier(unit), desk, specialist, leader)
    invitation = Invitation.objects.get(dossier=dossier)
    [mail] = [m for m in mailbox.to(dossier.applicant_email) if "đánh giá" in m["Subject"]]
    assert dossier.code in mail["Subject"]
    link = Mailbox.first_link(mail)
    assert link.startswith("http://localhost:8000/danh-gia/")
    page = client.get(link.removeprefix("http://localhost:8000"))
    assert page.status_code == 200
    assert "Thông tin về thủ tục trực tuyến rõ ràng, dễ hiểu" in page.text
    assert "Tiết kiệm thời gian, chi phí đi lại, dễ thực hiện, thực hiện ở bất cứ đâu" in page.text
    assert invitation.answered_at is None


def test_a_refused_dossier_is_invited_too_and_an_unfinished_one_is_not(unit, desk):
    refused = new_dossier(unit)
    processing.refuse(refused.pk, actor=desk, reason="Sai thẩm quyền")
    running = new_dossier(unit)
    processing.receive(running.pk, actor=desk)
    assert Invitation.objects.filter(dossier=refused).exists()
    assert not Invitation.objects.filter(dossier=running).exists()


def _link(dossier) -> str:
    return services.rating_path(Invitation.objects.get(dossier=dossier))


def test_the_link_records_one_anonymous_response_and_is_single_use(client, returned):
    link = _link(returned)
    answered = client.post(link, ANSWERS)
    assert answered.status_code == 200
    assert "Cảm ơn bạn đã đánh giá" in answered.text
    response = Response.objects.get()
    assert (response.unit_id, response.procedure_id) == (returned.unit_id, returned.procedure_id)
    assert response.sending_smooth == 0 and response.overall == 1
    assert not [f.name for f in Response._meta.fields if f.name in {"dossier", "user", "applicant"}]

    again = client.post(link, ANSWERS)
    assert again.status_code == 409
    assert "đã được đánh giá" in again.text
    assert Response.objects.count() == 1


def _link_made_ago(dossier, monkeypatch, age: timedelta) -> str:
    then = int(time.time() - age.total_seconds())
    with monkeypatch.context() as patch:
        patch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(then))
        return _link(dossier)


def test_a_link_older_than_30_days_is_refused(client, returned, monkeypatch):
    old = _link_made_ago(returned, monkeypatch, timedelta(days=30, minutes=1))
    page = client.get(old)
    assert page.status_code == 410
    assert "hết hạn" in page.text
    assert client.post(old, ANSWERS).status_code == 410
    assert not Response.objects.exists()
    recent = _link_made_ago(returned, monkeypatch, timedelta(days=29, hours=23))
    assert client.get(recent).status_code == 200


@pytest.mark.parametrize("change", ["signature", "invitation id"])
def test_a_tampered_link_is_refused(client, returned, change):
    token = services.token_for(Invitation.objects.get(dossier=returned))
    number, stamp, signature = token.split(":")
    forged = (
        f"{number}:{stamp}:{signature[:-2]}xx"
        if change == "signature"
        else f"{int(number) + 1}:{stamp}:{signature}"
    )
    page = client.post(reverse("surveys:by_link", args=[forged]), ANSWERS)
    assert page.status_code == 400
    assert "không hợp lệ" in page.text
    assert not Response.objects.exists()


def test_missing_answers_are_shown_beside_each_question(client, returned):
    page = client.post(_link(returned), {"info_clear": "1", "overall": "7"})
    assert page.status_code == 400
    assert "Có lỗi cần sửa" in page.text
    assert "Chọn một câu trả lời cho “Mức độ hài lòng chung”." in page.text
    assert 'href="#id_benefit"' in page.text
    assert not Response.objects.exists()


def test_the_owner_rates_from_my_dossiers_once(client, returned):
    client.force_login(returned.applicant)
    mine = client.get(reverse("dossiers:mine"))
    button = reverse("surveys:for_owner", args=[returned.pk])
    assert button in mine.text
    assert client.post(button, ANSWERS).status_code == 200
    mine = client.get(reverse("dossiers:mine"))
    assert button not in mine.text
    assert "Đã đánh giá mức độ hài lòng" in mine.text
    assert client.post(_link(returned), ANSWERS).status_code == 409
    assert Response.objects.count() == 1


def test_another_persons_dossier_or_an_unfinished_one_is_not_found(client, returned, unit, desk):
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("surveys:for_owner", args=[returned.pk])).status_code == 404
    running = new_dossier(unit)
    client.force_login(running.applicant)
    assert client.get(reverse("surveys:for_owner", args=[running.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_answers_sent_at_once_give_one_response(returned):
    invitation = Invitation.objects.get(dossier=returned)
    cleaned = {**ANSWERS, "info_clear": 1, "account_simple": 1, "sending_smooth": 0}
    cleaned |= {"processing_fast": 1, "ease": 2, "overall": 1}
    failures = run_at_once(services.respond, [(invitation.pk, cleaned)] * 4)
    assert len(failures) == 3 and all("AlreadyAnswered" in failure for failure in failures)
    assert Response.objects.count() == 1
