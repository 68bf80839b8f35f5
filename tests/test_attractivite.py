import pytest

from territoires import attractivite as at
from territoires import data, perimeters


def test_location_quotient_and_share():
    assert at.location_quotient(30, 12) == pytest.approx(2.5)
    with pytest.raises(ValueError):
        at.location_quotient(30, 0)
    assert at.share(30, 12000) == pytest.approx(0.25)
    with pytest.raises(ValueError):
        at.share(1, 0)


def test_default_perimeters_and_dated_populations_from_processed_data():
    assert perimeters.members("cabbalr") == ["200072460"]
    members = perimeters.members("flandre_audomarois")
    assert len(members) == 4 and "246200844" not in members  # Audruicq is the non-default variant
    dated = at.dated_populations(data.load("facts_enriched"), data.load("territories_ref"), members)
    assert dated["200069037"]["fact_id"] == "pop_capso_2021"
    assert dated["246201016"]["year"] == "2021"  # the latest of the two CCPL figures
    assert "245900758" not in dated  # no dated figure for CC Flandre Lys


def test_computed_national_share_matches_the_stored_fact():
    computed = at.share(data.fact("emploi_industriel_france_2021").value, data.fact("emploi_total_france_2021").value)
    assert round(computed, 1) == data.fact("part_industrie_calc_france_2021").value
