import sys
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.volume_seed import (
    VOLUME_PASSWORD,
    VolumeSeedError,
    volume_seed,
    volume_seed_size,
)


class Command(BaseCommand):
    help = (
        "Load bulk synthetic data for benchmarks: customers, staff, a wallet ledger "
        "and tickets with their history, spread over two years. Reproducible with "
        "--seed; running the same seed and size again adds nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--tickets", type=int)
        parser.add_argument(
            "--transactions",
            type=int,
            default=None,
            help="Ledger size; five per ticket by default.",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--check",
            action="store_true",
            help="Print how many tickets the seed holds and write nothing.",
        )

    def handle(
        self,
        *args: Any,
        tickets: int | None,
        transactions: int | None,
        seed: int,
        check: bool,
        **options: Any,
    ) -> None:
        if check:
            self.stdout.write(str(volume_seed_size(seed=seed)))
            return
        if tickets is None:
            raise CommandError(_("Give the number of tickets with --tickets N."))
        started = time.monotonic()
        last = [0.0]

        def progress(stage: str, done: int, total: int) -> None:
            moment = time.monotonic()
            if done < total and moment - last[0] < 1:
                return
            last[0] = moment
            share = done * 100 // max(total, 1)
            sys.stderr.write(
                f"\r{stage:<13} {done:>10,}/{total:,} {share:3d}% "
                f"{moment - started:7.0f}s"
            )
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()

        try:
            result = volume_seed(
                tickets=tickets,
                transactions=transactions,
                seed=seed,
                progress=progress if options["verbosity"] > 0 else None,
            )
        except (VolumeSeedError, ValueError) as error:
            raise CommandError(str(error)) from error
        if result.skipped:
            self.stdout.write(
                _("Seed %(seed)d already holds %(tickets)d tickets; nothing added.")
                % {"seed": seed, "tickets": result.tickets}
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Seed %(seed)d: %(tickets)d tickets, %(transactions)d transactions "
                    "and %(customers)d customers in %(seconds).0f s."
                )
                % {
                    "seed": seed,
                    "tickets": result.tickets,
                    "transactions": result.transactions,
                    "customers": result.customers,
                    "seconds": result.seconds,
                }
            )
        )
        for label, count in sorted(result.rows.items()):
            self.stdout.write(f"  {label:<32} {count:>12,}")
        self.stdout.write(
            _(
                "Logins: vol%(seed)d-c0 (customer), vol%(seed)d-a0 (agent), "
                "vol%(seed)d-s0 (supervisor), vol%(seed)d-m0 (manager); password "
                "%(password)s"
            )
            % {"seed": seed, "password": VOLUME_PASSWORD}
        )
