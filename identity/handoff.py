"""App hand-off: one-time sign-in links the wallet core asks for, and their use."""

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.recorder import audit_refusal
from complaints.selectors import ticket_get_for_user
from identity.errors import AccountUnknownError, LinkRefusedError
from identity.models import SignInLink
from transactions.models import Transaction

TOKEN_BYTES = 32
# Spent and expired links are kept this long for investigations, then purged
# when the same customer gets a new link.
KEEP_SPENT = timedelta(days=30)


def _hash(token: str) -> str:
    # 256 random bits: a fast hash cannot be brute-forced.
    return hashlib.sha256(token.encode()).hexdigest()


def _refuse(*, customer: User | None, reason: str, **details: str) -> None:
    audit_refusal(
        model=User,
        object_id=str(customer.pk) if customer is not None else "",
        label=f"user #{customer.pk}" if customer is not None else "unknown",
        reason=reason,
        details=details,
    )


def handoff_customer(*, account_id: str) -> User:
    """The customer a link is asked for; AccountUnknownError (audited) if none.

    A closed wallet account gets no link (LinkRefusedError, audited): the
    wallet app no longer signs its owner in.
    """
    customer = User.objects.filter(
        wallet_account_id=account_id, role=User.Role.CUSTOMER
    ).first()
    if customer is None:
        _refuse(customer=None, reason="unknown_account", account_id=account_id)
        raise AccountUnknownError
    if customer.is_wallet_closed or not customer.is_active:
        _refuse(customer=customer, reason="account_closed")
        raise LinkRefusedError("account_closed")
    return customer


def handoff_target(
    *, customer: User, ticket_reference: str = "", transaction_reference: str = ""
) -> str:
    """The path a link lands on: the customer's ticket, the filing form, or home.

    Raises ValidationError (audited: a link must not open someone else's data)
    when the ticket or transaction is not the customer's own.
    """
    if ticket_reference:
        try:
            ticket = ticket_get_for_user(user=customer, reference=ticket_reference)
        except Http404:
            _refuse(customer=customer, reason="foreign_ticket")
            raise ValidationError(
                {"next": _("This customer has no ticket with this reference.")}
            ) from None
        return ticket.get_absolute_url()
    if transaction_reference:
        owned = (
            Transaction.objects.owned_by(customer)
            .filter(reference=transaction_reference)
            .exists()
        )
        if not owned:
            _refuse(customer=customer, reason="foreign_transaction")
            raise ValidationError(
                {
                    "transaction": _(
                        "This customer has no transaction with this reference."
                    )
                }
            )
        query = urlencode({"transaction": transaction_reference})
        return f"{reverse('complaints:ticket_start')}?{query}"
    return reverse("complaints:home")


@transaction.atomic
def signin_link_issue(*, customer: User, next_path: str) -> tuple[SignInLink, str]:
    """Create a one-time link for customer; return it with its URL (shown once).

    Valid for WALLETDESK_HANDOFF_LINK_SECONDS (at most 120). Purges the
    customer's links spent or expired more than KEEP_SPENT ago.
    """
    now = timezone.now()
    SignInLink.objects.filter(
        customer=customer, expires_at__lt=now - KEEP_SPENT
    ).delete()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = SignInLink.objects.create(
        customer=customer,
        token_hash=_hash(token),
        next_path=next_path,
        expires_at=now + timedelta(seconds=settings.WALLETDESK_HANDOFF_LINK_SECONDS),
    )
    path = reverse("identity:handoff", kwargs={"token": token})
    return link, f"{settings.SITE_URL}{path}"


def signin_link_redeem(*, token: str) -> SignInLink:
    """Spend the link with this token and return it, its customer loaded.

    One conditional UPDATE marks it used, so only one request ever gets it.
    A replayed, expired, unknown (tampered) link, or one whose account has
    since closed, raises LinkRefusedError, audited as refused; nothing changes.
    """
    now = timezone.now()
    token_hash = _hash(token)
    spent = SignInLink.objects.filter(
        token_hash=token_hash, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    link = (
        SignInLink.objects.select_related("customer")
        .filter(token_hash=token_hash)
        .first()
    )
    if link is None:
        _refuse(customer=None, reason="unknown_link")
        raise LinkRefusedError("unknown_link")
    if not spent:
        reason = "expired_link" if link.used_at is None else "replayed_link"
        _refuse(customer=link.customer, reason=reason)
        raise LinkRefusedError(reason)
    customer = link.customer
    if customer.is_wallet_closed or not customer.is_active or not customer.is_customer:
        _refuse(customer=customer, reason="account_closed")
        raise LinkRefusedError("account_closed")
    return link
