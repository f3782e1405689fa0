"""Forms of the incident pages in the staff workspace."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from complaints.models import IncidentAnswerRun, Ticket
from incidents.models import Incident
from transactions.models import Transaction


class IncidentAdminForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("affected ticket kinds"),
        choices=Ticket.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.MultipleChoiceField(
        label=_("affected categories"),
        choices=Ticket.Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    transaction_types = forms.MultipleChoiceField(
        label=_("affected transaction types"),
        choices=Transaction.Type.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Incident
        fields = [
            "title_zh_hans",
            "title_en",
            "summary_zh_hans",
            "summary_en",
            "severity",
            "started_at",
            "kinds",
            "categories",
            "transaction_types",
        ]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        if not (
            cleaned.get("kinds")
            or cleaned.get("categories")
            or cleaned.get("transaction_types")
        ):
            raise ValidationError(
                _("Name at least one affected kind, category or transaction type.")
            )
        return cleaned


class IncidentUpdateForm(forms.Form):
    state = forms.ChoiceField(label=_("state"), choices=Incident.State.choices)
    body_zh_hans = forms.CharField(
        label=_("update (Chinese)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    body_en = forms.CharField(
        label=_("update (English)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class IncidentLinkForm(forms.Form):
    references = forms.CharField(
        label=_("ticket references"),
        help_text=_(
            "One or more references such as WD-2026-000123, separated by spaces or lines."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_references(self) -> list[str]:
        references = sorted(set(self.cleaned_data["references"].upper().split()))
        if len(references) > 500:
            raise ValidationError(_("Link at most 500 tickets at a time."))
        return references


class IncidentAnswerForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("what to do"), choices=IncidentAnswerRun.Mode.choices
    )
    body_zh_hans = forms.CharField(
        label=_("reply (Chinese)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    body_en = forms.CharField(
        label=_("reply (English)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=[("", "—"), *Ticket.Outcome.choices], required=False
    )
    root_cause = forms.ChoiceField(
        label=_("root cause"),
        choices=[("", "—"), *Ticket.RootCause.choices],
        required=False,
    )
    refund_transaction_amount = forms.BooleanField(
        label=_("Record each ticket's disputed transaction amount as its refund"),
        required=False,
    )
    amounts = forms.CharField(
        label=_("amounts that differ"),
        help_text=_(
            "One ticket a line: reference, amount, currency, e.g. WD-2026-000123 12.50 CNY."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resolve_incident = forms.BooleanField(
        label=_("Also resolve the incident, with this reply as its last public update"),
        required=False,
    )

    def clean_amounts(self) -> dict[str, tuple[Decimal, str]]:
        amounts: dict[str, tuple[Decimal, str]] = {}
        for number, line in enumerate(self.cleaned_data["amounts"].splitlines(), 1):
            if not line.strip():
                continue
            parts = line.split()
            try:
                if len(parts) != 3:
                    raise InvalidOperation
                amount = Decimal(parts[1])
                if amount < 0 or not amount.is_finite():
                    raise InvalidOperation
            except InvalidOperation as error:
                raise ValidationError(
                    _("Line %(number)d is not “reference amount currency”."),
                    params={"number": number},
                ) from error
            amounts[parts[0].upper()] = (amount, parts[2].upper()[:12])
        return amounts
