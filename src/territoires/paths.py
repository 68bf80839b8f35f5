"""Locations inside the project, resolved from this file (never from the working directory)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
DATAPACKAGE = DATA / "datapackage.json"  # raw tables
PROCESSED_PACKAGE = PROCESSED / "datapackage.json"
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"
# Figures and their data offered for download; a scenario run writes its own elsewhere.
DOWNLOADS = Path(os.environ.get("TERRITOIRES_DOWNLOADS", BOOK / "downloads"))
# Results records of the chapters: read from RESULTS; a chapter run writes to RESULTS_OUT,
# which a scenario run or nbval points elsewhere so that the committed records stay the baseline.
RESULTS = DATA / "results"
RESULTS_OUT = Path(os.environ.get("TERRITOIRES_RESULTATS", RESULTS))


def relative(path: Path) -> str:
    """Path relative to the project root, for messages that must not leak local folders."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return Path(path).name


def write_atomic(path: Path, payload: bytes) -> None:
    """Write through a temporary file and rename, so a concurrent reader never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(payload)
    os.replace(temporary, path)
