"""The agent and supervisor workspace in the Django admin."""

from complaints.admin import others, related, tickets

__all__ = ["others", "related", "tickets"]
