"""The local SMS gateway fixtures (tests/sms_gateway.py) for every SMS test."""

from tests.sms_gateway import gateway, http_backend

__all__ = ["gateway", "http_backend"]
