"""Public tracking: signed links to one ticket, read-only, valid for 24 hours.

A visitor gives a reference and an email; when the pair matches, the customer gets
an email with a link signed by TimestampSigner. The link names the ticket and the
email it was sent to, so it stops working when it expires or the email changes.
A text message carries a shorter form of the same link (tracking_sms_url): the
ticket id and the time, with an HMAC that also covers the email's digest, valid
for SMS_LINK_MAX_AGE.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from complaints import selectors, tasks
from complaints.models import Ticket
from config.short_links import (
    ShortLinkExpired,
    short_token_check,
    short_token_id,
    short_token_make,
)
from outbox.dispatch import outbox_dispatch_on_commit

TRACKING_SALT = "walletdesk.complaints.tracking"
TRACKING_MAX_AGE = timedelta(hours=24)
# The short form must fit a two-part SMS beside Chinese text; a text is read later
# than an email, so it lives longer.
SMS_TRACKING_SALT = TRACKING_SALT + ".sms"
SMS_LINK_MAX_AGE = timedelta(days=7)


class TrackingLinkExpired(Exception):  # noqa: N818 - reads as what happened
    """The link was genuine but is older than TRACKING_MAX_AGE."""


def _email_digest(email: str) -> str:
    # The token is readable base64: keep the address itself out of URLs and logs.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def tracking_token_make(*, ticket: Ticket) -> str:
    """A signed, timestamped token naming the ticket and its customer's email."""
    signer = signing.TimestampSigner(salt=TRACKING_SALT)
    return signer.sign_object(
        {"t": ticket.pk, "e": _email_digest(ticket.customer.email)}, compress=True
    )


def tracking_sms_url(*, ticket: Ticket, email: str, now: float | None = None) -> str:
    """The short signed tracking link a text message carries (email: the customer's).

    About 30 characters of token, so the text fits two SMS segments in Chinese;
    it is bound to the email's digest like the long form. now is for tests.
    """
    token = short_token_make(
        salt=SMS_TRACKING_SALT,
        object_id=ticket.pk,
        bound=_email_digest(email),
        now=now,
    )
    return settings.SITE_URL + reverse("complaints:track_ticket", args=[token])


def _sms_ticket(token: str) -> Ticket | None:
    """The ticket a short token names; None when it is not one (try the long form).

    Raises Http404 for a wrong signature, TrackingLinkExpired for an old one.
    """
    ticket_id = short_token_id(token)
    if ticket_id is None:
        return None
    ticket = selectors.ticket_get_for_tracking(ticket_id=ticket_id)
    try:
        genuine = short_token_check(
            salt=SMS_TRACKING_SALT,
            token=token,
            max_age=SMS_LINK_MAX_AGE,
            bound=_email_digest(ticket.customer.email),
        )
    except ShortLinkExpired as error:
        raise TrackingLinkExpired from error
    if not genuine:
        raise Http404("Bad tracking link")
    return ticket


def tracking_ticket_get(*, token: str) -> Ticket:
    """The ticket a tracking token (long, or the short SMS form) names.

    Raises TrackingLinkExpired for a genuine token older than 24 hours (7 days
    for the short form), and Http404 for a forged or damaged one, or when the
    customer's email has changed since.
    """
    ticket = _sms_ticket(token)
    if ticket is not None:
        return ticket
    signer = signing.TimestampSigner(salt=TRACKING_SALT)
    try:
        payload = signer.unsign_object(token, max_age=TRACKING_MAX_AGE)
    except signing.SignatureExpired as error:
        raise TrackingLinkExpired from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise Http404("Bad tracking link") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("t"), int):
        raise Http404("Bad tracking link")
    ticket = selectors.ticket_get_for_tracking(ticket_id=payload["t"])
    if _email_digest(ticket.customer.email) != payload.get("e"):
        raise Http404("Bad tracking link")
    return ticket


def tracking_link_request(*, reference: str, email: str) -> None:
    """Email a tracking link if the reference and email belong together.

    Says nothing either way, so the caller answers the same whether or not the pair
    exists. The email is sent by a Celery task after commit; a broker that is down
    loses this one email, and the visitor can ask again.
    """
    ticket = selectors.ticket_find_for_tracking(reference=reference, email=email)
    if ticket is None:
        return
    outbox_dispatch_on_commit(tasks.send_tracking_link, ticket.pk)


def tracking_link_send(*, ticket_id: int) -> bool:
    """Render and send the tracking email in the customer's language.

    The link's 24 hours start now. Returns False when the ticket or the customer's
    email is gone. Send errors propagate, so the task retries.
    """
    ticket = (
        Ticket.objects.select_related("customer")
        .filter(pk=ticket_id, customer__is_active=True)
        .exclude(customer__email="")
        .first()
    )
    if ticket is None:
        return False
    customer = ticket.customer
    link = settings.SITE_URL + reverse(
        "complaints:track_ticket", args=[tracking_token_make(ticket=ticket)]
    )
    context = {
        "ticket": ticket,
        "customer": customer,
        "link": link,
        "expires_at": timezone.now() + TRACKING_MAX_AGE,
        "hours": int(TRACKING_MAX_AGE.total_seconds() // 3600),
        "site_url": settings.SITE_URL,
        "language": customer.preferred_language,
    }
    with translation.override(customer.preferred_language):
        subject = render_to_string("complaints/tracking_email_subject.txt", context)
        text = render_to_string("complaints/tracking_email.txt", context)
        html = render_to_string("complaints/tracking_email.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[customer.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True
