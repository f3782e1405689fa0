"""FAQ search results for API clients."""

from typing import Any

from rest_framework import serializers

from knowledgebase.models import Article


class ArticleSearchOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField(
        help_text="The language of the text: the reader's, or the other one as a "
        "fallback when the article has no translation."
    )
    category = serializers.CharField(source="category.slug")
    url = serializers.CharField(source="get_absolute_url")

    def _shown(self, article: Article) -> Any:
        return article.shown(self.context["language"])

    def get_title(self, article: Article) -> str:
        return self._shown(article).title

    def get_summary(self, article: Article) -> str:
        return self._shown(article).summary

    def get_language(self, article: Article) -> str:
        return self._shown(article).language


class ArticleSearchResultSerializer(serializers.Serializer):
    query = serializers.CharField()
    terms = serializers.ListField(child=serializers.CharField())
    corrected = serializers.BooleanField(
        help_text="The words were corrected for typos before searching."
    )
    results = ArticleSearchOutputSerializer(many=True, source="articles")
