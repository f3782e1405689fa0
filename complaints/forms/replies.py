"""What a customer sends on a filed ticket: a reply, a reopen request, a rating."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from complaints.forms.evidence import EvidenceMixin
from complaints.forms.service_errors import ServiceErrorsMixin
from complaints.models import TEXT_MAX_LENGTH


class MessageCreateForm(ServiceErrorsMixin, EvidenceMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("body") or "").strip() and not self.has_evidence:
            raise ValidationError(_("Write a message or attach a file."))
        return cleaned


class TicketReopenForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why are you not satisfied?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Tell us what was not put right, so we can look again."),
    )


class TicketRateForm(ServiceErrorsMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How did we do?"),
        choices=[
            (5, _("Very good")),
            (4, _("Good")),
            (3, _("All right")),
            (2, _("Poor")),
            (1, _("Very poor")),
        ],
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
