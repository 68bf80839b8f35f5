"""Study perimeters (lists of EPCI SIREN codes): members, totals, communes, outlines, towns.

Shared by every chapter that maps a perimeter or divides by its population, so that the
same perimeter always gives the same numbers.
"""

from __future__ import annotations

import pandas as pd
import shapely

from . import data


def members(perimeter_id: str, perimeters: pd.DataFrame | None = None) -> list[str]:
    """SIREN codes of the default members of a study perimeter, sorted."""
    perimeters = data.load("perimeters_ref") if perimeters is None else perimeters
    rows = perimeters[(perimeters["perimeter_id"] == perimeter_id) & perimeters["is_default"]]
    if rows.empty:
        raise LookupError(f"périmètre sans membre par défaut : {perimeter_id!r}")
    return sorted(rows["epci_siren"])


def totals(codes, population: dict[str, float] | None = None, epci: pd.DataFrame | None = None) -> dict:
    """Population, area (km², Lambert-93), density and number of communes of a list of EPCI.

    `population` overrides the package population of some EPCI (a dated INSEE figure).
    """
    epci = data.load("epci") if epci is None else epci
    rows = epci[epci["epci_siren"].isin(codes)]
    missing = sorted(set(codes) - set(rows["epci_siren"]))
    if missing:
        raise LookupError(f"EPCI absents de la table epci : {', '.join(missing)}")
    population = population or {}
    pop = sum(float(population.get(code, p)) for code, p in zip(rows["epci_siren"], rows["population"]))
    area = float(rows["area_km2"].sum())
    if area <= 0:
        raise ValueError("surface nulle : densité impossible")
    return {
        "population": pop,
        "area_km2": area,
        "density": pop / area,
        "n_communes": int(rows["n_communes"].sum()),
        "n_epci": len(rows),
    }


def communes(epci_codes, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Communes (with geometry) whose EPCI is in `epci_codes`, sorted by INSEE code."""
    table = data.load("communes") if table is None else table
    selected = table[table["epci_siren"].isin(list(epci_codes))]
    if selected.empty:
        raise ValueError(f"aucune commune pour les EPCI {list(epci_codes)} dans data/processed/communes.csv")
    return selected.sort_values("code_insee").reset_index(drop=True)


def outlines(communes: pd.DataFrame, by: str | None = "epci_siren", gap_m: float = 30.0) -> pd.DataFrame:
    """Outer outline of each group of communes (all of them if `by` is None), Lambert-93 WKT.

    Simplified commune boundaries do not match exactly: a plain union leaves slivers and
    stray inner lines. A morphological closing of `gap_m` metres (grow, merge, shrink)
    removes them, and only exterior rings are kept.
    """
    groups = [(None, communes)] if by is None else communes.groupby(by, sort=True)
    rows = []
    for key, group in groups:
        geoms = shapely.from_wkt(group["geometry_wkt"].to_numpy(dtype=object))
        merged = shapely.union_all(shapely.buffer(geoms, gap_m, join_style="mitre"))
        merged = shapely.buffer(merged, -gap_m, join_style="mitre")
        parts = [shapely.Polygon(p.exterior) for p in getattr(merged, "geoms", [merged]) if not p.is_empty]
        outline = shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]
        rows.append({by or "group": key, "geometry_wkt": shapely.to_wkt(outline, rounding_precision=0)})
    return pd.DataFrame(rows)


def main_towns(communes: pd.DataFrame, per_group: int = 1, by: str = "epci_siren") -> pd.DataFrame:
    """The `per_group` most populated communes of each group (ties broken by INSEE code)."""
    if per_group < 1:
        raise ValueError("au moins une commune par groupe")
    ordered = communes.sort_values([by, "population", "code_insee"], ascending=[True, False, True])
    return ordered.groupby(by, sort=True).head(per_group).reset_index(drop=True)
