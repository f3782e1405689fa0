"""Tickets and incidents: which tickets an incident covers, and answering them all."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.tickets import Ticket


class IncidentLink(models.Model):
    """A ticket counted as part of an incident (one incident per ticket)."""

    ticket = models.OneToOneField(
        Ticket,
        on_delete=models.PROTECT,
        related_name="incident_link",
        verbose_name=_("ticket"),
    )
    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="ticket_links",
        verbose_name=_("incident"),
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked by"),
        help_text=_("Empty when the ticket linked itself on filing."),
    )
    created_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident link")
        verbose_name_plural = _("incident links")
        indexes = [models.Index(fields=["incident", "ticket"], name="incidentlink_idx")]

    def __str__(self) -> str:
        return f"{self.incident_id} ← {self.ticket_id}"


class IncidentAnswerRun(models.Model):
    """One answer sent to every ticket linked to an incident, in the background."""

    class Mode(models.TextChoices):
        RESOLVE = "resolve", _("Resolve each ticket")
        UPDATE = "update", _("Post a public update on each ticket")

    incident = models.ForeignKey(
        "incidents.Incident",
        on_delete=models.PROTECT,
        related_name="answer_runs",
        verbose_name=_("incident"),
    )
    mode = models.CharField(_("what to do"), max_length=8, choices=Mode.choices)
    body_zh_hans = models.TextField(_("reply (Chinese)"))
    body_en = models.TextField(_("reply (English)"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Ticket.Outcome.choices, blank=True
    )
    root_cause = models.CharField(
        _("root cause"), max_length=20, choices=Ticket.RootCause.choices, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    total = models.PositiveIntegerField(_("tickets"), default=0)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident answer")
        verbose_name_plural = _("incident answers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} ({self.total})"


class IncidentTicketAnswer(models.Model):
    """The answer to one ticket of a run: done once, whatever the worker does."""

    run = models.ForeignKey(
        IncidentAnswerRun,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("answer"),
    )
    chunk = models.ForeignKey(
        "complaints.IncidentAnswerChunk",
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("chunk"),
    )
    ticket = models.ForeignKey(
        Ticket, on_delete=models.PROTECT, related_name="+", verbose_name=_("ticket")
    )
    amount = models.DecimalField(
        _("amount"), max_digits=20, decimal_places=8, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=12, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    skipped = models.BooleanField(_("skipped"), default=False)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("ticket answer")
        verbose_name_plural = _("ticket answers")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "ticket"], name="incidentanswer_once"
            )
        ]
        indexes = [
            models.Index(fields=["chunk", "done_at"], name="incidentanswer_todo_idx")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.ticket_id}"


class IncidentAnswerChunk(models.Model):
    """An outbox row: one batch of a run's answers for a worker to work through."""

    run = models.ForeignKey(
        IncidentAnswerRun,
        on_delete=models.PROTECT,
        related_name="chunks",
        verbose_name=_("answer"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    dispatch_count = models.PositiveSmallIntegerField(_("dispatches"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("answer chunk")
        verbose_name_plural = _("answer chunks")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
                name="incidentchunk_unsent_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.pk}"
