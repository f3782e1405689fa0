"""Acceptance: 200 messages, the poller killed twice while they arrive: each once."""

import os
import signal
import threading
from pathlib import Path

import pytest
from django.db.models import Count

from complaints.models import Message
from inbound_mail.models import InboundMessage
from tests.factories import CustomerFactory, TicketFactory
from tests.imap_server import ImapServer
from tests.inbound_mail import messages
from tests.processes import child_database_url, process_start, process_stop, wait_for

pytestmark = [
    pytest.mark.imap,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]
TOTAL = 200


def _poller(server: ImapServer, output: Path):
    return process_start(
        [".venv/bin/python", "manage.py", "poll_mailbox", "--loop", "--batch", "20"],
        output,
        env={
            "DATABASE_URL": child_database_url(),
            "WALLETDESK_IMAP_HOST": server.host,
            "WALLETDESK_IMAP_PORT": str(server.port),
            "WALLETDESK_IMAP_SECURITY": "plain",
            "WALLETDESK_IMAP_USER": server.user,
            "WALLETDESK_IMAP_PASSWORD": server.password,
        },
    )


def _kill(process) -> None:
    # No clean shutdown: the poller dies wherever it is, mid-message perhaps.
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_200_messages_survive_two_poller_kills_exactly_once(
    imap_server: ImapServer, tmp_path: Path
):
    tickets = [
        TicketFactory(customer=CustomerFactory(email=f"c{n}@customer.example"))
        for n in range(5)
    ]
    raws = [
        messages.plain(
            f"c{n % 5}@customer.example",
            f"Re: {tickets[n % 5].reference}",
            f"Reply number {n}",
        )
        for n in range(TOTAL)
    ]
    delivering = threading.Thread(
        target=lambda: [imap_server.append(raw) for raw in raws]
    )
    output = tmp_path / "poller.log"
    poller = _poller(imap_server, output)
    delivering.start()
    try:
        for target in (40, 100):
            assert wait_for(
                lambda t=target: InboundMessage.objects.count() >= t, timeout=180
            ), output.read_text()
            _kill(poller)
            poller = _poller(imap_server, output)
        delivering.join(timeout=180)
        assert wait_for(
            lambda: (
                InboundMessage.objects.count() == TOTAL and imap_server.unseen() == 0
            ),
            timeout=300,
        ), output.read_text()[-3000:]
    finally:
        process_stop(poller)
    assert InboundMessage.objects.filter(state=InboundMessage.State.REPLY).count() == (
        TOTAL
    )
    bodies = Message.objects.values("body").annotate(n=Count("pk"))
    assert len(bodies) == TOTAL
    assert {row["n"] for row in bodies} == {1}
    assert sorted(row["body"] for row in bodies) == sorted(
        f"Reply number {n}" for n in range(TOTAL)
    )
