"""Confirmed payouts: the money the wallet core says it paid, apart from decisions.

Read from the wallet actions themselves, not the daily rollups: one grouped
query on a table with a row per action asked of the core (a few per thousand
tickets), exact the moment the core answers, with no fold hook or rebuild to
keep in step.
"""

from decimal import Decimal

from django.db.models import Count, Sum

from reports.selectors.scope import period_q, ticket_q
from reports.selectors.types import ReportFilter
from wallet_actions.models import WalletAction


def report_payouts(*, filters: ReportFilter) -> list[tuple[str, Decimal, int]]:
    """Per currency: total paid and payouts, by the day the core confirmed them.

    Payout actions in state confirmed whose answered_at lies in the period, on
    tickets matching the filters (queue, agent and the rest as the ticket is now).
    """
    rows = (
        WalletAction.objects.paid()
        .filter(
            period_q("answered_at", filters.start, filters.end),
            ticket_q(filters, "ticket__"),
        )
        .values("currency")
        .annotate(total=Sum("amount"), payouts=Count("pk"))
        .order_by("currency")
    )
    return [(row["currency"], row["total"], row["payouts"]) for row in rows]
