"""Incidents: an outage told to customers in both languages, with its public updates.

The scope (ticket kinds, categories, transaction types) is stored as lists of the
values complaints and transactions define; this app knows no tickets, so the
portal, the FAQ and the API can show incidents without importing complaints.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def _in_language(zh_hans: str, en: str) -> str:
    """The zh-Hans or English text for the active language (the other as fallback)."""
    language = (translation.get_language() or "zh-hans").lower()
    if language.startswith("zh"):
        return zh_hans or en
    return en or zh_hans


class Incident(models.Model):
    class State(models.TextChoices):
        INVESTIGATING = "investigating", _("Investigating")
        IDENTIFIED = "identified", _("Identified")
        MONITORING = "monitoring", _("Monitoring")
        RESOLVED = "resolved", _("Resolved")

    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        MAJOR = "major", _("Major")
        CRITICAL = "critical", _("Critical")

    title_zh_hans = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_zh_hans = models.TextField(_("public text (Chinese)"))
    summary_en = models.TextField(_("public text (English)"))
    kinds = models.JSONField(_("affected ticket kinds"), default=list, blank=True)
    categories = models.JSONField(_("affected categories"), default=list, blank=True)
    transaction_types = models.JSONField(
        _("affected transaction types"), default=list, blank=True
    )
    severity = models.CharField(
        _("severity"), max_length=12, choices=Severity.choices, default=Severity.MAJOR
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=State.choices,
        default=State.INVESTIGATING,
        editable=False,
    )
    started_at = models.DateTimeField(_("started at"))
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declared by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    spike_alert_ref = models.PositiveIntegerField(
        _("spike alert"), null=True, blank=True, editable=False
    )
    spike_detected_at = models.DateTimeField(
        _("spike detected at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    state__in=["investigating", "identified", "monitoring", "resolved"]
                ),
                name="incident_state_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "-started_at"], name="incident_state_idx")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_language(self.title_zh_hans, self.title_en)

    @property
    def summary(self) -> str:
        return _in_language(self.summary_zh_hans, self.summary_en)

    @property
    def is_open(self) -> bool:
        return self.state != self.State.RESOLVED

    def covers(self, *, kind: str, category: str, transaction_types: list[str]) -> bool:
        """Whether a ticket of this kind, category and transactions is in scope.

        Each list left empty matches anything; a ticket without transactions
        matches a transaction-type scope only if the scope is empty.
        """
        if self.kinds and kind not in self.kinds:
            return False
        if self.categories and category not in self.categories:
            return False
        return not self.transaction_types or bool(
            set(self.transaction_types) & set(transaction_types)
        )


class IncidentUpdate(models.Model):
    """One public update: the state it moved to (or kept) and text in both languages."""

    incident = models.ForeignKey(
        Incident,
        on_delete=models.PROTECT,
        related_name="updates",
        verbose_name=_("incident"),
    )
    state = models.CharField(_("state"), max_length=16, choices=Incident.State.choices)
    body_zh_hans = models.TextField(_("update (Chinese)"))
    body_en = models.TextField(_("update (English)"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident update")
        verbose_name_plural = _("incident updates")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.body

    @property
    def body(self) -> str:
        return _in_language(self.body_zh_hans, self.body_en)


class IncidentDeflection(models.Model):
    """A visitor who, shown an open incident, said it was their problem and left.

    Counted once per incident and visitor (a signed-in customer, else the session).
    """

    incident = models.ForeignKey(
        Incident,
        on_delete=models.PROTECT,
        related_name="deflections",
        verbose_name=_("incident"),
    )
    visitor = models.CharField(_("visitor"), max_length=64)
    where = models.CharField(_("shown on"), max_length=32)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident deflection")
        verbose_name_plural = _("incident deflections")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "visitor"], name="incidentdeflection_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.where}"
