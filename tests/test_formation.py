"""Unit tests of the capacity model of the « formation » chapter."""

import pytest

from territoires import formation


def test_graduates_per_year_is_cohort_times_schools_times_rate():
    assert formation.graduates_per_year(10, 90, 1) == pytest.approx(9.0)
    assert formation.graduates_per_year(12, 50, 3) == pytest.approx(18.0)
    assert formation.graduates_per_year(12, 0, 3) == 0.0


def test_pupils_enrolled_counts_every_course_year():
    assert formation.pupils_enrolled(10, 2, 1) == 20
    assert formation.pupils_enrolled(12, 3, 2) == 72


def test_hiring_need_from_jobs_and_replacement_rate():
    assert formation.hiring_need(12000, 3) == pytest.approx(360.0)


def test_coverage_in_percent_and_may_exceed_100():
    assert formation.coverage(9, 360) == pytest.approx(2.5)
    assert formation.coverage(720, 360) == pytest.approx(200.0)
    assert formation.coverage(0, 360) == 0.0


def test_graduates_by_year_waits_for_the_first_cohort():
    frame = formation.graduates_by_year(10, 2, 90, 1, 5)
    assert list(frame["annee"]) == [1, 2, 3, 4, 5]
    assert list(frame["diplomes"]) == pytest.approx([0, 9, 9, 9, 9])
    assert frame["diplomes_cumules"].iloc[-1] == pytest.approx(36)
    # a course longer than the horizon delivers nobody
    assert formation.graduates_by_year(10, 4, 90, 1, 3)["diplomes_cumules"].iloc[-1] == 0


def test_schools_needed_rounds_up_and_is_exact_on_boundaries():
    # 9 graduates, 50 % hired locally: 4.5 per school; 360 / 4.5 = 80 schools exactly
    assert formation.schools_needed(360, 10, 90, 50) == 80
    assert formation.schools_needed(361, 10, 90, 50) == 81
    assert formation.schools_needed(360, 10, 90, 50, target_coverage=10) == 8


def test_schools_needed_impossible_without_local_hires():
    with pytest.raises(ValueError, match="aucun diplômé"):
        formation.schools_needed(360, 10, 90, 0)


def test_sensitivity_grid_is_sorted_and_complete():
    grid = formation.sensitivity_grid(
        completion_rates=[100, 50], n_schools_values=[2, 1], cohort_size=10, local_hire_share=100, need=100
    )
    assert list(grid.columns) == ["taux_reussite_pct", "nombre_ecoles", "couverture_pct"]
    assert list(grid["nombre_ecoles"]) == [1, 1, 2, 2]
    assert list(grid["taux_reussite_pct"]) == [50, 100, 50, 100]
    assert list(grid["couverture_pct"]) == pytest.approx([5, 10, 10, 20])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: formation.graduates_per_year(-1, 90, 1), "cohort_size"),
        (lambda: formation.graduates_per_year(10, 120, 1), "completion_rate"),
        (lambda: formation.graduates_per_year(10, 90, 1.5), "n_schools"),
        (lambda: formation.graduates_per_year(10, 90, 0), "n_schools"),
        (lambda: formation.hiring_need(12000, -3), "replacement_rate"),
        (lambda: formation.hiring_need(float("nan"), 3), "industrial_jobs"),
        (lambda: formation.coverage(9, 0), "need"),
        (lambda: formation.graduates_by_year(10, 0, 90, 1, 5), "duration_years"),
        (lambda: formation.graduates_by_year(10, 2, 90, 1, True), "horizon_years"),
    ],
)
def test_invalid_inputs_name_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
