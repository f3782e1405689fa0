"""Who may call which scope of the API; selectors then scope the objects."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import User
from api.principals import SystemPrincipal

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


def _person(request: "Request") -> User | None:
    """The signed-in person making the request; None for a system key or nobody."""
    user = request.user
    if not user or not user.is_authenticated or not user.is_active:
        return None
    if isinstance(user, SystemPrincipal):
        return None
    return user


class IsPerson(BasePermission):
    """Any signed-in person (customer or staff), not a system key."""

    message = _("This part of the API is for people, not API keys.")

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        return _person(request) is not None


class IsCustomer(BasePermission):
    """A signed-in customer; their own data only (the selectors see to that)."""

    message = _("This part of the API is for customers.")

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        person = _person(request)
        return person is not None and person.is_customer


class IsStaff(BasePermission):
    """Agents and supervisors read and write; managers only read."""

    message = _("This part of the API is for support staff.")

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        person = _person(request)
        if person is None:
            return False
        if request.method in SAFE_METHODS:
            return person.is_desk_reader
        return person.is_desk_staff


class IsSystem(BasePermission):
    """The wallet core, by a usable system API key (integrations.authentication)."""

    message = _("This part of the API is for the wallet core's API key.")

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        return isinstance(request.user, SystemPrincipal)
