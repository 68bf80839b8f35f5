"""Model of the synthesis (05_synthese): the audit of the founding articles' figures (the
synthesis's other numbers are the chapters' own records, read as they are).

The audit's only assumption is the tolerance under which another version of a figure is
taken to agree with it (rounding explains the gap)."""

from __future__ import annotations

from typing import ClassVar

from .. import data, synthese
from ..resultats import Resultat, Resultats
from . import base

CHAPITRE = "05_synthese"
AUDIT_SOURCES = ("gazette_ambassadeurs_flandre_audomarois", "gazette_projets_cabbalr", "livre_table_des_faits")
COUNTS = {  # record key → (label, audit column or status, definition)
    "chiffres_articles": ("Chiffres des deux articles fondateurs audités", None),
    "chiffres_surs": ("Chiffres des articles sûrs à citer, avec leur source", "safe"),
    "chiffres_approches": ("Chiffres des articles approchés (arrondis par l'article)", "approximate"),
    "chiffres_non_dates": ("Chiffres des articles non datés (ou datés par déduction)", "undated"),
    "chiffres_contredits": ("Chiffres des articles contredits par une autre source", "contradicted"),
    "chiffres_invraisemblables": ("Chiffres des articles invraisemblables tels qu'écrits", "implausible"),
}


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
            "des faits, avec la tolérance d'écart du chapitre."
        ),
        parameters=p.valeurs(),
    )


def compute(p: Parametres, donnees=data) -> Resultats:
    audit = synthese.audit(p.tolerance_ecart)
    counts = {"chiffres_articles": len(audit)}
    counts["chiffres_surs"] = int((audit["status"] == "safe").sum())
    for key in ("chiffres_approches", "chiffres_non_dates", "chiffres_contredits", "chiffres_invraisemblables"):
        counts[key] = int(audit[COUNTS[key][1]].sum())
    records = [_count(key, value, p) for key, value in counts.items()]
    return Resultats(CHAPITRE, p.valeurs(), records, tables={"audit": audit})
