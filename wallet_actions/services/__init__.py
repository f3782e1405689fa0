"""Wallet actions: ask the core to act, approve, retry, and record its answers."""

from wallet_actions.services.outcomes import (
    action_callback_verify,
    action_record_outcome,
)
from wallet_actions.services.requests import (
    action_approve,
    action_mark_sent,
    action_request,
    action_retry,
    actions_time_out,
)

__all__ = [
    "action_approve",
    "action_callback_verify",
    "action_mark_sent",
    "action_record_outcome",
    "action_request",
    "action_retry",
    "actions_time_out",
]
