"""The refusal to serve with no secret key of the installation's own."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def secret_key_require() -> None:
    """Refuse to serve without a secret key of the installation's own.

    With debug off and DJANGO_SECRET_KEY unset the key is empty (config.settings):
    starting would either fail on the first session or, as before, sign with the
    published development key, with which anyone can forge a tracking link.
    Raises ImproperlyConfigured.
    """
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's refusal of an empty key
        key = ""
    if not key:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value "
            "(DJANGO_DEBUG=1 uses a development key, for a laptop only)."
        )
