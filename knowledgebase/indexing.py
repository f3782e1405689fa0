"""The derived columns of an article: sanitised HTML and weighted search tokens."""

from collections.abc import Mapping

from knowledgebase.formatting import body_html, plain_text
from knowledgebase.tokens import token_text

SOURCE_FIELDS = (
    "title_en",
    "title_zh_hans",
    "summary_en",
    "summary_zh_hans",
    "body_en",
    "body_zh_hans",
    "keywords",
)
DERIVED_FIELDS = (
    "body_html_en",
    "body_html_zh_hans",
    "search_title",
    "search_summary",
    "search_body",
)


def derived_fields(source: Mapping[str, str]) -> dict[str, str]:
    """Return the HTML and search columns for an article's source text.

    Titles and keywords are weight A, summaries B and bodies C, for both
    languages at once: Chinese and English tokens never collide.
    """
    html_en = body_html(source.get("body_en", ""))
    html_zh = body_html(source.get("body_zh_hans", ""))
    return {
        "body_html_en": html_en,
        "body_html_zh_hans": html_zh,
        "search_title": token_text(
            source.get("title_en", ""),
            source.get("title_zh_hans", ""),
            source.get("keywords", "").replace(",", " ").replace("\uff0c", " "),
        ),
        "search_summary": token_text(
            source.get("summary_en", ""), source.get("summary_zh_hans", "")
        ),
        "search_body": token_text(plain_text(html_en), plain_text(html_zh)),
    }
