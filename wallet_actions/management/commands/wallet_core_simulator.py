"""Run a local stand-in for the wallet core (wallet_actions.simulator)."""

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from integrations.api_keys import api_key_issue
from integrations.models import Event, WebhookEndpoint
from wallet_actions.simulator import MODES, CoreState, simulator_server

ENDPOINT_NAME = "Wallet core simulator"


class Command(BaseCommand):
    help = (
        "Run a local HTTP service acting as the wallet core: it checks the "
        "signature of wallet actions and answers them on their callback after a "
        "delay. --setup registers it as the webhook endpoint for wallet actions "
        "and the customers' payment-check answers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8001, help="0: any free port")
        parser.add_argument(
            "--secret",
            default=os.environ.get("WALLETDESK_SIMULATOR_SECRET", ""),
            help="The endpoint's signing secret (or WALLETDESK_SIMULATOR_SECRET).",
        )
        parser.add_argument(
            "--api-key",
            default=os.environ.get("WALLETDESK_SIMULATOR_API_KEY", ""),
            help="A system API key for the callbacks (or WALLETDESK_SIMULATOR_API_KEY).",
        )
        parser.add_argument("--delay", type=float, default=2.0)
        parser.add_argument("--mode", choices=MODES, default="confirm")
        parser.add_argument(
            "--setup",
            action="store_true",
            help="Point a webhook endpoint for wallet actions here and issue a "
            "system API key (for make run); ignores --secret and --api-key.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        state = CoreState(
            secret=options["secret"],
            api_key=options["api_key"],
            delay=options["delay"],
            mode=options["mode"],
        )
        server = simulator_server(
            host=options["host"], port=options["port"], state=state
        )
        host, port = server.server_address[:2]
        if options["setup"]:
            state.secret, state.api_key = self._register(
                f"http://{host}:{port}/actions"
            )
        if not state.secret or not state.api_key:
            server.server_close()
            raise CommandError("Give --secret and --api-key, or --setup.")
        self.stdout.write(f"Wallet core simulator listening on http://{host}:{port}/")
        self.stdout.flush()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()

    @transaction.atomic
    def _register(self, url: str) -> tuple[str, str]:
        endpoint = WebhookEndpoint.objects.filter(name=ENDPOINT_NAME).first()
        endpoint = endpoint or WebhookEndpoint(name=ENDPOINT_NAME)
        endpoint.url = url
        endpoint.events = [Event.WALLET_ACTION_REQUESTED, Event.PAYMENT_CHECK_ANSWERED]
        endpoint.is_active = True
        endpoint.save()
        _key, secret = api_key_issue(name=ENDPOINT_NAME, actor=None)
        return endpoint.secret, secret
