"""Tracking a ticket without an account: reference and email."""

from django import forms
from django.utils.translation import gettext_lazy as _


class TrackRequestForm(forms.Form):
    reference = forms.RegexField(
        label=_("Ticket reference"),
        regex=r"^\s*[Ww][Dd]-\d{4}-\d{6}\s*$",
        max_length=30,
        help_text=_("It looks like WD-2026-000123 and is in our first email to you."),
        error_messages={
            "invalid": _("A reference looks like WD-2026-000123."),
        },
    )
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("The email of the account that filed the ticket."),
    )

    def clean_reference(self) -> str:
        return self.cleaned_data["reference"].strip().upper()
