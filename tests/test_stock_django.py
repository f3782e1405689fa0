"""Product code uses Django and its libraries through their public API only.

A source scan over the product packages (not tests, migrations, bench or the
demo data): no private attributes of Django's or a library's objects, and raw
SQL only where the ORM cannot say it, each place named here.
"""

import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
NOT_PRODUCT = {"tests", "bench", "demo", "locale", "static", "templates"}

# Internals the code once reached into (issue 21); `_meta` is documented API.
PRIVATE_NAMES = (
    "_state",
    "_pools",
    "_servers",
    "_get_connection_pool_index",
    "_pool_class",
    "_pool_options",
    "_prepare_related_fields_for_save",
    "db_returning_fields",
    "return_insert_columns",
)
RAW_SQL = re.compile(r"\.cursor\(|\.raw\(|\bRawSQL\b|\.extra\(")
# Where raw SQL is allowed, and why.
RAW_SQL_HOMES = {
    "config/upserts.py": "atomic counter upserts and the recount's table lock",
    "config/health.py": "the readiness probe's SELECT 1",
    "knowledgebase/search.py": "the PostgreSQL tsvector column, not in the model",
    "reports/selectors/build.py": "one REPEATABLE READ snapshot per report (no ORM form)",
    "outbox/stamps.py": "SET LOCAL synchronous_commit for a stamp-only commit (no ORM form)",
}


def _product_modules() -> list[Path]:
    packages = [
        path
        for path in BASE_DIR.iterdir()
        if path.is_dir()
        and not path.name.startswith(".")
        and path.name not in NOT_PRODUCT
        and (path / "__init__.py").exists()
    ]
    return sorted(
        module
        for package in packages
        for module in package.rglob("*.py")
        if "migrations" not in module.parts
    )


def test_the_scan_covers_the_product_packages() -> None:
    names = {module.relative_to(BASE_DIR).parts[0] for module in _product_modules()}

    assert {"complaints", "config", "sla", "audit", "reports"} <= names
    assert not names & NOT_PRODUCT


@pytest.mark.parametrize("name", PRIVATE_NAMES)
def test_no_product_module_uses_a_private_internal(name: str) -> None:
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    users = [
        str(module.relative_to(BASE_DIR))
        for module in _product_modules()
        if pattern.search(module.read_text(encoding="utf-8"))
    ]

    assert users == []


def test_raw_sql_lives_only_where_the_orm_cannot_say_it() -> None:
    users = {
        str(module.relative_to(BASE_DIR))
        for module in _product_modules()
        if RAW_SQL.search(module.read_text(encoding="utf-8"))
    }

    assert users <= set(RAW_SQL_HOMES)
