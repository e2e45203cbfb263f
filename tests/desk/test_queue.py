"""Issue 17 (item 8): the desk's queue keeps up — tabs with counts per status and due state,
due-date order, page sizes, a search by code, name or CCCD that never goes in a URL, bulk
receipt of complete online dossiers, "next dossier" after an action, apology flags."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.catalog.services import current_version
from motcua.dossiers.models import Dossier, DossierChannel, DossierFile, Status
from motcua.processing import services
from tests.factories import RequiredDocumentFactory
from tests.processing.factories import new_dossier

pytestmark = pytest.mark.django_db


def _received(unit, desk, *, hours_to_appointment: float, **kwargs) -> Dossier:
    dossier = new_dossier(unit, **kwargs)
    services.receive(dossier.pk, actor=desk)
    appointment = timezone.now() + timedelta(hours=hours_to_appointment)
    Dossier.objects.filter(pk=dossier.pk).update(appointment_at=appointment)
    return Dossier.objects.get(pk=dossier.pk)


def _tab(page: str, label: str) -> int:
    """The count in the badge of the tab named `label`."""
    start = page.index(f"{label} <span class=")
    badge = page[start:].split(">", 2)[1]
    return int(badge.split("<")[0])


def test_tabs_count_each_status_and_due_state(client, unit, desk, specialist):
    new_dossier(unit), new_dossier(unit)
    _received(unit, desk, hours_to_appointment=-30)  # late
    _received(unit, desk, hours_to_appointment=24 * 20)  # in time
    client.force_login(specialist)
    page = client.get("/can-bo/?trang_thai=4").content.decode()
    assert _tab(page, "Mới đăng ký") == 2 and _tab(page, "Đang xử lý") == 2
    assert _tab(page, "Quá hạn") == 1 and _tab(page, "Còn hạn") == 1
    assert _tab(page, "Sắp đến hạn") == 0
    late_only = client.get("/can-bo/?trang_thai=4&han=late").content.decode()
    assert "1 hồ sơ" in late_only


def test_the_queue_is_ordered_by_appointment_then_by_submission(client, unit, desk, specialist):
    later = _received(unit, desk, hours_to_appointment=24 * 10)
    sooner = _received(unit, desk, hours_to_appointment=24 * 3)
    client.force_login(specialist)
    page = client.get("/can-bo/?trang_thai=4").content.decode()
    assert page.index(sooner.code) < page.index(later.code)
    by_submission = client.get("/can-bo/?trang_thai=4&sap_xep=nop").content.decode()
    assert by_submission.index(later.code) < by_submission.index(sooner.code)


def test_page_sizes(client, unit, desk):
    for _ in range(25):
        new_dossier(unit)
    client.force_login(desk)
    assert client.get("/can-bo/").content.decode().count('name="ho_so"') == 20
    assert client.get("/can-bo/?so_dong=50").content.decode().count('name="ho_so"') == 25
    # The size is remembered for the next visits.
    assert client.get("/can-bo/").content.decode().count('name="ho_so"') == 25


def test_search_by_cccd_is_posted_and_never_in_a_url(client, unit, desk):
    wanted = new_dossier(unit, applicant_id_number="056201009999", applicant_name="Phạm Thu")
    other = new_dossier(unit, applicant_id_number="056201001111", applicant_name="Lê Văn Tám")
    client.force_login(desk)
    response = client.post("/can-bo/?trang_thai=1", {"q": "056201009999"})
    assert response.status_code == 302 and "056201009999" not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert wanted.code in page and other.code not in page
    # A part of a name or code finds it too; clearing the search shows all again.
    client.post("/can-bo/", {"q": "Thu"})
    assert other.code not in client.get("/can-bo/").content.decode()
    client.post("/can-bo/", {"q": ""})
    page = client.get("/can-bo/").content.decode()
    assert wanted.code in page and other.code in page


def _with_required_slot(dossier: Dossier, *, with_file: bool) -> Dossier:
    RequiredDocumentFactory(procedure=dossier.procedure, name="Tờ khai")
    dossier.procedure_version = current_version(dossier.procedure)
    dossier.save(update_fields=["procedure_version"])
    if with_file:
        (slot,) = dossier.procedure_version.snapshot["documents"]
        DossierFile.objects.create(
            dossier=dossier,
            document_id=slot["id"],
            file="x.pdf",
            original_name="to-khai.pdf",
            size=10,
            content_type="application/pdf",
            sha256="0" * 64,
        )
    return dossier


def test_bulk_receive_takes_only_complete_online_dossiers(client, unit, desk):
    complete = _with_required_slot(new_dossier(unit), with_file=True)
    incomplete = _with_required_slot(new_dossier(unit), with_file=False)
    walk_in = new_dossier(unit, channel=DossierChannel.DIRECT)
    client.force_login(desk)
    page = client.get("/can-bo/").content.decode()
    assert f'value="{complete.pk}"' in page
    response = client.post(
        "/can-bo/tiep-nhan-nhieu/?trang_thai=1",
        {"ho_so": [complete.pk, incomplete.pk, walk_in.pk]},
        follow=True,
    )
    statuses = dict(Dossier.objects.values_list("pk", "status"))
    assert statuses[complete.pk] == Status.PROCESSING
    assert statuses[incomplete.pk] == statuses[walk_in.pk] == Status.NEW
    text = response.content.decode()
    assert "Đã tiếp nhận 1 hồ sơ" in text and incomplete.code in text


def test_bulk_receive_by_a_specialist_receives_nothing(client, unit, specialist):
    dossier = new_dossier(unit)
    client.force_login(specialist)
    client.post("/can-bo/tiep-nhan-nhieu/", {"ho_so": [dossier.pk]})
    assert Dossier.objects.get(pk=dossier.pk).status == Status.NEW


def test_after_an_action_the_next_dossier_opens(client, unit, desk):
    first, second = new_dossier(unit), new_dossier(unit)
    client.force_login(desk)
    client.get("/can-bo/?trang_thai=1")
    detail = client.get(f"/can-bo/ho-so/{first.pk}/").content.decode()
    assert f'href="/can-bo/ho-so/{second.pk}/" id="next-dossier"' in detail
    response = client.post(
        f"/can-bo/ho-so/{first.pk}/thao-tac/receive/", {"version": first.version, "tiep": "1"}
    )
    assert response["Location"] == f"/can-bo/ho-so/{second.pk}/"
    assert Dossier.objects.get(pk=first.pk).status == Status.PROCESSING
    # The choice is remembered: the next dossier's forms have the box ticked.
    page = client.get(response["Location"]).content.decode()
    assert 'name="tiep" value="1" id="receive-next" checked' not in page  # no next left
    third = new_dossier(unit)
    page = client.get(f"/can-bo/ho-so/{second.pk}/").content.decode()
    assert 'id="receive-next" checked' in page and str(third.pk) in page


def test_the_leaders_queue_flags_an_apology_waiting_for_approval(
    client, unit, desk, specialist, leader, django_assert_max_num_queries
):
    waiting = _received(unit, desk, hours_to_appointment=2)
    for _ in range(19):
        _received(unit, desk, hours_to_appointment=40)
    services.draft_apology(
        waiting.pk,
        actor=specialist,
        reason="Chờ ý kiến liên ngành",
        new_appointment_at=timezone.now() + timedelta(days=10),
    )
    client.force_login(leader)
    client.get("/can-bo/")
    # session, user, roles, the tabs' counts, count, page, apology flags: none per row
    with django_assert_max_num_queries(7):
        page = client.get("/can-bo/").content.decode()
    assert page.count("Phiếu xin lỗi chờ duyệt") == 1
    row = page[page.index(waiting.code) :].split("</tr>")[0]
    assert "Phiếu xin lỗi chờ duyệt" in row


def test_tab_counts_are_kept_a_moment_but_not_after_the_officers_own_action(
    client, unit, desk, settings
):
    from django.core.cache import caches

    caches["local"].clear()
    settings.MOTCUA_DESK_TABS_SECONDS = 30
    first = new_dossier(unit)
    client.force_login(desk)
    assert _tab(client.get("/can-bo/").content.decode(), "Mới đăng ký") == 1
    new_dossier(unit)  # submitted meanwhile: the list shows it at once, the tab a bit later
    page = client.get("/can-bo/").content.decode()
    assert _tab(page, "Mới đăng ký") == 1 and "2 hồ sơ" in page
    client.post(f"/can-bo/ho-so/{first.pk}/thao-tac/receive/", {"version": first.version})
    page = client.get("/can-bo/").content.decode()
    assert _tab(page, "Mới đăng ký") == 1 and _tab(page, "Đang xử lý") == 1
    caches["local"].clear()
