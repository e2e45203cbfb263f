from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from motcua.portal import services
from motcua.portal.middleware import VISITOR_COOKIE
from motcua.portal.models import SiteCounter, VisitorPresence
from motcua.portal.selectors import online_visitor_count, visit_count

pytestmark = pytest.mark.django_db

GAP = timedelta(minutes=30)


def test_first_page_view_sets_a_visitor_cookie_and_counts_one_visit(client, browser_get):
    response = browser_get("/")

    cookie = response.cookies[VISITOR_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert visit_count() == 1
    assert online_visitor_count(timezone.now()) == 1


def test_page_views_of_the_same_visit_are_not_new_visits(browser_get):
    for path in ["/", "/thu-tuc/", "/co-quan/", "/"]:
        browser_get(path)

    assert visit_count() == 1
    assert VisitorPresence.objects.count() == 1


def test_home_counts_the_current_visitor(browser_get):
    html = browser_get("/").content.decode()

    assert 'id="online-now">1<' in html
    assert 'id="visit-count">1<' in html


def test_two_visitors_are_two_visits(client, browser_get):
    browser_get("/")
    client.cookies.clear()
    browser_get("/")

    assert visit_count() == 2
    assert online_visitor_count(timezone.now()) == 2


def test_a_forged_cookie_is_replaced(client, browser_get):
    client.cookies[VISITOR_COOKIE] = "<script>"

    response = browser_get("/")

    assert response.cookies[VISITOR_COOKIE].value != "<script>"
    assert visit_count() == 1


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("/static/motcua/site.css", {}),
        ("/api/docs", {}),
        ("/quan-tri/", {}),
        ("/", {"HTTP_ACCEPT": "application/json"}),
    ],
)
def test_static_api_admin_and_non_html_requests_are_not_counted(client, path, extra):
    client.get(path, **{"HTTP_ACCEPT": "text/html", **extra})

    assert visit_count() == 0
    assert VisitorPresence.objects.count() == 0


def test_post_requests_are_not_counted(client):
    client.post("/tra-cuu/", {"code": "X"}, HTTP_ACCEPT="text/html")

    assert visit_count() == 0


def test_a_request_after_thirty_minutes_of_inactivity_is_a_new_visit():
    start = timezone.now()

    key = "visitor-aaaaaaaaaaaa"

    assert services.record_presence(key, start) is True
    assert services.record_presence(key, start + GAP - timedelta(seconds=1)) is False
    assert services.record_presence(key, start + 2 * GAP) is True
    assert visit_count() == 2


def test_each_request_within_the_gap_extends_the_visit():
    start = timezone.now()
    for minutes in [0, 20, 40, 60]:
        services.record_presence("visitor-bbbbbbbbbbbb", start + timedelta(minutes=minutes))

    assert visit_count() == 1


def test_online_means_seen_within_the_last_five_minutes():
    now = timezone.now()
    services.record_presence("visitor-recent-aaaaaa", now - timedelta(minutes=4))
    services.record_presence("visitor-earlier-aaaaa", now - timedelta(minutes=6))

    assert online_visitor_count(now) == 1


def test_pruning_removes_only_presence_older_than_a_visit():
    now = timezone.now()
    services.record_presence("visitor-old-aaaaaaaaa", now - GAP - timedelta(minutes=1))
    services.record_presence("visitor-new-aaaaaaaaa", now - timedelta(minutes=10))

    assert services.prune_presence(now) == 1
    assert list(VisitorPresence.objects.values_list("visitor_key", flat=True)) == [
        "visitor-new-aaaaaaaaa"
    ]
    assert visit_count() == 2  # visits are kept


def test_counter_row_is_created_on_first_use_and_then_incremented():
    services.increment_counter("example")
    services.increment_counter("example", by=4)

    assert SiteCounter.objects.get(name="example").value == 5


def test_a_counter_failure_never_costs_the_visitor_the_page(browser_get, monkeypatch):
    def database_locked(*args):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "record_presence", database_locked)

    assert browser_get("/").status_code == 200


def test_presence_is_written_at_most_once_a_minute_per_process(browser_get):
    browser_get("/")
    first_seen = VisitorPresence.objects.get().last_seen

    browser_get("/thu-tuc/")

    assert VisitorPresence.objects.get().last_seen == first_seen
