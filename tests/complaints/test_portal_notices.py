"""The in-app notice list: unread count, marking read by POST only."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from complaints.models import Notice
from complaints.services import message_add
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_notice_list_shows_my_notices_and_the_unread_count(client, customer, agent):
    ticket = TicketFactory(customer=customer)
    message_add(ticket=ticket, author=agent, body="We replied.")
    other = TicketFactory()
    client.force_login(customer)
    response = client.get(reverse("complaints:notice_list"))
    assert response.status_code == 200
    assert ticket.reference in response.text
    assert other.reference not in response.text
    assert "Support team replied" in response.text
    assert 'data-test="unread-count">2' in response.text


def test_viewing_notices_marks_nothing_read(client, customer):
    TicketFactory(customer=customer)
    client.force_login(customer)
    client.get(reverse("complaints:notice_list"))
    assert Notice.objects.filter(recipient=customer, read_at__isnull=True).count() == 1


def test_mark_all_read_by_post(client, customer, agent):
    ticket = TicketFactory(customer=customer)
    message_add(ticket=ticket, author=agent, body="Update")
    client.force_login(customer)
    response = client.post(reverse("complaints:notice_read"))
    assert response.status_code == 302
    assert not Notice.objects.filter(recipient=customer, read_at__isnull=True).exists()
    page = client.get(reverse("complaints:notice_list")).text
    assert 'data-test="unread-count"' not in page


def test_opening_one_notice_marks_it_read_and_goes_to_the_ticket(
    client, customer, agent
):
    ticket = TicketFactory(customer=customer)
    message_add(ticket=ticket, author=agent, body="Update")
    reply_notice = Notice.objects.get(ticket=ticket, message__isnull=False)
    client.force_login(customer)
    response = client.post(
        reverse("complaints:notice_read"),
        {"notice": reply_notice.pk, "next": ticket.get_absolute_url()},
    )
    assert response["Location"] == ticket.get_absolute_url()
    reply_notice.refresh_from_db()
    assert reply_notice.read_at is not None
    assert Notice.objects.filter(recipient=customer, read_at__isnull=True).count() == 1


def test_cannot_mark_another_persons_notice_read(client, customer):
    theirs = Notice.objects.get(ticket=TicketFactory())
    client.force_login(customer)
    client.post(reverse("complaints:notice_read"), {"notice": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_does_not_redirect_off_site(client, customer):
    client.force_login(customer)
    response = client.post(
        reverse("complaints:notice_read"), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("complaints:notice_list")


def test_mark_read_refuses_get(client, customer):
    client.force_login(customer)
    assert client.get(reverse("complaints:notice_read")).status_code == 405


def test_notice_list_query_count_does_not_grow_with_notices(
    client, customer, agent, django_assert_num_queries
):
    ticket = TicketFactory(customer=customer)
    message_add(ticket=ticket, author=agent, body="one")
    client.force_login(customer)
    url = reverse("complaints:notice_list")
    # user, page count, the page of notices with tickets, changes and
    # messages, unread count (nav and the mark-all button share one)
    with django_assert_num_queries(4):
        client.get(url)
    for number in range(4):
        message_add(
            ticket=TicketFactory(customer=customer), author=agent, body=str(number)
        )
    with django_assert_num_queries(4):
        response = client.get(url)
    assert len(response.context["notices"]) == 10
