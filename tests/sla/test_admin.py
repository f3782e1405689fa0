"""SLA in the admin: supervisors edit the rules, everyone sees clocks and breaches."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from accounts.second_factor import totp_enrol
from complaints.admin.columns import ticket_sla
from complaints.clocks import clocks_check
from complaints.models import Ticket
from sla.admin import deadline_text
from sla.data.defaults import defaults_install
from sla.models import CalendarDay, RegimeProfile, TicketClock
from tests.factories import TOTP_SECRET
from tests.sla.conftest import FileTicket, MovableNow

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_clock_list_shows_time_left_and_breach_in_pinned_queries(
    client: Client,
    supervisor: User,
    file_ticket: FileTicket,
    now: MovableNow,
    django_assert_num_queries: pytest.FixtureRequest,
) -> None:
    for day in (20, 22):
        file_ticket(received_at=datetime(2025, 9, day, 10, 0, tzinfo=SHANGHAI))
    now.set(datetime(2025, 10, 8, 9, 0, tzinfo=SHANGHAI))
    clocks_check()
    client.force_login(supervisor)
    url = reverse("admin:sla_ticketclock_changelist") + "?state=running"
    # user, user permissions, group permissions, the profile filter's
    # choices, the filtered count, the page of clocks with ticket and profile joined.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("WD-2025-") >= 4
    assert "overdue by" in page
    assert "left" in page


def test_supervisor_edits_a_profile_and_its_calendar(
    client: Client, supervisor: User
) -> None:
    client.force_login(supervisor)
    profile = RegimeProfile.objects.get(code="cn")
    for url in (
        reverse("admin:sla_regimeprofile_change", args=[profile.pk]),
        reverse("admin:sla_calendar_change", args=[profile.calendar_id]),
        reverse("admin:sla_calendarday_changelist") + "?calendar__id__exact=1",
    ):
        assert client.get(url).status_code == 200


def test_agents_see_clocks_but_cannot_edit_rules(
    client: Client, agent: User, file_ticket: FileTicket
) -> None:
    ticket = file_ticket(received_at=datetime(2025, 9, 20, 10, 0, tzinfo=SHANGHAI))
    client.force_login(agent)
    clock = TicketClock.objects.filter(ticket=ticket).first()
    assert (
        client.get(reverse("admin:sla_ticketclock_change", args=[clock.pk])).status_code
        == 200
    )
    profile = RegimeProfile.objects.get(code="cn")
    response = client.post(
        reverse("admin:sla_regimeprofile_change", args=[profile.pk]), {}
    )
    assert response.status_code == 403


def test_clock_events_cannot_be_edited_even_by_a_superuser(
    client: Client, file_ticket: FileTicket
) -> None:
    ticket = file_ticket(received_at=datetime(2025, 9, 20, 10, 0, tzinfo=SHANGHAI))
    admin = User.objects.create_superuser("root", "root@example.com", "pw-root-123")
    # Admins sign in with a second factor (WALLETDESK_MFA_REQUIRED_ROLES).
    totp_enrol(user=admin, secret=TOTP_SECRET)
    client.force_login(admin)
    event = TicketClock.objects.filter(ticket=ticket).first().events.first()
    response = client.post(
        reverse("admin:sla_clockevent_change", args=[event.pk]), {"reason": "edited"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.reason == ""


@pytest.mark.parametrize(
    ("offset", "breached", "paused", "expected"),
    [
        pytest.param(
            timedelta(days=3, hours=2), False, False, "3 days left", id="left"
        ),
        pytest.param(
            -timedelta(hours=5), True, False, "overdue by 5 hours", id="overdue"
        ),
        pytest.param(timedelta(days=1), False, True, "paused", id="paused"),
        pytest.param(
            timedelta(days=2),
            True,
            False,
            "2 days left; a deadline was missed",
            id="extended",
        ),
    ],
)
def test_deadline_text_reads_naturally(
    offset: timedelta, breached: bool, paused: bool, expected: str
) -> None:
    moment = timezone.now()
    with translation.override("en"):
        text = deadline_text(
            due_at=moment + offset, now=moment, is_breached=breached, is_paused=paused
        )
    assert text.replace("\xa0", " ") == expected


def test_ticket_sla_column_uses_the_annotated_flags(
    file_ticket: FileTicket,
    now: MovableNow,
    django_assert_num_queries: pytest.FixtureRequest,
) -> None:
    file_ticket(received_at=datetime(2025, 9, 20, 10, 0, tzinfo=SHANGHAI))
    file_ticket(received_at=datetime(2025, 9, 24, 10, 0, tzinfo=SHANGHAI))
    now.set(datetime(2025, 10, 8, 9, 0, tzinfo=SHANGHAI))
    clocks_check()

    # One query: the tickets with both flags as EXISTS subqueries.
    with django_assert_num_queries(1), translation.override("en"):
        columns = [
            ticket_sla(ticket).replace("\xa0", " ")
            for ticket in Ticket.objects.with_sla_flags().order_by("pk")
        ]
    # Due 7 Oct (baseline, 15 days from Mon 22 Sep) and 9 Oct, both 23:59:59; the
    # second was never acknowledged, so its acknowledge clock breached.
    assert columns == ["overdue by 9 hours", "1 day left; a deadline was missed"]


def test_shipped_defaults_load_once_and_keep_admin_edits() -> None:
    RegimeProfile.objects.filter(code="cn").update(warn_percent=70)
    assert defaults_install(apps) == {
        "calendars": 0,
        "days": 0,
        "profiles": 0,
        "steps": 0,
    }
    assert RegimeProfile.objects.get(code="cn").warn_percent == 70
    assert RegimeProfile.objects.get(is_default=True).code == "baseline"
    assert set(
        CalendarDay.objects.filter(is_provisional=True).values_list(
            "calendar__code", flat=True
        )
    ) == {"CN"}
    assert CalendarDay.objects.filter(
        calendar__code="CN", date="2025-09-28", is_working_day=True
    ).exists()
