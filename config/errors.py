"""The refusal every app's services raise: a translated message and a stable code."""


class DomainError(Exception):
    """A request a domain rule refuses; nothing was changed.

    code is stable and machine-readable (the API answers it with 409 Conflict);
    message is translated; details are extra fields that say what it refers to.
    """

    code = "not_allowed"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def details(self) -> dict[str, str]:
        return {}


class WorkflowError(DomainError):
    """A move or action the workflow refuses; nothing was changed."""
