"""Staff second factors (django-allauth's mfa): who must have one, and the gate.

Supervisors, managers and admins (WALLETDESK_MFA_REQUIRED_ROLES) see financial
data and approve refunds, so a sign-in without a second factor (a password alone,
an account enrolled before the rule) may only enrol one: every other page, the
admin and the staff API answer with the enrolment page until then. Agents may
enrol and are then asked for the code like everyone else.

Whether the signed-in person still has to enrol is decided when they sign in and
kept in their session, so a page costs no extra query once they have a factor;
while they have none it is looked up on every request, and removing one marks
the session again (allauth's authenticator_removed signal).
"""

from collections.abc import Callable
from typing import Any

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# The session key: True while the signed-in person must enrol a second factor.
ENROLMENT_DUE = "walletdesk_mfa_enrolment_due"
# The role name WALLETDESK_MFA_REQUIRED_ROLES uses for superusers.
ADMIN_ROLE = "admin"
# allauth's own pages a person who must enrol may open: the second-factor pages
# (mfa_*), re-entering the password before enrolling, and signing out.
_OPEN_VIEWS = frozenset(
    {
        "account_reauthenticate",
        "account_logout",
        "accounts:logout",
        "accounts:language",
        "set_language",
        "healthz",
        "readyz",
        "favicon",
    }
)


def second_factor_required(*, user: AbstractBaseUser) -> bool:
    """Say whether the user's role must sign in with a second factor."""
    roles = set(settings.WALLETDESK_MFA_REQUIRED_ROLES)
    if getattr(user, "is_superuser", False) and ADMIN_ROLE in roles:
        return True
    return getattr(user, "role", None) in roles


def second_factor_enrolled(*, user: AbstractBaseUser) -> bool:
    """Say whether the user has a TOTP app or a security key (not codes alone)."""
    return (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )


def enrolment_due_remember(*, request: HttpRequest, user: AbstractBaseUser) -> None:
    """Store in the session whether the user still has to enrol (one query)."""
    if second_factor_required(user=user):
        request.session[ENROLMENT_DUE] = not second_factor_enrolled(user=user)
    else:
        request.session.pop(ENROLMENT_DUE, None)


def enrolment_due_on_login(
    sender: type, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    """user_logged_in receiver: decide once per sign-in."""
    if request is not None and hasattr(request, "session"):
        enrolment_due_remember(request=request, user=user)


def enrolment_due_on_change(
    sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any
) -> None:
    """authenticator_removed receiver: the signed-in person's own change."""
    if request is not None and getattr(request, "user", None) == user:
        enrolment_due_remember(request=request, user=user)


def _enrolment_due(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated or not second_factor_required(user=user):
        return False
    if request.session.get(ENROLMENT_DUE, True):
        # Unknown (a session from before the rule, one a test or command opened)
        # or due: look again, so a factor added anywhere counts at once.
        enrolment_due_remember(request=request, user=user)
    return bool(request.session[ENROLMENT_DUE])


class SecondFactorEnrolmentMiddleware:
    """Keep a supervisor, manager or admin without a second factor on enrolment."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or not _enrolment_due(request):
            return None
        view_name = match.view_name or ""
        if view_name.startswith("mfa_") or view_name in _OPEN_VIEWS:
            return None
        message = _(
            "Your role needs a second factor: set up an authenticator app or a "
            "security key before you continue."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "mfa_required"}, status=403)
        messages.warning(request, message)
        return redirect("mfa_index")


def totp_enrol(*, user: AbstractBaseUser, secret: str) -> Authenticator:
    """Give the user a TOTP app with a known base32 secret (demo staff, tests).

    People enrol on /accounts/2fa/totp/activate/ (allauth), which proves they hold
    the secret; this is for accounts set up by `make demo` and test fixtures.
    """
    return Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.TOTP,
        data={"secret": get_mfa_adapter().encrypt(secret)},
    )
