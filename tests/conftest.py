import pytest

from tests.mailbox import mailbox  # noqa: F401  (the SMTP test mailbox fixture)


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    """Private files of a test go to its own folder; tasks run at once in tests; public pages
        are rendered afresh (tests/core/test_pagecache.py turns the page cache on), and so are
    report tables."""
    settings.MOTCUA_PUBLIC_PAGE_SECONDS = 0
    settings.MOTCUA_DESK_TABS_SECONDS = 0  # tests/desk/test_queue.py turns it on
    settings.MOTCUA_STATS_CACHE_SECONDS = 0  # tests/stats/test_pages.py turns it on
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
