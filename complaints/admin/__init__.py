"""The agent and supervisor workspace in the Django admin."""

from complaints.admin import incidents, others, related, scoping, tickets

__all__ = ["incidents", "others", "related", "scoping", "tickets"]
