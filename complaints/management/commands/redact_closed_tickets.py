from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from audit.models import AuditEvent
from audit.recorder import audit_context
from complaints import retention


class Command(BaseCommand):
    help = (
        "Remove personal data from resolved tickets past their profile's retention "
        "period, keeping the figures. Tickets on legal hold are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the tickets that would be redacted.",
        )
        parser.add_argument(
            "--limit", type=int, default=None, help="Redact at most this many."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            count = retention.tickets_past_retention().count()
            self.stdout.write(f"{count} tickets are past retention (dry run).")
            return
        with audit_context(source=AuditEvent.Source.COMMAND):
            count = retention.tickets_redact_past_retention(limit=options["limit"])
        self.stdout.write(self.style.SUCCESS(f"Redacted {count} tickets."))
