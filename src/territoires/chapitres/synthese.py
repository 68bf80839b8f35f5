"""Model of the synthesis (05_synthese): the audit of the founding articles' figures (the
synthesis's other numbers are the chapters' own records, read as they are).

The audit's only assumption is the tolerance under which another version of a figure is
taken to agree with it (rounding explains the gap)."""

from __future__ import annotations

from typing import ClassVar

from .. import audit, data, sources, synthese
from ..resultats import Resultat, Resultats
from . import base

CHAPITRE = "05_synthese"
AUDIT_SOURCES = (*sources.FOUNDING_ARTICLES, "livre_table_des_faits")
COUNTS = {  # record key → (label, the audit's status, or the flag column, that it counts)
    "chiffres_articles": ("Chiffres des deux articles fondateurs audités", None),
    "chiffres_confirmes": ("Chiffres des articles confirmés par une autre source", "confirmed"),
    "chiffres_a_dater": ("Chiffres des articles que d'autres sources donnent à d'autres dates ou mesures", "to_date"),
    "chiffres_non_verifiables": ("Chiffres des articles qu'aucune autre source ne permet de vérifier", "unverifiable"),
    "chiffres_contredits": ("Chiffres des articles contredits par une autre source", "contradicted"),
    "chiffres_invraisemblables": ("Chiffres des articles invraisemblables tels qu'écrits", "implausible"),
    "chiffres_approches": ("Chiffres des articles approchés (« près de », « environ », « plus de »)", "approximate"),
    "chiffres_non_dates": ("Chiffres des articles qui ne disent pas quelle date ils décrivent", "undated"),
}
STATUSES = {"confirmed", "to_date", "unverifiable", "contradicted", "implausible"}


class Parametres(base.Parametres):
    chapitre: ClassVar[str] = CHAPITRE

    tolerance_ecart: float = base.parametre(
        2.0,
        libelle="Tolérance d'écart de l'audit",
        unite="%",
        mini=0.0,
        maxi=50.0,
        sens="Écart relatif au-delà duquel une autre version d'un chiffre le contredit (en deçà, l'arrondi l'explique)",
    )


def _count(key: str, value: int, p: Parametres) -> Resultat:
    label, _ = COUNTS[key]
    return Resultat(
        key=key,
        label=label,
        value=float(value),
        unit="chiffres",
        decimals=0,
        territory_id=None,
        perimeter=None,
        ref_date=None,
        source_ids=AUDIT_SOURCES,
        qualifier="model",
        definition=(
            "Décompte de l'audit : chaque chiffre des deux articles confronté aux autres versions de la table "
            "des faits (confirmation, marge du qualificatif, autre date de la série, autre définition, "
            "contradiction), avec la tolérance d'écart du chapitre."
        ),
        parameters=p.valeurs(),
    )


def compute(p: Parametres, donnees=data) -> Resultats:
    table = audit.audit(p.tolerance_ecart)
    counts = {}
    for key, (_label, what) in COUNTS.items():
        if what is None:
            counts[key] = len(table)
        elif what in STATUSES:
            counts[key] = int((table["status"] == what).sum())
        else:
            counts[key] = int(table[what].sum())
    records = [_count(key, value, p) for key, value in counts.items()]
    records += _key_figures(synthese.key_figures())
    return Resultats(CHAPITRE, p.valeurs(), records, tables={"audit": table})


def _key_figures(figures) -> list[Resultat]:
    """How many key figures the two territories share like with like (from the chapters' records)."""
    verdicts = figures.drop_duplicates("key")["comparability"]
    sources = tuple(sorted({s for ids in figures["source_ids"] if ids for s in ids.split(", ")}))
    common = dict(
        unit="chiffres clés",
        decimals=0,
        territory_id=None,
        perimeter=None,
        ref_date=None,
        source_ids=sources,
        qualifier="exact",
    )
    return [
        Resultat(
            key="chiffres_cles",
            label="Chiffres clés mis côte à côte pour les deux territoires",
            value=float(len(verdicts)),
            definition="Indicateurs de la page Chiffres clés, chacun donné pour les deux territoires.",
            **common,
        ),
        Resultat(
            key="chiffres_cles_comparables",
            label="Chiffres clés comparables d'un territoire à l'autre",
            value=float((verdicts == "comparable").sum()),
            definition=(
                "Indicateurs dont les deux valeurs partagent la définition, le niveau de périmètre et la période "
                "(règle resultats.comparabilite)."
            ),
            **common,
        ),
    ]
