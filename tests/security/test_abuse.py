"""Abuse protection: log-in lockout, rate limits, honeypot, open-ticket limit."""

import uuid

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import User
from complaints import workflow
from complaints.models import Ticket
from complaints.services import ComplaintInput, ticket_create
from config.security import client_ip
from tests.factories import PASSWORD, CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str, **extra: str):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        **extra,
    )


def test_portal_login_locks_at_the_fifth_failure_even_for_the_right_password():
    user = CustomerFactory()
    client = Client()
    statuses = [_login(client, user.username, "wrong").status_code for _ in range(5)]
    assert statuses == [200] * 4 + [429]
    locked = _login(client, user.username, PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_page_is_translated():
    user = CustomerFactory()
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    for _ in range(6):
        response = _login(client, user.username, "wrong")
    assert response.status_code == 429
    assert '<html lang="zh-hans">' in response.content.decode()


def test_lockout_is_per_username_and_address():
    user = CustomerFactory()
    for _ in range(5):
        _login(Client(), user.username, "wrong", REMOTE_ADDR="198.51.100.7")
    assert _login(Client(), user.username, PASSWORD).status_code == 302


def test_admin_login_is_locked_out_too(agent: User):
    client = Client()
    # The admin's log-in is the portal's (config/urls.py: secure_admin_login).
    assert client.get(reverse("admin:login"))["Location"].startswith(
        reverse("accounts:login")
    )
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": agent.username, "password": "wrong"})
    response = client.post(url, {"username": agent.username, "password": PASSWORD})
    assert response.status_code == 429


def test_a_successful_login_resets_the_failure_count():
    user = CustomerFactory()
    client = Client()
    for _ in range(4):
        _login(client, user.username, "wrong")
    assert _login(client, user.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, user.username, "wrong")
    assert _login(client, user.username, PASSWORD).status_code == 302


def _file(client: Client, **extra: str):
    return client.post(
        reverse("complaints:ticket_create", args=["cannot-log-in"]),
        {
            "client_token": uuid.uuid4().hex,
            "subject": "Locked out",
            "description": "The app says my account is locked.",
        },
        **extra,
    )


def test_ticket_filing_is_rate_limited_per_customer(client, settings):
    settings.WALLETDESK_TICKET_RATE_PER_USER = "3/h"
    settings.WALLETDESK_MAX_OPEN_TICKETS = 100
    customer = CustomerFactory()
    client.force_login(customer)
    statuses = [_file(client, REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert Ticket.objects.filter(customer=customer).count() == 3


def test_ticket_filing_is_rate_limited_per_address(settings):
    settings.WALLETDESK_TICKET_RATE_PER_IP = "2/h"
    statuses = []
    for _ in range(3):
        client = Client()
        client.force_login(CustomerFactory())
        statuses.append(_file(client, REMOTE_ADDR="192.0.2.44").status_code)
    assert statuses == [302, 302, 429]


def test_limits_count_the_client_behind_the_proxy_not_the_proxy(settings, rf):
    settings.WALLETDESK_TRUSTED_PROXY_COUNT = 1
    request = rf.get(
        "/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8"
    )
    assert client_ip(request) == "5.6.7.8"  # the left entry was written by the client
    settings.WALLETDESK_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.1.1.1"


def test_rate_limits_and_lockouts_share_state_across_processes():
    # Counters must live where every gunicorn process sees them: the default cache
    # (Redis when DJANGO_CACHE_URL is set) and the database.
    assert settings.RATELIMIT_USE_CACHE == "default"
    assert settings.AXES_HANDLER.endswith("AxesDatabaseHandler")


def test_cache_url_switches_the_shared_cache_to_redis():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_CACHE_URL": "redis://127.0.0.1:6379/14"}
    backend = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
            " 'config.settings'); from django.conf import settings;"
            " print(settings.CACHES['default']['BACKEND'])",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout.strip()
    assert backend == "django_redis.cache.RedisCache"


@pytest.mark.parametrize(
    "url_name", ["accounts:signup", "accounts:login", "complaints:track"]
)
def test_honeypot_filled_in_is_refused(client, url_name: str):
    response = client.post(
        reverse(url_name),
        {
            "username": "bot",
            "email": "bot@example.com",
            "password": "x",
            "password1": "Sup3r-secret-pw",
            "password2": "Sup3r-secret-pw",
            "reference": "WD-2026-000001",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="bot").exists()


def test_public_forms_carry_the_hidden_honeypot(client):
    for url_name in ("accounts:signup", "accounts:login", "complaints:track"):
        page = client.get(reverse(url_name)).content.decode()
        assert 'name="website"' in page
        assert 'tabindex="-1"' in page


def _file_directly(customer: User, channel: str = Ticket.Channel.WEB) -> Ticket:
    return ticket_create(
        customer=customer,
        kind="complaint",
        category="account_access",
        subject="Locked out",
        description="again",
        details=ComplaintInput(),
        channel=channel,
    )


def test_open_ticket_limit_per_customer(settings, agent):
    settings.WALLETDESK_MAX_OPEN_TICKETS = 2
    customer = CustomerFactory()
    first, _second = TicketFactory.create_batch(2, customer=customer)
    with pytest.raises(ValidationError, match="2 open tickets"):
        _file_directly(customer)
    with pytest.raises(ValidationError, match="2 open tickets"):
        _file_directly(customer, channel=Ticket.Channel.API)
    workflow.ticket_transition(ticket=first, to_status="acknowledged", actor=agent)
    workflow.ticket_transition(ticket=first, to_status="investigating", actor=agent)
    workflow.ticket_transition(
        ticket=first,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(outcome="upheld"),
    )
    _file_directly(customer)  # a resolved ticket frees its slot
    # Staff logging a phone call for the customer are not limited.
    _file_directly(customer, channel=Ticket.Channel.PHONE)
    assert Ticket.objects.filter(customer=customer).open().count() == 3


def test_open_ticket_limit_shows_in_the_portal_form(client, settings):
    settings.WALLETDESK_MAX_OPEN_TICKETS = 1
    customer = CustomerFactory()
    TicketFactory(customer=customer)
    client.force_login(customer)
    response = _file(client)
    assert response.status_code == 200
    assert "1 open tickets" in response.content.decode()
