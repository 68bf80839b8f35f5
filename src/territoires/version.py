"""The book's version, kept in one place: `pyproject.toml`, `[project] version` (a semantic
version) and `[tool.territoires] date-version` (the day that version was published).

The book (pages, citations, BibTeX), the PDFs and `CITATION.cff` all give these two; a test
checks that `CITATION.cff` agrees. To publish a new version: change both lines, then the
`version` and `date-released` of `CITATION.cff`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from . import paths

PYPROJECT = paths.ROOT / "pyproject.toml"
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class VersionError(ValueError):
    """The version or its date is missing or malformed in pyproject.toml."""


@dataclass(frozen=True)
class Version:
    numero: str  # "1.2.0"
    date: date  # the day this version was published

    @property
    def mois(self) -> str:
        """« décembre 2026 »."""
        from babel.dates import format_date

        return format_date(self.date, format="MMMM y", locale="fr_FR")

    @property
    def libelle(self) -> str:
        """« 1.2.0, décembre 2026 »: how the book and the PDFs name the version."""
        return f"{self.numero}, {self.mois}"

    @property
    def iso(self) -> str:
        return self.date.isoformat()


def lire(pyproject: Path = PYPROJECT) -> Version:
    """The version of a `pyproject.toml`; a clear error when it is missing or malformed."""
    where = paths.relative(pyproject)
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise VersionError(f"{where} illisible : {error}") from error
    numero = str(document.get("project", {}).get("version", ""))
    if not SEMVER.match(numero):
        raise VersionError(f"{where}, [project] version : version sémantique attendue (1.2.0), lu {numero!r}")
    brute = document.get("tool", {}).get("territoires", {}).get("date-version")
    if isinstance(brute, date):
        return Version(numero, brute)
    try:
        return Version(numero, date.fromisoformat(str(brute)))
    except ValueError:
        raise VersionError(
            f"{where}, [tool.territoires] date-version : date AAAA-MM-JJ attendue, lu {brute!r}"
        ) from None


@lru_cache(maxsize=1)
def livre() -> Version:
    """The version of this repository's book."""
    return lire()
