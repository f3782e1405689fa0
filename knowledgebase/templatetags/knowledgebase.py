from django import template

from knowledgebase import selectors

register = template.Library()


@register.inclusion_tag("knowledgebase/_top_articles.html")
def faq_top_articles() -> dict[str, object]:
    """The most read answers, for the portal home page (one query)."""
    return {"top_articles": list(selectors.article_list_top(limit=5))}
