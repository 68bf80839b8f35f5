"""Live assumptions (territoires.vivant): the grid, the payload and the notebooks' markup.

Fast tier: the grids are checked without running them, the payload on small grids, and the
strings of each chapter's default point against what its notebook glued. The full tier
(test_vivant_notebooks.py, tests/browser/test_vivant.py) runs the notebooks and the pages."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from colles import textes_colles

from territoires import data, fmt, paths, vivant, vivant_chapitres
from territoires.chapitres import formation, proximite, transition
from territoires.chapitres.base import ParameterError
from territoires.vivant import Controle, Vue
from territoires.vivant_chapitres import VUES

SPAN = re.compile(r"\[\{glue:text\}`([a-z0-9_]+)`\]\{([^}]*)\}")
GLUE = re.compile(r"\{glue:text\}`([a-z0-9_]+)`")


def notebook(stem: str) -> dict:
    return json.loads((paths.NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))


def glued(stem: str) -> dict[str, str]:
    """The strings a notebook glued (its stored outputs)."""
    return textes_colles(notebook(stem))


def small(vue: Vue, *sizes: int) -> Vue:
    """The same view on the first values of each control (a quick grid)."""
    controls = []
    for control, size in zip(vue.controles, sizes):
        offered = vivant.valeurs(vue.parametres, control, getattr(vue.parametres(), control.nom))
        controls.append(Controle(control.nom, valeurs=tuple(offered[:size]), libelles=control.libelles))
    return replace(vue, controles=tuple(controls))


# --- the grid -------------------------------------------------------------------------------


def test_a_step_is_aligned_on_the_page_value_and_keeps_the_model_bounds():
    found = vivant.valeurs(transition.Parametres, Controle("horizon", pas=4), 8)
    assert found == [1, 4, 8, 12, 15]
    assert vivant.valeurs(transition.Parametres, Controle("taux_reussite", pas=10.0), 20.0) == [
        float(v) for v in range(0, 101, 10)
    ]
    assert vivant.valeurs(formation.Parametres, Controle("part_embauche_locale", pas=15.0), 55.0) == [
        0.0, 10.0, 25.0, 40.0, 55.0, 70.0, 85.0, 100.0
    ]  # fmt: skip


def test_the_page_value_is_always_offered():
    control = Controle("emplois_par_projet", valeurs=(5, 10, 200))
    assert vivant.valeurs(transition.Parametres, control, 30) == [5, 10, 30, 200]
    choices = vivant.valeurs(proximite.Parametres, Controle("repere"), "hauts_de_france")
    assert choices == ["pas_de_calais", "hauts_de_france"]


@pytest.mark.parametrize(
    "control, words",
    [
        (Controle("taux_reusite", pas=10.0), ["« taux_reusite »", "paramètre inconnu", "taux_reussite"]),
        (Controle("horizon", pas=0), ["« horizon »", "pas 0 refusé"]),
        (Controle("horizon", pas=2.5), ["« horizon »", "entier"]),
        (Controle("horizon"), ["« horizon »", "ni pas ni valeurs"]),
        (Controle("horizon", valeurs=(1, 99)), ["« horizon »", "99", "hors de la plage", "1 à 15"]),
        (Controle("horizon", valeurs=(1, 2.5)), ["« horizon »", "entières"]),
        (Controle("taux_reussite", valeurs=("20",)), ["« taux_reussite »", "numériques"]),
        (Controle("horizon", pas=2, valeurs=(2,)), ["« horizon »", "pas les deux"]),
    ],
)
def test_a_bad_control_is_refused_with_a_message_naming_it(control, words):
    with pytest.raises(ParameterError) as error:
        vivant.valeurs(transition.Parametres, control, getattr(transition.Parametres(), control.nom, None))
    message = str(error.value)
    assert message.startswith("02_transition : contrôle vivant")
    for word in words:
        assert word in message, message


def test_a_list_or_an_unknown_choice_is_refused():
    with pytest.raises(ParameterError, match="« perimetre_epci » : seuls un nombre ou un choix"):
        vivant.valeurs(proximite.Parametres, Controle("perimetre_epci"), ["200072460"])
    with pytest.raises(ParameterError, match="« repere » : choix 'nord' inconnu"):
        vivant.valeurs(proximite.Parametres, Controle("repere", valeurs=("nord",)), "pas_de_calais")


def test_a_grid_too_large_or_with_a_double_control_is_refused():
    huge = replace(VUES["02_transition"], controles=(Controle("taux_reussite", pas=1.0), Controle("horizon", pas=1)))
    with pytest.raises(ParameterError, match=r"grille de 1515 points \(101 \(taux_reussite\) × 15 \(horizon\)\)"):
        vivant.grille(huge, transition.Parametres())
    double = replace(VUES["02_transition"], controles=(Controle("horizon", pas=4), Controle("horizon", pas=2)))
    with pytest.raises(ParameterError, match="« horizon » : contrôle en double"):
        vivant.grille(double, transition.Parametres())


@pytest.mark.parametrize(
    "stem, size", [("01_attractivite", 168), ("02_transition", 385), ("03_formation", 432), ("04_proximite", 330)]
)
def test_each_chapter_grid_has_the_documented_size(stem, size):
    vue = VUES[stem]
    axes, points = vivant.grille(vue, vue.parametres())
    assert len(points) == size <= vivant.MAX_POINTS
    assert str(size) in Path(vivant_chapitres.__file__).read_text(encoding="utf-8")
    # row-major, first control slowest; every point a complete, valid parameter set
    assert [p[vue.controles[-1].nom] for p in points[: len(axes[-1])]] == axes[-1]
    assert vue.parametres.valider(points[-1]).valeurs() == points[-1]


# --- the payload ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def petite_charge():
    vue = small(VUES["02_transition"], 3, 2, 2)
    return vue, vivant.donnees_de_la_vue(vue, transition.Parametres())


def test_each_point_holds_the_strings_compute_gives(petite_charge):
    vue, payload = petite_charge
    _, points = vivant.grille(vue, transition.Parametres())
    for values in points:
        p = transition.Parametres.valider(values)
        R = transition.compute(p)
        shown = vivant.point(payload, {c["nom"]: values[c["nom"]] for c in payload["controles"]})
        expected = {key: vivant.texte(function(p, R)) for key, function in vue.textes.items()}
        assert shown == expected
    assert shown["kpi_transition_taux_remplacement"] == vivant.texte(R.texte("taux_remplacement"))


def test_the_controls_spec_comes_from_the_model(petite_charge):
    _, payload = petite_charge
    rate = payload["controles"][0]
    assert rate["nom"] == "taux_reussite" and rate["libelle"] == "Taux de réussite des projets"
    assert rate["unite"] == "%" and rate["type"] == "curseur"
    assert rate["valeurs"] == [0.0, 10.0, 20.0] and rate["defaut"] == 2
    assert rate["etiquettes"] == [fmt.percent(v) for v in (0, 10, 20)]
    assert rate["plage"] == f"0 à 100{fmt.NBSP}%"
    assert payload["annonce"][0] == ["Emplois recréés", payload["cles"].index("kpi_transition_emplois_recrees")]
    assert set(payload["graphique"]["morceaux"]) == {"fond", "marques"}


def test_the_block_is_deterministic_hidden_and_script_safe(petite_charge):
    vue, payload = petite_charge
    again = vivant.donnees_de_la_vue(vue, transition.Parametres())
    block = vivant.html(payload)
    assert vivant.html(again) == block
    assert block.startswith('<div class="vivant-bloc" id="vivant-02_transition" data-chapitre="02_transition" hidden>')
    inner = block.split('class="vivant-donnees">', 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == json.loads(json.dumps(payload))
    tricky = {**payload, "textes": ["</script><script>alert(1)</script> & co"]}
    assert "</script><script>" not in vivant.html(tricky).split('class="vivant-donnees">', 1)[1][:-15]


def test_reading_the_tables_once_changes_no_result_and_restores_the_loader():
    original = data.load
    p = transition.Parametres.valider({"taux_reussite": 60.0, "horizon": 12})
    plain = transition.compute(p).payload()
    with vivant.tables_lues_une_fois():
        assert data.load is not original
        first, second = transition.compute(p).payload(), transition.compute(p).payload()
        table = data.load("facts_enriched")
        table.iloc[0, 0] = "modifié"  # a model modifying what it reads changes nothing for the next one
        assert data.load("facts_enriched").iloc[0, 0] != "modifié"
    assert data.load is original
    assert first == second == plain


def test_chart_numbers_are_short_and_finite():
    assert vivant.nombre(12.345678) == 12.35 and vivant.nombre(100.0) == 100 and vivant.nombre(0.000123456) == 0.0001235
    with pytest.raises(ValueError, match="nombre fini"):
        vivant.nombre(float("nan"))


# --- the chapters ---------------------------------------------------------------------------


@pytest.mark.parametrize("stem", sorted(VUES))
def test_the_default_point_shows_what_the_notebook_glued(stem):
    """At the page's parameters, every followed string equals the notebook's stored glue
    (after the page's typography filter, which the static text also goes through)."""
    vue, stored = VUES[stem], glued(stem)
    p = vue.parametres()
    R = vue.modele.compute(p)
    for key, function in vue.textes.items():
        assert key in stored, f"{stem} : {key} n'est pas collé par le notebook"
        assert function(p, R) == stored[key], key


@pytest.mark.parametrize("stem", sorted(VUES))
def test_every_followed_number_of_the_chapter_is_marked_and_every_mark_is_followed(stem):
    followed = set(VUES[stem].textes)
    marked, unmarked = [], []
    for cell in notebook(stem)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        for key, classes in SPAN.findall(source):
            assert classes.split() == [".vivant", f".vivant-{key}"], f"{stem} : {key} marqué {{{classes}}}"
            assert key in followed, f"{stem} : {key} marqué sans être suivi"
            marked.append(key)
        unmarked += [k for k in GLUE.findall(SPAN.sub("", source)) if k in followed]
    assert not unmarked, f"{stem} : nombres suivis non marqués : {unmarked}"
    assert set(marked) <= followed and marked


@pytest.mark.parametrize("stem", sorted(VUES))
def test_the_notebook_shows_its_live_block_in_one_hidden_code_cell(stem):
    cells = [c for c in notebook(stem)["cells"] if "vivant.afficher(" in "".join(c["source"])]
    assert len(cells) == 1
    cell = cells[0]
    assert "remove-input" in cell["metadata"].get("tags", [])
    assert f"vivant_chapitres import {VUES[stem].modele.__name__.rsplit('.', 1)[-1].upper()}" in "".join(cell["source"])
    html = "".join(o["data"]["text/html"][0] for o in cell["outputs"] if "text/html" in o.get("data", {}))
    assert html.startswith(f'<div class="vivant-bloc" id="vivant-{stem}"'), "sortie absente : exécuter le notebook"
    assert len(html.encode("utf-8")) < 300_000


def test_the_book_loads_the_script_and_the_stylesheet():
    config = (paths.ROOT / "_config.yml").read_text(encoding="utf-8")
    assert "[vivant.js, {defer: defer}]" in config and "vivant.css" in config
    for name in ("vivant.js", "vivant.css"):
        assert (paths.BOOK / "_static" / name).is_file()
    script = (paths.BOOK / "_static" / "vivant.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "eval(" not in script and "http" not in script.replace(SVG_NS, "")


SVG_NS = "http://www.w3.org/2000/svg"


def test_a_scenario_page_offers_its_own_values_within_the_bound():
    """A scenario's variant book runs the same cell with its own parameters: its values join the
    grid (the page's own view), the grid stays within the bound, and the view says « scénario »."""
    from territoires.scenarios import fichiers

    for scenario in fichiers.load_all(sorted((paths.ROOT / "scenarios").glob("*.yml"))):
        for stem, vue in VUES.items():
            if stem not in scenario.values:
                continue
            p = vue.parametres.valider(scenario.values[stem])
            axes, points = vivant.grille(vue, p)
            assert len(points) <= vivant.MAX_POINTS
            assert all(getattr(p, c.nom) in axis for c, axis in zip(vue.controles, axes))
    vue = VUES["03_formation"]  # every control off its grid: the largest grid a scenario can give
    worst = vue.parametres.valider({"nombre_ecoles": 4, "taux_renouvellement": 3.5, "part_embauche_locale": 1.0})
    assert len(vivant.grille(vue, worst)[1]) == 7 * 10 * 9 <= vivant.MAX_POINTS
    small_view = small(VUES["02_transition"], 2, 1, 1)
    payload = vivant.donnees_de_la_vue(small_view, transition.Parametres.valider({"projets_etudies": 30}))
    assert payload["origine"] == "scénario"
