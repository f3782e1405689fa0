from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from config.admin_paging import BoundedPagingAdmin
from config.errors import WorkflowError
from integrations.api_keys import api_key_issue, api_key_revoke, api_key_rotate
from integrations.models import Event, SystemApiKey, WebhookDelivery, WebhookEndpoint
from integrations.webhooks import webhook_deliveries_retry


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=gettext_lazy("URL"), max_length=500, assume_scheme="https"
    )
    events = forms.MultipleChoiceField(
        label=gettext_lazy("events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ("name", "url", "secret", "events", "is_active")


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ("name", "url", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "url")


class DeliveryStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("state")
    parameter_name = "state"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, str]]:
        return [
            ("pending", gettext_lazy("Pending")),
            ("sent", gettext_lazy("Sent")),
            ("failed", gettext_lazy("Failed")),
        ]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]
    ) -> QuerySet[WebhookDelivery]:
        if self.value() == "pending":
            return queryset.filter(sent_at__isnull=True, failed_at__isnull=True)
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "failed":
            return queryset.filter(sent_at__isnull=True, failed_at__isnull=False)
        return queryset


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(BoundedPagingAdmin, admin.ModelAdmin):
    list_display = (
        "event",
        "endpoint",
        "created_at",
        "sent_at",
        "failed_at",
        "dispatch_count",
        "response_status",
    )
    list_filter = (DeliveryStateFilter, "event", "endpoint")
    list_select_related = ("endpoint",)
    search_fields = ("=event_id",)
    readonly_fields = (
        "endpoint",
        "event",
        "event_id",
        "body",
        "created_at",
        "sent_at",
        "failed_at",
        "dispatch_count",
        "response_status",
        "last_error",
    )
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["retry_deliveries"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # rows are written by the events themselves

    def has_delete_permission(
        self, request: HttpRequest, obj: WebhookDelivery | None = None
    ) -> bool:
        return False

    @admin.action(
        description=gettext_lazy("Try the selected deliveries again"),
        permissions=["change"],
    )
    def retry_deliveries(
        self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]
    ) -> None:
        count = webhook_deliveries_retry(
            delivery_ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued again.",
                "%(count)d deliveries queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class SystemApiKeyForm(forms.ModelForm):
    class Meta:
        model = SystemApiKey
        fields = ("name",)


@admin.register(SystemApiKey)
class SystemApiKeyAdmin(admin.ModelAdmin):
    """Issue, rotate and revoke the wallet core's keys; a secret is shown only once."""

    form = SystemApiKeyForm
    list_display = (
        "name",
        "prefix",
        "state",
        "created_at",
        "rotated_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    list_select_related = ("replaced_by",)
    search_fields = ("name", "=prefix")
    readonly_fields = (
        "prefix",
        "created_at",
        "created_by",
        "rotated_at",
        "replaced_by",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    actions = ["rotate_keys", "revoke_keys"]
    issued_template = "admin/integrations/systemapikey/secret.html"

    def has_delete_permission(
        self, request: HttpRequest, obj: SystemApiKey | None = None
    ) -> bool:
        return False  # revoked keys stay, so the audit trail can name them

    @admin.display(description=gettext_lazy("state"))
    def state(self, obj: SystemApiKey) -> str:
        if obj.revoked_at is not None:
            return gettext("Revoked")
        if not obj.is_usable_at(timezone.now()):
            return gettext("Expired")
        if obj.replaced_by_id is not None:
            return gettext("Rotated, in grace period")
        return gettext("Active")

    def save_model(
        self, request: HttpRequest, obj: SystemApiKey, form: forms.Form, change: bool
    ) -> None:
        if change:
            obj.save(update_fields=["name"])
            return
        key, secret = api_key_issue(name=obj.name, actor=request.user)
        # The admin logs and answers for obj: it becomes the issued key's row.
        for field in SystemApiKey._meta.concrete_fields:
            setattr(obj, field.attname, getattr(key, field.attname))
        request.walletdesk_new_keys = [(key, secret)]

    def response_add(
        self,
        request: HttpRequest,
        obj: SystemApiKey,
        post_url_continue: str | None = None,
    ) -> HttpResponse:
        return self._secrets_page(request, getattr(request, "walletdesk_new_keys", []))

    def _secrets_page(
        self, request: HttpRequest, issued: list[tuple[SystemApiKey, str]]
    ) -> HttpResponse:
        # Rendered straight into the response, never stored in a message or session.
        response = TemplateResponse(
            request,
            self.issued_template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": gettext("Copy the new API key now"),
                "issued": issued,
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(
        description=gettext_lazy("Rotate: issue a successor, keep the old key 7 days"),
        permissions=["change"],
    )
    def rotate_keys(
        self, request: HttpRequest, queryset: QuerySet[SystemApiKey]
    ) -> HttpResponse | None:
        issued = []
        for key in queryset:
            try:
                issued.append(api_key_rotate(key=key, actor=request.user))
            except WorkflowError as error:
                self.message_user(request, f"{key}: {error.message}", messages.ERROR)
        if not issued:
            return None
        return self._secrets_page(request, issued)

    @admin.action(
        description=gettext_lazy("Revoke: stop the selected keys now"),
        permissions=["change"],
    )
    def revoke_keys(
        self, request: HttpRequest, queryset: QuerySet[SystemApiKey]
    ) -> None:
        for key in queryset:
            api_key_revoke(key=key)
        self.message_user(
            request,
            ngettext(
                "%(count)d key revoked.", "%(count)d keys revoked.", queryset.count()
            )
            % {"count": queryset.count()},
            messages.SUCCESS,
        )
