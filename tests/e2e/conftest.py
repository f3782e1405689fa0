"""Browser-test helpers: numbered screenshots per test, listed at the end of the run."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

SCREENSHOT_ROOT = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
_folders: list[Path] = []


class Screenshots:
    """Save full-page screenshots as NN-step.png in one folder per test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def take(self, page: Page, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def screenshots(
    request: pytest.FixtureRequest, record_property: Callable[[str, object], None]
) -> Screenshots:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    folder = SCREENSHOT_ROOT / name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    record_property("screenshots", str(folder))
    _folders.append(folder)
    return Screenshots(folder)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _folders:
        return
    terminalreporter.section("browser screenshots")
    for folder in _folders:
        shots = len(list(folder.glob("*.png")))
        terminalreporter.write_line(f"{folder} ({shots} screenshots)")
