"""Wallet actions on the pages of tickets: the customer's lines and the case panel.

complaints builds no dependency on wallet_actions: its templates load these tags,
and the actions are reached through the ticket's wallet_actions relation.
"""

from django import template
from django.utils import timezone

from wallet_actions.forms import WalletActionRequestForm
from wallet_actions.models import WalletAction

register = template.Library()


@register.inclusion_tag("wallet_actions/customer_actions.html")
def customer_wallet_actions(ticket: object) -> dict[str, object]:
    """What the wallet did or was asked to do, as the customer may read it (1 query)."""
    actions = list(ticket.wallet_actions.for_customer().order_by("requested_at", "pk"))
    return {"lines": [(action, action.customer_line()) for action in actions]}


@register.inclusion_tag("wallet_actions/case_panel.html", takes_context=True)
def case_wallet_actions(context: template.Context, ticket: object) -> dict[str, object]:
    """The case page's panel: every action with its age and answer (1 query)."""
    actions = list(
        WalletAction.objects.filter(ticket=ticket)
        .select_related("requested_by", "transaction")
        .order_by("-requested_at", "-pk")
    )
    now = timezone.now()
    return {
        "ticket": ticket,
        "actions": [(action, now - action.requested_at) for action in actions],
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
        "can_act": context.get("can_act", False),
    }


@register.inclusion_tag("wallet_actions/request_form.html", takes_context=True)
def case_wallet_request_form(
    context: template.Context, ticket: object
) -> dict[str, object]:
    """The case page's "Ask the wallet" form, drawn when the agent opens it."""
    return {
        "ticket": ticket,
        "form": WalletActionRequestForm(),
        "csrf_token": context.get("csrf_token"),
    }
