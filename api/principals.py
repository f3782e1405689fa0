"""Who request.user is when a machine, not a person, calls the API."""

from typing import Protocol


class MachineKey(Protocol):
    pk: int
    prefix: str


class SystemPrincipal:
    """A machine caller (the wallet core by its API key): authenticated, but no person.

    It has no role a person has, so every customer or staff permission refuses it.
    """

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    role = "system"
    pk = None
    id = None

    def __init__(self, key: MachineKey) -> None:
        self.key = key
        self.username = f"system:{key.prefix}"

    def __str__(self) -> str:
        return str(self.key)

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return False
