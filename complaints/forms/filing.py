"""Filing a ticket: the fields every kind has and the transaction picker."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from complaints import selectors
from complaints.forms.evidence import EvidenceMixin
from complaints.forms.service_errors import ServiceErrorsMixin
from complaints.forms.situations import Situation
from complaints.models import TEXT_MAX_LENGTH
from complaints.models.tickets import CATEGORIES_WITHOUT_TRANSACTION
from complaints.services import ComplaintInput, InquiryInput, RefundInput
from transactions.models import Transaction
from transactions.selectors import transaction_list_for_customer

if TYPE_CHECKING:
    from accounts.models import User


# How many transactions the picker shows; searching finds older ones.
PICKER_SIZE = 20


class TransactionPickField(forms.ModelChoiceField):
    """A radio choice among the customer's eligible transactions.

    Validates against every eligible record (a search may have found an old one);
    the page shows only the recent or searched ones.
    """

    widget = forms.RadioSelect

    def label_from_instance(self, obj: Transaction) -> str:
        return obj.reference


class TicketCreateForm(ServiceErrorsMixin, EvidenceMixin, forms.Form):
    """Fields every kind of ticket has; subclasses add the kind's own."""

    client_token = forms.CharField(
        widget=forms.HiddenInput, max_length=64, required=False
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("A few words, such as “Paid the wrong phone number”."),
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("When, how, and anything you have already tried."),
    )
    transaction = TransactionPickField(
        label=_("Which transaction is it about?"),
        queryset=Transaction.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _(
                "Choose one of your own transactions from the list; it may not fit this kind of request."
            ),
        },
    )

    field_order = ["subject", "description"]

    def __init__(
        self,
        *args: Any,
        customer: "User",
        situation: Situation,
        query: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.customer = customer
        self.situation = situation
        self.query = query

    # Fields that choose among the eligible transactions.
    _PICK_FIELDS = ("transaction", "duplicate_of")

    @cached_property
    def _eligible(self) -> QuerySet[Transaction]:
        return self.eligible_transactions()

    def eligible_transactions(self) -> QuerySet[Transaction]:
        return transaction_list_for_customer(customer=self.customer)

    def full_clean(self) -> None:
        # A choice is checked against the eligible transactions only when one was
        # sent: a filing without a transaction builds no query for them.
        for name in self._PICK_FIELDS:
            field = self.fields.get(name)
            if field is not None and self[name].data not in field.empty_values:
                field.queryset = self._eligible
        super().full_clean()

    @property
    def category(self) -> str:
        return self.situation.category

    @property
    def transaction_required(self) -> bool:
        return self.category not in CATEGORIES_WITHOUT_TRANSACTION

    def transaction_options(self) -> list[tuple[Transaction, str | None]]:
        """The transactions to show, each with the open ticket already about it."""
        shown = list(
            transaction_list_for_customer(customer=self.customer, query=self.query)
            .filter(pk__in=self._eligible.values("pk"))
            .only(
                "pk",
                "reference",
                "type",
                "amount",
                "currency",
                "status",
                "counterparty_name",
                "occurred_at",
            )[:PICKER_SIZE]
        )
        chosen = self["transaction"].value()
        if chosen and str(chosen) not in {str(record.pk) for record in shown}:
            extra = (
                self._eligible.filter(pk=chosen).first()
                if str(chosen).isdigit()
                else None
            )
            if extra is not None:
                shown.insert(0, extra)
        open_refs = selectors.ticket_open_references_by_transaction(
            customer=self.customer,
            kind=self.situation.kind,
            transaction_ids=[record.pk for record in shown],
        )
        return [(record, open_refs.get(record.pk)) for record in shown]

    def details(self) -> ComplaintInput | RefundInput | InquiryInput:
        raise NotImplementedError

    def ticket_kwargs(self) -> dict[str, Any]:
        """What ticket_create needs from this form, apart from who and the language."""
        return {
            "kind": self.situation.kind,
            "category": self.category,
            "subject": self.cleaned_data["subject"],
            "description": self.cleaned_data["description"],
            "details": self.details(),
            "evidence": self.evidence_inputs(),
            "client_token": self.cleaned_data["client_token"],
        }

    def _picked_id(self) -> int | None:
        record = self.cleaned_data.get("transaction")
        return record.pk if record is not None else None
