"""Benchmark: FAQ search latency at 10,000 articles, selector and HTTP endpoint.

    .venv/bin/python bench/faq_search.py [--articles 10000] [--rounds 3]

With DATABASE_URL set to a PostgreSQL server it creates (and drops afterwards)
its own database, wd_bench_faq, on that server; without it, a temporary SQLite
file (the development fallback). The articles are the starter set's real text,
repeated with distinct extra words in both languages so that no two are alike,
indexed exactly as article_save indexes them.

Measured per query of the relevance set (Chinese, English, typos) plus misses:
- selector: knowledgebase.selectors.article_search, the ranked query alone;
- search page: GET /faq/search/?q= through Django's test client (render included);
- suggestions: GET /faq/suggest/?q= (the ticket form's JSON endpoint).
Prints a table and writes JSON to bench/results/<date>-faq.json.
"""

import argparse
import json
import os
import platform
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DB_NAME = "wd_bench_faq"
EXTRA_MISSES = ["crypto staking", "信用卡积分", "xqzv plorb", "lottery"]


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _postgres_urls(url: str) -> tuple[str, str]:
    """Return (maintenance URL, bench database URL) on the server of url."""
    parts = urlsplit(url)
    return (
        urlunsplit(parts._replace(path="/postgres")),
        urlunsplit(parts._replace(path=f"/{DB_NAME}")),
    )


def _postgres_reset(maintenance_url: str, *, create: bool) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))
    return ordered[index]


def _summary(samples: list[float]) -> dict[str, float]:
    return {
        "count": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(_percentile(samples, 0.95), 2),
        "max_ms": round(max(samples), 2),
    }


def _articles_create(count: int) -> None:
    """Insert count articles built from the starter text, in batches."""
    from knowledgebase.data.starter_set import ARTICLES
    from knowledgebase.models import Article, Category
    from knowledgebase.starter import _rendered
    from knowledgebase.tokens import token_text

    rng = random.Random(7)  # noqa: S311 - reproducible filler, not security
    categories = {category.slug: category for category in Category.objects.all()}
    english = sorted(
        {word for spec in ARTICLES for word in str(spec["body_en"]).split()}
    )
    english = [word.strip(".,:;*()|").lower() for word in english if word.isalpha()]
    chinese = [
        "钱包",
        "银行卡",
        "商户",
        "账单",
        "验证",
        "额度",
        "安全",
        "通知",
        "客服",
        "记录",
        "节假日",
        "工作日",
    ]
    batch: list[Article] = []
    for number in range(count):
        spec = ARTICLES[number % len(ARTICLES)]
        source, derived = _rendered(str(spec["slug"]))
        extra_en = " ".join(rng.sample(english, 3))
        extra_zh = "".join(rng.sample(chinese, 2))
        batch.append(
            Article(
                slug=f"bench-{number}",
                category=categories[str(spec["category"])],
                status=Article.Status.PUBLISHED,
                position=number,
                **{**source, "title_en": f"{source['title_en']} ({extra_en})"},
                **{
                    **derived,
                    "search_title": derived["search_title"]
                    + token_text(extra_en, extra_zh).lstrip(),
                },
            )
        )
        if len(batch) == 1000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)


def _timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    maintenance_url = ""
    sqlite_dir = None
    if database_url.startswith(("postgres://", "postgresql://")):
        maintenance_url, bench_url = _postgres_urls(database_url)
        _postgres_reset(maintenance_url, create=True)
        backend = "postgresql"
    else:
        sqlite_dir = tempfile.TemporaryDirectory()
        bench_url = f"sqlite:///{sqlite_dir.name}/faq.sqlite3"
        backend = "sqlite"
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    # Pages render without collected static files; an existing, empty root keeps
    # WhiteNoise from warning about a missing staticfiles/ on a fresh clone.
    static_dir = tempfile.TemporaryDirectory()
    os.environ.setdefault("DJANGO_STATIC_ROOT", static_dir.name)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from knowledgebase.models import Article
    from knowledgebase.selectors import article_search
    from tests.knowledgebase.test_relevance import RELEVANCE_SET

    # Pages render {% static %} without a collectstatic manifest, as in the tests.
    override_settings(
        SECURE_SSL_REDIRECT=False,
        ALLOWED_HOSTS=["testserver"],
        RATELIMIT_ENABLE=False,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        },
    ).enable()
    try:
        _out(f"FAQ search benchmark on {backend}: migrating…")
        call_command("migrate", verbosity=0)
        Article.objects.all().delete()
        started = time.perf_counter()
        _articles_create(args.articles)
        if backend == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE knowledgebase_article")
        load_seconds = time.perf_counter() - started
        total = Article.objects.count()
        _out(f"{total} articles loaded in {load_seconds:.1f} s")

        queries = [query for query, _expected in RELEVANCE_SET] + EXTRA_MISSES
        anonymous = AnonymousUser()
        client = Client()
        for query in queries[:5]:
            article_search(query=query, user=anonymous)  # warm caches and jieba
        selector: list[float] = []
        page: list[float] = []
        suggest: list[float] = []
        for _round in range(args.rounds):
            for query in queries:
                selector.append(
                    _timed(lambda q=query: article_search(query=q, user=anonymous))
                )
                page.append(
                    _timed(lambda q=query: client.get("/faq/search/", {"q": q}))
                )
                suggest.append(
                    _timed(lambda q=query: client.get("/faq/suggest/", {"q": q}))
                )
        results = {
            "selector article_search": _summary(selector),
            "GET /faq/search/": _summary(page),
            "GET /faq/suggest/": _summary(suggest),
        }
    finally:
        connection.close()
        if maintenance_url:
            _postgres_reset(maintenance_url, create=False)
        if sqlite_dir is not None:
            sqlite_dir.cleanup()

    _out()
    _out(f"{'measure':<28}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name, row in results.items():
        _out(
            f"{name:<28}{row['count']:>6}{row['p50_ms']:>10}{row['p95_ms']:>10}"
            f"{row['max_ms']:>10}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{datetime.now(UTC):%Y-%m-%d}-faq.json"
    path.write_text(
        json.dumps(
            {
                "benchmark": "faq_search",
                "backend": backend,
                "articles": total,
                "queries": len(queries),
                "rounds": args.rounds,
                "load_seconds": round(load_seconds, 1),
                "results": results,
                "python": platform.python_version(),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
            indent=2,
        )
        + "\n"
    )
    _out(f"\nwritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
