"""Roles as Django groups: which model permissions each role holds."""

from typing import Any

from django.contrib.auth.models import Group, Permission

from accounts.models import User

_TICKET_MODELS = (
    "ticket",
    "message",
    "attachment",
    "tickettransaction",
    "refundrequest",
    "recoveryattempt",
    "refunddecision",
    "cancellationinquiry",
    "complaintdetail",
    "statuschange",
    "tickethold",
    "notice",
)
_READ_ONLY = ("transaction", "user", "queue", "queueroute", *_TICKET_MODELS)

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    User.Role.CUSTOMER: (),
    User.Role.AGENT: (
        *(f"view_{model}" for model in _READ_ONLY),
        "change_ticket",
        "add_message",
        "add_attachment",
        "add_recoveryattempt",
    ),
    User.Role.SUPERVISOR: (
        *(f"view_{model}" for model in _READ_ONLY),
        "change_ticket",
        "add_message",
        "add_attachment",
        "add_recoveryattempt",
        "add_refunddecision",
        "change_refunddecision",
        "add_queue",
        "change_queue",
        "add_queueroute",
        "change_queueroute",
        "delete_queueroute",
        "change_notice",
    ),
    User.Role.MANAGER: tuple(f"view_{model}" for model in _READ_ONLY),
}


def roles_sync() -> dict[str, int]:
    """Create one group per role holding exactly that role's permissions."""
    counts: dict[str, int] = {}
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions = Permission.objects.filter(codename__in=codenames)
        group.permissions.set(permissions)
        counts[role] = permissions.count()
    return counts


def roles_sync_after_migrate(**kwargs: Any) -> None:
    roles_sync()
