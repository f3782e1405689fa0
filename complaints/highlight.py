"""Mark the words of a staff search in ticket text, escaping everything else.

Our own highlighter rather than ts_headline: the admin list shows a few dozen
rows whose text it already loaded, so marking them in Python costs no query,
works the same on SQLite, and every piece of customer text is escaped before
the <mark> tags are put around it.
"""

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from knowledgebase.tokens import has_cjk, query_tokens

SNIPPET_CHARS = 80


@lru_cache(maxsize=256)
def _pattern(query: str) -> re.Pattern[str] | None:
    # Cached: a list page marks the same query in every row (25 segmentations).
    words = {word for word in re.split(r"\s+", query.strip()) if len(word) > 1}
    # Stems ("charg") mark the whole written word ("charged").
    words.update(query_tokens(query))
    if not words:
        return None
    parts = sorted(words, key=len, reverse=True)
    alternatives = [
        re.escape(word) if has_cjk(word) else rf"\b{re.escape(word)}\w*"
        for word in parts
    ]
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlight(text: str, *, query: str) -> SafeString:
    """Return text, escaped, with the query's words wrapped in <mark>."""
    pattern = _pattern(query) if query else None
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped just now
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() == match.end():
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped


def snippet(text: str, *, query: str, width: int = SNIPPET_CHARS) -> SafeString:
    """The part of text around its first match, highlighted; "" without a match."""
    pattern = _pattern(query) if query else None
    match = pattern.search(text) if pattern else None
    if match is None:
        return mark_safe("")
    start = max(match.start() - width // 3, 0)
    end = min(start + width, len(text))
    part = text[start:end]
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(  # noqa: S308 - highlight escapes
        f"{prefix}{highlight(part, query=query)}{suffix}"
    )
