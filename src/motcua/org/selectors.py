"""Read queries of the organisation tree."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from .models import StaffRole, Unit, UnitKind

ADMINISTRATIVE_KINDS = (UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE)


def staff_roles(user) -> tuple[tuple[int, str], ...]:
    """The (unit id, role) pairs the user holds. Read once per request and kept on the user
    object, which lives as long as the request: the staff pages ask several times (who may
    enter, which units, which queue), and a role granted meanwhile counts from the next one."""
    if not user.is_authenticated:
        return ()
    roles = getattr(user, "_motcua_staff_roles", None)
    if roles is None:
        roles = keep_staff_roles(
            user, StaffRole.objects.filter(user_id=user.pk).values_list("unit_id", "role")
        )
    return roles


def keep_staff_roles(user, roles: Iterable[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    """Keep `roles` (the user's (unit id, role) pairs, read by the caller) for the rest of the
    request: for a caller that reads them together with other facts in one query."""
    user._motcua_staff_roles = tuple(roles)
    return user._motcua_staff_roles


def holds_role(user, role: str) -> bool:
    """Whether the user holds `role` in any unit."""
    return any(held == role for _unit_id, held in staff_roles(user))


def staff_unit_ids(user) -> list[int]:
    """The ids of the units where the user holds any role, in order."""
    return sorted({unit_id for unit_id, _role in staff_roles(user)})


def units_for_picker(parent_id: int | None = None) -> QuerySet[Unit]:
    """The choices of an address picker: provinces when `parent_id` is None, otherwise the
    active administrative children of that unit (districts, or communes directly under a
    province in the two-level structure). Departments are not places and never appear.
    Official (GSO code) order, as on printed forms."""
    qs = Unit.objects.filter(is_active=True, kind__in=ADMINISTRATIVE_KINDS)
    qs = qs.filter(parent__isnull=True) if parent_id is None else qs.filter(parent_id=parent_id)
    return qs.order_by("sort_order", "gso_code", "name")


@dataclass
class UnitNode:
    unit: Unit
    children: list["UnitNode"] = field(default_factory=list)


_KIND_ORDER = {kind: position for position, kind in enumerate(UnitKind.values)}


def unit_tree(*, include_inactive: bool = False) -> list[UnitNode]:
    """All units as a forest of nodes (one query): under each unit the departments come
    first, then district-level units, then communes, each in sort order and GSO order."""
    qs = Unit.objects.all() if include_inactive else Unit.objects.filter(is_active=True)
    units = sorted(
        qs, key=lambda u: (_KIND_ORDER.get(u.kind, 99), u.sort_order, u.gso_code, u.name)
    )
    nodes = {unit.pk: UnitNode(unit) for unit in units}
    roots = []
    for unit in units:
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(nodes[unit.pk])
    return roots
