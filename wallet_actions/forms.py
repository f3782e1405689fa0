from django import forms
from django.utils.translation import gettext_lazy as _

from wallet_actions.kinds import KIND_CHOICES, FreezeReason


class WalletActionRequestForm(forms.Form):
    """Input of the case page's "ask the wallet" form; the service checks the rules.

    Prefixed: the case page holds other forms with amount and currency fields.
    """

    prefix = "wallet"

    kind = forms.ChoiceField(label=_("Action"), choices=KIND_CHOICES)
    reason = forms.ChoiceField(
        label=_("Reason for a freeze"),
        choices=[("", "—"), *FreezeReason.choices],
        required=False,
    )
    amount = forms.DecimalField(
        label=_("Amount of a payout"),
        max_digits=20,
        decimal_places=8,
        min_value=0,
        required=False,
    )
    currency = forms.CharField(label=_("Currency"), max_length=8, required=False)
    transaction = forms.CharField(
        label=_("Transaction of a hold or release"), max_length=64, required=False
    )
    note = forms.CharField(
        label=_("Note for the team"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
