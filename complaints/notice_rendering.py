"""Rendering a notice: subject, text, HTML and text message in its own language."""

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from complaints.channels import RenderedNotice, SmsChannel
from complaints.models import Notice, Ticket, TicketHold
from complaints.tracking import tracking_sms_url
from config.formats.money import money_format


def _asks_for_information(notice: Notice) -> bool:
    """Whether the notice's reply is the request of a hold waiting on the customer."""
    if notice.message_id is None:
        return False
    return TicketHold.objects.filter(request_id=notice.message_id).exists()


# Where a batch's read leaves each ticket's paid payouts (notices_deliver_many).
PAID_ACTIONS = "paid_wallet_actions"


def paid_actions_query() -> QuerySet:
    """The payouts a resolution notice lists, in its order.

    Paid means confirmed by the wallet core. wallet_actions builds on
    complaints, so its model is reached through the ticket's relation.
    """
    model = Ticket._meta.get_field("wallet_actions").related_model
    return model.objects.paid().order_by("answered_at", "pk")


def notice_render(notice: Notice) -> RenderedNotice:
    """Render subject, text and HTML of a notice in its own language.

    A template under complaints/notices/<language>/ overrides the shared one, so
    a reviewed wording in one language can replace the catalogue translation.
    """
    ticket = notice.ticket
    is_progress = notice.kind == Notice.Kind.PROGRESS
    context = {
        "notice": notice,
        "ticket": ticket,
        "customer": notice.recipient,
        "change": notice.status_change,
        "message": notice.message,
        "asks_for_information": is_progress and _asks_for_information(notice),
        "deadline_extended": is_progress
        and notice.message_id is None
        and notice.status_change_id is None,
        "site_url": settings.SITE_URL,
        "track_url": settings.SITE_URL + reverse("complaints:track"),
        "reopen_days": settings.WALLETDESK_REOPEN_WINDOW_DAYS,
        "amount": None,
    }
    if notice.kind == Notice.Kind.SPIKE_ALERT:
        # reports builds on complaints: its alert is reached by the relation's name.
        context["alert"] = notice.spike_alerts.select_related("rule").first()
        context["reports_url"] = settings.SITE_URL + reverse("reports:report")
    if notice.kind == Notice.Kind.EXPORT_READY:
        # reports builds on complaints: its export is reached by the relation.
        export = notice.ticket_exports.first()
        context["export"] = export
        context["reports_url"] = settings.SITE_URL + reverse("reports:report")
        if export is not None:
            context["download_url"] = settings.SITE_URL + reverse(
                "reports:export_download", kwargs={"export_id": export.pk}
            )
    if notice.kind == Notice.Kind.PAYMENT_CHECK:
        # wallet_actions builds on complaints: its check is reached by the relation.
        context["check"] = notice.payment_checks.select_related("transaction").first()
    if notice.kind == Notice.Kind.PAYMENT_CHECK_ESCALATED:
        context["check"] = notice.escalated_payment_checks.select_related(
            "transaction", "customer"
        ).first()
    if notice.kind == Notice.Kind.WALLET_ACTION_DONE:
        context["wallet_action"] = notice.wallet_actions_done.first()
    if ticket is not None:
        context["ticket_url"] = settings.SITE_URL + ticket.get_absolute_url()
        if ticket.outcome_amount is not None:
            context["amount"] = money_format(
                ticket.outcome_amount, ticket.outcome_currency
            )
        if notice.kind == Notice.Kind.RESOLUTION:
            paid = getattr(ticket, PAID_ACTIONS, None)
            context["paid_actions"] = (
                list(paid_actions_query().filter(ticket=ticket))
                if paid is None
                else paid
            )
    parts = {}
    with translation.override(notice.language):
        for part, suffix in (("subject", "_subject.txt"), ("text", ".txt")):
            parts[part] = render_to_string(
                [
                    f"complaints/notices/{notice.language}/{notice.kind}{suffix}",
                    f"complaints/notices/{notice.kind}{suffix}",
                ],
                context,
            )
        parts["html"] = render_to_string(
            [
                f"complaints/notices/{notice.language}/{notice.kind}.html",
                f"complaints/notices/{notice.kind}.html",
            ],
            context,
        )
        parts["sms"] = _render_sms(notice, context)
    return RenderedNotice(
        subject=" ".join(parts["subject"].split()),
        text=parts["text"].strip() + "\n",
        html=parts["html"],
        sms=parts["sms"],
    )


def _render_sms(notice: Notice, context: dict) -> str:
    """The text message, one line, when the recipient gets one ("" otherwise)."""
    if not SmsChannel().accepts(notice):
        return ""
    if notice.ticket is not None:
        context["sms_link"] = tracking_sms_url(
            ticket=notice.ticket, email=notice.recipient.email
        )
    text = render_to_string(f"complaints/notices/sms/{notice.kind}.txt", context)
    return " ".join(text.split())
