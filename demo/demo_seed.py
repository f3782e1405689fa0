"""Demo data: people, queues, ledgers and tickets filed and worked through the services."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.second_factor import (
    second_factor_enrolled,
    second_factor_required,
    totp_enrol,
)
from accounts.services import user_create
from complaints.models import (
    CannedReply,
    Notice,
    Queue,
    QueueRoute,
    Ticket,
)
from config import celery_app
from demo.demo_content import (
    APPROVED_TEMPLATES,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    PEOPLE,
    QUEUE_MEMBERS,
    QUEUES,
    Person,
)
from demo.demo_plans import _plans
from demo.demo_tickets import _tickets_play
from transactions.importing import ledger_import
from transactions.models import Transaction


@dataclass
class DemoSeedResult:
    """What one run of the demo seed added; all zero on a second run."""

    users_created: int = 0
    transactions_imported: int = 0
    tickets_created: int = 0


def _people_ensure() -> tuple[dict[str, User], int]:
    existing = {
        user.username: user
        for user in User.objects.filter(
            username__in=[person.username for person in PEOPLE]
        )
    }
    created = 0
    for person in PEOPLE:
        if person.username in existing:
            _wallet_identity_ensure(existing[person.username], person)
            continue
        existing[person.username] = user_create(
            username=person.username,
            email=person.email,
            password=DEMO_PASSWORD if person.has_password else None,
            role=person.role,
            first_name=person.first_name,
            last_name=person.last_name,
            preferred_language=person.language,
            is_superuser=person.is_superuser,
            wallet_account_id=person.account_id,
            phone=person.phone,
        )
        created += 1
    for user in existing.values():
        if second_factor_required(user=user) and not second_factor_enrolled(user=user):
            totp_enrol(user=user, secret=DEMO_TOTP_SECRET)
    return existing, created


def _wallet_identity_ensure(user: User, person: Person) -> None:
    """Give a customer from an older demo database its wallet account id and phone."""
    if person.account_id is None:
        return
    wanted = {"wallet_account_id": person.account_id, "phone": person.phone}
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, wanted[name])
    if changed:
        user.save(update_fields=changed)


def _queues_ensure(people: dict[str, User]) -> None:
    members = [people[username] for username in QUEUE_MEMBERS]
    for spec in QUEUES:
        queue, _created = Queue.objects.get_or_create(
            slug=spec.slug, defaults=spec.fields
        )
        queue.agents.add(*members)
        QueueRoute.objects.get_or_create(
            kind=spec.kind, category="", defaults={"queue": queue}
        )


def _templates_ensure() -> dict[str, CannedReply]:
    templates = {}
    for language, title, body in APPROVED_TEMPLATES:
        templates[language], _created = CannedReply.objects.get_or_create(
            title=title,
            language=language,
            defaults={
                "kind": Ticket.Kind.CANCELLED_TX_INQUIRY,
                "body": body,
                "is_approved_template": True,
            },
        )
    return templates


@contextmanager
def _deliveries_left_to_worker() -> Iterator[None]:
    """Leave delivery of notices queued inside to a Celery worker, none in-process.

    Receipt's acknowledgement acknowledges a ticket when it is delivered, so with
    eager tasks no ticket would stay "received". With the in-memory broker of
    `make run` nobody consumes these tasks and the tickets wait for an agent to
    acknowledge them by hand; with a real broker a worker delivers them as usual.
    """
    parked = celery_app.conf.task_always_eager and str(
        celery_app.conf.broker_url
    ).startswith("memory://")
    if parked:
        celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        if parked:
            celery_app.conf.task_always_eager = True


def demo_accounts() -> list[User]:
    """The demo's accounts as they are in the database, in the demo's order."""
    order = [person.username for person in PEOPLE]
    users = User.objects.filter(username__in=order)
    return sorted(users, key=lambda user: order.index(user.username))


def demo_seed(*, now: datetime | None = None) -> DemoSeedResult:
    """Create the demo accounts, queues, ledgers and tickets, once.

    Idempotent: people, queues and templates are matched by natural keys, ledger
    records by reference (through the ledger import) and tickets by their
    submission key, so a second run adds nothing. Random choices come from a fixed
    seed; moments are relative to now. Tickets go through ticket_create and the
    workflow, whose notices are delivered after commit; tickets meant to stay
    "received" are filed last, with delivery left to a worker.
    Raises RuntimeError if the demo ledger fails its own import checks.
    """
    now = now or timezone.now()
    plans, fillers = _plans(now)
    rows = [row for plan in plans for row in plan.records] + fillers
    result = DemoSeedResult()
    with transaction.atomic():
        people, result.users_created = _people_ensure()
        _queues_ensure(people)
        templates = _templates_ensure()
        imported = ledger_import(rows=rows)
        if not imported.is_ok:
            raise RuntimeError("; ".join(str(error) for error in imported.errors))
        result.transactions_imported = imported.imported
        records = {
            record.reference: record
            for record in Transaction.objects.filter(
                reference__in=[row["reference"] for row in rows]
            )
        }
        demo_tickets = Ticket.objects.filter(
            client_token__startswith="demo:"  # noqa: S106 - a prefix, not a secret
        )
        done = set(demo_tickets.values_list("customer__username", "client_token"))
        todo = [
            plan for plan in plans if (plan.person.username, plan.token) not in done
        ]
        seeded = _tickets_play(
            [plan for plan in todo if plan.end != "received"],
            people=people,
            records=records,
            templates=templates,
            now=now,
        )
    with _deliveries_left_to_worker(), transaction.atomic():
        seeded += _tickets_play(
            [plan for plan in todo if plan.end == "received"],
            people=people,
            records=records,
            templates=templates,
            now=now,
        )
    # Eager deliveries ran at commit; date them just after the notice was written.
    Notice.objects.filter(ticket__in=seeded, sent_at__isnull=False).update(
        sent_at=F("created_at") + timedelta(minutes=1)
    )
    result.tickets_created = len(seeded)
    return result
