import math

import pandas as pd
import pytest

from territoires import proximite


def test_per_inhabitants():
    assert proximite.per_inhabitants(2549, 276238) == pytest.approx(9.2276, abs=1e-4)
    assert proximite.per_inhabitants(46, 100_000, per=10_000) == pytest.approx(4.6)
    with pytest.raises(ValueError, match="population"):
        proximite.per_inhabitants(10, 0)


def test_compound_growth():
    assert proximite.compound(100, 0, 10) == 100
    assert proximite.compound(100, 10, 2) == pytest.approx(121)
    assert proximite.compound(100, -50, 1) == pytest.approx(50)
    with pytest.raises(ValueError, match="-100"):
        proximite.compound(100, -100, 1)


def test_density_at_horizon_combines_both_rates():
    # Establishments and population growing at the same rate: the density does not move.
    assert proximite.density_at_horizon(2549, 276238, 1.5, 1.5, 10) == pytest.approx(2549 / 276238 * 1000)
    # Fewer inhabitants, same shops: the density rises.
    assert proximite.density_at_horizon(1000, 100_000, 0, -1, 5) > 10


def test_sensitivity_grid_is_long_and_ordered():
    grid = proximite.sensitivity_grid({"a": 100, "b": 50}, 10_000, [-1, 0, 1], 0, 10)
    assert list(grid.columns) == ["categorie", "taux_pct_an", "pour_1000_hab"]
    assert len(grid) == 6
    assert grid.loc[(grid.categorie == "a") & (grid.taux_pct_an == 0), "pour_1000_hab"].item() == pytest.approx(10)


def test_rate_grid_has_no_float_drift():
    grid = proximite.rate_grid(-5, 5, 0.5)
    assert len(grid) == 21 and grid[0] == -5 and grid[-1] == 5 and 0.0 in grid


def test_small_commune_profile_and_top_share():
    pop = pd.Series([100, 1999, 2000, 5000, 10000])
    profile = proximite.small_commune_profile(pop, 2000)
    assert profile["n_small"] == 2 and profile["n_communes"] == 5
    assert profile["share_small_pct"] == pytest.approx(40)
    assert profile["population_share_small_pct"] == pytest.approx(100 * 2099 / 19099)
    assert proximite.top_share(pop, 2) == pytest.approx(100 * 15000 / 19099)
    with pytest.raises(ValueError):
        proximite.top_share(pop, 0)


def test_size_classes_sum_to_totals():
    pop = pd.Series([100, 1999, 2000, 5000, 10000])
    table = proximite.size_classes(pop, [1000, 2000, 5000])
    assert table["n_communes"].tolist() == [1, 1, 1, 2]
    assert table["population"].sum() == pop.sum()
    assert math.isinf(table["high"].iloc[-1])
    with pytest.raises(ValueError, match="double"):
        proximite.size_classes(pop, [1000, 1000])
