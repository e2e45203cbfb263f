"""Two web nodes and a task worker on one database, Redis and S3 storage: whatever a user does
on one node is there on the other (session, dossier, file, visitor counts), and work queued
by a node is done by the worker."""

import re
import time
from datetime import date

import pytest
import requests
from django.utils import timezone

from motcua.accounts.services import create_api_token
from motcua.core.models import CalendarOverride, OverrideKind
from motcua.core.services import save_calendar_override
from motcua.notifications.models import Delivery, DeliveryStatus
from motcua.portal import selectors as portal
from tests.accounts.factories import PASSWORD
from tests.dossiers.conftest import PDF

TASK_SECONDS = 15
NODE_CALENDAR_REFRESH_SECONDS = 1  # tests/scale/node_settings.py
SWAP_DAY = date(2027, 3, 10)  # a Wednesday
DONE = (DeliveryStatus.SENT, DeliveryStatus.FAILED)
SCAN = PDF + "Bản quét giấy chứng sinh — Khánh Hòa".encode()


def browser() -> requests.Session:
    """Like a browser: asks for HTML, so that the visitor counters see its page views."""
    session = requests.Session()
    session.headers["Accept"] = "text/html,application/xhtml+xml"
    return session


def log_in(session: requests.Session, node: str, username: str) -> None:
    form = session.get(f"{node}/tai-khoan/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = session.post(
        f"{node}/tai-khoan/login/",
        {"login": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:2000]


def submit_through_api(node: str, key: str, world) -> dict:
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {key}"
    body = {
        "procedure": world["procedure"].code,
        "unit": world["unit"].pk,
        "values": {"noi_dung": "Nộp qua nút A"},
    }
    draft = api.post(f"{node}/api/v1/dossiers", json=body, timeout=10).json()
    for slot in draft["slots"][:2]:
        upload = {"file": ("giay-chung-sinh.pdf", SCAN, "application/pdf")}
        sent = api.post(
            f"{node}/api/v1/dossiers/{draft['id']}/files",
            data={"document": slot["id"]},
            files=upload,
            timeout=10,
        )
        assert sent.status_code == 201, sent.text
    submitted = api.post(f"{node}/api/v1/dossiers/{draft['id']}/submit", timeout=10)
    assert submitted.status_code == 200, submitted.text
    return api.get(f"{node}/api/v1/dossiers/{draft['id']}", timeout=10).json()


def days_off(node: str) -> set[str]:
    answer = requests.get(f"{node}/api/v1/calendar/days-off?year=2027", timeout=10).json()
    return {day["date"] for day in answer["days_off"]}


def wait_for_deliveries(to: str) -> list[Delivery]:
    deadline = time.monotonic() + TASK_SECONDS
    while time.monotonic() < deadline:
        deliveries = list(Delivery.objects.filter(to=to))
        if deliveries and all(d.status in DONE for d in deliveries):
            return deliveries
        time.sleep(0.2)
    return list(Delivery.objects.filter(to=to))


@pytest.mark.django_db(transaction=True)
def test_a_user_moves_between_nodes_without_noticing(cluster, world, applicant, s3_bucket):
    assert SWAP_DAY.isoformat() not in days_off(cluster.b)  # node B has read the calendar
    day_off = CalendarOverride(day=SWAP_DAY, kind=OverrideKind.DAY_OFF, note="Nghỉ bù")
    save_calendar_override(day_off)  # by the admin, on another node
    saved_at = time.monotonic()

    citizen, passer_by = browser(), browser()
    log_in(citizen, cluster.a, applicant.username)
    mine_on_b = citizen.get(f"{cluster.b}/ho-so/", allow_redirects=False, timeout=10)
    assert mine_on_b.status_code == 200, "the session made on node A is not known on node B"
    assert passer_by.get(f"{cluster.b}/", timeout=10).status_code == 200
    assert portal.online_visitor_count(timezone.now()) == 2, "one visitor per person, any node"
    assert portal.visit_count() == 2

    _token, key = create_api_token(applicant, "hai nút")
    dossier = submit_through_api(cluster.a, key, world)
    assert dossier["status"] == 1

    detail_on_b = citizen.get(f"{cluster.b}/ho-so/{dossier['id']}/", timeout=10)
    assert detail_on_b.status_code == 200 and dossier["code"] in detail_on_b.text
    file_id = dossier["files"][0]["id"]
    download = citizen.get(f"{cluster.b}/ho-so/{dossier['id']}/tep/{file_id}/", timeout=10)
    assert download.status_code == 200 and download.content == SCAN
    stored = s3_bucket.client().list_objects_v2(Bucket=s3_bucket.name)["Contents"]
    assert len(stored) == 2, "both files are in the shared bucket, not on a node's disk"

    deliveries = wait_for_deliveries(applicant.email)
    assert deliveries, "submitting on node A queued no email"
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT}, cluster.log_tails()

    # Every process of every node re-reads the day swaps within the refresh period.
    time.sleep(max(0.0, saved_at + NODE_CALENDAR_REFRESH_SECONDS + 0.2 - time.monotonic()))
    for node in (cluster.a, cluster.b, cluster.a, cluster.b):
        assert SWAP_DAY.isoformat() in days_off(node)
