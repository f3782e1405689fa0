"""Sign-up by mail: a signed, expiring link; no answer tells whether an address is used.

Every sign-up ends on the same "check your email" page and sends one mail. A new
address gets a link that creates the account (the password is chosen on the
link's page, so nobody can set up an account for an address they cannot read); an
address that has an account gets a notice to its owner instead. A later move to
django-allauth (ACCOUNT_PREVENT_ENUMERATION) replaces this module.
"""

from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User

SIGNUP_SALT = "accounts.signup"
# Long enough for a mail that waits over a weekend, short enough that an old
# mailbox does not hold a live link for long.
SIGNUP_LINK_MAX_AGE = timedelta(days=2)


class SignupLinkError(Exception):
    """The link was altered, or is not a sign-up link."""


class SignupLinkExpiredError(SignupLinkError):
    """The link is genuine but older than SIGNUP_LINK_MAX_AGE."""


@dataclass(frozen=True)
class SignupRequest:
    username: str
    email: str
    first_name: str
    preferred_language: str


def signup_link_token(request: SignupRequest) -> str:
    """Sign the sign-up details into a token for the activation link."""
    return signing.TimestampSigner(salt=SIGNUP_SALT).sign_object(
        asdict(request), compress=True
    )


def signup_link_read(token: str) -> SignupRequest:
    """Read a token made by signup_link_token; raise SignupLinkError/Expired."""
    signer = signing.TimestampSigner(salt=SIGNUP_SALT)
    try:
        fields = signer.unsign_object(token, max_age=SIGNUP_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise SignupLinkExpiredError from error
    except signing.BadSignature as error:
        raise SignupLinkError from error
    try:
        return SignupRequest(**fields)
    except TypeError as error:
        raise SignupLinkError from error


def _send(*, to: str, language: str, template: str, context: dict) -> None:
    with translation.override(language):
        subject = render_to_string(f"accounts/{template}_subject.txt", context)
        body = render_to_string(f"accounts/{template}_email.txt", context)
    EmailMessage(" ".join(subject.split()), body, to=[to]).send()


def signup_mail_send(*, request: SignupRequest) -> None:
    """Mail the activation link, or tell an existing account's owner of the attempt.

    Exactly one mail either way, so neither the page nor the timing says which.
    """
    owner = User.objects.filter(email__iexact=request.email).first()
    context = {
        "site_url": settings.SITE_URL,
        "login_url": settings.SITE_URL + reverse("accounts:login"),
        "reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
    }
    if owner is not None:
        _send(
            to=owner.email,
            language=owner.preferred_language,
            template="signup_exists",
            context={**context, "user": owner},
        )
        return
    link = settings.SITE_URL + reverse(
        "accounts:signup_activate", args=[signup_link_token(request)]
    )
    _send(
        to=request.email,
        language=request.preferred_language,
        template="signup_activate",
        context={
            **context,
            "activate_url": link,
            "username": request.username,
            "days": SIGNUP_LINK_MAX_AGE.days,
        },
    )
