import re
import smtplib
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import User
from complaints import notices, tasks, workflow
from complaints.models import Notice, StatusChange, Ticket
from complaints.notices import (
    notice_deliver,
    notice_mark_read,
    notice_queue,
    notice_render,
    notices_redispatch,
    notices_retry,
)
from complaints.services import message_add
from tests.concurrency import run_at_once
from tests.factories import AgentFactory, CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db

STALE = timedelta(minutes=3)


class BrokenEmailBackend(EmailBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, messages: list) -> int:
        raise smtplib.SMTPServerDisconnected("connection closed")


def _file(**kwargs: object) -> Ticket:
    """File a ticket whose on-commit dispatch never runs: what a lost dispatch leaves."""
    return TicketFactory(**kwargs)


def _age(notice_ids: list[int], by: timedelta = STALE) -> None:
    Notice.objects.filter(pk__in=notice_ids).update(created_at=timezone.now() - by)


def _investigating(ticket: Ticket, agent: User) -> Ticket:
    workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=agent)
    workflow.ticket_transition(ticket=ticket, to_status="investigating", actor=agent)
    return ticket


def test_filing_rolled_back_leaves_no_notice_and_sends_nothing(
    django_capture_on_commit_callbacks: Callable, mailoutbox: list
) -> None:
    customer = CustomerFactory()

    def file_then_fail() -> None:
        with transaction.atomic():
            TicketFactory(customer=customer)
            raise RuntimeError

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        file_then_fail()
    assert callbacks == []
    assert not Notice.objects.exists()
    assert mailoutbox == []


def test_notice_is_sent_once_however_often_dispatched(mailoutbox: list) -> None:
    notice = Notice.objects.get(ticket=_file())
    assert notice_deliver(notice_id=notice.pk) is True
    assert notice_deliver(notice_id=notice.pk) is False
    assert len(mailoutbox) == 1
    assert mailoutbox[0].extra_headers["X-Walletdesk-Notice"] == str(notice.pk)


def test_acknowledgement_delivery_acknowledges_as_system_only_once(
    mailoutbox: list,
) -> None:
    ticket = _file()
    agent = AgentFactory()
    workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=agent)
    notice_deliver(notice_id=Notice.objects.get(ticket=ticket).pk)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.ACKNOWLEDGED
    moves = StatusChange.objects.filter(ticket=ticket, to_status="acknowledged")
    assert [move.actor for move in moves] == [agent]
    assert len(mailoutbox) == 1


def test_acknowledgement_names_reference_dates_and_tracking_links(
    mailoutbox: list,
) -> None:
    ticket = _file()
    notice_deliver(notice_id=Notice.objects.get(ticket=ticket).pk)
    (email,) = mailoutbox
    html = email.alternatives[0][0]
    for part in (email.body, html):
        assert ticket.reference in part
        assert f"/tickets/{ticket.reference}/" in part
        assert "/track/" in part
        assert str(timezone.localtime(ticket.resolve_by).year) in part
    assert ticket.reference in email.subject


def test_email_has_text_and_html_parts_in_the_customer_address(
    mailoutbox: list,
) -> None:
    ticket = _file()
    notice_deliver(notice_id=Notice.objects.get(ticket=ticket).pk)
    (email,) = mailoutbox
    assert email.to == [ticket.customer.email]
    assert "<" not in email.body
    assert [mimetype for _content, mimetype in email.alternatives] == ["text/html"]
    assert email.alternatives[0][0].startswith("<!doctype html>")


def test_html_part_escapes_what_customers_and_staff_typed(mailoutbox: list) -> None:
    agent = AgentFactory()
    ticket = _investigating(_file(subject="<script>alert(1)</script> & co"), agent)
    message_add(ticket=ticket, author=agent, body="<img src=x onerror=alert(2)>")
    for notice in Notice.objects.filter(ticket=ticket):
        notice_deliver(notice_id=notice.pk)
    html = "".join(email.alternatives[0][0] for email in mailoutbox)
    text = "".join(email.body for email in mailoutbox)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    # The text part is plain text: shown as typed, not entity-encoded.
    assert "<script>alert(1)</script> & co" in text
    assert all("&amp;" not in email.subject for email in mailoutbox)


def test_notice_renders_in_the_ticket_language_whatever_is_active(
    mailoutbox: list,
) -> None:
    customer = CustomerFactory(preferred_language="zh-hans")
    ticket = _file(customer=customer, language="zh-hans")
    notice = Notice.objects.get(ticket=ticket)
    assert notice.language == "zh-hans"
    with timezone.override("Asia/Shanghai"):
        rendered = notice_render(notice)
    received = timezone.localtime(ticket.received_at, timezone=None)
    # Django's own zh-Hans formats: proof the language was active while rendering.
    assert f"{received.year}年{received.month}月{received.day}日" in rendered.text
    assert '<html lang="zh-hans">' in rendered.html


def test_english_notice_uses_english_date_format() -> None:
    ticket = _file(language="en")
    rendered = notice_render(Notice.objects.get(ticket=ticket))
    assert "年" not in rendered.text
    assert '<html lang="en">' in rendered.html


def test_reviewed_template_for_one_language_overrides_the_shared_one(
    settings: object, tmp_path: Path, mailoutbox: list
) -> None:
    reviewed = tmp_path / "complaints" / "notices" / "en"
    reviewed.mkdir(parents=True)
    (reviewed / "acknowledgement_subject.txt").write_text(
        "Got it: {{ ticket.reference }}", encoding="utf-8"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    english = _file(language="en")
    chinese = _file(language="zh-hans")
    assert notice_render(Notice.objects.get(ticket=english)).subject == (
        f"Got it: {english.reference}"
    )
    assert "Got it" not in notice_render(Notice.objects.get(ticket=chinese)).subject


def test_moving_to_investigating_sends_progress_with_the_new_status(
    mailoutbox: list,
) -> None:
    agent = AgentFactory()
    ticket = _investigating(_file(), agent)
    progress = Notice.objects.get(ticket=ticket, kind=Notice.Kind.PROGRESS)
    notice_deliver(notice_id=progress.pk)
    (email,) = mailoutbox
    assert email.subject == f"Update on your ticket {ticket.reference}"
    assert "is now: Investigating" in email.body


def test_public_reply_sends_progress_with_the_reply_and_internal_note_none(
    mailoutbox: list,
) -> None:
    agent = AgentFactory()
    ticket = _investigating(_file(), agent)
    message_add(ticket=ticket, author=agent, body="Checked with the bank.")
    message_add(ticket=ticket, author=agent, body="Internal only", is_internal=True)
    replies = Notice.objects.filter(ticket=ticket, message__isnull=False)
    assert replies.count() == 1
    notice_deliver(notice_id=replies.get().pk)
    (email,) = mailoutbox
    assert email.subject == f"New reply on your ticket {ticket.reference}"
    assert "Checked with the bank." in email.body
    assert "Internal only" not in email.body


def test_reply_that_waits_on_the_customer_asks_for_information(
    mailoutbox: list,
) -> None:
    agent = AgentFactory()
    ticket = _investigating(_file(), agent)
    with transaction.atomic():
        message = workflow.ticket_hold(
            ticket=ticket,
            waiting_on="customer",
            actor=agent,
            request="Please send the bank receipt.",
        ).request
    notice_deliver(notice_id=Notice.objects.get(message=message).pk)
    (email,) = mailoutbox
    assert (
        email.subject == f"We need more information on your ticket {ticket.reference}"
    )
    assert "Please send the bank receipt." in email.body
    assert "we need more information from you" in email.alternatives[0][0]


def test_progress_without_change_or_reply_announces_the_new_deadline(
    mailoutbox: list,
) -> None:
    ticket = _file()
    with transaction.atomic():
        notice = notice_queue(ticket=ticket, kind=Notice.Kind.PROGRESS)
    notice_deliver(notice_id=notice.pk)
    (email,) = mailoutbox
    assert email.subject == f"We need more time for your ticket {ticket.reference}"
    assert "We will now give you our answer by:" in email.body


def test_resolving_sends_outcome_amount_next_steps_then_satisfaction_request(
    mailoutbox: list,
) -> None:
    agent = AgentFactory()
    ticket = _investigating(_file(), agent)
    workflow.ticket_transition(
        ticket=ticket,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(
            outcome="upheld",
            summary="The transfer was reversed.",
            amount=Decimal("120.5"),
            currency="CNY",
        ),
    )
    kinds = ["resolution", "satisfaction_request"]
    for kind in kinds:
        notice_deliver(notice_id=Notice.objects.get(ticket=ticket, kind=kind).pk)
    resolution, satisfaction = mailoutbox
    assert "Outcome: Upheld" in resolution.body
    assert "120.50 CNY" in resolution.body
    assert "The transfer was reversed." in resolution.body
    assert "What happens next" in resolution.body
    assert "reopen the ticket within 30 days" in resolution.body
    assert "ombudsman" in resolution.alternatives[0][0]
    assert satisfaction.subject == f"How did we do on {ticket.reference}?"
    assert "Rate your ticket" in satisfaction.alternatives[0][0]


def test_resolving_dispatches_the_resolution_whose_delivery_dispatches_the_survey(
    mailoutbox: list, django_capture_on_commit_callbacks: Callable
) -> None:
    agent = AgentFactory()
    ticket = _investigating(_file(), agent)
    with django_capture_on_commit_callbacks() as resolved:
        workflow.ticket_transition(
            ticket=ticket,
            to_status="resolved",
            actor=agent,
            resolution=workflow.Resolution(outcome="upheld"),
        )
    resolution = Notice.objects.get(ticket=ticket, kind="resolution")
    survey = Notice.objects.get(ticket=ticket, kind="satisfaction_request")
    # One delivery queued, not a second one that could only find it must wait.
    queued = [
        callback.args[1]
        for callback in resolved
        if getattr(callback, "args", ())[:1] == (tasks.deliver_notice,)
    ]
    assert queued == [resolution.pk]
    with django_capture_on_commit_callbacks(execute=True):
        notice_deliver(notice_id=resolution.pk)
    survey.refresh_from_db()
    assert survey.sent_at is not None
    assert [email.extra_headers["X-Walletdesk-Notice"] for email in mailoutbox] == [
        str(resolution.pk),
        str(survey.pk),
    ]


def test_an_acknowledgement_still_queued_after_the_resolution_is_never_sent(
    mailoutbox: list,
) -> None:
    # Filed and resolved while the acknowledgement waited in the queue (an
    # incident answer, a busy worker): the customer gets the resolution only.
    agent = AgentFactory()
    ticket = _file()
    acknowledgement = Notice.objects.get(ticket=ticket, kind="acknowledgement")
    workflow.ticket_transition(
        ticket=_investigating(ticket, agent),
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(outcome="upheld"),
    )
    resolution = Notice.objects.get(ticket=ticket, kind="resolution")

    notice_deliver(notice_id=acknowledgement.pk)
    notice_deliver(notice_id=resolution.pk)

    acknowledgement.refresh_from_db()
    assert acknowledgement.sent_at is not None  # done: no re-dispatch picks it up
    assert acknowledgement.email_sent_at is None
    assert [email.extra_headers["X-Walletdesk-Notice"] for email in mailoutbox] == [
        str(resolution.pk)
    ]


def test_an_acknowledgement_queued_before_the_ticket_moves_on_is_sent(
    mailoutbox: list,
) -> None:
    agent = AgentFactory()
    ticket = _investigating(_file(), agent)
    acknowledgement = Notice.objects.get(ticket=ticket, kind="acknowledgement")

    notice_deliver(notice_id=acknowledgement.pk)

    # Investigating is not resolved: the acknowledgement is still news.
    assert [email.extra_headers["X-Walletdesk-Notice"] for email in mailoutbox] == [
        str(acknowledgement.pk)
    ]


@pytest.mark.parametrize(
    ("language", "approved", "paid"),
    [
        ("en", "Refund or compensation approved:", "refunded or paid"),
        ("zh-hans", "已批准的退款或补偿：", "已退款或支付给您"),  # noqa: RUF001
    ],
)
def test_resolution_email_says_the_amount_was_approved_not_paid(
    mailoutbox: list, language: str, approved: str, paid: str
) -> None:
    agent = AgentFactory()
    ticket = _investigating(_file(language=language), agent)
    workflow.ticket_transition(
        ticket=ticket,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(
            outcome="upheld", amount=Decimal(2000), currency="CNY"
        ),
    )
    notice_deliver(notice_id=Notice.objects.get(ticket=ticket, kind="resolution").pk)
    (email,) = mailoutbox
    html = email.alternatives[0][0]
    for text in (email.body, strip_tags(html)):
        # The money format is the formatting module's (#20.7); the label is ours.
        assert re.search(re.escape(approved) + r" ?2,?000\.00 CNY", text)
        assert paid not in text.lower()


def test_reopening_sends_progress_saying_so(mailoutbox: list) -> None:
    agent = AgentFactory()
    ticket = _investigating(_file(), agent)
    workflow.ticket_transition(
        ticket=ticket,
        to_status="resolved",
        actor=agent,
        resolution=workflow.Resolution(outcome="rejected"),
    )
    change = workflow.ticket_transition(
        ticket=ticket, to_status="investigating", actor=ticket.customer
    )
    notice_deliver(notice_id=Notice.objects.get(status_change=change).pk)
    assert "You reopened it" in mailoutbox[-1].body


def test_send_error_rolls_back_and_leaves_the_notice_to_retry(
    settings: object, django_capture_on_commit_callbacks: Callable, mailoutbox: list
) -> None:
    settings.EMAIL_BACKEND = "tests.complaints.test_notices.BrokenEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        ticket = TicketFactory()  # the customer's filing succeeds regardless
    notice = Notice.objects.get(ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RECEIVED  # the acknowledgement rolled back
    assert notice.sent_at is None
    assert notice.failed_at is None
    assert "SMTPServerDisconnected" in notice.last_error
    assert mailoutbox == []


def test_send_error_on_the_last_retry_marks_the_notice_failed(
    settings: object, mailoutbox: list
) -> None:
    settings.EMAIL_BACKEND = "tests.complaints.test_notices.BrokenEmailBackend"
    notice = Notice.objects.get(ticket=_file())
    last_try = tasks.deliver_notice.max_retries
    with pytest.raises(Retry):
        tasks.deliver_notice.apply(args=[notice.pk], retries=last_try - 1)
    notice.refresh_from_db()
    assert notice.failed_at is None  # one try left
    with pytest.raises(smtplib.SMTPServerDisconnected):
        tasks.deliver_notice.apply(args=[notice.pk], retries=last_try)
    notice.refresh_from_db()
    assert notice.failed_at is not None
    assert notice.sent_at is None
    assert mailoutbox == []


def test_redispatch_sends_a_stale_unsent_notice_exactly_once(mailoutbox: list) -> None:
    ticket = _file()
    notice = Notice.objects.get(ticket=ticket)
    _age([notice.pk])
    assert notices_redispatch() == 1
    assert notices_redispatch() == 0
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert notice.dispatch_count == 2
    assert len(mailoutbox) == 1
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.ACKNOWLEDGED


def test_redispatch_leaves_fresh_notices_to_their_first_dispatch(
    mailoutbox: list,
) -> None:
    _file()
    assert notices_redispatch() == 0
    assert mailoutbox == []


def test_redispatch_spaces_out_later_tries() -> None:
    notice = Notice.objects.get(ticket=_file())
    Notice.objects.filter(pk=notice.pk).update(dispatch_count=3)
    _age([notice.pk], by=timedelta(minutes=10))
    assert notices_redispatch() == 0  # the third re-dispatch waits until 14 min
    _age([notice.pk], by=timedelta(minutes=15))
    assert notices_redispatch() == 1


def test_redispatch_marks_a_notice_failed_after_the_last_dispatch(
    settings: object, mailoutbox: list
) -> None:
    notice = Notice.objects.get(ticket=_file())
    Notice.objects.filter(pk=notice.pk).update(
        dispatch_count=settings.WALLETDESK_NOTICE_MAX_DISPATCHES
    )
    _age([notice.pk], by=timedelta(hours=7))
    assert notices_redispatch() == 0
    notice.refresh_from_db()
    assert notice.failed_at is not None
    assert notice.sent_at is None
    assert mailoutbox == []


def test_redispatch_stops_at_the_first_publish_that_fails(
    monkeypatch: pytest.MonkeyPatch, mailoutbox: list
) -> None:
    ids = [Notice.objects.get(ticket=_file()).pk for _ in range(3)]
    _age(ids)
    calls = []

    def broker_down(notice_id: int) -> None:
        calls.append(notice_id)
        raise OSError("broker down")

    monkeypatch.setattr(notices.tasks.deliver_notice, "delay", broker_down)
    assert notices_redispatch() == 0
    assert calls == ids[:1]
    assert set(Notice.objects.values_list("dispatch_count", flat=True)) == {1}


def test_supervisor_retry_gives_a_failed_notice_new_tries(
    django_capture_on_commit_callbacks: Callable, mailoutbox: list
) -> None:
    notice = Notice.objects.get(ticket=_file())
    Notice.objects.filter(pk=notice.pk).update(
        failed_at=timezone.now(), dispatch_count=10
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notices_retry(notice_ids=[notice.pk]) == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert notice.failed_at is None
    assert len(mailoutbox) == 1


def test_customer_without_email_still_gets_the_in_app_notice(
    mailoutbox: list,
) -> None:
    customer = CustomerFactory()
    User.objects.filter(pk=customer.pk).update(email="")
    customer.refresh_from_db()
    notice = Notice.objects.get(ticket=_file(customer=customer))
    assert notice_deliver(notice_id=notice.pk) is True
    assert mailoutbox == []
    assert Notice.objects.filter(recipient=customer, read_at__isnull=True).count() == 1


def test_mark_read_touches_only_the_recipients_notices() -> None:
    mine = _file()
    other = _file()
    assert notice_mark_read(recipient=mine.customer) == 1
    assert Notice.objects.get(ticket=mine).read_at is not None
    assert Notice.objects.get(ticket=other).read_at is None


@pytest.mark.postgres
def test_concurrent_deliveries_of_one_notice_send_one_email(
    transactional_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patched:
        # Committed for real here: keep the on-commit dispatch from delivering it.
        patched.setattr(notices.tasks.deliver_notice, "delay", lambda notice_id: None)
        ticket = _file()
    notice = Notice.objects.get(ticket=ticket)
    mail.outbox = []
    results = run_at_once([lambda: notice_deliver(notice_id=notice.pk)] * 2)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    moves = StatusChange.objects.filter(ticket=ticket, to_status="acknowledged")
    assert moves.count() == 1
