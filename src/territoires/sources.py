"""Kinds of sources and their grade: how far a figure taken from them can be trusted.

The `kind` column of data/raw/sources.csv says what a source is; its grade follows. A copy
of a document on a mirror or document-sharing site is a `secondary_copy`, never graded as
the original's publisher; a page that no one signs is `unsigned`. Headlines and key figures
prefer the best grade available and say so when only a weak one exists.
"""

from __future__ import annotations

# kind → (grade, French label); grade 1 is the strongest, None for the authors' assumptions.
KINDS = {
    "official_statistics": (1, "Statistique officielle"),
    "reference_dataset": (1, "Jeu de données de référence"),
    "institutional": (2, "Source institutionnelle (site de l'éditeur)"),
    "company": (2, "Communication d'entreprise"),
    "union": (2, "Source syndicale"),
    "press": (3, "Presse"),
    "secondary_copy": (4, "Copie secondaire (miroir, site de partage de documents)"),
    "unsigned": (5, "Page non signée"),
    "assumption": (None, "Hypothèse des auteurs"),
}

GRADE_LABELS = {
    1: "Statistique officielle ou jeu de référence",
    2: "Source de l'éditeur lui-même",
    3: "Presse",
    4: "Copie secondaire",
    5: "Non signée",
}


def grade_keyword(kind: str) -> str:
    """The BibTeX keyword the sources page filters on: `note-1` … `note-5`, `hypothese`."""
    rank = grade(kind)
    return "hypothese" if rank is None else f"note-{rank}"


def label(kind: str) -> str:
    if kind not in KINDS:
        raise KeyError(f"nature de source inconnue {kind!r} (connues : {', '.join(KINDS)})")
    return KINDS[kind][1]


def grade(kind: str) -> int | None:
    if kind not in KINDS:
        raise KeyError(f"nature de source inconnue {kind!r} (connues : {', '.join(KINDS)})")
    return KINDS[kind][0]


# The two founding press articles, and the territory each one is about. Their figures are the
# facts whose id starts with SEED_PREFIX (the book counts and audits them by it).
FOUNDING_ARTICLES = {
    "gazette_ambassadeurs_flandre_audomarois": "Flandre-Audomarois",
    "gazette_projets_cabbalr": "Béthune-Bruay",
}
SEED_PREFIX = "seed_"
