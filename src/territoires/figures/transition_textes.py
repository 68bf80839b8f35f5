"""Words of the « transition » chapter that are not a record of its model: the dates and the
figures its prose quotes as the sources give them, and the phrasings a record needs in a
sentence (a threshold out of reach, a whole multiple).
"""

from __future__ import annotations

import math

from .. import data, fmt
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
    "seed_solutions": ("seed_bri_pse_solutions", "nombre"),
    "part_ministre": ("bri_emploi_part_ministre", "texte"),
    "part_cinq_ans": ("bri_taux_solution_5ans", "texte"),
    "bilan_cdi_cdd": ("bri_solutions_cdi_cdd_bilan", "nombre"),
    "bilan_creations": ("bri_solutions_creations_bilan", "nombre"),
    "bilan_retraites": ("bri_solutions_retraites_bilan", "nombre"),
    "bilan_autres": ("bri_solutions_autres_bilan", "nombre"),
    "cdi_cinq_ans": ("bri_cdi_5ans", "nombre"),
    "cdd_cinq_ans": ("bri_cdd_longs_5ans", "nombre"),
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
    "blackstar_objectif_long": ("blackstar_emplois_2025", "texte"),
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
    "occupation_prefet": ("site_occupation_2024", "texte"),
    "occupation_visee": ("sig_occupation_visee", "texte"),
    "sites_industriels": ("seed_cabbalr_sites_industriels", "nombre"),
    "laureats": ("seed_cabbalr_france_relance_laureats", "nombre"),
    "acc_premiers": ("acc_salaries_formes", "nombre"),
    "acc_2030": ("acc_trajectoire_2030", "texte"),
    "acc_2030_annee": ("acc_trajectoire_2030", "annee"),
    "arc_2003": ("arc_effectif_2003", "nombre"),
    "arc_2003_annee": ("arc_effectif_2003", "annee"),
    "arc_2013": ("arc_effectif_2013", "nombre"),
    "arc_2013_annee": ("arc_effectif_2013", "annee"),
    "rdm": ("rdm_emplois_fermeture", "texte"),
    "rdm_depute": ("rdm_emplois_depute", "nombre"),
    "wizpaper": ("wizpaper_emplois_liquidation", "texte"),
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
    return fact.text()


def citations() -> dict[str, str]:
    """Glue name (`transition_…`) → text of every date and sourced figure the prose quotes as is."""
    events = data.load("timeline").set_index("event_id")["date"]
    texts = {name: fmt.iso_date(events[event]) for name, event in DATES.items()}
    texts |= {name: _quote(data.fact(fact_id), form) for name, (fact_id, form) in CITATIONS.items()}
    return {f"transition_{name}": text for name, text in texts.items()}


def seuil(R: Resultats) -> str:
    """The success rate the site needs to replace every job lost, or why it cannot."""
    if R.valeur("seuil_reussite") <= 100:
        return R.texte("seuil_reussite")
    size = fmt.number(R.parametres["emplois_par_projet"])
    return f"plus de {fmt.percent(100)} (hors d'atteinte avec {size} emplois par projet)"


def multiple_arc(R: Resultats) -> str:
    """How many whole times Arc's losses exceed Bridgestone's (`plus de 10 fois`)."""
    return fmt.number(math.floor(R.valeur("arc_multiple")))
