"""Demo accounts: applicants of each kind, with verified emails, and the list of every demo
login (username, password, kind) for `manage.py demo_accounts`.

Other demo modules add their logins to ACCOUNT_PROVIDERS (a function returning DemoLogin
rows); roles are read from org.StaffRole, so a staff provider only lists who it created.
Demo passwords live here and in those modules only, never in settings."""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.db import transaction

from motcua.accounts import services as account_services
from motcua.accounts.models import ApplicantKind
from motcua.org.models import StaffRole, Unit, UnitKind

APPLICANT_PASSWORD = "KhanhHoa@2026"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    kind: str  # an ApplicantKind value, or "staff"


@dataclass(frozen=True)
class DemoApplicant:
    username: str
    email: str
    kind: str
    full_name: str
    phone: str
    address_line: str
    commune_gso_code: str
    id_number: str = ""
    tax_code: str = ""
    representative: str = ""


APPLICANTS = (
    DemoApplicant(
        username="nguyenvanan",
        email="nguyenvanan@example.vn",
        kind=ApplicantKind.INDIVIDUAL,
        full_name="Nguyễn Văn An",
        id_number="056085001234",
        phone="0905123456",
        address_line="12 Trần Phú",
        commune_gso_code="22363",  # Phường Lộc Thọ, Nha Trang
    ),
    DemoApplicant(
        username="tranthibichngoc",
        email="tranthibichngoc@example.vn",
        kind=ApplicantKind.INDIVIDUAL,
        full_name="Trần Thị Bích Ngọc",
        id_number="056190004321",
        phone="0358246810",
        address_line="Thôn Phú Ân Nam 2",
        commune_gso_code="22651",  # Thị trấn Diên Khánh
    ),
    DemoApplicant(
        username="truongthptlytutrong",
        email="c3lytutrong@example.vn",
        kind=ApplicantKind.ORGANISATION,
        full_name="Trường Trung học phổ thông Lý Tự Trọng",
        tax_code="4200456125",
        representative="Lê Minh Tuấn",
        phone="02583822123",
        address_line="15 Lê Thánh Tôn",
        commune_gso_code="22366",  # Phường Tân Tiến, Nha Trang
    ),
    DemoApplicant(
        username="hoinongdanvanninh",
        email="hoinongdanvanninh@example.vn",
        kind=ApplicantKind.ORGANISATION,
        full_name="Hội Nông dân huyện Vạn Ninh",
        representative="Phạm Văn Dũng",
        phone="0772468135",
        address_line="Đường Hùng Vương",
        commune_gso_code="22489",  # Thị trấn Vạn Giã
    ),
    DemoApplicant(
        username="bienxanhnhatrang",
        email="lienhe@bienxanhnhatrang.example.vn",
        kind=ApplicantKind.BUSINESS,
        full_name="Công ty TNHH Du lịch Biển Xanh Nha Trang",
        tax_code="4201315783",
        representative="Võ Thị Thu Hà",
        phone="0914567890",
        address_line="78 Nguyễn Thiện Thuật",
        commune_gso_code="22363",  # Phường Lộc Thọ, Nha Trang
    ),
    DemoApplicant(
        username="thuysancamranh",
        email="chinhanh@thuysancamranh.example.vn",
        kind=ApplicantKind.BUSINESS,
        full_name="Công ty Cổ phần Thủy sản Cam Ranh – Chi nhánh Ba Ngòi",
        tax_code="4200234563-001",
        representative="Đặng Quốc Bảo",
        phone="0983123789",
        address_line="Lô B2, Cảng cá Ba Ngòi",
        commune_gso_code="22423",  # Phường Ba Ngòi, Cam Ranh
    ),
)


def applicant_logins() -> list[DemoLogin]:
    return [DemoLogin(a.username, APPLICANT_PASSWORD, a.kind) for a in APPLICANTS]


ACCOUNT_PROVIDERS: list[Callable[[], list[DemoLogin]]] = [applicant_logins]


def demo_logins() -> list[DemoLogin]:
    return [login for provider in ACCOUNT_PROVIDERS for login in provider()]


def roles_by_username(usernames: list[str]) -> dict[str, list[dict]]:
    """{username: [{"role", "unit_id"}]} from org.StaffRole, in one query."""
    roles: dict[str, list[dict]] = {username: [] for username in usernames}
    rows = StaffRole.objects.filter(user__username__in=usernames).order_by("role", "unit_id")
    for username, role, unit_id in rows.values_list("user__username", "role", "unit_id"):
        roles[username].append({"role": role, "unit_id": unit_id})
    return roles


def _address_units(commune_gso_code: str) -> dict:
    """Province, district and commune of a GSO commune code (empty when units are not loaded)."""
    commune = (
        Unit.objects.select_related("parent__parent")
        .filter(kind=UnitKind.COMMUNE, gso_code=commune_gso_code)
        .first()
    )
    if commune is None:
        return {}
    district = commune.parent if commune.parent.kind == UnitKind.DISTRICT else None
    province = district.parent if district else commune.parent
    return {"province": province, "district": district, "commune": commune}


def _profile_data(applicant: DemoApplicant) -> dict:
    fields = ("kind", "full_name", "id_number", "tax_code", "representative", "phone")
    data = {name: getattr(applicant, name) for name in fields}
    return (
        data | {"address_line": applicant.address_line} | _address_units(applicant.commune_gso_code)
    )


@transaction.atomic
def load_applicants() -> str:
    """Create the demo applicants that are missing (idempotent: existing ones are left as
    they are, so a changed password or profile survives a restart)."""
    created = 0
    for applicant in APPLICANTS:
        if User.objects.filter(username=applicant.username).exists():
            continue
        user = User.objects.create_user(applicant.username, applicant.email, APPLICANT_PASSWORD)
        EmailAddress.objects.create(user=user, email=applicant.email, verified=True, primary=True)
        account_services.save_applicant_profile(user, _profile_data(applicant))
        created += 1
    return f"Tài khoản mẫu: {len(APPLICANTS)} người nộp hồ sơ ({created} mới tạo)."
