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
# SLA rules supervisors maintain in the admin; clocks and their events are read-only.
_SLA_EDITABLE = (
    "calendar",
    "calendarday",
    "regimeprofile",
    "extensionstep",
    "profileassignment",
)
_READ_ONLY = (
    "transaction",
    "user",
    "queue",
    "queueroute",
    "cannedreply",
    *_TICKET_MODELS,
    "ticketclock",
    "clockevent",
    *_SLA_EDITABLE,
    # What was asked of the wallet core; written only through the case page.
    "walletaction",
    "paymentcheck",
)
# Reports: spike rules and the alerts they raise, read by supervisors and managers.
_REPORTS = ("spikerule", "spikealert")
# Webhooks to the wallet core: supervisors see endpoints and failed deliveries.
_INTEGRATIONS = ("webhookendpoint", "webhookdelivery")
# The FAQ: agents read it, supervisors edit it and read what readers did with it.
_FAQ_EDITABLE = ("category", "article")
_FAQ_ANALYTICS = ("searchmiss", "deflection")

# Incidents: agents read them and link tickets; supervisors declare, update and
# answer them.
_INCIDENTS = ("incident", "incidentupdate", "incidentlink", "incidentanswerrun")
_INCIDENT_LINKING = ("add_incidentlink", "delete_incidentlink")

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    User.Role.CUSTOMER: (),
    User.Role.AGENT: (
        *(f"view_{model}" for model in _READ_ONLY),
        *(f"view_{model}" for model in _FAQ_EDITABLE),
        "change_ticket",
        "add_message",
        "add_attachment",
        "add_recoveryattempt",
        *(f"view_{model}" for model in _INCIDENTS),
        *_INCIDENT_LINKING,
        # Mail from addresses no customer has, for agents to match.
        "view_inboundmessage",
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
        "view_inboundmessage",
        "add_cannedreply",
        "change_cannedreply",
        "view_logentry",
        "view_auditevent",
        *(f"view_{model}" for model in _REPORTS),
        *(f"view_{model}" for model in _INTEGRATIONS),
        # The wallet core's API keys: issue (add), rotate and revoke (change).
        "view_systemapikey",
        # Which queues freeze an account when a customer disputes a payment.
        "view_queuefreezepolicy",
        "add_queuefreezepolicy",
        "change_queuefreezepolicy",
        "delete_queuefreezepolicy",
        "add_systemapikey",
        "change_systemapikey",
        *(
            f"{verb}_{model}"
            for verb in ("add", "change", "delete")
            for model in _SLA_EDITABLE
        ),
        *(
            f"{verb}_{model}"
            for verb in ("view", "add", "change", "delete")
            for model in _FAQ_EDITABLE
        ),
        *(f"view_{model}" for model in _FAQ_ANALYTICS),
        *(f"view_{model}" for model in _INCIDENTS),
        *_INCIDENT_LINKING,
        "add_incident",
        "change_incident",
        "add_incidentupdate",
        "add_incidentanswerrun",
    ),
    User.Role.MANAGER: (
        *(f"view_{model}" for model in _READ_ONLY),
        "view_logentry",
        "view_auditevent",
        *(f"view_{model}" for model in _REPORTS),
        *(f"view_{model}" for model in _INCIDENTS),
    ),
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
    # accounts' post_migrate fires before auth has created the permissions of the
    # apps listed after it (transactions, complaints), so create them all first.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    roles_sync()
