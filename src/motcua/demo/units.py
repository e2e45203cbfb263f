"""Khánh Hòa's units as in the seed (2016): the provincial People's Committee, 16 departments
(Sở, ngành), the 8 mainland district-level units and their communes from the GSO list.

Trường Sa (GSO 576), the island district, is left out: the seed counts 8 district-level
units with online procedures."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.org.models import Unit, UnitKind
from motcua.org.services import create_unit, import_units

PROVINCE_CODE = "56"
EXCLUDED_DISTRICTS = ("576",)
UNITS_FILE = ("dvhc", "units-2025-01-04.csv.gz")

# The departments of Khánh Hòa around 2016 that received dossiers online (Vietnamese name,
# English name), in the order the provincial portal listed them.
DEPARTMENTS = (
    ("Sở Nội vụ", "Department of Home Affairs"),
    ("Sở Tư pháp", "Department of Justice"),
    ("Sở Kế hoạch và Đầu tư", "Department of Planning and Investment"),
    ("Sở Tài chính", "Department of Finance"),
    ("Sở Công Thương", "Department of Industry and Trade"),
    ("Sở Nông nghiệp và Phát triển nông thôn", "Department of Agriculture and Rural Development"),
    ("Sở Giao thông vận tải", "Department of Transport"),
    ("Sở Xây dựng", "Department of Construction"),
    ("Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment"),
    ("Sở Thông tin và Truyền thông", "Department of Information and Communications"),
    ("Sở Lao động - Thương binh và Xã hội", "Department of Labour, Invalids and Social Affairs"),
    ("Sở Văn hóa và Thể thao", "Department of Culture and Sports"),
    ("Sở Du lịch", "Department of Tourism"),
    ("Sở Khoa học và Công nghệ", "Department of Science and Technology"),
    ("Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    ("Sở Y tế", "Department of Health"),
)


def reference_data_path(*parts: str) -> Path:
    """A file of the public reference data (setting MOTCUA_REFERENCE_DATA_DIR, default data/)."""
    return Path(settings.MOTCUA_REFERENCE_DATA_DIR).joinpath(*parts)


def demo_province() -> Unit | None:
    return Unit.objects.filter(kind=UnitKind.PROVINCE, gso_code=PROVINCE_CODE).first()


def load_units(csv_path: Path | None = None) -> str:
    """Import the province from the GSO list and add its departments. Idempotent: when the
    province already has all its departments nothing is read or written."""
    province = demo_province()
    if province and _department_count(province) >= len(DEPARTMENTS):
        return _("Đơn vị: đã có dữ liệu mẫu, bỏ qua.")
    path = csv_path or reference_data_path(*UNITS_FILE)
    if not path.exists():
        return _("Đơn vị: không tìm thấy %(path)s; bỏ qua dữ liệu mẫu về đơn vị.") % {"path": path}
    with transaction.atomic():
        summary = import_units(
            path, PROVINCE_CODE, exclude_codes=EXCLUDED_DISTRICTS, committee_names=True
        )
        added = _add_departments(summary.province)
    return _("Đơn vị: %(summary)s Thêm %(added)s sở, ngành.") % {
        "summary": summary,
        "added": added,
    }


def _department_count(province: Unit) -> int:
    return province.children.filter(kind=UnitKind.DEPARTMENT).count()


def _add_departments(province: Unit) -> int:
    existing = set(province.children.values_list("name", flat=True))
    added = 0
    for position, (name, english) in enumerate(DEPARTMENTS, start=1):
        if name in existing:
            continue
        create_unit(
            name=name,
            kind=UnitKind.DEPARTMENT,
            parent=province,
            english_name=english,
            sort_order=position,
        )
        added += 1
    return added
