"""Domain errors raised by the workflow and services, with translatable messages."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from complaints.models import Ticket


class WorkflowError(Exception):
    """A move or action the workflow refuses; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidTransition(WorkflowError):  # noqa: N818 - the name the style guide and API docs use
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


class DuplicateTicketError(Exception):
    """The customer already has an open ticket of this kind about this transaction."""

    def __init__(self, ticket: "Ticket") -> None:
        super().__init__(
            _("You already have an open ticket about this transaction: %(reference)s.")
            % {"reference": ticket.reference}
        )
        self.ticket = ticket
