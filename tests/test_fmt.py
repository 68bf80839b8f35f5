import pytest

from territoires import fmt

NNBSP = "\u202f"  # narrow no-break space, Babel's French thousands separator


def test_number_uses_french_separators():
    assert fmt.number(1234.5, 1) == f"1{NNBSP}234,5"
    assert fmt.number(276895) == f"276{NNBSP}895"
    assert fmt.number(0.25, 2) == "0,25"


def test_number_rounds_to_requested_decimals():
    assert fmt.number(12.04) == "12"
    assert fmt.number(50.66, 1) == "50,7"


def test_percent_and_points():
    assert fmt.percent(12) == "12\u00a0%"
    assert fmt.percent(50.7, 1) == "50,7\u00a0%"
    assert fmt.points(1.5) == "+1,5\u00a0pt"
    assert fmt.points(-2.25, 1) == "−2,2\u00a0pts" or fmt.points(-2.25, 1) == "−2,3\u00a0pts"


def test_qualified_numbers_keep_the_source_wording():
    assert fmt.qualified(150, "approximate") == "près de 150"
    assert fmt.qualified(30, "about") == "environ 30"
    assert fmt.qualified(2000, "at_least") == f"plus de 2{NNBSP}000"
    with pytest.raises(ValueError, match="qualificatif inconnu"):
        fmt.qualified(1, "roughly")


def test_dates_in_french():
    assert fmt.iso_date("2020-09-16") == "16 septembre 2020"
    assert fmt.iso_date("2021-03") == "mars 2021"
    assert fmt.iso_date("2019") == "2019"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), None, True])
def test_number_rejects_non_finite(bad):
    with pytest.raises(ValueError):
        fmt.number(bad)


def test_span():
    assert fmt.span(335, 485) == "335 à 485"


def test_rank():
    assert fmt.rank(1) == "1er"
    assert fmt.rank(6) == "6e"


def test_first_of_the_month_is_written_1er():
    assert fmt.iso_date("2022-01-01") == "1er janvier 2022"


def test_described_date_carries_its_status():
    assert fmt.described_date("2021-12", "inferred") == "décembre 2021 (déduite)"
    assert fmt.described_date(None) == "non daté"
    assert fmt.described_date("", missing="non imprimée") == "non imprimée"
