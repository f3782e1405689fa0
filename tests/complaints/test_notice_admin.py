import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from complaints.models import Notice
from tests.factories import PASSWORD, TicketFactory

pytestmark = pytest.mark.django_db


def _failed_notice() -> Notice:
    notice = Notice.objects.get(ticket=TicketFactory())  # on-commit dispatch never ran
    Notice.objects.filter(pk=notice.pk).update(
        failed_at=timezone.now(), dispatch_count=7
    )
    return notice


def _post_retry(user: User, notice: Notice) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client.post(
        reverse("admin:complaints_notice_changelist"),
        {"action": "retry_delivery", "_selected_action": [notice.pk]},
        follow=True,
    )


def test_supervisor_retries_a_failed_notice_and_it_is_sent_once(
    supervisor: User, django_capture_on_commit_callbacks, mailoutbox: list
) -> None:
    notice = _failed_notice()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_retry(supervisor, notice)

    notice.refresh_from_db()
    assert response.status_code == 200
    assert "1 notice queued for delivery again." in response.content.decode()
    assert notice.failed_at is None
    assert notice.sent_at is not None
    assert [m.to for m in mailoutbox] == [[notice.recipient.email]]


def test_agent_cannot_retry_notices(agent: User, mailoutbox: list) -> None:
    notice = _failed_notice()
    response = _post_retry(agent, notice)

    notice.refresh_from_db()
    assert notice.failed_at is not None
    assert mailoutbox == []
    assert "retry_delivery" not in response.content.decode()
