"""Refusals of the wallet core's provisioning and of hand-off links."""

from django.utils.translation import gettext as _

from config.errors import DomainError


class EmailTakenError(DomainError):
    """Another person already has this email: the account id cannot take it over."""

    code = "email_taken"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Another account already uses this email address. A wallet account id cannot take over someone else's email; nothing was changed."
            )
        )


class AccountUnknownError(DomainError):
    """No customer has this wallet account id."""

    code = "unknown_account"

    def __init__(self) -> None:
        super().__init__(_("No customer has this wallet account id."))


class LinkRefusedError(DomainError):
    """A hand-off link that cannot sign anyone in; the reason is for the audit."""

    code = "link_refused"

    def __init__(self, reason: str) -> None:
        super().__init__(
            _(
                "This sign-in link cannot be used: it has expired, was already used or is not valid. Open support from the wallet app again."
            )
        )
        self.reason = reason
