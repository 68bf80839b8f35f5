"""Model of the chapter on industrial transition (02_transition): Béthune-Bruay after
Bridgestone, the Audomarois as a mirror.

`compute` states every number of the chapter as a record: figures quoted from the fact
table (the closure shock, the prefect's report, the jobs seen on the site, Arc's headcount),
shares the authors recompute from them, and the outputs of the site-rebuilding model, whose
closed form lives in `territoires.transition` (shares 0–1 there, in percent here).
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

import pandas as pd

from .. import data, resultats
from .. import transition as tr
from ..resultats import Resultat, calcul, depuis_fait
from . import base

STEM = "02_transition"
# The headcount the chapter takes as the jobs lost (the plant at the announcement).
REFERENCE = "bri_headcount_ccfa_2020"
SITE = {"territory_id": "site_bridgestone", "perimeter": "site"}
AUTEURS = "hypothese_auteurs"
# Project sizes of the sensitivity figure (the assumed size is added).
SIZES = (10, 25, 50, 100, 200)


class Parametres(base.Parametres):
    """Assumptions of the site-rebuilding model."""

    chapitre: ClassVar[str] = STEM

    effectif_reference: int = base.parametre(
        863,
        libelle="Effectif de référence",
        sens="Effectif de référence de l'usine Bridgestone : emplois perdus, dénominateur du taux de remplacement",
        unite="salariés",
        mini=800,
        maxi=900,
    )
    projets_etudies: int = base.parametre(
        40,
        libelle="Projets étudiés",
        sens="Projets d'implantation étudiés pour l'ancien site",
        unite="projets",
        mini=5,
        maxi=80,
    )
    taux_reussite: float = base.parametre(
        20.0,
        libelle="Taux de réussite des projets",
        sens="Part des projets étudiés qui s'implantent effectivement sur le site",
        unite="%",
        mini=0.0,
        maxi=100.0,
    )
    emplois_par_projet: int = base.parametre(
        30,
        libelle="Emplois par projet",
        sens="Emplois d'un projet implanté, une fois à pleine taille",
        unite="emplois",
        mini=5,
        maxi=200,
    )
    duree_implantation: float = base.parametre(
        4.0,
        libelle="Durée des implantations",
        sens="Durée sur laquelle les projets retenus s'implantent, à rythme régulier, après la fermeture",
        unite="années",
        mini=0.5,
        maxi=10.0,
    )
    duree_montee_en_charge: float = base.parametre(
        3.0,
        libelle="Durée de montée en charge",
        sens="Durée de montée en charge d'un projet jusqu'à sa pleine taille",
        unite="années",
        mini=0.0,
        maxi=10.0,
    )
    horizon: int = base.parametre(
        8,
        libelle="Horizon",
        sens="Horizon de lecture du modèle, en années après la fermeture",
        unite="années",
        mini=1,
        maxi=15,
    )
    part_annonces_realisee: float = base.parametre(
        50.0,
        libelle="Part réalisée des potentiels annoncés",
        sens="Part réalisée des potentiels d'emplois annoncés pour le site en février 2021",
        unite="%",
        mini=0.0,
        maxi=100.0,
    )


def site_model(p: Parametres) -> tr.SiteModel:
    """The closed-form model of `territoires.transition` for these parameters (shares 0–1 there)."""
    return tr.SiteModel(
        reference_headcount=p.effectif_reference,
        projects=p.projets_etudies,
        success_rate=p.taux_reussite / 100,
        jobs_per_project=p.emplois_par_projet,
        settling_years=p.duree_implantation,
        ramp_years=p.duree_montee_en_charge,
        horizon_years=p.horizon,
    )


def compute(p: Parametres, donnees=data) -> resultats.Resultats:
    """Every stated number of the chapter (records) and the tables of its figures."""
    tables = _tables(p, donnees)
    records = [
        *_shock_records(p, tables["chronologie"], tables["effectifs"]),
        *_redeployment_records(donnees),
        *_site_records(donnees),
        *_model_records(p, tables, donnees),
        *_audomarois_records(p, tables["arc"]),
    ]
    return resultats.Resultats(chapitre=STEM, parametres=p.valeurs(), records=records, tables=tables)


# --- tables ---------------------------------------------------------------------------------


def _tables(p: Parametres, donnees) -> dict:
    heads = tr.headcounts(donnees)
    model = site_model(p)
    closure = donnees.load("timeline").set_index("event_id").at["bri_fermeture", "date"]
    yearly, monthly = model.paths(closure)
    return {
        "chronologie": tr.chronology(donnees),
        "effectifs": heads,
        "reclassement": tr.redeployment(donnees, heads, p.effectif_reference),
        "bilan": tr.closing_report(donnees),
        "trajectoire": yearly,
        "courbe": monthly,
        "annonces": tr.announced_ranges(donnees),
        "constates": tr.observed_jobs(donnees),
        "sensibilite": model.grid(_sizes(p)),
        "arc": tr.arc_headcount(donnees),
        "pertes_audomarois": tr.audomarois_losses(donnees),
    }


def _sizes(p: Parametres) -> list[int]:
    return sorted({*SIZES, p.emplois_par_projet})


# --- records --------------------------------------------------------------------------------

# What each record states: its label (what the value is) and how it is obtained. A figure
# quoted as is from the fact table may leave the definition to the fact (one-element entry).
TEXTES = {
    "jalons_dates_concurrentes": (
        "Jalons de la chronologie du choc Bridgestone datés différemment selon les sources",
        "Jalons (annonce, PSE, fermeture, cession…) dont la table des événements donne plusieurs dates.",
    ),
    "effectif_versions": (
        "Versions de l'effectif de l'usine Bridgestone dans la table des faits",
        "Nombre de faits de l'indicateur de l'effectif de l'usine, toutes sources et définitions confondues.",
    ),
    "effectif_min": (
        "Plus petit effectif de l'usine Bridgestone donné par les sources",
        "Minimum des versions de l'effectif de l'usine dans la table des faits.",
    ),
    "effectif_max": (
        "Plus grand effectif de l'usine Bridgestone donné par les sources",
        "Maximum des versions de l'effectif de l'usine dans la table des faits.",
    ),
    "effectif_mode": (
        "Effectif de l'usine Bridgestone le plus repris par les sources",
        "Version de l'effectif de l'usine que donnent le plus de faits de la table des faits.",
    ),
    "effectif_mode_sources": (
        "Sources donnant l'effectif de l'usine Bridgestone le plus repris",
        "Nombre de faits de la table des faits qui donnent la version la plus reprise de l'effectif.",
    ),
    "effectif_reference": (
        "Emplois perdus retenus par le chapitre (effectif de référence de l'usine Bridgestone)",
        "Paramètre effectif_reference : effectif de l'usine à l'annonce, dénominateur du taux de remplacement.",
    ),
    "choc_industriel_cabbalr": (
        "Emplois perdus à la fermeture de l'usine Bridgestone de Béthune (effectif à l'annonce)",
    ),
    "part_solutions_etape": (
        "Part des personnes concernées par le PSE Bridgestone ayant une solution au bilan d'étape de l'agglomération",
        "Solutions identifiées par le PSE rapportées aux personnes concernées, selon la même source (non datée).",
    ),
    "bilan_solutions": ("Solutions comptées au bilan de clôture du préfet pour les licenciés de Bridgestone",),
    "bilan_licencies": ("Salariés de Bridgestone licenciés selon le bilan de clôture du préfet",),
    "part_solutions_bilan": (
        "Part des salariés licenciés de Bridgestone ayant une solution au bilan du préfet",
        "Solutions (emploi, création, retraite, autre) rapportées aux licenciés du même bilan.",
    ),
    "part_cdi_cdd_bilan": (
        "Part des salariés licenciés de Bridgestone en CDI ou CDD de plus de six mois au bilan du préfet",
        "Solutions en CDI ou CDD de plus de six mois rapportées aux licenciés du même bilan.",
    ),
    "bilan_sans_solution": (
        "Salariés licenciés de Bridgestone sans solution comptée au bilan du préfet",
        "Licenciés moins solutions du même bilan : une différence, pas un chiffre publié.",
    ),
    "site_salaries_2023": ("Salariés présents sur l'ancien site Bridgestone",),
    "blackstar_2026": ("Effectif de Black Star sur l'ancien site Bridgestone à sa mise en sauvegarde",),
    "repere_reussite": (
        "Taux de réussite observé des projets d'implantation sur l'ancien site Bridgestone",
        "Nouvelles unités installées rapportées aux projets d'implantation étudiés (environ 40).",
    ),
    "repere_emplois": (
        "Emplois par entreprise présente sur l'ancien site Bridgestone",
        "Salariés présents sur le site (environ) rapportés aux entreprises présentes, à la même date.",
    ),
    "sites_industriels_projet": (
        "Sites industriels de l'agglomération de Béthune-Bruay ayant un projet de développement",
        "Sites industriels du territoire multipliés par la part de ceux qui ont un projet de développement.",
    ),
    "emplois_recrees": (
        "Emplois recréés sur l'ancien site Bridgestone à l'horizon du modèle",
        "Emplois des projets implantés, en cours de montée en charge, lus à l'horizon (modèle à forme fermée).",
    ),
    "taux_remplacement": (
        "Taux de remplacement des emplois perdus sur l'ancien site Bridgestone à l'horizon du modèle",
        "Emplois recréés à l'horizon rapportés aux emplois perdus (effectif_reference).",
    ),
    "emplois_pleine_taille": (
        "Emplois recréés sur l'ancien site Bridgestone une fois tous les projets à pleine taille",
        "Projets étudiés × taux de réussite × emplois par projet.",
    ),
    "emplois_annonces_realises_bas": (
        "Emplois sur l'ancien site si la part retenue des potentiels annoncés se réalise (borne basse)",
        "Part réalisée de la somme des bornes basses des potentiels d'emplois annoncés en février 2021.",
    ),
    "emplois_annonces_realises_haut": (
        "Emplois sur l'ancien site si la part retenue des potentiels annoncés se réalise (borne haute)",
        "Part réalisée de la somme des bornes hautes des potentiels d'emplois annoncés en février 2021.",
    ),
    "taux_annonces_bas": (
        "Taux de remplacement des emplois perdus par la part retenue des potentiels annoncés (borne basse)",
        "Borne basse des potentiels annoncés réalisés, rapportée aux emplois perdus (effectif_reference).",
    ),
    "taux_annonces_haut": (
        "Taux de remplacement des emplois perdus par la part retenue des potentiels annoncés (borne haute)",
        "Borne haute des potentiels annoncés réalisés, rapportée aux emplois perdus (effectif_reference).",
    ),
    "seuil_reussite": (
        "Taux de réussite des projets qu'il faudrait pour recréer à l'horizon autant d'emplois que de perdus",
        "Emplois perdus rapportés aux emplois recréés à l'horizon si tous les projets étudiés s'implantaient ; "
        "au-delà de 100 %, l'objectif est hors d'atteinte.",
    ),
    "sensibilite_bas": (
        "Taux de remplacement à l'horizon au taux de réussite observé, avec la plus petite taille de projet tracée",
        "Emplois recréés au taux de réussite observé, rapportés aux emplois perdus ; minimum sur les tailles tracées.",
    ),
    "sensibilite_haut": (
        "Taux de remplacement à l'horizon au taux de réussite observé, avec la plus grande taille de projet tracée",
        "Emplois recréés au taux de réussite observé, rapportés aux emplois perdus ; maximum sur les tailles tracées.",
    ),
    "arc_debut": (
        "Effectif d'Arc à Arques au début de la série",
        "Premier point de la série de l'effectif d'Arc à Arques dans la table des faits.",
    ),
    "arc_fin": (
        "Effectif d'Arc à Arques à la fin de la série",
        "Dernier point de la série de l'effectif d'Arc à Arques dans la table des faits.",
    ),
    "arc_baisse": (
        "Baisse de l'effectif d'Arc à Arques sur la période de la série",
        "Premier moins dernier effectif de la série, rapporté au premier.",
    ),
    "arc_perte": ("Salariés perdus par Arc à Arques sur la période de la série", "Premier moins dernier effectif."),
    "arc_multiple": (
        "Salariés perdus par Arc à Arques, en multiple des emplois perdus chez Bridgestone",
        "Salariés perdus par Arc sur la série rapportés aux emplois perdus chez Bridgestone (effectif_reference).",
    ),
    "choc_industriel_flandre_audomarois": ("Suppressions de postes du PSE d'Arc France validé en 2026",),
}
ARQUES = {"territory_id": "arques", "perimeter": "établissement"}  # Arc's glassworks at Arques


def _fact(fact_id: str, key: str, **where) -> Resultat:
    """A figure of the fact table stated as it is, under the chapter's label."""
    label, *definition = TEXTES[key]
    record = depuis_fait(fact_id, key, label=label, **where)
    return record.model_copy(update={"definition": definition[0]}) if definition else record


def _computed(
    key, value, unit, *, sources, ref_date=None, qualifier="exact", decimals=0, where=SITE, p=None
) -> Resultat:
    """A number the authors compute from sourced figures (with the parameters if it uses one)."""
    label, definition = TEXTES[key]
    place = (where["territory_id"], where["perimeter"])
    return calcul(
        key, label, value, unit, decimals, where=place, definition=definition, sources=[*sources, AUTEURS], p=p,
        ref_date=ref_date, qualifier=qualifier,
    )  # fmt: skip


def _model(p: Parametres, key, value, unit, sources=()) -> Resultat:
    """An output of the site model: a projection (no date) with the parameters it used."""
    label, definition = TEXTES[key]
    place = (SITE["territory_id"], SITE["perimeter"])
    return calcul(
        key, label, value, unit, 0, where=place, definition=definition, sources=[AUTEURS, *sources], p=p,
        qualifier="model",
    )  # fmt: skip


def _shock_records(p: Parametres, timeline: pd.DataFrame, heads: pd.DataFrame) -> list[Resultat]:
    conflicts = timeline[timeline["versions"] > 1]
    counts = heads["value"].value_counts(sort=True)
    mode = heads[heads["value"] == counts.index[0]]
    mode_sources = list(mode["source_id"])
    reference = heads.set_index("fact_id").loc[REFERENCE]
    return [
        _computed("jalons_dates_concurrentes", conflicts["jalon"].nunique(), "jalons", sources=conflicts["source_id"]),
        _computed("effectif_versions", len(heads), "versions", sources=heads["source_id"]),
        _fact(heads.loc[heads["value"].idxmin(), "fact_id"], "effectif_min"),
        _fact(heads.loc[heads["value"].idxmax(), "fact_id"], "effectif_max"),
        _computed(
            "effectif_mode", counts.index[0], "salariés", sources=mode_sources, ref_date=mode["ref_date"].iloc[0]
        ),
        _computed("effectif_mode_sources", counts.iloc[0], "sources", sources=mode_sources),
        _computed(
            "effectif_reference",
            p.effectif_reference,
            "salariés",
            sources=[reference["source_id"]],
            ref_date=reference["ref_date"],
            p=p,
        ),
        _fact(REFERENCE, "choc_industriel_cabbalr"),
    ]


def _redeployment_records(donnees) -> list[Resultat]:
    seed_solutions = donnees.fact("seed_bri_pse_solutions")
    seed_people = donnees.fact("seed_bri_pse_personnes_concernees")
    report = donnees.fact("bri_solutions_bilan")
    solutions, dismissed = report.value, donnees.fact("bri_headcount_licencies_bilan").value
    durable = donnees.fact("bri_solutions_cdi_cdd_bilan").value
    same = {"sources": [report.source_id], "ref_date": report.ref_date}
    return [
        _computed(
            "part_solutions_etape",
            100 * seed_solutions.value / seed_people.value,
            "%",
            sources=[seed_solutions.source_id],
        ),
        _fact("bri_solutions_bilan", "bilan_solutions"),
        _fact("bri_headcount_licencies_bilan", "bilan_licencies"),
        _computed("part_solutions_bilan", 100 * solutions / dismissed, "%", **same),
        _computed("part_cdi_cdd_bilan", 100 * durable / dismissed, "%", **same),
        _computed("bilan_sans_solution", dismissed - solutions, "salariés", **same),
    ]


def _site_records(donnees) -> list[Resultat]:
    f = donnees.fact
    units, projects = f("site_unites_2024"), f("seed_bri_site_projets_implantation")
    staff, firms = f("site_salaries_2023_05"), f("site_occupants_2023_05")
    sites, share = f("seed_cabbalr_sites_industriels"), f("seed_cabbalr_part_sites_projet")
    about = partial(_computed, qualifier="about")  # ratios of figures the sources round
    cabbalr = {"territory_id": "cabbalr", "perimeter": "EPCI"}
    return [
        _fact("site_salaries_2023_05", "site_salaries_2023"),
        _fact("blackstar_effectif_2026", "blackstar_2026"),
        about(
            "repere_reussite",
            100 * units.value / projects.value,
            "%",
            sources=[units.source_id, projects.source_id],
            ref_date=units.ref_date,
        ),
        about(
            "repere_emplois", staff.value / firms.value, "emplois", sources=[staff.source_id], ref_date=staff.ref_date
        ),
        about(
            "sites_industriels_projet",
            sites.value * share.value / 100,
            "sites",
            sources=[sites.source_id],
            where=cabbalr,
        ),
    ]


def _model_records(p: Parametres, tables: dict, donnees) -> list[Resultat]:
    ref, model = p.effectif_reference, site_model(p)
    jobs = model.jobs(p.horizon)
    full = tr.jobs_at_full_size(model.projects, model.success_rate, model.jobs_per_project)
    announced = tables["annonces"]
    low, high = tr.announced_jobs(zip(announced["bas"], announced["haut"]), p.part_annonces_realisee / 100)
    required = model.required_success_rate()
    units, projects = donnees.fact("site_unites_2024"), donnees.fact("seed_bri_site_projets_implantation")
    observed_rate = units.value / projects.value
    at_observed = [tr.replacement_ratio(model.jobs(p.horizon, observed_rate, size), ref) for size in _sizes(p)]
    lost = (donnees.fact("bri_headcount_ccfa_2020").source_id,)
    announced_sources = tuple(donnees.sources_of(tr.ANNOUNCED))
    return [
        _model(p, "emplois_recrees", jobs, "emplois"),
        _model(p, "taux_remplacement", tr.replacement_ratio(jobs, ref), "%", lost),
        _model(p, "emplois_pleine_taille", full, "emplois"),
        _model(p, "emplois_annonces_realises_bas", low, "emplois", announced_sources),
        _model(p, "emplois_annonces_realises_haut", high, "emplois", announced_sources),
        _model(p, "taux_annonces_bas", tr.replacement_ratio(low, ref), "%", lost + announced_sources),
        _model(p, "taux_annonces_haut", tr.replacement_ratio(high, ref), "%", lost + announced_sources),
        _model(p, "seuil_reussite", 100 * required, "%", lost),
        _model(p, "sensibilite_bas", min(at_observed), "%", lost),
        _model(p, "sensibilite_haut", max(at_observed), "%", lost),
    ]


def _audomarois_records(p: Parametres, arc: pd.DataFrame) -> list[Resultat]:
    first, last = arc.iloc[0], arc.iloc[-1]
    loss = first["value"] - last["value"]
    span = {"sources": [first["source_id"], last["source_id"]], "ref_date": last["ref_date"], "where": ARQUES}
    return [
        _fact(first["fact_id"], "arc_debut", perimeter=ARQUES["perimeter"]),
        _fact(last["fact_id"], "arc_fin", perimeter=ARQUES["perimeter"]),
        _computed("arc_baisse", 100 * loss / first["value"], "%", **span),
        _computed("arc_perte", loss, "salariés", **span),
        _computed("arc_multiple", loss / p.effectif_reference, "", decimals=1, p=p, **span),
        _fact("arc_pse_2026", "choc_industriel_flandre_audomarois", perimeter="entreprise"),
    ]
