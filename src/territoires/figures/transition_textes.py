"""Words of the « transition » chapter that are not a record of its model: the dates and the
figures its prose quotes as the sources give them, and the phrasings a record needs in a
sentence (a threshold out of reach, a whole multiple).
"""

from __future__ import annotations

import math

from .. import data, fmt
from ..chapitres import transition as modele
from ..phrases import editeur
from ..resultats import Resultats

# Glue name → event of the timeline whose date the prose gives.
DATES = {
    "annonce_date": "bri_annonce",
    "confirmation_date": "bri_fermeture_confirmee",
    "pse_signe_date": "bri_pse_signe",
    "pse_janvier_date": "bri_pse_janvier_version",
    "accord_date": "bri_accord_indemnites",
    "pse_valide_date": "bri_pse_valide",
    "fermeture_date": "bri_fermeture",
    "arret_cfdt_date": "bri_arret_production_cfdt",
    "cession_date": "bri_cession_sig",
    "rachat_date": "bri_rachat_effectif",
    "blackstar_date": "blackstar_annonce",
    "mecaware_date": "mecaware_annonce",
}
# Glue name → (fact, how the prose quotes it): `nombre` the bare number, `texte` with its
# qualifier and unit, `date` / `annee` the date it describes.
CITATIONS = {
    "pse_syndicats": ("bri_pse_syndicats", "nombre"),
    "headcount_cftc": ("bri_headcount_cdi_cftc_2021", "nombre"),
    "headcount_seed": ("seed_bri_pse_personnes_concernees", "nombre"),
    "headcount_gazette": ("bri_headcount_gazette_2025", "nombre"),
    "cdi_fermeture": ("bri_cdi_fermeture", "nombre"),
    "cdi_octobre": ("bri_cdi_2021_10", "nombre"),
    "cdi_octobre_date": ("bri_cdi_2021_10", "date"),
    "sans_solution_octobre": ("bri_sans_solution_2021_10", "nombre"),
    "cdi_cdd_mars": ("bri_reclasses_emploi_2021_03", "nombre"),
    "cdi_cdd_mars_date": ("bri_reclasses_emploi_2021_03", "date"),
    "cdi_cdd_avril": ("bri_reclasses_emploi_2021_04", "qualifie"),
    "stable_un_an": ("bri_emploi_stable_un_an", "nombre"),
    "stable_un_an_date": ("bri_emploi_stable_un_an", "date"),
    "seed_solutions": ("seed_bri_pse_solutions", "nombre"),
    "part_ministre": ("bri_emploi_part_ministre", "texte"),
    "part_ministre_date": ("bri_emploi_part_ministre", "quand"),
    "bilan_cdi_cdd": ("bri_solutions_cdi_cdd_bilan", "nombre"),
    "bilan_date": ("bri_solutions_bilan", "quand"),
    "bilan_creations": ("bri_solutions_creations_bilan", "nombre"),
    "bilan_retraites": ("bri_solutions_retraites_bilan", "nombre"),
    "bilan_autres": ("bri_solutions_autres_bilan", "nombre"),
    "cdi_cinq_ans": ("bri_cdi_5ans", "nombre"),
    "cdd_cinq_ans": ("bri_cdd_longs_5ans", "nombre"),
    "cinq_ans_date": ("bri_cdi_5ans", "quand"),
    "headcount_gazette_date": ("bri_headcount_gazette_2025", "quand"),
    "entreprises_contactees": ("site_entreprises_contactees", "nombre"),
    "potentiel_recond": ("site_potentiel_reconditionnement", "texte"),
    "potentiel_strat": ("site_potentiel_filiere_strategique", "texte"),
    "potentiel_minutes": ("site_potentiel_emplois_20minutes", "texte"),
    "potentiel_date": ("site_potentiel_reconditionnement", "date"),
    "projets_etudies": ("seed_bri_site_projets_implantation", "texte"),
    "projets_etudies_court": ("seed_bri_site_projets_implantation", "qualifie"),
    "grands_projets": ("seed_bri_site_projets_300_emplois", "nombre"),
    "grands_projets_emplois": ("seed_bri_site_emplois_potentiels", "texte"),
    "blackstar_objectif_court": ("blackstar_emplois_2022", "texte"),
    "blackstar_objectif_court_annee": ("blackstar_emplois_2022", "annee"),
    "blackstar_objectif_long": ("blackstar_emplois_2025", "texte"),
    "blackstar_objectif_long_annee": ("blackstar_emplois_2025", "annee"),
    "blackstar_2023": ("blackstar_effectif_2023", "texte"),
    "blackstar_2023_date": ("blackstar_effectif_2023", "annee"),
    "blackstar_2026_date": ("blackstar_effectif_2026", "date"),
    "site_firms_2023": ("site_occupants_2023_05", "nombre"),
    "site_salaries_2023_date": ("site_salaries_2023_05", "date"),
    "site_unites": ("site_unites_2024", "texte"),
    "site_unites_date": ("site_unites_2024", "date"),
    "mecaware_emplois": ("mecaware_emplois", "texte"),
    "mecaware_annee": ("mecaware_emplois", "annee"),
    "occupation_ministre": ("site_occupation_2023", "texte"),
    "occupation_ministre_date": ("site_occupation_2023", "quand"),
    "occupation_prefet": ("site_occupation_2024", "texte"),
    "occupation_prefet_date": ("site_occupation_2024", "quand"),
    "occupation_visee": ("sig_occupation_visee", "texte"),
    "sites_industriels": ("seed_cabbalr_sites_industriels", "nombre"),
    "part_sites_projet": ("seed_cabbalr_part_sites_projet", "texte"),
    "laureats": ("seed_cabbalr_france_relance_laureats", "nombre"),
    "acc_premiers": ("acc_salaries_formes", "nombre"),
    "acc_premiers_date": ("acc_salaries_formes", "date"),
    "acc_2030": ("acc_trajectoire_2030", "texte"),
    "acc_2030_annee": ("acc_trajectoire_2030", "annee"),
    "arc_2003": ("arc_effectif_2003", "nombre"),
    "arc_2003_annee": ("arc_effectif_2003", "annee"),
    "arc_2013": ("arc_effectif_2013", "nombre"),
    "arc_2013_annee": ("arc_effectif_2013", "annee"),
    "rdm": ("rdm_emplois_fermeture", "texte"),
    "rdm_date": ("rdm_emplois_fermeture", "date"),
    "rdm_depute": ("rdm_emplois_depute", "nombre"),
    "wizpaper": ("wizpaper_emplois_liquidation", "texte"),
    "wizpaper_date": ("wizpaper_emplois_liquidation", "date"),
}


def _quote(fact: data.Fact, form: str) -> str:
    if form == "nombre":
        return fact.number()
    if form == "qualifie":
        return fact.text(unit=False)
    if form == "date":
        return fmt.iso_date(fact.ref_date)
    if form == "annee":
        return fact.ref_date[:4]
    if form == "quand":  # the date, said to be inferred when it is
        return fact.when().replace(" (déduite)", ", date déduite")
    return fact.text()


def citations() -> dict[str, str]:
    """Glue name (`transition_…`) → text of every date and sourced figure the prose quotes as is."""
    events = data.load("timeline").set_index("event_id")["date"]
    texts = {name: fmt.iso_date(events[event]) for name, event in DATES.items()}
    texts |= {name: _quote(data.fact(fact_id), form) for name, (fact_id, form) in CITATIONS.items()}
    texts["blackstar_sauvegarde"] = avant_apres(
        "blackstar_effectif_2026", "blackstar_sauvegarde", "sa mise en sauvegarde"
    )
    return {f"transition_{name}": text for name, text in texts.items()}


def date_evenement(event_id: str) -> str:
    """The date of an event of the timeline, in French."""
    return fmt.iso_date(data.load("timeline").set_index("event_id").at[event_id, "date"])


def avant_apres(fact_id: str, event_id: str, what: str) -> str:
    """Where a figure's date stands against an event's, from the two dates as the sources give
    them: `après sa mise en sauvegarde (janvier 2026)`, `avant …`, `au moment de …`."""
    fact_date = data.fact(fact_id).ref_date
    event_date = data.load("timeline").set_index("event_id").at[event_id, "date"]
    common = min(len(fact_date), len(event_date))  # compare at the coarser precision of the two
    if fact_date[:common] == event_date[:common]:
        return f"au moment de {what} ({fmt.iso_date(event_date)})"
    word = "après" if fact_date[:common] > event_date[:common] else "avant"
    return f"{word} {what} ({fmt.iso_date(event_date)})"


def personnes_concernees() -> str:
    """What the agglomeration's 827 « personnes concernées » are, as the fact table defines them."""
    fact = data.fact("seed_bri_pse_personnes_concernees")
    if fact.indicator == "bridgestone_headcount":
        return f"{fact.number()} sont les personnes concernées par le PSE selon l'agglomération"
    return (
        f"les {fact.number()} personnes concernées par le PSE selon l'agglomération sont les personnes visées par le "
        "plan, que la table des faits ne compte pas comme un effectif de l'usine"
    )


def potentiel_strategique() -> str:
    """The strategic-sector project announced with the site's potentials: on the site, or for the
    wider territory (then outside the model), as the fact table places it."""
    fact = data.fact("site_potentiel_filiere_strategique")
    if fact.territory_id == "site_bridgestone":
        return f", plus {fact.text()} pour une filière stratégique"
    return (
        f". Un projet de filière stratégique de {fact.text()}, annoncé le même jour, concerne le territoire et non "
        "le site : il n'entre pas dans les potentiels du site"
    )


def solutions_recentes(R: Resultats) -> str:
    """The latest published share of former employees with a solution, its date and who says it."""
    latest = data.fact(modele.dernier_fait(data, "bridgestone_solution_share"))
    when = latest.when().replace(" (déduite)", ", date déduite")
    return f"{R.texte('part_solutions_recente')} ({when}) selon {editeur(latest.source_id)}"


def acc_lieu(R: Resultats) -> str:
    """Where the ACC gigafactory stands, from the table of communes: `à Billy-Berclau et Douvrin,
    2 communes membres de l'agglomération`."""
    communes = modele.communes_du_site(data)
    names = list(communes["nom"])
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"
    members = R.valeur("acc_communes_agglomeration")
    if members == len(names):
        membres = "membres" if members >= 2 else "membre"
        return f"à {listed}, {R.texte('acc_communes_agglomeration')} {membres} de l'agglomération"
    if members == 0:
        return f"à {listed}, hors de l'agglomération"
    return f"à {listed}, dont {R.texte('acc_communes_agglomeration')} dans l'agglomération"


def seuil(R: Resultats) -> str:
    """The success rate the site needs to replace every job lost, or why it cannot."""
    if R.valeur("seuil_reussite") <= 100:
        return R.texte("seuil_reussite")
    size = fmt.number(R.parametres["emplois_par_projet"])
    return f"plus de {fmt.percent(100)} (hors d'atteinte avec {size} emplois par projet)"


def multiple_arc(R: Resultats) -> str:
    """How many whole times Arc's losses exceed Bridgestone's (`plus de 10 fois`)."""
    return fmt.number(math.floor(R.valeur("arc_multiple")))
