"""Incidents in the staff workspace: declare, update, link tickets, answer them all."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from complaints import incident_selectors
from complaints.admin.incident_forms import (
    IncidentAdminForm,
    IncidentAnswerForm,
    IncidentLinkForm,
    IncidentUpdateForm,
)
from complaints.models import Ticket
from complaints.services.incident_answers import incident_answer_start
from complaints.services.incident_links import (
    incident_ticket_link,
    incident_ticket_unlink,
)
from incidents.models import Incident, IncidentUpdate
from incidents.services import incident_declare, incident_edit, incident_update_post
from transactions.models import Transaction

LINKED_SHOWN = 50
# The scope is stored as lists of codes; staff who only view an incident read them
# by their labels (the form's checkboxes show the same labels to those who edit).
SCOPE_CHOICES = {
    "kinds": Ticket.Kind,
    "categories": Ticket.Category,
    "transaction_types": Transaction.Type,
}


def _scope_labels(codes: list[str], choices: type) -> str:
    labels = dict(choices.choices)
    separator = pgettext("between the items of a list", ", ")
    return separator.join(str(labels.get(code, code)) for code in codes) or "—"


class IncidentUpdateInline(admin.TabularInline):
    model = IncidentUpdate
    extra = 0
    fields = ("created_at", "state", "body_zh_hans", "body_en", "author")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    form = IncidentAdminForm
    change_form_template = "admin/incidents/incident/change_form.html"
    list_display = ("title", "state", "severity", "started_at", "declared_at")
    list_filter = ("state", "severity")
    readonly_fields = ("state", "declared_at", "declared_by", "resolved_at")
    inlines = (IncidentUpdateInline,)
    list_select_related = ()

    def get_fields(self, request: HttpRequest, obj: Incident | None = None) -> list:
        fields = list(super().get_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            return [
                f"{name}_shown" if name in SCOPE_CHOICES else name for name in fields
            ]
        return fields

    @admin.display(description=gettext_lazy("affected ticket kinds"))
    def kinds_shown(self, obj: Incident) -> str:
        return _scope_labels(obj.kinds, SCOPE_CHOICES["kinds"])

    @admin.display(description=gettext_lazy("affected categories"))
    def categories_shown(self, obj: Incident) -> str:
        return _scope_labels(obj.categories, SCOPE_CHOICES["categories"])

    @admin.display(description=gettext_lazy("affected transaction types"))
    def transaction_types_shown(self, obj: Incident) -> str:
        return _scope_labels(obj.transaction_types, SCOPE_CHOICES["transaction_types"])

    def save_model(
        self, request: HttpRequest, obj: Incident, form: IncidentAdminForm, change: bool
    ) -> None:
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if change:
            saved = incident_edit(
                incident=obj,
                actor=request.user,
                **{name: values[name] for name in form.changed_data if name in values},
            )
        else:
            saved = incident_declare(actor=request.user, **values)
        obj.pk = saved.pk
        obj.state = saved.state

    def save_related(
        self, request: HttpRequest, form: object, formsets: object, change: bool
    ) -> None:
        # The updates inline is read-only: updates are posted through the form below.
        return None

    def get_urls(self) -> list:
        own = [
            path(
                "<int:incident_id>/post-update/",
                self.admin_site.admin_view(self.post_update_view),
                name="incidents_incident_post_update",
            ),
            path(
                "<int:incident_id>/link/",
                self.admin_site.admin_view(self.link_view),
                name="incidents_incident_link",
            ),
            path(
                "<int:incident_id>/link-matching/",
                self.admin_site.admin_view(self.link_matching_view),
                name="incidents_incident_link_matching",
            ),
            path(
                "<int:incident_id>/unlink/<int:ticket_id>/",
                self.admin_site.admin_view(self.unlink_view),
                name="incidents_incident_unlink",
            ),
            path(
                "<int:incident_id>/answer/",
                self.admin_site.admin_view(self.answer_view),
                name="incidents_incident_answer",
            ),
        ]
        return own + super().get_urls()

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        incident = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if incident is not None:
            context.update(self._panel_context(request, incident))
        return super().change_view(request, object_id, form_url, context)

    def _panel_context(self, request: HttpRequest, incident: Incident) -> dict:
        counts = incident_selectors.incident_ticket_counts(incident=incident)
        labels = dict(Ticket.Status.choices)
        return {
            "status_counts": [(labels[key], value) for key, value in counts.items()],
            "linked_total": sum(counts.values()),
            "linked": list(
                incident_selectors.incident_linked_tickets(incident=incident)[
                    :LINKED_SHOWN
                ]
            ),
            "candidate_count": incident_selectors.incident_link_candidates(
                incident=incident
            ).count()
            if incident.is_open
            else 0,
            "runs": incident_selectors.incident_answer_runs(incident=incident),
            "update_form": IncidentUpdateForm(initial={"state": incident.state}),
            "link_form": IncidentLinkForm(),
            "answer_form": IncidentAnswerForm(
                initial={"mode": "resolve", "outcome": Ticket.Outcome.UPHELD}
            ),
            "can_link": request.user.has_perm("complaints.add_incidentlink"),
            "can_update": request.user.has_perm("incidents.add_incidentupdate"),
            "can_answer": request.user.has_perm("complaints.add_incidentanswerrun"),
        }

    def _incident(self, request: HttpRequest, incident_id: int, perm: str) -> Incident:
        if request.method != "POST":
            raise PermissionDenied
        if not request.user.has_perm(perm):
            raise PermissionDenied
        return get_object_or_404(Incident, pk=incident_id)

    def _back(self, incident: Incident) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:incidents_incident_change", args=[incident.pk])
        )

    def _refused(self, request: HttpRequest, error: ValidationError) -> None:
        for text in error.messages:
            messages.error(request, text)

    def post_update_view(self, request: HttpRequest, incident_id: int) -> HttpResponse:
        incident = self._incident(request, incident_id, "incidents.add_incidentupdate")
        form = IncidentUpdateForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Write the update in both languages and choose a state.")
            )
            return self._back(incident)
        try:
            incident_update_post(
                incident=incident, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            self._refused(request, error)
        else:
            messages.success(request, _("The update is public."))
        return self._back(incident)

    def link_view(self, request: HttpRequest, incident_id: int) -> HttpResponse:
        incident = self._incident(request, incident_id, "complaints.add_incidentlink")
        form = IncidentLinkForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return self._back(incident)
        references = form.cleaned_data["references"]
        tickets = list(Ticket.objects.filter(reference__in=references))
        missing = set(references) - {ticket.reference for ticket in tickets}
        if missing:
            messages.error(
                request,
                _("No ticket has these references: %(references)s")
                % {"references": ", ".join(sorted(missing))},
            )
            return self._back(incident)
        self._link(request, incident, tickets)
        return self._back(incident)

    def link_matching_view(
        self, request: HttpRequest, incident_id: int
    ) -> HttpResponse:
        incident = self._incident(request, incident_id, "complaints.add_incidentlink")
        candidates = incident_selectors.incident_link_candidates(incident=incident)
        self._link(
            request, incident, list(candidates[: incident_selectors.CANDIDATE_LIMIT])
        )
        return self._back(incident)

    def _link(
        self, request: HttpRequest, incident: Incident, tickets: list[Ticket]
    ) -> None:
        try:
            links = incident_ticket_link(
                incident=incident, tickets=tickets, actor=request.user
            )
        except ValidationError as error:
            self._refused(request, error)
            return
        messages.success(
            request,
            ngettext(
                "%(count)d ticket linked.", "%(count)d tickets linked.", len(links)
            )
            % {"count": len(links)},
        )

    def unlink_view(
        self, request: HttpRequest, incident_id: int, ticket_id: int
    ) -> HttpResponse:
        incident = self._incident(
            request, incident_id, "complaints.delete_incidentlink"
        )
        ticket = get_object_or_404(
            Ticket, pk=ticket_id, incident_link__incident=incident
        )
        incident_ticket_unlink(ticket=ticket, actor=request.user)
        messages.success(
            request,
            _("Ticket %(reference)s is no longer linked.")
            % {"reference": ticket.reference},
        )
        return self._back(incident)

    def answer_view(self, request: HttpRequest, incident_id: int) -> HttpResponse:
        incident = self._incident(
            request, incident_id, "complaints.add_incidentanswerrun"
        )
        form = IncidentAnswerForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return self._back(incident)
        cleaned = form.cleaned_data
        amounts = (
            incident_selectors.incident_ticket_amounts(incident=incident)
            if cleaned["refund_transaction_amount"]
            else {}
        )
        ids = incident_selectors.incident_tickets_by_reference(
            incident=incident, references=cleaned["amounts"]
        )
        unknown = set(cleaned["amounts"]) - set(ids)
        if unknown:
            messages.error(
                request,
                _("These tickets are not linked to this incident: %(references)s")
                % {"references": ", ".join(sorted(unknown))},
            )
            return self._back(incident)
        amounts.update({ids[ref]: value for ref, value in cleaned["amounts"].items()})
        try:
            run = incident_answer_start(
                incident=incident,
                mode=cleaned["mode"],
                body_zh_hans=cleaned["body_zh_hans"],
                body_en=cleaned["body_en"],
                outcome=cleaned["outcome"],
                root_cause=cleaned["root_cause"],
                amounts=amounts,
                resolve_incident=cleaned["resolve_incident"],
                actor=request.user,
            )
        except ValidationError as error:
            self._refused(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Answering %(count)d ticket in the background.",
                    "Answering %(count)d tickets in the background.",
                    run.total,
                )
                % {"count": run.total},
            )
        return self._back(incident)
