import pandas as pd
import pytest
import shapely

from territoires import perimeters


def _square(x0, y0, size=1000):
    return shapely.to_wkt(shapely.box(x0, y0, x0 + size, y0 + size), rounding_precision=0)


COMMUNES = pd.DataFrame(
    {
        "code_insee": ["1", "2", "3", "4"],
        "nom": ["A", "B", "C", "D"],
        "epci_siren": ["e1", "e1", "e2", "e2"],
        "population": [100, 300, 50, 50],
        "geometry_wkt": [_square(0, 0), _square(1000, 0), _square(5000, 0), _square(6000, 0)],
    }
)


def test_dissolve_merges_adjacent_communes():
    outlines = perimeters.outlines(COMMUNES)
    assert list(outlines["epci_siren"]) == ["e1", "e2"]
    areas = shapely.area(shapely.from_wkt(outlines["geometry_wkt"].to_numpy(dtype=object)))
    assert list(areas) == [2e6, 2e6]
    assert shapely.from_wkt(outlines["geometry_wkt"][0]).geom_type == "Polygon"


def test_dissolve_closes_thin_gaps_between_communes():
    gapped = COMMUNES.assign(geometry_wkt=[_square(0, 0), _square(1010, 0), _square(5000, 0), _square(6000, 0)])
    outline = shapely.from_wkt(perimeters.outlines(gapped)["geometry_wkt"][0])
    assert outline.geom_type == "Polygon" and not outline.interiors


def test_main_towns_picks_most_populated_and_breaks_ties_by_code():
    towns = perimeters.main_towns(COMMUNES)
    assert list(towns["nom"]) == ["B", "C"]
    assert len(perimeters.main_towns(COMMUNES, per_group=2)) == 4
    with pytest.raises(ValueError):
        perimeters.main_towns(COMMUNES, per_group=0)


def test_perimeter_totals_and_population_override():
    epci = pd.DataFrame(
        {"epci_siren": ["e1", "e2"], "population": [400, 100], "area_km2": [2.0, 2.0], "n_communes": [2, 2]}
    )
    totals = perimeters.totals(["e1", "e2"], epci=epci)
    assert totals == {"population": 500, "area_km2": 4.0, "density": 125.0, "n_communes": 4, "n_epci": 2}
    assert perimeters.totals(["e1"], {"e1": 600}, epci)["density"] == 300
    with pytest.raises(LookupError, match="e9"):
        perimeters.totals(["e9"], epci=epci)


def test_communes_of_a_perimeter_and_its_single_outline():
    communes = pd.DataFrame(
        {
            "code_insee": ["2", "1", "3"],
            "epci_siren": ["A", "A", "B"],
            "geometry_wkt": [
                "POLYGON ((1 0, 2 0, 2 1, 1 1, 1 0))",
                "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))",
                "POLYGON ((5 5, 6 5, 6 6, 5 6, 5 5))",
            ],
        }
    )
    selected = perimeters.communes(["A"], communes)
    assert selected["code_insee"].tolist() == ["1", "2"]
    outline = shapely.from_wkt(perimeters.outlines(selected, by=None, gap_m=0.1)["geometry_wkt"][0])
    assert outline.area == pytest.approx(2, rel=1e-3)
    assert len(outline.interiors) == 0
    with pytest.raises(ValueError, match="aucune commune"):
        perimeters.communes(["C"], communes)
