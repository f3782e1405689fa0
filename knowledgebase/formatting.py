"""Article bodies: Markdown (or limited HTML) in, sanitised HTML and plain text out.

Bodies are rendered and sanitised once, when an article is saved; pages print the
stored HTML with |safe and nothing else is ever marked safe. nh3 (the Ammonia
sanitiser) enforces the allow-list, so raw HTML an editor types is cleaned too.
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "blockquote",
        "br",
        "code",
        "dd",
        "dl",
        "dt",
        "em",
        "h2",
        "h3",
        "h4",
        "hr",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})

_markdown = MarkdownIt("commonmark", {"html": True}).enable("table")


def body_html(source: str) -> str:
    """Render Markdown to HTML that only holds allow-listed tags and attributes."""
    return nh3.clean(
        _markdown.render(source),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
    )


def plain_text(html: str) -> str:
    """Return the text of sanitised HTML, for indexing and summaries."""
    return nh3.clean(html, tags=set())
