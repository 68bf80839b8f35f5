"""The chapters' models: one module per thematic chapter (and the synthesis).

Each module defines `Parametres` (a `base.Parametres` subclass naming its chapter) and
`compute(parametres, donnees=data) -> resultats.Resultats`: pure, fast, no plotting and
no formatting. `modele(stem)` finds the module of a notebook stem.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# Notebook stem → module of this package, in the book's order.
CHAPITRES = {
    "population": "population",
    "01_attractivite": "attractivite",
    "02_transition": "transition",
    "03_formation": "formation",
    "04_proximite": "proximite",
    "05_synthese": "synthese",
}

# Short chapter names, for tables that list results of several chapters.
TITRES = {
    "population": "Population",
    "01_attractivite": "Attractivité",
    "02_transition": "Transition industrielle",
    "03_formation": "Formation",
    "04_proximite": "Économie de proximité",
    "05_synthese": "Synthèse",
}


def modele(stem: str) -> ModuleType:
    if stem not in CHAPITRES:
        raise KeyError(f"chapitre {stem!r} sans modèle (chapitres paramétrables : {', '.join(CHAPITRES)})")
    name = CHAPITRES[stem]
    return importlib.import_module(name if "." in name else f"{__name__}.{name}")  # dotted: another package


def parametres(stem: str):
    """The parameter model class of a chapter."""
    return modele(stem).Parametres
