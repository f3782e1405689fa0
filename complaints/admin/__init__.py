"""The agent and supervisor workspace in the Django admin."""

from complaints.admin import others, related, scoping, tickets

__all__ = ["others", "related", "scoping", "tickets"]
