"""Ledger import: check every wallet record in a CSV or JSONL file, then insert them.

records holds the formats, columns and results; reading turns a file into rows;
checks checks each row; ledger runs the import.
"""

from transactions.importing.ledger import ledger_format_for, ledger_import
from transactions.importing.records import (
    COLUMNS,
    FORMATS,
    OPTIONAL_COLUMNS,
    OWNER_COLUMNS,
    REQUIRED_COLUMNS,
    ImportResult,
    RowError,
)

__all__ = [
    "COLUMNS",
    "FORMATS",
    "OPTIONAL_COLUMNS",
    "OWNER_COLUMNS",
    "REQUIRED_COLUMNS",
    "ImportResult",
    "RowError",
    "ledger_format_for",
    "ledger_import",
]
