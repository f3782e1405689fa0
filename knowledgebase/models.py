"""The bilingual FAQ: categories, articles, votes, deflections and missed searches.

Content has exactly two languages, so each text has an explicit column per
language (``title_en``, ``title_zh_hans``) rather than a translation table or
django-modeltranslation's runtime patching: the admin form, the search columns
and the fallback are plain fields anyone can read. A missing translation falls
back to the other language and the page says so.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Language

# Paths under /faq/ that an article slug must not shadow.
RESERVED_SLUGS = frozenset({"search", "suggest", "category", "deflect", "thanks"})


def _language_suffix(language: str) -> str:
    return "zh_hans" if language.lower().startswith("zh") else "en"


def _other(language: str) -> str:
    return Language.EN if _language_suffix(language) == "zh_hans" else Language.ZH_HANS


@dataclass(frozen=True)
class Shown:
    """Text picked for a reader: in their language, or the other one as a fallback."""

    title: str
    summary: str
    body_html: str
    language: str
    is_fallback: bool


class CategoryQuerySet(models.QuerySet["Category"]):
    def ordered(self) -> "CategoryQuerySet":
        return self.order_by("position", "slug")


class Category(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=120, blank=True)
    description_en = models.CharField(
        _("description (English)"), max_length=300, blank=True
    )
    description_zh_hans = models.CharField(
        _("description (Chinese)"), max_length=300, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("FAQ category")
        verbose_name_plural = _("FAQ categories")
        ordering = ["position", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_en="") | ~Q(name_zh_hans=""),
                name="kb_category_has_name",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledgebase:category_detail", args=[self.slug])

    def clean(self) -> None:
        if not (self.name_en or self.name_zh_hans):
            raise ValidationError(
                _("Give the category a name in at least one language.")
            )

    @property
    def name(self) -> str:
        suffix = _language_suffix(translation.get_language() or "")
        return getattr(self, f"name_{suffix}") or self.name_en or self.name_zh_hans

    @property
    def description(self) -> str:
        suffix = _language_suffix(translation.get_language() or "")
        return (
            getattr(self, f"description_{suffix}")
            or self.description_en
            or self.description_zh_hans
        )


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self) -> "ArticleQuerySet":
        return self.filter(status=Article.Status.PUBLISHED)

    def readable_by(self, user: object) -> "ArticleQuerySet":
        """Published articles; support staff also read internal-only ones."""
        if getattr(user, "is_desk_staff", False) or getattr(
            user, "is_superuser", False
        ):
            return self.filter(
                status__in=[Article.Status.PUBLISHED, Article.Status.INTERNAL]
            )
        return self.published()

    def ordered(self) -> "ArticleQuerySet":
        return self.order_by("position", "slug")


class Article(models.Model):
    """One answer in two languages; the search and HTML columns are derived.

    ``knowledgebase.services.article_save`` is the only writer of the derived
    columns (``body_html_*`` and ``search_*``), so a save through anything else
    leaves them stale.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        INTERNAL = "internal", _("Internal only (agents)")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("category"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_zh_hans = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    summary_zh_hans = models.CharField(
        _("summary (Chinese)"), max_length=300, blank=True
    )
    body_en = models.TextField(
        _("body (English)"),
        blank=True,
        help_text=_(
            "Markdown; a few HTML tags are allowed and everything else is removed."
        ),
    )
    body_zh_hans = models.TextField(
        _("body (Chinese)"),
        blank=True,
        help_text=_(
            "Markdown; a few HTML tags are allowed and everything else is removed."
        ),
    )
    keywords = models.CharField(
        _("search keywords"),
        max_length=300,
        blank=True,
        help_text=_(
            "Other words customers use for this topic, in either language, "
            "separated by spaces or commas."
        ),
    )
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("related articles")
    )
    body_html_en = models.TextField(editable=False, blank=True)
    body_html_zh_hans = models.TextField(editable=False, blank=True)
    # Space-padded search tokens (see knowledgebase.tokens), weighted A, B and C.
    search_title = models.TextField(editable=False, blank=True)
    search_summary = models.TextField(editable=False, blank=True)
    search_body = models.TextField(editable=False, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    helpful_count = models.PositiveIntegerField(
        _("helpful votes"), default=0, editable=False
    )
    not_helpful_count = models.PositiveIntegerField(
        _("not helpful votes"), default=0, editable=False
    )
    deflection_count = models.PositiveIntegerField(
        _("tickets avoided"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("FAQ article")
        verbose_name_plural = _("FAQ articles")
        ordering = ["position", "slug"]
        indexes = [
            models.Index(
                fields=["category", "status", "position"], name="kb_article_list_idx"
            ),
            models.Index(fields=["status", "-view_count"], name="kb_article_top_idx"),
        ]
        # On PostgreSQL, migration 0002 also adds a generated tsvector column,
        # search_document, with a GIN index, outside the model state so SQLite
        # never sees them (see knowledgebase.search).
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "internal"]),
                name="kb_article_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(title_en="") | ~Q(title_zh_hans=""),
                name="kb_article_has_title",
            ),
        ]

    def __str__(self) -> str:
        return self.title_en or self.title_zh_hans

    def get_absolute_url(self) -> str:
        return reverse("knowledgebase:article_detail", args=[self.slug])

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = ValidationError(
                _("“%(slug)s” is a reserved address; choose another slug."),
                params={"slug": self.slug},
            )
        if not (self.title_en or self.title_zh_hans):
            errors["title_en"] = ValidationError(
                _("Give the article a title in at least one language.")
            )
        for suffix in ("en", "zh_hans"):
            title = getattr(self, f"title_{suffix}")
            if bool(title) != bool(getattr(self, f"body_{suffix}")):
                errors[f"body_{suffix}" if title else f"title_{suffix}"] = (
                    ValidationError(
                        _(
                            "Write both the title and the body in this language, or neither."
                        )
                    )
                )
        if errors:
            raise ValidationError(errors)

    def shown(self, language: str) -> Shown:
        """Return the text in language, or the other language when it has none."""
        suffix = _language_suffix(language)
        if getattr(self, f"title_{suffix}"):
            chosen = Language.ZH_HANS if suffix == "zh_hans" else Language.EN
        else:
            chosen = _other(language)
        chosen_suffix = _language_suffix(chosen)
        return Shown(
            title=getattr(self, f"title_{chosen_suffix}"),
            summary=getattr(self, f"summary_{chosen_suffix}"),
            body_html=getattr(self, f"body_html_{chosen_suffix}"),
            language=chosen,
            is_fallback=_language_suffix(chosen) != suffix,
        )

    @property
    def current(self) -> Shown:
        """The text for the active language (what templates print)."""
        return self.shown(translation.get_language() or Language.ZH_HANS)

    @property
    def vote_total(self) -> int:
        return self.helpful_count + self.not_helpful_count


class ArticleVote(models.Model):
    """A reader's "was this helpful?" answer: one per user, or per session if anonymous."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("article"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    session_key = models.CharField(_("session"), max_length=40, blank=True)
    is_helpful = models.BooleanField(_("helpful"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("article vote")
        verbose_name_plural = _("article votes")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"],
                condition=Q(user__isnull=False),
                name="kb_vote_one_per_user",
            ),
            models.UniqueConstraint(
                fields=["article", "session_key"],
                condition=Q(user__isnull=True),
                name="kb_vote_one_per_session",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(session_key=""),
                name="kb_vote_has_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {'+' if self.is_helpful else '-'}"


class Deflection(models.Model):
    """A customer said an article solved the problem they were about to file."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="deflections",
        verbose_name=_("article"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    session_key = models.CharField(_("session"), max_length=40, blank=True)
    query = models.CharField(_("what they typed"), max_length=500, blank=True)
    situation = models.CharField(_("ticket form"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("deflection")
        verbose_name_plural = _("deflections")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.article_id} @ {date_format(timezone.localtime(self.created_at), 'DATETIME_FORMAT')}"


class SearchMiss(models.Model):
    """A search that found nothing: what customers look for and the FAQ lacks."""

    query = models.CharField(_("query"), max_length=200)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )
    count = models.PositiveIntegerField(_("times searched"), default=1)
    first_seen_at = models.DateTimeField(_("first searched"))
    last_seen_at = models.DateTimeField(_("last searched"), db_index=True)

    class Meta:
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        ordering = ["-last_seen_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["query", "language"], name="kb_search_miss_unique"
            )
        ]

    def __str__(self) -> str:
        return self.query
