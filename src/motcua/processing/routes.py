"""The route a dossier follows: the configured one of its (unit, procedure), or the default
reception → appraisal → approval → return, with the processing time shared between steps."""

from decimal import Decimal

from django.utils.translation import gettext_noop

from motcua.org.models import Role

from .models import RouteStep

# Step names are stored with each dossier (and printed on Mẫu 05) in Vietnamese.
DEFAULT_SHARES = (
    (gettext_noop("Tiếp nhận hồ sơ"), Role.DESK_OFFICER, Decimal("0")),
    (gettext_noop("Thẩm định hồ sơ"), Role.SPECIALIST, Decimal("0.7")),
    (gettext_noop("Phê duyệt kết quả"), Role.LEADER, Decimal("0.3")),
    (gettext_noop("Trả kết quả"), Role.DESK_OFFICER, Decimal("0")),
)


def default_route(unit_id: int, total_hours: Decimal) -> list[dict]:
    return [
        _step(position, name, role, unit_id, total_hours * share)
        for position, (name, role, share) in enumerate(DEFAULT_SHARES, start=1)
    ]


def route_snapshot(unit_id: int, procedure_id: int, total_hours: Decimal) -> list[dict]:
    """The steps (as plain data, kept on the dossier) for a dossier received by `unit_id`."""
    configured = RouteStep.objects.filter(
        route__unit_id=unit_id, route__procedure_id=procedure_id
    ).order_by("position")
    steps = [_step(s.position, s.name, s.role, s.unit_id or unit_id, s.hours) for s in configured]
    return steps if len(steps) >= 2 else default_route(unit_id, total_hours)


def _step(position: int, name: str, role: str, unit_id: int, hours: Decimal) -> dict:
    return {
        "position": position,
        "name": str(name),
        "role": str(role),
        "unit_id": unit_id,
        "hours": round(float(hours), 2),
    }
