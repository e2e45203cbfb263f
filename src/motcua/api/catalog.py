"""Public, read-only API of the catalogue: procedures, fields, units and the headline figures."""

import math
from decimal import Decimal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.decorators import decorate_view

from motcua.catalog import selectors
from motcua.catalog.models import Procedure, ProcedureChannel
from motcua.core.pagecache import public_page
from motcua.org.models import Unit

from .schemas import (
    ERROR_RESPONSES,
    PAGE_SIZE,
    CatalogueStatsOut,
    DbId,
    FieldWithCountOut,
    ProcedureFilters,
    ProcedureOut,
    ProcedurePageOut,
    UnitDetailOut,
    UnitFilters,
    UnitListOut,
)

router = Router(tags=["Danh mục thủ tục"])


def _field(procedure: Procedure) -> dict | None:
    field = procedure.field
    return {"id": field.pk, "name": field.name} if field else None


def _procedure_item(procedure: Procedure) -> dict:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "field": _field(procedure),
        "online_level": procedure.max_online_level,
        "implementing_levels": procedure.implementing_levels,
    }


def _number(value: Decimal) -> int | float:
    """5.00 -> 5, 0.50 -> 0.5: a whole number reads as an integer."""
    return int(value) if value == value.to_integral_value() else float(value)


def _channel(channel: ProcedureChannel) -> dict:
    time = None
    if channel.time_value is not None and channel.time_unit:
        time = {"value": _number(channel.time_value), "unit": channel.time_unit}
    return {
        "processing_time": time,
        "processing_time_text": channel.time_text,
        "fee_vnd": channel.fee_vnd,
        "fee_text": channel.fee_text,
        "note": channel.note,
    }


def _form_field(entry: dict) -> dict:
    """One e-form field (valid per catalog.eform) with every optional key filled in."""
    return {
        "name": entry["name"],
        "label": entry["label"],
        "type": entry.get("type") or "text",
        "required": bool(entry.get("required", False)),
        "choices": entry.get("choices") or [],
        "help": entry.get("help") or "",
        "validation": entry.get("validation") or {},
    }


def _procedure_or_404(code: str) -> Procedure:
    """A code that cannot exist (too long, or with a NUL that PostgreSQL rejects) is simply
    not found, without asking the database."""
    max_length = Procedure._meta.get_field("code").max_length
    if len(code) <= max_length and "\x00" not in code:
        try:
            return selectors.procedure_detail(code)
        except Procedure.DoesNotExist:
            pass
    raise Http404(_("Không tìm thấy thủ tục có mã “%(code)s”.") % {"code": code[:max_length]})


def _unit_item(unit: Unit) -> dict:
    return {
        "id": unit.pk,
        "code": unit.identifier,
        "gso_code": unit.gso_code,
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent_id,
    }


@router.get("/procedures", response={200: ProcedurePageOut, **ERROR_RESPONSES})
@decorate_view(public_page(scope="api"))
def list_procedures(request: HttpRequest, filters: Query[ProcedureFilters]):
    """Every procedure of the catalogue (offered or not), searched like the portal does."""
    procedures = selectors.search_procedures(
        filters.q, field_id=filters.field, unit_id=filters.unit, min_level=filters.level
    )
    page = filters.page or 1
    count = procedures.count()
    pages = math.ceil(count / PAGE_SIZE)
    start = (page - 1) * PAGE_SIZE
    rows = procedures[start : start + PAGE_SIZE] if page <= pages else []
    return {
        "count": count,
        "page": page,
        "pages": pages,
        "next": page + 1 if page < pages else None,
        "previous": min(page - 1, pages) if page > 1 and pages else None,
        "results": [_procedure_item(procedure) for procedure in rows],
    }


@router.get("/procedures/{path:code}", response={200: ProcedureOut, **ERROR_RESPONSES})
@decorate_view(public_page(scope="api"))
def get_procedure(request: HttpRequest, code: str):
    """The full record of one procedure, with its channels, documents, e-form and units."""
    procedure = _procedure_or_404(code)
    return {
        **_procedure_item(procedure),
        **{
            name: getattr(procedure, name)
            for name in (
                "procedure_type",
                "decision_number",
                "applicant_types",
                "competent_authority",
                "implementing_agency",
                "receiving_address",
                "steps",
                "conditions",
                "result",
                "legal_basis",
                "accepted_file_types",
                "version",
            )
        },
        "channels": {channel.channel: _channel(channel) for channel in procedure.channels.all()},
        "documents": procedure.documents.all(),
        "form": [_form_field(entry) for entry in selectors.effective_form(procedure)],
        "offered_by": [
            {
                "unit_id": offering.unit_id,
                "unit_name": offering.unit.name,
                "online_level": offering.online_level,
            }
            for offering in procedure.offerings.all()
        ],
    }


@router.get("/fields", response={200: list[FieldWithCountOut], **ERROR_RESPONSES})
@decorate_view(public_page(scope="api"))
def list_fields(request: HttpRequest):
    """The fields (lĩnh vực) with how many procedures each holds; their ids filter /procedures."""
    return selectors.fields_with_counts()


@router.get("/units", response={200: UnitListOut, **ERROR_RESPONSES})
@decorate_view(public_page(scope="api"))
def list_units(request: HttpRequest, filters: Query[UnitFilters]):
    """All active units (the province has a few hundred: no pagination)."""
    queryset = selectors.units_of_kind(filters.kind, parent_id=filters.parent)
    units = [_unit_item(unit) for unit in queryset]
    return {"count": len(units), "results": units}


@router.get("/units/{unit_id}", response={200: UnitDetailOut, **ERROR_RESPONSES})
@decorate_view(public_page(scope="api"))
def get_unit(request: HttpRequest, unit_id: DbId):
    """One unit with the number of procedures it offers."""
    try:
        unit = selectors.unit_with_offering_count(unit_id)
    except Unit.DoesNotExist:
        raise Http404(_("Không tìm thấy đơn vị có mã số %(id)s.") % {"id": unit_id}) from None
    return {
        **_unit_item(unit),
        "division_type": unit.division_type,
        "english_name": unit.english_name,
        "address": unit.address,
        "phone": unit.phone,
        "email": unit.email,
        "procedure_count": unit.procedure_count,
    }


@router.get("/stats/catalogue", response={200: CatalogueStatsOut, **ERROR_RESPONSES})
@decorate_view(public_page(scope="api"))
def catalogue_stats(request: HttpRequest):
    """The portal's headline figures, computed from the catalogue."""
    return selectors.catalogue_stats()
