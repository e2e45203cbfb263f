"""The public page cache: repeated anonymous reads are answered without the database, and
nothing personal (a session, a CSRF token, a message) is ever served to somebody else."""

import time

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from motcua.portal.selectors import visit_count
from tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.MOTCUA_PUBLIC_PAGE_SECONDS = 30
    caches["pages"].clear()
    caches["default"].clear()
    yield
    caches["pages"].clear()
    caches["default"].clear()


def test_a_repeated_anonymous_read_uses_no_database(client, django_assert_num_queries):
    ProcedureFactory(code="1.000001", name="Đăng ký khai sinh")
    first = client.get("/thu-tuc/?q=khai+sinh")

    with django_assert_num_queries(0):
        again = client.get("/thu-tuc/?q=khai+sinh")

    assert again.status_code == 200 and again.content == first.content
    assert "Đăng ký khai sinh" in again.content.decode()
    assert again["Content-Type"] == first["Content-Type"]


def test_a_change_shows_once_the_cached_page_is_older_than_the_setting(client, monkeypatch):
    procedure = ProcedureFactory(code="1.000002", name="Đăng ký kết hôn")
    assert "Đăng ký kết hôn" in client.get("/thu-tuc/1.000002/").content.decode()
    procedure.name = "Đăng ký kết hôn có yếu tố nước ngoài"
    procedure.save()

    assert "nước ngoài" not in client.get("/thu-tuc/1.000002/").content.decode()
    later = time.time() + 31
    monkeypatch.setattr(time, "time", lambda: later)
    assert "nước ngoài" in client.get("/thu-tuc/1.000002/").content.decode()


def test_a_page_one_process_rendered_is_served_by_the_others_until_it_expires(client, monkeypatch):
    procedure = ProcedureFactory(code="1.000005", name="Cấp giấy phép xây dựng")
    rendered = client.get("/thu-tuc/1.000005/").content
    procedure.name = "Cấp giấy phép xây dựng nhà ở riêng lẻ"
    procedure.save()
    caches["pages"].clear()  # another process: nothing of its own yet

    assert client.get("/thu-tuc/1.000005/").content == rendered
    caches["pages"].clear()
    later = time.time() + 31  # the shared copy's own clock (the database's) is not moved
    monkeypatch.setattr(time, "time", lambda: later)
    assert "nhà ở riêng lẻ" in client.get("/thu-tuc/1.000005/").content.decode()


def test_public_pages_render_while_the_shared_cache_is_out_of_reach(client, settings):
    ProcedureFactory(code="1.000006", name="Cấp phép khai thác khoáng sản")
    unreachable = {
        "BACKEND": "motcua.core.cache.SharedRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
    with override_settings(CACHES={**settings.CACHES, "default": unreachable}):
        for _ in range(2):
            caches["pages"].clear()  # each time as a process that has no copy
            response = client.get("/thu-tuc/1.000006/")
            assert response.status_code == 200
            assert "Cấp phép khai thác khoáng sản" in response.content.decode()


def test_each_query_string_is_its_own_page(client):
    ProcedureFactory(code="1.000003", name="Đăng ký khai sinh")
    ProcedureFactory(code="1.000004", name="Đăng ký kết hôn")
    client.get("/thu-tuc/?q=khai+sinh")

    html = client.get("/thu-tuc/?q=ket+hon").content.decode()

    assert "Đăng ký kết hôn" in html and "Đăng ký khai sinh" not in html


def test_a_logged_in_visitor_never_gets_the_anonymous_copy(client, settings):
    settings.AXES_ENABLED = False
    assert "/tai-khoan/login/" in client.get("/").content.decode()
    client.force_login(User.objects.create_user("an", password="x"))

    html = client.get("/").content.decode()

    assert "Hồ sơ của tôi" in html and "/tai-khoan/login/" not in html


def test_a_logged_in_visitors_page_is_never_served_to_others(client, settings):
    settings.AXES_ENABLED = False
    client.force_login(User.objects.create_user("an", password="x"))
    client.get("/")

    html = Client().get("/").content.decode()

    assert "Hồ sơ của tôi" not in html and "/tai-khoan/login/" in html


def test_each_language_has_its_own_copy(client):
    client.get("/")
    english = Client()
    english.get("/ngon-ngu/en/?next=/")

    assert english.get("/")["Content-Language"] == "en"
    assert client.get("/")["Content-Language"] == "vi"


def test_errors_are_not_stored(client):
    assert client.get("/thu-tuc/KHONG-CO/").status_code == 404
    procedure = ProcedureFactory(code="KHONG-CO", name="Thủ tục mới thêm")

    response = client.get("/thu-tuc/KHONG-CO/")

    assert response.status_code == 200 and procedure.name in response.content.decode()


@pytest.mark.urls("tests.core.pagecache_urls")
@pytest.mark.parametrize("path", ["/cookie/", "/csrf/"])
def test_answers_that_set_a_cookie_are_never_stored(client, path):
    client.get(path)

    again = Client().get(path)

    assert again.cookies, "a stored copy would have lost the visitor's own cookie"


@pytest.mark.urls("tests.core.pagecache_urls")
def test_two_visitors_never_share_a_csrf_token():
    first = Client().get("/csrf/").content
    second = Client().get("/csrf/").content

    assert first != second


def test_a_host_outside_allowed_hosts_is_refused_even_when_cached(client):
    client.get("/")

    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_visits_answered_from_the_cache_are_counted(client):
    Client().get("/", HTTP_ACCEPT="text/html")
    Client().get("/", HTTP_ACCEPT="text/html")

    assert visit_count() == 2


def test_the_api_rate_limit_counts_cached_answers(client, settings):
    settings.MOTCUA_RATE_LIMITS = {"api": "3/minute"}
    caches["default"].clear()
    statuses = [
        client.get("/api/v1/procedures", REMOTE_ADDR="203.0.113.7").status_code for _ in range(4)
    ]

    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/procedures", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429 and "quá nhiều yêu cầu" in response.json()["detail"]


def test_cached_api_answers_are_the_same_json(client):
    ProcedureFactory(code="1.000005", name="Cấp giấy phép xây dựng")
    first = client.get("/api/v1/procedures/1.000005")

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/procedures/1.000005")

    assert again.json() == first.json()
    assert again["Content-Type"] == first["Content-Type"]
    # Only the rate limiter's counter (in the database cache here) is touched.
    assert not [query for query in queries if "catalog_" in query["sql"]]


def _lookup(client, code: str, phone: str, **extra):
    body = {"code": code, "phone": phone}
    return client.post("/api/v1/lookup", body, content_type="application/json", **extra)


def _reads_dossiers(queries) -> bool:
    return any("dossiers_dossier" in query["sql"] for query in queries)


def test_a_found_lookup_is_repeated_for_the_same_code_and_number_only(client):
    from motcua.dossiers.models import Status
    from tests.dossiers.factories import DossierFactory

    dossier = DossierFactory(status=Status.RECEIVED, code="X-261204-0001")
    first = _lookup(client, dossier.code, "0905 123 456")
    with CaptureQueriesContext(connection) as queries:
        again = _lookup(client, dossier.code, "0905 123 456")
    assert again.status_code == 200 and again.json() == first.json()
    assert not _reads_dossiers(queries)
    # Another number is looked up afresh (and fails), every time: failures are not kept.
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert _lookup(client, dossier.code, "0905 000 000").status_code == 404
        assert _reads_dossiers(queries)


def test_cached_lookups_count_against_the_lookup_limit(client, settings):
    from motcua.dossiers.models import Status
    from tests.dossiers.factories import DossierFactory

    settings.MOTCUA_RATE_LIMITS = {**settings.MOTCUA_RATE_LIMITS, "lookup": "3/minute"}
    dossier = DossierFactory(status=Status.RECEIVED, code="X-261204-0002")
    statuses = [
        _lookup(client, dossier.code, "0905 123 456", REMOTE_ADDR="203.0.113.9").status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_a_large_post_is_never_read_before_its_view(client):
    """A body over the keyed size (an upload, a form) goes to its view untouched, every time."""
    from motcua.dossiers.models import Status
    from tests.dossiers.factories import DossierFactory

    dossier = DossierFactory(status=Status.RECEIVED, code="X-261204-0003")
    body = f'{{"code": "{dossier.code}", "phone": "0905 123 456"{" " * 2000}}}'
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.post("/api/v1/lookup", body, content_type="application/json")
        assert response.status_code == 200 and _reads_dossiers(queries)
