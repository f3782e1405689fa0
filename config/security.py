"""Abuse protection shared by every web process: client address, lockout, honeypot.

Counters live in the database (django-axes) or in CACHES (django-ratelimit), which
is Redis when DJANGO_CACHE_URL is set, so every gunicorn process sees the same
counts.
"""

from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage, is_ratelimited

# The form field a person never sees or fills; a bot that fills every input does.
HONEYPOT_FIELD = "website"
# Public forms that carry the field (templates/security/honeypot.html).
HONEYPOT_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:signup",
        "accounts:password_reset",
        "complaints:track",
    }
)


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind proxies the one they saw.

    With DJANGO_TRUSTED_PROXY_COUNT=N, each of the N proxies appends the address it
    received from to X-Forwarded-For, so the N-th entry from the right is the
    client; anything further left was written by the client and is not trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 - a key, not a bind
    count = settings.WALLETDESK_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [
        hop.strip()
        for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if hop.strip()
    ]
    if len(hops) < count:
        return remote
    return hops[-count]


# Swagger UI (the API docs page) injects <style> elements from its own script; it
# gets inline styles there and nowhere else. Scripts stay 'self' everywhere.
INLINE_STYLE_PREFIXES = ("/api/docs/",)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the one page-specific relaxation above."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponse,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(INLINE_STYLE_PREFIXES):
            parts.update = {
                **(parts.update or {}),
                "style-src-elem": ["'self'", "'unsafe-inline'"],
            }
        return parts


def reply_rate_exceeded(request: HttpRequest) -> bool:
    """Count a reply or upload by the signed-in user; True past their rate.

    One count for the portal and the API (WALLETDESK_REPLY_RATE_PER_USER): each
    reply may carry images whose checks cost the web worker real time.
    """
    return is_ratelimited(
        request,
        group="complaints.reply",
        key="user",
        rate=settings.WALLETDESK_REPLY_RATE_PER_USER,
        increment=True,
    )


LOGIN_FAILURES_GROUP = "config.security.login_failures"


def _address_login_failures(request: HttpRequest, *, count: bool) -> int:
    usage = get_usage(
        request,
        group=LOGIN_FAILURES_GROUP,
        key="ip",
        rate=settings.WALLETDESK_LOGIN_FAILURES_PER_IP,
        increment=count,
    )
    return 0 if usage is None else usage["count"]


def login_failure_count(
    sender: object, credentials: dict, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Count a failed log-in against the client's address (user_login_failed)."""
    if request is not None:
        _address_login_failures(request, count=True)


class LockoutBackend(AxesStandaloneBackend):
    """Lockouts for log-ins that come with a request: portal, admin and API token.

    django-axes locks a username from an address; one address trying one password
    against many usernames is locked by its failures in all
    (WALLETDESK_LOGIN_FAILURES_PER_IP, counted in the cache). Server-side callers
    without a request (a management command, the test client's login) cannot be
    brute-forced from outside, so they skip the check instead of failing as
    AxesStandaloneBackend does.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        limit = int(settings.WALLETDESK_LOGIN_FAILURES_PER_IP.split("/")[0])
        if _address_login_failures(request, count=False) >= limit:
            # The attribute django-axes' middleware turns into the lockout page.
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("Too many failed log-ins from here")
        return super().authenticate(request, username, password, **kwargs)


def lockout_response(
    request: HttpRequest, credentials: Any = None, **kwargs: Any
) -> HttpResponse:
    """The page django-axes answers with while an account or address is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "security/locked_out.html",
        {"minutes": minutes},
        status=429,
    )


class HoneypotMiddleware:
    """Refuse public-form posts that filled in the hidden honeypot field."""

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
        if (
            request.method == "POST"
            and match is not None
            and match.view_name in HONEYPOT_VIEWS
            and request.POST.get(HONEYPOT_FIELD, "").strip()
        ):
            return render(request, "security/rejected.html", status=400)
        return None
