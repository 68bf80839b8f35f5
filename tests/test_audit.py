"""The audit of the founding articles: every version classified, the verdicts as the chapters
conclude them."""

import pandas as pd
import pytest

from territoires import audit, resultats


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return audit.audit().set_index("fact_id")


def relations(table, seed: str) -> dict[str, str]:
    pairs = [p.split("=") for p in table.loc[seed, "relations"].split(", ") if p]
    return dict(pairs)


def test_the_belgian_half_of_all_firms_is_implausible(table):
    row = table.loc["seed_club_belge_part_entreprises"]
    assert row["implausible"] and row["status"] == "implausible"
    assert "0,25" in row["evidence"]


def test_a_series_frames_an_undated_figure_as_the_formation_chapter_does(table):
    """45 schools: the chapter finds it between the last dated count below it and the next one."""
    chapter = resultats.lire("03_formation")
    before, after = chapter["ecoles_production_france_avant_article"], chapter["ecoles_production_france_apres_article"]
    assert before.value <= chapter["ecoles_production_france_article"].value <= after.value
    assert table.loc["seed_ecoles_production_france", "status"] == "confirmed"
    assert not table.loc["seed_ecoles_production_france", "contradicted"]


def test_stages_and_other_definitions_are_not_contradictions(table):
    assert set(relations(table, "seed_bri_pse_projets_creation").values()) == {"definition"}  # projects vs firms
    assert set(relations(table, "seed_bri_pse_solutions").values()) == {"serie"}  # a stage, then the closing report
    assert table.loc["seed_bri_pse_solutions", "status"] == "to_date"


def test_a_figure_within_its_qualifier_is_not_contradicted(table):
    """« près de 12 % » against the book's own 11,4 %: within what « près de » allows."""
    assert relations(table, "seed_france_part_emploi_industriel")["part_industrie_calc_france_2021"] == "marge"
    assert table.loc["seed_france_part_emploi_industriel", "status"] == "confirmed"


def test_a_source_that_confirms_is_listed(table):
    assert relations(table, "seed_ti_nombre_france")["ti_nombre_france_spark"] == "confirme"
    assert "ti_nombre_france_spark" in table.loc["seed_ti_nombre_france", "evidence"]


def test_the_label_year_is_not_sure_to_quote(table):
    """The attractiveness chapter dates the selection to December 2018, the article the label to 2019."""
    assert table.loc["seed_ti_label_annee", "status"] != "confirmed"


def test_an_age_range_is_not_an_approximation(table):
    assert not table.loc["seed_ep2b_age", "approximate"]
    assert table.loc["seed_france_part_emploi_industriel", "approximate"]


@pytest.mark.parametrize(
    "seed, version, expected",
    [
        ({"value": 3.0, "qualifier": "exact"}, 3.4, "confirme"),  # « 3 % » covers 2,5 to 3,5
        ({"value": 3.0, "qualifier": "exact"}, 3.6, "contredit"),
        ({"value": 12.0, "qualifier": "approximate"}, 11.4, "marge"),
        ({"value": 100.0, "qualifier": "at_least"}, 130.0, "marge"),
        ({"value": 100.0, "qualifier": "exact", "ref_date": None}, 130.0, "serie"),
    ],
)
def test_relation_rules(seed, version, expected):
    base = {
        "fact_id": "s",
        "indicator": "i",
        "territory_id": "t",
        "ref_date": "2020",
        "value_low": None,
        "value_high": None,
    }
    seed_row = pd.Series(base | seed)
    version_row = pd.Series(base | {"fact_id": "v", "value": version, "qualifier": "exact"})
    assert audit.relation(seed_row, version_row, 2.0)[0] == expected
