"""Scenario model and helpers of the chapter on industrial transition (02_transition).

The model answers one question: how many jobs can the former Bridgestone site of Béthune
recreate, compared with the jobs the closure destroyed? Two ways of counting:

* from projects: `projects` studied, a share `success_rate` settles, each brings
  `jobs_per_project` jobs once at full size. Projects settle at an even pace over
  `settling_years` after the closure, and each reaches its full headcount linearly over
  `ramp_years` (a young firm hires progressively: Black Star aimed at about 50 jobs the
  first year and about 200 four years later). The result is read at `horizon_years`;
* from the announced potentials (ranges of jobs), of which a share `realisation` comes true.

The replacement ratio is jobs recreated / reference headcount (jobs lost). Everything is
deterministic: no sampling, closed-form expressions, grids built from given values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd


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


def break_even_success_rate(
    projects: float,
    jobs_per_project: float,
    reference_headcount: float,
    horizon_years: float,
    settling_years: float,
    ramp_years: float,
) -> float | None:
    """Success rate at which the site recreates as many jobs as were lost by the horizon,
    or None if even full success falls short."""
    full = jobs_after(horizon_years, projects, 1.0, jobs_per_project, settling_years, ramp_years)
    if full <= 0 or full < reference_headcount:
        return None
    return reference_headcount / full
