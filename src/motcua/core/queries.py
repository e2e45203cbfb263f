"""Small query helpers shared by the apps."""

from collections.abc import Hashable
from dataclasses import dataclass, replace
from functools import cache

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler


def one_or_none[M: Model](queryset: QuerySet[M]) -> M | None:
    """The row of a query on a unique key, or None. Unlike `.first()` it adds no ORDER BY: with
    the dossiers' default ordering (latest change first), PostgreSQL walked an applicant's
    whole (applicant, updated_at) index to find one id, 18 ms for 30,000 dossiers."""
    return next(iter(queryset.order_by()[:1]), None)


def by_pk[M: Model](model: type[M], pk) -> M | None:
    """The row whose primary key is `pk` (of the key's Python type), or None, for rows read on
    every request such as the signed-in user. The SQL is built once per model: the ORM spent
    0.8 ms of CPU building and running `get(pk=…)` on the bench host (2026-11-27), this 0.3."""
    return by_unique(model, model._meta.pk.name, pk)


def by_unique[M: Model](model: type[M], field: str, value) -> M | None:
    """The row whose unique `field` equals `value` (of the field's Python type), or None, read
    as `by_pk` reads."""
    return next(iter(model._default_manager.raw(_select_by(model, field), [value])), None)


@cache
def _select_by(model: type[Model], field: str) -> str:
    # PostgreSQL and SQLite quote names alike, so one text serves both.
    name = connection.ops.quote_name
    columns = ", ".join(name(f.column) for f in model._meta.concrete_fields)
    where = f"{name(model._meta.get_field(field).column)} = %s"
    return f"SELECT {columns} FROM {name(model._meta.db_table)} WHERE {where}"


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    compiler: SQLCompiler
    converters: dict


_compiled: dict[Hashable, _Compiled] = {}
COMPILED_KEPT = 1024  # per process; all are dropped when full (a page's SQL is about 1 KB)


def values_compiled_once(key: Hashable, queryset: QuerySet) -> list[tuple]:
    """The rows of a `values_list` queryset. For a small query, building the SQL is most of the
    ORM's cost (the staff queue's rows: 1.6 ms of CPU to build, 0.3 ms to run, bench host,
    2026-11-27): the SQL, parameters and value converters the ORM built under `key` are kept
    and run again. `key` must determine the SQL and its parameters entirely: every input the
    queryset was built from, and nothing that depends on the time."""
    compiled = _compiled.get((queryset.db, key)) or _keep((queryset.db, key), _compile(queryset))
    return _run(queryset.db, compiled)


def count_compiled_once(key: Hashable, queryset: QuerySet) -> int:
    """`queryset.count()`, its SQL kept under `key` as `values_compiled_once` keeps it. Counts
    in a subquery, as `.count()` does for a query with joins."""
    full_key = (queryset.db, "count", key)
    compiled = _compiled.get(full_key)
    if compiled is None:
        inner = _compile(queryset.order_by().values_list("pk"))
        sql = "SELECT COUNT(*) FROM (" + inner.sql + ") counted" if inner.sql else ""
        compiled = _keep(full_key, replace(inner, sql=sql, converters={}))
    return _run(queryset.db, compiled)[0][0] if compiled.sql else 0


def _compile(queryset: QuerySet) -> _Compiled:
    """The query's SQL; an empty text when the ORM finds that nothing can match (a filter on
    an empty list), as it then answers without asking the database."""
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Compiled("", (), compiler, {})
    columns = [expression for expression, *_ in compiler.select[: compiler.col_count]]
    return _Compiled(sql, tuple(params), compiler, compiler.get_converters(columns))


def _keep(key: Hashable, compiled: _Compiled) -> _Compiled:
    if len(_compiled) >= COMPILED_KEPT:
        _compiled.clear()
    _compiled[key] = compiled
    return compiled


def _run(db: str, compiled: _Compiled) -> list[tuple]:
    if not compiled.sql:
        return []
    with connections[db].cursor() as cursor:
        cursor.execute(compiled.sql, compiled.params)
        rows = cursor.fetchall()
    if not compiled.converters:
        return rows
    return [tuple(row) for row in compiled.compiler.apply_converters(rows, compiled.converters)]
