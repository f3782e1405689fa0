"""Which models the audit trail follows, and which of their fields hold personal data.

Values of personal (and secret) fields are never written to an event: the event
says the field changed, nothing more. Ignored fields are bookkeeping that changes
on every save.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AuditSpec:
    personal: frozenset[str] = field(default_factory=frozenset)
    ignored: frozenset[str] = field(default_factory=frozenset)
    # A field that names the row in lists (a reference or a code); else "#pk".
    label: str | None = None


_TICKET_TEXT = frozenset(
    {"subject", "description", "resolution_summary", "rating_comment", "client_token"}
)

AUDITED: dict[str, AuditSpec] = {
    # Tickets and everything that decides their outcome.
    "complaints.Ticket": AuditSpec(
        personal=_TICKET_TEXT, ignored=frozenset({"updated_at"}), label="reference"
    ),
    "complaints.ComplaintDetail": AuditSpec(personal=frozenset({"remedy_sought"})),
    "complaints.RefundRequest": AuditSpec(
        personal=frozenset({"intended_recipient", "actual_recipient"})
    ),
    "complaints.RecoveryAttempt": AuditSpec(personal=frozenset({"note"})),
    "complaints.RefundDecision": AuditSpec(personal=frozenset({"note"})),
    "complaints.CancellationInquiry": AuditSpec(),
    "wallet_actions.WalletAction": AuditSpec(
        personal=frozenset({"note"}), ignored=frozenset({"updated_at"})
    ),
    "wallet_actions.PaymentCheck": AuditSpec(),
    "wallet_actions.QueueFreezePolicy": AuditSpec(),
    "complaints.Message": AuditSpec(personal=frozenset({"body"})),
    "complaints.Attachment": AuditSpec(
        personal=frozenset({"original_name", "file", "token"})
    ),
    # Ledger records.
    "transactions.Transaction": AuditSpec(
        personal=frozenset(
            {"counterparty_name", "counterparty_account", "cancel_reason"}
        ),
        label="reference",
    ),
    # People and what they may do.
    "accounts.User": AuditSpec(
        personal=frozenset(
            {"password", "first_name", "last_name", "email", "phone", "username"}
        ),
        ignored=frozenset({"last_login"}),
    ),
    "auth.Group": AuditSpec(label="name"),
    # Settings kept in the database.
    "complaints.Queue": AuditSpec(ignored=frozenset({"last_assignee"}), label="slug"),
    "complaints.QueueRoute": AuditSpec(),
    "complaints.CannedReply": AuditSpec(label="title"),
    "sla.Calendar": AuditSpec(label="code"),
    "sla.CalendarDay": AuditSpec(),
    "sla.RegimeProfile": AuditSpec(label="code"),
    "sla.ExtensionStep": AuditSpec(),
    "sla.ProfileAssignment": AuditSpec(),
    "integrations.WebhookEndpoint": AuditSpec(
        personal=frozenset({"secret"}), label="name"
    ),
    "integrations.SystemApiKey": AuditSpec(
        personal=frozenset({"secret_hash"}), label="prefix"
    ),
    "reports.SpikeRule": AuditSpec(label="name"),
    # Who took the tickets out, for which period and filters (progress ignored).
    "reports.TicketExport": AuditSpec(ignored=frozenset({"rows_done"})),
    # Incidents, their public updates, the tickets they cover and mass answers.
    "incidents.Incident": AuditSpec(label="title_en"),
    "incidents.IncidentUpdate": AuditSpec(),
    "complaints.IncidentLink": AuditSpec(),
    "complaints.IncidentAnswerRun": AuditSpec(),
}

# Many-to-many relations whose changes are recorded on the owning row.
AUDITED_M2M: dict[str, tuple[str, ...]] = {
    "accounts.User": ("groups", "user_permissions"),
    "complaints.Queue": ("agents",),
    "auth.Group": ("permissions",),
}
