"""Redis (the two-node layout's cache and sessions, as settings make it with REDIS_URL)
restarted under requests: sessions may be lost (the applicant logs in again), dossiers never,
and nothing answers 500. A real redis-server of the test's own is stopped and started."""

import pytest

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierFile
from tests.accounts.factories import PASSWORD
from tests.dossiers.conftest import pdf
from tests.dossiers.test_api import bearer, submit_at_once
from tests.dossiers.test_files import post

pytestmark = pytest.mark.django_db
LOGIN_URL = "/tai-khoan/login/"


@pytest.fixture
def two_node_cache(settings, redis_server):
    """The cache and the sessions in Redis exactly as settings.py puts them with REDIS_URL;
    public pages kept by the page cache (its shared copy in Redis too)."""
    shared = {"LOCATION": redis_server.url, "KEY_PREFIX": "faults"}
    settings.CACHES = {
        **settings.CACHES,
        "default": {**shared, "BACKEND": "motcua.core.cache.SharedRedisCache"},
        "sessions": {**shared, "BACKEND": "motcua.core.cache.SessionRedisCache"},
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    settings.SESSION_CACHE_ALIAS = "sessions"
    settings.MOTCUA_PUBLIC_PAGE_SECONDS = 30
    return redis_server


def log_in(client, user):
    return client.post(LOGIN_URL, {"login": user.username, "password": PASSWORD})


def test_a_redis_restart_loses_sessions_at_worst_and_never_a_dossier(
    client, applicant, world, two_node_cache
):
    assert log_in(client, applicant).status_code == 302
    assert client.get("/ho-so/").status_code == 200
    token = bearer(applicant)
    before = submit_at_once(client, token, world)
    assert before.status_code == 201

    two_node_cache.stop()
    client.raise_request_exception = False  # answered as a server answers, by handler500
    public = [client.get(path).status_code for path in ("/", "/thu-tuc/", "/healthz")]
    own_page = client.get("/ho-so/")
    during = submit_at_once(client, token, world)
    submitted = Dossier.objects.get(code=before.json()["code"])
    lookup = client.post(
        "/api/v1/lookup",
        {"code": submitted.code, "phone": submitted.applicant_phone},
        content_type="application/json",
    )
    login = log_in(client, applicant)

    assert public == [200, 200, 503]  # pages from the database; the health check tells
    assert own_page.status_code == 302 and own_page["Location"].startswith(LOGIN_URL)
    assert during.status_code == 201  # an API submission needs no session
    assert lookup.status_code == 200
    assert login.status_code == 503 and login["Retry-After"]  # no session can be kept
    assert "Hệ thống đang tạm gián đoạn" in login.content.decode()

    two_node_cache.start()
    assert client.get("/ho-so/").status_code == 302  # the session did not survive
    assert log_in(client, applicant).status_code == 302
    page = client.get("/ho-so/").content.decode()
    codes = [before.json()["code"], during.json()["code"]]
    assert all(code in page for code in codes)
    for dossier in Dossier.objects.filter(code__in=codes):
        assert dossier.files.count() == 2


def test_an_upload_while_redis_is_down_is_stored_or_refused_never_half(
    client, applicant, world, two_node_cache
):
    draft = services.start_draft(applicant, world["procedure"], world["unit"])
    client.force_login(applicant)
    two_node_cache.stop()

    # The session is gone: the page asks to log in again, and nothing was stored.
    response = post(client, draft, world["documents"][0], pdf())
    assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL)
    assert not DossierFile.objects.exists()
