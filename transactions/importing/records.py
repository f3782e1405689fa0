"""What a ledger import reads and reports: formats and columns, a row, its errors
and the result."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

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
