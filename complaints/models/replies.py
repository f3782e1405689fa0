import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Language
from complaints.models.tickets import CATEGORIES_BY_KIND, Ticket

PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")
# The only names a canned reply may use; each is filled from the ticket.
PLACEHOLDERS: dict[str, str] = {
    "customer_name": _("the customer's name"),
    "reference": _("the ticket reference"),
    "amount": _("the amount of the linked transaction or refund request"),
    "transaction_reference": _("the reference of the linked transaction"),
    "received_date": _("the date the ticket was received"),
    "resolve_by": _("the date the ticket is due to be resolved"),
    "agent_name": _("the name of the agent replying"),
}


class CannedReply(models.Model):
    """A reusable reply, per kind and language, that may also make a workflow move."""

    class Action(models.TextChoices):
        NONE = "", _("Only send the reply")
        REQUEST_EVIDENCE = "request_evidence", _("Request evidence: wait on customer")
        START_INVESTIGATING = "start_investigating", _("Reply and start investigating")
        WAIT_THIRD_PARTY = "wait_third_party", _("Reply and wait on a third party")

    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(
        _("kind"),
        max_length=24,
        choices=Ticket.Kind.choices,
        blank=True,
        help_text=_("Leave empty to offer it on every kind of ticket."),
    )
    category = models.CharField(
        _("category"),
        max_length=24,
        choices=Ticket.Category.choices,
        blank=True,
        help_text=_("Leave empty to offer it on every category of its kind."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Placeholders: {customer_name}, {reference}, {amount}, "
            "{transaction_reference}, {received_date}, {resolve_by}, {agent_name}."
        ),
    )
    action = models.CharField(
        _("action"), max_length=24, choices=Action.choices, blank=True
    )
    is_approved_template = models.BooleanField(
        _("approved template"),
        default=False,
        help_text=_(
            "Approved by compliance: the only replies allowed on risk-control or "
            "compliance cancellation inquiries."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["title", "pk"]
        indexes = [
            models.Index(
                fields=["language", "kind", "is_active"], name="cannedreply_pick_idx"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.category and (
            not self.kind or self.category not in CATEGORIES_BY_KIND[self.kind]
        ):
            raise ValidationError(
                {"category": _("Choose the kind this category belongs to.")}
            )
        unknown = sorted(set(PLACEHOLDER_RE.findall(self.body)) - set(PLACEHOLDERS))
        if unknown:
            raise ValidationError(
                {
                    "body": _("Unknown placeholders: %(names)s.")
                    % {"names": ", ".join(unknown)}
                }
            )
