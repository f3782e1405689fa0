"""Rules for the names people choose: usernames and display names.

A username is compared as people read it: NFKC-normalised (full-width letters
are plain ones), one script at a time (a Cyrillic letter among Latin ones is refused),
and by its skeleton, each letter replaced by the Latin letter it looks like, so a
whole-Cyrillic look-alike of an existing username is refused too. Names may not
carry bidirectional control characters, which reorder what an agent sees.
"""

import re

from confusable_homoglyphs import confusables
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the
# invisible direction marks (LRM, RLM, ALM).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Letters of the scripts people mix with anything (digits, . @ + - _).
_SHARED_SCRIPTS = ["COMMON"]


def name_check(value: str) -> str:
    """Refuse a name that carries bidirectional control characters."""
    if BIDI_CONTROLS.search(value):
        raise ValidationError(
            _("Names cannot contain text-direction control characters."),
            code="bidi_control",
        )
    return value


def username_normalize(value: str) -> str:
    """The username as stored: NFKC, as Django's own user model normalises it."""
    return AbstractBaseUser.normalize_username(value)


def username_skeleton(value: str) -> str:
    """The username as it looks: lower case, each look-alike letter made Latin."""
    letters = []
    for char in username_normalize(value).casefold():
        found = confusables.is_confusable(
            char, greedy=True, preferred_aliases=["latin"]
        )
        latin = [
            glyph["c"]
            for item in found or []
            for glyph in item["homoglyphs"]
            if glyph["c"].isascii()
        ]
        letters.append(latin[0].casefold() if latin else char)
    return "".join(letters)


def username_check(value: str) -> str:
    """Normalise a new username and refuse one that mixes scripts or controls.

    Whether it collides with an existing username is the caller's question
    (accounts.selectors.username_taken), asked with the skeleton.
    """
    name_check(value)
    username = username_normalize(value)
    if confusables.is_mixed_script(username, allowed_aliases=_SHARED_SCRIPTS):
        raise ValidationError(
            _("Use the letters of one alphabet in a username."), code="mixed_script"
        )
    return username
