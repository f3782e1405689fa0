"""FAQ factories: articles are saved through article_save, so they are indexed."""

from typing import Any

import factory

from knowledgebase.models import Article, Category
from knowledgebase.services import article_save


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    name_zh_hans = factory.Sequence(lambda n: f"分类 {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    slug = factory.Sequence(lambda n: f"article-{n}")
    category = factory.SubFactory(CategoryFactory)
    status = Article.Status.PUBLISHED
    title_en = factory.Sequence(lambda n: f"Answer number {n}")
    title_zh_hans = factory.Sequence(lambda n: f"第 {n} 个答案")
    summary_en = "A short summary."
    summary_zh_hans = "简短的摘要。"
    body_en = "Some **helpful** text."
    body_zh_hans = "一些**有用的**内容。"

    @classmethod
    def _create(cls, model_class: type[Article], *args: Any, **kwargs: Any) -> Article:
        related = kwargs.pop("related", ())
        article = article_save(article=model_class(**kwargs), actor=None)
        if related:
            article.related.set(related)
        return article
