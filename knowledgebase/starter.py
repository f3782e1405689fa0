"""Load the starter FAQ (knowledgebase/data/starter_set.py) into the database.

Written against model classes passed in, so the data migration can run it with
its historical models and the ``faq_load_starter`` command with the real ones.
"""

from functools import cache
from typing import Any

from knowledgebase.data.starter_set import ARTICLES, CATEGORIES
from knowledgebase.indexing import derived_fields

_NOT_SOURCE = frozenset({"slug", "category", "related", "status"})


@cache
def _rendered(slug: str) -> tuple[dict[str, str], dict[str, str]]:
    """Source and derived text of one starter article, computed once per process."""
    spec = next(spec for spec in ARTICLES if spec["slug"] == slug)
    source = {key: value for key, value in spec.items() if key not in _NOT_SOURCE}
    return source, derived_fields(source)


def starter_set_apply(*, category_model: Any, article_model: Any) -> int:
    """Create the starter categories and articles whose slugs are missing.

    Existing rows are never changed, so editors' work survives a re-run.
    Returns the number of articles created.
    """
    categories = {}
    for position, spec in enumerate(CATEGORIES, start=1):
        category, _created = category_model.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                **{key: value for key, value in spec.items() if key != "slug"},
                "position": position * 10,
            },
        )
        categories[spec["slug"]] = category
    existing = set(article_model.objects.values_list("slug", flat=True))
    created = []
    for position, spec in enumerate(ARTICLES, start=1):
        if spec["slug"] in existing:
            continue
        source, derived = _rendered(spec["slug"])
        created.append(
            article_model(
                slug=spec["slug"],
                category=categories[spec["category"]],
                status=spec.get("status", "published"),
                position=position * 10,
                **source,
                **derived,
            )
        )
    article_model.objects.bulk_create(created)
    by_slug = {
        article.slug: article
        for article in article_model.objects.filter(
            slug__in=[spec["slug"] for spec in ARTICLES]
        )
    }
    new_slugs = {article.slug for article in created}
    for spec in ARTICLES:
        if spec["slug"] in new_slugs and spec.get("related"):
            by_slug[spec["slug"]].related.add(
                *(by_slug[slug] for slug in spec["related"] if slug in by_slug)
            )
    return len(created)
