"""Who may call which scope of the API; selectors then scope the objects."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import User
from integrations.models import SystemApiKey

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

READERS = frozenset({User.Role.AGENT, User.Role.SUPERVISOR, User.Role.MANAGER})
WORKERS = frozenset({User.Role.AGENT, User.Role.SUPERVISOR})


def _person_role(request: "Request") -> str | None:
    user = request.user
    if not user or not user.is_authenticated or not user.is_active:
        return None
    if isinstance(request.auth, SystemApiKey):
        return None
    return getattr(user, "role", None)


class IsCustomer(BasePermission):
    """A signed-in customer; their own data only (the selectors see to that)."""

    message = _("This part of the API is for customers.")

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        return _person_role(request) == User.Role.CUSTOMER


class IsStaff(BasePermission):
    """Agents and supervisors read and write; managers only read."""

    message = _("This part of the API is for support staff.")

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        role = _person_role(request)
        if request.method in SAFE_METHODS:
            return role in READERS
        return role in WORKERS


class IsSystem(BasePermission):
    """The wallet core, by a usable system API key."""

    message = _("This part of the API is for the wallet core's API key.")

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        return isinstance(request.auth, SystemApiKey)
