from tests.imap_server import imap_server

__all__ = ["imap_server"]
