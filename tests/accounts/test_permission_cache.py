"""Staff permission sets come from the cache, and every change to them applies at once."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db

TICKETS = "admin:complaints_ticket_changelist"


def _permission_queries(queries) -> int:
    return sum("auth_permission" in query["sql"] for query in queries)


def test_an_agent_s_permissions_are_read_once_then_from_the_cache(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks
) -> None:
    # Committed, as an agent made before today's requests is (until its
    # transaction commits, a change is read from the database).
    with django_capture_on_commit_callbacks(execute=True):
        agent = AgentFactory()
    client.force_login(agent)
    with django_assert_max_num_queries(50) as first:
        assert client.get(reverse(TICKETS)).status_code == 200
    with django_assert_max_num_queries(50) as second:
        assert client.get(reverse(TICKETS)).status_code == 200

    # Their own and their group's, once; then none, also for the permissions
    # the agent lacks (the admin asks whether they may add a queue).
    assert _permission_queries(first.captured_queries) == 2
    assert _permission_queries(second.captured_queries) == 0
    assert not User.objects.get(pk=agent.pk).has_perm("complaints.add_queue")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block's on-commit callbacks, as its commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_leaving_the_group_closes_the_admin_at_the_next_request(client, committed):
    with committed():
        agent = AgentFactory()
    client.force_login(agent)
    assert client.get(reverse(TICKETS)).status_code == 200

    with committed():
        agent.groups.clear()

    assert client.get(reverse(TICKETS)).status_code == 403


def test_a_permission_taken_from_the_group_applies_to_its_members_at_once(
    client, committed
) -> None:
    with committed():
        agent, other = AgentFactory(), AgentFactory()
    client.force_login(agent)
    assert client.get(reverse(TICKETS)).status_code == 200
    assert other.has_perm("complaints.view_ticket")

    group = Group.objects.get(name=User.Role.AGENT)
    with committed():
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="complaints",
                codename__in=["view_ticket", "change_ticket"],
            )
        )

    assert client.get(reverse(TICKETS)).status_code == 403
    assert not User.objects.get(pk=other.pk).has_perm("complaints.view_ticket")


def test_a_permission_given_to_one_user_applies_at_once(committed) -> None:
    with committed():
        agent = AgentFactory()
    assert not User.objects.get(pk=agent.pk).has_perm("complaints.add_queue")

    with committed():
        agent.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="complaints", codename="add_queue"
            )
        )

    assert User.objects.get(pk=agent.pk).has_perm("complaints.add_queue")


def test_a_change_rolled_back_leaves_the_permissions_as_they_were(committed) -> None:
    with committed():
        agent = AgentFactory()
    assert User.objects.get(pk=agent.pk).has_perm("complaints.view_ticket")

    def clear_then_fail() -> None:
        with transaction.atomic():
            agent.groups.clear()
            # Inside, the transaction reads its own change.
            assert not User.objects.get(pk=agent.pk).has_perm("complaints.view_ticket")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        clear_then_fail()

    assert User.objects.get(pk=agent.pk).has_perm("complaints.view_ticket")


def test_inactive_users_hold_no_permission_and_superusers_all(agent) -> None:
    assert User.objects.get(pk=agent.pk).has_perm("complaints.view_ticket")
    User.objects.filter(pk=agent.pk).update(is_active=False)
    assert not User.objects.get(pk=agent.pk).has_perm("complaints.view_ticket")

    User.objects.filter(pk=agent.pk).update(is_active=True, is_superuser=True)
    assert User.objects.get(pk=agent.pk).has_perm("complaints.add_queue")
