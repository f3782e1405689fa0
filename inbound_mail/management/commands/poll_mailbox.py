import imaplib
import logging
import time

from django.core.management.base import BaseCommand, CommandParser

from inbound_mail.imap import mailbox_poll

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Read the support mailbox over IMAP once, or every few seconds with --loop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--batch", type=int, default=200)

    def handle(self, *args: object, **options: object) -> None:
        while True:
            try:
                count = mailbox_poll(batch=int(options["batch"]))
            except (imaplib.IMAP4.error, OSError) as error:
                if not options["loop"]:
                    raise
                # The server is down or refusing: try again, nothing was flagged.
                logger.warning("Mailbox poll failed: %r", error)
                count = 0
            self.stdout.write(f"{count}")
            if not options["loop"]:
                return
            if not count:
                time.sleep(1.0)
