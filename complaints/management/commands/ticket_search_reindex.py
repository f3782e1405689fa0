from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from complaints.models import Ticket
from complaints.services.search_index import ticket_search_reindex


class Command(BaseCommand):
    help = (
        "Write the search entries of tickets that have none (after upgrading), "
        "or of every ticket with --all (after a tokenizer change)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="Rebuild every ticket's entry."
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        tickets = Ticket.objects.all()
        if not options["all"]:
            tickets = tickets.filter(search__isnull=True)
        count = ticket_search_reindex(tickets=tickets, batch_size=options["batch_size"])
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} tickets."))
