from collections.abc import Iterator

import pytest

from tests.imap_server import ImapServer, imap_server_start


@pytest.fixture
def imap_server(settings: object) -> Iterator[ImapServer]:
    """A fresh Dovecot with an empty inbox, and the settings that poll it."""
    server = imap_server_start()
    settings.WALLETDESK_IMAP_HOST = server.host
    settings.WALLETDESK_IMAP_PORT = server.port
    settings.WALLETDESK_IMAP_SECURITY = "plain"
    settings.WALLETDESK_IMAP_USER = server.user
    settings.WALLETDESK_IMAP_PASSWORD = server.password
    try:
        yield server
    finally:
        server.stop()
