"""Database expressions the reports need: elapsed seconds and percentiles.

PostgreSQL computes percentiles with its ordered-set aggregate percentile_cont.
SQLite has none, so the fallback ranks the rows with window functions in the
database and fetches only the one or two rows around each percentile's position,
then interpolates between them exactly as percentile_cont does.
"""

import math
from collections.abc import Hashable, Sequence

from django.db import connections
from django.db.models import (
    Aggregate,
    Count,
    Expression,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import Ceil, Floor, RowNumber


class Seconds(Func):
    """Seconds from the second datetime expression to the first, as a float."""

    arity = 2
    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        return self.as_sql(
            compiler,
            connection,
            template="CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision)",
            arg_joiner=" - ",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    output_field = FloatField()
    allow_distinct = False

    def __init__(self, expression: Expression | str, *, fraction: float, **extra):  # type: ignore[no-untyped-def]
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must lie between 0 and 1")
        super().__init__(
            expression,
            template=f"%(function)s({fraction!r}) WITHIN GROUP (ORDER BY %(expressions)s)",
            **extra,
        )


def _key(row: dict, group: Sequence[str]) -> Hashable:
    return tuple(row[name] for name in group) if group else None


def percentiles(
    queryset: QuerySet,
    value: Expression,
    *,
    fractions: Sequence[float] = (0.5, 0.9),
    group: Sequence[str] = (),
    using_fallback: bool | None = None,
) -> dict[Hashable, dict[float, float | None]]:
    """Continuous percentiles of value over queryset, per group, in one query.

    Rows where value is NULL are left out. Returns {group key: {fraction:
    value}}; the key is a tuple of the group fields' values, or None without a
    group. Groups with no rows are absent. using_fallback forces (or refuses)
    the window-function path, which SQLite always takes.
    """
    vendor = connections[queryset.db].vendor
    fallback = vendor != "postgresql" if using_fallback is None else using_fallback
    rows = queryset.annotate(_value=value).filter(_value__isnull=False)
    if not fallback:
        aggregates = {
            f"_p{index}": PercentileCont("_value", fraction=fraction)
            for index, fraction in enumerate(fractions)
        }
        if group:
            found = list(rows.values(*group).annotate(**aggregates).order_by())
        else:
            total = rows.aggregate(**aggregates)
            found = [total] if total["_p0"] is not None else []
        return {
            _key(row, group): {
                fraction: row[f"_p{index}"] for index, fraction in enumerate(fractions)
            }
            for row in found
        }
    partition = [F(name) for name in group] or None
    ranked = rows.annotate(
        _rank=Window(RowNumber(), partition_by=partition, order_by=F("_value").asc()),
        _count=Window(Count("pk"), partition_by=partition),
    )
    # Only the rows at floor and ceil of each position (1-based ranks) are fetched.
    near = Q(pk__in=[])
    for fraction in fractions:
        position = fraction * (F("_count") - 1) + 1
        near |= Q(_rank=Floor(position)) | Q(_rank=Ceil(position))
    found = ranked.filter(near).values(*group, "_value", "_rank", "_count").order_by()
    ranks: dict[Hashable, dict[int, float]] = {}
    counts: dict[Hashable, int] = {}
    for row in found:
        key = _key(row, group)
        ranks.setdefault(key, {})[row["_rank"]] = row["_value"]
        counts[key] = row["_count"]
    result: dict[Hashable, dict[float, float | None]] = {}
    for key, values in ranks.items():
        result[key] = {}
        for fraction in fractions:
            position = fraction * (counts[key] - 1) + 1
            low, high = math.floor(position), math.ceil(position)
            result[key][fraction] = values[low] + (values[high] - values[low]) * (
                position - low
            )
    return result
