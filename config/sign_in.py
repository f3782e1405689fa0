"""Sign-in for config.settings: django-allauth's accounts, OpenID Connect and MFA.

Django's own session model stays: allauth signs people in with django.contrib.auth's
login(), so sessions, django-axes and the API's session auth see nothing new. The
adapters (identity.adapters) hold Walletdesk's rules: who may sign up, how phone
codes are sent, which customer an OpenID Connect `sub` is.
"""

import os

from config.env import env_bool

# The allauth apps, appended to INSTALLED_APPS by config.settings.
ALLAUTH_APPS = [
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # allauth's OpenID Connect provider with the nonce and signature checks
    # (identity/walletid): the wallet's identity provider.
    "identity.walletid",
    "allauth.mfa",
]

ACCOUNT_ADAPTER = "identity.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "identity.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "request_login_code": "accounts.forms.PhoneCodeRequestForm",
}

# Log in with a username (or a customer's phone) and password, or with a code sent
# to the phone (accounts/login/code/). Customers the wallet core provisions use
# OpenID Connect, the app's hand-off link or a phone code.
ACCOUNT_LOGIN_METHODS = {"username", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Every sign-up ends on the same "check your email" page; an address that has an
# account gets a mail saying so, never a hint on the page.
ACCOUNT_PREVENT_ENUMERATION = True
# A self-made account stays inactive until its address is confirmed
# (identity.adapters): nobody sets up an account for a mailbox they cannot read.
# Accounts the core provisions, staff and older accounts need no confirmation.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 2
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_PHONE_VERIFICATION_ENABLED = False
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# A phone code works once, for five minutes, and three wrong tries end it.
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = int(
    os.environ.get("WALLETDESK_SMS_CODE_SECONDS", "300")
)
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
# A new code is asked for on the request page, which counts it.
ACCOUNT_LOGIN_BY_CODE_MAX_RESEND_COUNT = 0
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Walletdesk] "

# Username and password sign-up: on for the demo and development; set it to 0 in
# production, where customers come from the wallet core.
WALLETDESK_PASSWORD_SIGNUP = env_bool("WALLETDESK_PASSWORD_SIGNUP", default=True)
# Phone codes: per number and per address (django-allauth's rate syntax).
WALLETDESK_SMS_CODES_PER_NUMBER = os.environ.get(
    "WALLETDESK_SMS_CODES_PER_NUMBER", "5/h"
)
WALLETDESK_SMS_CODES_PER_IP = os.environ.get("WALLETDESK_SMS_CODES_PER_IP", "20/h")
# Sign-ups per address: enough for a family behind one router, not for a script.
WALLETDESK_SIGNUP_RATE_PER_IP = os.environ.get("WALLETDESK_SIGNUP_RATE_PER_IP", "10/h")

ACCOUNT_RATE_LIMITS = {
    # Log-in failures are django-axes' (per username and address) and
    # WALLETDESK_LOGIN_FAILURES_PER_IP's: one lockout page, one set of counters.
    "login_failed": False,
    "signup": f"{WALLETDESK_SIGNUP_RATE_PER_IP}/ip",
    "request_login_code": (
        f"{WALLETDESK_SMS_CODES_PER_IP}/ip,{WALLETDESK_SMS_CODES_PER_NUMBER}/key"
    ),
    # allauth's own reset page keeps to the portal's reset limits.
    "reset_password": "10/h/ip,3/h/key",
}

# OpenID Connect from the wallet's identity provider: on when all three are set.
# Authorization code with PKCE; the ID token's signature, issuer, audience, expiry
# and nonce are checked; its `sub` is the customer's wallet account id.
WALLETDESK_OIDC_ISSUER = os.environ.get("WALLETDESK_OIDC_ISSUER", "").rstrip("/")
WALLETDESK_OIDC_CLIENT_ID = os.environ.get("WALLETDESK_OIDC_CLIENT_ID", "")
WALLETDESK_OIDC_SECRET = os.environ.get("WALLETDESK_OIDC_SECRET", "")
WALLETDESK_OIDC_NAME = os.environ.get("WALLETDESK_OIDC_NAME", "")
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS: dict = {
    "walletid": {
        "OAUTH_PKCE_ENABLED": True,
        "SCOPE": ["openid", "profile", "email", "phone"],
        "APPS": (
            [
                {
                    "provider_id": "wallet",
                    "name": WALLETDESK_OIDC_NAME or "Wallet",
                    "client_id": WALLETDESK_OIDC_CLIENT_ID,
                    "secret": WALLETDESK_OIDC_SECRET,
                    "settings": {
                        "server_url": WALLETDESK_OIDC_ISSUER,
                        "fetch_userinfo": False,
                    },
                }
            ]
            if WALLETDESK_OIDC_ISSUER
            and WALLETDESK_OIDC_CLIENT_ID
            and WALLETDESK_OIDC_SECRET
            else []
        ),
    }
}

# Text messages (sms package): the console backend prints them; production sets
# sms.backends.http.SmsBackend with the gateway's URL and shared secret.
WALLETDESK_SMS_BACKEND = os.environ.get(
    "WALLETDESK_SMS_BACKEND", "sms.backends.console.SmsBackend"
)
WALLETDESK_SMS_HTTP_URL = os.environ.get("WALLETDESK_SMS_HTTP_URL", "")
WALLETDESK_SMS_HTTP_SECRET = os.environ.get("WALLETDESK_SMS_HTTP_SECRET", "")
WALLETDESK_SMS_HTTP_TIMEOUT = float(os.environ.get("WALLETDESK_SMS_HTTP_TIMEOUT", "5"))
# Six digits: typed from a text message on a phone's number pad.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
