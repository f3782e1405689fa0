"""Refusals about a person's account, with translated messages."""

from django.utils.translation import gettext as _

from config.errors import DomainError


class AccountClosedError(DomainError):
    """The customer's wallet account is closed: no new tickets."""

    code = "account_closed"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Your wallet account is closed, so you cannot file a new ticket. You can still follow and reply to the tickets you already have."
            )
        )
