"""Read queries of the catalogue. Search is accent-, case- and word-order-insensitive:
every folded word of the query must occur in the procedure's folded search text (code, name,
field); results are ranked by relevance (see `relevance`).

Figures every home page shows (counts, the busiest fields, the unit directory) are kept in the
shared cache by `catalogue_cached`, under the catalogue's generation: any change to a
procedure, field, offering, channel, document or unit starts a new one (see apps.py)."""

import uuid
from collections.abc import Callable
from itertools import permutations

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Greatest, Length
from django.db.models.lookups import Contains, StartsWith
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


# Points of one match, so that a better kind always outweighs any number of worse ones.
PHRASE_AT_START, PHRASE, WHOLE_WORD, PART_OF_WORD, OTHER_FIELD = 4000, 2000, 100, 10, 1
PHRASE_ORDERS_UP_TO = 3
RESULT_UNITS = 3  # units named on each search result; the rest are counted


def search_procedures(
    q: str | None = None,
    *,
    field_id: int | None = None,
    unit_id: int | None = None,
    min_level: int | None = None,
) -> QuerySet[Procedure]:
    """Procedures matching the query and filters, with their field joined (no per-row
    queries); most relevant first when there is a query, else by name."""
    words = search_words(q)
    qs = Procedure.objects.select_related("field")
    for word in words:
        qs = qs.filter(search_text__contains=word)
    if field_id:
        qs = qs.filter(field_id=field_id)
    if unit_id:
        qs = qs.filter(offerings__unit_id=unit_id)
    if min_level:
        qs = qs.filter(max_online_level__gte=min_level)
    if not words:
        return qs.order_by("name", "code")
    return qs.annotate(relevance=relevance(words)).order_by(
        "-relevance", Length("name_search"), "name", "code"
    )


def with_units(procedures: QuerySet[Procedure]) -> QuerySet[Procedure]:
    """Each procedure with `shown_offerings` (its first RESULT_UNITS offerings, unit joined)
    and `more_units` (how many more units offer it): one more query for a page."""
    offerings = Offering.objects.select_related("unit").order_by(
        "-online_level", "unit__kind", "unit__sort_order", "unit__name"
    )
    count = (
        Offering.objects.filter(procedure=OuterRef("pk"))
        .order_by()
        .values("procedure")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return procedures.prefetch_related(
        Prefetch("offerings", queryset=offerings[:RESULT_UNITS], to_attr="shown_offerings")
    ).annotate(more_units=Greatest(Coalesce(Subquery(count), 0) - RESULT_UNITS, 0))


def relevance(words: list[str]):
    """The score of a procedure for the folded query `words`, the same SQL on SQLite and
    PostgreSQL: the words as a phrase in the name (at its start above elsewhere; in any
    order for up to PHRASE_ORDERS_UP_TO words, else in the order typed), then each word as a
    whole word in the name, then as part of a word of the name, then as a whole word in the
    field's name. Every word is known to occur somewhere (the filter)."""
    text = TextField()
    name = Concat(Value(" "), "name_search", Value(" "), output_field=text)
    field = Concat(
        Value(" "), Coalesce("field__search_text", Value("")), Value(" "), output_field=text
    )
    orders = permutations(words) if len(words) <= PHRASE_ORDERS_UP_TO else [words]
    phrases = [f" {' '.join(order)} " for order in orders]
    whens = [When(StartsWith(name, phrase), then=Value(PHRASE_AT_START)) for phrase in phrases]
    whens += [When(Contains(name, phrase), then=Value(PHRASE)) for phrase in phrases]
    total = Case(*whens, default=Value(0), output_field=IntegerField())
    for word in words:
        total += _points(name, f" {word} ", WHOLE_WORD)
        total += _points(name, word, PART_OF_WORD)
        total += _points(field, f" {word} ", OTHER_FIELD)
    return total


def _points(text, needle: str, points: int):
    """`points` when `text` contains `needle`, else 0."""
    return Case(
        When(Contains(text, needle), then=Value(points)),
        default=Value(0),
        output_field=IntegerField(),
    )


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
