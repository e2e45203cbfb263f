import pytest

from motcua.core import calendar
from tests.desk.conftest import api_client  # noqa: F401  (fixtures for the audit tests)
from tests.processing.conftest import _fast_passwords, desk, unit  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_calendar_overrides():
    """A test's overrides vanish with its rolled-back transaction: let no process keep them."""
    calendar.forget_overrides()
    yield
    calendar.forget_overrides()
