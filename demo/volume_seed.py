# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose.
"""Bulk synthetic data for benchmarks: a million tickets with everything pages read.

volume_seed writes customers, staff, queues, a wallet ledger and tickets with their
details, transaction snapshots, status history, messages, SLA clocks and sent
acknowledgements, spread over the two years before now. It bypasses the services
on purpose (they would take days at this size) and writes rows that match what the
services would have written: the invariants are checked by tests/test_seed_volume.py.

PostgreSQL gets COPY (psycopg 3), other databases batched INSERTs (tests, small N).
One transaction: an interrupted run leaves nothing behind. A seed is identified by
its usernames (vol<seed>-c<n>, -a<n>, -s<n>, -m0) and transaction references
(VOL<seed>-T<n>); ticket references come from TicketSequence, which ends up ahead of
every generated number so that real filings never collide.
"""

import json
import random
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import Language, User
from complaints.models import (
    CancellationInquiry,
    ComplaintDetail,
    Message,
    Notice,
    Queue,
    QueueRoute,
    RecoveryAttempt,
    RefundDecision,
    RefundRequest,
    StatusChange,
    Ticket,
    TicketSequence,
    TicketTransaction,
)
from complaints.services.loads import agent_loads_recount
from reports.rollups.fold import rollups_rebuild
from sla import selectors as sla_selectors
from sla.calendars import BusinessCalendar, Unit, deadline
from sla.models import RegimeProfile, TicketClock
from transactions.models import Transaction

# Published for benchmark logins only; never a real account's password.
VOLUME_PASSWORD = "walletdesk-bench"  # noqa: S105
MAX_CUSTOMERS = 200_000
AGENTS = 50
SUPERVISORS = 3
SPAN = timedelta(days=730)
# Seeded accounts joined this long before the moment the seed was generated.
JOINED_BEFORE = SPAN + timedelta(days=30)
CHUNK = 20_000
ProgressFn = Callable[[str, int, int], None]

Status = Ticket.Status
Kind = Ticket.Kind
Category = Ticket.Category


class VolumeSeedError(Exception):
    """The seed is already loaded with another size."""


@dataclass
class VolumeSeedResult:
    seed: int
    tickets: int
    transactions: int
    customers: int
    skipped: bool
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


def _prefix(seed: int) -> str:
    return f"vol{seed}-"


def volume_seed_size(*, seed: int) -> int:
    """How many tickets seed already holds (0 when it was never loaded)."""
    prefix = _prefix(seed)
    marker = User.objects.filter(username=f"{prefix}c0").first()
    if marker is None:
        return 0
    # Tickets the seed's customers file later (benchmarks, load tests) are not
    # the seed's: they were received after the moment the seed was generated.
    generated_at = marker.date_joined + JOINED_BEFORE
    customers = User.objects.filter(
        username__startswith=f"{prefix}c", role=User.Role.CUSTOMER
    ).values("pk")
    return Ticket.objects.filter(
        customer__in=customers, received_at__lte=generated_at
    ).count()


# Weighted choices ---------------------------------------------------------


class _Weighted:
    """Fast weighted choice: cumulative weights and bisect."""

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.values = [value for value, _weight in pairs]
        self.cumulative = list(accumulate(weight for _value, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect_right(self.cumulative, rng.random() * self.total)]


KINDS = _Weighted(
    [
        (Kind.COMPLAINT, 60),
        (Kind.MISOPERATION_REFUND, 25),
        (Kind.CANCELLED_TX_INQUIRY, 15),
    ]
)
CATEGORIES = {
    Kind.COMPLAINT: _Weighted(
        [
            (Category.TRANSFER_FAILED, 22),
            (Category.BALANCE_WRONG, 10),
            (Category.PAYMENT_NOT_RECEIVED, 18),
            (Category.UNAUTHORIZED, 12),
            (Category.ACCOUNT_ACCESS, 14),
            (Category.FEES, 10),
            (Category.SERVICE_QUALITY, 8),
            (Category.OTHER, 6),
        ]
    ),
    Kind.MISOPERATION_REFUND: _Weighted(
        [
            (Category.WRONG_RECIPIENT, 55),
            (Category.WRONG_AMOUNT, 25),
            (Category.DUPLICATE_PAYMENT, 20),
        ]
    ),
    Kind.CANCELLED_TX_INQUIRY: _Weighted([(Category.CANCELLED_TRANSACTION, 1)]),
}
CHANNELS = _Weighted(
    [
        (Ticket.Channel.WEB, 70),
        (Ticket.Channel.API, 10),
        (Ticket.Channel.PHONE, 12),
        (Ticket.Channel.EMAIL, 8),
    ]
)
PRIORITIES = _Weighted(
    [
        (Ticket.Priority.NORMAL, 70),
        (Ticket.Priority.LOW, 10),
        (Ticket.Priority.HIGH, 15),
        (Ticket.Priority.URGENT, 5),
    ]
)
OUTCOMES = _Weighted(
    [
        (Ticket.Outcome.UPHELD, 35),
        (Ticket.Outcome.PARTIALLY_UPHELD, 20),
        (Ticket.Outcome.REJECTED, 30),
        (Ticket.Outcome.WITHDRAWN, 10),
        (Ticket.Outcome.DUPLICATE, 5),
    ]
)
ROOT_CAUSES = _Weighted(
    [
        (Ticket.RootCause.CUSTOMER_INPUT, 30),
        (Ticket.RootCause.SYSTEM_FAILURE, 18),
        (Ticket.RootCause.THIRD_PARTY, 14),
        (Ticket.RootCause.RISK_COMPLIANCE, 10),
        (Ticket.RootCause.FEES_FX, 8),
        (Ticket.RootCause.PROCESS_DESIGN, 6),
        (Ticket.RootCause.DISCLOSURE, 5),
        (Ticket.RootCause.SERVICE_QUALITY, 4),
        (Ticket.RootCause.FUND_SECURITY, 3),
        (Ticket.RootCause.INFORMATION_SECURITY, 1),
        (Ticket.RootCause.MARKETING, 1),
    ]
)
RATINGS = _Weighted([(5, 40), (4, 25), (3, 15), (2, 8), (1, 12)])
CANCEL_SOURCES = _Weighted(
    [
        (Transaction.CancelSource.SYSTEM_FAILURE, 40),
        (Transaction.CancelSource.USER, 30),
        (Transaction.CancelSource.RISK_CONTROL, 20),
        (Transaction.CancelSource.COMPLIANCE, 10),
    ]
)
FUNDS = _Weighted(
    [
        (CancellationInquiry.FundsLocation.RETURNED, 50),
        (CancellationInquiry.FundsLocation.HELD, 20),
        (CancellationInquiry.FundsLocation.RETURN_PENDING, 20),
        (CancellationInquiry.FundsLocation.UNKNOWN, 10),
    ]
)
PAYEE_VIA = [value for value, _label in RefundRequest.PayeeChosenVia.choices]
FILLER_TYPES = _Weighted(
    [
        (Transaction.Type.PAYMENT, 35),
        (Transaction.Type.TRANSFER_OUT, 20),
        (Transaction.Type.TRANSFER_IN, 20),
        (Transaction.Type.TOP_UP, 15),
        (Transaction.Type.WITHDRAWAL, 7),
        (Transaction.Type.REFUND, 3),
    ]
)
# The transaction a complaint of each category is about: (type, status), or None
# when such complaints usually name no transaction.
COMPLAINT_RECORD: dict[str, tuple[str, str] | None] = {
    Category.TRANSFER_FAILED: (
        Transaction.Type.TRANSFER_OUT,
        Transaction.Status.FAILED,
    ),
    Category.PAYMENT_NOT_RECEIVED: (
        Transaction.Type.TRANSFER_IN,
        Transaction.Status.PENDING,
    ),
    Category.UNAUTHORIZED: (Transaction.Type.PAYMENT, Transaction.Status.COMPLETED),
    Category.FEES: (Transaction.Type.WITHDRAWAL, Transaction.Status.COMPLETED),
    Category.BALANCE_WRONG: None,
    Category.ACCOUNT_ACCESS: None,
    Category.SERVICE_QUALITY: None,
    Category.OTHER: None,
}

# Bilingual text (zh-hans, en) ---------------------------------------------

SUBJECTS: dict[str, tuple[str, str]] = {
    Category.TRANSFER_FAILED: (
        "转账失败但已扣款",
        "Transfer failed but money was taken",
    ),
    Category.BALANCE_WRONG: ("余额显示不正确", "My balance looks wrong"),
    Category.PAYMENT_NOT_RECEIVED: ("对方付款未到账", "Payment to me has not arrived"),
    Category.UNAUTHORIZED: ("有一笔不是我本人的支付", "A payment I did not make"),
    Category.ACCOUNT_ACCESS: ("账户被锁定无法登录", "Account locked, cannot log in"),
    Category.FEES: ("提现手续费过高", "The withdrawal fee is too high"),
    Category.SERVICE_QUALITY: ("客服态度问题", "How I was treated on the phone"),
    Category.OTHER: ("其他问题", "Something else"),
    Category.WRONG_RECIPIENT: (
        "转错人了，请帮忙追回",
        "Sent money to the wrong person",
    ),
    Category.WRONG_AMOUNT: ("转账金额输错了", "I sent the wrong amount"),
    Category.DUPLICATE_PAYMENT: ("同一笔付款扣了两次", "I was charged twice"),
    Category.CANCELLED_TRANSACTION: (
        "交易被取消，资金在哪里？",
        "My transaction was cancelled: where is my money?",
    ),
}
DESCRIPTIONS: tuple[tuple[str, str], ...] = (
    (
        "我在手机上操作时出现了问题，请尽快核实并处理，谢谢。",
        "Something went wrong in the app. Please check and sort it out soon, thank you.",
    ),
    (
        "已经等了好几天还没有结果，希望尽快给我一个答复。",
        "I have waited several days without an answer; please get back to me.",
    ),
    (
        "截图已经保存，如需更多资料请告诉我。",
        "I kept screenshots; tell me if you need anything else.",
    ),
)
REMEDIES = (
    ("退回款项", "Give me the money back"),
    ("解释原因", "Explain what happened"),
)
REPLIES_STAFF = (
    (
        "您好，我们已收到您的问题，正在核实中。",
        "Hello, we have your ticket and are checking it.",
    ),
    (
        "请提供交易截图，方便我们进一步处理。",
        "Please send a screenshot of the transaction.",
    ),
    (
        "我们已联系合作方，预计三个工作日内回复。",
        "We asked our partner; expect news within three business days.",
    ),
)
REPLIES_CUSTOMER = (
    ("截图已上传，请查收。", "I uploaded the screenshot."),
    ("请问现在处理到哪一步了？", "Where is my ticket up to now?"),
)
NOTES = (
    "Checked the ledger: entry matches the customer's account.",
    "Asked the partner bank for a trace.",
    "Risk team confirms the hold; use approved templates only.",
)
SUMMARIES = (
    ("已核实并处理完毕。", "Checked and settled."),
    ("经核查，交易正常，无需退款。", "The transaction was correct; no refund is due."),
)
COUNTERPARTIES = (
    ("张伟", "6222 0210 0112 3456"),
    ("李娜", "li.na@example.cn"),
    ("Michael Brown", "michael.brown@example.com"),
    ("Coffee Corner", "merchant-88213"),
    ("0x5e1f...c2a9", "TQ5kWJc9zQzP7gD3Kp9s1x2dZ4a9q8Lm3V"),
)


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


# Deadlines ----------------------------------------------------------------


@dataclass(frozen=True)
class _ClockSpec:
    kind: str
    label: str
    amount: int
    unit: str


class _ProfilePlan:
    """A profile's clocks with memoised deadlines: they depend on D0 only."""

    def __init__(self, profile: RegimeProfile, calendar: BusinessCalendar) -> None:
        self.profile = profile
        self.calendar = calendar
        self.specs = [
            _ClockSpec(
                TicketClock.Kind.ACKNOWLEDGE, "", profile.ack_amount, profile.ack_unit
            )
        ]
        if profile.interim_amount is not None and profile.interim_unit:
            self.specs.append(
                _ClockSpec(
                    TicketClock.Kind.INTERIM,
                    profile.interim_label,
                    profile.interim_amount,
                    profile.interim_unit,
                )
            )
        self.specs.append(
            _ClockSpec(
                TicketClock.Kind.RESOLVE,
                "",
                profile.resolve_amount,
                profile.resolve_unit,
            )
        )
        self._memo: dict[tuple, Any] = {}

    def _d0_key(self, received: datetime) -> tuple[date, bool]:
        local = self.calendar.local(received)
        cutoff = self.calendar.cutoff
        return local.date(), cutoff is not None and local.time() >= cutoff

    def due(self, received: datetime, amount: int, unit: str) -> datetime:
        if unit == Unit.HOURS:
            return received + timedelta(hours=amount)
        key = (self._d0_key(received), amount, unit)
        found = self._memo.get(key)
        if found is None:
            found = deadline(
                self.calendar,
                received=received,
                amount=amount,
                unit=unit,
                roll=self.profile.rolls_to_business_day,
            )
            self._memo[key] = found
        return found

    def started(self, received: datetime, unit: str) -> datetime:
        """counted_from: the receipt, or midnight of D0 when it rolled to a later day."""
        if unit == Unit.HOURS:
            return received
        key = ("from", self._d0_key(received))
        if key not in self._memo:
            day = self.calendar.counting_day(received)
            same_day = day == self.calendar.local(received).date()
            self._memo[key] = None if same_day else self.calendar.start_of_day(day)
        return self._memo[key] or received

    def band(self, received: datetime, stopped: datetime) -> str:
        for band in self.profile.time_bands:
            amount = band.get("amount")
            if amount is None:
                return band["label"]
            if stopped <= self.due(received, amount, band["unit"]):
                return band["label"]
        return ""


# The generator ------------------------------------------------------------


@dataclass
class _People:
    customers: int
    first_customer: int
    agents: list[int]
    supervisors: list[int]
    agents_by_queue: dict[int, list[int]]
    languages: list[str]


class _Generator:
    def __init__(
        self,
        *,
        seed: int,
        tickets: int,
        transactions: int,
        now: datetime,
        writer: _Writer,
        progress: ProgressFn | None,
    ) -> None:
        self.seed = seed
        self.tickets = tickets
        self.transactions = transactions
        self.now = now
        self.writer = writer
        self.progress = progress or (lambda stage, done, total: None)
        self.rng = random.Random(seed)  # noqa: S311 - reproducible fake data
        self.prefix = _prefix(seed)

    # People and queues ----------------------------------------------------

    def people(self) -> _People:
        customers = min(MAX_CUSTOMERS, max(20, self.tickets // 5))
        staff = AGENTS + SUPERVISORS + 1
        first = self.writer.reserve_ids(User, customers + staff)
        password = make_password(VOLUME_PASSWORD)
        joined = self.now - JOINED_BEFORE
        languages = [
            Language.EN if (index * 2654435761) % 100 < 25 else Language.ZH_HANS
            for index in range(customers)
        ]
        rows: list[tuple] = []
        for index in range(customers):
            rows.append(
                (
                    first + index,
                    password,
                    None,
                    False,
                    f"{self.prefix}c{index}",
                    "",
                    f"Customer {index}",
                    f"{self.prefix}c{index}@bench.walletdesk.example",
                    False,
                    True,
                    joined,
                    User.Role.CUSTOMER,
                    languages[index],
                    "",
                )
            )
        staff_rows = (
            [("a", index, User.Role.AGENT) for index in range(AGENTS)]
            + [("s", index, User.Role.SUPERVISOR) for index in range(SUPERVISORS)]
            + [("m", 0, User.Role.MANAGER)]
        )
        staff_ids: dict[str, list[int]] = {"a": [], "s": [], "m": []}
        for offset, (letter, index, role) in enumerate(staff_rows):
            pk = first + customers + offset
            staff_ids[letter].append(pk)
            rows.append(
                (
                    pk,
                    password,
                    None,
                    False,
                    f"{self.prefix}{letter}{index}",
                    "",
                    f"{role.label} {index}",
                    f"{self.prefix}{letter}{index}@bench.walletdesk.example",
                    True,
                    True,
                    joined,
                    role,
                    Language.ZH_HANS if index % 3 else Language.EN,
                    "",
                )
            )
        self.writer.write(User, USER_COLS, rows)
        self.progress("users", len(rows), len(rows))

        groups = {
            role: Group.objects.get_or_create(name=role)[0].pk
            for role in User.Role.values
        }
        through = User.groups.through
        first_link = self.writer.reserve_ids(through, len(rows))
        self.writer.write(
            through,
            ("id", "user_id", "group_id"),
            (
                (
                    first_link + offset,
                    row[0],
                    groups[row[11]],
                )
                for offset, row in enumerate(rows)
            ),
        )

        agents_by_queue = self.queues(staff_ids["a"], staff_ids["s"])
        return _People(
            customers=customers,
            first_customer=first,
            agents=staff_ids["a"],
            supervisors=staff_ids["s"],
            agents_by_queue=agents_by_queue,
            languages=languages,
        )

    def queues(self, agents: list[int], supervisors: list[int]) -> dict[int, list[int]]:
        from demo.demo_content import QUEUES

        queue_for_kind: dict[str, Queue] = {}
        for spec in QUEUES:
            route = (
                QueueRoute.objects.filter(kind=spec.kind, category="")
                .select_related("queue")
                .first()
            )
            if route is None:
                queue, _created = Queue.objects.get_or_create(
                    slug=spec.slug,
                    defaults={"name": spec.name, "description": spec.description},
                )
                QueueRoute.objects.create(kind=spec.kind, category="", queue=queue)
            else:
                queue = route.queue
            queue_for_kind[spec.kind] = queue
        self.queue_for_kind = {kind: queue.pk for kind, queue in queue_for_kind.items()}
        members: dict[int, list[int]] = {
            queue.pk: [] for queue in queue_for_kind.values()
        }
        queue_ids = list(members)
        for index, agent in enumerate(agents):
            members[queue_ids[index % len(queue_ids)]].append(agent)
            if index % 5 == 0:  # a fifth of the agents work a second queue
                members[queue_ids[(index + 1) % len(queue_ids)]].append(agent)
        through = Queue.agents.through
        pairs = [(queue, user) for queue, users in members.items() for user in users]
        pairs += [(queue, user) for queue in queue_ids for user in supervisors]
        first = self.writer.reserve_ids(through, len(pairs))
        self.writer.write(
            through,
            ("id", "queue_id", "user_id"),
            (
                (first + offset, queue, user)
                for offset, (queue, user) in enumerate(pairs)
            ),
        )
        return members

    # SLA --------------------------------------------------------------------

    def profile_plans(self) -> dict[tuple[int | None, str, str], _ProfilePlan | None]:
        plans: dict[tuple, _ProfilePlan | None] = {}
        by_profile: dict[int, _ProfilePlan] = {}
        for kind, categories in CATEGORIES.items():
            for category in categories.values:
                queue_id = self.queue_for_kind.get(kind)
                probe = Ticket(kind=kind, category=category, queue_id=queue_id)
                profile = sla_selectors.profile_for_ticket(ticket=probe)
                if profile is None:
                    plans[(queue_id, kind, category)] = None
                    continue
                if profile.pk not in by_profile:
                    by_profile[profile.pk] = _ProfilePlan(
                        profile, sla_selectors.calendar_for_profile(profile=profile)
                    )
                plans[(queue_id, kind, category)] = by_profile[profile.pk]
        return plans

    # Tickets ----------------------------------------------------------------

    def run(self) -> VolumeSeedResult:
        people = self.people()
        plans = self.profile_plans()
        rng = self.rng
        now = self.now
        span = SPAN.total_seconds()
        # Receipts, oldest first, more of them recently (a growing service).
        moments = sorted(
            now - timedelta(seconds=span * (rng.random() ** 1.25) + 60)
            for _index in range(self.tickets)
        )
        years: dict[int, int] = {}
        for moment in moments:
            year = timezone.localtime(moment).year
            years[year] = years.get(year, 0) + 1
        next_number = self.reserve_references(years)

        # Ticket rows need ids of every table they fan out to: reserve all now.
        linked_estimate = self.tickets * 2  # at most two records per ticket
        ids = {
            "ticket": self.writer.reserve_ids(Ticket, self.tickets),
            "tx": self.writer.reserve_ids(
                Transaction, max(self.transactions, linked_estimate)
            ),
            "link": self.writer.reserve_ids(TicketTransaction, linked_estimate),
            "change": self.writer.reserve_ids(StatusChange, self.tickets * 4),
            "message": self.writer.reserve_ids(Message, self.tickets * 5),
            "notice": self.writer.reserve_ids(Notice, self.tickets),
            "recovery": self.writer.reserve_ids(RecoveryAttempt, self.tickets),
            "clock": self.writer.reserve_ids(TicketClock, self.tickets * 3),
        }
        self.tx_made = 0
        state = _TicketState(
            people=people, plans=plans, next_number=next_number, ids=ids
        )
        for start in range(0, self.tickets, CHUNK):
            batch = _Batch()
            for offset, moment in enumerate(moments[start : start + CHUNK]):
                self.ticket(start + offset, moment, state, batch)
            batch.write(self.writer)
            self.progress("tickets", min(start + CHUNK, self.tickets), self.tickets)
        self.fillers(people, ids["tx"])
        return VolumeSeedResult(
            seed=self.seed,
            tickets=self.tickets,
            transactions=self.tx_made,
            customers=people.customers,
            skipped=False,
            rows=dict(self.writer.rows),
        )

    def reserve_references(self, years: dict[int, int]) -> dict[int, int]:
        """Take a block of reference numbers per year from TicketSequence."""
        first: dict[int, int] = {}
        for year, count in sorted(years.items()):
            sequence, _created = (
                TicketSequence.objects.select_for_update().get_or_create(year=year)
            )
            first[year] = sequence.last_number + 1
            sequence.last_number += count
            sequence.save(update_fields=["last_number"])
        return first

    def customer_index(self, rng: random.Random, customers: int) -> int:
        # Skewed activity: a few heavy users, a long tail filing once or twice.
        return min(int(customers * rng.random() ** 2), customers - 1)

    def record(
        self,
        batch: "_Batch",
        state: "_TicketState",
        *,
        owner: int,
        language: str,
        tx_type: str,
        status: str,
        occurred: datetime,
        amount: Decimal | None = None,
        currency: str | None = None,
    ) -> tuple[int, dict[str, str], Decimal, str, str]:
        rng = self.rng
        pk = state.ids["tx"] + self.tx_made
        reference = f"VOL{self.seed}-T{self.tx_made:09d}"
        self.tx_made += 1
        if currency is None:
            currency = (
                "USDT"
                if rng.random() < 0.1
                else ("USD" if language == Language.EN else "CNY")
            )
        if amount is None:
            amount = Decimal(rng.randint(100, 800_000)) / 100
        amount = amount.quantize(Decimal("0.00000001"))
        fee = (
            (amount * Decimal("0.006")).quantize(Decimal("0.00000001"))
            if tx_type in Transaction.OUTGOING_TYPES
            else Decimal("0E-8")
        )
        network = "TRON" if currency == "USDT" else ""
        name, account = COUNTERPARTIES[rng.randrange(len(COUNTERPARTIES))]
        cancel_source = ""
        cancel_reason = ""
        completed = None
        cancelled = None
        if status == Transaction.Status.CANCELLED:
            cancel_source = CANCEL_SOURCES.pick(rng)
            cancel_reason = (
                "" if cancel_source in {"risk_control", "compliance"} else "Timed out"
            )
            cancelled = occurred + timedelta(minutes=rng.randint(1, 600))
        elif status == Transaction.Status.COMPLETED:
            completed = occurred + timedelta(seconds=rng.randint(1, 900))
        chain_hash = f"{pk:064x}" if network else ""
        batch.txs.append(
            (
                pk,
                reference,
                owner,
                tx_type,
                amount,
                currency,
                network,
                fee,
                status,
                cancel_source,
                cancel_reason,
                name,
                account,
                chain_hash,
                occurred,
                completed,
                cancelled,
                occurred + timedelta(minutes=5),
            )
        )
        snapshot = {
            "reference": reference,
            "type": tx_type,
            "amount": str(amount),
            "currency": currency,
            "network": network,
            "fee": str(fee),
            "status": status,
            "cancel_source": cancel_source,
            "cancel_reason": cancel_reason,
            "counterparty_name": name,
            "counterparty_account": account,
            "chain_hash": chain_hash,
            "occurred_at": occurred.isoformat(),
            "completed_at": completed.isoformat() if completed else "",
            "cancelled_at": cancelled.isoformat() if cancelled else "",
        }
        return pk, snapshot, amount, currency, cancel_source

    def ticket(
        self, index: int, received: datetime, state: "_TicketState", batch: "_Batch"
    ) -> None:
        rng = self.rng
        now = self.now
        people = state.people
        ids = state.ids
        pk = ids["ticket"] + index
        customer_index = self.customer_index(rng, people.customers)
        customer = people.first_customer + customer_index
        language = people.languages[customer_index]
        lang = 1 if language == Language.EN else 0
        kind = KINDS.pick(rng)
        category = CATEGORIES[kind].pick(rng)
        queue = self.queue_for_kind.get(kind)
        year = timezone.localtime(received).year
        reference = f"WD-{year}-{state.next_number[year]:06d}"
        state.next_number[year] += 1

        # Linked records and the kind's details.
        occurred = received - timedelta(minutes=rng.randint(10, 14 * 24 * 60))
        links: list[tuple[int, dict]] = []
        if kind == Kind.MISOPERATION_REFUND:
            tx_type = rng.choice(
                [Transaction.Type.TRANSFER_OUT, Transaction.Type.PAYMENT]
            )
            duplicate_of = None
            if category == Category.DUPLICATE_PAYMENT:
                duplicate_of, _snap, amount, currency, _s = self.record(
                    batch,
                    state,
                    owner=customer,
                    language=language,
                    tx_type=tx_type,
                    status=Transaction.Status.COMPLETED,
                    occurred=occurred - timedelta(minutes=rng.randint(1, 30)),
                )
                tx, snapshot, amount, currency, _s = self.record(
                    batch,
                    state,
                    owner=customer,
                    language=language,
                    tx_type=tx_type,
                    status=Transaction.Status.COMPLETED,
                    occurred=occurred,
                    amount=amount,
                    currency=currency,
                )
            else:
                tx, snapshot, amount, currency, _s = self.record(
                    batch,
                    state,
                    owner=customer,
                    language=language,
                    tx_type=tx_type,
                    status=Transaction.Status.COMPLETED,
                    occurred=occurred,
                )
            links.append((tx, snapshot))
            intended_amount = None
            if category == Category.WRONG_AMOUNT:
                intended_amount = (amount * Decimal("0.1")).quantize(
                    Decimal("0.00000001")
                )
            asked = amount - (intended_amount or 0)
            batch.refunds.append(
                (
                    pk,
                    tx,
                    asked,
                    currency,
                    COUNTERPARTIES[(index + 1) % len(COUNTERPARTIES)][0]
                    if category == Category.WRONG_RECIPIENT
                    else "",
                    snapshot["counterparty_name"],
                    intended_amount,
                    PAYEE_VIA[index % len(PAYEE_VIA)],
                    duplicate_of,
                )
            )
            refund = (asked, currency)
        else:
            refund = None
            if kind == Kind.CANCELLED_TX_INQUIRY:
                tx, snapshot, _amount, _currency, source = self.record(
                    batch,
                    state,
                    owner=customer,
                    language=language,
                    tx_type=FILLER_TYPES.pick(rng),
                    status=Transaction.Status.CANCELLED,
                    occurred=occurred,
                )
                links.append((tx, snapshot))
                batch.inquiries.append(
                    (
                        pk,
                        tx,
                        source,
                        FUNDS.pick(rng),
                        timezone.localdate(received) + timedelta(days=7)
                        if source == Transaction.CancelSource.RISK_CONTROL
                        else None,
                    )
                )
            else:
                shape = COMPLAINT_RECORD[category]
                if shape is None and rng.random() < 0.3:
                    shape = (Transaction.Type.PAYMENT, Transaction.Status.COMPLETED)
                if shape is not None:
                    tx, snapshot, _amount, _currency, _s = self.record(
                        batch,
                        state,
                        owner=customer,
                        language=language,
                        tx_type=shape[0],
                        status=shape[1],
                        occurred=occurred,
                    )
                    links.append((tx, snapshot))
                batch.complaints.append(
                    (pk, occurred, REMEDIES[index % len(REMEDIES)][lang])
                )
        for tx, snapshot in links:
            batch.links.append((state.next("link"), pk, tx, snapshot, received))

        # The workflow's timeline: each stage happens only if its time has come.
        acked = received + timedelta(seconds=rng.randint(5, 900))
        investigating = acked + timedelta(minutes=rng.randint(30, 4 * 24 * 60))
        # Most tickets close well within 15 days; a tail runs late.
        days = rng.expovariate(1 / 5) + 0.2
        resolved = investigating + timedelta(days=days)
        stuck = rng.random() < 0.02  # forgotten backlog: never resolved
        status = Status.RECEIVED
        if acked <= now:
            status = Status.ACKNOWLEDGED
        if status == Status.ACKNOWLEDGED and investigating <= now:
            status = Status.INVESTIGATING
        if status == Status.INVESTIGATING and resolved <= now and not stuck:
            status = Status.RESOLVED
        agents = people.agents_by_queue.get(queue) or people.agents
        assignee = None
        if status in {Status.INVESTIGATING, Status.RESOLVED} or rng.random() < 0.6:
            assignee = agents[rng.randrange(len(agents))]

        batch.changes.append(
            (state.next("change"), pk, "", Status.RECEIVED, customer, "", received)
        )
        updated = received
        acknowledged_at = None
        if status != Status.RECEIVED:
            acknowledged_at = acked
            change = state.next("change")
            batch.changes.append(
                (change, pk, Status.RECEIVED, Status.ACKNOWLEDGED, None, "", acked)
            )
            updated = acked
        notice_read = acked + timedelta(hours=rng.randint(1, 72))
        batch.notices.append(
            (
                state.next("notice"),
                pk,
                customer,
                Notice.Kind.ACKNOWLEDGEMENT,
                language,
                None,
                None,
                received,
                acked if status != Status.RECEIVED else None,
                None,
                1,
                "",
                notice_read if notice_read <= now and rng.random() < 0.8 else None,
            )
        )
        if status in {Status.INVESTIGATING, Status.RESOLVED}:
            batch.changes.append(
                (
                    state.next("change"),
                    pk,
                    Status.ACKNOWLEDGED,
                    Status.INVESTIGATING,
                    assignee,
                    "",
                    investigating,
                )
            )
            updated = investigating
            self.messages(
                batch,
                state,
                pk,
                customer,
                assignee,
                lang,
                investigating,
                resolved if status == Status.RESOLVED else now,
            )

        outcome = ""
        outcome_amount = None
        outcome_currency = ""
        summary = ""
        root_cause = ""
        rating = None
        rated_at = None
        resolved_at = None
        if status == Status.RESOLVED:
            resolved_at = resolved
            outcome = OUTCOMES.pick(rng)
            root_cause = ROOT_CAUSES.pick(rng)
            summary = SUMMARIES[0 if outcome in {"upheld", "partially_upheld"} else 1][
                lang
            ]
            if refund is not None and outcome in {"upheld", "partially_upheld"}:
                asked, outcome_currency = refund
                outcome_amount = (
                    asked
                    if outcome == "upheld"
                    else (asked / 2).quantize(Decimal("0.00000001"))
                )
                self.decision(
                    batch,
                    state,
                    pk,
                    outcome_amount,
                    outcome_currency,
                    assignee,
                    resolved,
                    category,
                )
            batch.changes.append(
                (
                    state.next("change"),
                    pk,
                    Status.INVESTIGATING,
                    Status.RESOLVED,
                    assignee,
                    summary,
                    resolved,
                )
            )
            updated = resolved
            if rng.random() < 0.4:
                rated = resolved + timedelta(hours=rng.randint(1, 96))
                if rated <= now:
                    rating = RATINGS.pick(rng)
                    rated_at = rated
                    updated = rated

        plan = state.plans.get((queue, kind, category))
        resolve_by = received + timedelta(days=settings.WALLETDESK_DEFAULT_RESOLVE_DAYS)
        if plan is not None:
            resolve_by = self.clocks(
                batch,
                state,
                plan,
                pk,
                received,
                stops={
                    TicketClock.Kind.ACKNOWLEDGE: acknowledged_at,
                    TicketClock.Kind.INTERIM: resolved_at,
                    TicketClock.Kind.RESOLVE: resolved_at,
                },
            )

        text = SUBJECTS[category][lang]
        batch.tickets.append(
            (
                pk,
                reference,
                customer,
                kind,
                category,
                text,
                DESCRIPTIONS[index % len(DESCRIPTIONS)][lang],
                CHANNELS.pick(rng),
                language,
                received,
                PRIORITIES.pick(rng),
                queue,
                assignee,
                status,
                acknowledged_at,
                resolved_at,
                resolve_by,
                outcome,
                outcome_amount,
                outcome_currency,
                summary,
                root_cause,
                rating,
                "",
                rated_at,
                "",
                received,
                updated,
            )
        )

    def messages(
        self,
        batch: "_Batch",
        state: "_TicketState",
        ticket: int,
        customer: int,
        agent: int,
        lang: int,
        start: datetime,
        end: datetime,
    ) -> None:
        rng = self.rng
        span = max((end - start).total_seconds(), 60)
        count = rng.choice((0, 1, 1, 2, 2, 3, 4))
        moments = sorted(
            start + timedelta(seconds=rng.random() * span) for _i in range(count)
        )
        for number, moment in enumerate(moments):
            if number % 2 == 0:
                internal = rng.random() < 0.35
                body = (
                    NOTES[rng.randrange(len(NOTES))]
                    if internal
                    else REPLIES_STAFF[rng.randrange(len(REPLIES_STAFF))][lang]
                )
                batch.messages.append(
                    (state.next("message"), ticket, agent, internal, body, moment)
                )
            else:
                body = REPLIES_CUSTOMER[rng.randrange(len(REPLIES_CUSTOMER))][lang]
                batch.messages.append(
                    (state.next("message"), ticket, customer, False, body, moment)
                )

    def decision(
        self,
        batch: "_Batch",
        state: "_TicketState",
        ticket: int,
        amount: Decimal,
        currency: str,
        agent: int,
        resolved: datetime,
        category: str,
    ) -> None:
        decided = resolved - timedelta(hours=2)
        needs_approval = amount > settings.WALLETDESK_REFUND_APPROVAL_LIMIT
        supervisors = state.people.supervisors
        batch.decisions.append(
            (
                ticket,
                amount,
                currency,
                agent,
                decided,
                "",
                needs_approval,
                supervisors[ticket % len(supervisors)] if needs_approval else None,
                decided + timedelta(minutes=30) if needs_approval else None,
                decided + timedelta(hours=1),
                f"PAY-{ticket}",
            )
        )
        if category == Category.WRONG_RECIPIENT:
            batch.recoveries.append(
                (
                    state.next("recovery"),
                    ticket,
                    RecoveryAttempt.Method.CONTACT_RECIPIENT,
                    "",
                    amount,
                    agent,
                    decided - timedelta(hours=4),
                )
            )

    def clocks(
        self,
        batch: "_Batch",
        state: "_TicketState",
        plan: _ProfilePlan,
        ticket: int,
        received: datetime,
        *,
        stops: dict[str, datetime | None],
    ) -> datetime:
        now = self.now
        percent = plan.profile.warn_percent
        resolve_due = received
        for spec in plan.specs:
            start = plan.started(received, spec.unit)
            due = plan.due(received, spec.amount, spec.unit)
            warn = due - (due - start) * (100 - percent) / 100
            stopped = stops[spec.kind]
            until = stopped or now
            warned = (
                warn + timedelta(minutes=3)
                if warn + timedelta(minutes=3) <= until
                else None
            )
            breached = None
            if stopped is not None and stopped > due:
                breached = stopped
            elif stopped is None and due + timedelta(minutes=5) <= now:
                breached = due + timedelta(minutes=5)
            band = ""
            if stopped is not None and spec.kind == TicketClock.Kind.RESOLVE:
                band = plan.band(received, stopped)
            batch.clocks.append(
                (
                    state.next("clock"),
                    ticket,
                    spec.kind,
                    1,
                    plan.profile.pk,
                    spec.label,
                    spec.amount,
                    spec.unit,
                    received,
                    start,
                    due,
                    warn,
                    0,
                    None,
                    timedelta(0),
                    warned,
                    breached,
                    stopped,
                    TicketClock.StopReason.FULFILLED if stopped else "",
                    band,
                )
            )
            if spec.kind == TicketClock.Kind.RESOLVE:
                resolve_due = due
        return resolve_due

    def fillers(self, people: _People, first_tx: int) -> None:
        """The rest of the ledger: records no ticket is about."""
        rng = self.rng
        total = max(self.transactions - self.tx_made, 0)
        now = self.now
        span = SPAN.total_seconds()
        done = 0
        while done < total:
            batch = _Batch()
            for _index in range(min(CHUNK * 5, total - done)):
                owner_index = self.customer_index(rng, people.customers)
                tx_type = FILLER_TYPES.pick(rng)
                roll = rng.random()
                status = (
                    Transaction.Status.COMPLETED
                    if roll < 0.9
                    else Transaction.Status.FAILED
                    if roll < 0.95
                    else Transaction.Status.CANCELLED
                    if roll < 0.98
                    else Transaction.Status.PENDING
                )
                self.record(
                    batch,
                    _TicketState.only_ids({"tx": first_tx}),
                    owner=people.first_customer + owner_index,
                    language=people.languages[owner_index],
                    tx_type=tx_type,
                    status=status,
                    occurred=now - timedelta(seconds=span * rng.random() + 120),
                )
                done += 1
            batch.write(self.writer)
            self.progress("transactions", done, total)


@dataclass
class _TicketState:
    people: _People | None
    plans: dict
    next_number: dict[int, int]
    ids: dict[str, int]
    used: dict[str, int] = field(default_factory=dict)

    @classmethod
    def only_ids(cls, ids: dict[str, int]) -> "_TicketState":
        return cls(people=None, plans={}, next_number={}, ids=ids)

    def next(self, name: str) -> int:
        offset = self.used.get(name, 0)
        self.used[name] = offset + 1
        return self.ids[name] + offset


@dataclass
class _Batch:
    txs: list[tuple] = field(default_factory=list)
    tickets: list[tuple] = field(default_factory=list)
    links: list[tuple] = field(default_factory=list)
    complaints: list[tuple] = field(default_factory=list)
    refunds: list[tuple] = field(default_factory=list)
    decisions: list[tuple] = field(default_factory=list)
    recoveries: list[tuple] = field(default_factory=list)
    inquiries: list[tuple] = field(default_factory=list)
    changes: list[tuple] = field(default_factory=list)
    messages: list[tuple] = field(default_factory=list)
    notices: list[tuple] = field(default_factory=list)
    clocks: list[tuple] = field(default_factory=list)

    def write(self, writer: _Writer) -> None:
        # Parents before children: every foreign key is checked on insert.
        for model, columns, rows in (
            (Transaction, TX_COLS, self.txs),
            (Ticket, TICKET_COLS, self.tickets),
            (TicketTransaction, LINK_COLS, self.links),
            (ComplaintDetail, COMPLAINT_COLS, self.complaints),
            (RefundRequest, REFUND_COLS, self.refunds),
            (RefundDecision, DECISION_COLS, self.decisions),
            (RecoveryAttempt, RECOVERY_COLS, self.recoveries),
            (CancellationInquiry, INQUIRY_COLS, self.inquiries),
            (StatusChange, CHANGE_COLS, self.changes),
            (Message, MESSAGE_COLS, self.messages),
            (Notice, NOTICE_COLS, self.notices),
            (TicketClock, CLOCK_COLS, self.clocks),
        ):
            if rows:
                writer.write(model, columns, rows)


SEEDED_MODELS = (
    User,
    Transaction,
    Ticket,
    TicketTransaction,
    ComplaintDetail,
    RefundRequest,
    RefundDecision,
    RecoveryAttempt,
    CancellationInquiry,
    StatusChange,
    Message,
    Notice,
    TicketClock,
)


def volume_seed(
    *,
    tickets: int,
    transactions: int | None = None,
    seed: int = 1,
    now: datetime | None = None,
    progress: ProgressFn | None = None,
    analyze: bool = True,
) -> VolumeSeedResult:
    """Load tickets synthetic tickets (and transactions, 5x by default) for seed.

    Adds nothing when seed already holds that many tickets; raises VolumeSeedError
    when it holds another number. Locks the written tables on PostgreSQL for the
    run (one transaction). Returns what was written.
    """
    if tickets < 1:
        raise ValueError("tickets must be positive")
    if not 0 <= seed <= 9999:
        raise ValueError("seed must be between 0 and 9999")
    transactions = tickets * 5 if transactions is None else transactions
    existing = volume_seed_size(seed=seed)
    if existing:
        if existing != tickets:
            raise VolumeSeedError(
                f"Seed {seed} already holds {existing} tickets; use another --seed "
                "or a fresh database."
            )
        return VolumeSeedResult(
            seed=seed,
            tickets=existing,
            transactions=0,
            customers=0,
            skipped=True,
        )
    started = time.monotonic()
    writer: _Writer = (
        _CopyWriter() if connection.vendor == "postgresql" else _InsertWriter()
    )
    with transaction.atomic():
        writer.lock(SEEDED_MODELS)
        generator = _Generator(
            seed=seed,
            tickets=tickets,
            transactions=transactions,
            now=now or timezone.now(),
            writer=writer,
            progress=progress,
        )
        result = generator.run()
        # The rows went in by COPY, past the services that keep the counts and
        # the report rollups.
        agent_loads_recount()
        rollups_rebuild(shown=0)
    if analyze and connection.vendor == "postgresql" and connection.get_autocommit():
        # VACUUM sets the visibility map too: without it no index-only scan pays
        # off until autovacuum comes around (counts over a period read the heap).
        with connection.cursor() as cursor:
            for model in SEEDED_MODELS:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"VACUUM (ANALYZE) {table}")
    result.seconds = time.monotonic() - started
    return result
