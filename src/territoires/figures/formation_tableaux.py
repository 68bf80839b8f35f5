"""Display tables of the « formation » chapter: the figures of the sources, side by side.

Each function returns the table with French display strings and the ids of its sources,
for `publish.table` in the chapter (which writes the caption).
"""

from __future__ import annotations

import re

import pandas as pd

from .. import data, fmt
from ..chapitres.formation import fait_ouverture
from ..phrases import editeur, quand

F = data.fact


def _euros_k(fact_id: str) -> str:
    return fmt.quantity(F(fact_id).value / 1000, "k€")


def periode(fact_id: str) -> str:
    """The period a change covers, as its label prints it (`… 2018-2022` → `de 2018 à 2022`)."""
    found = re.search(r"(\d{4})-(\d{4})", F(fact_id).label)
    return f"de {found[1]} à {found[2]}" if found else f"jusqu'en {quand(fact_id)}"


def investissement_ep2b() -> str:
    """The EP2B's investment in thousands of euros: `400 k€`."""
    return _euros_k("ep2b_investissement")


def tableau_ep2b() -> tuple[pd.DataFrame, list[str]]:
    """The production school of Lillers according to its two sources (the founding article, Eco121)."""
    opening = F(fait_ouverture())
    year = "année déduite" if opening.date_status == "inferred" else "année imprimée"
    rows = [
        (
            "Ouverture",
            f"{fmt.iso_date(opening.ref_date)} (mois imprimé, {year})",
            quand("ep2b_eleves_eco121"),
        ),
        ("Première promotion", F("seed_ep2b_eleves").text(), F("ep2b_eleves_eco121").text()),
        ("Âge des élèves", F("seed_ep2b_age").text(), F("ep2b_age_eco121").text()),
        ("Durée du CAP", F("seed_ep2b_duree_formation").text(), F("ep2b_duree_eco121").text()),
        ("Frais de scolarité", F("seed_ecoles_production_frais_scolarite").text(), "—"),
        (
            "Temps en production",
            "—",
            f"{F('ep2b_part_production').text(decimals=1)} ({F('ep2b_heures_production').text()})",
        ),
        ("Atelier", "—", f"{F('ep2b_atelier').text()}, {F('ep2b_machines').text()}"),
        ("Investissement", "—", investissement_ep2b()),
        (
            "Rang dans le réseau",
            f"{F('seed_ecoles_production_france').text()} en France",
            f"{fmt.rank(int(F('ep2b_rang_france').value))} en France, "
            f"{fmt.rank(int(F('ep2b_rang_hdf').value))} en Hauts-de-France",
        ),
    ]
    frame = pd.DataFrame(rows, columns=["Élément", "Article fondateur", "Eco121"])
    return frame, ["gazette_projets_cabbalr", "eco121_ep2b"]


# Higher education and school-business links: place, object, fact.
SUPERIEUR = (
    ("Béthune", "Convention-cadre agglomération – Université d'Artois", "seed_cabbalr_convention_artois_annee"),
    ("Béthune", "École d'ingénieurs en génie électrique : première rentrée", "ecole_ingenieurs_eleves_2023"),
    ("Béthune", "École d'ingénieurs : objectif annuel", "ecole_ingenieurs_objectif"),
    ("Béthune", "Pôle technologique : composantes", "univ_artois_composantes_bethune"),
    (
        "Béthune",
        "Pôle technologique : laboratoires (dont LSEE, plateforme TECH 3E)",
        "univ_artois_laboratoires_bethune",
    ),
    ("Béthune", "IUT : départements", "iut_bethune_departements"),
    ("Béthune", "IUT : étudiants (l'agglomération donne un autre chiffre)", "iut_bethune_etudiants"),
    ("CABBALR", "Formations industrielles recensées", "cabbalr_formations_industrielles"),
    ("Bruay-la-Buissière", "Campus des travaux publics : apprenants par an", "campus_tp_apprenants"),
    ("Bruay-la-Buissière", "Campus des travaux publics : formations", "campus_tp_formations"),
    ("Bruay-la-Buissière", "Campus des travaux publics : financement régional", "campus_tp_financement"),
    ("Pays de Saint-Omer", "EILCO : élèves", "eilco_eleves_2013"),
    ("Pays de Saint-Omer", "EILCO : enseignants-chercheurs", "eilco_enseignants_2013"),
    (
        "Flandre-Audomarois",
        "Université d'automne des ambassadeurs (IA) : participants",
        "seed_amb_universite_automne_participants",
    ),
)


def _chiffre(fact_id: str) -> str:
    """A figure of the higher-education table: a year as a year, a bare count without unit."""
    fact = F(fact_id)
    if fact.unit == "année":
        return str(int(fact.value))
    if fact.unit == "nombre":
        return fact.text(unit=False)
    return fact.text(decimals=0)


def tableau_superieur() -> tuple[pd.DataFrame, list[str]]:
    """Higher education, research and school-business links: the published figures."""
    rows = [
        {
            "Lieu": place,
            "Objet": label,
            "Chiffre": _chiffre(fid),
            "Date": quand(fid),
            "Source": editeur(F(fid).source_id),
        }
        for place, label, fid in SUPERIEUR
    ]
    return pd.DataFrame(rows), data.sources_of([fid for _p, _l, fid in SUPERIEUR])


JEUNES = (
    ("Arrondissement de Béthune", "taux_emploi_15_24_arr_bethune", "taux_activite_15_24_arr_bethune"),
    ("Unité urbaine de Saint-Omer", "taux_emploi_15_24_uu_so", "taux_activite_15_24_uu_so"),
    ("Arrondissement de Saint-Omer", "taux_emploi_15_24_arr_so_2014", "taux_activite_15_24_arr_so_2014"),
)


def tableau_jeunes() -> tuple[pd.DataFrame, list[str]]:
    """Employment and activity rates of the 15-24-year-olds (census), where they compare."""
    rows = [
        {
            "Territoire": name,
            "Recensement": quand(emp),
            "Taux d'emploi": F(emp).text(decimals=1),
            "Taux d'activité": F(act).text(decimals=1),
        }
        for name, emp, act in JEUNES
    ]
    return pd.DataFrame(rows), data.sources_of([fid for _n, emp, act in JEUNES for fid in (emp, act)])


# Recruitment difficulties: place, finding, facts, words before the date.
BMO = "Projets de recrutement jugés difficiles (enquête BMO)"
TENSIONS = (
    ("Hauts-de-France", BMO, ["bmo_difficiles_hdf_2021", "bmo_difficiles_hdf_2023"], None),
    ("France", BMO, ["bmo_difficiles_france_2023"], None),
    (
        "Hauts-de-France",
        "Besoins en usineurs couverts par les formations (estimation UIMM)",
        ["usineurs_couverture_hdf"],
        None,
    ),
    ("Arques", "Plan de recrutement d'Arc, surtout par l'alternance", ["arc_recrutement_plan"], "d'ici"),
    ("Arques", "Recrutements annuels d'Arc prévus", ["arc_recrutement_annuel"], "par an à partir de"),
    ("Pays de Saint-Omer", "Filière papier « qui peine à recruter » : emplois directs", ["papier_emplois"], None),
    ("CAPSO et Pays de Lumbres", "Salon du travail : postes proposés", ["salon_travail_postes"], None),
)
# A finding the study states without a figure.
METIERS = (
    "Bassin de Saint-Omer",
    "Métiers recherchés : techniciens de maintenance, comptables, auxiliaires de vie, caristes, électriciens",
    "le30fab_saint_omer",
)


def _tension(place: str, label: str, fids: list[str], link: str | None) -> dict:
    figures = " ; ".join(F(f).text(decimals=1 if F(f).value % 1 else 0) for f in fids)
    dates = " ; ".join(quand(f) for f in fids)
    return {
        "Territoire": place,
        "Constat": label,
        "Chiffre": figures,
        "Date": f"{link} {dates}" if link else dates,
        "Source": " ; ".join(dict.fromkeys(editeur(F(f).source_id) for f in fids)),
    }


def tableau_tensions() -> tuple[pd.DataFrame, list[str]]:
    """What the sources say of the industry's recruitment difficulties."""
    place, label, source = METIERS
    rows = [_tension(*row) for row in TENSIONS]
    rows.append({"Territoire": place, "Constat": label, "Chiffre": "—", "Date": "non daté", "Source": editeur(source)})
    return pd.DataFrame(rows), data.sources_of([f for _p, _l, fids, _k in TENSIONS for f in fids]) + [source]
