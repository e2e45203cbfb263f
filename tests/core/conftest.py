import pytest

from motcua.core import calendar


@pytest.fixture(autouse=True)
def _fresh_calendar_overrides():
    """A test's overrides vanish with its rolled-back transaction: let no process keep them."""
    calendar.forget_overrides()
    yield
    calendar.forget_overrides()
