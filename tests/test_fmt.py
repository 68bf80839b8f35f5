from decimal import Decimal

import pytest

from territoires import fmt

NNBSP = "\u202f"  # narrow no-break space, Babel's French thousands separator
NBSP = "\u00a0"
MINUS = "\u2212"  # true minus sign


def test_number_uses_french_separators():
    assert fmt.number(1234.5, 1) == f"1{NNBSP}234,5"
    assert fmt.number(276895) == f"276{NNBSP}895"
    assert fmt.number(0.25, 2) == "0,25"


def test_number_rounds_to_requested_decimals():
    assert fmt.number(12.04) == "12"
    assert fmt.number(50.66, 1) == "50,7"
    assert fmt.number(12, 2) == "12,00"


# Half away from zero, on the decimal value as written (not on the binary float: 1.005 is
# stored as 1.00499999999999989…, 0.125 exactly, and Babel's default would round both to even).
HALVES = [
    (0.5, 0, "1"),
    (1.5, 0, "2"),
    (2.5, 0, "3"),
    (-0.5, 0, f"{MINUS}1"),
    (-2.5, 0, f"{MINUS}3"),
    (-2.25, 1, f"{MINUS}2,3"),
    (2.25, 1, "2,3"),
    (0.125, 2, "0,13"),
    (1.005, 2, "1,01"),
    (-1.005, 2, f"{MINUS}1,01"),
    (2.675, 2, "2,68"),
    (1234.5, 0, f"1{NNBSP}235"),
    (0.45, 1, "0,5"),
]


@pytest.mark.parametrize(("value", "decimals", "expected"), HALVES)
def test_halves_are_rounded_away_from_zero(value, decimals, expected):
    assert fmt.number(value, decimals) == expected


def test_just_below_a_half_is_rounded_down():
    assert fmt.number(2.4999, 0) == "2"
    assert fmt.number(0.12499, 2) == "0,12"
    assert fmt.number(-2.2499, 1) == f"{MINUS}2,2"


def test_rounded_is_the_decimal_the_reader_sees():
    assert fmt.rounded(2.5) == Decimal("3")
    assert fmt.rounded(1.005, 2) == Decimal("1.01")
    assert str(fmt.rounded(-0.04, 1)) == "0.0"  # never -0.0


def test_large_numbers_have_narrow_no_break_spaces():
    assert fmt.number(1234567.891, 2) == f"1{NNBSP}234{NNBSP}567,89"
    assert fmt.number(-9876543210) == f"{MINUS}9{NNBSP}876{NNBSP}543{NNBSP}210"
    assert fmt.number(1e21) == NNBSP.join(["1"] + ["000"] * 7)  # repr "1e+21": no scientific notation
    assert fmt.number(999999.5) == f"1{NNBSP}000{NNBSP}000"


def test_negative_numbers_use_the_true_minus_sign():
    assert fmt.number(-1234.5, 1) == f"{MINUS}1{NNBSP}234,5"
    assert "-" not in fmt.number(-3)


@pytest.mark.parametrize(("value", "decimals"), [(-0.04, 1), (-0.0, 0), (-0.004, 2), (-0.4, 0), (0.04, 1)])
def test_a_value_that_rounds_to_zero_has_no_sign(value, decimals):
    expected = "0" if decimals == 0 else "0," + "0" * decimals
    assert fmt.number(value, decimals) == expected
    assert fmt.points(value, decimals).startswith(expected + NBSP)


def test_percent_and_points():
    assert fmt.percent(12) == f"12{NBSP}%"
    assert fmt.percent(50.7, 1) == f"50,7{NBSP}%"
    assert fmt.percent(12.5) == f"13{NBSP}%"
    assert fmt.points(1.5) == f"+1,5{NBSP}pt"
    assert fmt.points(-2.25, 1) == f"{MINUS}2,3{NBSP}pts"
    assert fmt.points(0.25, 1) == f"+0,3{NBSP}pt"


def test_points_unit_follows_the_printed_value():
    assert fmt.points(1.95, 1) == f"+2,0{NBSP}pts"  # round(1.95, 1) == 1.9 in binary: would say "pt"
    assert fmt.points(1.94, 1) == f"+1,9{NBSP}pt"
    assert fmt.points(-1.5, 0) == f"{MINUS}2{NBSP}pts"


def test_every_formatter_uses_the_same_rule():
    assert fmt.ratio(2.25) == "2,3"
    assert fmt.quantity(2.5, "emplois") == f"3{NBSP}emplois"
    assert fmt.quantity(0.125, "%", 2) == f"0,13{NBSP}%"
    assert fmt.qualified(149.5, "approximate") == "près de 150"
    assert fmt.span(334.5, 484.5) == "335 à 485"
    assert fmt.span(-2.5, 2.5, unit="pts") == f"{MINUS}3 à 3{NBSP}pts"


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


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), None, True, "2,5", "2.5"])
def test_number_rejects_what_is_not_a_finite_number(bad):
    with pytest.raises(ValueError, match="nombre fini attendu"):
        fmt.number(bad)
    with pytest.raises(ValueError, match="nombre fini attendu"):
        fmt.points(bad)


@pytest.mark.parametrize("bad", [-1, 1.5, True, None])
def test_number_rejects_a_bad_count_of_decimals(bad):
    with pytest.raises(ValueError, match="nombre de décimales"):
        fmt.number(1.0, bad)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, 0),
        (12.0, 0),
        (12, 0),
        (1200.0, 0),
        (0.1, 1),
        (1234.5, 1),
        (-1234.5, 1),
        (29.25, 2),
        (-0.05, 2),
        (0.125, 2),  # capped
        (1e-05, 2),  # repr "1e-05": no "." to split on
        (-2.5e-07, 2),
        (1e16, 0),  # repr "1e+16"
    ],
)
def test_decimals_of(value, expected):
    assert fmt.decimals_of(value) == expected


def test_decimals_of_other_caps():
    assert fmt.decimals_of(0.125, max_decimals=None) == 3
    assert fmt.decimals_of(1e-05, max_decimals=None) == 5
    assert fmt.decimals_of(-2.5e-07, max_decimals=None) == 8
    assert fmt.decimals_of(1234.5678, max_decimals=1) == 1
    assert fmt.decimals_of(0.3, max_decimals=0) == 0
    with pytest.raises(ValueError, match="nombre fini attendu"):
        fmt.decimals_of(float("nan"))


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


# --- the callers that choose decimals from the value itself -------------------------------------


def fact(value, low=None, high=None, unit="emplois", qualifier="exact"):
    from territoires.data import Fact

    return Fact("f", "t", "i", "l", value, low, high, unit, qualifier, None, "missing", "s", "")


def test_a_fact_is_written_with_its_own_decimals():
    assert fact(863.0).text() == f"863{NBSP}emplois"
    assert fact(29.5, unit="%").text() == f"29,5{NBSP}%"
    assert fact(0.125, unit="%").text() == f"0,13{NBSP}%"  # capped at 2, rounded half away from zero
    assert fact(1e-05, unit="%").text() == f"0,00{NBSP}%"  # crashed: repr "1e-05" has no "."
    assert fact(None, 334.5, 485.0, qualifier="range").text() == f"334,5 à 485,0{NBSP}emplois"


def test_a_parameter_is_shown_as_typed():
    from typing import ClassVar

    from territoires.chapitres import base

    class Minuscule(base.Parametres):
        chapitre: ClassVar[str] = "99_test"
        seuil: float = base.parametre(1e-05, libelle="Seuil", sens="Seuil minuscule", mini=1e-05, maxi=0.001)
        g: float = base.parametre(-0.1, libelle="Croissance", sens="Croissance", unite="%", mini=-1.0, maxi=1.0)

    assert Minuscule.plage("seuil") == "0,00001 à 0,00100"  # crashed: repr "1e-05" has no "."
    assert base.montrer(Minuscule().seuil) == "0,00001"
    assert base.montrer(0.125) == "0,125"  # a parameter keeps all its decimals
    assert Minuscule.plage("g") == f"{MINUS}1 à 1"
