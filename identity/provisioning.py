"""Customers as the wallet core knows them: create or update one by account id."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import Language, User
from accounts.names import name_check
from accounts.phones import phone_normalize
from accounts.services import user_create
from audit.recorder import audit_refusal
from identity.errors import EmailTakenError

ACCOUNT_ID_MAX_LENGTH = 150


@dataclass(frozen=True)
class CustomerProfile:
    """What the core says about a customer; display_name is shown as their name."""

    phone: str
    email: str
    display_name: str
    preferred_language: str
    status: str


def account_id_check(account_id: str) -> str:
    """The account id as stored; raise ValidationError if it cannot be one.

    The characters of a username (letters, digits and @ . + - _): customers who
    signed up before the core provisioned them have their username as account id.
    """
    if (
        not account_id
        or len(account_id) > ACCOUNT_ID_MAX_LENGTH
        or not all(char.isalnum() or char in "@.+-_" for char in account_id)
    ):
        raise ValidationError(
            {
                "account_id": _(
                    "A wallet account id is 1 to 150 letters, digits or the characters @ . + - _."
                )
            },
            code="invalid_account_id",
        )
    return account_id


def _profile_check(profile: CustomerProfile) -> dict[str, str]:
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    try:
        values["phone"] = phone_normalize(profile.phone) if profile.phone else ""
    except ValidationError as error:
        errors["phone"] = error.messages[0]
    values["email"] = profile.email.strip()
    display_name = profile.display_name.strip()
    try:
        name_check(display_name)
    except ValidationError as error:
        errors["display_name"] = error.messages[0]
    values["display_name"] = display_name[:150]
    if profile.preferred_language not in Language.values:
        errors["preferred_language"] = _("Choose zh-hans or en.")
    if profile.status not in User.AccountStatus.values:
        errors["status"] = _("Choose active or closed.")
    if errors:
        raise ValidationError(errors)
    return values


def _email_holder(*, account_id: str, email: str) -> User | None:
    """Someone else (customer or staff) who already has email, if anyone."""
    if not email:
        return None
    return (
        User.objects.filter(email__iexact=email)
        .exclude(wallet_account_id=account_id)
        .only("pk", "username")
        .first()
    )


def _free_username(account_id: str) -> str:
    candidates = [account_id, f"wallet-{account_id}"[:150]]
    candidates += [f"wallet-{account_id}"[:140] + f"-{n}" for n in range(2, 20)]
    taken = set(
        User.objects.filter(username__in=candidates).values_list("username", flat=True)
    )
    return next(name for name in candidates if name not in taken)


def _apply(user: User, values: dict[str, str], profile: CustomerProfile) -> list[str]:
    wanted = {
        "phone": values["phone"],
        "email": values["email"],
        "first_name": values["display_name"],
        "last_name": "",
        "preferred_language": profile.preferred_language,
        "account_status": profile.status,
    }
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, wanted[name])
    return changed


def customer_provision(
    *, account_id: str, profile: CustomerProfile
) -> tuple[User, bool]:
    """Create the customer with this wallet account id, or bring them up to date.

    Idempotent: the same profile sent twice changes nothing the second time.
    Returns (customer, created). The account's row is locked while it is
    updated, so two calls for one account apply one after the other. Changes
    are audited by the user row's audit trail.
    Raises ValidationError (malformed phone, language, status or account id) or
    EmailTakenError when another person already has the email; an email
    take-over could impersonate that person, so it is audited as refused.
    Nothing is changed on any error.
    """
    account_id_check(account_id)
    values = _profile_check(profile)
    holder = _email_holder(account_id=account_id, email=values["email"])
    if holder is not None:
        audit_refusal(
            model=User,
            object_id=str(holder.pk),
            label=f"user #{holder.pk}",
            reason="email_taken",
            details={"account_id": account_id},
        )
        raise EmailTakenError
    try:
        return _provision(account_id=account_id, values=values, profile=profile)
    except IntegrityError:
        # A concurrent call created this account first: update it instead.
        return _provision(account_id=account_id, values=values, profile=profile)


@transaction.atomic
def _provision(
    *, account_id: str, values: dict[str, str], profile: CustomerProfile
) -> tuple[User, bool]:
    user = (
        User.objects.select_for_update()
        .filter(wallet_account_id=account_id, role=User.Role.CUSTOMER)
        .first()
    )
    if user is None:
        with transaction.atomic():
            created = user_create(
                username=_free_username(account_id),
                email=values["email"],
                password=None,
                role=User.Role.CUSTOMER,
                first_name=values["display_name"],
                preferred_language=profile.preferred_language,
                wallet_account_id=account_id,
                phone=values["phone"],
                account_status=profile.status,
            )
        return created, True
    changed = _apply(user, values, profile)
    if changed:
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed)
    return user, False
