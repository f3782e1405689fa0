"""Ledger import: check every wallet record in a CSV or JSONL file, then insert them."""

import csv
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.recorder import audited_bulk_create
from transactions.models import Transaction

FORMATS = ("csv", "jsonl")
REQUIRED_COLUMNS = (
    "reference",
    "type",
    "amount",
    "currency",
    "status",
    "occurred_at",
)
# Who owns a record: the wallet account id (what the core knows), or the username
# (files and clients from before account ids). At least one; if both, they agree.
OWNER_COLUMNS = ("account_id", "owner")
OPTIONAL_COLUMNS = (
    "network",
    "fee",
    "cancel_source",
    "cancel_reason",
    "counterparty_name",
    "counterparty_account",
    "chain_hash",
    "completed_at",
    "cancelled_at",
)
COLUMNS = REQUIRED_COLUMNS + OWNER_COLUMNS + OPTIONAL_COLUMNS
_MAX_LENGTHS = {
    "reference": 64,
    "network": 32,
    "cancel_reason": 255,
    "counterparty_name": 128,
    "counterparty_account": 128,
    "chain_hash": 128,
}
_CURRENCY = re.compile(r"^[A-Z0-9]{2,12}$")
# Transaction.amount and fee are DecimalField(max_digits=20, decimal_places=8).
_MAX_PLACES = 8
_MAX_WHOLE_DIGITS = 12
# Keeps IN (...) lists under SQLite's bound-parameter limit.
_LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class RowError:
    """One problem in the file, at the line a person sees in an editor."""

    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)d: %(message)s") % {
            "line": self.line,
            "message": self.message,
        }


@dataclass
class ImportResult:
    """What an import did: nothing at all when errors is not empty."""

    imported: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    values: dict[str, str]
    record: Transaction | None = None


class _FileError(Exception):
    """The file cannot be read as rows at all (bad header, not UTF-8)."""

    def __init__(self, error: RowError) -> None:
        super().__init__(str(error))
        self.error = error


def _text_lines(stream: IO[str] | IO[bytes]) -> Iterator[str]:
    """Yield lines of text, without a UTF-8 byte-order mark, whatever the stream."""
    for line_number, raw in enumerate(stream, start=1):
        if isinstance(raw, bytes):
            # Splitting on b"\n" never cuts a UTF-8 character, so lines decode alone.
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise _FileError(
                    RowError(
                        line_number,
                        _("The file is not UTF-8 text: %(error)s.")
                        % {"error": error.reason},
                    )
                ) from error
        else:
            line = raw
        yield line.removeprefix("\ufeff") if line_number == 1 else line


def _csv_rows(stream: IO[str] | IO[bytes]) -> Iterator[tuple[_Row, list[RowError]]]:
    reader = csv.reader(_text_lines(stream))
    try:
        header = next(reader)
    except StopIteration:
        return
    columns = [name.strip().lower() for name in header]
    unknown = [name for name in columns if name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if not any(name in columns for name in OWNER_COLUMNS):
        missing.append(" or ".join(OWNER_COLUMNS))
    if unknown or missing:
        problems = []
        if missing:
            problems.append(
                _("missing columns: %(columns)s") % {"columns": ", ".join(missing)}
            )
        if unknown:
            problems.append(
                _("unknown columns: %(columns)s") % {"columns": ", ".join(unknown)}
            )
        raise _FileError(
            RowError(
                1,
                _("The header is wrong (%(problems)s). Expected columns: %(expected)s.")
                % {"problems": "; ".join(problems), "expected": ", ".join(COLUMNS)},
            )
        )
    end_of_previous = reader.line_num
    for cells in reader:
        # A quoted field may span lines: a record starts after the previous one ends.
        start = end_of_previous + 1
        end_of_previous = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            yield (
                _Row(start, {}),
                [
                    RowError(
                        start,
                        _("This row has %(found)d fields; the header has %(expected)d.")
                        % {"found": len(cells), "expected": len(columns)},
                    )
                ],
            )
            continue
        yield _Row(start, dict(zip(columns, cells, strict=True))), []


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _mapping_row(line: int, item: object) -> tuple[_Row, list[RowError]]:
    if not isinstance(item, Mapping):
        return _Row(line, {}), [
            RowError(line, _("Each line must be a JSON object with the record's keys."))
        ]
    keys = [str(key) for key in item]
    unknown = sorted(key for key in keys if key not in COLUMNS)
    errors = []
    if unknown:
        errors.append(
            RowError(
                line,
                _("unknown keys: %(keys)s") % {"keys": ", ".join(unknown)},
            )
        )
    values = {str(key): _as_text(value).strip() for key, value in item.items()}
    return _Row(line, values), errors


def _jsonl_rows(stream: IO[str] | IO[bytes]) -> Iterator[tuple[_Row, list[RowError]]]:
    for line_number, line in enumerate(_text_lines(stream), start=1):
        if not line.strip():
            continue
        try:
            # Decimal keeps 0.1 as 0.1: money never passes through a float.
            item = json.loads(line, parse_float=Decimal)
        except json.JSONDecodeError as error:
            yield (
                _Row(line_number, {}),
                [
                    RowError(
                        line_number,
                        _("This line is not valid JSON: %(error)s.")
                        % {"error": error.msg},
                    )
                ],
            )
            continue
        yield _mapping_row(line_number, item)


def _decimal(value: str, name: str, *, positive: bool) -> tuple[Decimal | None, str]:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None, _(
            "%(field)s must be a decimal number such as 12.50, not %(value)r."
        ) % {
            "field": name,
            "value": value,
        }
    if not number.is_finite():
        return None, _(
            "%(field)s must be a decimal number such as 12.50, not %(value)r."
        ) % {
            "field": name,
            "value": value,
        }
    if positive and number <= 0:
        return None, _("%(field)s must be more than zero.") % {"field": name}
    if not positive and number < 0:
        return None, _("%(field)s cannot be negative.") % {"field": name}
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if places > _MAX_PLACES:
        return None, _("%(field)s has more than %(places)d decimal places.") % {
            "field": name,
            "places": _MAX_PLACES,
        }
    if abs(number) >= Decimal(10) ** _MAX_WHOLE_DIGITS:
        return None, _("%(field)s is too large.") % {"field": name}
    return number, ""


def _moment(value: str, name: str) -> tuple[datetime | None, str]:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None, _(
            "%(field)s must be an ISO 8601 date and time such as 2026-03-01T09:30:00+08:00, not %(value)r."
        ) % {"field": name, "value": value}
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None, _("%(field)s has no UTC offset; add one, such as +08:00 or Z.") % {
            "field": name
        }
    return moment, ""


@dataclass(frozen=True)
class _Owners:
    by_account_id: Mapping[str, User]
    by_username: Mapping[str, User]


def _owner_check(text: Mapping[str, str], owners: _Owners) -> tuple[User | None, str]:
    account_id, username = text["account_id"], text["owner"]
    if not account_id and not username:
        return None, _("account_id (or owner, a username) is required.")
    by_account = owners.by_account_id.get(account_id) if account_id else None
    if account_id and by_account is None:
        return None, _(
            "account_id %(account_id)r: no customer has this wallet account id."
        ) % {"account_id": account_id}
    by_username = owners.by_username.get(username) if username else None
    if username and by_username is None:
        return None, _("owner %(owner)r: no customer account has this username.") % {
            "owner": username
        }
    if by_account is not None and by_username is not None and by_account != by_username:
        return None, _(
            "account_id %(account_id)r and owner %(owner)r name different customers."
        ) % {"account_id": account_id, "owner": username}
    return by_account or by_username, ""


def _check_row(row: _Row, owners: _Owners) -> list[str]:
    """Check one row; on success leave an unsaved Transaction on row.record."""
    values = row.values
    problems: list[str] = []
    for name in REQUIRED_COLUMNS:
        if not values.get(name, "").strip():
            problems.append(_("%(field)s is required.") % {"field": name})
    for name, limit in _MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            problems.append(
                _("%(field)s is longer than %(limit)d characters.")
                % {"field": name, "limit": limit}
            )
    text = {name: values.get(name, "").strip() for name in COLUMNS}

    owner, problem = _owner_check(text, owners)
    problems += [problem] if problem else []
    if text["type"] and text["type"] not in Transaction.Type.values:
        problems.append(
            _("type %(value)r is not one of %(allowed)s.")
            % {"value": text["type"], "allowed": ", ".join(Transaction.Type.values)}
        )
    status = text["status"]
    if status and status not in Transaction.Status.values:
        problems.append(
            _("status %(value)r is not one of %(allowed)s.")
            % {"value": status, "allowed": ", ".join(Transaction.Status.values)}
        )
    cancel_source = text["cancel_source"]
    if cancel_source and cancel_source not in Transaction.CancelSource.values:
        problems.append(
            _("cancel_source %(value)r is not one of %(allowed)s.")
            % {
                "value": cancel_source,
                "allowed": ", ".join(Transaction.CancelSource.values),
            }
        )
    elif status == Transaction.Status.CANCELLED and not cancel_source:
        problems.append(_("A cancelled record needs cancel_source (who cancelled it)."))
    elif status and status != Transaction.Status.CANCELLED and cancel_source:
        problems.append(
            _("cancel_source is only for cancelled records; this one is %(status)s.")
            % {"status": status}
        )
    currency = text["currency"].upper()
    if currency and not _CURRENCY.match(currency):
        problems.append(
            _("currency %(value)r must be a code such as CNY, USD or USDT.")
            % {"value": text["currency"]}
        )

    amount: Decimal | None = None
    if text["amount"]:
        amount, problem = _decimal(text["amount"], "amount", positive=True)
        problems += [problem] if problem else []
    fee: Decimal | None = Decimal(0)
    if text["fee"]:
        fee, problem = _decimal(text["fee"], "fee", positive=False)
        problems += [problem] if problem else []

    moments: dict[str, datetime | None] = {}
    for name in ("occurred_at", "completed_at", "cancelled_at"):
        moments[name] = None
        if text[name]:
            moments[name], problem = _moment(text[name], name)
            problems += [problem] if problem else []
    occurred = moments["occurred_at"]
    for name in ("completed_at", "cancelled_at"):
        later = moments[name]
        if occurred and later and later < occurred:
            problems.append(_("%(field)s is before occurred_at.") % {"field": name})
    if moments["cancelled_at"] and status and status != Transaction.Status.CANCELLED:
        problems.append(
            _("cancelled_at is only for cancelled records; this one is %(status)s.")
            % {"status": status}
        )

    if not problems:
        row.record = Transaction(
            reference=text["reference"],
            owner=owner,
            type=text["type"],
            amount=amount,
            currency=currency,
            network=text["network"],
            fee=fee,
            status=status,
            cancel_source=cancel_source,
            cancel_reason=text["cancel_reason"],
            counterparty_name=text["counterparty_name"],
            counterparty_account=text["counterparty_account"],
            chain_hash=text["chain_hash"],
            occurred_at=occurred,
            completed_at=moments["completed_at"],
            cancelled_at=moments["cancelled_at"],
        )
    return problems


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


def _read(
    stream: IO[str] | IO[bytes] | None,
    rows: Iterable[Mapping[str, object]] | None,
    fmt: str,
) -> tuple[list[_Row], list[RowError]]:
    parsed: list[_Row] = []
    errors: list[RowError] = []
    if rows is not None:
        for line, item in enumerate(rows, start=1):
            row, row_errors = _mapping_row(line, item)
            parsed.append(row)
            errors += row_errors
        return parsed, errors
    if stream is None:
        raise ValueError("ledger_import needs a stream or rows")
    try:
        reader = _csv_rows(stream) if fmt == "csv" else _jsonl_rows(stream)
        for row, row_errors in reader:
            parsed.append(row)
            errors += row_errors
    except _FileError as error:
        errors.append(error.error)
    except csv.Error as error:
        errors.append(
            RowError(
                parsed[-1].line + 1 if parsed else 2,
                _("The CSV cannot be read: %(error)s.") % {"error": error},
            )
        )
    return parsed, errors


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
    every problem with its line number. Inserts with bulk_create in batches.
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
        audited_bulk_create(new_records, batch_size=batch_size)
    return ImportResult(imported=len(new_records), skipped=skipped)


def ledger_format_for(path: str) -> str:
    """The ledger format a file name implies: csv, or jsonl for .jsonl/.ndjson."""
    lowered = path.lower()
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "csv"
