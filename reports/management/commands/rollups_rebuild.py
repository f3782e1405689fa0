"""Rebuild the daily report figures of a date range from the tickets."""

from datetime import date

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from reports.rollups.fold import rollups_rebuild


class Command(BaseCommand):
    help = "Recompute the daily report figures of [--start, --end) from the tickets and correct them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", type=date.fromisoformat, default=None)
        parser.add_argument("--end", type=date.fromisoformat, default=None)
        parser.add_argument("--show", type=int, default=20)

    def handle(self, *args: object, **options: object) -> None:
        result = rollups_rebuild(
            start=options["start"], end=options["end"], shown=options["show"]
        )
        for (day, figure, dims, key), was, now in result.corrections:
            self.stdout.write(
                f"{day} {figure} {key} {'/'.join(map(str, dims))}: {was} -> {now}"
            )
        for (span, day, figure, dims, key), was, now in result.summary_corrections:
            self.stdout.write(
                f"{span} {day} {figure} {key} {'/'.join(map(str, dims))}: {was} -> {now}"
            )
        self.stdout.write(
            _(
                "%(tickets)d tickets read, %(rows)d rows checked, %(fixed)d "
                "corrected; %(summary)d summary rows corrected."
            )
            % {
                "tickets": result.tickets,
                "rows": result.rows_checked,
                "fixed": result.rows_corrected,
                "summary": result.summary_corrected,
            }
        )
