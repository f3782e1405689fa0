"""Request rates per API scope (customer, staff, system, auth, faq, public)."""

from typing import TYPE_CHECKING

from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle

from api.principals import SystemPrincipal

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ScopeThrottle(ScopedRateThrottle):
    """ScopedRateThrottle that counts system keys apart and reads rates live.

    A system key has no user id, so it is counted by its key; the rates are read
    from settings at each request (DRF binds them at import).
    """

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request: "Request", view: "APIView") -> str | None:
        if isinstance(request.user, SystemPrincipal):
            ident = f"key{request.user.key.pk}"
            return self.cache_format % {"scope": self.scope, "ident": ident}
        return super().get_cache_key(request, view)
