import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from motcua.accounts.models import ApplicantKind, ApplicantProfile
from motcua.accounts.selectors import has_verified_email
from motcua.demo.accounts import APPLICANT_PASSWORD, APPLICANTS, load_applicants
from motcua.org.models import Role, StaffRole, UnitKind
from tests.factories import UnitFactory


def run_command(*args) -> str:
    out = StringIO()
    call_command("demo_accounts", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_loader_creates_verified_applicants_of_every_kind_once():
    load_applicants()
    report = load_applicants()

    assert "0 mới tạo" in report
    assert User.objects.count() == len(APPLICANTS)
    kinds = list(ApplicantProfile.objects.values_list("kind", flat=True))
    for kind in ApplicantKind.values:
        assert kinds.count(kind) >= 2
    for user in User.objects.all():
        assert has_verified_email(user)
        assert user.check_password(APPLICANT_PASSWORD)
    for profile in ApplicantProfile.objects.all():
        profile.full_clean()  # CCCD, tax code and phone pass the validators


@pytest.mark.django_db
def test_demo_applicants_get_their_address_units_when_the_units_are_loaded():
    province = UnitFactory(kind=UnitKind.PROVINCE, name="Tỉnh Khánh Hòa", gso_code="56")
    district = UnitFactory(kind=UnitKind.DISTRICT, parent=province, gso_code="568")
    commune = UnitFactory(kind=UnitKind.COMMUNE, parent=district, gso_code="22363")

    load_applicants()

    profile = ApplicantProfile.objects.get(user__username="nguyenvanan")
    assert (profile.province, profile.district, profile.commune) == (province, district, commune)


@pytest.mark.django_db
def test_demo_accounts_prints_a_table_of_logins():
    load_applicants()
    lines = run_command().splitlines()
    assert lines[0].split() == ["username", "password", "kind", "roles"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].split() == ["nguyenvanan", APPLICANT_PASSWORD, "individual", "-"]
    usernames = {line.split()[0] for line in lines[2:]}
    assert {applicant.username for applicant in APPLICANTS} <= usernames


@pytest.mark.django_db
def test_demo_accounts_json_lists_logins_with_their_roles():
    load_applicants()
    unit = UnitFactory()
    user = User.objects.get(username="nguyenvanan")
    StaffRole.objects.create(user=user, unit=unit, role=Role.DESK_OFFICER)

    rows = json.loads(run_command("--json"))

    assert len([row for row in rows if row["kind"] != "staff"]) == len(APPLICANTS)
    assert all(set(row) == {"username", "password", "kind", "roles"} for row in rows)
    first = rows[0]
    assert first["username"] == "nguyenvanan"
    assert first["roles"] == [{"role": "desk_officer", "unit_id": unit.pk}]
    assert {row["kind"] for row in rows} == set(ApplicantKind.values)
