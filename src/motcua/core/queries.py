"""Small query helpers shared by the apps."""

from django.db.models import Model, QuerySet


def one_or_none[M: Model](queryset: QuerySet[M]) -> M | None:
    """The row of a query on a unique key, or None. Unlike `.first()` it adds no ORDER BY: with
    the dossiers' default ordering (latest change first), PostgreSQL walked an applicant's
    whole (applicant, updated_at) index to find one id, 18 ms for 30,000 dossiers."""
    return next(iter(queryset.order_by()[:1]), None)
