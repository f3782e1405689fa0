"""Response headers: a strict Content-Security-Policy on every page, and the
production security settings (secure cookies, HSTS) from the environment."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def _policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_pages_carry_a_strict_content_security_policy(client, customer):
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    for url in (
        reverse("complaints:home"),
        reverse("complaints:ticket_list"),
        ticket.get_absolute_url(),
        reverse("complaints:track"),
    ):
        response = client.get(url)
        policy = _policy(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert "'unsafe-inline'" not in policy["style-src-elem"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"


def test_admin_pages_carry_the_policy_too(client, agent):
    client.force_login(agent)
    response = client.get(reverse("admin:complaints_ticket_changelist"))
    assert _policy(response["Content-Security-Policy"])["script-src"] == ["'self'"]


def test_pages_have_no_inline_scripts_or_event_handlers(client, customer):
    import re

    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    for url in (reverse("complaints:home"), ticket.get_absolute_url()):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+\s*=", html), url


def _production_settings(**extra: str) -> str:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-" + "x9Q" * 12,
        "DJANGO_ALLOWED_HOSTS": "desk.example.com",
        **extra,
    }
    code = (
        "import os, json, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
        " 'config.settings'); django.setup(); from django.conf import settings as s;"
        " print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.DEBUG]))"
    )
    out = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout
    return out.strip().splitlines()[-1]


def test_production_turns_on_secure_cookies_hsts_and_ssl_redirect():
    assert _production_settings() == "[true, true, 31536000, true, false]"
