"""Portal forms: validate and coerce what customers type; services decide the rest."""

from complaints.forms.evidence import EvidenceField, EvidenceMixin, MultipleFileInput
from complaints.forms.filing import PICKER_SIZE, TicketCreateForm, TransactionPickField
from complaints.forms.filing_kinds import (
    FORM_FOR_KIND,
    ComplaintCreateForm,
    InquiryCreateForm,
    RefundCreateForm,
)
from complaints.forms.notices import NoticeReadForm
from complaints.forms.replies import MessageCreateForm, TicketRateForm, TicketReopenForm
from complaints.forms.service_errors import ServiceErrorsMixin
from complaints.forms.situations import OTHER_CATEGORIES, SITUATIONS, Situation
from complaints.forms.tracking import TrackRequestForm

__all__ = [
    "FORM_FOR_KIND",
    "OTHER_CATEGORIES",
    "PICKER_SIZE",
    "SITUATIONS",
    "ComplaintCreateForm",
    "EvidenceField",
    "EvidenceMixin",
    "InquiryCreateForm",
    "MessageCreateForm",
    "MultipleFileInput",
    "NoticeReadForm",
    "RefundCreateForm",
    "ServiceErrorsMixin",
    "Situation",
    "TicketCreateForm",
    "TicketRateForm",
    "TicketReopenForm",
    "TrackRequestForm",
    "TransactionPickField",
]
