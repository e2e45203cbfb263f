"""Each morning every officer gets ONE message listing the dossiers at their step that are
due within one working day (or late); a second run the same day sends nothing more."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.notifications.services import queue_digests
from motcua.processing import services
from tests.factories import UnitFactory
from tests.processing.factories import new_dossier, officer

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def received(unit, desk, monkeypatch, *, days: int, at: datetime):
    dossier = new_dossier(unit, days=days)
    monkeypatch.setattr(services, "now", lambda: at)
    services.receive(dossier.pk, actor=desk)
    return dossier


def test_one_digest_per_officer_with_their_dossiers_due(
    unit, desk, specialist, leader, monkeypatch, immediate, commit, mailbox
):
    monday = datetime(2026, 12, 7, 8, tzinfo=VN)
    due_tomorrow = received(unit, desk, monkeypatch, days=1, at=monday)
    due_too = received(unit, desk, monkeypatch, days=1, at=monday)
    not_yet = received(unit, desk, monkeypatch, days=5, at=monday)
    other_unit = UnitFactory(name="UBND xã Cam Hải Đông")
    elsewhere = received(
        other_unit, officer(other_unit, "desk_officer"), monkeypatch, days=1, at=monday
    )
    officer(other_unit, "specialist", username="chuyenvienkhac")
    mailbox.clear()

    with commit():
        assert queue_digests(at=datetime(2026, 12, 7, 9, tzinfo=VN)) == 2
    mine = mailbox.to(specialist.email)
    assert len(mine) == 1  # one message, not one per dossier
    assert mine[0]["Subject"] == "2 hồ sơ đến hạn trong một ngày làm việc"
    body = mailbox.text_body(mine[0])
    assert due_tomorrow.code in body and due_too.code in body
    assert not_yet.code not in body and elsewhere.code not in body
    assert mailbox.to(leader.email) == [] and mailbox.to(desk.email) == []  # not their step
    assert elsewhere.code in mailbox.text_body(mailbox.to("chuyenvienkhac@example.vn")[0])

    with commit():
        queue_digests(at=datetime(2026, 12, 7, 15, tzinfo=VN))  # the scheduler ran twice
    assert len(mailbox) == 2
