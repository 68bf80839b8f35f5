"""Results records: every number a chapter states, as data, with its provenance.

A chapter model's `compute` returns `Resultats`; the chapter run writes them to
`data/results/<notebook stem>.json` (deterministic bytes, committed). The synthesis, the
key figures, the scenario comparison and any later summary read these records, or call
the models, and format the unrounded values with `texte()`: nothing downstream parses
rendered text back into numbers.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import fmt, paths

# The exact geography a value describes; comparisons are only made within one perimeter kind.
Perimetre = Literal[
    "EPCI",
    "groupement d'EPCI",
    "Territoire d'industrie",
    "arrondissement",
    "zone d'emploi",
    "unité urbaine",
    "commune",
    "département",
    "région",
    "France",
    "pays",
    "site",
    "entreprise",
    "établissement",
]
Qualificatif = Literal["exact", "approximate", "about", "at_least", "at_most", "model"]


class ResultatsError(ValueError):
    """A results record is missing, stale or malformed; the message names the file and key."""


class Resultat(BaseModel):
    """One stated result. `parameters` is set for a model output (the values it used)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z0-9_]+$")
    indicator: str | None = None  # what is measured (the fact table's indicator), for like-with-like checks
    label: str = Field(min_length=3)
    value: float
    unit: str  # "%", "pts", "emplois", "hab./km²", "" for a pure ratio…
    decimals: int = Field(ge=0, le=4)  # how the book rounds it for display
    territory_id: str | None  # None only for a result about no geography (a count of audited figures)
    perimeter: Perimetre | None
    ref_date: str | None  # ISO (partial) date the value describes; None for a model projection
    source_ids: tuple[str, ...] = Field(min_length=1)
    qualifier: Qualificatif = "exact"
    definition: str = Field(min_length=3)
    parameters: dict[str, object] | None = None

    @field_validator("value")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("valeur finie attendue")
        return value

    @property
    def is_model(self) -> bool:
        return self.parameters is not None

    def texte(self, unit: bool = True) -> str:
        """French display text, rounded as the book rounds it: `28 %`, `+6,1 pts`, `863 salariés`."""
        return formater(self.value, self.unit if unit else "", self.decimals, self.qualifier)


def formater(value: float, unit: str, decimals: int, qualifier: str = "exact") -> str:
    """A result's value in French, with its unit and the words of its qualifier."""
    if unit == "pts":
        return fmt.points(value, decimals)
    if unit == "année":  # a year, not a quantity: no thousands separator
        return str(int(value))
    number = fmt.number(value, decimals) if qualifier == "model" else fmt.qualified(value, qualifier, decimals)
    if abs(float(fmt.rounded(value, decimals))) < 2:  # French: below two, the unit is singular
        unit = singulier(unit)
    return f"{number}{fmt.NBSP}{unit}" if unit else number


_INVARIABLES = {"mois", "fois", "pays", "corps", "prix"}


def singulier(unit: str) -> str:
    """`écoles` → `école`, `emplois industriels` → `emploi industriel`; symbols unchanged. A rate
    (`pour 1 000 habitants`, `par an`) keeps its words: its plural belongs to its base."""
    if unit.startswith(("pour ", "par ")) or " par " in unit or " pour " in unit:
        return unit
    return " ".join(
        w[:-1] if w.endswith("s") and w.isalpha() and len(w) > 2 and w not in _INVARIABLES else w
        for w in unit.split(" ")
    )


@dataclass
class Resultats:
    """What a chapter model returns: records (the stated results) and tables for its figures."""

    chapitre: str
    parametres: dict
    records: list[Resultat]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __post_init__(self):
        keys = [r.key for r in self.records]
        doubles = sorted({k for k in keys if keys.count(k) > 1})
        if doubles:
            raise ResultatsError(f"{self.chapitre} : clés de résultat en double : {', '.join(doubles)}")

    def __getitem__(self, key: str) -> Resultat:
        for record in self.records:
            if record.key == key:
                return record
        raise ResultatsError(f"{self.chapitre} : résultat « {key} » inconnu (connus : {', '.join(self.keys())})")

    def keys(self) -> list[str]:
        return [r.key for r in self.records]

    def valeur(self, key: str) -> float:
        return self[key].value

    def texte(self, key: str, unit: bool = True) -> str:
        return self[key].texte(unit)

    def payload(self) -> bytes:
        """Deterministic JSON: records sorted by key, floats as Python writes them."""
        document = {
            "chapitre": self.chapitre,
            "parametres": _plain(self.parametres),
            "resultats": [_plain(r.model_dump()) for r in sorted(self.records, key=lambda r: r.key)],
        }
        return (json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")

    def ecrire(self, folder: Path | None = None) -> Path:
        """Write the record file if its bytes changed (so a rerun that changes nothing
        touches nothing); return its path."""
        target = Path(folder or paths.RESULTS_OUT) / f"{self.chapitre}.json"
        payload = self.payload()
        if not (target.is_file() and target.read_bytes() == payload):
            paths.write_atomic(target, payload)
        return target


# Perimeter kind of each level of the territory table (data/raw/territories.csv).
PERIMETRE_DU_NIVEAU = {
    "epci": "EPCI",
    "perimeter": "groupement d'EPCI",
    "arrondissement": "arrondissement",
    "zone_emploi": "zone d'emploi",
    "unite_urbaine": "unité urbaine",
    "commune": "commune",
    "department": "département",
    "region": "région",
    "country": "France",
    "foreign": "pays",
    "site": "site",
}


def depuis_fait(
    fact_id: str,
    key: str,
    *,
    label: str | None = None,
    perimeter: str | None = None,
    decimals: int | None = None,
    donnees=None,
    **update,
) -> Resultat:
    """A record that states a figure of the fact table as it is (value, date, source, qualifier).

    The perimeter defaults to the level of the fact's territory; a territory whose level says
    nothing of its geography (`other`) must be given one. `update`: fields the chapter restates
    (a territory, a qualifier)."""
    from . import data

    donnees = donnees or data
    fact = donnees.fact(fact_id)
    if fact.value is None:
        raise ResultatsError(f"{key} : le fait {fact_id} est une fourchette, pas une valeur")
    if perimeter is None:
        if hasattr(donnees, "niveaux"):
            levels = donnees.niveaux()
        else:  # a stand-in for the data module (tests) may only load tables
            levels = dict(donnees.load("territories_ref")[["territory_id", "level"]].itertuples(index=False))
        perimeter = PERIMETRE_DU_NIVEAU.get(levels.get(fact.territory_id))
        if perimeter is None:
            raise ResultatsError(f"{key} : périmètre à préciser pour le territoire {fact.territory_id} ({fact_id})")
    fields = {
        "key": key,
        "indicator": fact.indicator,
        "label": label or fact.label,
        "value": float(fact.value),
        "unit": fact.unit,
        "decimals": fmt.decimals_of(fact.value) if decimals is None else decimals,
        "territory_id": fact.territory_id,
        "perimeter": perimeter,
        "ref_date": fact.ref_date or None,
        "source_ids": (fact.source_id,),
        "qualifier": fact.qualifier,
        "definition": f"{fact.label} (fait {fact_id} de la table des faits)",
    }
    return Resultat(**(fields | update))


def calcul(key, label, value, unit, decimals, *, where, definition, sources, p=None, **extra) -> Resultat:
    """A record a chapter computes. `where`: (territory_id, perimeter); `extra`: ref_date
    (default: undated) and qualifier. `p` (the parameter model) is given when the value
    depends on the parameters."""
    territory, perimeter = where
    return Resultat(
        key=key,
        label=label,
        value=float(value),
        unit=unit,
        decimals=decimals,
        territory_id=territory,
        perimeter=perimeter,
        source_ids=tuple(dict.fromkeys(sources)),
        definition=definition,
        parameters=None if p is None else p.valeurs(),
        **(extra | {"ref_date": _iso_date(extra.get("ref_date"))}),
    )


def _iso_date(value) -> str | None:
    """A record's date: an ISO text, or None (a missing date read from a table is NaN)."""
    return value if isinstance(value, str) and value else None


# --- like with like ------------------------------------------------------------------------------

# Two dates within this many years describe the same period for a side-by-side.
FENETRE_ANNEES = 3
# Perimeter kinds built from whole EPCI compare with each other (the two study perimeters).
_NIVEAUX = {"EPCI": "intercommunal", "groupement d'EPCI": "intercommunal", "Territoire d'industrie": "intercommunal"}


def niveau(record: Resultat) -> str | None:
    return _NIVEAUX.get(record.perimeter, record.perimeter)


def comparabilite(a: Resultat, b: Resultat, fenetre: int = FENETRE_ANNEES) -> str | None:
    """None when two records may stand side by side; otherwise why not, in French.

    Comparable: the same definition (indicator, or for computed records the same
    definition text), the same perimeter level, the same unit, and dates within `fenetre`
    years (two undated values of one dataset count as the same vintage)."""
    reasons = []
    same_definition = a.indicator == b.indicator if a.indicator or b.indicator else a.definition == b.definition
    if not same_definition:
        reasons.append("définitions différentes")
    if niveau(a) != niveau(b):
        reasons.append(f"{a.perimeter or 'sans périmètre'} contre {b.perimeter or 'sans périmètre'}")
    if a.unit != b.unit:
        reasons.append(f"unités différentes ({a.unit or 'sans unité'}, {b.unit or 'sans unité'})")
    years = [int(r.ref_date[:4]) if r.ref_date else None for r in (a, b)]
    if None in years:
        if not (years == [None, None] and a.source_ids == b.source_ids):
            reasons.append("date non publiée")
    elif abs(years[0] - years[1]) > fenetre:
        reasons.append(f"{years[0]} contre {years[1]}")
    return " ; ".join(reasons) or None


def _plain(value):
    """JSON-ready copy: numpy scalars to Python numbers, tuples to lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def lire(chapitre: str, folder: Path | None = None) -> Resultats:
    """The committed results of a chapter, validated; a clear error naming file and key."""
    path = Path(folder or paths.RESULTS) / f"{chapitre}.json"
    return _lire(path)


@cache
def _lire_cache(path: Path, mtime: int) -> Resultats:
    name = paths.relative(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ResultatsError(f"{name} : JSON illisible ({error})") from None
    records = []
    for index, raw in enumerate(document.get("resultats", [])):
        try:
            records.append(Resultat.model_validate(raw))
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]
            where = ".".join(map(str, problem["loc"]))
            key = raw.get("key", f"n° {index + 1}") if isinstance(raw, dict) else f"n° {index + 1}"
            raise ResultatsError(f"{name} : résultat « {key} », champ {where} : {problem['msg']}") from None
    return Resultats(document.get("chapitre", path.stem), document.get("parametres", {}), records)


def _lire(path: Path) -> Resultats:
    if not path.is_file():
        raise ResultatsError(f"{paths.relative(path)} introuvable : lancer make book (le chapitre l'écrit)")
    return _lire_cache(path, path.stat().st_mtime_ns)
