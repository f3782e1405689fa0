"""The agent and supervisor workspace in the Django admin."""

from complaints.admin import others, tickets

__all__ = ["others", "tickets"]
