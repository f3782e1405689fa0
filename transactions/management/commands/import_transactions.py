from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from transactions.importing import FORMATS, ledger_format_for, ledger_import

# Enough to fix a file in one pass without flooding the terminal.
_MAX_ERRORS_SHOWN = 200


class Command(BaseCommand):
    help = (
        "Import wallet ledger records from a CSV or JSON Lines file. Every row is "
        "checked first; if any is wrong nothing is imported. References already "
        "imported are skipped."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="CSV (header on line 1) or JSONL file")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            dest="fmt",
            help="File format; by default taken from the extension.",
        )

    def handle(self, *args: Any, path: str, fmt: str | None, **options: Any) -> None:
        source = Path(path)
        if not source.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        with source.open("rb") as stream:
            result = ledger_import(stream=stream, fmt=fmt or ledger_format_for(path))
        if not result.is_ok:
            for error in result.errors[:_MAX_ERRORS_SHOWN]:
                self.stderr.write(str(error))
            hidden = len(result.errors) - _MAX_ERRORS_SHOWN
            if hidden > 0:
                self.stderr.write(
                    ngettext(
                        "... and %(count)d more problem.",
                        "... and %(count)d more problems.",
                        hidden,
                    )
                    % {"count": hidden}
                )
            raise CommandError(
                ngettext(
                    "%(count)d problem found; nothing was imported.",
                    "%(count)d problems found; nothing was imported.",
                    len(result.errors),
                )
                % {"count": len(result.errors)}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported %(imported)d, skipped %(skipped)d (already imported).")
                % {"imported": result.imported, "skipped": result.skipped}
            )
        )
