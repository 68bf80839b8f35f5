"""The locator map's layers (data/processed/carte_region.csv), derived from INSEE boundaries."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from territoires import carte_region, data, geo, schema


@pytest.fixture(scope="module")
def couches() -> pd.DataFrame:
    return data.load("carte_region")


def test_the_region_has_its_five_departments_and_about_ninety_epci(couches):
    counts = couches["couche"].value_counts()
    assert sorted(couches.loc[couches["couche"] == "departement", "code"]) == sorted(carte_region.REGION)
    assert 85 <= counts["epci"] <= 100
    assert counts["frontiere"] == 1


def test_the_study_epci_are_on_the_map(couches):
    perims = data.load("perimeters_ref")
    defaults = set(perims.loc[perims["is_default"], "epci_siren"])
    assert defaults <= set(couches.loc[couches["couche"] == "epci", "code"])


def test_the_belgian_border_is_a_land_line_east_of_bray_dunes(couches):
    border = shapely.from_wkt(couches.loc[couches["couche"] == "frontiere", "geometry_wkt"].iloc[0])
    x_bray, _ = Transformer.from_crs(geo.WGS84, geo.LAMBERT_93, always_xy=True).transform(*carte_region.BRAY_DUNES)
    xs = shapely.get_coordinates(border)[:, 0]
    assert xs.min() >= x_bray - 500  # no piece of the coast west of Bray-Dunes
    # The France–Belgium border along the Nord and the Aisne is about 350 km long.
    assert 250_000 < border.length < 450_000


def test_the_border_does_not_run_along_a_french_department(couches):
    border = shapely.from_wkt(couches.loc[couches["couche"] == "frontiere", "geometry_wkt"].iloc[0])
    somme = shapely.from_wkt(
        couches.loc[(couches["couche"] == "departement") & (couches["code"] == "80"), "geometry_wkt"].iloc[0]
    )
    assert border.distance(somme) > 10_000


def test_each_town_lies_in_its_department(couches):
    towns = couches[couches["couche"] == "ville"]
    departments = couches[couches["couche"] == "departement"].set_index("code")
    for code, x, y in towns[["code", "x", "y"]].itertuples(index=False):
        outline = shapely.from_wkt(departments.at[code[:2], "geometry_wkt"])
        assert outline.buffer(1000).contains(shapely.Point(x, y)), code


def test_a_town_under_the_wrong_code_is_refused_by_name(monkeypatch):
    communes = pd.DataFrame(
        {"code_insee": ["59350"], "nom": ["Roubaix"], "geometry": [shapely.Point(0, 0).buffer(1000)]}
    )
    monkeypatch.setattr(carte_region, "VILLES", {"59350": "Lille"})
    with pytest.raises(schema.DataError) as error:
        carte_region._villes(communes)
    message = str(error.value)
    assert "carte_region.csv" in message and "Lille" in message and "Roubaix" in message and "code" in message
