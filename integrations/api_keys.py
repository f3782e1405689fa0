"""System API keys for the wallet core: issue, rotate, revoke and check them."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import WorkflowError
from integrations.models import SystemApiKey

if TYPE_CHECKING:
    from accounts.models import User

KEYWORD = "Api-Key"
PREFIX_BYTES = 6
SECRET_BYTES = 32
DEFAULT_GRACE = timedelta(days=7)
# last_used_at is bookkeeping for admins; writing it on every call would turn each
# read into a write, so it is refreshed at most this often.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    # The secret is 256 random bits, not a password: a fast hash cannot be brute
    # forced, and a slow one would cost every API call.
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_key(*, name: str, actor: "User | None") -> tuple[SystemApiKey, str]:
    while True:
        prefix = f"wdk_{secrets.token_hex(PREFIX_BYTES)}"
        if not SystemApiKey.objects.filter(prefix=prefix).exists():
            break
    secret = secrets.token_urlsafe(SECRET_BYTES)
    key = SystemApiKey.objects.create(
        name=name.strip()[:100],
        prefix=prefix,
        secret_hash=_hash(secret),
        created_by=actor,
    )
    return key, f"{prefix}.{secret}"


@transaction.atomic
def api_key_issue(*, name: str, actor: "User | None") -> tuple[SystemApiKey, str]:
    """Create a key and return it with its full secret, which is never stored.

    The caller shows the secret once; afterwards only its hash exists.
    Raises WorkflowError for an empty name.
    """
    if not name.strip():
        raise WorkflowError(_("Give the key a name, such as the system that uses it."))
    return _new_key(name=name, actor=actor)


@transaction.atomic
def api_key_rotate(
    *, key: SystemApiKey, actor: "User | None", grace: timedelta = DEFAULT_GRACE
) -> tuple[SystemApiKey, str]:
    """Issue a successor of key; key keeps working for grace, then stops.

    Locks the key so two rotations cannot both issue a successor. A revoked,
    expired or already rotated key cannot be rotated. Raises WorkflowError.
    """
    locked = SystemApiKey.objects.select_for_update().get(pk=key.pk)
    now = timezone.now()
    if not locked.is_usable_at(now):
        raise WorkflowError(_("A revoked or expired key cannot be rotated."))
    if locked.replaced_by_id is not None:
        raise WorkflowError(_("This key was already rotated; rotate its successor."))
    if grace < timedelta(0):
        raise WorkflowError(_("The grace period cannot be negative."))
    successor, secret = _new_key(name=locked.name, actor=actor)
    locked.replaced_by = successor
    locked.rotated_at = now
    locked.expires_at = now + grace
    locked.save(update_fields=["replaced_by", "rotated_at", "expires_at"])
    return successor, secret


@transaction.atomic
def api_key_revoke(*, key: SystemApiKey) -> SystemApiKey:
    """Stop a key at once; revoking a revoked key changes nothing."""
    locked = SystemApiKey.objects.select_for_update().get(pk=key.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def api_key_authenticate(*, presented: str) -> SystemApiKey | None:
    """The usable key whose ``<prefix>.<secret>`` this is, or None.

    One query to find the key; refreshes last_used_at at most once a minute.
    """
    prefix, dot, secret = presented.strip().partition(".")
    if not dot or not prefix or not secret or len(prefix) > 16:
        return None
    key = SystemApiKey.objects.filter(prefix=prefix).first()
    if key is None or not hmac.compare_digest(key.secret_hash, _hash(secret)):
        return None
    now = timezone.now()
    if not key.is_usable_at(now):
        return None
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        SystemApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key
