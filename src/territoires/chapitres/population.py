"""Model of the population chapter: level, trend and rank of the two territories among the
region's EPCI, from the official series (`data/official/populations/`, INSEE legal populations
by millésime, read by `territoires.populations`).

Like with like: a perimeter's rate of change is compared with every EPCI's (a rate does not
depend on size); its rank by population is given for one EPCI only (the agglomeration of
Béthune-Bruay, the CA du Pays de Saint-Omer for the Flandre-Audomarois), never for a group of
EPCI against single ones.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import pandas as pd
from pydantic import ValidationInfo, field_validator

from .. import data, perimeters, populations
from ..resultats import Resultat, Resultats, calcul
from . import base

CHAPITRE = "population"
SOURCE = "etalab_decoupage_administratif"
TERRITOIRES = ("cabbalr", "flandre_audomarois")
# The EPCI that stands for each territory in the ranks by population (an EPCI among EPCI).
EPCI_DE_REFERENCE = {"cabbalr": "200072460", "flandre_audomarois": "200069037"}
NOMS_EPCI = {"200072460": "CA de Béthune-Bruay, Artois-Lys Romane", "200069037": "CA du Pays de Saint-Omer"}
DEBUTS = tuple(m for m in sorted(populations.MILLESIMES) if m != max(populations.MILLESIMES))
FINS = tuple(m for m in sorted(populations.MILLESIMES) if m != min(populations.MILLESIMES))
DEFINITION = (
    "Population municipale des populations légales de l'INSEE (en vigueur au 1er janvier du millésime, "
    "année de référence trois ans plus tôt), somme des EPCI du périmètre"
)


class Parametres(base.Parametres):
    chapitre: ClassVar[str] = CHAPITRE

    millesime_debut: Literal[DEBUTS] = base.parametre(
        min(DEBUTS),
        libelle="Millésime de départ",
        sens="Millésime des populations légales où commence la comparaison (année de référence INSEE : trois ans "
        "plus tôt)",
    )
    millesime_fin: Literal[FINS] = base.parametre(
        max(FINS),
        libelle="Millésime d'arrivée",
        sens="Millésime des populations légales où finit la comparaison (le plus récent par défaut)",
    )

    @field_validator("millesime_fin")
    @classmethod
    def _after_start(cls, fin: int, info: ValidationInfo) -> int:
        debut = info.data.get("millesime_debut")
        if debut is not None and fin <= debut:
            raise ValueError(f"millésime d'arrivée ({fin}) antérieur ou égal au millésime de départ ({debut})")
        return fin


def compute(p: Parametres, donnees=data) -> Resultats:
    epci, communes = populations.lire_epci(), populations.lire_communes()
    debut, fin = p.millesime_debut, p.millesime_fin
    records: list[Resultat] = []
    series, maps = [], []
    for territory in TERRITOIRES:
        sirens = perimeters.members(territory, donnees.load("perimeters_ref"))
        serie = populations.serie_perimetre(epci, sirens).assign(territoire=territory)
        series.append(serie)
        records += _perimetre(p, territory, sirens, epci, serie)
        change = populations.evolution_communes(communes, sirens, debut, fin)
        maps.append(change.table.assign(territoire=territory))
        records.append(_communes_en_baisse(p, territory, change))
    rates = populations.taux_annuels(epci, debut, fin)
    records += _region(p, epci, rates)
    tables = {
        "series": pd.concat(series, ignore_index=True),
        "taux": rates,
        "communes": pd.concat(maps, ignore_index=True),
    }
    return Resultats(chapitre=CHAPITRE, parametres=p.valeurs(), records=records, tables=tables)


def _ou(territory: str, sirens) -> tuple[str, str]:
    return territory, "EPCI" if len(sirens) == 1 else "groupement d'EPCI"


def _perimetre(p: Parametres, territory: str, sirens, epci: pd.DataFrame, serie: pd.DataFrame) -> list[Resultat]:
    debut, fin = p.millesime_debut, p.millesime_fin
    change = populations.evolution(serie, debut, fin)
    where = _ou(territory, sirens)
    years = f"populations légales {change.annee_debut} et {change.annee_fin}"
    common = {"where": where, "sources": [SOURCE]}
    rank_rate = populations.rang_taux(epci, sirens, debut, fin)
    reference = EPCI_DE_REFERENCE[territory]
    rank_size = populations.rang_population(epci, [reference], fin)
    return [
        calcul(
            f"population_{territory}", "Population municipale", change.population_fin, "habitants", 0,
            definition=f"{DEFINITION} (populations légales {change.annee_fin}, millésime {fin})",
            ref_date=str(change.annee_fin), indicator="population_municipale", **common,
        ),
        calcul(
            f"population_debut_{territory}", "Population municipale au départ", change.population_debut,
            "habitants", 0, definition=f"{DEFINITION} (populations légales {change.annee_debut}, millésime {debut})",
            ref_date=str(change.annee_debut), indicator="population_municipale", **common,
        ),
        calcul(
            f"evolution_{territory}", "Évolution de la population", change.pourcentage, "%", 1,
            definition=f"Évolution de la population municipale entre les {years}", ref_date=str(change.annee_fin),
            indicator="evolution_population", p=p, **common,
        ),
        calcul(
            f"taux_annuel_{territory}", "Taux de variation annuel moyen de la population", change.taux_annuel,
            "% par an", 2, definition=f"Taux annuel moyen de variation de la population municipale entre les {years}",
            ref_date=str(change.annee_fin), indicator="taux_annuel_population", p=p, **common,
        ),
        calcul(
            f"rang_taux_{territory}", "Rang du taux de variation parmi les EPCI de la région", rank_rate.rang, "", 0,
            definition=f"Rang (1 = plus forte croissance) parmi les {rank_rate.sur} EPCI des Hauts-de-France "
            f"présents aux deux millésimes, le périmètre compté comme un seul ({years})",
            ref_date=str(change.annee_fin), p=p, **common,
        ),
        calcul(
            f"rang_taux_sur_{territory}", "EPCI classés par taux de variation", rank_rate.sur, "EPCI", 0,
            definition=f"EPCI des Hauts-de-France classés par taux de variation ({years})",
            ref_date=str(change.annee_fin), p=p, **common,
        ),
        calcul(
            f"rang_population_{territory}", f"Rang par population de la {NOMS_EPCI[reference]}", rank_size.rang, "", 0,
            definition=f"Rang par population municipale de la {NOMS_EPCI[reference]} parmi les {rank_size.sur} EPCI "
            f"des Hauts-de-France (populations légales {change.annee_fin})",
            where=(territory, "EPCI"), sources=[SOURCE], ref_date=str(change.annee_fin), p=p,
        ),
        calcul(
            f"rang_population_sur_{territory}", "EPCI classés par population", rank_size.sur, "EPCI", 0,
            definition=f"EPCI des Hauts-de-France au millésime {fin}", where=(territory, "EPCI"), sources=[SOURCE],
            ref_date=str(change.annee_fin), p=p,
        ),
    ]  # fmt: skip


def _communes_en_baisse(p: Parametres, territory: str, change: populations.EvolutionCommunes) -> Resultat:
    rates = change.table["taux_annuel"].dropna()
    return calcul(
        f"part_communes_en_baisse_{territory}", "Part des communes dont la population baisse",
        100 * float((rates < 0).mean()), "%", 0,
        definition=f"Part des communes du périmètre dont la population municipale baisse entre les populations "
        f"légales {change.annee_debut} et {change.annee_fin} (communes de même code INSEE aux deux dates)",
        where=(territory, "commune"), sources=[SOURCE], ref_date=str(change.annee_fin), p=p,
    )  # fmt: skip


def _region(p: Parametres, epci: pd.DataFrame, rates: pd.DataFrame) -> list[Resultat]:
    debut, fin = p.millesime_debut, p.millesime_fin
    totals = epci.groupby("millesime_cog")["population"].sum()
    change = populations.Evolution(
        debut, fin, populations.MILLESIMES[debut], populations.MILLESIMES[fin], int(totals[debut]), int(totals[fin])
    )
    where = ("hauts_de_france", "région")
    return [
        calcul(
            "taux_annuel_region", "Taux de variation annuel moyen de la population des EPCI de la région",
            change.taux_annuel, "% par an", 2,
            definition=f"Taux annuel moyen de variation de la population municipale de l'ensemble des EPCI des "
            f"Hauts-de-France entre les populations légales {change.annee_debut} et {change.annee_fin}",
            where=where, sources=[SOURCE], ref_date=str(change.annee_fin), indicator="taux_annuel_population", p=p,
        ),
        calcul(
            "epci_en_baisse_region", "Part des EPCI de la région dont la population baisse",
            100 * float((rates["taux_annuel"] < 0).mean()), "%", 0,
            definition=f"Part des EPCI des Hauts-de-France dont la population municipale baisse entre les "
            f"populations légales {change.annee_debut} et {change.annee_fin}",
            where=where, sources=[SOURCE], ref_date=str(change.annee_fin), p=p,
        ),
    ]  # fmt: skip
