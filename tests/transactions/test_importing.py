import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from tests.factories import AgentFactory, CustomerFactory, TransactionFactory
from transactions.importing import COLUMNS, ledger_import
from transactions.models import Transaction

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "transactions" / "fixtures"
SAMPLE_CSV = FIXTURES / "sample_ledger.csv"
SAMPLE_JSONL = FIXTURES / "sample_ledger.jsonl"


@pytest.fixture
def owners() -> tuple[User, User]:
    return CustomerFactory(username="customer"), CustomerFactory(username="customer2")


def _good(**changes: str) -> dict[str, str]:
    row = {
        "reference": "R0001",
        "owner": "customer",
        "type": "transfer_out",
        "amount": "100.00",
        "currency": "CNY",
        "status": "completed",
        "counterparty_name": "张伟",
        "occurred_at": "2026-03-01T09:00:00+08:00",
        "completed_at": "2026-03-01T09:00:05+08:00",
    }
    row.update(changes)
    return row


def _csv(rows: list[dict[str, str]]) -> io.StringIO:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    text.seek(0)
    return text


def test_ledger_import_csv_sample_imports_every_record(owners):
    with SAMPLE_CSV.open("rb") as stream:
        result = ledger_import(stream=stream, fmt="csv")

    assert (result.imported, result.skipped, result.errors) == (8, 0, [])
    first = Transaction.objects.get(reference="LG2026030100001")
    assert first.owner == owners[0]
    assert first.counterparty_name == "张伟"
    assert first.amount == Decimal("1280.00")
    assert first.occurred_at.isoformat() == "2026-03-01T01:15:00+00:00"
    held = Transaction.objects.get(reference="LG2026030200004")
    assert held.status == Transaction.Status.CANCELLED
    assert held.cancel_source == Transaction.CancelSource.RISK_CONTROL
    usdt = Transaction.objects.get(reference="LG2026030300006")
    assert (usdt.currency, usdt.network, usdt.fee) == ("USDT", "TRC20", Decimal(1))
    assert usdt.chain_hash.startswith("7f3c9a1e")


def test_ledger_import_jsonl_sample_imports_every_record(owners):
    with SAMPLE_JSONL.open("rb") as stream:
        result = ledger_import(stream=stream, fmt="jsonl")

    assert (result.imported, result.skipped, result.errors) == (4, 0, [])
    cancelled = Transaction.objects.get(reference="LG2026031000102")
    assert cancelled.counterparty_name == "美团外卖"
    assert cancelled.cancel_source == Transaction.CancelSource.SYSTEM_FAILURE
    assert Transaction.objects.get(reference="LG2026031100104").fee == Decimal("0.5")


def test_ledger_import_jsonl_keeps_json_numbers_exact(owners):
    line = json.dumps(_good()).replace('"100.00"', "0.1")

    result = ledger_import(stream=io.StringIO(line), fmt="jsonl")

    assert result.imported == 1
    assert Transaction.objects.get().amount == Decimal("0.1")


def test_ledger_import_again_imports_nothing_new(owners):
    with SAMPLE_CSV.open("rb") as stream:
        ledger_import(stream=stream, fmt="csv")

    with SAMPLE_CSV.open("rb") as stream:
        again = ledger_import(stream=stream, fmt="csv")

    assert (again.imported, again.skipped, again.errors) == (0, 8, [])
    assert Transaction.objects.count() == 8


def test_ledger_import_skips_known_references_and_adds_new_ones(owners):
    TransactionFactory(
        reference="R0001", owner=owners[0], amount=Decimal(100), currency="CNY"
    )

    result = ledger_import(stream=_csv([_good(), _good(reference="R0002")]), fmt="csv")

    assert (result.imported, result.skipped) == (1, 1)
    assert set(Transaction.objects.values_list("reference", flat=True)) == {
        "R0001",
        "R0002",
    }


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"owner": "nobody"}, "owner 'nobody': no customer account has this username"),
        ({"owner": "agent7"}, "owner 'agent7': no customer account has this username"),
        ({"type": "gift"}, "type 'gift' is not one of transfer_out"),
        ({"status": "done"}, "status 'done' is not one of pending"),
        ({"amount": "0"}, "amount must be more than zero"),
        ({"amount": "-5"}, "amount must be more than zero"),
        (
            {"amount": "12,5"},
            "amount must be a decimal number such as 12.50, not '12,5'",
        ),
        ({"amount": "NaN"}, "amount must be a decimal number"),
        ({"amount": "1.123456789"}, "amount has more than 8 decimal places"),
        ({"amount": "1e15"}, "amount is too large"),
        ({"fee": "-1"}, "fee cannot be negative"),
        ({"amount": ""}, "amount is required"),
        ({"reference": ""}, "reference is required"),
        ({"reference": "R" * 65}, "reference is longer than 64 characters"),
        ({"currency": "人民币"}, "currency '人民币' must be a code such as CNY"),
        ({"occurred_at": "yesterday"}, "occurred_at must be an ISO 8601 date and time"),
        ({"occurred_at": "2026-03-01T09:00:00"}, "occurred_at has no UTC offset"),
        (
            {"completed_at": "2026-02-28T09:00:00+08:00"},
            "completed_at is before occurred_at",
        ),
        (
            {"status": "cancelled", "completed_at": ""},
            "A cancelled record needs cancel_source",
        ),
        (
            {"cancel_source": "risk_control"},
            "cancel_source is only for cancelled records; this one is completed",
        ),
        (
            {"status": "cancelled", "cancel_source": "aliens", "completed_at": ""},
            "cancel_source 'aliens' is not one of system_failure",
        ),
        (
            {"cancelled_at": "2026-03-01T09:01:00+08:00"},
            "cancelled_at is only for cancelled records",
        ),
    ],
)
def test_ledger_import_bad_row_reports_its_line_and_imports_nothing(
    owners, bad, message
):
    AgentFactory(username="agent7")
    rows = [_good(), _good(reference="R0002"), _good(**{"reference": "R0003", **bad})]

    result = ledger_import(stream=_csv(rows), fmt="csv")

    assert result.imported == 0
    assert [error.line for error in result.errors] == [4]
    assert message in result.errors[0].message
    assert not Transaction.objects.exists()


def test_ledger_import_reports_every_bad_row_not_just_the_first(owners):
    rows = [
        _good(amount="0"),
        _good(reference="R0002"),
        _good(reference="R0003", type="gift", status="done"),
    ]

    result = ledger_import(stream=_csv(rows), fmt="csv")

    assert [(error.line, error.message.split(" ")[0]) for error in result.errors] == [
        (2, "amount"),
        (4, "type"),
        (4, "status"),
    ]
    assert not Transaction.objects.exists()


def test_ledger_import_duplicate_reference_in_file_names_the_first_line(owners):
    rows = [_good(), _good(reference="R0002"), _good(amount="5")]

    result = ledger_import(stream=_csv(rows), fmt="csv")

    assert [str(error) for error in result.errors] == [
        "line 4: reference 'R0001' already appears on line 2."
    ]
    assert not Transaction.objects.exists()


@pytest.mark.parametrize(
    "stored",
    [
        {"amount": Decimal("99.00")},
        {"currency": "USD"},
        {"owner": "customer2"},
    ],
)
def test_ledger_import_existing_reference_that_differs_is_an_error(owners, stored):
    owner = owners[1] if stored.pop("owner", None) else owners[0]
    TransactionFactory(
        reference="R0001",
        owner=owner,
        **{"amount": Decimal("100.00"), "currency": "CNY", **stored},
    )

    result = ledger_import(stream=_csv([_good(reference="R0009"), _good()]), fmt="csv")

    assert [error.line for error in result.errors] == [3]
    assert "already exists with a different owner, amount or currency" in str(
        result.errors[0]
    )
    assert Transaction.objects.count() == 1


def test_ledger_import_counts_lines_of_quoted_multiline_fields(owners):
    rows = [
        _good(
            status="cancelled",
            cancel_source="compliance",
            cancel_reason="Held for review:\nsanctions screening",
            completed_at="",
        ),
        _good(reference="R0002", amount="abc"),
    ]

    result = ledger_import(stream=_csv(rows), fmt="csv")

    assert [error.line for error in result.errors] == [4]


def test_ledger_import_wrong_header_is_reported_on_line_one(owners):
    text = io.StringIO("reference,owner,kind,amount\nR1,customer,payment,5\n")

    result = ledger_import(stream=text, fmt="csv")

    assert [error.line for error in result.errors] == [1]
    message = result.errors[0].message
    assert "missing columns: type, currency, status, occurred_at" in message
    assert "unknown columns: kind" in message


def test_ledger_import_row_with_too_many_fields_is_reported(owners):
    text = _csv([_good()]).getvalue() + "R0002,customer,extra\n"

    result = ledger_import(stream=io.StringIO(text), fmt="csv")

    assert [error.line for error in result.errors] == [3]
    assert "has 3 fields; the header has 17" in result.errors[0].message


@pytest.mark.parametrize("as_bytes", [True, False])
def test_ledger_import_handles_a_utf8_byte_order_mark(owners, as_bytes):
    text = "\ufeff" + _csv([_good(counterparty_name="北京三快科技有限公司")]).getvalue()
    stream = io.BytesIO(text.encode()) if as_bytes else io.StringIO(text)

    result = ledger_import(stream=stream, fmt="csv")

    assert (result.imported, result.errors) == (1, [])
    assert Transaction.objects.get().counterparty_name == "北京三快科技有限公司"


def test_ledger_import_rejects_a_file_that_is_not_utf8(owners):
    text = _csv([_good(counterparty_name="张伟")]).getvalue()

    result = ledger_import(stream=io.BytesIO(text.encode("gb18030")), fmt="csv")

    assert [error.line for error in result.errors] == [2]
    assert "not UTF-8" in result.errors[0].message
    assert not Transaction.objects.exists()


def test_ledger_import_jsonl_reports_physical_line_numbers(owners):
    lines = [
        json.dumps(_good(), ensure_ascii=False),
        "",
        "{not json",
        json.dumps({**_good(reference="R0002"), "colour": "red"}),
        "[1, 2]",
        json.dumps(_good(reference="R0003", occurred_at="2026-03-01")),
    ]

    result = ledger_import(stream=io.StringIO("\n".join(lines)), fmt="jsonl")

    assert [(error.line, error.message[:20]) for error in result.errors] == [
        (3, "This line is not val"),
        (4, "unknown keys: colour"),
        (5, "Each line must be a "),
        (6, "occurred_at has no U"),
    ]
    assert not Transaction.objects.exists()


def test_ledger_import_rows_from_python(owners):
    result = ledger_import(rows=[_good(), _good(reference="R0002", amount="-1")])

    assert [error.line for error in result.errors] == [2]
    assert not Transaction.objects.exists()


def test_import_command_prints_summary(owners, capsys):
    call_command("import_transactions", str(SAMPLE_JSONL))
    call_command("import_transactions", str(SAMPLE_JSONL))

    assert capsys.readouterr().out.splitlines() == [
        "Imported 4, skipped 0 (already imported).",
        "Imported 0, skipped 4 (already imported).",
    ]


def test_import_command_format_option_overrides_the_extension(owners, tmp_path):
    path = tmp_path / "ledger.txt"
    path.write_text(json.dumps(_good()) + "\n", encoding="utf-8")

    call_command("import_transactions", str(path), "--format", "jsonl")

    assert Transaction.objects.get().reference == "R0001"


def test_import_command_fails_with_every_problem_and_imports_nothing(
    owners, tmp_path, capsys
):
    path = tmp_path / "ledger.csv"
    path.write_text(
        _csv([_good(owner="ghost"), _good(reference="R0002", fee="x")]).getvalue(),
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="2 problems found; nothing was imported"):
        call_command("import_transactions", str(path))

    err = capsys.readouterr().err
    assert "line 2: owner 'ghost': no customer account has this username." in err
    assert "line 3: fee must be a decimal number such as 12.50, not 'x'." in err
    assert not Transaction.objects.exists()


def test_import_command_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_transactions", str(tmp_path / "missing.csv"))
