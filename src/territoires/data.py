"""Loaders of the processed tables that the thematic notebooks read.

Chapters read only `data/processed/` through these functions: each table is validated
against its schema on load, so a hand-edited or stale file stops the notebook with a
message naming the file, the line and the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from . import atomic, ecriture, fmt, paths, schema

PROCESSED_TABLES = (
    "facts_enriched",
    "sources_enriched",
    "timeline",
    "actors_enriched",
    "territories_ref",
    "perimeters_ref",
    "communes",
    "epci",
    "reference_areas",
    "vintage_checks",
    "carte_region",
)


@cache
def _validated(name: str) -> schema.Table:
    if atomic.JOURNAL.exists():
        raise RuntimeError(
            f"{paths.relative(atomic.JOURNAL)} : l'étape de données a été interrompue pendant l'écriture ; "
            "relancer make book (elle termine l'écriture) avant de lire data/processed/"
        )
    return schema.validate_package([name], datapackage=paths.PROCESSED_PACKAGE)[name]


def load(name: str) -> pd.DataFrame:
    """A processed table as a DataFrame (a fresh copy each call)."""
    if name not in PROCESSED_TABLES:
        raise KeyError(f"table traitée inconnue {name!r} ; connues : {', '.join(PROCESSED_TABLES)}")
    return _validated(name).to_frame()


def niveaux() -> dict[str, str]:
    """Territory id → level (`epci`, `commune`…), from the validated table without a DataFrame: the
    records of every chapter ask it once per figure they quote."""
    return {row["territory_id"]: row["level"] for row in _validated("territories_ref").rows}


@dataclass(frozen=True)
class Fact:
    """One figure of the fact table, with what a sentence needs to quote it honestly."""

    fact_id: str
    territory_id: str
    indicator: str
    label: str
    value: float | None
    value_low: float | None
    value_high: float | None
    unit: str
    qualifier: str
    ref_date: str | None
    date_status: str
    source_id: str
    note: str

    def when(self, missing: str = "non daté") -> str:
        """French date the figure describes, `(déduite)` if inferred, else `missing`."""
        return fmt.described_date(self.ref_date, self.date_status, missing)

    def text(self, decimals: int | None = None, unit: bool = True) -> str:
        """French text of the figure with its qualifier: `près de 150 participants`.

        Decimals default to those of the figure itself (`29,5 %`, `863 salariés`)."""
        if decimals is None:
            decimals = max(fmt.decimals_of(v) for v in (self.value, self.value_low, self.value_high))
        if self.unit == "année" and self.qualifier == "exact":
            return str(int(self.value))  # a year, not a quantity: no thousands separator
        if self.unit == "rang" and self.qualifier == "exact":
            return fmt.rank(int(self.value))
        if self.qualifier == "range":
            number = fmt.span(self.value_low, self.value_high, decimals)
        else:
            number = fmt.qualified(self.value, self.qualifier, decimals)
        if not unit:
            return number
        if self.unit == "%":
            return f"{number}{fmt.NBSP}%"
        return f"{number}{fmt.NBSP}{self.unit}"

    def number(self, decimals: int = 0) -> str:
        """The bare number in French, without qualifier or unit."""
        if self.value is None:
            raise ValueError(f"le fait {self.fact_id} est une fourchette : utiliser value_low/value_high")
        return fmt.number(self.value, decimals)


def fact(fact_id: str) -> Fact:
    """One fact by id; a clear error if the id is unknown (a renamed or deleted fact)."""
    facts = _facts_index()
    if fact_id not in facts:
        raise KeyError(f"fait inconnu {fact_id!r} dans data/processed/facts.csv")
    return facts[fact_id]


def facts(**where) -> pd.DataFrame:
    """Facts filtered by column equality, e.g. `facts(indicator="bridgestone_headcount")`."""
    frame = load("facts_enriched")
    for column, value in where.items():
        if column not in frame.columns:
            raise KeyError(f"colonne inconnue {column!r} dans facts_enriched")
        frame = frame[frame[column] == value]
    if frame.empty:
        raise LookupError(f"aucun fait ne correspond à {where}")
    return frame.reset_index(drop=True)


@cache
def _facts_index() -> dict[str, Fact]:
    fields = Fact.__dataclass_fields__
    return {row["fact_id"]: Fact(**{k: row[k] for k in fields}) for row in _validated("facts_enriched").rows}


def sources_of(fact_ids) -> list[str]:
    """Distinct source ids of the given facts, in first-seen order."""
    seen: dict[str, None] = {}
    for fid in fact_ids:
        seen.setdefault(fact(fid).source_id, None)
    return list(seen)


# --- writing (used by the data step only: territoires.pipeline) ------------------------------


def _cell(value) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".10g")
    return str(value)


def table_bytes(frame: pd.DataFrame, name: str) -> tuple[str, bytes]:
    """A processed table as CSV bytes in schema column order, LF endings, stable number format.
    Returns the file name (relative to data/processed/) and the bytes."""
    descriptor = schema.load_descriptor(paths.PROCESSED_PACKAGE)
    res = schema.resource(descriptor, name)
    columns = [f["name"] for f in res["schema"]["fields"]]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise schema.DataError(f"data/processed/{res['path']}", "colonne absente du tableau à écrire", field=missing[0])
    lines = [",".join(ecriture.csv_cell(c) for c in columns)]
    lines += [",".join(ecriture.csv_cell(_cell(v)) for v in row) for row in frame[columns].itertuples(index=False)]
    return res["path"], "".join(line + "\n" for line in lines).encode("utf-8")


def clear_caches() -> None:
    """Forget the tables read so far (after the data step rewrote them)."""
    _validated.cache_clear()
    _facts_index.cache_clear()
