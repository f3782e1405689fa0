"""What the report filters offer."""

from accounts.models import DESK_STAFF_ROLES, User
from complaints.models import Queue
from sla.models import RegimeProfile


def report_profiles() -> list[RegimeProfile]:
    """Every regime profile, for the filter and the time-band table."""
    return list(RegimeProfile.objects.order_by("name"))


def report_queues() -> list[Queue]:
    return list(Queue.objects.order_by("name"))


def report_agents_choices() -> list[User]:
    """People who work tickets (former staff too), for the agent filter."""
    return list(
        User.objects.filter(role__in=DESK_STAFF_ROLES).order_by(
            "first_name", "username"
        )
    )
