"""The situations a customer picks from to file, and the kind and category each files as."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from complaints.models import Ticket


@dataclass(frozen=True)
class Situation:
    """What happened, in the customer's words, and the kind and category it files as."""

    slug: str
    label: Promise
    hint: Promise
    kind: str
    category: str


SITUATIONS: dict[str, Situation] = {
    situation.slug: situation
    for situation in (
        Situation(
            "wrong-recipient",
            _("I sent money to the wrong person"),
            _("A transfer or payment went to someone you did not mean to pay."),
            Ticket.Kind.MISOPERATION_REFUND,
            Ticket.Category.WRONG_RECIPIENT,
        ),
        Situation(
            "wrong-amount",
            _("I sent the wrong amount"),
            _("You paid more than you meant to."),
            Ticket.Kind.MISOPERATION_REFUND,
            Ticket.Category.WRONG_AMOUNT,
        ),
        Situation(
            "paid-twice",
            _("I paid twice"),
            _("The same payment went out two times."),
            Ticket.Kind.MISOPERATION_REFUND,
            Ticket.Category.DUPLICATE_PAYMENT,
        ),
        Situation(
            "cancelled",
            _("My transaction was cancelled"),
            _("Find out why, and where your money is now."),
            Ticket.Kind.CANCELLED_TX_INQUIRY,
            Ticket.Category.CANCELLED_TRANSACTION,
        ),
        Situation(
            "transfer-failed",
            _("My transfer failed"),
            _("A transfer or payment did not go through."),
            Ticket.Kind.COMPLAINT,
            Ticket.Category.TRANSFER_FAILED,
        ),
        Situation(
            "balance-wrong",
            _("My balance looks wrong"),
            _("The balance shown is not what you expect."),
            Ticket.Kind.COMPLAINT,
            Ticket.Category.BALANCE_WRONG,
        ),
        Situation(
            "not-received",
            _("I did not receive a payment"),
            _("Someone paid you, but the money has not arrived."),
            Ticket.Kind.COMPLAINT,
            Ticket.Category.PAYMENT_NOT_RECEIVED,
        ),
        Situation(
            "unauthorized",
            _("Someone else used my account"),
            _("A payment or transfer you did not make."),
            Ticket.Kind.COMPLAINT,
            Ticket.Category.UNAUTHORIZED,
        ),
        Situation(
            "cannot-log-in",
            _("I cannot log in"),
            _("Your account is locked or you cannot sign in."),
            Ticket.Kind.COMPLAINT,
            Ticket.Category.ACCOUNT_ACCESS,
        ),
        Situation(
            "other",
            _("Something else"),
            _("Fees, our service, or anything not listed here."),
            Ticket.Kind.COMPLAINT,
            Ticket.Category.OTHER,
        ),
    )
}
# The "something else" page lets the customer narrow it down.
OTHER_CATEGORIES = (
    (Ticket.Category.OTHER, _("Something else")),
    (Ticket.Category.FEES, _("A fee or charge")),
    (Ticket.Category.SERVICE_QUALITY, _("How our staff or service treated me")),
)
