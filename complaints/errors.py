"""Domain errors raised by the workflow and services, with translatable messages."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from config.errors import DomainError, WorkflowError

if TYPE_CHECKING:
    from complaints.models import Ticket

__all__ = ["DuplicateTicketError", "InvalidTransition", "WorkflowError"]


class InvalidTransition(WorkflowError):  # noqa: N818 - the name the style guide and API docs use
    code = "invalid_transition"

    def __init__(self, *, current: str, target: str) -> None:
        from complaints.models import Ticket

        super().__init__(
            _("A ticket that is %(current)s cannot move to %(target)s.")
            % {
                "current": Ticket.Status(current).label,
                "target": Ticket.Status(target).label,
            }
        )
        self.current = current
        self.target = target


class DuplicateTicketError(DomainError):
    """The customer already has an open ticket of this kind about this transaction."""

    code = "duplicate_ticket"

    def __init__(self, ticket: "Ticket") -> None:
        super().__init__(
            _("You already have an open ticket about this transaction: %(reference)s.")
            % {"reference": ticket.reference}
        )
        self.ticket = ticket

    @property
    def details(self) -> dict[str, str]:
        return {"ticket": self.ticket.reference}
