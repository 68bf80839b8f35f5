"""Capacity model of the « formation » chapter.

How many production-school graduates can a territory expect each year, and what share of
an assumed yearly industrial hiring need do they cover? The model is deliberately simple
(steady state, no growth of the schools, every cohort the same size) so that a reader can
follow each step:

    graduates per year   = cohort size × number of schools × completion rate
    hired locally        = graduates per year × share taking an industrial job locally
    yearly hiring need   = industrial jobs × yearly replacement rate
    coverage of the need = hired locally ÷ yearly hiring need

Over a horizon of H years, the first cohort only graduates at the end of its course: the
schools deliver nothing during the first `duration_years − 1` years.

Rates are given in percent (`90` for 90 %), as in the fact table.
"""

from __future__ import annotations

import math

import pandas as pd


def _positive(name: str, value: float, *, allow_zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} : nombre fini attendu, reçu {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(
            f"{name} : valeur {'positive ou nulle' if allow_zero else 'strictement positive'} attendue, reçu {value!r}"
        )
    return float(value)


def _percent(name: str, value: float) -> float:
    value = _positive(name, value, allow_zero=True)
    if value > 100:
        raise ValueError(f"{name} : pourcentage entre 0 et 100 attendu, reçu {value!r}")
    return value


def _whole(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
        raise ValueError(f"{name} : nombre entier attendu, reçu {value!r}")
    if value < 1:
        raise ValueError(f"{name} : entier supérieur ou égal à 1 attendu, reçu {value!r}")
    return int(value)


def graduates_per_year(cohort_size: float, completion_rate: float, n_schools: int) -> float:
    """Graduates per year once every school runs all its classes (steady state)."""
    cohort_size = _positive("cohort_size", cohort_size)
    completion_rate = _percent("completion_rate", completion_rate)
    n_schools = _whole("n_schools", n_schools)
    return cohort_size * n_schools * completion_rate / 100


def pupils_enrolled(cohort_size: float, duration_years: int, n_schools: int) -> float:
    """Pupils present at the same time in steady state (one class per course year, no drop-out)."""
    cohort_size = _positive("cohort_size", cohort_size)
    duration_years = _whole("duration_years", duration_years)
    n_schools = _whole("n_schools", n_schools)
    return cohort_size * duration_years * n_schools


def hiring_need(industrial_jobs: float, replacement_rate: float) -> float:
    """Yearly hires needed to replace departures (retirements, moves) from the industrial jobs."""
    industrial_jobs = _positive("industrial_jobs", industrial_jobs)
    replacement_rate = _percent("replacement_rate", replacement_rate)
    return industrial_jobs * replacement_rate / 100


def coverage(hired: float, need: float) -> float:
    """Share of the need (in %) that the hires cover; may exceed 100."""
    hired = _positive("hired", hired, allow_zero=True)
    need = _positive("need", need)
    return 100 * hired / need


def graduates_by_year(
    cohort_size: float, duration_years: int, completion_rate: float, n_schools: int, horizon_years: int
) -> pd.DataFrame:
    """Year-by-year graduates and their cumulative sum from the opening (year 1).

    The first cohort enters in year 1 and graduates at the end of year `duration_years`;
    one new cohort enters each year.
    """
    duration_years = _whole("duration_years", duration_years)
    horizon_years = _whole("horizon_years", horizon_years)
    steady = graduates_per_year(cohort_size, completion_rate, n_schools)
    years = list(range(1, horizon_years + 1))
    yearly = [steady if year >= duration_years else 0.0 for year in years]
    frame = pd.DataFrame({"annee": years, "diplomes": yearly})
    frame["diplomes_cumules"] = frame["diplomes"].cumsum()
    return frame


def schools_needed(
    need: float, cohort_size: float, completion_rate: float, local_hire_share: float, target_coverage: float = 100.0
) -> int:
    """Smallest number of schools whose locally hired graduates reach `target_coverage` % of the need."""
    need = _positive("need", need)
    target_coverage = _positive("target_coverage", target_coverage)
    local_hire_share = _percent("local_hire_share", local_hire_share)
    per_school = graduates_per_year(cohort_size, completion_rate, 1) * local_hire_share / 100
    if per_school == 0:
        raise ValueError("aucun diplômé embauché localement : le besoin ne peut pas être couvert")
    return math.ceil(round(need * target_coverage / 100 / per_school, 9))


def sensitivity_grid(
    *, completion_rates, n_schools_values, cohort_size: float, local_hire_share: float, need: float
) -> pd.DataFrame:
    """Coverage of the yearly need (%) for every completion rate × number of schools (sorted)."""
    local_hire_share = _percent("local_hire_share", local_hire_share)
    rows = [
        {
            "taux_reussite_pct": float(rate),
            "nombre_ecoles": int(n),
            "couverture_pct": coverage(graduates_per_year(cohort_size, rate, n) * local_hire_share / 100, need),
        }
        for n in sorted(n_schools_values)
        for rate in sorted(completion_rates)
    ]
    return pd.DataFrame(rows)
