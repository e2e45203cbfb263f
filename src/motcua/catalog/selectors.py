"""Read queries of the catalogue. Search is accent-, case- and word-order-insensitive:
every folded word of the query must occur in the procedure's folded search text.

Figures every home page shows (counts, the busiest fields, the unit directory) are kept in the
shared cache by `catalogue_cached`, under the catalogue's generation: any change to a
procedure, field, offering, channel, document or unit starts a new one (see apps.py)."""

import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold, search_words
from motcua.org.models import Unit, UnitKind

from .eform import schema_errors
from .models import (
    ONLINE_SUBMISSION_LEVEL,
    Field,
    Offering,
    Procedure,
)

GENERATION_KEY = "catalogue:generation"
# A bound on staleness for changes that bypass model signals (queryset.update in bulk).
CATALOGUE_CACHE_SECONDS = 300


def catalogue_generation() -> str:
    """The current generation: part of every cached catalogue key (template fragments too)."""
    return cache.get_or_set(GENERATION_KEY, new_generation, None)


def catalogue_cached[T](name: str, compute: Callable[[], T]) -> T:
    """`compute()` from the shared cache, recomputed after any catalogue change."""
    key = f"catalogue:{catalogue_generation()}:{name}"
    return cache.get_or_set(key, compute, CATALOGUE_CACHE_SECONDS)


def new_generation() -> str:
    return uuid.uuid4().hex


def search_procedures(
    q: str | None = None,
    *,
    field_id: int | None = None,
    unit_id: int | None = None,
    min_level: int | None = None,
) -> QuerySet[Procedure]:
    """Procedures matching the query and filters, with their field joined (no per-row queries)."""
    qs = Procedure.objects.select_related("field")
    for word in search_words(q):
        qs = qs.filter(search_text__contains=word)
    if field_id:
        qs = qs.filter(field_id=field_id)
    if unit_id:
        qs = qs.filter(offerings__unit_id=unit_id)
    if min_level:
        qs = qs.filter(max_online_level__gte=min_level)
    return qs.order_by("name", "code")


def procedure_detail(code: str) -> Procedure:
    """One procedure with documents, channels and offering units prefetched; raises DoesNotExist."""
    offerings = Offering.objects.select_related("unit").order_by("unit__sort_order", "unit__name")
    return (
        Procedure.objects.select_related("field")
        .prefetch_related("documents", "channels", Prefetch("offerings", queryset=offerings))
        .get(code=code)
    )


def fields_with_counts() -> QuerySet[Field]:
    return Field.objects.annotate(procedure_count=Count("procedures")).order_by("name")


def busiest_fields(limit: int) -> list[Field]:
    """The `limit` fields with the most procedures, in Vietnamese alphabetical order (accents
    folded, so "Cấp" sorts before "Chăn"): the home page's short list."""

    def compute() -> list[Field]:
        top = fields_with_counts().order_by("-procedure_count", "name")[:limit]
        return sorted(top, key=lambda field: fold(field.name))

    return catalogue_cached(f"busiest_fields:{limit}", compute)


def units_of_kind(kind: str | None = None, *, parent_id: int | None = None) -> QuerySet[Unit]:
    qs = Unit.objects.filter(is_active=True).select_related("parent")
    if kind:
        qs = qs.filter(kind=kind)
    if parent_id:
        qs = qs.filter(parent_id=parent_id)
    return qs.order_by("kind", "sort_order", "name")


def unit_with_offering_count(unit_id: int) -> Unit:
    """An active unit with `procedure_count` (procedures it offers); raises DoesNotExist."""
    return (
        Unit.objects.filter(is_active=True)
        .annotate(procedure_count=Count("offerings"))
        .get(pk=unit_id)
    )


def catalogue_stats() -> dict[str, int]:
    """The headline figures, computed from the data (never typed in)."""
    return catalogue_cached("stats", _catalogue_stats)


def _catalogue_stats() -> dict[str, int]:
    online = Offering.objects.filter(
        online_level__gte=ONLINE_SUBMISSION_LEVEL,
        unit__kind__in=[UnitKind.DEPARTMENT, UnitKind.DISTRICT],
    )
    counts = dict(
        Unit.objects.filter(is_active=True)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return {
        "procedures_online": online.values("procedure_id").distinct().count(),
        "procedures": Procedure.objects.count(),
        "departments": counts.get(UnitKind.DEPARTMENT, 0),
        "districts": counts.get(UnitKind.DISTRICT, 0),
        "communes": counts.get(UnitKind.COMMUNE, 0),
        "full_online": Procedure.objects.filter(max_online_level=4).count(),
    }


def default_form() -> list[dict]:
    """The e-form of a procedure that has no form of its own: one free-text request."""
    return [
        {
            "name": "noi_dung",
            "label": str(_("Nội dung yêu cầu")),
            "type": "textarea",
            "required": True,
            "choices": [],
        }
    ]


def form_or_default(schema: object) -> list[dict]:
    """`schema` when it is a valid e-form (see catalog.eform.schema_errors), else the default
    form: an applicant is never left with a broken or empty form."""
    if isinstance(schema, list) and schema and not schema_errors(schema):
        return schema
    return default_form()


def effective_form(procedure: Procedure) -> list[dict]:
    """The e-form an applicant fills for `procedure` as it stands now: its own form_schema
    when it has a valid one, else the default form. A dossier already submitted keeps the
    form of its procedure version: pass that snapshot's schema to form_or_default."""
    return form_or_default(procedure.form_schema)
