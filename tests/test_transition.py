"""Unit tests of the site-rebuilding scenario model (chapter 02_transition)."""

import numpy as np
import pytest

from territoires import transition as tr


def test_full_size_jobs_is_the_product():
    assert tr.jobs_at_full_size(40, 0.25, 30) == pytest.approx(300)
    assert tr.jobs_at_full_size(40, 0, 30) == 0


def test_invalid_inputs_are_rejected_with_the_name():
    with pytest.raises(ValueError, match="success_rate"):
        tr.jobs_at_full_size(40, 1.5, 30)
    with pytest.raises(ValueError, match="projects"):
        tr.jobs_at_full_size(-1, 0.5, 30)
    with pytest.raises(ValueError, match="settling_years"):
        tr.jobs_after(3, 40, 0.5, 30, 0)
    with pytest.raises(ValueError, match="years"):
        tr.jobs_after(-1, 40, 0.5, 30, 5)


def test_without_ramp_jobs_grow_linearly_while_projects_settle():
    jobs = tr.jobs_after([0, 2, 4, 6], 40, 0.25, 30, settling_years=4, ramp_years=0)
    np.testing.assert_allclose(jobs, [0, 150, 300, 300])


def test_ramp_delays_but_does_not_change_the_long_run():
    no_ramp = tr.jobs_after(4, 40, 0.25, 30, 4, 0)
    ramp = tr.jobs_after(4, 40, 0.25, 30, 4, 2)
    assert ramp < no_ramp
    # every project is at full size once settling + ramp years have passed
    assert tr.jobs_after(6, 40, 0.25, 30, 4, 2) == pytest.approx(300)
    assert tr.jobs_after(10, 40, 0.25, 30, 4, 2) == pytest.approx(300)


def test_ramp_closed_form_matches_a_discrete_sum():
    # many projects settled evenly: the integral is the limit of the sum
    n, settling, ramp, t = 20000, 5.0, 3.0, 6.0
    settle = (np.arange(n) + 0.5) * settling / n
    discrete = np.sum(np.clip((t - settle) / ramp, 0, 1)) * 30 * (40 * 0.3) / n
    assert tr.jobs_after(t, 40, 0.3, 30, settling, ramp) == pytest.approx(discrete, rel=1e-4)


def test_trajectory_is_monotone_and_ratio_consistent():
    path = tr.trajectory(2021, 10, 40, 0.2, 30, 4, 3, 863)
    assert list(path["annee"]) == list(range(2021, 2032))
    assert path["emplois_recrees"].is_monotonic_increasing
    np.testing.assert_allclose(path["taux_remplacement_pct"], 100 * path["emplois_recrees"] / 863, atol=1e-5)


def test_replacement_ratio():
    assert tr.replacement_ratio(431.5, 863) == pytest.approx(50)
    with pytest.raises(ValueError):
        tr.replacement_ratio(100, 0)


def test_announced_ranges_are_summed_then_scaled():
    assert tr.announced_jobs([(335, 485), (200, 350)], 1) == (535, 835)
    assert tr.announced_jobs([(335, 485), (200, 350)], 0.5) == (267.5, 417.5)
    with pytest.raises(ValueError, match="inversée"):
        tr.announced_jobs([(10, 5)], 1)
    with pytest.raises(ValueError, match="realisation"):
        tr.announced_jobs([(1, 2)], 2)


def test_sensitivity_grid_is_sorted_and_complete():
    grid = tr.sensitivity_grid(
        [0.5, 0, 1], [50, 10], projects=40, horizon_years=8, settling_years=4, ramp_years=0, reference_headcount=800
    )
    assert len(grid) == 6
    assert list(grid["emplois_par_projet"]) == [10, 10, 10, 50, 50, 50]
    assert list(grid["taux_reussite_pct"]) == [0, 50, 100, 0, 50, 100]
    assert grid["taux_remplacement_pct"].iloc[-1] == pytest.approx(250)


def test_break_even_success_rate():
    assert tr.break_even_success_rate(40, 50, 800, 8, 4, 0) == pytest.approx(0.4)
    assert tr.break_even_success_rate(10, 10, 800, 8, 4, 0) is None
    # not yet at full size at the horizon: a higher rate is needed
    assert tr.break_even_success_rate(40, 50, 800, 4, 4, 2) > 0.4
