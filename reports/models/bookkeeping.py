"""What keeps the rollups exact: pending marks, each ticket's folded contribution,
the week snapshots taken, and the transactions per day."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TransactionDay(models.Model):
    """How many wallet transactions were initiated on one local day.

    Kept by reports.rollups.transactions as records are inserted (the ledger
    records are never edited or deleted in the product); the report's
    transaction count sums it instead of counting the period's rows.
    """

    day = models.DateField(_("day"), unique=True)
    count = models.BigIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("transactions of a day")
        verbose_name_plural = _("transactions per day")

    def __str__(self) -> str:
        return f"{self.day} {self.count}"


class OpenSnapshotWeek(models.Model):
    """A week whose open snapshot is taken (reports.rollups.snapshots).

    The snapshot itself is rows of figure "ops" on the week's Monday, in
    DailyFigure and the grains; this row says it exists even when nothing was
    open then.
    """

    week = models.DateField(_("week"), unique=True)
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)

    class Meta:
        verbose_name = _("open snapshot")
        verbose_name_plural = _("open snapshots")
        ordering = ["week"]

    def __str__(self) -> str:
        return self.week.isoformat()


class RollupPending(models.Model):
    """A ticket whose figures changed and are not yet folded into DailyFigure.

    Appended in the transaction of the change (no shared row is updated there);
    the fold deletes it. Reports add the pending tickets' changes at read time.
    """

    ticket_id = models.BigIntegerField(_("ticket"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pending rollup change")
        verbose_name_plural = _("pending rollup changes")

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.created_at:%Y-%m-%d %H:%M:%S}"


class TicketRollup(models.Model):
    """What one ticket contributes to DailyFigure as of its last fold.

    The fold subtracts this and adds the ticket's figures as they are now, so a
    change of any field (a reopen, an edited outcome, a back-dated stamp) moves
    the ticket's counts from the old rows to the new ones exactly.
    """

    ticket_id = models.BigIntegerField(_("ticket"), primary_key=True)
    entries = models.JSONField(_("entries"), default=list)

    class Meta:
        verbose_name = _("ticket rollup")
        verbose_name_plural = _("ticket rollups")

    def __str__(self) -> str:
        return str(self.ticket_id)
