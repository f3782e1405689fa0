"""Portal forms: validate and coerce what customers type; services decide the rest."""

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _

from complaints import selectors
from complaints.models import (
    REMEDY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Attachment,
    PendingUpload,
    RefundRequest,
    Ticket,
)
from complaints.models.tickets import CATEGORIES_WITHOUT_TRANSACTION
from complaints.services import (
    ComplaintInput,
    EvidenceInput,
    InquiryInput,
    RefundInput,
)
from complaints.services.pending_uploads import pending_upload_as_file
from transactions.models import Transaction
from transactions.selectors import transaction_list_for_customer

if TYPE_CHECKING:
    from accounts.models import User

# How many transactions the picker shows; searching finds older ones.
PICKER_SIZE = 20


@dataclass(frozen=True)
class Situation:
    """What happened, in the customer's words, and the kind and category it files as."""

    slug: str
    label: Promise
    hint: Promise
    kind: str
    category: str


SITUATIONS: dict[str, Situation] = {
    situation.slug: situation
    for situation in (
        Situation(
            "wrong-recipient",
            _("I sent money to the wrong person"),
            _("A transfer or payment went to someone you did not mean to pay."),
            Ticket.Kind.MISOPERATION_REFUND,
            Ticket.Category.WRONG_RECIPIENT,
        ),
        Situation(
            "wrong-amount",
            _("I sent the wrong amount"),
            _("You paid more than you meant to."),
            Ticket.Kind.MISOPERATION_REFUND,
            Ticket.Category.WRONG_AMOUNT,
        ),
        Situation(
            "paid-twice",
            _("I paid twice"),
            _("The same payment went out two times."),
            Ticket.Kind.MISOPERATION_REFUND,
            Ticket.Category.DUPLICATE_PAYMENT,
        ),
        Situation(
            "cancelled",
            _("My transaction was cancelled"),
            _("Find out why, and where your money is now."),
            Ticket.Kind.CANCELLED_TX_INQUIRY,
            Ticket.Category.CANCELLED_TRANSACTION,
        ),
        Situation(
            "transfer-failed",
            _("My transfer failed"),
            _("A transfer or payment did not go through."),
            Ticket.Kind.COMPLAINT,
            Ticket.Category.TRANSFER_FAILED,
        ),
        Situation(
            "balance-wrong",
            _("My balance looks wrong"),
            _("The balance shown is not what you expect."),
            Ticket.Kind.COMPLAINT,
            Ticket.Category.BALANCE_WRONG,
        ),
        Situation(
            "not-received",
            _("I did not receive a payment"),
            _("Someone paid you, but the money has not arrived."),
            Ticket.Kind.COMPLAINT,
            Ticket.Category.PAYMENT_NOT_RECEIVED,
        ),
        Situation(
            "unauthorized",
            _("Someone else used my account"),
            _("A payment or transfer you did not make."),
            Ticket.Kind.COMPLAINT,
            Ticket.Category.UNAUTHORIZED,
        ),
        Situation(
            "cannot-log-in",
            _("I cannot log in"),
            _("Your account is locked or you cannot sign in."),
            Ticket.Kind.COMPLAINT,
            Ticket.Category.ACCOUNT_ACCESS,
        ),
        Situation(
            "other",
            _("Something else"),
            _("Fees, our service, or anything not listed here."),
            Ticket.Kind.COMPLAINT,
            Ticket.Category.OTHER,
        ),
    )
}
# The "something else" page lets the customer narrow it down.
OTHER_CATEGORIES = (
    (Ticket.Category.OTHER, _("Something else")),
    (Ticket.Category.FEES, _("A fee or charge")),
    (Ticket.Category.SERVICE_QUALITY, _("How our staff or service treated me")),
)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files in one input; their content is checked by the service."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": "image/png,image/jpeg,image/gif,image/webp,.pdf,.txt"}
            ),
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(EvidenceField, self).clean(item, initial) for item in files]


class ServiceErrorsMixin:
    """Show a service's ValidationError next to the fields it names."""

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class EvidenceMixin(forms.Form):
    evidence = EvidenceField(
        label=_("Evidence files"),
        help_text=_(
            "Screenshots, receipts or statements: PNG, JPEG, GIF, WebP, PDF or text, up to 10 MB each, at most 5 files."
        ),
    )
    evidence_type = forms.ChoiceField(
        label=_("These files are"),
        choices=Attachment.EvidenceType.choices,
        initial=Attachment.EvidenceType.SCREENSHOT,
        required=False,
    )

    # Files kept from an earlier try of this form (complaints.views.kept_evidence
    # sets them): listed with their tokens, attached with the new files.
    kept_uploads: list[PendingUpload] = []
    # Names of files sent with errors that could not be kept.
    evidence_dropped: list[str] = []

    @property
    def has_evidence(self) -> bool:
        """Whether new or kept files come with this form."""
        return bool(self.cleaned_data.get("evidence") or self.kept_uploads)

    def evidence_inputs(self) -> list[EvidenceInput]:
        """The new files, then the kept ones, for the same evidence checks."""
        kind = self.cleaned_data.get("evidence_type") or Attachment.EvidenceType.OTHER
        return [
            EvidenceInput(file=upload, evidence_type=kind)
            for upload in self.cleaned_data.get("evidence", [])
        ] + [
            EvidenceInput(file=pending_upload_as_file(pending), evidence_type=kind)
            for pending in self.kept_uploads
        ]


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


class NoticeReadForm(forms.Form):
    """Mark one notice read, or all of them when no notice is given."""

    notice = forms.IntegerField(required=False, min_value=1)
