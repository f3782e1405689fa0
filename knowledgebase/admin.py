from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from config.admin_paging import BoundedPagingAdmin
from knowledgebase import services
from knowledgebase.models import Article, Category, Deflection, SearchMiss


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_zh_hans", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "name_zh_hans", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    ordering = ("position", "slug")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """Supervisors write both languages here; saving renders and indexes the text."""

    list_display = (
        "__str__",
        "title_zh_hans",
        "category",
        "status",
        "position",
        "view_count",
        "helpful_count",
        "not_helpful_count",
        "deflection_count",
        "updated_at",
    )
    list_filter = ("status", "category")
    list_select_related = ("category",)
    search_fields = ("slug", "title_en", "title_zh_hans", "keywords")
    ordering = ("category__position", "position", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("related",)
    readonly_fields = (
        "view_count",
        "helpful_count",
        "not_helpful_count",
        "deflection_count",
        "created_at",
        "updated_at",
        "updated_by",
    )
    fieldsets = (
        (None, {"fields": ("slug", "category", "status", "position", "keywords")}),
        (
            _("Simplified Chinese"),
            {"fields": ("title_zh_hans", "summary_zh_hans", "body_zh_hans")},
        ),
        (_("English"), {"fields": ("title_en", "summary_en", "body_en")}),
        (_("Related articles"), {"fields": ("related",)}),
        (
            _("Readers"),
            {
                "fields": (
                    "view_count",
                    "helpful_count",
                    "not_helpful_count",
                    "deflection_count",
                    "created_at",
                    "updated_at",
                    "updated_by",
                )
            },
        ),
    )

    def save_model(
        self, request: HttpRequest, obj: Article, form: ModelForm, change: bool
    ) -> None:
        services.article_save(article=obj, actor=request.user)


class _ReadOnlyAdmin(BoundedPagingAdmin, admin.ModelAdmin):
    """Reader analytics: supervisors look, nobody edits."""

    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: object | None = None
    ) -> bool:
        return False


@admin.register(SearchMiss)
class SearchMissAdmin(_ReadOnlyAdmin):
    list_display = ("query", "language", "count", "first_seen_at", "last_seen_at")
    list_filter = ("language",)
    search_fields = ("query",)
    ordering = ("-count", "-last_seen_at")


@admin.register(Deflection)
class DeflectionAdmin(_ReadOnlyAdmin):
    list_display = ("created_at", "article", "user", "situation", "language", "query")
    list_filter = ("situation", "language")
    list_select_related = ("article", "user")
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Deflection]:
        return super().get_queryset(request).select_related("article", "user")
