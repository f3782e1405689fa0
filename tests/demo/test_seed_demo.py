"""seed_demo files real tickets through the services, so each run takes seconds:
one test checks everything a single run creates, another that a rerun adds nothing."""

import re
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from complaints.models import (
    Message,
    Notice,
    Queue,
    QueueRoute,
    StatusChange,
    Ticket,
    TicketHold,
)
from demo.demo_content import DEMO_PASSWORD, DEMO_TOTP_SECRET
from demo.demo_seed import demo_seed
from reports.selectors import ReportFilter, report_build
from sla.models import RegimeProfile, TicketClock
from tests.second_factor import totp_code
from transactions.models import Transaction

pytestmark = pytest.mark.django_db

DOCUMENTED = {
    "customer": "customer",
    "customer2": "customer",
    "agent": "agent",
    "supervisor": "supervisor",
    "manager": "manager",
    "admin": "supervisor",
}


def _counts() -> dict[str, int]:
    models = (User, Transaction, Ticket, Notice, Message, StatusChange, TicketHold)
    return {
        model.__name__: model.objects.count() for model in (*models, Queue, QueueRoute)
    }


def _check_accounts(output: str) -> None:
    roles = dict(User.objects.values_list("username", "role"))
    assert {name: roles.get(name) for name in DOCUMENTED} == DOCUMENTED
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    for username in DOCUMENTED:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
        assert f"  {username} " in output
    assert DEMO_PASSWORD in output
    customer = User.objects.get(username="customer")
    assert (customer.get_full_name(), customer.preferred_language) == (
        "王小明",
        "zh-hans",
    )
    customer2 = User.objects.get(username="customer2")
    assert (customer2.email, customer2.preferred_language) == (
        "customer2@walletdesk.example",
        "en",
    )


def _check_ledgers() -> None:
    for username in ("customer", "customer2"):
        records = Transaction.objects.filter(owner__username=username)
        assert records.count() == 40
        assert set(records.values_list("status", flat=True)) >= {
            "completed",
            "failed",
            "cancelled",
            "reversed",
        }
        assert set(records.values_list("type", flat=True)) >= {
            "transfer_out",
            "transfer_in",
            "top_up",
            "withdrawal",
            "payment",
        }
        cancel_sources = records.exclude(cancel_source="").values_list(
            "cancel_source", flat=True
        )
        assert set(cancel_sources) == set(Transaction.CancelSource.values)
        assert {"CNY", "USD"} <= set(records.values_list("currency", flat=True))
        usdt = records.get(currency="USDT")
        assert usdt.network == "TRC20"
        assert len(usdt.chain_hash) == 64


def _check_tickets() -> None:
    tickets = Ticket.objects.all()
    assert tickets.count() >= 50
    assert set(tickets.values_list("kind", flat=True)) == set(Ticket.Kind.values)
    assert set(tickets.values_list("category", flat=True)) == set(
        Ticket.Category.values
    )
    statuses = Counter(tickets.values_list("status", flat=True))
    assert set(statuses) == set(Ticket.Status.values)
    assert min(statuses.values()) >= 3
    assert not tickets.filter(queue__isnull=True).exists()
    assert TicketHold.objects.filter(ended_at__isnull=True).count() >= 3
    assert tickets.filter(rating__isnull=False).count() >= 3
    assert StatusChange.objects.filter(
        from_status="resolved", to_status="investigating", actor__role="customer"
    ).exists()
    resolved = tickets.filter(status=Ticket.Status.RESOLVED)
    assert not resolved.filter(outcome="").exists()
    assert resolved.filter(outcome_amount__gt=0).exclude(outcome_currency="").exists()
    for ticket in resolved:
        moments = list(ticket.status_changes.values_list("created_at", flat=True))
        assert moments == sorted(moments)
        assert moments[0] == ticket.received_at < ticket.resolved_at


def _check_languages() -> None:
    zh = Ticket.objects.get(
        customer__username="customer", client_token="demo:account-locked"
    )
    en = Ticket.objects.get(
        customer__username="customer2", client_token="demo:account-locked"
    )
    assert (zh.language, zh.subject) == ("zh-hans", "账户被锁定无法登录")
    assert (en.language, en.subject) == ("en", "My account is locked")
    assert Message.objects.filter(ticket=zh, is_internal=True).exists()
    assert Message.objects.filter(ticket=en, is_internal=False).exists()
    # Risk-control cancellations are answered only with the approved template.
    risk = Ticket.objects.get(
        customer__username="customer", client_token="demo:cancelled-risk"
    )
    reply = Message.objects.get(ticket=risk, is_internal=False)
    assert "因规定所限" in reply.body
    assert risk.reference in reply.body


def test_seed_demo_creates_accounts_ledgers_and_tickets_in_every_state(capsys):
    call_command("seed_demo")

    _check_accounts(capsys.readouterr().out)
    _check_ledgers()
    _check_tickets()
    _check_languages()


def test_seed_demo_summary_lists_every_account_it_added(capsys):
    call_command("seed_demo")

    output = capsys.readouterr().out
    added = int(re.search(r"Demo data: (\d+) accounts", output).group(1))
    listed = re.findall(r"^  (\S+) +(.+)$", output, flags=re.MULTILINE)
    without_password = re.search(r"(\d+) more accounts have no password", output)
    assert added == User.objects.count()
    assert added == len(listed) + int(without_password.group(1))
    for username, what in listed:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        if user.is_superuser:
            assert what.startswith("superuser")
        else:
            assert what.startswith(user.get_role_display().lower())
    assert dict(listed)["admin"].startswith("superuser")
    # The demo supervisor signs in to the admin with the printed TOTP secret.
    assert DEMO_TOTP_SECRET in output
    client = Client()
    client.post(
        f"{reverse('accounts:login')}?next=/admin/",
        {"username": "supervisor", "password": DEMO_PASSWORD},
    )
    client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SECRET)})
    assert client.get("/admin/").status_code == 200


def test_seed_demo_twice_adds_nothing(capsys):
    call_command("seed_demo")
    before = _counts()

    call_command("seed_demo")

    assert _counts() == before
    assert "0 accounts, 0 transactions and 0 tickets added" in capsys.readouterr().out


def _late(clock: TicketClock, now) -> bool:
    """Whether the clock's duty was (or still is) outstanding past its deadline."""
    return (clock.stopped_at or clock.paused_at or now) > clock.due_at


def _badged(client, params: dict[str, str]) -> set[str]:
    """References of the changelist rows that carry a "breached" badge."""
    url = reverse("admin:complaints_ticket_changelist")
    found: set[str] = set()
    for page in range(3):
        html = client.get(url, {**params, "p": page + 1}).content.decode()
        for row in html.split("<tr")[1:]:
            reference = re.search(r"WD-\d{4}-\d{6}", row)
            if reference and "wd-breached" in row:
                found.add(reference.group())
    return found


def _listed(client, params: dict[str, str]) -> set[str]:
    url = reverse("admin:complaints_ticket_changelist")
    html = client.get(url, params).content.decode()
    return set(re.findall(r"WD-\d{4}-\d{6}", html))


def test_seed_demo_clocks_breach_only_when_a_duty_was_late(client, capsys):
    call_command("seed_demo", quiet_accounts=True)
    now = timezone.now()

    clocks = list(TicketClock.objects.select_related("ticket"))
    assert clocks
    for clock in clocks:
        assert clock.is_breached == _late(clock, now), (clock.ticket, clock)
    for ticket in Ticket.objects.filter(acknowledged_at__isnull=False):
        acknowledge = ticket.clocks.get(kind=TicketClock.Kind.ACKNOWLEDGE)
        assert abs(acknowledge.stopped_at - ticket.acknowledged_at) < timedelta(
            seconds=1
        )
    for ticket in Ticket.objects.filter(status=Ticket.Status.RESOLVED):
        resolve = ticket.clocks.filter(kind=TicketClock.Kind.RESOLVE).last()
        assert abs(resolve.stopped_at - ticket.resolved_at) < timedelta(seconds=1)

    # The workspace: badges on open tickets are the Breached view, and it is not
    # empty (one ticket in the demo is overdue).
    client.force_login(User.objects.get(username="supervisor"))
    breached_view = _listed(client, {"view": "breached"})
    open_refs = set(Ticket.objects.open().values_list("reference", flat=True))
    assert breached_view
    assert _badged(client, {}) & open_refs == breached_view

    # The report: per clock, the breaches counted are the clocks that were late.
    report = report_build(
        filters=ReportFilter(start=now - timedelta(days=90), end=now),
        profiles=list(RegimeProfile.objects.all()),
        now=now,
    )
    for kind, due, breached, _rate in report.breaches:
        counted = [
            clock for clock in clocks if clock.kind == kind and clock.due_at <= now
        ]
        assert due == len(counted)
        assert breached == sum(_late(clock, now) for clock in counted)


_SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    "now",
    [
        # Just after midnight on a Tuesday: a ticket received 17 days earlier was
        # still inside its 15 business days, and the Breached view was empty.
        datetime(2026, 12, 8, 0, 22, tzinfo=_SHANGHAI),
        # Received just before Christmas and the New Year bank holidays.
        datetime(2027, 1, 19, 0, 22, tzinfo=_SHANGHAI),
        # Received just before the Spring Festival holiday.
        datetime(2027, 3, 10, 0, 22, tzinfo=_SHANGHAI),
    ],
    ids=lambda now: f"{now:%Y-%m-%d %H:%M} Asia/Shanghai",
)
def test_the_demo_has_an_overdue_ticket_whatever_the_day(now):
    demo_seed(now=now)

    overdue = Ticket.objects.open().filter(resolve_by__lt=now)
    assert overdue.exists()
    assert set(Ticket.objects.open().breached(now=now)) >= set(overdue)
    for ticket in overdue:
        resolve = ticket.clocks.get(kind=TicketClock.Kind.RESOLVE)
        assert resolve.breached_at is not None
        assert resolve.breached_at < now


def test_every_demo_customer_has_a_wallet_account_id_and_phone(capsys):
    call_command("seed_demo")

    customers = User.objects.filter(role=User.Role.CUSTOMER)
    assert customers.count() >= 4
    for customer in customers:
        assert customer.wallet_account_id
        assert customer.wallet_account_id != customer.username
        customer.full_clean(exclude=["password"])  # the phone is E.164
        assert customer.phone.startswith("+")
    assert "8800000001 +8613800138001" in capsys.readouterr().out


def test_a_demo_customer_signs_in_with_a_code_sent_to_their_phone(
    capsys, settings, django_capture_on_commit_callbacks
):
    from django.test import Client

    import sms

    call_command("seed_demo")
    assert "/accounts/login/code/" in capsys.readouterr().out
    settings.WALLETDESK_SMS_BACKEND = "sms.backends.locmem.SmsBackend"
    sms.outbox.clear()
    customer = User.objects.get(username="customer")
    browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(reverse("identity:phone_code"), {"phone": customer.phone})
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].body).group(1)
    response = browser.post(reverse("identity:phone_code_confirm"), {"code": code})
    assert response["Location"] == reverse("complaints:home")
    assert browser.session["_auth_user_id"] == str(customer.pk)
