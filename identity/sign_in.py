"""Who a sign-in is: self-made accounts, phone numbers and OIDC subjects.

django-allauth runs the flows (identity.adapters); these functions hold the rules
and write the audit events of refusals where someone could be impersonated.
"""

from django.db import transaction

from accounts.models import User
from accounts.services import user_create
from audit.recorder import audit_refusal


def signin_refusal_record(*, user: User | None, reason: str, **details: str) -> None:
    """Audit a refused sign-in aimed at user (None when no account matched).

    details must hold nothing secret: never a code or token, phones masked.
    """
    audit_refusal(
        model=User,
        object_id=str(user.pk) if user is not None else "",
        label=f"user #{user.pk}" if user is not None else "unknown",
        reason=reason,
        details=details,
    )


def phone_mask(phone: str) -> str:
    """+8613800138000 → +86…8000: enough to tell numbers apart in the audit."""
    return f"{phone[:3]}…{phone[-4:]}" if len(phone) > 7 else "…"


@transaction.atomic
def signup_pending_create(
    *,
    username: str,
    email: str,
    password: str,
    first_name: str,
    preferred_language: str,
) -> User:
    """Create a self-made customer account, inactive until its email is confirmed.

    Raises ValidationError as user_create does. allauth then mails the
    confirmation link (identity.adapters).
    """
    user = user_create(
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        preferred_language=preferred_language,
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def signup_confirmed(*, user: User) -> User:
    """Activate a self-made account once its address is confirmed.

    Only a sign-up that never signed in is activated: an account staff
    deactivated stays inactive whatever link its owner follows.
    """
    if not user.is_active and user.last_login is None:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


def customer_for_phone(*, phone: str) -> User | None:
    """The one active customer with this E.164 number, or None.

    A number two customers share signs neither in (the wallet core should not
    provision that); staff never sign in by phone.
    """
    found = list(
        User.objects.filter(
            phone=phone, role=User.Role.CUSTOMER, is_active=True
        ).order_by("pk")[:2]
    )
    if len(found) != 1:
        return None
    return found[0]


def customer_for_subject(*, subject: str, linked_user: User | None) -> User | None:
    """The customer an OpenID Connect `sub` (the wallet account id) names, or None.

    A subject already linked must still name the same customer. An unknown
    subject, a staff account or a deactivated customer is refused and audited;
    nothing is created. A closed wallet account still signs in: it follows its
    tickets and files none (User.filing_check).
    """
    customer = User.objects.filter(
        wallet_account_id=subject, role=User.Role.CUSTOMER
    ).first()
    if customer is None:
        signin_refusal_record(
            user=None, reason="oidc_unknown_subject", sub=subject[:64]
        )
        return None
    if linked_user is not None and linked_user.pk != customer.pk:
        signin_refusal_record(user=customer, reason="oidc_subject_mismatch")
        return None
    if not customer.is_active:
        signin_refusal_record(user=customer, reason="oidc_account_inactive")
        return None
    return customer
