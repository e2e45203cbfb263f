import pytest

from tests.processing.conftest import _fast_passwords, desk, leader, specialist, unit  # noqa: F401


@pytest.fixture
def immediate(settings):
    """Tasks run in the test process once the transaction commits."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def database_tasks(settings):
    """Tasks are rows for a worker (production's backend); the test runs them by hand."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def smtp_down(settings):
    """The mail server refuses connections (nothing listens on port 9)."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` — the block's on-commit work (immediate tasks) runs at its end, as
    after a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
