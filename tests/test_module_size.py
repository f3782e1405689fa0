"""No code module over 400 lines (issue 21): a longer one is split by what it holds.

Migrations and tests are exempt, and so are the data files below: each holds
shipped or demo content (rows, articles, texts), not code.
"""

from pathlib import Path

from django.conf import settings

LIMIT = 400

ROOT = Path(settings.BASE_DIR)

# Directories that hold no project code (or are exempt as a whole).
SKIPPED_DIRS = {
    ".git",
    ".venv",
    "node_modules",
    "staticfiles",
    "test-artifacts",
    "migrations",
    "tests",
    "__pycache__",
}

DATA_FILES = {
    # The shipped calendars and regime profiles, as rows for the setup command.
    "sla/data/defaults.py",
    # The knowledge base's starter articles in two languages.
    "knowledgebase/data/starter_set.py",
    # The demo's tickets, messages and replies in two languages.
    "demo/demo_content.py",
}


def code_modules() -> dict[str, int]:
    """Every project .py file outside the skipped directories, with its line count."""
    sizes = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRS.intersection(relative.parts[:-1]):
            continue
        with path.open(encoding="utf-8") as lines:
            sizes[relative.as_posix()] = sum(1 for _line in lines)
    return sizes


def test_no_code_module_is_over_the_limit() -> None:
    sizes = code_modules()
    too_long = {
        name: count
        for name, count in sizes.items()
        if count > LIMIT and name not in DATA_FILES
    }
    assert too_long == {}


def test_the_exemptions_are_still_needed() -> None:
    # A data file that is gone leaves the list.
    sizes = code_modules()
    assert {name for name in DATA_FILES if name not in sizes} == set()
