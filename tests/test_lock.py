"""The lock files pin every dependency pyproject.toml names, inside its range, hashed."""

import re
import tomllib

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)", re.MULTILINE)


def _pins(text: str) -> dict[str, Version]:
    return {
        canonicalize_name(name): Version(version) for name, version in PIN.findall(text)
    }


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.lock", []), ("requirements-dev.lock", ["dev"])],
)
def test_lock_pins_each_dependency_within_its_range(
    lock: str, extras: list[str]
) -> None:
    project = tomllib.loads((settings.BASE_DIR / "pyproject.toml").read_text())[
        "project"
    ]
    text = (settings.BASE_DIR / lock).read_text()
    pins = _pins(text)
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]

    stale = []
    for line in wanted:
        requirement = Requirement(line)
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None or not requirement.specifier.contains(
            pinned, prereleases=True
        ):
            stale.append(f"{line} (locked: {pinned})")
    assert stale == [], f"run `make lock`: {lock} does not satisfy {stale}"
    # pip --require-hashes needs a hash for every pinned distribution.
    assert all(
        "--hash=sha256:" in block
        for block in re.split(r"\n(?=\S)", text)
        if "==" in block
    )
