"""Writes of the shared kernel."""

from django.db import models, transaction
from django.http import HttpRequest

from motcua.core import calendar, ratelimit
from motcua.core.models import AuditEvent, CalendarOverride


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


def record_audit(
    action: str,
    obj: models.Model,
    *,
    request: HttpRequest | None = None,
    actor=None,
    detail: str = "",
) -> AuditEvent:
    """Record that `actor` (default: the request's logged-in user) did `action` (an
    AuditAction) on `obj`, from the request's client address.

    Call it from the view BEFORE the action and outside any atomic block: requests are not
    atomic (ATOMIC_REQUESTS is off), so the row is committed at once and survives whatever
    the rest of the request does, a refused action or a crash included. Never call it per
    row of a list page: one event per object a person opens or downloads."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    with transaction.atomic():
        return AuditEvent.objects.create(
            actor=actor,
            actor_username=actor.get_username() if actor else "",
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            ip=ratelimit.client_ip_or_none(request) if request is not None else None,
            detail=detail[:255],
        )
