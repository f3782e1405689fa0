"""Refusals of the wallet-action services, with stable codes for the API."""

from config.errors import DomainError


class ActionRefusedError(DomainError):
    """A request, approval or retry a rule refuses; nothing was changed."""

    code = "action_refused"


class OutcomeRefusedError(DomainError):
    """A callback from the core that cannot be recorded; nothing was changed.

    code says why: bad_signature, unknown_action, amount_mismatch,
    state_backwards, unknown_attempt, invalid.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
