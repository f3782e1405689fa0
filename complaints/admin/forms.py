"""Forms of the agent workspace: they validate input, services do the work."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from complaints.admin.case import ticket_version
from complaints.models import CannedReply, RecoveryAttempt, Ticket, TicketHold
from sla.models import RegimeProfile

STALE_MESSAGE = _(
    "Someone else changed this ticket after you opened it. Nothing was saved: "
    "review the latest version below and try again."
)


class PlainChoiceIterator(ModelChoiceIterator):
    """Choices read with one plain query.

    ModelChoiceIterator reads through QuerySet.iterator(): on PostgreSQL, outside
    a transaction, a server-side cursor WITH HOLD (DECLARE, FETCH and CLOSE,
    three round trips) for a list of a few queues or staff.
    """

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class PlainModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose choices come from one plain query (short lists)."""

    iterator = PlainChoiceIterator


class TicketWorkspaceForm(forms.ModelForm):
    """The triage fields an agent may edit in place; status is never one of them.

    Unbound, it is given its version by what draws it: the triage part
    (case_parts) or, for a popup, the change view (case_page).
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Ticket
        fields = ("priority", "queue", "root_cause")

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("version") != ticket_version(
            ticket_id=self.instance.pk
        ):
            raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return cleaned


class WorkspaceActionForm(forms.Form):
    """Every workspace POST carries the version of the ticket it was loaded with."""

    version = forms.CharField(widget=forms.HiddenInput)


class MoveForm(WorkspaceActionForm):
    to_status = forms.ChoiceField(choices=Ticket.Status.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HoldForm(WorkspaceActionForm):
    waiting_on = forms.ChoiceField(choices=TicketHold.WaitingOn.choices)
    note = forms.CharField(required=False, max_length=2000)
    # Required for a customer hold by workflow.ticket_hold, the one home of that rule.
    request = forms.CharField(
        label=_("What the customer needs to send or do"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResolveForm(WorkspaceActionForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "---------"), *Ticket.Outcome.choices]
    )
    amount = forms.DecimalField(
        label=_("Refund or compensation amount"),
        required=False,
        min_value=0,
        max_digits=20,
        decimal_places=8,
    )
    currency = forms.CharField(label=_("Currency"), required=False, max_length=12)
    root_cause = forms.ChoiceField(
        label=_("Root cause"),
        required=False,
        choices=[("", "---------"), *Ticket.RootCause.choices],
    )
    summary = forms.CharField(
        label=_("Resolution summary for the customer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplyForm(WorkspaceActionForm):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    canned_reply = forms.ModelChoiceField(
        label=_("Canned reply"),
        queryset=CannedReply.objects.filter(is_active=True),
        required=False,
    )
    is_internal = forms.BooleanField(label=_("Internal note"), required=False)


class AssignForm(WorkspaceActionForm):
    assignee = PlainModelChoiceField(
        label=_("Assignee"),
        queryset=User.objects.filter(User.desk_staff_filter()),
        required=False,
    )


class RefundDecideForm(WorkspaceActionForm):
    approved_amount = forms.DecimalField(
        label=_("Approved amount"), min_value=0, max_digits=20, decimal_places=8
    )
    currency = forms.CharField(label=_("Currency"), required=False, max_length=12)
    note = forms.CharField(
        label=_("Reasoning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecoveryAttemptForm(WorkspaceActionForm):
    method = forms.ChoiceField(
        label=_("Method"), choices=RecoveryAttempt.Method.choices
    )
    amount_recovered = forms.DecimalField(
        label=_("Amount recovered"),
        required=False,
        min_value=0,
        max_digits=20,
        decimal_places=8,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class DeadlineExtendForm(WorkspaceActionForm):
    reason = forms.CharField(
        label=_("Reason for the extension"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The deadline moves to the next step of the ticket's SLA profile; "
            "the customer is told first when the step requires it."
        ),
    )


class ProfileChangeForm(WorkspaceActionForm):
    profile = PlainModelChoiceField(
        label=_("SLA profile"),
        queryset=RegimeProfile.objects.filter(is_active=True).order_by("name"),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The running deadlines stop and new ones count from receipt under "
            "this profile; missed deadlines stay recorded."
        ),
    )


class BulkNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 4})
    )


class BulkAssignForm(forms.Form):
    assignee = PlainModelChoiceField(
        label=_("Assignee"),
        queryset=User.objects.filter(User.desk_staff_filter()).order_by("username"),
        required=False,
        help_text=_("Leave empty to unassign."),
    )
