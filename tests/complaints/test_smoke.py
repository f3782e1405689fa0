import pytest

from complaints.models import Notice, StatusChange, Ticket
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def test_filing_sends_acknowledgement_and_acknowledges(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = TicketFactory()
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.ACKNOWLEDGED
    assert (
        StatusChange.objects.get(ticket=ticket, to_status="acknowledged").actor is None
    )
    assert [m.to for m in mailoutbox] == [[ticket.customer.email]]
    assert ticket.reference in mailoutbox[0].subject
    assert Notice.objects.get(ticket=ticket).sent_at is not None
