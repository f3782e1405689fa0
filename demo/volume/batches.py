"""A chunk of rows to write, and the ids reserved for and used by the tickets."""

from dataclasses import dataclass, field

from complaints.models import (
    CancellationInquiry,
    ComplaintDetail,
    Message,
    Notice,
    RecoveryAttempt,
    RefundDecision,
    RefundRequest,
    StatusChange,
    Ticket,
    TicketTransaction,
)
from demo.volume.writing import (
    CHANGE_COLS,
    CLOCK_COLS,
    COMPLAINT_COLS,
    DECISION_COLS,
    INQUIRY_COLS,
    LINK_COLS,
    MESSAGE_COLS,
    NOTICE_COLS,
    RECOVERY_COLS,
    REFUND_COLS,
    TICKET_COLS,
    TX_COLS,
    _Writer,
)
from sla.models import TicketClock
from transactions.models import Transaction


@dataclass
class _People:
    customers: int
    first_customer: int
    agents: list[int]
    supervisors: list[int]
    agents_by_queue: dict[int, list[int]]
    languages: list[str]


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
