"""The import itself: read, check every row, then insert them all or nothing."""

from collections.abc import Iterable, Iterator, Mapping
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.bulk import audited_bulk_create
from transactions.importing.checks import _check_row, _Owners
from transactions.importing.reading import _read
from transactions.importing.records import (
    _LOOKUP_CHUNK,
    FORMATS,
    ImportResult,
    RowError,
)
from transactions.models import Transaction
from transactions.signals import ledger_records_created


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _LOOKUP_CHUNK):
        yield items[start : start + _LOOKUP_CHUNK]


def _customers_by(field_name: str, values: set[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for chunk in _chunks(sorted(values - {""})):
        customers = User.objects.filter(
            **{f"{field_name}__in": chunk}, role=User.Role.CUSTOMER
        ).only("pk", "username", "wallet_account_id")
        for user in customers:
            found[getattr(user, field_name)] = user
    return found


def _existing_by_reference(references: list[str]) -> dict[str, Transaction]:
    existing: dict[str, Transaction] = {}
    for chunk in _chunks(references):
        for record in Transaction.objects.filter(reference__in=chunk).only(
            "reference", "owner_id", "amount", "currency"
        ):
            existing[record.reference] = record
    return existing


def ledger_import(
    *,
    stream: IO[str] | IO[bytes] | None = None,
    rows: Iterable[Mapping[str, object]] | None = None,
    fmt: str = "csv",
    batch_size: int = 1000,
) -> ImportResult:
    """Check every ledger record, then insert the new ones in one transaction.

    Each record names its owner by account_id (the wallet account id) or owner
    (the username, for files from before account ids), or both if they agree.
    Reads CSV (header on line 1) or JSON Lines from stream, text or bytes, UTF-8
    with or without a byte-order mark; or takes already-parsed rows (mappings keyed
    by column name, numbered from 1). Records whose reference already exists are
    skipped and counted, unless they disagree with the stored record on owner,
    amount or currency. If any row is wrong, nothing is written and the result lists
    every problem with its line number. Inserts with bulk_create in batches and
    sends ledger_records_created with them in the same transaction.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown ledger format {fmt!r}")
    parsed, errors = _read(stream, rows, fmt)
    if errors and not parsed:
        return ImportResult(errors=errors)

    owners = _Owners(
        by_account_id=_customers_by(
            "wallet_account_id",
            {row.values.get("account_id", "").strip() for row in parsed},
        ),
        by_username=_customers_by(
            "username", {row.values.get("owner", "").strip() for row in parsed}
        ),
    )
    first_line: dict[str, int] = {}
    for row in parsed:
        if not row.values:
            continue
        errors += [RowError(row.line, problem) for problem in _check_row(row, owners)]
        reference = row.values.get("reference", "").strip()
        if not reference:
            continue
        if reference in first_line:
            errors.append(
                RowError(
                    row.line,
                    _("reference %(reference)r already appears on line %(line)d.")
                    % {"reference": reference, "line": first_line[reference]},
                )
            )
        else:
            first_line[reference] = row.line

    existing = _existing_by_reference(list(first_line))
    new_records: list[Transaction] = []
    skipped = 0
    for row in parsed:
        record = row.record
        if record is None:
            continue
        stored = existing.get(record.reference)
        if stored is None:
            new_records.append(record)
            continue
        if (stored.owner_id, stored.amount, stored.currency) != (
            record.owner.pk,
            record.amount,
            record.currency,
        ):
            errors.append(
                RowError(
                    row.line,
                    _(
                        "reference %(reference)r already exists with a different owner, amount or currency."
                    )
                    % {"reference": record.reference},
                )
            )
        else:
            skipped += 1

    if errors:
        return ImportResult(errors=sorted(errors, key=lambda error: error.line))
    with transaction.atomic():
        created = audited_bulk_create(new_records, batch_size=batch_size)
        ledger_records_created.send(sender=Transaction, records=created)
    return ImportResult(imported=len(new_records), skipped=skipped)


def ledger_format_for(path: str) -> str:
    """The ledger format a file name implies: csv, or jsonl for .jsonl/.ndjson."""
    lowered = path.lower()
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "csv"
