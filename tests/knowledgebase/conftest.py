"""FAQ tests start from an empty knowledge base; the starter set is a fixture.

Migration 0003 loads the starter set into every new database, but tests that
flush tables (browser tests) remove it, so no test may rely on it being there.
"""

import pytest

from knowledgebase.models import Article, Category, Deflection, SearchMiss
from knowledgebase.services import starter_set_load


@pytest.fixture(autouse=True)
def _empty_faq(request: pytest.FixtureRequest) -> None:
    if "db" not in request.fixturenames and not request.node.get_closest_marker(
        "django_db"
    ):
        return
    request.getfixturevalue("db")
    Deflection.objects.all().delete()
    SearchMiss.objects.all().delete()
    Article.objects.all().delete()
    Category.objects.all().delete()


@pytest.fixture
def starter_set(db: None) -> int:
    return starter_set_load()
