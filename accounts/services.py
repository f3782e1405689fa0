"""Writes to user accounts: creation with a role, role, language and notice channels."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Language, User


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    password: str | None,
    role: str = User.Role.CUSTOMER,
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = Language.ZH_HANS,
    is_superuser: bool = False,
    wallet_account_id: str | None = None,
    phone: str = "",
    account_status: str = User.AccountStatus.ACTIVE,
) -> User:
    """Create a user with a role; staff roles may use the admin.

    Puts the user in the role's group (created by roles_sync after migrate). A
    customer not provisioned by the wallet core gets their username as wallet
    account id, as migration 0003 gave every earlier customer.
    Raises ValidationError for an invalid role, username, email, phone or a
    wallet account id already taken.
    """
    is_customer = role == User.Role.CUSTOMER
    if is_customer and wallet_account_id is None:
        wallet_account_id = username
    user = User(
        username=username,
        email=email,
        role=role,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
        is_staff=not is_customer or is_superuser,
        is_superuser=is_superuser,
        wallet_account_id=wallet_account_id if is_customer else None,
        phone=phone,
        account_status=account_status,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    group, _created = Group.objects.get_or_create(name=role)
    user.groups.set([group])
    return user


def user_set_language(*, user: User, language: str) -> User:
    """Remember the user's portal and notice language."""
    if language not in Language.values:
        language = Language.ZH_HANS
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user


def user_set_notice_channels(*, user: User, by_email: bool, by_sms: bool) -> User:
    """Remember how the person wants notices besides in-app (always on).

    Raises ValidationError, changing nothing, for SMS without a phone number.
    """
    if by_sms and not user.phone:
        raise ValidationError(
            _("A phone number is needed for notices by SMS."), code="no_phone"
        )
    user.notify_by_email = by_email
    user.notify_by_sms = by_sms
    user.save(update_fields=["notify_by_email", "notify_by_sms"])
    return user
