"""Staff permission sets kept in the shared cache, not read with two queries a request.

Django's ModelBackend reads a user's permissions at the first check of every
request: one query for their own, one for their groups'. Every admin page and
staff API call paid both (a third of the queries of the ticket list). This
backend keeps each user's set in the cache (Redis in production) under a
generation that any change of who is in which group, of a group's or a user's
permissions, or of a group or permission row replaces after commit, so the next
check in every process reads the database afresh. Until then the transaction
that made the change reads its own rows, as config.config_cache does.
Superusers, inactive users and object permissions are answered by ModelBackend
unchanged.

Changes that send no signals (QuerySet.update, raw SQL on the permission
tables) call permissions_changed() themselves; TIMEOUT bounds the rest.
"""

import threading
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from config.config_cache import waiting_for_commit

GENERATION_KEY = "permissions-generation"
TIMEOUT = 3600
# Set on the user object for the rest of its request (as ModelBackend does).
_HELD = "walletdesk_permissions"


class _Pending(threading.local):
    """The on-commit callback of this thread's last permission change."""

    callback: Callable[[], None] | None = None


_pending = _Pending()


def permissions_changed(**kwargs: object) -> None:
    """Make every process read permission sets afresh once this change commits."""

    def committed() -> None:
        _pending.callback = None
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)

    _pending.callback = committed
    transaction.on_commit(committed)


def _cached(user_obj: Any, obj: Any) -> bool:
    return (
        obj is None
        and user_obj.is_active
        and not user_obj.is_anonymous
        and not user_obj.is_superuser
        and not waiting_for_commit(_pending.callback)
    )


class CachedPermissionBackend(ModelBackend):
    """ModelBackend's permission checks, with per-user sets in the shared cache.

    It signs nobody in: ModelBackend and django-allauth's backend after it in
    AUTHENTICATION_BACKENDS do, so sessions keep naming them. It answers for
    the users whose sets it caches, a no included: the ModelBackends after it
    would otherwise read the same two tables again for every permission a user
    lacks. Raising PermissionDenied is Django's documented way to stop the
    remaining backends being asked.
    """

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def get_all_permissions(
        self, user_obj: Any, obj: Any = None
    ) -> set[str] | frozenset[str]:
        if not _cached(user_obj, obj):
            return super().get_all_permissions(user_obj, obj)
        held = getattr(user_obj, _HELD, None)
        if held is None:
            key = f"permissions:{user_obj.pk}"
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            if generation is None:  # first use, or the cache was flushed
                cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
                generation = cache.get(GENERATION_KEY) or ""
            entry = found.get(key)
            if entry is not None and entry[0] == generation:
                held = entry[1]
            else:
                held = frozenset(super().get_all_permissions(user_obj))
                cache.set(key, (generation, held), TIMEOUT)
            setattr(user_obj, _HELD, held)
        return held

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not _cached(user_obj, obj):
            return super().has_perm(user_obj, perm, obj)
        if perm in self.get_all_permissions(user_obj):
            return True
        raise PermissionDenied

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if not _cached(user_obj, None):
            return super().has_module_perms(user_obj, app_label)
        if any(
            perm.partition(".")[0] == app_label
            for perm in self.get_all_permissions(user_obj)
        ):
            return True
        raise PermissionDenied


def _on_m2m(action: str, **kwargs: object) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        permissions_changed()


def connect() -> None:
    """Replace the generation on every change a permission set depends on (ready())."""
    from accounts.models import User

    for through in (
        User.groups.through,
        User.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(_on_m2m, sender=through, weak=False)
    for model in (Group, Permission):
        post_save.connect(permissions_changed, sender=model, weak=False)
        post_delete.connect(permissions_changed, sender=model, weak=False)
