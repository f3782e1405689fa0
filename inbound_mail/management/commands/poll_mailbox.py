import time

from django.core.management.base import BaseCommand, CommandParser

from inbound_mail.imap import mailbox_poll


class Command(BaseCommand):
    help = "Read the support mailbox over IMAP once, or every few seconds with --loop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--batch", type=int, default=200)

    def handle(self, *args: object, **options: object) -> None:
        while True:
            count = mailbox_poll(batch=int(options["batch"]))
            self.stdout.write(f"{count}")
            if not options["loop"]:
                return
            if not count:
                time.sleep(1.0)
