"""The comparison of the committed scenarios: each chapter's model called with the scenario's
parameters, its records set against the baseline records, unrounded.

`scenarios/comparison.csv` (one row per scenario, chapter and result) holds numbers, never
formatted text: the page that shows it formats them with the package, and computes gaps on
the unrounded values. A chapter a scenario does not touch keeps its baseline values.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from .. import chapitres, ecriture, paths
from ..resultats import Resultats
from .fichiers import Scenario, ScenarioError, chapters, committed, load_all, write_schema

COMPARISON = paths.ROOT / "scenarios" / "comparison.csv"
COLUMNS = ["scenario", "chapter", "key", "label", "unit", "decimals", "model", "baseline", "value", "changed"]


def compute(chapter: str, parametres) -> Resultats:
    return chapitres.modele(chapter).compute(parametres)


def comparison_rows(scenarios: list[Scenario], spec: dict | None = None) -> pd.DataFrame:
    """Every record of every chapter, under each scenario, against its baseline value."""
    spec = chapters() if spec is None else spec
    baselines = {chapter: compute(chapter, model()) for chapter, model in spec.items()}
    rows = []
    for scenario in sorted(scenarios, key=lambda s: s.stem):
        for chapter in sorted(spec):
            baseline = baselines[chapter]
            result = compute(chapter, scenario.parametres(chapter, spec)) if chapter in scenario.values else baseline
            missing = sorted(set(baseline.keys()) - set(result.keys()))
            if missing:
                raise ScenarioError(
                    f"{scenario.stem} : chapitre {chapter} : résultats absents sous le scénario : {', '.join(missing)}"
                )
            for record in sorted(baseline.records, key=lambda r: r.key):
                value = result[record.key].value
                rows.append(
                    {
                        "scenario": scenario.stem,
                        "chapter": chapter,
                        "key": record.key,
                        "label": record.label,
                        "unit": record.unit,
                        "decimals": record.decimals,
                        "model": record.is_model,
                        "baseline": record.value,
                        "value": value,
                        "changed": not math.isclose(value, record.value, rel_tol=1e-12, abs_tol=1e-12),
                    }
                )
    return pd.DataFrame(rows, columns=COLUMNS)


def write_comparison(frame: pd.DataFrame, target: Path | None = None) -> bool:
    """Write the comparison table if its content changed; True if it did."""
    target = target or COMPARISON
    payload = ecriture.csv_bytes(frame)
    if target.is_file() and target.read_bytes() == payload:
        return False
    paths.write_atomic(target, payload)
    return True


def compare_committed(spec: dict | None = None) -> pd.DataFrame:
    """Validate every committed scenario, write scenarios/comparison.csv and the scenario
    JSON Schema (each only if its content changed). Used by `make book`."""
    spec = chapters() if spec is None else spec
    frame = comparison_rows(load_all(committed(), spec), spec)
    write_comparison(frame)
    write_schema()
    return frame


def comparison(source: Path | None = None) -> pd.DataFrame:
    """The committed comparison table, typed (numbers as numbers, flags as booleans)."""
    source = source or COMPARISON
    frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    name = paths.relative(source)
    if list(frame.columns) != COLUMNS:
        raise ScenarioError(f"{name} : colonnes {COLUMNS} attendues, lues {list(frame.columns)}")
    for column in ("model", "changed"):
        bad = sorted(set(frame[column]) - {"True", "False"})
        if bad:
            raise ScenarioError(f"{name} : colonne {column} : True ou False attendu, lu {bad}")
        frame[column] = frame[column] == "True"
    for column in ("decimals", "baseline", "value"):
        numbers = pd.to_numeric(frame[column], errors="coerce")
        if numbers.isna().any():
            line = int(numbers.isna().to_numpy().nonzero()[0][0]) + 2
            raise ScenarioError(f"{name}, ligne {line}, champ {column} : nombre attendu")
        frame[column] = numbers.astype(int) if column == "decimals" else numbers.astype(float)
    return frame
