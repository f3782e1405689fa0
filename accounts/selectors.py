"""Reads of user accounts."""

import contextlib

from django.core.exceptions import ValidationError
from django.db.models import Q

from accounts.models import User
from accounts.names import username_normalize, username_skeleton
from accounts.phones import phone_normalize


def username_taken(*, username: str) -> bool:
    """Whether username, or a look-alike of it, belongs to an account already.

    Existing usernames are compared with the new one as written and with its Latin
    skeleton, so a Cyrillic copy of a Latin username is found (one indexed query).
    """
    written = username_normalize(username)
    return User.objects.filter(
        Q(username__iexact=written) | Q(username__iexact=username_skeleton(written))
    ).exists()


def customer_find(*, query: str) -> User | None:
    """The active customer whose phone, wallet account id or email is query.

    A phone number is compared in E.164 form; a query that matches more than one
    customer finds none (the agent must ask for something more precise).
    """
    text = query.strip()
    if not text:
        return None
    match = Q(wallet_account_id=text) | Q(email__iexact=text)
    with contextlib.suppress(ValidationError):
        match |= Q(phone=phone_normalize(text))
    found = list(
        User.objects.filter(match, role=User.Role.CUSTOMER, is_active=True)[:2]
    )
    return found[0] if len(found) == 1 else None
