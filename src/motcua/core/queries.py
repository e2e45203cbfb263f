"""Small query helpers shared by the apps."""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from functools import partial

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler


def one_or_none[M: Model](queryset: QuerySet[M]) -> M | None:
    """The row of a query on a unique key, or None. Unlike `.first()` it adds no ORDER BY: with
    the dossiers' default ordering (latest change first), PostgreSQL walked an applicant's
    whole (applicant, updated_at) index to find one id, 18 ms for 30,000 dossiers."""
    return next(iter(queryset.order_by()[:1]), None)


def by_pk[M: Model](model: type[M], pk: int | str) -> M | None:
    """The row whose primary key is `pk` (of the key's Python type), or None, for rows read on
    every request such as the signed-in user, with SQL built once per model (`prepared_one`):
    the ORM spent 0.8 ms of CPU building and running `get(pk=…)` on the bench host
    (2026-11-27)."""
    return by_unique(model, model._meta.pk.name, pk)


def by_unique[M: Model](model: type[M], field: str, value: int | str) -> M | None:
    """The row whose unique `field` equals `value` (of the field's Python type), or None, read
    as `by_pk` reads."""
    return prepared_one(("by_unique", model, field), partial(_equal, model, field), value)


def _equal(model: type[Model], field: str, value: int | str) -> QuerySet:
    return model._default_manager.filter(**{field: value})


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    compiler: SQLCompiler
    converters: dict
    attnames: tuple[str, ...] = ()  # of a model query: the fields its columns fill


_compiled: dict[Hashable, _Compiled] = {}
COMPILED_KEPT = 1024  # per process; all are dropped when full (a page's SQL is about 1 KB)


def values_compiled_once(key: Hashable, build: Callable[[], QuerySet]) -> list[tuple]:
    """The rows of the `values_list` queryset `build()`. For a small query, building the SQL
    is most of the ORM's cost (the staff queue's rows: 1.6 ms of CPU to build, 0.3 ms to run,
    bench host, 2026-11-27): the SQL, parameters and value converters the ORM built under
    `key` are kept and run again, and `build` is called only the first time. `key` must
    determine the SQL and its parameters entirely: every input the queryset is built from,
    and nothing that depends on the time."""
    compiled = _compiled.get(key) or _keep(key, _compile(build()))
    return _run(compiled)


def count_compiled_once(key: Hashable, build: Callable[[], QuerySet]) -> int:
    """`build().count()`, its SQL kept under `key` as `values_compiled_once` keeps it. Counts
    in a subquery, as `.count()` does for a query with joins."""
    full_key = ("count", key)
    compiled = _compiled.get(full_key)
    if compiled is None:
        inner = _compile(build().order_by().values_list("pk"))
        sql = "SELECT COUNT(*) FROM (" + inner.sql + ") counted" if inner.sql else ""
        compiled = _keep(full_key, replace(inner, sql=sql, converters={}))
    return _run(compiled)[0][0] if compiled.sql else 0


def _compile(queryset: QuerySet) -> _Compiled:
    """The query's SQL; an empty text when the ORM finds that nothing can match (a filter on
    an empty list), as it then answers without asking the database."""
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Compiled("", (), compiler, {})
    columns = [expression for expression, *_ in compiler.select[: compiler.col_count]]
    converters = compiler.get_converters(columns)
    if queryset.query.values_select or compiler.klass_info is None:
        return _Compiled(sql, tuple(params), compiler, converters)
    if compiler.klass_info.get("related_klass_infos") or compiler.annotation_col_map:
        raise ValueError("Only plain model queries and values_list are kept as SQL.")
    attnames = tuple(column.target.attname for column in columns)
    return _Compiled(sql, tuple(params), compiler, converters, attnames)


def _keep(key: Hashable, compiled: _Compiled) -> _Compiled:
    if len(_compiled) >= COMPILED_KEPT:
        _compiled.clear()
    _compiled[key] = compiled
    return compiled


def _run(compiled: _Compiled, params: list | tuple | None = None) -> list[tuple]:
    """The rows of the kept query, with `params` in place of its own when given."""
    if not compiled.sql:
        return []
    with connections[compiled.compiler.using].cursor() as cursor:
        cursor.execute(compiled.sql, compiled.params if params is None else params)
        rows = cursor.fetchall()
    if not compiled.converters:
        return rows
    return [tuple(row) for row in compiled.compiler.apply_converters(rows, compiled.converters)]


# --- queries built once with stand-ins for their values -------------------------------------


@dataclass(frozen=True)
class _Prepared:
    compiled: _Compiled
    positions: tuple[int, ...]  # where each value goes in the parameters
    kinds: tuple[type, ...]  # the type of each value (int or str)


def prepared_rows(key: Hashable, build: Callable[..., QuerySet], *values: int | str) -> list:
    """The rows of `build(*values)`, a query read on every submission or page view: model
    instances (a plain model query, no select_related) or tuples (`values_list`). The ORM
    builds its SQL once per process under `key`, with stand-ins for `values`, and each call
    puts the values in the stand-ins' places: 0.1–0.2 ms of CPU instead of 0.4–0.8 ms for a
    small query (bench host, 2026-11-27). `build` must use each value once, in a comparison
    the ORM passes through as it is (=, <, iexact, IN of a single value…); a query where it
    does not is refused when first built (ValueError), never run with a wrong value."""
    kinds = tuple(map(_kind, values))
    if not all(map(_storable, values)):
        return []
    prepared = _prepared.get(key) or _keep_prepared(key, build, values)
    if kinds != prepared.kinds:
        raise TypeError(f"{key!r} was prepared for values of types {prepared.kinds}")
    compiled, params = prepared.compiled, list(prepared.compiled.params)
    for position, value in zip(prepared.positions, values, strict=True):
        params[position] = value
    rows = _run(compiled, params)
    if not compiled.attnames:
        return rows
    model, db = compiled.compiler.query.model, compiled.compiler.using
    return [model.from_db(db, compiled.attnames, row) for row in rows]


def prepared_one[M: Model](
    key: Hashable, build: Callable[..., QuerySet[M]], *values: int | str
) -> M | None:
    """`one_or_none(build(*values))`, its SQL built once as `prepared_rows` builds it."""
    found = prepared_rows(key, lambda *stand_ins: build(*stand_ins).order_by()[:1], *values)
    return found[0] if found else None


_prepared: dict[Hashable, _Prepared] = {}
_INT64 = range(-(2**63), 2**63)


def _storable(value: int | str) -> bool:
    """False for a value no column holds (a NUL in a text, an integer beyond 64 bits), which
    the database drivers would refuse with an error rather than match nothing."""
    return value in _INT64 if isinstance(value, int) else "\x00" not in value


def _keep_prepared(key: Hashable, build: Callable[..., QuerySet], values: tuple) -> _Prepared:
    stand_ins = [_stand_in(value, index) for index, value in enumerate(values)]
    compiled = _compile(build(*stand_ins))
    positions = tuple(_only_place(compiled.params, stand_in, key) for stand_in in stand_ins)
    if len(_prepared) >= COMPILED_KEPT:
        _prepared.clear()
    _prepared[key] = prepared = _Prepared(compiled, positions, tuple(map(_kind, values)))
    return prepared


def _kind(value: int | str) -> type:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"prepared_rows takes int and str values, not {type(value).__name__}")
    return int if isinstance(value, int) else str


def _stand_in(value: int | str, index: int) -> int | str:
    """A value of the same type that is unlikely to be among a query's constants: a number
    near the top of the 32-bit range (a filter outside a column's range is answered by the
    ORM without SQL, so a small-integer column cannot be prepared), or a text with control
    characters. It is only looked for among the parameters, never sent to the database."""
    return 2_147_483_000 + index if isinstance(value, int) else f"\x1e{index}\x1f"


def _only_place(params: tuple, stand_in: int | str, key: Hashable) -> int:
    places = [index for index, param in enumerate(params) if param == stand_in]
    if len(places) != 1:
        raise ValueError(f"{key!r}: a value must appear once, as given, in the query's parameters")
    return places[0]
