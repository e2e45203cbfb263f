"""Demo staff: a desk officer, a specialist and a leader for every demo department and
district and for two communes, plus one province admin. Usernames are `<role>.<unit slug>`
(e.g. motcua.sotuphap, chuyenvien.huyenvanninh, lanhdao.phuongloctho)."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

from motcua.core.text import fold
from motcua.org.models import Role, StaffRole, Unit, UnitKind

from .accounts import ACCOUNT_PROVIDERS, DemoLogin

STAFF_PASSWORD = "CanBo@2026"
PROVINCE_ADMIN = "quantri.tinh"
# Phường Lộc Thọ (Nha Trang) and Thị trấn Diên Khánh, where demo applicants live.
DEMO_COMMUNES = ("22363", "22651")
ROLE_PREFIXES = (
    (Role.DESK_OFFICER, "motcua"),
    (Role.SPECIALIST, "chuyenvien"),
    (Role.LEADER, "lanhdao"),
)
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Huỳnh")
GIVEN_NAMES = ("Thị Hoa", "Văn Bình", "Minh Châu", "Quốc Dũng", "Thu Hằng", "Đức Long")


def demo_province() -> Unit | None:
    """The tenant's province (the demo has one)."""
    return Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("sort_order", "pk").first()


def staff_units() -> list[Unit]:
    province = demo_province()
    if province is None:
        return []
    units = Unit.objects.filter(
        parent=province, kind__in=[UnitKind.DEPARTMENT, UnitKind.DISTRICT], is_active=True
    ).order_by("kind", "sort_order", "name")
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE, gso_code__in=DEMO_COMMUNES)
    return [*units, *communes.order_by("gso_code")]


def _slug(unit: Unit) -> str:
    return fold(unit.name).replace(" ", "")[:40]


def _full_name(index: int) -> str:
    return f"{FAMILY_NAMES[index % len(FAMILY_NAMES)]} {GIVEN_NAMES[index % len(GIVEN_NAMES)]}"


def staff_accounts() -> list[tuple[str, Unit, str]]:
    """(username, unit, role) for every demo officer; the province admin first."""
    accounts = []
    province = demo_province()
    if province is not None:
        accounts.append((PROVINCE_ADMIN, province, Role.PROVINCE_ADMIN))
    for unit in staff_units():
        accounts += [(f"{prefix}.{_slug(unit)}", unit, role) for role, prefix in ROLE_PREFIXES]
    return accounts


def staff_logins() -> list[DemoLogin]:
    usernames = [username for username, _unit, _role in staff_accounts()]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    return [DemoLogin(name, STAFF_PASSWORD, "staff") for name in usernames if name in existing]


ACCOUNT_PROVIDERS.append(staff_logins)


@transaction.atomic
def load_staff() -> str:
    """Create missing demo officers and their roles (idempotent). One password hash is
    computed once for all of them: hashing ~80 passwords one by one takes half a minute."""
    accounts = staff_accounts()
    if not accounts:
        return "Cán bộ mẫu: chưa có đơn vị mẫu, bỏ qua."
    usernames = [username for username, _unit, _role in accounts]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    roles = StaffRole.objects.filter(user__username__in=usernames).count()
    if len(existing) == len(accounts) and roles >= len(accounts):
        return "Cán bộ mẫu: đã có dữ liệu mẫu, bỏ qua."
    password = make_password(STAFF_PASSWORD)
    created = 0
    for index, (username, unit, role) in enumerate(accounts):
        if username not in existing:
            first, _space, last = _full_name(index).partition(" ")
            User.objects.create(
                username=username,
                password=password,
                email=f"{username}@khanhhoa.gov.example.vn",
                first_name=first,
                last_name=last,
                is_staff=role == Role.PROVINCE_ADMIN,
                is_superuser=role == Role.PROVINCE_ADMIN,
            )
            created += 1
        user_id = User.objects.only("pk").get(username=username).pk
        StaffRole.objects.get_or_create(user_id=user_id, unit=unit, role=role)
    return f"Cán bộ mẫu: {len(accounts)} tài khoản ({created} mới tạo)."
