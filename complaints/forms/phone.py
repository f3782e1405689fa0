"""The agent's form for a ticket taken over the phone."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from complaints.models import Ticket
from complaints.models.tickets import CATEGORIES_BY_KIND
from transactions.models import Transaction


class PhoneTicketCreateForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[
            (value, label)
            for value, label in Ticket.Category.choices
            if value in CATEGORIES_BY_KIND[Ticket.Kind.COMPLAINT]
        ],
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("What the customer said"), widget=forms.Textarea
    )
    called_at = forms.DateTimeField(
        label=_("Time of the call"),
        help_text=_("The SLA runs from first contact."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    transaction = forms.ModelChoiceField(
        label=_("Transaction"),
        queryset=Transaction.objects.none(),
        required=False,
        help_text=_("From the customer's records."),
    )

    def __init__(self, *args: object, customer: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["transaction"].queryset = Transaction.objects.filter(
            owner=customer
        ).order_by("-occurred_at")
        self.fields["called_at"].initial = timezone.localtime().strftime(
            "%Y-%m-%dT%H:%M"
        )

    def clean_called_at(self) -> object:
        called_at = self.cleaned_data["called_at"]
        if called_at > timezone.now():
            raise forms.ValidationError(_("The call cannot be in the future."))
        return called_at
