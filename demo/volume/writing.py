"""How the rows go in: COPY on PostgreSQL, batched INSERTs elsewhere, and the
columns written per table."""

import json
from collections.abc import Iterable, Sequence

from django.db import connection, models

# Writers ------------------------------------------------------------------


class _Writer:
    """Writes tuples into a model's table in a given attribute order."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}

    def table(self, model: type[models.Model]) -> str:
        return model._meta.db_table

    def columns(self, model: type[models.Model], attnames: Sequence[str]) -> list:
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        return [by_attname[name] for name in attnames]

    def write(
        self,
        model: type[models.Model],
        attnames: Sequence[str],
        rows: Iterable[tuple],
    ) -> None:
        fields = self.columns(model, attnames)
        # Columns the generator does not know (added by a later feature) get their
        # field default, as the ORM would write them.
        listed = set(attnames)
        extra = [f for f in model._meta.concrete_fields if f.attname not in listed]
        if extra:
            tail = tuple(f.get_default() for f in extra)
            rows = (row + tail for row in rows)
            fields = [*fields, *extra]
        count = self._write(model, fields, rows)
        self.rows[model._meta.label] = self.rows.get(model._meta.label, 0) + count

    def _write(self, model: type[models.Model], fields: list, rows: Iterable) -> int:
        raise NotImplementedError

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        raise NotImplementedError


class _CopyWriter(_Writer):
    """PostgreSQL: COPY FROM STDIN, ids reserved from the identity sequences."""

    def _write(self, model: type[models.Model], fields: list, rows: Iterable) -> int:
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        json_at = [
            index for index, f in enumerate(fields) if isinstance(f, models.JSONField)
        ]
        count = 0
        sql = f"COPY {connection.ops.quote_name(self.table(model))} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                if json_at:
                    row = list(row)
                    for index in json_at:
                        row[index] = json.dumps(row[index], ensure_ascii=False)
                copy.write_row(row)
                count += 1
        return count

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        table = self.table(model)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            (sequence,) = cursor.fetchone()
            cursor.execute("SELECT nextval(%s)", [sequence])
            (first,) = cursor.fetchone()
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + count])
        return first

    def lock(self, models_: Iterable[type[models.Model]]) -> None:
        tables = ", ".join(
            connection.ops.quote_name(self.table(model)) for model in models_
        )
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


class _InsertWriter(_Writer):
    """Any other database: batched INSERTs of values prepared by the model fields."""

    batch = 2000

    def _write(self, model: type[models.Model], fields: list, rows: Iterable) -> int:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        # Table and column names come from the models, never from input.
        sql = f"INSERT INTO {quote(self.table(model))} ({columns}) VALUES ({marks})"  # noqa: S608
        count = 0
        batch: list[list] = []
        with connection.cursor() as cursor:
            for row in rows:
                batch.append(
                    [
                        f.get_db_prep_save(value, connection)
                        for f, value in zip(fields, row, strict=True)
                    ]
                )
                if len(batch) >= self.batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        last = model._default_manager.aggregate(last=models.Max("pk"))["last"]
        return (last or 0) + 1

    def lock(self, models_: Iterable[type[models.Model]]) -> None:
        return None


# Columns ------------------------------------------------------------------

USER_COLS = (
    "id",
    "password",
    "last_login",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
    "role",
    "preferred_language",
    "phone",
)
TX_COLS = (
    "id",
    "reference",
    "owner_id",
    "type",
    "amount",
    "currency",
    "network",
    "fee",
    "status",
    "cancel_source",
    "cancel_reason",
    "counterparty_name",
    "counterparty_account",
    "chain_hash",
    "occurred_at",
    "completed_at",
    "cancelled_at",
    "imported_at",
)
TICKET_COLS = (
    "id",
    "reference",
    "customer_id",
    "kind",
    "category",
    "subject",
    "description",
    "channel",
    "language",
    "received_at",
    "priority",
    "queue_id",
    "assignee_id",
    "status",
    "acknowledged_at",
    "resolved_at",
    "resolve_by",
    "outcome",
    "outcome_amount",
    "outcome_currency",
    "resolution_summary",
    "root_cause",
    "rating",
    "rating_comment",
    "rated_at",
    "client_token",
    "created_at",
    "updated_at",
)
LINK_COLS = ("id", "ticket_id", "transaction_id", "snapshot", "created_at")
CHANGE_COLS = (
    "id",
    "ticket_id",
    "from_status",
    "to_status",
    "actor_id",
    "note",
    "created_at",
)
MESSAGE_COLS = ("id", "ticket_id", "author_id", "is_internal", "body", "created_at")
NOTICE_COLS = (
    "id",
    "ticket_id",
    "recipient_id",
    "kind",
    "language",
    "status_change_id",
    "message_id",
    "created_at",
    "sent_at",
    "failed_at",
    "dispatch_count",
    "last_error",
    "read_at",
)
COMPLAINT_COLS = ("ticket_id", "happened_at", "remedy_sought")
REFUND_COLS = (
    "ticket_id",
    "transaction_id",
    "amount_requested",
    "currency",
    "intended_recipient",
    "actual_recipient",
    "intended_amount",
    "payee_chosen_via",
    "duplicate_of_id",
)
DECISION_COLS = (
    "refund_request_id",
    "approved_amount",
    "currency",
    "decided_by_id",
    "decided_at",
    "note",
    "needs_approval",
    "approved_by_id",
    "approved_at",
    "paid_at",
    "payment_reference",
)
RECOVERY_COLS = (
    "id",
    "refund_request_id",
    "method",
    "note",
    "amount_recovered",
    "actor_id",
    "created_at",
)
INQUIRY_COLS = (
    "ticket_id",
    "transaction_id",
    "cancel_source",
    "funds_location",
    "return_due_by",
)
CLOCK_COLS = (
    "id",
    "ticket_id",
    "kind",
    "cycle",
    "profile_id",
    "label",
    "amount",
    "unit",
    "started_at",
    "counted_from",
    "due_at",
    "warn_at",
    "extension_level",
    "paused_at",
    "paused_total",
    "warned_at",
    "breached_at",
    "stopped_at",
    "stop_reason",
    "band",
)
