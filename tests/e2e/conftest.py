"""Browser journeys: Debian's chromium driven by Playwright, against pytest-django's live server."""

import os

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE_VIEWPORT = {"width": 360, "height": 740}


@pytest.fixture
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        # While Playwright's sync API is active the test's ORM calls run in a context of its
        # own, whose database connection pytest-django never sees: close it here, or the
        # PostgreSQL test database cannot be dropped at the end of the run.
        connections.close_all()


@pytest.fixture
def page(browser):
    """A desktop page whose browser asks for Vietnamese."""
    return browser.new_page(locale="vi-VN")


@pytest.fixture
def phone_page(browser):
    """A phone-sized page (360 × 740)."""
    return browser.new_page(viewport=PHONE_VIEWPORT, locale="vi-VN")


@pytest.fixture(autouse=True)
def _site_url(request, settings):
    """Links in mails use the site's configured address (MOTCUA_SITE_URL): the live server."""
    if "live_server" in request.fixturenames:
        settings.MOTCUA_SITE_URL = request.getfixturevalue("live_server").url
