"""Writes of the shared kernel."""

from django.db import transaction

from motcua.core import calendar
from motcua.core.models import CalendarOverride


def save_calendar_override(override: CalendarOverride) -> CalendarOverride:
    """Save an announced change to the working calendar and make deadlines use it.

    This process forgets its cached overrides at once (so the saving request sees the change)
    and again after the commit (so no other thread keeps what it read meanwhile); other
    processes re-read the table within MOTCUA_CALENDAR_REFRESH_SECONDS.
    """
    with transaction.atomic():
        override.full_clean()
        override.save()
        _forget_cached_overrides()
    return override


def delete_calendar_override(override: CalendarOverride) -> None:
    with transaction.atomic():
        override.delete()
        _forget_cached_overrides()


def _forget_cached_overrides() -> None:
    calendar.forget_overrides()
    transaction.on_commit(calendar.forget_overrides)
