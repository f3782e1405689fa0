"""Staff second factors for config.settings: django-allauth's mfa.

TOTP apps, WebAuthn security keys and passkeys, and recovery codes, managed on
/accounts/2fa/. accounts.second_factor keeps the roles in
WALLETDESK_MFA_REQUIRED_ROLES on enrolment until they have a factor.
"""

from config.env import env_bool, env_list

MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Walletdesk"
# A code read off the phone just before its 30-second step ends is still
# accepted after the step turns (RFC 6238 §5.2 advises one step back for the
# time it takes to type it); the next step's code is refused. Used codes are
# remembered for the whole window, so none can be replayed.
MFA_TOTP_TOLERANCE = 1
# Passkeys and security keys are a second factor after the password, not a way
# around it.
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_PASSKEY_SIGNUP_ENABLED = False
# Browsers allow WebAuthn on http://localhost only; off in production.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env_bool("DJANGO_DEBUG")
MFA_RECOVERY_CODE_COUNT = 10
# Every sign-in asks for the code: no "trust this browser" cookie.
MFA_TRUST_ENABLED = False

# Roles that must have a second factor (User.Role values, and "admin" for
# superusers). Agents may enrol; set "" to require it of nobody (never in
# production).
WALLETDESK_MFA_REQUIRED_ROLES = env_list(
    "WALLETDESK_MFA_REQUIRED_ROLES", "supervisor,manager,admin"
)
