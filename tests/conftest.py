"""Shared fixtures: a private copy of the data folder that a test may break."""

import shutil
from pathlib import Path

import pytest

from territoires import paths


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ (raw tables and schemas) in a temporary folder."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA, target, ignore=shutil.ignore_patterns("processed"))
    return target
