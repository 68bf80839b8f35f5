"""Shared fixtures: a private copy of the data folder that a test may break."""

import shutil
from pathlib import Path

import pytest

from territoires import paths


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ (raw tables and schemas; not the tables the steps write, nor the official
    extracts and their npm folder, which the data step does not read) in a temporary folder."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA, target, ignore=shutil.ignore_patterns("processed", "official", "results"))
    return target


# Tests that need the built site (fixtures of test_html and of the browser tests) belong to the
# full tier: `make check` runs without a build, `make test` runs them after building once.
SITE_FIXTURES = {"pages", "site_dir", "base_url", "crawl"}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("browser") or SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.full)
