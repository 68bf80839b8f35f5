"""The chapters' parameter models: the single specification of every assumption, by every
route (notebook, scenario file, papermill), refusing unknown or mistyped values by name."""

import pytest

from territoires import chapitres
from territoires.chapitres.base import ParameterError

CHAPTERS = list(chapitres.CHAPITRES)


@pytest.mark.parametrize("stem", CHAPTERS)
def test_every_parameter_is_fully_described(stem):
    model = chapitres.parametres(stem)
    assert model.chapitre == stem
    assert model.model_fields, stem
    for name, field in model.model_fields.items():
        assert name == name.lower() and name.isascii(), f"{stem}.{name} : nom en snake_case"
        assert field.title and field.description, f"{stem}.{name} : libellé et signification"
        model.plage(name)  # a range or choices the table can show
    table = model.tableau()
    assert list(table["Paramètre"]) == list(model.model_fields)


@pytest.mark.parametrize("stem", CHAPTERS)
def test_shares_are_percentages(stem):
    model = chapitres.parametres(stem)
    for name in model.model_fields:
        if model.unite(name) == "%":
            low, high = model._bounds(name)
            assert high is not None and high > 1, f"{stem}.{name} : part en pourcentage (0 à 100)"


@pytest.mark.parametrize("stem", CHAPTERS)
def test_the_defaults_are_valid_and_the_schema_lists_every_parameter(stem):
    model = chapitres.parametres(stem)
    assert model().modifies() == []
    assert set(model.schema_json()["properties"]) == set(model.model_fields)


def test_an_unknown_name_is_refused_by_every_route():
    model = chapitres.parametres("05_synthese")
    with pytest.raises(ParameterError, match="paramètre « tolerance » inconnu"):
        model.valider({"tolerance": 3.0})
    # in a kernel: papermill's injected cell (`-p tolerance 3`) or a line added to the parameters cell
    history = ["", "tolerance_ecart = 2.0", "# Parameters\ntolerance = 3.0\n", "P = 1"]
    kernel = {"tolerance_ecart": 2.0, "tolerance": 3.0, "In": history, "P": 1, "pd": pytest}
    with pytest.raises(ParameterError, match="05_synthese : paramètre « tolerance » inconnu"):
        model.depuis_notebook(kernel)
    added = {"tolerance_ecart": 2.0, "tolerance": 3.0, "In": ["", "tolerance_ecart = 2.0\ntolerance = 3.0"]}
    with pytest.raises(ParameterError, match="paramètre « tolerance » inconnu"):
        model.depuis_notebook(added)
    # a setup cell run again after the whole notebook (P, results, tables) is not a parameter
    assert model.depuis_notebook({**kernel, "In": ["", "tolerance_ecart = 2.0", "P = 1"]}).tolerance_ecart == 2.0
    # outside a kernel (a plain namespace), any value of a parameter's kind counts
    with pytest.raises(ParameterError, match="paramètre « tolerance » inconnu"):
        model.depuis_notebook({"tolerance_ecart": 2.0, "tolerance": 3.0, "pd": pytest})


def test_a_missing_or_out_of_range_value_in_a_notebook_is_refused():
    model = chapitres.parametres("05_synthese")
    with pytest.raises(ParameterError, match="absents de la cellule parameters : tolerance_ecart"):
        model.depuis_notebook({})
    with pytest.raises(ParameterError, match="« tolerance_ecart » = 80.0 hors de la plage autorisée 0 à 50 %"):
        model.depuis_notebook({"tolerance_ecart": 80.0})
    with pytest.raises(ParameterError, match="nombre fini attendu"):
        model.depuis_notebook({"tolerance_ecart": "2"})


def test_changed_assumptions_are_named_for_the_prose():
    model = chapitres.parametres("05_synthese")
    assert model().hypotheses() == "les hypothèses par défaut"
    assert model(tolerance_ecart=10.0).hypotheses() == "les hypothèses modifiées (tolerance_ecart)"
