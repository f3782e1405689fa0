"""Links that the site mails, as a person would copy them from the message."""

import re

from django.core.mail import EmailMessage

# django-allauth's address confirmation link, which opens a new account.
SIGNUP_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)")


def signup_link_path(message: EmailMessage) -> str:
    """The path of the confirmation link in a sign-up mail."""
    found = SIGNUP_LINK.search(message.body)
    assert found, message.body
    return found.group(1)
