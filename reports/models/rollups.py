"""The report rollups: the figures kept by reports.rollups (their bookkeeping is in
reports.models.bookkeeping)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.covering_constraints import CoveringUniqueConstraint

# RollupDimensions' fields, in the order the rollups' keys
# (reports.rollups.entries.DIMENSIONS) and DailyFigure's indexes list them.
DIMENSION_FIELDS = ("kind", "category", "queue_id", "channel", "language", "profile_id")
# The order the indexes of the grains a report reads under several filters
# (SummaryFigure; AgentDetailFigure, by the agent or without) list the
# dimensions in, after span, figure and day. Equalities on the
# leading dimensions narrow the range of the index a report reads; PostgreSQL
# (before 18) reads the whole range past the first dimension not filtered. So
# the one with the most values leads: the category (a dozen in the shipped
# taxonomy, each of one kind), then the channel, the kind, the queue, the
# language and the SLA profile (bench/README.md, session 27).
NARROWING_ORDER = ("category", "channel", "kind", "queue_id", "language", "profile_id")


class RollupDimensions(models.Model):
    """The dimensions a report filters by, as the grains keep them.

    Ids of queue and SLA profile are plain integers, 0 for none, so a unique
    constraint covers every combination.
    """

    kind = models.CharField(_("kind"), max_length=24)
    category = models.CharField(_("category"), max_length=32)
    queue_id = models.IntegerField(_("queue"))
    channel = models.CharField(_("channel"), max_length=16)
    language = models.CharField(_("language"), max_length=8)
    profile_id = models.IntegerField(_("SLA profile"))

    class Meta:
        abstract = True


class RollupCount(models.Model):
    """What a grain's row counts: a figure, the key that refines it, the count."""

    figure = models.CharField(_("figure"), max_length=3)
    key = models.CharField(_("key"), max_length=80, blank=True)
    count = models.BigIntegerField(_("count"), default=0)

    class Meta:
        abstract = True


class DailyFigure(RollupDimensions, RollupCount):
    """One additive figure of one local day and one combination of the filters.

    Rows are kept by reports.rollups (folded from RollupPending, rebuilt by the
    rollups_rebuild command); reports sum them instead of scanning tickets.
    figure names what is counted and key refines it (reports.rollups.entries
    documents every pair). Ids of queue, SLA profile and agent are plain
    integers, 0 for none, so a unique constraint covers every combination.
    """

    day = models.DateField(_("day"))
    agent_id = models.IntegerField(_("agent"))

    class Meta:
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "day",
                    "figure",
                    *DIMENSION_FIELDS,
                    "agent_id",
                    "key",
                ],
                name="dailyfigure_once",
            )
        ]
        # Reports read the grains (reports.rollups.grains), never these rows;
        # the open snapshots read one figure's rows over a range of days, every
        # column in this index (an index-only scan).
        indexes = [
            models.Index(
                fields=["figure", "day"],
                include=[
                    *DIMENSION_FIELDS,
                    "agent_id",
                    "key",
                    "count",
                ],
                name="dailyfigure_figure_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.figure} {self.key} {self.count}"


class SummaryFigure(RollupDimensions, RollupCount):
    """A daily figure without the agent, summed over one local day or one month.

    The summary grain (reports.rollups.grains): the same additive figures as
    DailyFigure under every dimension but the agent, with the resolution key
    split into its parts, so a report that does not filter by agent reads a few
    rows per day instead of about one per ticket. span "d" rows hold one day,
    span "m" rows (day = the month's first day) the sum of the month's day rows,
    span "w" rows (day = the Monday) a week's, "q" and "y" rows a quarter's and
    a year's; a period reads its whole spans from those rows
    (reports.rollups.spans).
    """

    class Span(models.TextChoices):
        DAY = "d", _("Day")
        WEEK = "w", _("Week")
        MONTH = "m", _("Month")
        QUARTER = "q", _("Quarter")
        YEAR = "y", _("Year")

    span = models.CharField(_("span"), max_length=1, choices=Span.choices)
    day = models.DateField(_("first day"))

    class Meta:
        verbose_name = _("summary figure")
        verbose_name_plural = _("summary figures")
        constraints = [
            CoveringUniqueConstraint(
                fields=[
                    "span",
                    "figure",
                    "day",
                    *NARROWING_ORDER,
                    "key",
                ],
                # Reports sum a few figures' count over a range of days: by
                # figure first, then day, with count in it, they read only
                # those figures' entries and the index alone (index-only).
                covering=["count"],
                name="summaryfigure_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.span} {self.day} {self.figure} {self.key} {self.count}"


class AgentFigure(RollupCount):
    """A daily figure of one agent, all other dimensions summed, by day or month.

    The agent grain (reports.rollups.grains): what the per-agent table and the
    open tickets per agent need, for reports filtered by nothing but the agent.
    Spans as SummaryFigure's.
    """

    span = models.CharField(_("span"), max_length=1, choices=SummaryFigure.Span.choices)
    day = models.DateField(_("first day"))
    agent_id = models.IntegerField(_("agent"))

    class Meta:
        verbose_name = _("agent figure")
        verbose_name_plural = _("agent figures")
        constraints = [
            CoveringUniqueConstraint(
                fields=["span", "figure", "day", "agent_id", "key"],
                covering=["count"],
                name="agentfigure_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.span} {self.day} {self.agent_id} {self.figure} {self.count}"


class AgentDetailFigure(RollupDimensions, RollupCount):
    """Every figure under every dimension, the agent included, by day and span.

    The summary's figures (but the hourly receipts) and the agent grain's
    resolutions (reports.rollups.grains.AGENT_DETAIL), keys split and spans as
    SummaryFigure's: reports filtered by the agent and another dimension, and
    the per-agent table of reports filtered by several dimensions.
    """

    span = models.CharField(_("span"), max_length=1, choices=SummaryFigure.Span.choices)
    day = models.DateField(_("first day"))
    agent_id = models.IntegerField(_("agent"))

    class Meta:
        verbose_name = _("agent figure by dimension")
        verbose_name_plural = _("agent figures by dimension")
        constraints = [
            CoveringUniqueConstraint(
                fields=[
                    "span",
                    "figure",
                    "day",
                    *NARROWING_ORDER,
                    "agent_id",
                    "key",
                ],
                covering=["count"],
                name="agentdetailfigure_once",
            )
        ]
        # A report filtered by the agent reads that agent's rows alone, from
        # the index (an index-only scan); its other filters narrow each span's
        # range as the unique index's do (the category first).
        indexes = [
            models.Index(
                fields=["agent_id", "span", "figure", "day", *NARROWING_ORDER],
                include=["key", "count"],
                name="agentdetailfigure_agent_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.span} {self.day} {self.agent_id} {self.figure} {self.count}"


class SummaryDimensionFigure(RollupCount):
    """The summary grain under one dimension or none, by day, week or month.

    A report filtered by one dimension (kind, category, queue, channel,
    language or SLA profile), or by none, reads these: the summary's figures and
    keys with only that dimension kept (dimension names it, value holds its
    value as text), or with none (dimension "*", value ""), where SummaryFigure
    keeps every combination of all six (thousands of rows a month at a million
    tickets). Spans and figures as SummaryFigure's (reports.rollups.grains).
    The trend and the spike rules read it grouped by its dimension's value,
    unfiltered (reports.selectors.sums).
    """

    span = models.CharField(_("span"), max_length=1, choices=SummaryFigure.Span.choices)
    day = models.DateField(_("first day"))
    dimension = models.CharField(_("dimension"), max_length=16)
    value = models.CharField(_("value"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("summary figure by one dimension")
        verbose_name_plural = _("summary figures by one dimension")
        constraints = [
            CoveringUniqueConstraint(
                fields=["span", "figure", "dimension", "value", "day", "key"],
                covering=["count"],
                name="summarydimensionfigure_once",
            )
        ]
        # The trend (by kind) and the hourly and daily spike rules (by
        # category) read every value of one dimension over a few days: by day
        # before value, a range of days reads those days' rows alone (the
        # unique index above reads every day of every value).
        indexes = [
            models.Index(
                fields=["span", "figure", "dimension", "day"],
                include=["value", "key", "count"],
                name="summarydimfigure_day_idx",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.span} {self.day} {self.dimension}={self.value} "
            f"{self.figure} {self.key} {self.count}"
        )


class AgentDimensionFigure(RollupCount):
    """The agent grain's figures under one dimension, by day and span.

    For the per-agent table and the open tickets per agent of a report filtered
    by exactly one dimension (kind, category, queue, channel, language or SLA
    profile), alone or with the agent: about fifty agents times the
    dimension's few values a month, where AgentDetailFigure holds every
    combination of all six (nearly one row per ticket) and its open flows by
    the day received. dimension names the dimension (as DailyFigure's field),
    value holds its value as text. Figures, keys and spans as AgentFigure's
    (reports.rollups.grains).
    """

    span = models.CharField(_("span"), max_length=1, choices=SummaryFigure.Span.choices)
    day = models.DateField(_("first day"))
    dimension = models.CharField(_("dimension"), max_length=16)
    value = models.CharField(_("value"), max_length=32)
    agent_id = models.IntegerField(_("agent"))

    class Meta:
        verbose_name = _("agent figure by one dimension")
        verbose_name_plural = _("agent figures by one dimension")
        constraints = [
            CoveringUniqueConstraint(
                # A report reads a few figures of one dimension's value over a
                # range of days: by those first, then day, count in the index.
                fields=[
                    "span",
                    "figure",
                    "dimension",
                    "value",
                    "day",
                    "agent_id",
                    "key",
                ],
                covering=["count"],
                name="agentdimensionfigure_once",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.span} {self.day} {self.dimension}={self.value} "
            f"{self.agent_id} {self.figure} {self.count}"
        )
