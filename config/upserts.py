"""Counter rows changed in one statement: the raw SQL the ORM cannot say atomically.

A counter row (the year's last reference number, an agent's open tickets, a
search that found nothing) is created by its first use and added to by every
later one, from concurrent transactions. INSERT ... ON CONFLICT DO UPDATE does
both in one statement on PostgreSQL and SQLite, and its row lock holds until
commit. The ORM has no such statement: bulk_create(update_conflicts=True) can
only overwrite a value, not add to it, and get_or_create() followed by an F()
update is two statements with a race between them.
"""

from collections.abc import Iterable, Mapping
from itertools import islice

from django.db import connection, models


def counter_add(
    model: type[models.Model],
    *,
    key: Mapping[str, object],
    counter: str,
    delta: int = 1,
    on_create: Mapping[str, object] | None = None,
    on_every: Mapping[str, object] | None = None,
) -> int:
    """Add delta to the counter of the row with this key; return its new value.

    A missing row is created with the counter at delta. key names the fields of
    a unique constraint; on_create fields are written only by the row's first
    use, on_every fields by every use. Call inside the caller's transaction:
    the row stays locked until it ends, so concurrent additions queue.
    """
    meta = model._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    values = {**key, counter: delta, **(on_create or {}), **(on_every or {})}
    fields = [meta.get_field(name) for name in values]
    columns = [quote(field.column) for field in fields]
    params = [
        field.get_db_prep_save(value, connection=connection)
        for field, value in zip(fields, values.values(), strict=True)
    ]
    total = quote(meta.get_field(counter).column)
    updates = [f"{total} = {table}.{total} + EXCLUDED.{total}"] + [
        f"{quote(meta.get_field(name).column)} = EXCLUDED.{quote(meta.get_field(name).column)}"
        for name in on_every or {}
    ]
    conflict = ", ".join(quote(meta.get_field(name).column) for name in key)
    # Identifiers come from the model's metadata; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(params))}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {', '.join(updates)} "
        f"RETURNING {total}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (value,) = cursor.fetchone()
    return value


# Rows a statement of counters_add: PostgreSQL takes 65,535 parameters, SQLite
# 32,766; a grain row has about a dozen columns.
COUNTERS_CHUNK = 1000


def counters_add(
    model: type[models.Model],
    *,
    rows: Iterable[tuple[Mapping[str, object], int]],
    counter: str,
) -> int:
    """counter_add for many rows: add each delta to the counter of its key's row.

    rows are (key, delta) pairs whose keys all name the same fields of one
    unique constraint, each key once. One INSERT ... ON CONFLICT DO UPDATE per
    COUNTERS_CHUNK rows, in the order given (callers sort, so concurrent
    writers lock rows in the same order). Returns how many rows were written.
    """
    meta = model._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    total = quote(meta.get_field(counter).column)
    written = 0
    rows = iter(rows)
    while chunk := list(islice(rows, COUNTERS_CHUNK)):
        names = [*chunk[0][0], counter]
        fields = [meta.get_field(name) for name in names]
        params = [
            field.get_db_prep_save(value, connection=connection)
            for key, delta in chunk
            for field, value in zip(
                fields, [*(key[name] for name in names[:-1]), delta], strict=True
            )
        ]
        row = f"({', '.join(['%s'] * len(names))})"
        conflict = ", ".join(quote(field.column) for field in fields[:-1])
        # Identifiers come from the model's metadata; every value is a parameter.
        sql = (
            f"INSERT INTO {table} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
            f"VALUES {', '.join([row] * len(chunk))} "
            f"ON CONFLICT ({conflict}) DO UPDATE SET {total} = {table}.{total} + EXCLUDED.{total}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        written += len(chunk)
    return written


def counters_hold(model: type[models.Model]) -> None:
    """Hold every counter_add on model's table until the transaction ends.

    For a recount that reads the counted rows and then corrects the counters.
    PostgreSQL only (LOCK TABLE has no ORM form); SQLite runs one writer at a
    time anyway.
    """
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        # SHARE ROW EXCLUSIVE: reads go on, inserts and updates of counters wait.
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
