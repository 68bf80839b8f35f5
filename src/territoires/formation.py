"""Computations of the « formation » chapter: pure functions, no formatting.

The capacity model of production schools, used by the chapter's model
(`territoires.chapitres.formation`, which validates the parameters), and the series its
figures draw from the fact table.

How many production-school graduates can a territory expect each year, and what share of
an assumed yearly industrial hiring need do they cover? The model is deliberately simple
(steady state, no growth of the schools, every cohort the same size) so that a reader can
follow each step:

    graduates per year   = pupils per cohort × number of schools × completion rate
    hired locally        = graduates per year × share taking an industrial job locally
    yearly hiring need   = industrial jobs × yearly replacement rate
    coverage of the need = hired locally ÷ yearly hiring need

Over a horizon of H years, the first cohort only graduates at the end of its course: the
schools deliver nothing during the first `duree_formation − 1` years.

Rates are in percent (`90` for 90 %), as in the fact table and the parameters.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from . import data
from .dates import decimal_year

if TYPE_CHECKING:
    from .chapitres.formation import Parametres

# --- the capacity model ---------------------------------------------------------------------


def diplomes_par_an(eleves: float, taux_diplomes: float, ecoles: int) -> float:
    """Graduates per year once every school runs all its classes (steady state)."""
    return eleves * ecoles * taux_diplomes / 100


def eleves_presents(eleves: float, duree: int, ecoles: int) -> float:
    """Pupils present at the same time in steady state (one class per course year, no drop-out)."""
    return eleves * duree * ecoles


def besoin_annuel(emplois: float, taux_renouvellement: float) -> float:
    """Yearly hires needed to replace departures (retirements, moves) from the industrial jobs."""
    return emplois * taux_renouvellement / 100


def couverture(embauches: float, besoin: float) -> float:
    """Share of the need (in %) that the hires cover; may exceed 100."""
    return 100 * embauches / besoin


def ecoles_necessaires(besoin: float, eleves: float, taux_diplomes: float, part_locale: float) -> int | None:
    """Smallest number of schools whose locally hired graduates cover the whole need; None
    when no graduate is hired locally (no number of schools is then enough)."""
    par_ecole = diplomes_par_an(eleves, taux_diplomes, 1) * part_locale / 100
    if par_ecole == 0:
        return None
    return math.ceil(round(besoin / par_ecole, 9))  # 80.0000000001 schools is 80


def trajectoire(p: Parametres, besoin: float) -> pd.DataFrame:
    """Year by year from the opening (year 1): graduates, and cumulated graduates, local hires
    and need. The first cohort enters in year 1 and graduates at the end of year
    `duree_formation`; one new cohort enters each year."""
    regime = diplomes_par_an(p.eleves_par_promotion, p.taux_diplomes, p.nombre_ecoles)
    annees = list(range(1, p.horizon + 1))
    frame = pd.DataFrame({"annee": annees, "diplomes": [regime if a >= p.duree_formation else 0.0 for a in annees]})
    frame["diplomes_cumules"] = frame["diplomes"].cumsum()
    frame["embauches_locales_cumulees"] = frame["diplomes_cumules"] * p.part_embauche_locale / 100
    frame["besoin_cumule"] = besoin * frame["annee"]
    return frame


def sensibilite_reussite(p: Parametres, besoin: float, taux: Iterable[float], ecoles: Iterable[int]) -> pd.DataFrame:
    """Coverage of the yearly need (%) for every completion rate × number of schools (sorted)."""
    rows = [
        {
            "taux_reussite_pct": float(t),
            "nombre_ecoles": int(n),
            "couverture_pct": couverture(
                diplomes_par_an(p.eleves_par_promotion, t, n) * p.part_embauche_locale / 100, besoin
            ),
        }
        for n in sorted(ecoles)
        for t in sorted(taux)
    ]
    return pd.DataFrame(rows)


def sensibilite_renouvellement(
    p: Parametres, emplois: float, taux: Iterable[float], promotions: Iterable[int]
) -> pd.DataFrame:
    """Coverage of the yearly need (%) for every replacement rate × cohort size (sorted)."""
    rows = []
    for taille in sorted(promotions):
        embauches = diplomes_par_an(taille, p.taux_diplomes, p.nombre_ecoles) * p.part_embauche_locale / 100
        for t in sorted(taux):
            rows.append(
                {
                    "taux_renouvellement_pct_an": float(t),
                    "cohorte_eleves": int(taille),
                    "couverture_pct": couverture(embauches, besoin_annuel(emplois, t)),
                }
            )
    return pd.DataFrame(rows)


# --- series of the sources ------------------------------------------------------------------


def reseau(donnees=data) -> pd.DataFrame:
    """Every count of production schools in France, dated ones first, on a decimal-year axis
    (`annee`, empty when the source prints no date); forecasts flagged (`prevision`)."""
    network = donnees.facts(indicator="production_schools_france")
    network = network[["fact_id", "ref_date", "date_status", "value", "source_id"]]
    network = network.sort_values(["ref_date", "fact_id"], na_position="last").reset_index(drop=True)
    network["annee"] = network["ref_date"].map(decimal_year, na_action="ignore")
    network["prevision"] = network["fact_id"].str.contains("prevision")
    return network


def reperes(network: pd.DataFrame, article: float) -> dict[str, str]:
    """The counts the prose quotes, by landmark: first and last observed (dated, not a forecast),
    and the two dated counts that frame the article's undated `article` figure."""
    dated = network[network["annee"].notna()].sort_values(["annee", "fact_id"])
    observed = dated[~dated["prevision"]]
    avant = dated[dated["value"] < article].iloc[-1]
    apres = dated[(dated["value"] >= article) & (dated["annee"] > avant["annee"])].iloc[0]
    return {
        "premier": observed["fact_id"].iloc[0],
        "dernier": observed["fact_id"].iloc[-1],
        "avant_article": avant["fact_id"],
        "apres_article": apres["fact_id"],
    }


def alternance(donnees=data) -> pd.DataFrame:
    """Share (%) of 30-34-year-olds from vocational secondary who went through dual training, by country."""
    names = donnees.load("territories_ref")[["territory_id", "name"]]
    dual = donnees.facts(indicator="dual_training_share_30_34").merge(names, on="territory_id")
    return dual.sort_values(["value", "name"]).reset_index(drop=True)[["territory_id", "name", "value", "source_id"]]


APPRENTIS = {
    "par intercommunalité": (
        ("CA de Saint-Omer (CASO)", "apprentis_caso_2016"),
        ("CC du Pays de Lumbres", "apprentis_ccpl_2016"),
        ("CC du Pays d'Aire", "apprentis_pays_aire_2016"),
        ("Trois autres CC", "apprentis_autres_cc_2016"),
    ),
    "CASO par secteur": (
        ("Commerce", "apprentis_caso_commerce"),
        ("Industrie", "apprentis_caso_industrie"),
        ("Services", "apprentis_caso_services"),
        ("Autres secteurs", "apprentis_caso_autres"),
    ),
}


def apprentis(donnees=data) -> pd.DataFrame:
    """Apprentices of the Pays de Saint-Omer by intercommunality, and of the CASO by sector."""
    rows = [
        {"panneau": panneau, "categorie": nom, "apprentis": donnees.fact(fid).value, "fact_id": fid}
        for panneau, liste in APPRENTIS.items()
        for nom, fid in liste
    ]
    return pd.DataFrame(rows)
