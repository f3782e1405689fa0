"""Roles: one group per role with its permissions, and who may use the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.roles import ROLE_PERMISSIONS, roles_sync
from accounts.services import user_create
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    ManagerFactory,
    SupervisorFactory,
)

pytestmark = pytest.mark.django_db


def _codenames(group: Group) -> set[str]:
    return set(group.permissions.values_list("codename", flat=True))


@pytest.mark.parametrize("role", User.Role.values)
def test_migrate_creates_each_role_group_with_its_permissions(role: str) -> None:
    group = Group.objects.get(name=role)

    assert _codenames(group) == set(ROLE_PERMISSIONS[role])
    # Every codename names exactly one model's permission.
    assert group.permissions.count() == len(set(ROLE_PERMISSIONS[role]))


def test_roles_sync_is_idempotent() -> None:
    before = {group.name: _codenames(group) for group in Group.objects.all()}

    roles_sync()
    roles_sync()

    assert {group.name: _codenames(group) for group in Group.objects.all()} == before


def test_roles_sync_restores_a_tampered_group() -> None:
    agent_group = Group.objects.get(name=User.Role.AGENT)
    agent_group.permissions.clear()

    roles_sync()

    assert _codenames(agent_group) == set(ROLE_PERMISSIONS[User.Role.AGENT])


def test_customer_holds_no_permissions() -> None:
    customer = CustomerFactory()

    assert customer.get_all_permissions() == set()
    assert not customer.is_staff


def test_agent_works_tickets_but_decides_no_refunds() -> None:
    agent = AgentFactory()

    assert agent.is_staff
    assert agent.has_perm("complaints.view_ticket")
    assert agent.has_perm("complaints.change_ticket")
    assert agent.has_perm("complaints.add_message")
    assert agent.has_perm("transactions.view_transaction")
    assert not agent.has_perm("complaints.add_refunddecision")
    assert not agent.has_perm("complaints.delete_ticket")
    assert not agent.has_perm("transactions.change_transaction")


def test_supervisor_also_decides_refunds_and_manages_queues() -> None:
    supervisor = SupervisorFactory()

    assert supervisor.is_staff
    assert supervisor.has_perm("complaints.add_refunddecision")
    assert supervisor.has_perm("complaints.change_queue")
    assert supervisor.has_perm("complaints.change_ticket")
    assert not supervisor.has_perm("complaints.delete_ticket")


def test_manager_only_reads() -> None:
    manager = ManagerFactory()

    assert manager.has_perm("complaints.view_ticket")
    assert all(
        permission.split(".", 1)[1].startswith("view_")
        for permission in manager.get_all_permissions()
    )


@pytest.mark.parametrize(
    ("role", "is_staff"),
    [
        (User.Role.CUSTOMER, False),
        (User.Role.AGENT, True),
        (User.Role.SUPERVISOR, True),
        (User.Role.MANAGER, True),
    ],
)
def test_user_create_lets_staff_roles_into_the_admin(role: str, is_staff: bool) -> None:
    user = user_create(
        username=f"new-{role}",
        email=f"{role}@example.com",
        password="pw-12345",
        role=role,
    )

    assert user.is_staff is is_staff
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [role]
    assert user.check_password("pw-12345")


def test_user_create_without_password_cannot_log_in() -> None:
    user = user_create(username="imported", email="imported@example.com", password=None)

    assert not user.has_usable_password()
    assert user.role == User.Role.CUSTOMER


def test_user_create_refuses_an_unknown_role() -> None:
    with pytest.raises(ValidationError):
        user_create(
            username="ghost", email="ghost@example.com", password="x", role="root"
        )

    assert not User.objects.filter(username="ghost").exists()


def test_user_create_refuses_a_taken_username() -> None:
    CustomerFactory(username="taken")

    with pytest.raises(ValidationError):
        user_create(username="taken", email="other@example.com", password="x")


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [("小明", "王", "王小明"), ("Emily", "Carter", "Emily Carter"), ("", "", "")],
)
def test_full_name_follows_the_name_order_of_its_script(
    first: str, last: str, expected: str
) -> None:
    assert User(first_name=first, last_name=last).get_full_name() == expected
