"""Khánh Hòa's demo catalogue, built from the national procedure file so that the seed's
picture holds: 473 procedures online (level 3 or 4) across the 16 departments and the 8
district-level units, more than 10 at every commune, a few fully online (level 4).

How procedures are assigned (deterministic, no randomness):

* a department offers the provincial-level ("Cấp tỉnh") procedures of its fields
  (FIELD_DEPARTMENTS, read from data/field-departments.csv: the 2016 split of competences
  between the Sở, and each Sở's legal functions for fields the national file lacks);
* each district-level unit offers the commune-level ("Cấp xã") procedures of the fields that
  were handled by districts before July 2025 (DISTRICT_FIELDS: household businesses,
  cooperatives, building permits, certification, ...);
* each commune offers the simplest COMMUNE_ONLINE procedures of COMMUNE_FIELDS online.

Which procedures are online follows the seed: "procedures whose documents are simple".
Each department and the districts list their procedures simplest first (fewest required
documents, then code); they take turns adding their next procedure to the online set until
it holds ONLINE_PROCEDURES. Offered procedures outside that set are at level 2 (forms to
download). Level 4 goes to the trade-promotion notice (the seed's no-visit example) and to
the first procedures of the online set that are free of charge or, every third one, charge a
fixed fee (so that the demo has fees to pay online).
"""

import csv
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from motcua.catalog.models import Offering, OnlineLevel, Procedure
from motcua.catalog.selectors import catalogue_stats
from motcua.catalog.services import (
    import_procedures,
    save_procedure,
    set_offering,
)
from motcua.core.text import fold
from motcua.org.models import Unit, UnitKind

from .units import demo_province, reference_data_path

CATALOGUE_FILE = ("tthc", "national-procedures.jsonl.gz")
ONLINE_PROCEDURES = 473
FULL_ONLINE_PROCEDURES = 10
COMMUNE_ONLINE = 12
PROVINCE_LEVEL, COMMUNE_LEVEL = "Cấp tỉnh", "Cấp xã"

FIELD_DEPARTMENTS_FILE = Path(__file__).parent / "data" / "field-departments.csv"


def read_field_departments(path: Path = FIELD_DEPARTMENTS_FILE) -> dict[str, tuple[str, ...]]:
    """Department name -> the fields it handles, in the file's order (data/README.md there
    says where each row comes from)."""
    departments: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            departments.setdefault(row["so_nganh"], []).append(row["linh_vuc"])
    return {name: tuple(fields) for name, fields in departments.items()}


FIELD_DEPARTMENTS = read_field_departments()
DISTRICT_FIELDS = (
    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
    "Thành lập và hoạt động của tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã",
    "Thành lập và hoạt động của tổ hợp tác",
    "Hoạt động xây dựng",
    "Quy hoạch đô thị và nông thôn",
    "Hạ tầng kỹ thuật",
    "Chứng thực",
    "Đất đai",
)
COMMUNE_FIELDS = ("Hộ tịch", "Chứng thực", "Hòa giải ở cơ sở", "Người có công", "Giảm nghèo")

# "Thông báo thực hiện khuyến mại" from its public description (Luật Thương mại 2005, Nghị
# định 81/2018/NĐ-CP). The national file has no Bộ Công Thương procedures; the code is a
# local one until the national code is entered. Processing time: the demo's assumption
# (the decree sets the trader's notice period, not a time for the department).
PROMOTION_DEPARTMENT = "Sở Công Thương"
PROMOTION_NOTICE = {
    "ma_thu_tuc": "H56.CT.KM01",
    "ten_thu_tuc": "Thông báo thực hiện khuyến mại",
    "so_quyet_dinh": "",
    "cap_thuc_hien": PROVINCE_LEVEL,
    "loai_thu_tuc": "TTHC được luật giao quy định chi tiết",
    "linh_vuc": "Xúc tiến thương mại",
    "doi_tuong_thuc_hien": "Doanh nghiệp, Thương nhân",
    "co_quan_co_tham_quyen": "Sở Công Thương",
    "co_quan_thuc_hien": "Sở Công Thương",
    "dia_chi_tiep_nhan": "Bộ phận tiếp nhận và trả kết quả của Sở Công Thương",
    "trinh_tu_thuc_hien": (
        "Bước 1: Thương nhân gửi hồ sơ thông báo thực hiện khuyến mại đến Sở Công Thương "
        "nơi tổ chức khuyến mại chậm nhất trước 03 ngày làm việc trước khi thực hiện "
        "khuyến mại.\nBước 2: Sở Công Thương tiếp nhận hồ sơ thông báo."
    ),
    "cach_thuc_thuc_hien": (
        "Hình thức nộpThời gianPhí, lệ phíMô tả"
        "Trực tiếp1 Ngày làm việcMiễn phíNộp tại Bộ phận một cửa của Sở Công Thương."
        "Trực tuyến1 Ngày làm việcMiễn phíNộp qua Cổng dịch vụ công của tỉnh."
        "Dịch vụ bưu chính1 Ngày làm việcMiễn phíGửi qua dịch vụ bưu chính công ích."
    ),
    "thanh_phan_ho_so": (
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượng"
        "Thông báo thực hiện khuyến mại theo Mẫu số 01 Phụ lục ban hành kèm theo Nghị định "
        "số 81/2018/NĐ-CP 1 bản chính"
    ),
    "yeu_cau_dieu_kien": (
        "Thương nhân thông báo chậm nhất trước 03 ngày làm việc trước khi thực hiện khuyến "
        "mại; chương trình khuyến mại theo đúng nội dung đã thông báo."
    ),
    "ket_qua_xu_ly": "Hồ sơ thông báo thực hiện khuyến mại được tiếp nhận.",
    "can_cu_phap_ly": (
        "Luật Thương mại số 36/2005/QH11; Nghị định số 81/2018/NĐ-CP ngày 22/5/2018 quy "
        "định chi tiết Luật Thương mại về hoạt động xúc tiến thương mại."
    ),
    "detail_url": "",
    "raw_text": "",
}


@dataclass(frozen=True)
class Candidate:
    """What the plan needs to know about one procedure."""

    procedure_id: int
    code: str
    field_name: str
    levels: str
    documents: int
    fee_free: bool
    fee_charged: bool = False  # a channel charges a fixed amount


@dataclass
class OfferingPlan:
    """procedure id -> online level, per department (by name), for every district-level
    unit, and for every commune."""

    departments: dict[str, dict[int, int]] = field(default_factory=dict)
    districts: dict[int, int] = field(default_factory=dict)
    communes: dict[int, int] = field(default_factory=dict)

    @property
    def online(self) -> set[int]:
        """Procedures offered at level 3 or 4 by a department or a district-level unit."""
        levels = [*self.departments.values(), self.districts]
        return {
            pid for by_id in levels for pid, level in by_id.items() if level >= OnlineLevel.PARTIAL
        }


def plan_offerings(
    candidates: list[Candidate],
    *,
    promoted_id: int | None = None,
    online_target: int = ONLINE_PROCEDURES,
    full_online_target: int = FULL_ONLINE_PROCEDURES,
) -> OfferingPlan:
    """Who offers what at which level (see the module docstring); a pure function."""
    by_department = {
        name: _simplest_first(
            c for c in candidates if PROVINCE_LEVEL in c.levels and c.field_name in fields
        )
        for name, fields in FIELD_DEPARTMENTS.items()
    }
    promoted = [c for c in candidates if c.procedure_id == promoted_id]
    by_department[PROMOTION_DEPARTMENT] = _unique([*promoted, *by_department[PROMOTION_DEPARTMENT]])
    for_districts = _simplest_first(
        c for c in candidates if COMMUNE_LEVEL in c.levels and c.field_name in DISTRICT_FIELDS
    )
    online = _take_in_turns([*by_department.values(), for_districts], online_target)
    full = _full_online(online, by_department, promoted_id, full_online_target)

    def level(pid: int) -> int:
        if pid in full:
            return OnlineLevel.FULL
        return OnlineLevel.PARTIAL if pid in online else OnlineLevel.FORMS

    for_communes = _simplest_first(
        c for c in candidates if COMMUNE_LEVEL in c.levels and c.field_name in COMMUNE_FIELDS
    )[:COMMUNE_ONLINE]
    return OfferingPlan(
        departments={
            name: {c.procedure_id: level(c.procedure_id) for c in group}
            for name, group in by_department.items()
        },
        districts={c.procedure_id: level(c.procedure_id) for c in for_districts},
        communes={c.procedure_id: OnlineLevel.PARTIAL for c in for_communes},
    )


def _simplest_first(candidates) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (c.documents, c.code))


def _unique(candidates: list[Candidate]) -> list[Candidate]:
    """Without repeats, in order of first appearance."""
    return list({c.procedure_id: c for c in candidates}.values())


def _take_in_turns(groups: list[list[Candidate]], limit: int) -> list[int]:
    """Each group adds its next procedure in turn until `limit` distinct ones are chosen."""
    chosen: dict[int, None] = {}
    for row in zip_longest(*groups):
        for candidate in row:
            if len(chosen) == limit:
                return list(chosen)
            if candidate is not None:
                chosen.setdefault(candidate.procedure_id)
    return list(chosen)


def _full_online(
    online: list[int],
    by_department: dict[str, list[Candidate]],
    promoted_id: int | None,
    limit: int,
) -> set[int]:
    """The promoted procedure, then department procedures of the online set in turn: two
    free of charge, then one with a fixed fee."""
    department = [c for group in by_department.values() for c in group]
    free = {c.procedure_id for c in department if c.fee_free}
    charged = {c.procedure_id for c in department if c.fee_charged and not c.fee_free}
    full = [promoted_id] if promoted_id in online else []
    rest = [pid for pid in online if pid != promoted_id]
    free_ones = iter([pid for pid in rest if pid in free])
    charged_ones = iter([pid for pid in rest if pid in charged])
    for turn in range(limit):
        chosen = next(charged_ones if turn % 3 == 2 else free_ones, None)
        if chosen is not None:
            full.append(chosen)
    return set(full[:limit])


def candidates_from_catalogue() -> list[Candidate]:
    """Every procedure of a field the plan knows, with its document count and whether every
    channel is free of charge (one query)."""
    fields = {name for names in FIELD_DEPARTMENTS.values() for name in names}
    fields |= {*DISTRICT_FIELDS, *COMMUNE_FIELDS}
    rows = (
        Procedure.objects.filter(field__name__in=fields)
        .annotate(
            document_count=Count("documents", distinct=True),
            channel_count=Count("channels", distinct=True),
            free_count=Count("channels", filter=Q(channels__fee_vnd=0), distinct=True),
            charged_count=Count("channels", filter=Q(channels__fee_vnd__gt=0), distinct=True),
        )
        .values_list(
            "pk",
            "code",
            "field__name",
            "implementing_levels",
            "document_count",
            "channel_count",
            "free_count",
            "charged_count",
        )
    )
    return [
        Candidate(
            pk,
            code,
            field_name,
            levels,
            documents,
            bool(channels) and free == channels,
            charged > 0,
        )
        for pk, code, field_name, levels, documents, channels, free, charged in rows
    ]


def promotion_notice() -> Procedure:
    """The trade-promotion notice, from the national file when it has it, else added."""
    existing = Procedure.objects.filter(search_text__contains=fold(PROMOTION_NOTICE["ten_thu_tuc"]))
    return existing.order_by("code").first() or save_procedure(PROMOTION_NOTICE)[0]


def apply_plan(plan: OfferingPlan, province: Unit) -> int:
    """Record the plan's offerings through the catalogue service (which keeps each
    procedure's max_online_level right); returns how many."""
    units = province.children.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.DISTRICT])
    departments = {unit.name: unit for unit in units if unit.kind == UnitKind.DEPARTMENT}
    districts = [unit for unit in units if unit.kind == UnitKind.DISTRICT]
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE, parent__in=districts)
    work = [(departments[name], by_id) for name, by_id in plan.departments.items()]
    work += [(district, plan.districts) for district in districts]
    work += [(commune, plan.communes) for commune in communes]
    procedure_ids = {pid for _unit, by_id in work for pid in by_id}
    procedures = Procedure.objects.in_bulk(procedure_ids)
    count = 0
    for unit, by_id in work:
        for pid, level in by_id.items():
            set_offering(unit, procedures[pid], level)
            count += 1
    return count


def load_catalogue(path: Path | None = None, *, online_target: int = ONLINE_PROCEDURES) -> str:
    """Import the national file and assign procedures to the demo units. Idempotent: once
    a department of the demo province offers a procedure, nothing is read or written."""
    province = demo_province()
    if province is None or not province.children.filter(kind=UnitKind.DEPARTMENT).exists():
        return _("Danh mục: chưa có đơn vị mẫu; bỏ qua danh mục thủ tục mẫu.")
    if Offering.objects.filter(unit__parent=province, unit__kind=UnitKind.DEPARTMENT).exists():
        return _("Danh mục: đã có dữ liệu mẫu, bỏ qua.")
    path = path or reference_data_path(*CATALOGUE_FILE)
    if not path.exists():
        return _("Danh mục: không tìm thấy %(path)s; bỏ qua danh mục thủ tục mẫu.") % {"path": path}
    with transaction.atomic():
        summary = import_procedures(path)
        promoted = promotion_notice()
        plan = plan_offerings(
            candidates_from_catalogue(), promoted_id=promoted.pk, online_target=online_target
        )
        offered = apply_plan(plan, province)
    stats = catalogue_stats()
    return _(
        "Danh mục: %(import)s. %(offered)s lượt cung cấp; %(online)s thủ tục trực tuyến mức độ "
        "3–4 tại sở, ngành và cấp huyện, %(full)s thủ tục toàn trình."
    ) % {
        "import": summary.summary_line(),
        "offered": offered,
        "online": stats["procedures_online"],
        "full": stats["full_online"],
    }
