"""Read queries for staff: which units a person works in, and the permission filter that
`dossiers.selectors.visible_dossiers` applies for officers (one indexed subquery)."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from motcua.org.models import Role, StaffRole, Unit

from .models import Apology, ApologyStatus, StepRecord


def is_staff_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and StaffRole.objects.filter(user=user).exists()


def is_province_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    return (
        user.is_authenticated
        and StaffRole.objects.filter(user=user, role=Role.PROVINCE_ADMIN).exists()
    )


def staff_units(user: AbstractBaseUser) -> QuerySet[Unit]:
    """The units where the user holds any role (all units for a province admin)."""
    if is_province_admin(user):
        return Unit.objects.filter(is_active=True).order_by("sort_order", "name")
    return Unit.objects.filter(staff_roles__user=user).distinct().order_by("sort_order", "name")


def has_role(user: AbstractBaseUser, unit_id: int, role: str) -> bool:
    return StaffRole.objects.filter(user=user, unit_id=unit_id, role=role).exists()


def officer_dossier_filter(user: AbstractBaseUser) -> Q | None:
    """Dossiers of the units where `user` holds a role, plus those currently at a route step
    in such a unit (liên thông); `Q()` (everything) for a province admin; None for non-staff."""
    if not user.is_authenticated:
        return None
    roles = StaffRole.objects.filter(user=user)
    if not roles.exists():
        return None
    if roles.filter(role=Role.PROVINCE_ADMIN).exists():
        return Q()
    unit_ids = roles.values("unit_id")
    return Q(unit_id__in=unit_ids) | Q(process__step_unit_id__in=unit_ids)


def step_records(dossier_id: int) -> QuerySet[StepRecord]:
    return StepRecord.objects.filter(dossier_id=dossier_id).select_related("unit", "completed_by")


def pending_apology(dossier_id: int) -> Apology | None:
    return Apology.objects.filter(dossier_id=dossier_id, status=ApologyStatus.DRAFT).first()
