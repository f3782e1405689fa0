"""Seeding the people: customers, staff, their groups, and the queues agents work."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import Language, User
from complaints.models import Queue, QueueRoute
from demo.volume.batches import _People
from demo.volume.sizes import (
    AGENTS,
    JOINED_BEFORE,
    MAX_CUSTOMERS,
    SUPERVISORS,
    VOLUME_PASSWORD,
)
from demo.volume.writing import USER_COLS


class PeopleSeeding:
    """Customers, agents, supervisors and a manager; queues and their members."""

    def people(self) -> _People:
        customers = min(MAX_CUSTOMERS, max(20, self.tickets // 5))
        staff = AGENTS + SUPERVISORS + 1
        first = self.writer.reserve_ids(User, customers + staff)
        password = make_password(VOLUME_PASSWORD)
        joined = self.now - JOINED_BEFORE
        languages = [
            Language.EN if (index * 2654435761) % 100 < 25 else Language.ZH_HANS
            for index in range(customers)
        ]
        rows: list[tuple] = []
        for index in range(customers):
            rows.append(
                (
                    first + index,
                    password,
                    None,
                    False,
                    f"{self.prefix}c{index}",
                    "",
                    f"Customer {index}",
                    f"{self.prefix}c{index}@bench.walletdesk.example",
                    False,
                    True,
                    joined,
                    User.Role.CUSTOMER,
                    languages[index],
                    "",
                )
            )
        staff_rows = (
            [("a", index, User.Role.AGENT) for index in range(AGENTS)]
            + [("s", index, User.Role.SUPERVISOR) for index in range(SUPERVISORS)]
            + [("m", 0, User.Role.MANAGER)]
        )
        staff_ids: dict[str, list[int]] = {"a": [], "s": [], "m": []}
        for offset, (letter, index, role) in enumerate(staff_rows):
            pk = first + customers + offset
            staff_ids[letter].append(pk)
            rows.append(
                (
                    pk,
                    password,
                    None,
                    False,
                    f"{self.prefix}{letter}{index}",
                    "",
                    f"{role.label} {index}",
                    f"{self.prefix}{letter}{index}@bench.walletdesk.example",
                    True,
                    True,
                    joined,
                    role,
                    Language.ZH_HANS if index % 3 else Language.EN,
                    "",
                )
            )
        self.writer.write(User, USER_COLS, rows)
        self.progress("users", len(rows), len(rows))

        groups = {
            role: Group.objects.get_or_create(name=role)[0].pk
            for role in User.Role.values
        }
        through = User.groups.through
        first_link = self.writer.reserve_ids(through, len(rows))
        self.writer.write(
            through,
            ("id", "user_id", "group_id"),
            (
                (
                    first_link + offset,
                    row[0],
                    groups[row[11]],
                )
                for offset, row in enumerate(rows)
            ),
        )

        agents_by_queue = self.queues(staff_ids["a"], staff_ids["s"])
        return _People(
            customers=customers,
            first_customer=first,
            agents=staff_ids["a"],
            supervisors=staff_ids["s"],
            agents_by_queue=agents_by_queue,
            languages=languages,
        )

    def queues(self, agents: list[int], supervisors: list[int]) -> dict[int, list[int]]:
        from demo.demo_content import QUEUES

        queue_for_kind: dict[str, Queue] = {}
        for spec in QUEUES:
            route = (
                QueueRoute.objects.filter(kind=spec.kind, category="")
                .select_related("queue")
                .first()
            )
            if route is None:
                queue, _created = Queue.objects.get_or_create(
                    slug=spec.slug, defaults=spec.fields
                )
                QueueRoute.objects.create(kind=spec.kind, category="", queue=queue)
            else:
                queue = route.queue
            queue_for_kind[spec.kind] = queue
        self.queue_for_kind = {kind: queue.pk for kind, queue in queue_for_kind.items()}
        members: dict[int, list[int]] = {
            queue.pk: [] for queue in queue_for_kind.values()
        }
        queue_ids = list(members)
        for index, agent in enumerate(agents):
            members[queue_ids[index % len(queue_ids)]].append(agent)
            if index % 5 == 0:  # a fifth of the agents work a second queue
                members[queue_ids[(index + 1) % len(queue_ids)]].append(agent)
        through = Queue.agents.through
        pairs = [(queue, user) for queue, users in members.items() for user in users]
        pairs += [(queue, user) for queue in queue_ids for user in supervisors]
        first = self.writer.reserve_ids(through, len(pairs))
        self.writer.write(
            through,
            ("id", "queue_id", "user_id"),
            (
                (first + offset, queue, user)
                for offset, (queue, user) in enumerate(pairs)
            ),
        )
        return members
