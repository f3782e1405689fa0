"""Each kind's filing form: a complaint, a refund request, a cancelled-transaction inquiry."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from complaints.forms.filing import PICKER_SIZE, TicketCreateForm
from complaints.forms.situations import OTHER_CATEGORIES
from complaints.models import REMEDY_MAX_LENGTH, RefundRequest, Ticket
from complaints.models.tickets import CATEGORIES_WITHOUT_TRANSACTION
from complaints.services import ComplaintInput, InquiryInput, RefundInput
from transactions.models import Transaction
from transactions.selectors import transaction_list_for_customer


class ComplaintCreateForm(TicketCreateForm):
    category_choice = forms.ChoiceField(
        label=_("What is it about?"), choices=OTHER_CATEGORIES, required=False
    )
    happened_at = forms.DateTimeField(
        label=_("When did it happen?"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    remedy_sought = forms.CharField(
        label=_("What would put it right for you?"),
        max_length=REMEDY_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.situation.category != Ticket.Category.OTHER:
            del self.fields["category_choice"]
            # "Something else" may be about fees, which need a transaction: there
            # ticket_create decides once the category is known.
            field = self.fields["transaction"]
            field.required = self.situation.category not in (
                CATEGORIES_WITHOUT_TRANSACTION
            )
            field.error_messages["required"] = _(
                "Choose the transaction this is about."
            )

    @property
    def category(self) -> str:
        if "category_choice" in self.fields:
            chosen = (
                self.cleaned_data.get("category_choice")
                if hasattr(self, "cleaned_data")
                else self["category_choice"].value()
            )
            if chosen in dict(OTHER_CATEGORIES):
                return chosen
        return self.situation.category

    def details(self) -> ComplaintInput:
        picked = self._picked_id()
        return ComplaintInput(
            transaction_ids=(picked,) if picked is not None else (),
            happened_at=self.cleaned_data.get("happened_at"),
            remedy_sought=self.cleaned_data.get("remedy_sought", ""),
        )


class RefundCreateForm(TicketCreateForm):
    amount_requested = forms.DecimalField(
        label=_("How much do you want back?"),
        min_value=Decimal("0.00000001"),
        max_digits=20,
        decimal_places=8,
        help_text=_("At most the amount of the transaction."),
    )
    intended_recipient = forms.CharField(
        label=_("Whom did you mean to pay?"),
        max_length=128,
        required=False,
        help_text=_("Their name, phone number or account."),
    )
    payee_chosen_via = forms.ChoiceField(
        label=_("How did you choose the payee?"),
        choices=[("", _("I am not sure")), *RefundRequest.PayeeChosenVia.choices],
        required=False,
    )
    intended_amount = forms.DecimalField(
        label=_("How much did you mean to send?"),
        min_value=Decimal("0.00000001"),
        max_digits=20,
        decimal_places=8,
        required=False,
    )
    duplicate_of = forms.ModelChoiceField(
        label=_("Which earlier payment does it repeat?"),
        queryset=Transaction.objects.none(),
        required=False,
        empty_label=_("Choose the first payment"),
        error_messages={
            "invalid_choice": _("Choose one of your own payments from the list."),
        },
    )

    _FIELDS_FOR_CATEGORY = {
        Ticket.Category.WRONG_RECIPIENT: {"intended_recipient", "payee_chosen_via"},
        Ticket.Category.WRONG_AMOUNT: {"intended_amount"},
        Ticket.Category.DUPLICATE_PAYMENT: {"duplicate_of"},
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["transaction"].required = True
        self.fields["transaction"].label = _(
            "Which payment do you want money back from?"
        )
        self.fields["transaction"].error_messages["required"] = _(
            "Choose the transaction you want money back from."
        )
        wanted = self._FIELDS_FOR_CATEGORY[self.situation.category]
        for name in {"intended_recipient", "payee_chosen_via"} | {
            "intended_amount",
            "duplicate_of",
        }:
            if name not in wanted:
                del self.fields[name]
        if "intended_recipient" in self.fields:
            self.fields["intended_recipient"].required = True
        if "intended_amount" in self.fields:
            self.fields["intended_amount"].required = True
        if "duplicate_of" in self.fields:
            field = self.fields["duplicate_of"]
            field.required = True
            # Validation accepts any eligible payment (full_clean); the list
            # offers recent ones, read when the page is drawn.
            field.widget.choices = self._duplicate_choices

    def full_clean(self) -> None:
        super().full_clean()
        if "duplicate_of" in self.fields:
            # Choosing the queryset also set the widget's choices to all of it.
            self.fields["duplicate_of"].widget.choices = self._duplicate_choices

    def _duplicate_choices(self) -> list[tuple[object, str]]:
        return [
            ("", self.fields["duplicate_of"].empty_label),
            *(
                (record.pk, _transaction_label(record))
                for record in self._eligible[:PICKER_SIZE]
            ),
        ]

    def eligible_transactions(self) -> QuerySet[Transaction]:
        # Refunds are for money that left the wallet; ticket_create checks again.
        return transaction_list_for_customer(customer=self.customer).filter(
            type__in=Transaction.OUTGOING_TYPES, status=Transaction.Status.COMPLETED
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        record = cleaned.get("transaction")
        amount = cleaned.get("amount_requested")
        if record is not None and amount is not None and amount > record.amount:
            self.add_error(
                "amount_requested",
                _("You can ask back at most the transaction amount, %(amount)s.")
                % {"amount": record.display_amount},
            )
        return cleaned

    def details(self) -> RefundInput:
        duplicate_of = self.cleaned_data.get("duplicate_of")
        return RefundInput(
            transaction_id=self._picked_id(),
            amount_requested=self.cleaned_data.get("amount_requested"),
            intended_recipient=self.cleaned_data.get("intended_recipient", ""),
            intended_amount=self.cleaned_data.get("intended_amount"),
            payee_chosen_via=self.cleaned_data.get("payee_chosen_via", ""),
            duplicate_of_id=duplicate_of.pk if duplicate_of is not None else None,
        )


class InquiryCreateForm(TicketCreateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["transaction"].required = True
        self.fields["transaction"].label = _("Which transaction was cancelled?")
        self.fields["transaction"].error_messages["required"] = _(
            "Choose the cancelled transaction."
        )

    def eligible_transactions(self) -> QuerySet[Transaction]:
        return transaction_list_for_customer(customer=self.customer).filter(
            status=Transaction.Status.CANCELLED
        )

    def details(self) -> InquiryInput:
        return InquiryInput(transaction_id=self._picked_id())


FORM_FOR_KIND: dict[str, type[TicketCreateForm]] = {
    Ticket.Kind.COMPLAINT: ComplaintCreateForm,
    Ticket.Kind.MISOPERATION_REFUND: RefundCreateForm,
    Ticket.Kind.CANCELLED_TX_INQUIRY: InquiryCreateForm,
}


def _transaction_label(record: Transaction) -> str:
    return (
        f"{record.reference} · {date_format(timezone.localtime(record.occurred_at))}"
        f" · {record.display_amount}"
    )
