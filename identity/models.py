from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInLink(models.Model):
    """A one-time app hand-off link: the wallet app opens it already signed in.

    Only the SHA-256 of the token is stored; the token itself is in the URL the
    core received. Redeeming marks used_at with one conditional UPDATE, so a
    link signs in once however many processes race for it.
    """

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("customer"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    next_path = models.CharField(_("lands on"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")

    def __str__(self) -> str:
        return f"sign-in link #{self.pk}"
