"""SLA clock writes: start at receipt, extend, pause, resume, restart, stop, check.

scheduling holds what the writes share; plans, extensions, pauses, stops and
checks hold the writes by what they do to a clock.
"""

from sla.services.checks import CheckResult, Escalate, clocks_check
from sla.services.extensions import clock_extend
from sla.services.pauses import (
    clock_pause,
    clock_resume,
    clocks_on_hold,
    clocks_on_release,
)
from sla.services.plans import (
    ticket_clocks_plan,
    ticket_clocks_replan,
    ticket_clocks_start,
    ticket_profile_set,
)
from sla.services.stops import (
    clock_fulfil,
    clocks_on_reopen,
    clocks_stop_on_resolve,
    clocks_stop_on_resolve_many,
)

__all__ = [
    "CheckResult",
    "Escalate",
    "clock_extend",
    "clock_fulfil",
    "clock_pause",
    "clock_resume",
    "clocks_check",
    "clocks_on_hold",
    "clocks_on_release",
    "clocks_on_reopen",
    "clocks_stop_on_resolve",
    "clocks_stop_on_resolve_many",
    "ticket_clocks_plan",
    "ticket_clocks_replan",
    "ticket_clocks_start",
    "ticket_profile_set",
]
