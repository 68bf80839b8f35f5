"""Computations of the chapter on attractiveness (notebook 01_attractivite).

Pure functions: population denominators of a chosen vintage, location quotients and
shares (perimeters, outlines and towns are in `territoires.perimeters`). The notebook
only formats and plots.
"""

from __future__ import annotations

import math

import pandas as pd


def dated_populations(facts: pd.DataFrame, territories: pd.DataFrame, codes) -> dict[str, dict]:
    """Latest dated `population` fact (exact, with a date) of each EPCI code, if any.

    Returns {siren: {"value", "year", "fact_id", "source_id"}}; EPCI without such a fact
    are absent (the caller keeps the package figure for them and says so).
    """
    epci_ids = territories[(territories["level"] == "epci") & territories["code"].isin(codes)]
    by_territory = dict(zip(epci_ids["territory_id"], epci_ids["code"]))
    rows = facts[
        (facts["indicator"] == "population")
        & facts["territory_id"].isin(by_territory)
        & (facts["qualifier"] == "exact")
        & facts["ref_date"].notna()
    ]
    result = {}
    for row in rows.sort_values(["ref_date", "fact_id"]).itertuples():
        result[by_territory[row.territory_id]] = {
            "value": float(row.value),
            "year": str(row.ref_date)[:4],
            "fact_id": row.fact_id,
            "source_id": row.source_id,
        }
    return result


def location_quotient(local_share: float, national_share: float) -> float:
    """Local share of industry in employment divided by the national share (both in %)."""
    if not (math.isfinite(local_share) and math.isfinite(national_share)):
        raise ValueError("parts finies attendues")
    if national_share <= 0:
        raise ValueError(f"part nationale nulle ou négative : {national_share}")
    return local_share / national_share


def share(part: float, whole: float) -> float:
    """`part` as a percentage of `whole`."""
    if whole <= 0:
        raise ValueError(f"total nul ou négatif : {whole}")
    return 100.0 * part / whole
