"""Schema-driven fuzzing: a running server never answers 5xx or against its schema.

Schemathesis reads /api/schema/ from a live server with demo-like data, then sends
generated valid and invalid requests to every operation, as the caller the
operation is for, with bounded examples (well under three minutes on two cores).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from complaints.models import Queue, QueueRoute, Ticket
from complaints.services import InquiryInput, RefundInput
from complaints.workflow import Resolution, ticket_transition
from integrations.api_keys import api_key_issue
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    SupervisorFactory,
    TicketFactory,
    TransactionFactory,
)

pytestmark = pytest.mark.fuzz

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
POSITIVE_EXAMPLES = 20
NEGATIVE_EXAMPLES = 10


@dataclass
class Seeded:
    headers_by_prefix: dict[str, dict[str, str]]
    references: list[str]

    def headers(self, path: str) -> dict[str, str]:
        for prefix, headers in self.headers_by_prefix.items():
            if path.startswith(prefix):
                return headers
        return {}


def _seed() -> Seeded:
    queue = Queue.objects.create(
        name="Complaints", slug="complaints", assignment=Queue.Assignment.MANUAL
    )
    QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, category="", queue=queue)
    queue.agents.add(AgentFactory())
    customer = CustomerFactory()
    supervisor = SupervisorFactory()
    refund_record = TransactionFactory(owner=customer)
    TransactionFactory.create_batch(3, owner=customer)
    tickets = [
        TicketFactory(customer=customer),
        TicketFactory(
            customer=customer,
            kind=Ticket.Kind.MISOPERATION_REFUND,
            details=RefundInput(
                transaction_id=refund_record.pk,
                amount_requested=refund_record.amount,
                intended_recipient="Li Na",
            ),
        ),
        TicketFactory(
            customer=customer,
            kind=Ticket.Kind.CANCELLED_TX_INQUIRY,
            details=InquiryInput(
                transaction_id=TransactionFactory(owner=customer, cancelled=True).pk
            ),
        ),
    ]
    resolved = TicketFactory(customer=customer)
    # Committed filings were acknowledged by their notice's delivery already.
    ticket_transition(ticket=resolved, to_status="investigating", actor=supervisor)
    ticket_transition(
        ticket=resolved,
        to_status="resolved",
        actor=supervisor,
        resolution=Resolution(outcome=Ticket.Outcome.UPHELD),
    )
    _key, secret = api_key_issue(name="fuzz", actor=None)

    def token(user: object) -> dict[str, str]:
        key = Token.objects.get_or_create(user=user)[0].key
        return {"Authorization": f"Token {key}"}

    return Seeded(
        headers_by_prefix={
            "/api/v1/my/": token(customer),
            "/api/v1/desk/": token(supervisor),
            "/api/v1/system/": {"Authorization": f"Api-Key {secret}"},
        },
        references=[ticket.reference for ticket in [*tickets, resolved]],
    )


def _run(test: Callable[[], None], label: str, failures: list[str]) -> None:
    try:
        test()
    except (KeyboardInterrupt, SystemExit):
        raise
    except Unsatisfiable:
        # Nothing in a GET with one free-text path parameter can be made invalid.
        return
    except BaseException as error:
        failures.append(f"{label}: {error}")


@pytest.mark.django_db(transaction=True)
def test_api_never_fails_or_contradicts_its_schema(live_server, settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(
            settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/min"
        ),
    }
    # Generated filings would otherwise soon hit the open-ticket limit and be refused.
    settings.WALLETDESK_MAX_OPEN_TICKETS = 100_000
    seeded = _seed()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for index, operation in enumerate(operations):
        headers = seeded.headers(operation.path)
        plans = [(GenerationMode.POSITIVE, POSITIVE_EXAMPLES, None)]
        plans.append((GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES, None))
        if "{reference}" in operation.path:
            plans.append(
                (GenerationMode.POSITIVE, POSITIVE_EXAMPLES, seeded.references)
            )
        for mode, examples, references in plans:
            path_parameters = None
            if references:
                path_parameters = {"reference": references[index % len(references)]}
            strategy = operation.as_strategy(
                generation_mode=mode, path_parameters=path_parameters
            )

            check = _checker(strategy, headers, examples)
            _run(check, f"{operation.label} [{mode.value}]", failures)
    assert not failures, "\n\n".join(failures)


def _checker(strategy: object, headers: dict[str, str], examples: int) -> Callable:
    @settings_for(examples)
    @given(case=strategy)
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    return check


def settings_for(examples: int) -> Callable:
    return hypothesis_settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
