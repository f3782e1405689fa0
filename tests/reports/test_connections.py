"""A report's figures come from the caller's database connection, one query at a time."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from reports.rollups.fold import rollups_fold_all
from reports.selectors import report_build
from sla.models import RegimeProfile
from tests.reports.conftest import OCTOBER, at


@pytest.mark.django_db(transaction=True)
def test_a_report_outside_a_transaction_equals_the_report_inside_one(
    request: pytest.FixtureRequest,
):
    # One transaction: the acknowledgements wait for its commit, so the set is
    # built as in the other report tests.
    with transaction.atomic():
        request.getfixturevalue("known_october")
    rollups_fold_all()  # as beat does; the pending reads are pinned in test_views
    profiles = list(RegimeProfile.objects.order_by("name"))
    now = at(11, 20)

    with transaction.atomic(), CaptureQueriesContext(connection) as inside:
        one = report_build(filters=OCTOBER, profiles=profiles, now=now)
    with CaptureQueriesContext(connection) as outside:
        two = report_build(filters=OCTOBER, profiles=profiles, now=now)

    assert two == one
    assert (two.received, two.resolved) == (4, 3)
    # Every query of the report went through the caller's connection; outside a
    # transaction PostgreSQL first asks for one snapshot (REPEATABLE READ).
    # 14 with the savepoint pair: the daily spike rule reads the rollups (their
    # pending marks and the receipts per day and category); 15 with the payouts
    # the wallet core confirmed (one grouped read of the wallet actions); 16
    # with the months that have an open snapshot; 17 with open per agent read
    # apart from the backlog (issue 24: the agent grain).
    assert len(inside) == 17
    assert len(outside) == 17 + (connection.vendor == "postgresql")
