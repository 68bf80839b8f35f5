"""Model of the « formation » chapter: what production schools can bring to industrial hiring.

`compute` runs the capacity model of `territoires.formation` (graduates per year, local hires,
coverage of a yearly industrial hiring need, and their sensitivity to the assumptions) at the
validated parameters, and states as records every number the chapter gives as a result: the
model's outputs and the figures of the sources it quotes (the first cohort of the EP2B, the
network of production schools, apprentices, young people, recruitment difficulties).
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
import pandas as pd

from .. import data, formation, phrases, resultats
from ..resultats import Resultat, calcul, depuis_fait
from . import base

# The industrial jobs that set the need, and the exact geography they describe.
FAIT_EMPLOIS = {"cabbalr": "cabbalr_emplois_industriels", "flandre_audomarois": "ti_cfso_emplois"}
PERIMETRE_BESOIN = {"cabbalr": "EPCI", "flandre_audomarois": "Territoire d'industrie"}

# Sensitivity grids: the values drawn besides the reader's own and the highest admitted one.
ECOLES_GRILLE = (1, 2, 5, 10)
PROMOTIONS_GRILLE = (6, 12, 20)
POINTS_REUSSITE, POINTS_RENOUVELLEMENT = 15, 20


class Parametres(base.Parametres):
    """Assumptions of the capacity model (section « formation-capacite »)."""

    chapitre: ClassVar[str] = "03_formation"

    eleves_par_promotion: int = base.parametre(
        10,
        libelle="Élèves par promotion",
        sens="Jeunes admis chaque année dans une école de production",
        unite="élèves",
        mini=1,
        maxi=30,
    )
    duree_formation: int = base.parametre(
        2,
        libelle="Durée de la formation",
        sens="Durée de la formation (le CAP de l'EP2B dure deux ans)",
        unite="années",
        mini=1,
        maxi=4,
    )
    taux_diplomes: float = base.parametre(
        90.0,
        libelle="Taux de réussite",
        sens="Part des élèves admis qui obtiennent leur diplôme",
        unite="%",
        mini=30.0,
        maxi=100.0,
    )
    nombre_ecoles: int = base.parametre(
        1,
        libelle="Nombre d'écoles",
        sens="Nombre d'écoles de production sur le territoire",
        unite="écoles",
        mini=1,
        maxi=20,
    )
    part_embauche_locale: float = base.parametre(
        55.0,
        libelle="Part d'embauches locales",
        sens="Part des diplômés embauchés dans l'industrie du territoire à la sortie",
        unite="%",
        mini=0.0,
        maxi=100.0,
    )
    taux_renouvellement: float = base.parametre(
        3.0,
        libelle="Taux de renouvellement",
        sens="Part des emplois industriels à renouveler chaque année (départs)",
        unite="%/an",
        mini=0.5,
        maxi=10.0,
    )
    territoire_besoin: Literal["cabbalr", "flandre_audomarois"] = base.parametre(
        "cabbalr",
        libelle="Territoire du besoin",
        sens="Territoire dont l'emploi industriel fixe le besoin",
    )
    horizon: int = base.parametre(
        10,
        libelle="Horizon",
        sens="Horizon du calcul cumulé, compté depuis l'ouverture",
        unite="années",
        mini=1,
        maxi=30,
    )


def bornes(nom: str) -> tuple:
    """Lowest and highest admitted values of a parameter (the sensitivity grids span them)."""
    return Parametres._bounds(nom)


def grille_reussite(p: Parametres) -> tuple[np.ndarray, list[int]]:
    """Axes of the left sensitivity panel: completion rates over their range, numbers of schools."""
    ecoles = sorted({*ECOLES_GRILLE, bornes("nombre_ecoles")[1], p.nombre_ecoles})
    return np.linspace(*bornes("taux_diplomes"), POINTS_REUSSITE), ecoles


def grille_renouvellement(p: Parametres) -> tuple[np.ndarray, list[int]]:
    """Axes of the right sensitivity panel: replacement rates over their range, cohort sizes."""
    promotions = sorted({*PROMOTIONS_GRILLE, bornes("eleves_par_promotion")[1], p.eleves_par_promotion})
    return np.linspace(*bornes("taux_renouvellement"), POINTS_RENOUVELLEMENT), promotions


def sorties(p: Parametres, donnees=data) -> dict[str, float]:
    """The model's outputs at `p`, unrounded; `ecoles_necessaires` is absent when nobody is
    hired locally (no number of schools covers the need then)."""
    f = formation  # the capacity model's formulas
    jobs = donnees.fact(FAIT_EMPLOIS[p.territoire_besoin]).value
    besoin = f.besoin_annuel(jobs, p.taux_renouvellement)
    diplomes = f.diplomes_par_an(p.eleves_par_promotion, p.taux_diplomes, p.nombre_ecoles)
    embauches = diplomes * p.part_embauche_locale / 100
    fin = f.trajectoire(p, besoin).iloc[-1]
    grille = f.sensibilite_reussite(p, besoin, *grille_reussite(p))
    taux, _ = grille_renouvellement(p)
    mine = f.sensibilite_renouvellement(p, jobs, taux, [p.eleves_par_promotion])["couverture_pct"]
    sorties = {
        "besoin_annuel": besoin,
        "diplomes_par_an": diplomes,
        "eleves_presents": f.eleves_presents(p.eleves_par_promotion, p.duree_formation, p.nombre_ecoles),
        "embauches_locales_par_an": embauches,
        "couverture_besoin": f.couverture(embauches, besoin),
        "ecoles_necessaires": f.ecoles_necessaires(
            besoin, p.eleves_par_promotion, p.taux_diplomes, p.part_embauche_locale
        ),
        "diplomes_cumules": fin["diplomes_cumules"],
        "embauches_locales_cumulees": fin["embauches_locales_cumulees"],
        "besoin_cumule": fin["besoin_cumule"],
        "couverture_cumulee": f.couverture(fin["embauches_locales_cumulees"], fin["besoin_cumule"]),
        "couverture_max_ecoles": grille["couverture_pct"].max(),
        "couverture_selon_renouvellement_bas": mine.min(),
        "couverture_selon_renouvellement_haut": mine.max(),
    }
    return {key: float(value) for key, value in sorties.items() if value is not None}


# What the model states: key → (label, unit, definition). Keys in BESOIN depend on the
# industrial jobs, so their records also cite the source of those jobs.
MODELE = {
    "besoin_annuel": (
        "Besoin annuel d'embauches industrielles du territoire",
        "embauches",
        "Emplois industriels du territoire × taux de renouvellement annuel (départs à remplacer).",
    ),
    "diplomes_par_an": (
        "Diplômés par an des écoles de production du territoire, en régime établi",
        "diplômés",
        "Élèves par promotion × nombre d'écoles × taux de réussite.",
    ),
    "eleves_presents": (
        "Élèves présents en même temps dans les écoles de production, en régime établi",
        "élèves",
        "Élèves par promotion × durée de la formation × nombre d'écoles (sans abandon en cours de route).",
    ),
    "embauches_locales_par_an": (
        "Diplômés embauchés chaque année dans l'industrie du territoire",
        "embauches",
        "Diplômés par an × part embauchée dans l'industrie du territoire à la sortie.",
    ),
    "couverture_besoin": (
        "Part du besoin annuel d'embauches industrielles couverte chaque année par les diplômés embauchés "
        "localement, en régime établi",
        "%",
        "Diplômés embauchés localement chaque année, une fois toutes les promotions en cours, rapportés au besoin "
        "annuel d'embauches (couverture annuelle ; la couverture cumulée depuis l'ouverture est couverture_cumulee).",
    ),
    "ecoles_necessaires": (
        "Écoles de production nécessaires pour couvrir tout le besoin annuel d'embauches industrielles",
        "écoles",
        "Plus petit nombre d'écoles de la taille paramétrée dont les diplômés embauchés localement "
        "couvrent le besoin annuel.",
    ),
    "diplomes_cumules": (
        "Diplômés des écoles de production cumulés depuis l'ouverture, à l'horizon du modèle",
        "diplômés",
        "Somme des diplômés de chaque année, le premier diplôme venant au bout de la durée de la formation.",
    ),
    "embauches_locales_cumulees": (
        "Diplômés embauchés dans l'industrie du territoire, cumulés à l'horizon du modèle",
        "embauches",
        "Diplômés cumulés × part embauchée localement.",
    ),
    "besoin_cumule": (
        "Besoin d'embauches industrielles cumulé à l'horizon du modèle",
        "embauches",
        "Besoin annuel × nombre d'années de l'horizon.",
    ),
    "couverture_cumulee": (
        "Part du besoin d'embauches cumulé depuis l'ouverture couverte par les diplômés embauchés localement, "
        "à l'horizon du modèle",
        "%",
        "Embauches locales cumulées de l'ouverture à l'horizon rapportées au besoin cumulé sur la même durée "
        "(couverture cumulée, plus basse que la couverture annuelle couverture_besoin : la première promotion met "
        "le temps de la formation à sortir).",
    ),
    "couverture_max_ecoles": (
        "Couverture du besoin annuel avec le nombre maximal d'écoles et une réussite totale",
        "%",
        "Couverture du besoin annuel quand le nombre d'écoles et le taux de réussite prennent leur plus "
        "haute valeur admise.",
    ),
    "couverture_selon_renouvellement_bas": (
        "Couverture du besoin annuel par les écoles paramétrées, au plus haut taux de renouvellement admis",
        "%",
        "Couverture du besoin annuel quand le taux de renouvellement prend sa plus haute valeur admise.",
    ),
    "couverture_selon_renouvellement_haut": (
        "Couverture du besoin annuel par les écoles paramétrées, au plus bas taux de renouvellement admis",
        "%",
        "Couverture du besoin annuel quand le taux de renouvellement prend sa plus basse valeur admise.",
    ),
}
BESOIN = {
    "besoin_annuel",
    "couverture_besoin",
    "ecoles_necessaires",
    "besoin_cumule",
    "couverture_cumulee",
    "couverture_max_ecoles",
    "couverture_selon_renouvellement_bas",
    "couverture_selon_renouvellement_haut",
}
RESEAU = {
    "premier": "Écoles de production en France : premier chiffre daté",
    "dernier": "Écoles de production en France : dernier chiffre daté observé",
    "avant_article": "Écoles de production en France : dernier chiffre daté inférieur à celui de l'article",
    "apres_article": "Écoles de production en France : chiffre daté suivant, au moins égal à celui de l'article",
}

# The opening year of the EP2B is found by its indicator: its fact id says how the year is known.
OUVERTURE_EP2B = "ep2b_opening_year"

# Facts the chapter states as they are: key → (fact, label).
FAITS = {
    "eleves_ecole_production_cabbalr": (
        "seed_ep2b_eleves",
        "Élèves de la première promotion de l'école de production EP2B selon l'article fondateur",
    ),
    "eleves_ecole_production_eco121": (
        "ep2b_eleves_eco121",
        "Élèves de la première promotion de l'école de production EP2B selon Eco121",
    ),
    "ecoles_production_france_article": (
        "seed_ecoles_production_france",
        "Écoles de production en France selon l'article fondateur (non daté)",
    ),
    "ecoles_production_france_fnep": (
        "ecoles_production_fnep_recent",
        "Écoles de production en France selon leur fédération (non daté, récent)",
    ),
    "reussite_ecoles_production": (
        "ecoles_production_reussite_2023",
        "Taux de réussite aux examens des écoles de production en France (2022-2023)",
    ),
    "poursuite_etudes_ecoles_production": (
        "ecoles_production_poursuite_2017",
        "Part des élèves des écoles de production qui poursuivent leurs études",
    ),
    "alternance_belgique": (
        "alternance_belgique",
        "Part des 30-34 ans du secondaire qualifiant passés par l'alternance en Belgique",
    ),
    "alternance_france": (
        "alternance_france",
        "Part des 30-34 ans du secondaire qualifiant passés par l'alternance en France",
    ),
    "alternance_suisse": (
        "alternance_suisse",
        "Part des 30-34 ans du secondaire qualifiant passés par l'alternance en Suisse",
    ),
    "apprentis_hauts_de_france": ("apprentis_hdf_2022", "Apprentis en Hauts-de-France (INSEE)"),
    "part_apprentis_hauts_de_france": (
        "apprentis_part_hdf_2022",
        "Part des apprentis dans l'emploi salarié en Hauts-de-France",
    ),
    "part_apprentis_france": ("apprentis_part_france_2022", "Part des apprentis dans l'emploi salarié en France"),
    "apprentis_flandre_audomarois": ("apprentis_pso_2016", "Apprentis du Pays de Saint-Omer au 1er janvier 2016"),
    "apprentis_pays_saint_omer_2014": ("apprentis_pso_2014", "Apprentis du Pays de Saint-Omer en 2014"),
    "hausse_apprentis_pays_saint_omer_source": (
        "apprentis_pso_progression",
        "Hausse du nombre d'apprentis du Pays de Saint-Omer de 2014 à 2016 selon la source",
    ),
    "apprentis_caso": ("apprentis_caso_2016", "Apprentis de la CA de Saint-Omer au 1er janvier 2016"),
    "apprentis_industrie_caso": (
        "apprentis_caso_industrie",
        "Apprentis de l'industrie dans la CA de Saint-Omer au 1er janvier 2016",
    ),
    "taux_emploi_15_24_arr_bethune": (
        "taux_emploi_15_24_arr_bethune",
        "Taux d'emploi des 15-24 ans dans l'arrondissement de Béthune",
    ),
    "taux_emploi_15_24_uu_saint_omer": (
        "taux_emploi_15_24_uu_so",
        "Taux d'emploi des 15-24 ans dans l'unité urbaine de Saint-Omer",
    ),
    "neet_15_29_hauts_de_france": (
        "jeunes_ni_emploi_ni_etudes_hdf_2014",
        "Part des 15-29 ans ni en emploi ni scolarisés en Hauts-de-France",
    ),
    "neet_sans_qualification_cabbalr": (
        "neet_sans_qualification_cabbalr",
        "Part des jeunes sans qualification, ni en emploi ni en formation, selon l'agglomération de Béthune-Bruay",
    ),
    "sans_diplome_uu_saint_omer": (
        "diplome_aucun_uu_so_2013",
        "Part des 15 ans ou plus sortis de l'école sans diplôme ou avec le seul brevet, unité urbaine de Saint-Omer",
    ),
    "sans_diplome_hauts_de_france": (
        "diplome_aucun_hdf_2014",
        "Part des 15 ans ou plus sortis de l'école sans diplôme ou avec le seul brevet, Hauts-de-France",
    ),
    "recrutements_difficiles_hauts_de_france": (
        "bmo_difficiles_hdf_2023",
        "Part des projets de recrutement jugés difficiles en Hauts-de-France (enquête BMO)",
    ),
    "recrutements_difficiles_france": (
        "bmo_difficiles_france_2023",
        "Part des projets de recrutement jugés difficiles en France (enquête BMO)",
    ),
    "couverture_besoins_usineurs": (
        "usineurs_couverture_hdf",
        "Part des besoins en usineurs des Hauts-de-France couverte par les formations (estimation UIMM)",
    ),
}
DECIMALES = {
    "part_apprentis_hauts_de_france": 1,
    "part_apprentis_france": 1,
    "taux_emploi_15_24_arr_bethune": 1,
    "taux_emploi_15_24_uu_saint_omer": 1,
    "neet_sans_qualification_cabbalr": 1,
    "sans_diplome_uu_saint_omer": 1,
    "sans_diplome_hauts_de_france": 1,
}  # as the book prints them


def _decimales(key: str, value: float) -> int:
    """How the book prints a model output: shares and yearly local hires with one decimal,
    counts whole (less than one graduate a year keeps one decimal)."""
    if MODELE[key][1] == "%" or key == "embauches_locales_par_an":
        return 1
    return 1 if key == "diplomes_par_an" and value < 1 else 0


def compute(p: Parametres, donnees=data) -> resultats.Resultats:
    """Every result the chapter states, at the parameters `p`, and the tables of its figures."""
    jobs = donnees.fact(FAIT_EMPLOIS[p.territoire_besoin])
    records = [
        Resultat(
            key=key,
            label=MODELE[key][0],
            value=value,
            unit=MODELE[key][1],
            decimals=_decimales(key, value),
            territory_id=p.territoire_besoin,
            perimeter=PERIMETRE_BESOIN[p.territoire_besoin],
            ref_date=None,
            source_ids=(jobs.source_id, "hypothese_auteurs") if key in BESOIN else ("hypothese_auteurs",),
            qualifier="model",
            definition=MODELE[key][2],
            parameters=p.valeurs(),
        )
        for key, value in sorties(p, donnees).items()
    ]
    label = f"Emplois industriels du territoire du besoin ({phrases.nom_court(p.territoire_besoin)})"
    perimeter = PERIMETRE_BESOIN[p.territoire_besoin]
    records.append(depuis_fait(jobs.fact_id, "emplois_industriels_besoin", label=label, perimeter=perimeter))
    network = formation.reseau(donnees)
    landmarks = formation.reperes(network, donnees.fact("seed_ecoles_production_france").value)
    for nom, label in RESEAU.items():
        records.append(depuis_fait(landmarks[nom], f"ecoles_production_france_{nom}", label=label))
    for key, (fid, label) in FAITS.items():
        records.append(depuis_fait(fid, key, label=label, decimals=DECIMALES.get(key)))
    records.append(
        depuis_fait(
            fait_ouverture(donnees),
            "annee_ouverture_ep2b",
            label="Année d'ouverture de l'école de production EP2B à Lillers",
        )
    )
    records += _calculs_apprentis(donnees)
    besoin = formation.besoin_annuel(jobs.value, p.taux_renouvellement)
    tables = {
        "trajectoire": formation.trajectoire(p, besoin),
        "sensibilite_reussite": formation.sensibilite_reussite(p, besoin, *grille_reussite(p)),
        "sensibilite_renouvellement": formation.sensibilite_renouvellement(p, jobs.value, *grille_renouvellement(p)),
        "reseau": network,
        "reseau_reperes": pd.DataFrame({"repere": list(landmarks), "fact_id": list(landmarks.values())}),
        "alternance": formation.alternance(donnees),
        "apprentis": formation.apprentis(donnees),
    }
    return resultats.Resultats(chapitre=Parametres.chapitre, parametres=p.valeurs(), records=records, tables=tables)


def fait_ouverture(donnees=data) -> str:
    """The one fact giving the opening year of the EP2B."""
    rows = donnees.load("facts_enriched")
    found = list(rows.loc[rows["indicator"] == OUVERTURE_EP2B, "fact_id"])
    if len(found) != 1:
        raise ValueError(
            f"data/raw/facts.csv, champ indicator : un seul fait « {OUVERTURE_EP2B} » attendu (année d'ouverture "
            f"de l'EP2B), trouvé {len(found)} ({', '.join(found) or 'aucun'})"
        )
    return found[0]


def _calculs_apprentis(donnees) -> list[Resultat]:
    """Two shares the chapter computes from the apprentices' counts of the press."""
    avant, apres = donnees.fact("apprentis_pso_2014"), donnees.fact("apprentis_pso_2016")
    industrie, caso = donnees.fact("apprentis_caso_industrie"), donnees.fact("apprentis_caso_2016")
    share = {"unit": "%", "decimals": 0}
    return [
        calcul(
            "hausse_apprentis_pays_saint_omer",
            "Hausse du nombre d'apprentis du Pays de Saint-Omer de 2014 au 1er janvier 2016 (calcul)",
            100 * (apres.value / avant.value - 1),
            where=(apres.territory_id, "groupement d'EPCI"),
            ref_date=apres.ref_date,
            sources=(avant.source_id, apres.source_id),
            definition="Apprentis au 1er janvier 2016 rapportés à ceux de 2014, moins un, en pourcentage.",
            **share,
        ),
        calcul(
            "part_caso_apprentis_pays_saint_omer",
            "Part de la CA de Saint-Omer parmi les apprentis du Pays de Saint-Omer au 1er janvier 2016",
            100 * caso.value / apres.value,
            where=(caso.territory_id, "EPCI"),
            ref_date=caso.ref_date,
            sources=(caso.source_id, apres.source_id),
            definition="Apprentis de la CA de Saint-Omer rapportés à ceux du Pays de Saint-Omer, à la même date.",
            **share,
        ),
        calcul(
            "part_industrie_apprentis_caso",
            "Part de l'industrie parmi les apprentis de la CA de Saint-Omer au 1er janvier 2016",
            100 * industrie.value / caso.value,
            where=(caso.territory_id, "EPCI"),
            ref_date=caso.ref_date,
            sources=(industrie.source_id, caso.source_id),
            definition="Apprentis de l'industrie rapportés à tous les apprentis de la CA de Saint-Omer.",
            **share,
        ),
    ]
