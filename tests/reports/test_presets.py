"""Beat keeps the preset periods' reports computed, so the page opens from the cache."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from reports.periods import Period
from reports.presets import PRESETS
from reports.tasks import refresh_report_presets
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    """The cache is on by default; these tests say so whatever the environment."""
    settings.WALLETDESK_REPORT_CACHE_SECONDS = 300


URL = reverse("reports:report")


def test_every_preset_opens_from_the_refreshed_copy(
    client, manager, no_spike_rules, django_assert_num_queries
):
    TicketFactory.create_batch(2)
    assert refresh_report_presets.delay().get() == len(PRESETS)
    TicketFactory()  # filed after the refresh: not in the copies yet
    client.force_login(manager)

    for period in PRESETS:
        # user; filter choices: profiles, queues, agents; the period's incidents
        # and the reader's own ticket exports (issue 24; neither part of the
        # cached copy). No figure query.
        with django_assert_num_queries(6):
            response = client.get(URL, {"period": period})

        filed_today = 0 if period == Period.LAST_MONTH else 2
        assert response.context["report"].received == filed_today
        assert "Figures as of" in response.text


def test_a_refresh_replaces_the_copy_a_visit_cached(client, manager, no_spike_rules):
    TicketFactory.create_batch(2)
    client.force_login(manager)
    assert client.get(URL).context["report"].received == 2
    TicketFactory()

    refresh_report_presets.delay().get()

    assert client.get(URL).context["report"].received == 3


def test_nothing_is_computed_ahead_with_the_cache_off(
    client, manager, no_spike_rules, settings, django_assert_max_num_queries
):
    settings.WALLETDESK_REPORT_CACHE_SECONDS = 0
    TicketFactory()

    with django_assert_max_num_queries(0):
        assert refresh_report_presets.delay().get() == 0

    client.force_login(manager)
    assert "Figures as of" not in client.get(URL, {"period": Period.LAST_7_DAYS}).text


def test_the_presets_are_kept_warm_by_default():
    # A preset over the rollups still takes seconds at 100,000 tickets (bench/README).
    assert django_settings.WALLETDESK_REPORT_CACHE_SECONDS == 300
    assert "refresh-report-presets" in django_settings.CELERY_BEAT_SCHEDULE
