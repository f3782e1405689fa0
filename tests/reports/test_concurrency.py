"""A report's queries on two connections: the same figures, sooner."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone, translation

from reports.concurrency import figures_run
from reports.selectors import report_build
from sla.models import RegimeProfile
from tests.reports.conftest import OCTOBER, at


def _where() -> tuple[int, str | None, str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), pg_sleep(0.05)")
        (pid, _slept) = cursor.fetchone()
    return (
        pid,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        threading.current_thread().name,
    )


def _backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_inside_a_transaction_the_calls_run_one_after_another_on_the_caller():
    names = []
    with transaction.atomic():
        results = figures_run(
            {
                str(number): lambda: names.append(threading.current_thread().name)
                for number in range(4)
            }
        )
    assert list(results) == ["0", "1", "2", "3"]
    assert set(names) == {threading.current_thread().name}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_calls_spread_over_two_connections_in_the_callers_language_and_zone():
    before = _backends()
    with translation.override("zh-hans"), timezone.override("Europe/London"):
        results = figures_run({str(number): _where for number in range(6)})

    assert list(results) == [str(number) for number in range(6)]
    assert len({pid for pid, _language, _zone, _thread in results.values()}) == 2
    assert {(language, zone) for _pid, language, zone, _t in results.values()} == {
        ("zh-hans", "Europe/London")
    }
    # The helper's connection is closed when the report is done.
    assert _backends() == before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_error_in_a_call_is_raised_after_the_helpers_stop():
    before = _backends()

    def fail() -> None:
        raise ValueError("no such figure")

    with pytest.raises(ValueError, match="no such figure"):
        figures_run({"a": _where, "b": fail, "c": _where, "d": _where})
    assert _backends() == before


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_report_on_two_connections_equals_the_report_on_one(
    request: pytest.FixtureRequest, settings
):
    # One transaction: the acknowledgements wait for its commit, so the set is
    # built as in the other report tests; then the helper connection sees it.
    with transaction.atomic():
        request.getfixturevalue("known_october")
    profiles = list(RegimeProfile.objects.order_by("name"))
    now = at(11, 20)

    settings.WALLETDESK_REPORT_CONNECTIONS = 1
    one = report_build(filters=OCTOBER, profiles=profiles, now=now)
    settings.WALLETDESK_REPORT_CONNECTIONS = 2
    two = report_build(filters=OCTOBER, profiles=profiles, now=now)

    assert two == one
    assert (two.received, two.resolved) == (4, 3)
