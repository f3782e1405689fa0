"""Reads of user accounts."""

from django.db.models import Q

from accounts.models import User
from accounts.names import username_normalize, username_skeleton


def username_taken(*, username: str) -> bool:
    """Whether username, or a look-alike of it, belongs to an account already.

    Existing usernames are compared with the new one as written and with its Latin
    skeleton, so a Cyrillic copy of a Latin username is found (one indexed query).
    """
    written = username_normalize(username)
    return User.objects.filter(
        Q(username__iexact=written) | Q(username__iexact=username_skeleton(written))
    ).exists()
