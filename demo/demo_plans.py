"""The demo's plan, drawn from a fixed seed before anything is written: which
tickets are filed when, how far each gets, and the ledger records they are about."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from accounts.models import User
from demo.demo_content import (
    COUNTERPARTIES,
    DEMO_RANDOM_SEED,
    EXTRA_CUSTOMER_SCENARIOS,
    LEDGER_SIZE,
    LEDGER_SIZE_DEFAULT,
    PEOPLE,
    SCENARIOS,
    Person,
    RecordSpec,
    Scenario,
)

_CENT = Decimal("0.01")
# Days before now that a scenario's ticket was received, by how far it got.
_AGE_DAYS: dict[str, tuple[float, float]] = {
    "received": (0.02, 0.3),
    "acknowledged": (0.3, 1.5),
    "investigating": (1.5, 5),
    # Past its resolve deadline whatever the day: the overdue scenario's 15 business
    # days (the UK profile) span up to 26 calendar days across 2025-2027's holidays.
    "overdue": (30, 34),
    "on_hold": (1.5, 5),
    "resolved": (6, 25),
    "rated": (6, 25),
    "reopened": (7, 12),
}
_FILLER_KINDS = (
    # type, status, cancel_source, weight
    ("payment", "completed", "", 10),
    ("transfer_out", "completed", "", 6),
    ("transfer_in", "completed", "", 6),
    ("top_up", "completed", "", 4),
    ("withdrawal", "completed", "", 2),
    ("refund", "completed", "", 1),
    ("payment", "failed", "", 1),
    ("transfer_out", "pending", "", 1),
    ("payment", "cancelled", "user", 1),
    ("transfer_out", "cancelled", "system_failure", 1),
    ("transfer_in", "reversed", "", 1),
)


@dataclass
class _Plan:
    """One ticket to file: every random choice is drawn before anything is written."""

    person: Person
    scenario: Scenario
    end: str
    received_at: datetime
    steps: list[float]
    system_acknowledges: bool
    resolver_is_supervisor: bool
    records: list[dict[str, str]] = field(default_factory=list)

    @property
    def token(self) -> str:
        return f"demo:{self.scenario.key}"

    @property
    def lang(self) -> int:
        return 0 if self.person.language == "zh-hans" else 1


def _reference(rng: random.Random) -> str:
    return f"T{rng.randrange(10**15, 10**16)}"


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _record_row(
    *,
    rng: random.Random,
    person: Person,
    type_: str,
    status: str,
    amount: str,
    currency: str,
    counterparty: tuple[str, str],
    occurred_at: datetime,
    cancel_source: str = "",
    cancel_reason: str = "",
    network: str = "",
    fee: str = "0",
) -> dict[str, str]:
    row = {
        "reference": _reference(rng),
        "owner": person.username,
        "type": type_,
        "amount": amount,
        "currency": currency,
        "network": network,
        "fee": fee,
        "status": status,
        "cancel_source": cancel_source,
        "cancel_reason": cancel_reason,
        "counterparty_name": counterparty[0],
        "counterparty_account": counterparty[1],
        "occurred_at": _iso(occurred_at),
        "chain_hash": "",
        "completed_at": "",
        "cancelled_at": "",
    }
    if network:
        row["chain_hash"] = f"{rng.getrandbits(256):064x}"
    if status in {"completed", "reversed"}:
        row["completed_at"] = _iso(occurred_at + timedelta(seconds=rng.randint(2, 90)))
    elif status == "cancelled":
        row["cancelled_at"] = _iso(occurred_at + timedelta(seconds=rng.randint(5, 600)))
    return row


def _scenario_rows(
    rng: random.Random, person: Person, spec: RecordSpec, occurred_at: datetime
) -> list[dict[str, str]]:
    lang = 0 if person.language == "zh-hans" else 1
    common = {
        "rng": rng,
        "person": person,
        "type_": spec.type,
        "status": spec.status,
        "amount": spec.amounts[lang],
        "currency": spec.currency or person.home_currency,
        "counterparty": spec.counterparty[lang],
        "cancel_source": spec.cancel_source,
        "cancel_reason": spec.cancel_reason,
        "network": spec.network,
        "fee": spec.fee,
    }
    rows = [_record_row(occurred_at=occurred_at, **common)]
    if spec.twin:
        # The original payment comes first; the ticket is about the second one.
        rows.insert(
            0, _record_row(occurred_at=occurred_at - timedelta(minutes=2), **common)
        )
    return rows


def _filler_rows(
    rng: random.Random, person: Person, count: int, now: datetime
) -> list[dict[str, str]]:
    other_currency = "USD" if person.home_currency == "CNY" else "CNY"
    weights = [kind[3] for kind in _FILLER_KINDS]
    rows = []
    for _index in range(count):
        type_, status, cancel_source, _weight = rng.choices(_FILLER_KINDS, weights)[0]
        currency = other_currency if rng.random() < 0.15 else person.home_currency
        scale = 7 if currency == "CNY" else 1
        amount = Decimal(rng.uniform(3, 300) * scale).quantize(_CENT)
        counterparty = rng.choice(COUNTERPARTIES[person.language])
        rows.append(
            _record_row(
                rng=rng,
                person=person,
                type_=type_,
                status=status,
                amount=str(amount),
                currency=currency,
                counterparty=counterparty,
                occurred_at=now - timedelta(days=rng.uniform(1, 90)),
                cancel_source=cancel_source,
                cancel_reason="Cancelled in the app" if cancel_source == "user" else "",
                fee=str((amount * Decimal("0.001")).quantize(_CENT))
                if type_ == "withdrawal"
                else "0",
            )
        )
    return rows


def _plans(now: datetime) -> tuple[list[_Plan], list[dict[str, str]]]:
    """Decide every ticket, ledger record and moment up front, from a fixed seed.

    Returns the ticket plans (each with the records it is about) and the other
    ledger records.
    """
    by_key = {scenario.key: scenario for scenario in SCENARIOS}
    plans: list[_Plan] = []
    fillers: list[dict[str, str]] = []
    for person in PEOPLE:
        if person.role != User.Role.CUSTOMER:
            continue
        rng = random.Random(f"{DEMO_RANDOM_SEED}:{person.username}")  # noqa: S311 - demo data
        if person.username in EXTRA_CUSTOMER_SCENARIOS:
            chosen = [
                (by_key[key], end)
                for key, end in EXTRA_CUSTOMER_SCENARIOS[person.username]
            ]
        else:
            lang = 0 if person.language == "zh-hans" else 1
            chosen = [(scenario, scenario.ends[lang]) for scenario in SCENARIOS]
        own_rows: list[dict[str, str]] = []
        person_plans = []
        for scenario, end in chosen:
            low, high = _AGE_DAYS[end]
            received_at = now - timedelta(days=rng.uniform(low, high))
            plan = _Plan(
                person=person,
                scenario=scenario,
                end=end,
                received_at=received_at,
                steps=[rng.uniform(0.5, 1.5) for _step in range(8)],
                system_acknowledges=rng.random() < 0.6,
                resolver_is_supervisor=rng.random() < 0.3,
            )
            if scenario.record is not None:
                occurred_at = received_at - timedelta(hours=rng.uniform(2, 72))
                plan.records = _scenario_rows(rng, person, scenario.record, occurred_at)
                own_rows += plan.records
            person_plans.append(plan)
        size = LEDGER_SIZE.get(person.username, LEDGER_SIZE_DEFAULT)
        fillers += _filler_rows(rng, person, max(size - len(own_rows), 0), now)
        plans += person_plans
    return plans, fillers
