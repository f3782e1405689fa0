"""Settings for bench/run.py: production settings, with django-allauth's log-in rate raised.

Every benchmark session signs in from 127.0.0.1 (about seventy a run), and
allauth allows 30 log-ins a minute per address; the harness raises the portal's
own abuse limits through the environment (bench/stack.py) and this one here.
"""

from config.settings import *  # noqa: F403

# .get: older commits compared beside this one (bench/README.md) have no allauth.
ACCOUNT_RATE_LIMITS = {
    **globals().get("ACCOUNT_RATE_LIMITS", {}),
    "login": "1000000/m/ip",
}
