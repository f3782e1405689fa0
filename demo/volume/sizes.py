"""How big a volume seed is and how its accounts are named."""

from collections.abc import Callable
from datetime import timedelta

from complaints.models import Ticket

# Published for benchmark logins only; never a real account's password.
VOLUME_PASSWORD = "walletdesk-bench"  # noqa: S105
MAX_CUSTOMERS = 200_000
AGENTS = 50
SUPERVISORS = 3
SPAN = timedelta(days=730)
# Seeded accounts joined this long before the moment the seed was generated.
JOINED_BEFORE = SPAN + timedelta(days=30)
CHUNK = 20_000
ProgressFn = Callable[[str, int, int], None]

Status = Ticket.Status
Kind = Ticket.Kind
Category = Ticket.Category


def _prefix(seed: int) -> str:
    return f"vol{seed}-"
