"""Computations of the chapter on industrial transition (02_transition), used by its model
(`territoires.chapitres.transition`): the closed-form site model and the tables the
chapter draws from the fact table.

The model answers one question: how many jobs can the former Bridgestone site of Béthune
recreate, compared with the jobs the closure destroyed? Two ways of counting:

* from projects: `projects` studied, a share `success_rate` settles, each brings
  `jobs_per_project` jobs once at full size. Projects settle at an even pace over
  `settling_years` after the closure, and each reaches its full headcount linearly over
  `ramp_years` (a young firm hires progressively: Black Star aimed at about 50 jobs the
  first year and about 200 four years later). The result is read at `horizon_years`;
* from the announced potentials (ranges of jobs), of which a share `realisation` comes true.

The replacement ratio is jobs recreated / reference headcount (jobs lost). Shares are 0–1
here; the chapter model takes and states them in percent. Everything is deterministic: no
sampling, closed-form expressions, grids built from given values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .dates import decimal_year, partial_date


def _check(name: str, value: float, low: float = 0.0, high: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} : nombre fini attendu, reçu {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name} = {value!r} hors de [{low}, {high}]")
    return float(value)


def jobs_at_full_size(projects: float, success_rate: float, jobs_per_project: float) -> float:
    """Jobs once every successful project has settled and reached its full headcount."""
    _check("projects", projects)
    _check("success_rate", success_rate, 0.0, 1.0)
    _check("jobs_per_project", jobs_per_project)
    return projects * success_rate * jobs_per_project


def _ramp_integral(u: np.ndarray, ramp_years: float) -> np.ndarray:
    """∫₀ᵘ min(x / ramp, 1) dx: the job-years of one project settled u years ago."""
    u = np.maximum(np.asarray(u, dtype=float), 0.0)
    if ramp_years == 0:
        return u
    return np.where(u <= ramp_years, u**2 / (2 * ramp_years), u - ramp_years / 2)


def jobs_after(
    years: float | Iterable[float],
    projects: float,
    success_rate: float,
    jobs_per_project: float,
    settling_years: float,
    ramp_years: float = 0.0,
):
    """Jobs present `years` after the closure.

    Successful projects settle at a constant pace N / H over [0, H] (H = settling_years);
    a project settled at s employs jobs_per_project × min((t − s) / ramp, 1) at time t.
    Integrating over s gives J·(N/H)·(F(t) − F(t − H)) with F the ramp integral.
    """
    total = jobs_at_full_size(projects, success_rate, jobs_per_project)
    _check("settling_years", settling_years, 1e-9)
    _check("ramp_years", ramp_years)
    t = np.asarray(years, dtype=float)
    if np.any(t < 0):
        raise ValueError("years : durées depuis la fermeture positives attendues")
    jobs = total / settling_years * (_ramp_integral(t, ramp_years) - _ramp_integral(t - settling_years, ramp_years))
    return float(jobs) if jobs.ndim == 0 else jobs


def replacement_ratio(jobs: float, reference_headcount: float) -> float:
    """Jobs recreated / jobs lost, in percent."""
    _check("reference_headcount", reference_headcount, 1e-9)
    return 100.0 * jobs / reference_headcount


def trajectory(
    start_year: int,
    horizon_years: int,
    projects: float,
    success_rate: float,
    jobs_per_project: float,
    settling_years: float,
    ramp_years: float,
    reference_headcount: float,
) -> pd.DataFrame:
    """Yearly path (one row per year from the closure to the horizon) of jobs and ratio."""
    _check("horizon_years", horizon_years, 1)
    offsets = np.arange(0, int(horizon_years) + 1)
    jobs = jobs_after(offsets, projects, success_rate, jobs_per_project, settling_years, ramp_years)
    return pd.DataFrame(
        {
            "annee": start_year + offsets,
            "annees_apres_fermeture": offsets,
            "emplois_recrees": np.round(jobs, 6),
            "taux_remplacement_pct": np.round(100.0 * jobs / reference_headcount, 6),
        }
    )


def announced_jobs(ranges: Iterable[tuple[float, float]], realisation: float) -> tuple[float, float]:
    """Low and high jobs if a share `realisation` of the announced ranges comes true."""
    _check("realisation", realisation, 0.0, 1.0)
    pairs = list(ranges)
    if not pairs:
        raise ValueError("ranges : au moins une fourchette attendue")
    for low, high in pairs:
        _check("borne basse", low)
        if high < low:
            raise ValueError(f"fourchette inversée : {low} > {high}")
    return (realisation * sum(lo for lo, _ in pairs), realisation * sum(hi for _, hi in pairs))


def sensitivity_grid(
    success_rates: Iterable[float],
    jobs_per_project_values: Iterable[float],
    *,
    projects: float,
    horizon_years: float,
    settling_years: float,
    ramp_years: float,
    reference_headcount: float,
) -> pd.DataFrame:
    """Replacement ratio at the horizon for every (success rate, jobs per project) pair."""
    rows = []
    for jobs_per_project in sorted(set(jobs_per_project_values)):
        for rate in sorted(set(success_rates)):
            jobs = jobs_after(horizon_years, projects, rate, jobs_per_project, settling_years, ramp_years)
            rows.append(
                {
                    "emplois_par_projet": jobs_per_project,
                    "taux_reussite_pct": round(100.0 * rate, 6),
                    "emplois_recrees": round(jobs, 6),
                    "taux_remplacement_pct": round(replacement_ratio(jobs, reference_headcount), 6),
                }
            )
    return pd.DataFrame(rows)


def required_success_rate(
    projects: float,
    jobs_per_project: float,
    reference_headcount: float,
    horizon_years: float,
    settling_years: float,
    ramp_years: float,
) -> float:
    """Success rate at which the site recreates as many jobs as were lost by the horizon;
    above 1 (or infinite) when even full success falls short."""
    full = jobs_after(horizon_years, projects, 1.0, jobs_per_project, settling_years, ramp_years)
    return reference_headcount / full if full > 0 else math.inf


def break_even_success_rate(
    projects: float,
    jobs_per_project: float,
    reference_headcount: float,
    horizon_years: float,
    settling_years: float,
    ramp_years: float,
) -> float | None:
    """`required_success_rate`, or None if even full success falls short."""
    rate = required_success_rate(
        projects, jobs_per_project, reference_headcount, horizon_years, settling_years, ramp_years
    )
    return rate if rate <= 1 else None


@dataclass(frozen=True)
class SiteModel:
    """One set of assumptions (shares 0–1) and what the chapter reads from it."""

    reference_headcount: float
    projects: float
    success_rate: float
    jobs_per_project: float
    settling_years: float
    ramp_years: float
    horizon_years: int

    def jobs(self, years, success_rate: float | None = None, jobs_per_project: float | None = None):
        """Jobs `years` after the closure (at another success rate or project size if given)."""
        rate = self.success_rate if success_rate is None else success_rate
        size = self.jobs_per_project if jobs_per_project is None else jobs_per_project
        return jobs_after(years, self.projects, rate, size, self.settling_years, self.ramp_years)

    def paths(self, closure_iso: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Yearly path, dated on the closure's month (`2029-04`), and a monthly curve on a
        decimal-year axis, from the closure to the horizon."""
        day, _ = partial_date(closure_iso)
        yearly = trajectory(
            day.year,
            self.horizon_years,
            self.projects,
            self.success_rate,
            self.jobs_per_project,
            self.settling_years,
            self.ramp_years,
            self.reference_headcount,
        )
        yearly.insert(1, "date", [f"{year}-{day.month:02d}" for year in yearly["annee"]])
        fine = np.linspace(0, self.horizon_years, 12 * self.horizon_years + 1)
        monthly = pd.DataFrame({"annee": decimal_year(closure_iso) + fine, "emplois_recrees": self.jobs(fine)})
        return yearly, monthly

    def grid(self, sizes: Iterable[float], steps: int = 21) -> pd.DataFrame:
        """Replacement ratio at the horizon on `steps` success rates from 0 to 1, for each size."""
        return sensitivity_grid(
            np.round(np.linspace(0, 1, steps), 4),
            sizes,
            projects=self.projects,
            horizon_years=self.horizon_years,
            settling_years=self.settling_years,
            ramp_years=self.ramp_years,
            reference_headcount=self.reference_headcount,
        )

    def required_success_rate(self) -> float:
        return required_success_rate(
            self.projects,
            self.jobs_per_project,
            self.reference_headcount,
            self.horizon_years,
            self.settling_years,
            self.ramp_years,
        )


# --- tables drawn from the fact table -------------------------------------------------------

# Job potentials (ranges) announced in February 2021; the model keeps those the fact table places on
# the site itself (a project announced for the wider territory is not the site's).
ANNOUNCED = ["site_potentiel_reconditionnement", "site_potentiel_filiere_strategique"]
SITE_ID = "site_bridgestone"
# Jobs seen on the site, set against the model's path.
OBSERVED = ["site_salaries_2023_05", "blackstar_effectif_2023", "blackstar_effectif_2026"]


def announced_ranges(donnees) -> pd.DataFrame:
    """The announced ranges of jobs on the site (`sur_site` False for the others, kept to be named)."""
    facts = [donnees.fact(f) for f in ANNOUNCED]
    return pd.DataFrame(
        {
            "fact_id": ANNOUNCED,
            "bas": [f.value_low for f in facts],
            "haut": [f.value_high for f in facts],
            "sur_site": [f.territory_id == SITE_ID for f in facts],
        }
    )


def observed_jobs(donnees) -> pd.DataFrame:
    facts = [donnees.fact(f) for f in OBSERVED]
    return pd.DataFrame(
        {"fact_id": OBSERVED, "annee": [decimal_year(f.ref_date) for f in facts], "emplois": [f.value for f in facts]}
    )


# Events of the shock and of the site, grouped into milestones; several rows = conflicting versions.
MILESTONES = {
    "bri_annonce": "Annonce du projet de fermeture",
    "bri_fermeture_confirmee": "Fermeture confirmée",
    "bri_accord_indemnites": "Accord sur les indemnités",
    "bri_pse_janvier_version": "Signature du PSE",
    "bri_pse_signe": "Signature du PSE",
    "bri_prospection_site": "Projet de parc multi-activités",
    "bri_pse_valide": "Validation du PSE",
    "bri_pse_valide_mois": "Validation du PSE",
    "bri_cession_sig": "Cession du site à SIG",
    "bri_rachat_effectif": "Cession du site à SIG",
    "bri_fermeture": "Fermeture de l'usine",
    "bri_arret_production_cfdt": "Fermeture de l'usine",
    "bri_fonds_revitalisation": "Fonds de revitalisation",
    "blackstar_annonce": "Black Star s'installe (annonce)",
    "mecaware_annonce": "Mecaware s'installe (annonce)",
    "blackstar_sauvegarde": "Black Star en sauvegarde",
}
# Where a milestone has two dates, the version most sources give (see each event's note).
RETAINED = {"bri_pse_signe", "bri_pse_valide", "bri_cession_sig", "bri_fermeture"}


def chronology(donnees) -> pd.DataFrame:
    """The milestones' events by date: `versions` > 1 where sources disagree on a date,
    `retenue` for the version kept (or the only one)."""
    events = donnees.load("timeline").set_index("event_id", drop=False)
    timeline = events.loc[list(MILESTONES)].reset_index(drop=True)
    timeline["jalon"] = timeline["event_id"].map(MILESTONES)
    timeline["plot_date"] = [partial_date(d)[0] for d in timeline["date"]]
    timeline["precision"] = [partial_date(d)[1] for d in timeline["date"]]
    timeline["versions"] = timeline.groupby("jalon")["event_id"].transform("count")
    timeline["retenue"] = (timeline["versions"] == 1) | timeline["event_id"].isin(RETAINED)
    return timeline.sort_values(["plot_date", "event_id"]).reset_index(drop=True)


def headcounts(donnees) -> pd.DataFrame:
    """Every version of the plant's headcount in the fact table, by the date it describes."""
    heads = donnees.facts(indicator="bridgestone_headcount")
    heads["sort_date"] = [decimal_year(d) if isinstance(d, str) else 9999 for d in heads["ref_date"]]
    return heads.sort_values(["sort_date", "value", "fact_id"]).reset_index(drop=True)


# Indicator → definition family (one curve of the redeployment figure).
FAMILIES = {
    "bridgestone_reemployed_cdi": "CDI seuls",
    "bridgestone_reemployed_cdi_cdd6": "CDI + CDD de plus de six mois",
    "bridgestone_reemployed_stable": "Emploi stable ou pérenne (définition non précisée)",
    "bridgestone_reemployed_share": "Emploi stable ou pérenne (définition non précisée)",
    "bridgestone_reemployed_any": "En emploi, tout contrat",
    "bridgestone_solutions": "Toutes solutions (emploi, création, retraite, autre)",
    "bridgestone_solution_share": "Toutes solutions (emploi, création, retraite, autre)",
}


# Counts of people a source may divide its own redeployment figures by, besides the headcounts.
PEOPLE_CONCERNED = "bridgestone_pse_people_concerned"


def redeployment(donnees, heads: pd.DataFrame, reference_headcount: float) -> pd.DataFrame:
    """Redeployment figures with their share of the workforce. A count is divided by the
    headcount (or the people concerned by the plan) its own source prints
    (`denominateur_origine` = "source"), else by the chapter's reference ("reference"); a share
    published as such is kept ("publiee")."""
    people = donnees.load("facts_enriched")
    people = people[people["indicator"] == PEOPLE_CONCERNED]
    own = pd.concat([heads[["source_id", "value"]], people[["source_id", "value"]]])
    own_headcount = own.groupby("source_id")["value"].agg(lambda v: sorted(set(v)))

    def denominator(row) -> tuple[float | None, str]:
        own = own_headcount.get(row.source_id, [])
        if row.unit == "%":
            return None, "publiee"
        if len(own) == 1:
            return own[0], "source"
        return float(reference_headcount), "reference"

    funnel = pd.concat([donnees.facts(indicator=i) for i in FAMILIES]).reset_index(drop=True)
    funnel["famille"] = funnel["indicator"].map(FAMILIES)
    found = [denominator(r) for r in funnel.itertuples()]
    funnel["denominateur"] = [d for d, _ in found]
    funnel["denominateur_origine"] = [o for _, o in found]
    funnel["part_pct"] = [r.value if r.unit == "%" else 100.0 * r.value / r.denominateur for r in funnel.itertuples()]
    funnel["x"] = [decimal_year(d) if isinstance(d, str) else np.nan for d in funnel["ref_date"]]
    return funnel.sort_values(["x", "famille", "fact_id"], na_position="last").reset_index(drop=True)


# The prefect's closing report: parts of the solutions (fact_id, label).
REPORT = [
    ("bri_solutions_cdi_cdd_bilan", "CDI ou CDD de plus de six mois"),
    ("bri_solutions_creations_bilan", "Création ou reprise d'entreprise"),
    ("bri_solutions_retraites_bilan", "Retraite ou préretraite"),
    ("bri_solutions_autres_bilan", "Autre solution"),
]


def closing_report(donnees) -> pd.DataFrame:
    """Outcome of the dismissed employees: the report's parts, then those without a
    counted solution (a difference computed by the authors)."""
    dismissed = donnees.fact("bri_headcount_licencies_bilan").value
    solutions = donnees.fact("bri_solutions_bilan").value
    parts = pd.DataFrame(
        [(f, label, donnees.fact(f).value) for f, label in REPORT], columns=["fact_id", "issue", "salaries"]
    )
    if parts["salaries"].sum() != solutions:
        raise ValueError(
            "les composantes du bilan ne somment plus au total des solutions : vérifier la table des faits"
        )
    rest = pd.DataFrame(
        [("calcul_auteurs", "Sans solution comptée (différence)", dismissed - solutions)], columns=parts.columns
    )
    parts = pd.concat([parts, rest], ignore_index=True)
    parts["part_pct"] = 100 * parts["salaries"] / dismissed
    return parts


def arc_headcount(donnees) -> pd.DataFrame:
    """Arc's headcount at Arques, by date."""
    arc = donnees.facts(indicator="arc_headcount_arques")
    arc["x"] = [decimal_year(d) for d in arc["ref_date"]]
    return arc.sort_values(["x", "fact_id"]).reset_index(drop=True)


# Job cuts and closures of the Audomarois, compared with Bridgestone.
CLOSURES = [
    "arc_suppressions_2004",
    "arc_pse_2015_suppressions",
    "rdm_emplois_fermeture",
    "wizpaper_emplois_liquidation",
    "arc_pse_2026",
]
COMPANY = {"arc": "Arc", "rdm": "RDM Blendecques", "wizpaper": "Wizpaper Wizernes"}


def audomarois_losses(donnees) -> pd.DataFrame:
    facts = [donnees.fact(f) for f in CLOSURES]
    losses = pd.DataFrame(
        {
            "fact_id": CLOSURES,
            "entreprise": [COMPANY[f.split("_")[0]] for f in CLOSURES],
            "ref_date": [f.ref_date for f in facts],
            "emplois": [f.value for f in facts],
        }
    )
    losses["libelle"] = [f"{e} ({d[:4]})" for e, d in zip(losses["entreprise"], losses["ref_date"])]
    return losses.sort_values(["ref_date", "fact_id"]).reset_index(drop=True)
