"""Runs in a separate process (spawned): a web process serving browsers, for the counter tests.

Kept free of Django imports at module level: the child sets Django up itself."""

BROWSER_ACCEPT = "text/html,application/xhtml+xml"
BARRIER_TIMEOUT = 120


def browse(database_name: str, visitor_keys: list[str], new_visitors: int, barrier) -> None:
    """Point this process at the test database, then twice (in step with the other process
    and the test, which moves time on in between) request the home page once for each visitor
    key and, the first time only, once for each cookie-less new visitor."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection, connections
    from django.test import Client

    from motcua.portal.middleware import VISITOR_COOKIE

    connections["default"].settings_dict["NAME"] = database_name
    settings.STORAGES = {  # as in tests/conftest.py: no collected-static manifest needed
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    def get_home(visitor_key: str | None) -> None:
        client = Client(HTTP_ACCEPT=BROWSER_ACCEPT)
        if visitor_key:
            client.cookies[VISITOR_COOKIE] = visitor_key
        assert client.get("/").status_code == 200

    barrier.wait(timeout=BARRIER_TIMEOUT)  # both processes ready: start together
    for key in visitor_keys + [None] * new_visitors:
        get_home(key)
    connection.close()
    barrier.wait(timeout=BARRIER_TIMEOUT)  # round one done: the test moves time on
    barrier.wait(timeout=BARRIER_TIMEOUT)
    caches["local"].clear()
    for key in visitor_keys:
        get_home(key)
    connection.close()
