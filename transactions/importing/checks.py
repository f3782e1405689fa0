"""Checking one row: amounts, moments, the owner by account id or username, and
every field against the Transaction model's limits."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from accounts.models import User
from transactions.importing.records import (
    _CURRENCY,
    _MAX_LENGTHS,
    _MAX_PLACES,
    _MAX_WHOLE_DIGITS,
    COLUMNS,
    REQUIRED_COLUMNS,
    _Row,
)
from transactions.models import Transaction


def _decimal(value: str, name: str, *, positive: bool) -> tuple[Decimal | None, str]:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None, _(
            "%(field)s must be a decimal number such as 12.50, not %(value)r."
        ) % {
            "field": name,
            "value": value,
        }
    if not number.is_finite():
        return None, _(
            "%(field)s must be a decimal number such as 12.50, not %(value)r."
        ) % {
            "field": name,
            "value": value,
        }
    if positive and number <= 0:
        return None, _("%(field)s must be more than zero.") % {"field": name}
    if not positive and number < 0:
        return None, _("%(field)s cannot be negative.") % {"field": name}
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if places > _MAX_PLACES:
        return None, _("%(field)s has more than %(places)d decimal places.") % {
            "field": name,
            "places": _MAX_PLACES,
        }
    if abs(number) >= Decimal(10) ** _MAX_WHOLE_DIGITS:
        return None, _("%(field)s is too large.") % {"field": name}
    return number, ""


def _moment(value: str, name: str) -> tuple[datetime | None, str]:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None, _(
            "%(field)s must be an ISO 8601 date and time such as 2026-03-01T09:30:00+08:00, not %(value)r."
        ) % {"field": name, "value": value}
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None, _("%(field)s has no UTC offset; add one, such as +08:00 or Z.") % {
            "field": name
        }
    return moment, ""


@dataclass(frozen=True)
class _Owners:
    by_account_id: Mapping[str, User]
    by_username: Mapping[str, User]


def _owner_check(text: Mapping[str, str], owners: _Owners) -> tuple[User | None, str]:
    account_id, username = text["account_id"], text["owner"]
    if not account_id and not username:
        return None, _("account_id (or owner, a username) is required.")
    by_account = owners.by_account_id.get(account_id) if account_id else None
    if account_id and by_account is None:
        return None, _(
            "account_id %(account_id)r: no customer has this wallet account id."
        ) % {"account_id": account_id}
    by_username = owners.by_username.get(username) if username else None
    if username and by_username is None:
        return None, _("owner %(owner)r: no customer account has this username.") % {
            "owner": username
        }
    if by_account is not None and by_username is not None and by_account != by_username:
        return None, _(
            "account_id %(account_id)r and owner %(owner)r name different customers."
        ) % {"account_id": account_id, "owner": username}
    return by_account or by_username, ""


def _check_row(row: _Row, owners: _Owners) -> list[str]:
    """Check one row; on success leave an unsaved Transaction on row.record."""
    values = row.values
    problems: list[str] = []
    for name in REQUIRED_COLUMNS:
        if not values.get(name, "").strip():
            problems.append(_("%(field)s is required.") % {"field": name})
    for name, limit in _MAX_LENGTHS.items():
        if len(values.get(name, "")) > limit:
            problems.append(
                _("%(field)s is longer than %(limit)d characters.")
                % {"field": name, "limit": limit}
            )
    text = {name: values.get(name, "").strip() for name in COLUMNS}

    owner, problem = _owner_check(text, owners)
    problems += [problem] if problem else []
    if text["type"] and text["type"] not in Transaction.Type.values:
        problems.append(
            _("type %(value)r is not one of %(allowed)s.")
            % {"value": text["type"], "allowed": ", ".join(Transaction.Type.values)}
        )
    status = text["status"]
    if status and status not in Transaction.Status.values:
        problems.append(
            _("status %(value)r is not one of %(allowed)s.")
            % {"value": status, "allowed": ", ".join(Transaction.Status.values)}
        )
    cancel_source = text["cancel_source"]
    if cancel_source and cancel_source not in Transaction.CancelSource.values:
        problems.append(
            _("cancel_source %(value)r is not one of %(allowed)s.")
            % {
                "value": cancel_source,
                "allowed": ", ".join(Transaction.CancelSource.values),
            }
        )
    elif status == Transaction.Status.CANCELLED and not cancel_source:
        problems.append(_("A cancelled record needs cancel_source (who cancelled it)."))
    elif status and status != Transaction.Status.CANCELLED and cancel_source:
        problems.append(
            _("cancel_source is only for cancelled records; this one is %(status)s.")
            % {"status": status}
        )
    currency = text["currency"].upper()
    if currency and not _CURRENCY.match(currency):
        problems.append(
            _("currency %(value)r must be a code such as CNY, USD or USDT.")
            % {"value": text["currency"]}
        )

    amount: Decimal | None = None
    if text["amount"]:
        amount, problem = _decimal(text["amount"], "amount", positive=True)
        problems += [problem] if problem else []
    fee: Decimal | None = Decimal(0)
    if text["fee"]:
        fee, problem = _decimal(text["fee"], "fee", positive=False)
        problems += [problem] if problem else []

    moments: dict[str, datetime | None] = {}
    for name in ("occurred_at", "completed_at", "cancelled_at"):
        moments[name] = None
        if text[name]:
            moments[name], problem = _moment(text[name], name)
            problems += [problem] if problem else []
    occurred = moments["occurred_at"]
    for name in ("completed_at", "cancelled_at"):
        later = moments[name]
        if occurred and later and later < occurred:
            problems.append(_("%(field)s is before occurred_at.") % {"field": name})
    if moments["cancelled_at"] and status and status != Transaction.Status.CANCELLED:
        problems.append(
            _("cancelled_at is only for cancelled records; this one is %(status)s.")
            % {"status": status}
        )

    if not problems:
        row.record = Transaction(
            reference=text["reference"],
            owner=owner,
            type=text["type"],
            amount=amount,
            currency=currency,
            network=text["network"],
            fee=fee,
            status=status,
            cancel_source=cancel_source,
            cancel_reason=text["cancel_reason"],
            counterparty_name=text["counterparty_name"],
            counterparty_account=text["counterparty_account"],
            chain_hash=text["chain_hash"],
            occurred_at=occurred,
            completed_at=moments["completed_at"],
            cancelled_at=moments["cancelled_at"],
        )
    return problems
