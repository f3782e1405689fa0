"""Outgoing mail: Message-IDs in the configured domain, nothing to reserved domains."""

import io

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command

from complaints.models import Notice
from demo.demo_content import PEOPLE

pytestmark = pytest.mark.django_db


def test_every_mail_carries_a_message_id_in_the_configured_domain(settings, mailoutbox):
    settings.WALLETDESK_MESSAGE_ID_DOMAIN = "desk.example.com"
    EmailMessage("Hello", "Body", to=["someone@example.com"]).send()

    (sent,) = mailoutbox
    assert sent.message()["Message-ID"].endswith("@desk.example.com>")


def test_the_message_id_domain_defaults_to_the_site_url_host():
    from tests.test_settings import _manage

    printed = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.WALLETDESK_MESSAGE_ID_DOMAIN)",
        WALLETDESK_SITE_URL="https://desk.example.com",
    )
    assert printed.stdout.strip().splitlines()[-1] == "desk.example.com"


@pytest.mark.parametrize(
    "address",
    ["customer@walletdesk.example", "a@b.invalid", "x@host.test", "root@localhost"],
)
def test_mail_to_a_reserved_domain_never_leaves(address, mailoutbox):
    sent = EmailMessage("Hello", "Body", to=[address]).send()

    assert sent == 0
    assert mailoutbox == []


def test_demo_accounts_live_in_a_reserved_domain():
    assert all(person.email.endswith(".example") for person in PEOPLE)


def test_seed_demo_sends_no_mail_even_with_a_worker_delivering(mailoutbox):
    # seed_demo mutes the console itself; a real worker delivers with the
    # configured backend. Deliver here with it, as the worker would.
    call_command("seed_demo", "--quiet-accounts", stdout=io.StringIO())
    from complaints.notices import notice_deliver

    unsent = Notice.objects.filter(sent_at__isnull=True).order_by("pk")
    for notice_id in unsent.values_list("pk", flat=True):
        notice_deliver(notice_id=notice_id)

    assert Notice.objects.filter(sent_at__isnull=True).count() == 0
    assert mail.outbox == []
