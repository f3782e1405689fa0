"""Reading a ledger file (CSV or JSONL) or given mappings into rows, with the
errors of rows that cannot be read."""

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import IO

from django.utils.translation import gettext as _

from transactions.importing.records import (
    COLUMNS,
    OWNER_COLUMNS,
    REQUIRED_COLUMNS,
    RowError,
    _FileError,
    _Row,
)


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
