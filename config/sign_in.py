"""Sign-in for config.settings: django-allauth's accounts, OpenID Connect and MFA.

Django's own session model stays: allauth signs people in with django.contrib.auth's
login(), so sessions, django-axes and the API's session auth see nothing new.
"""

import os

from config.env import env_bool

# The allauth apps, appended to INSTALLED_APPS by config.settings.
ALLAUTH_APPS = [
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
]

# Usernames stay the portal's log-in name; accounts made by the wallet core sign in
# by OpenID Connect, hand-off link or phone code instead.
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False

# Username and password sign-up: on for the demo and development, off in production
# (customers come from the wallet core).
WALLETDESK_PASSWORD_SIGNUP = env_bool("WALLETDESK_PASSWORD_SIGNUP", default=True)

SOCIALACCOUNT_PROVIDERS: dict = {}

# Text messages (sms package): the console backend prints them; production sets
# sms.backends.http.SmsBackend with the gateway's URL and shared secret.
WALLETDESK_SMS_BACKEND = os.environ.get(
    "WALLETDESK_SMS_BACKEND", "sms.backends.console.SmsBackend"
)
WALLETDESK_SMS_HTTP_URL = os.environ.get("WALLETDESK_SMS_HTTP_URL", "")
WALLETDESK_SMS_HTTP_SECRET = os.environ.get("WALLETDESK_SMS_HTTP_SECRET", "")
WALLETDESK_SMS_HTTP_TIMEOUT = float(os.environ.get("WALLETDESK_SMS_HTTP_TIMEOUT", "5"))
