"""Computations of the chapter on the local economy (shops, crafts, social economy).

Small, explicit models: ratios per inhabitant, a compound-growth scenario for the number of
establishments against a population that also changes, and the size profile of the communes
of a perimeter (how spread the population the local economy serves is).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def per_inhabitants(count: float, population: float, per: float = 1000) -> float:
    """`count` per `per` inhabitants (e.g. shops per 1 000 inhabitants)."""
    if population <= 0:
        raise ValueError(f"population nulle ou négative : {population}")
    return count / population * per


def compound(value: float, rate_pct: float, years: float) -> float:
    """`value` after `years` of constant annual change `rate_pct` (in % per year)."""
    if rate_pct <= -100:
        raise ValueError(f"taux annuel inférieur ou égal à -100 % : {rate_pct}")
    return value * (1 + rate_pct / 100) ** years


def density_at_horizon(
    count: float, population: float, growth_pct: float, population_growth_pct: float, years: float, per: float = 1000
) -> float:
    """Establishments per `per` inhabitants after `years`, both counts growing at constant rates."""
    return per_inhabitants(compound(count, growth_pct, years), compound(population, population_growth_pct, years), per)


def sensitivity_grid(
    counts: dict[str, float], population: float, rates, population_growth_pct: float, years: float, per: float = 1000
) -> pd.DataFrame:
    """Long table (category, rate, value) of the density at the horizon across growth rates."""
    rows = [
        {
            "categorie": name,
            "taux_pct_an": float(rate),
            "pour_1000_hab": density_at_horizon(count, population, float(rate), population_growth_pct, years, per),
        }
        for name, count in counts.items()
        for rate in rates
    ]
    return pd.DataFrame(rows)


def rate_grid(low: float, high: float, step: float) -> np.ndarray:
    """Deterministic grid from `low` to `high` inclusive (rounded, so no float drift)."""
    n = int(round((high - low) / step))
    return np.round(low + step * np.arange(n + 1), 6)


def small_commune_profile(population: pd.Series, threshold: float) -> dict[str, float]:
    """Number and share of communes (and of inhabitants) strictly under `threshold`."""
    population = pd.Series(population, dtype=float)
    small = population < threshold
    return {
        "n_communes": int(len(population)),
        "n_small": int(small.sum()),
        "share_small_pct": 100 * small.mean(),
        "population_small": float(population[small].sum()),
        "population_share_small_pct": 100 * population[small].sum() / population.sum(),
    }


def top_share(population: pd.Series, n: int) -> float:
    """Share (in %) of the perimeter's inhabitants living in its `n` most populous communes."""
    population = pd.Series(population, dtype=float)
    if n < 1:
        raise ValueError("n doit être au moins 1")
    return 100 * population.nlargest(n).sum() / population.sum()


def size_classes(population: pd.Series, bounds) -> pd.DataFrame:
    """Communes and inhabitants by size class; `bounds` are the inner class limits (sorted).

    Each class is [low, high): a commune of exactly 2 000 inhabitants is not "under 2 000".
    """
    population = pd.Series(population, dtype=float)
    edges = [0.0, *sorted(float(b) for b in bounds), np.inf]
    if len(set(edges)) != len(edges):
        raise ValueError(f"limites de classe en double : {bounds}")
    classes = pd.cut(population, edges, right=False, labels=False)
    rows = []
    for i, (low, high) in enumerate(zip(edges[:-1], edges[1:])):
        members = population[classes == i]
        rows.append(
            {
                "low": low,
                "high": high,
                "n_communes": int(len(members)),
                "population": float(members.sum()),
                "share_communes_pct": 100 * len(members) / len(population),
                "share_population_pct": 100 * members.sum() / population.sum(),
            }
        )
    return pd.DataFrame(rows)
