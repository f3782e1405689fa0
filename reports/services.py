"""Report writes: spike detection, each alert recorded once and told to staff."""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import REPORT_READER_ROLES, User
from complaints import notices
from complaints.models import Notice
from incidents.models import Incident
from incidents.services import incident_declare
from reports import selectors
from reports.models import SpikeAlert, SpikeRule

logger = logging.getLogger(__name__)


def spike_alert_recipients() -> list[User]:
    """Active supervisors and managers: the people a spike concerns."""
    return list(
        User.objects.filter(role__in=REPORT_READER_ROLES, is_active=True).order_by("pk")
    )


def spike_alert_raise(
    *, rule: SpikeRule, measure: selectors.SpikeMeasure, recipients: list[User]
) -> SpikeAlert | None:
    """Record one crossed threshold and queue a spike notice to each recipient.

    The unique constraint on (rule, window_start, key) makes this idempotent, also
    between two concurrent checks: the second insert fails and nothing is queued.
    Notices are delivered after commit. Returns the alert, or None if it existed.
    """
    try:
        with transaction.atomic():
            alert = SpikeAlert.objects.create(
                rule=rule,
                key=measure.key,
                window_start=measure.window_start,
                window_end=measure.window_end,
                count=measure.count,
                baseline=measure.baseline,
            )
            alert.notices.set(
                [
                    notices.notice_queue(
                        ticket=None, kind=Notice.Kind.SPIKE_ALERT, recipient=person
                    )
                    for person in recipients
                ]
            )
    except IntegrityError:
        return None
    return alert


def spikes_detect(*, now: datetime | None = None) -> list[SpikeAlert]:
    """Check every active rule's current and previous window; raise new alerts.

    One aggregate query per rule, one to find the alerts already raised, then a
    transaction per new alert. Returns the alerts this run raised.
    """
    now = now or timezone.now()
    raised: list[SpikeAlert] = []
    recipients: list[User] | None = None
    for rule in SpikeRule.objects.filter(is_active=True):
        crossed = [
            measure
            for measure in selectors.spike_measure(rule=rule, now=now)
            if measure.crossed
        ]
        if not crossed:
            continue
        known = set(
            SpikeAlert.objects.filter(
                rule=rule,
                window_start__in={measure.window_start for measure in crossed},
            ).values_list("window_start", "key")
        )
        if recipients is None:
            recipients = spike_alert_recipients()
        for measure in crossed:
            if (measure.window_start, measure.key) in known:
                continue
            alert = spike_alert_raise(rule=rule, measure=measure, recipients=recipients)
            if alert is not None:
                logger.info("Spike alert %s: %s", alert.pk, alert)
                raised.append(alert)
    return raised


def spike_alert_declare(*, alert: SpikeAlert, actor: User) -> Incident:
    """Declare an incident for a spike alert, its scope the key that spiked.

    The title and public text are a starting point in both languages for the
    supervisor to edit; the incident records when the spike was detected.
    """
    texts = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            label = alert.rule.key_label(alert.key)
            texts[language] = (
                _("Problems with: %(what)s") % {"what": label},
                _(
                    "We know that some customers have a problem with %(what)s since "
                    "%(since)s and are working on it. You do not need to report it; "
                    "we will post updates here."
                )
                % {
                    "what": label,
                    "since": date_format(
                        timezone.localtime(alert.window_start), "DATETIME_FORMAT"
                    ),
                },
            )
    by_category = alert.rule.metric == SpikeRule.Metric.TICKETS_BY_CATEGORY
    return incident_declare(
        title_zh_hans=texts["zh-hans"][0],
        title_en=texts["en"][0],
        summary_zh_hans=texts["zh-hans"][1],
        summary_en=texts["en"][1],
        categories=[alert.key] if by_category else [],
        transaction_types=[] if by_category else [alert.key],
        started_at=alert.window_start,
        actor=actor,
        spike_alert_ref=alert.pk,
        spike_detected_at=alert.created_at,
    )
