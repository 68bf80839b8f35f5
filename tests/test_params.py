import pytest

from territoires.params import ParameterError, parse_line


def test_number_parameter_is_parsed_with_range_unit_and_meaning():
    p = parse_line("success_rate = 0.3  # [0, 1] part — Part des projets qui aboutissent")
    assert (p.name, p.default, p.kind, p.low, p.high) == ("success_rate", 0.3, "number", 0, 1)
    assert p.unit == "part"
    assert p.meaning == "Part des projets qui aboutissent"


def test_integer_parameter():
    p = parse_line("cohort = 12  # [4, 40] élèves — Taille d'une promotion")
    assert p.kind == "integer"
    assert p.check(20) == 20
    with pytest.raises(ParameterError, match="entier attendu"):
        p.check(12.5)


def test_out_of_range_value_names_the_parameter():
    p = parse_line("success_rate = 0.3  # [0, 1] part — Part des projets")
    with pytest.raises(ParameterError, match="« success_rate » = 1.5 hors de la plage"):
        p.check(1.5, "02_transition")


def test_wrong_type_is_rejected():
    p = parse_line("success_rate = 0.3  # [0, 1] part — Part des projets")
    with pytest.raises(ParameterError, match="nombre attendu"):
        p.check("0.5")


def test_choice_parameter():
    p = parse_line('benchmark = "insee_2021"  # {"insee_2021", "article"} — Référence nationale')
    assert p.kind == "choice"
    with pytest.raises(ParameterError, match="valeurs possibles"):
        p.check("autre")


def test_default_out_of_range_is_an_error():
    with pytest.raises(ParameterError, match="valeur par défaut"):
        parse_line("x = 5  # [0, 1] part — Mauvais défaut")


def test_unreadable_line():
    with pytest.raises(ParameterError, match="illisible"):
        parse_line("x = 5  # sans plage")


def test_assumptions_label_says_when_defaults_are_changed():
    from territoires import params

    defaults = {name: p.default for name, p in params.spec("05_synthese").items()}
    assert params.assumptions_label("05_synthese", defaults) == "les hypothèses par défaut"
    changed = dict(defaults, tolerance_ecart=10.0)
    assert "tolerance_ecart" in params.assumptions_label("05_synthese", changed)


def test_every_parameters_cell_of_the_book_is_readable():
    """Read (never executed): the specification of each chapter, as scenarios and tables use it."""
    from territoires import scenarios

    spec = scenarios.chapters()
    assert {"01_attractivite", "02_transition", "03_formation", "04_proximite", "05_synthese"} <= set(spec)
    assert spec["01_attractivite"]["perimetre_flandre_audomarois"].kind == "epci"
