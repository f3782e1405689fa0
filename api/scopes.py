"""The API's three audiences: who may call (permission) and at which rate (throttle)."""

from api.permissions import IsCustomer, IsStaff, IsSystem


class CustomerScope:
    permission_classes = (IsCustomer,)
    throttle_scope = "customer"


class StaffScope:
    permission_classes = (IsStaff,)
    throttle_scope = "staff"


class SystemScope:
    permission_classes = (IsSystem,)
    throttle_scope = "system"
