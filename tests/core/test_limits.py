"""Limits that fit real use: anonymous requests per address, logged-in ones per account,
expensive actions against limits of their own, and a 429 that says when to retry, in
Vietnamese; upload limits the same in the proxy config, the server and the page."""

import re
from pathlib import Path

import pytest
from django.test import Client

from motcua.accounts import services as account_services
from motcua.accounts.models import ApiToken
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
OFFICE = "203.0.113.7"  # one office's NAT address, shared by everyone behind it
MESSAGE = "Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def logged_in(user) -> Client:
    client = Client(REMOTE_ADDR=OFFICE)
    client.force_login(user)
    return client


def assert_refused_as_json(response):
    assert response.status_code == 429
    assert response.json()["detail"].startswith(MESSAGE)
    assert 1 <= int(response["Retry-After"]) <= 3600


def test_people_behind_one_address_have_their_own_api_counts(settings):
    settings.MOTCUA_RATE_LIMITS = {"api": "1/minute", "api_account": "2/minute"}
    anna, binh = logged_in(UserFactory()), logged_in(UserFactory())
    anonymous = Client(REMOTE_ADDR=OFFICE)

    annas = [anna.get("/api/v1/units").status_code for _ in range(3)]
    binhs = binh.get("/api/v1/units").status_code
    anonymous_ones = [anonymous.get("/api/v1/units").status_code for _ in range(2)]

    assert annas == [200, 200, 429]
    assert binhs == 200
    assert anonymous_ones == [200, 429]


def test_a_token_counts_against_its_account_from_any_address(settings):
    settings.MOTCUA_RATE_LIMITS = {"api": "1/minute", "api_account": "2/minute"}
    _token, key = account_services.create_api_token(UserFactory(), "tích hợp")
    office = Client(REMOTE_ADDR=OFFICE, HTTP_AUTHORIZATION=f"Bearer {key}")
    elsewhere = Client(REMOTE_ADDR="198.51.100.9", HTTP_AUTHORIZATION=f"Bearer {key}")

    statuses = [office.get("/api/v1/auth/me").status_code for _ in range(2)]
    refused = elsewhere.get("/api/v1/auth/me")

    assert statuses == [200, 200]
    assert_refused_as_json(refused)


def test_issuing_tokens_has_the_login_limit(settings):
    settings.MOTCUA_RATE_LIMITS = {"api": "100/minute", "login": "2/minute"}
    user = UserFactory(username="tichhop")
    client = Client(REMOTE_ADDR=OFFICE)
    body = {"username": "tichhop", "password": "sai", "name": "x"}

    statuses = [
        client.post("/api/v1/auth/token", body, content_type="application/json").status_code
        for _ in range(2)
    ]
    refused = client.post(
        "/api/v1/auth/token", {**body, "password": PASSWORD}, content_type="application/json"
    )
    units = client.get("/api/v1/units")

    assert statuses == [401, 401]
    assert_refused_as_json(refused)
    assert not ApiToken.objects.filter(user=user).exists()
    assert units.status_code == 200  # only the expensive action is refused


def test_logging_in_on_the_page_has_a_limit_per_address_and_a_vietnamese_429_page(settings):
    settings.MOTCUA_RATE_LIMITS = {"login": "2/minute"}
    UserFactory(username="lan")
    client = Client(REMOTE_ADDR=OFFICE)
    form = {"login": "lan", "password": "sai"}

    statuses = [client.post("/tai-khoan/login/", form).status_code for _ in range(2)]
    refused = client.post("/tai-khoan/login/", {"login": "lan", "password": PASSWORD})
    elsewhere = Client(REMOTE_ADDR="198.51.100.9").post("/tai-khoan/login/", form)
    page = client.get("/tai-khoan/login/")

    assert statuses == [200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert MESSAGE in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert elsewhere.status_code == 200
    assert page.status_code == 200  # reading the page is not the action


def test_an_applicant_submitting_counts_against_their_account_only(settings):
    settings.MOTCUA_RATE_LIMITS = {"submission": "1/hour"}
    anna, binh = logged_in(UserFactory()), logged_in(UserFactory())

    # Another person's or a missing dossier is a 404; the attempt still counts.
    first, second = anna.post("/ho-so/999999/kiem-tra/"), anna.post("/ho-so/999999/kiem-tra/")
    binhs = binh.post("/ho-so/999999/kiem-tra/")

    assert (first.status_code, second.status_code, binhs.status_code) == (404, 429, 404)
    assert 1 <= int(second["Retry-After"]) <= 3600


def test_the_proxy_the_server_and_the_page_have_the_same_upload_limits(settings):
    from motcua.dossiers.forms import UploadForm

    config = (Path(settings.BASE_DIR) / "docs" / "nginx.conf").read_text()
    [body_mb] = re.findall(r"^\s*client_max_body_size\s+(\d+)m;", config, re.M)

    # One request carries at most one dossier's files, plus 1 MB of form fields.
    assert int(body_mb) == settings.MOTCUA_MAX_DOSSIER_MB + 1
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.MOTCUA_MAX_UPLOAD_MB * 1024 * 1024
    help_text = str(UploadForm().fields["files"].help_text)
    assert help_text == (
        f"Mỗi tệp tối đa {settings.MOTCUA_MAX_UPLOAD_MB} MB; "
        f"cả hồ sơ tối đa {settings.MOTCUA_MAX_DOSSIER_MB} MB."
    )
