"""Row INSERTs whose SQL is composed once per model and row count, for hot write paths.

Model.save() and QuerySet.bulk_create() compose their INSERT anew on every call:
the compiler walks the fields, builds a placeholder per value, and on PostgreSQL
bulk_create turns even two rows into an UNNEST of typed arrays. Filing a ticket
writes about ten rows, and composing them cost more CPU than PostgreSQL spent
storing them (bench/README.md). rows_insert keeps the statement's text per model
and row count, and per call does only what varies: each field's pre_save() and
get_db_prep_save(), the two calls the compiler makes for every value.

It sends no model signals. A caller that inserts rows of an audited model
records them with audit.recorder.audit_record_created in the same transaction.
"""

from collections.abc import Sequence
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections, models

# Rows per statement at most: hot paths write a few, and a bulk caller's batches
# stay far below PostgreSQL's 65,535 parameters and SQLite's variable limit.
BATCH_ROWS = 100


@lru_cache(maxsize=256)
def _statement(
    model: type[models.Model], rows: int, alias: str
) -> tuple[tuple[models.Field, ...], tuple[models.Field, ...], str]:
    connection = connections[alias]
    meta = model._meta
    returning = tuple(meta.db_returning_fields)
    # The fields Model.save() inserts when the primary key is left to the database.
    fields = tuple(
        field
        for field in meta.local_concrete_fields
        if not field.generated and field not in returning
    )
    if meta.parents or any(hasattr(field, "get_placeholder") for field in fields):
        raise TypeError(f"rows_insert does not handle {meta.label}.")
    quote = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning_sql, _params = connection.ops.return_insert_columns(list(returning))
    # Names from the model's metadata; every value is a placeholder.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES {', '.join([row] * rows)} {returning_sql}"
    ).rstrip()
    return fields, returning, sql


def rows_insert(
    instances: Sequence[models.Model], *, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Insert new instances of one model and set what the database returns (the key).

    The values are the ones Model.save() would write: defaults and auto_now
    fields are filled in by the fields themselves. Foreign keys to instances
    saved after they were assigned are picked up, and an unsaved one raises
    ValueError, as in save(). Sends no signals. Rows go in batches the database
    accepts (at most BATCH_ROWS, and bulk_batch_size as bulk_create), one
    statement each.
    """
    if not instances:
        return
    model = type(instances[0])
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotImplementedError("rows_insert needs INSERT ... RETURNING.")
    fields, _returning, _sql = _statement(model, 1, using)
    size = min(BATCH_ROWS, connection.ops.bulk_batch_size(list(fields), instances) or 1)
    for start in range(0, len(instances), size):
        _insert_batch(instances[start : start + size], using=using)


def _insert_batch(instances: Sequence[models.Model], *, using: str) -> None:
    model = type(instances[0])
    connection = connections[using]
    fields, returning, sql = _statement(model, len(instances), using)
    params: list[object] = []
    for instance in instances:
        if type(instance) is not model:
            raise TypeError("rows_insert takes instances of one model.")
        instance._prepare_related_fields_for_save(operation_name="rows_insert")
        for field in fields:
            value = field.pre_save(instance, True)
            if hasattr(value, "resolve_expression"):
                raise TypeError(f"rows_insert takes values, not {value!r}.")
            params.append(field.get_db_prep_save(value, connection=connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # Nothing comes back for a model whose key is not made by the database.
        returned = cursor.fetchall() if returning else [()] * len(instances)
    for instance, values in zip(instances, returned, strict=True):
        for field, value in zip(returning, values, strict=True):
            setattr(instance, field.attname, value)
        instance._state.adding = False
        instance._state.db = using
