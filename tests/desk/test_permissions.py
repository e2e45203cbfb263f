"""Who may see and act on a dossier: role × unit × action → allowed, 403 or 404 — through the
API (JSON) and the staff pages, both reading the one visibility selector."""

import pytest

from motcua.dossiers.models import ResultDelivery, Status
from motcua.org.models import StaffRole
from motcua.processing import services
from tests.dossiers.factories import UserFactory
from tests.factories import UnitFactory
from tests.processing.factories import new_dossier, officer

pytestmark = pytest.mark.django_db

CALLERS = ["desk_a", "specialist_a", "leader_a", "desk_b", "leader_b", "province_admin", "owner"]


@pytest.fixture
def world(unit, other_unit, desk, specialist, leader):
    province = UnitFactory(name="UBND tỉnh", kind="province")
    return {
        "desk_a": desk,
        "specialist_a": specialist,
        "leader_a": leader,
        "desk_b": officer(other_unit, "desk_officer"),
        "leader_b": officer(other_unit, "leader"),
        "province_admin": officer(province, "province_admin"),
    }


def at_status(unit, world, status, **fields):
    """A dossier of `unit` (with `fields`) walked (through the services) to: 1 new, 4 at the
    specialist's step, 'leader' at the leader's step, 9 done."""
    dossier = new_dossier(unit, **fields)
    if status != Status.NEW:
        services.receive(dossier.pk, actor=world["desk_a"])
    if status in ("leader", Status.DONE):
        services.complete_step(dossier.pk, actor=world["specialist_a"])
    if status == Status.DONE:
        services.complete_step(dossier.pk, actor=world["leader_a"])
    return dossier


ALLOWED = {
    # action: (dossier state, {caller: expected HTTP status})
    "receive": (Status.NEW, {"desk_a": 200}),
    "refuse": (Status.NEW, {"desk_a": 200}),
    "forward": (Status.PROCESSING, {"specialist_a": 200}),
    "approve": ("leader", {"leader_a": 200}),
    "request_supplement": (Status.PROCESSING, {"desk_a": 200, "specialist_a": 200}),
    "stop": (Status.PROCESSING, {"desk_a": 200, "leader_a": 200}),
    "return_result": (Status.DONE, {"desk_a": 200}),
    "send_by_post": (Status.DONE, {"desk_a": 200}),
}
# The dossier's own fields for an action (a result is posted only when the applicant chose it).
FIELDS = {"send_by_post": {"result_delivery": ResultDelivery.POST}}
BODIES = {
    "refuse": {"reason": "Sai thẩm quyền"},
    "request_supplement": {"missing": ["Bản sao CCCD"]},
    "stop": {"reason": "Công dân không bổ sung"},
    "return_result": {"received_by_name": "Nguyễn Văn An", "fee_vnd": 50000},
    "send_by_post": {"tracking_number": "EB123456789VN"},
}


def expected(action: str, caller: str) -> int:
    if caller in ("desk_b", "leader_b"):
        return 404  # another unit's dossier does not exist for them
    if caller == "owner":
        return 403  # not a staff account
    return ALLOWED[action][1].get(caller, 403)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_action_matrix(world, unit, api_client, action, caller):
    dossier = at_status(unit, world, ALLOWED[action][0], **FIELDS.get(action, {}))
    user = dossier.applicant if caller == "owner" else world[caller]
    before = dossier.__class__.objects.get(pk=dossier.pk).version
    response = api_client.as_user(user).post(
        f"/api/v1/desk/dossiers/{dossier.pk}/actions",
        {"action": action, "note": "", **BODIES.get(action, {})},
    )
    assert response.status_code == expected(action, caller), response.content
    after = dossier.__class__.objects.get(pk=dossier.pk).version
    assert (after != before) == (response.status_code == 200)


@pytest.mark.parametrize(
    ("caller", "status_code"),
    [
        ("desk_a", 200),
        ("specialist_a", 200),
        ("leader_a", 200),
        ("desk_b", 404),
        ("leader_b", 404),
        ("province_admin", 200),
    ],
)
def test_dossier_page_and_history_matrix(world, unit, client, api_client, caller, status_code):
    dossier = at_status(unit, world, Status.PROCESSING)
    client.force_login(world[caller])
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/").status_code == status_code
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/bieu-mau/mau-01.pdf").status_code == status_code
    history = api_client.as_user(world[caller]).get(f"/api/v1/dossiers/{dossier.pk}/history")
    assert history.status_code == status_code


def test_queue_lists_only_the_units_dossiers(
    world, unit, other_unit, client, django_assert_max_num_queries
):
    mine = [new_dossier(unit) for _ in range(5)]
    theirs = new_dossier(other_unit)
    client.force_login(world["desk_a"])
    # session, user, roles with staff policy and TOTP devices, the calendar's days off (at
    # most once a minute), the tabs' counts (kept 30 s; afresh in tests), count, page
    with django_assert_max_num_queries(7):
        page = client.get("/can-bo/").content.decode()
    assert all(d.code in page for d in mine)
    assert theirs.code not in page


def test_route_through_another_unit_shows_the_dossier_there_only_at_that_step(
    world, unit, other_unit, client
):
    from motcua.processing.models import Route, RouteStep

    dossier = new_dossier(unit)
    route = Route.objects.create(unit=unit, procedure=dossier.procedure)
    steps = [
        ("Tiếp nhận", "desk_officer", None),
        ("Ý kiến", "leader", other_unit),
        ("Phê duyệt", "leader", None),
        ("Trả kết quả", "desk_officer", None),
    ]
    for position, (name, role, step_unit) in enumerate(steps, start=1):
        RouteStep.objects.create(
            route=route, position=position, name=name, role=role, unit=step_unit, hours=4
        )
    client.force_login(world["leader_b"])
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/").status_code == 404
    services.receive(dossier.pk, actor=world["desk_a"])
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/").status_code == 200
    services.complete_step(dossier.pk, actor=world["leader_b"])
    assert client.get(f"/can-bo/ho-so/{dossier.pk}/").status_code == 404


def test_partner_units_queue_lists_the_dossier_while_it_is_at_their_step(
    world, unit, other_unit, client
):
    from motcua.processing.models import Route, RouteStep

    dossier = new_dossier(unit)
    route = Route.objects.create(unit=unit, procedure=dossier.procedure)
    for position, (name, role, step_unit) in enumerate(
        [("Tiếp nhận", "desk_officer", None), ("Ý kiến", "leader", other_unit)], start=1
    ):
        RouteStep.objects.create(
            route=route, position=position, name=name, role=role, unit=step_unit, hours=4
        )
    services.receive(dossier.pk, actor=world["desk_a"])
    client.force_login(world["leader_b"])

    for query in ("?trang_thai=4", "?trang_thai=", ""):
        assert dossier.code in client.get(f"/can-bo/{query}").content.decode(), query
    assert dossier.code not in client.get("/can-bo/?trang_thai=1").content.decode()


def test_the_queue_shows_new_dossiers_and_role_changes_at_the_next_load(
    world, unit, other_unit, client
):
    """The queue's SQL is kept per user, roles and filters: the rows and the count are read
    again each time, and another set of roles is another query."""
    first = new_dossier(unit)
    client.force_login(world["desk_a"])
    assert first.code in client.get("/can-bo/").content.decode()

    second, elsewhere = new_dossier(unit), new_dossier(other_unit)
    page = client.get("/can-bo/").content.decode()
    assert second.code in page and "2 hồ sơ" in page and elsewhere.code not in page

    StaffRole.objects.create(user=world["desk_a"], unit=other_unit, role="desk_officer")
    page = client.get("/can-bo/").content.decode()
    assert elsewhere.code in page and "3 hồ sơ" in page
    StaffRole.objects.filter(user=world["desk_a"], unit=unit).delete()
    page = client.get("/can-bo/").content.decode()
    assert elsewhere.code in page and first.code not in page and "1 hồ sơ" in page


def test_an_officers_own_application_is_not_in_their_queue(world, unit, client):
    mine = new_dossier(unit)
    mine.applicant = world["desk_a"]
    mine.save()
    elsewhere = new_dossier(UnitFactory())
    elsewhere.applicant = world["desk_a"]
    elsewhere.save()
    client.force_login(world["desk_a"])

    page = client.get("/can-bo/?trang_thai=").content.decode()

    assert mine.code in page and elsewhere.code not in page


def test_the_unit_filter_is_offered_to_officers_of_several_units(world, unit, other_unit, client):
    client.force_login(world["desk_a"])
    assert 'name="don_vi"' not in client.get("/can-bo/").content.decode()

    StaffRole.objects.create(user=world["desk_a"], unit=other_unit, role="leader")
    page = client.get("/can-bo/").content.decode()

    assert 'name="don_vi"' in page and other_unit.name in page and unit.name in page
    chosen = client.get(f"/can-bo/?trang_thai=4&don_vi={other_unit.pk}").content.decode()
    assert f'<option value="{other_unit.pk}" selected>' in chosen
    assert '<option value="4" selected>4. Đang xử lý</option>' in chosen
    assert f'<option value="{unit.pk}">' in chosen
    client.force_login(world["province_admin"])
    assert 'name="don_vi"' in client.get("/can-bo/").content.decode()


def test_applicant_token_cannot_use_the_desk_api(world, unit, api_client):
    applicant = UserFactory()
    assert api_client.as_user(applicant).get("/api/v1/desk/dossiers").status_code == 403
