"""Model of the « formation » chapter: parameters, capacity model, results records."""

import ast
import json
import time

import pandas as pd
import pytest

from territoires import data, fmt, formation, paths, resultats
from territoires.chapitres import formation as modele
from territoires.chapitres.base import ParameterError

NBSP = "\u00a0"
NNBSP = "\u202f"


@pytest.fixture(scope="module")
def R():
    return modele.compute(modele.Parametres())


def run(**changes) -> resultats.Resultats:
    return modele.compute(modele.Parametres.valider(changes))


# --- the formulas ---------------------------------------------------------------------------


def test_graduates_per_year_is_cohort_times_schools_times_rate():
    assert formation.diplomes_par_an(10, 90, 1) == pytest.approx(9.0)
    assert formation.diplomes_par_an(12, 50, 3) == pytest.approx(18.0)
    assert formation.diplomes_par_an(12, 0, 3) == 0.0


def test_pupils_present_count_every_course_year():
    assert formation.eleves_presents(10, 2, 1) == 20
    assert formation.eleves_presents(12, 3, 2) == 72


def test_hiring_need_and_coverage_in_percent():
    assert formation.besoin_annuel(12000, 3) == pytest.approx(360.0)
    assert formation.couverture(9, 360) == pytest.approx(2.5)
    assert formation.couverture(720, 360) == pytest.approx(200.0)  # may exceed 100


def test_schools_needed_rounds_up_and_is_exact_on_boundaries():
    # 9 graduates, 50 % hired locally: 4.5 per school; 360 / 4.5 = 80 schools exactly
    assert formation.ecoles_necessaires(360, 10, 90, 50) == 80
    assert formation.ecoles_necessaires(361, 10, 90, 50) == 81
    assert formation.ecoles_necessaires(360, 10, 90, 0) is None


def test_trajectory_waits_for_the_first_cohort():
    p = modele.Parametres(eleves_par_promotion=10, duree_formation=2, horizon=5)
    path = formation.trajectoire(p, besoin=100.0)
    assert list(path["annee"]) == [1, 2, 3, 4, 5]
    assert list(path["diplomes"]) == pytest.approx([0, 9, 9, 9, 9])
    assert path["diplomes_cumules"].iloc[-1] == pytest.approx(36)
    assert path["besoin_cumule"].iloc[-1] == pytest.approx(500)
    # a course longer than the horizon delivers nobody
    late = modele.Parametres(duree_formation=4, horizon=3)
    assert formation.trajectoire(late, 100.0)["diplomes_cumules"].iloc[-1] == 0


def test_sensitivity_grid_is_sorted_and_complete():
    p = modele.Parametres(eleves_par_promotion=10, part_embauche_locale=100.0)
    grid = formation.sensibilite_reussite(p, 100, taux=[100, 50], ecoles=[2, 1])
    assert list(grid.columns) == ["taux_reussite_pct", "nombre_ecoles", "couverture_pct"]
    assert list(grid["nombre_ecoles"]) == [1, 1, 2, 2]
    assert list(grid["taux_reussite_pct"]) == [50, 100, 50, 100]
    assert list(grid["couverture_pct"]) == pytest.approx([5, 10, 10, 20])


# --- the results at the default assumptions -------------------------------------------------


def test_defaults_compute_fast_and_deterministically():
    start = time.perf_counter()
    first = modele.compute(modele.Parametres())
    assert time.perf_counter() - start < 1.0
    assert first.payload() == modele.compute(modele.Parametres()).payload()
    assert first.chapitre == "03_formation" == modele.Parametres.chapitre


@pytest.mark.parametrize(
    ("key", "text"),
    [  # as the chapter printed them before the model moved into the package
        ("besoin_annuel", f"360{NBSP}embauches"),
        ("diplomes_par_an", f"9{NBSP}diplômés"),
        ("couverture_besoin", f"1,4{NBSP}%"),
        ("ecoles_necessaires", f"73{NBSP}écoles"),
        ("eleves_presents", f"20{NBSP}élèves"),
        ("embauches_locales_par_an", f"5,0{NBSP}embauches"),
        ("diplomes_cumules", f"81{NBSP}diplômés"),
        ("embauches_locales_cumulees", f"45{NBSP}embauches"),
        ("besoin_cumule", f"3{NNBSP}600{NBSP}embauches"),
        ("couverture_cumulee", f"1,2{NBSP}%"),
        ("couverture_max_ecoles", f"30,6{NBSP}%"),
        ("couverture_selon_renouvellement_bas", f"0,4{NBSP}%"),
        ("couverture_selon_renouvellement_haut", f"8,3{NBSP}%"),
        ("emplois_industriels_besoin", f"environ 12{NNBSP}000{NBSP}emplois"),
        ("eleves_ecole_production_cabbalr", f"10{NBSP}élèves"),
        ("eleves_ecole_production_eco121", f"12{NBSP}élèves"),
        ("annee_ouverture_ep2b", "2021"),
        ("apprentis_flandre_audomarois", f"817{NBSP}apprentis"),
        ("hausse_apprentis_pays_saint_omer", f"32{NBSP}%"),
        ("part_industrie_apprentis_caso", f"22{NBSP}%"),
        ("ecoles_production_france_premier", f"7{NBSP}écoles"),
        ("ecoles_production_france_avant_article", f"42{NBSP}écoles"),
        ("ecoles_production_france_apres_article", f"46{NBSP}écoles"),
        ("alternance_belgique", f"7{NBSP}%"),
        ("sans_diplome_hauts_de_france", f"36,0{NBSP}%"),
    ],
)
def test_default_results_are_the_ones_the_chapter_printed(R, key, text):
    assert R.texte(key) == text


def test_required_records_state_their_facts(R):
    assert R["eleves_ecole_production_cabbalr"].value == data.fact("seed_ep2b_eleves").value
    assert R["apprentis_flandre_audomarois"].value == data.fact("apprentis_pso_2016").value
    assert R["apprentis_flandre_audomarois"].perimeter == "groupement d'EPCI"
    assert R["hausse_apprentis_pays_saint_omer"].value == pytest.approx(100 * (817 / 619 - 1))


def test_every_record_has_its_provenance(R):
    sources = set(data.load("sources_enriched")["source_id"])
    territories = set(data.load("territories_ref")["territory_id"])
    assert len(R.records) >= 40
    for record in R.records:
        assert set(record.source_ids) <= sources, record.key
        assert record.territory_id in territories, record.key
        assert record.label[0].isupper() and len(record.label) > 15, record.key
        assert record.definition.strip(), record.key


def test_model_outputs_carry_their_parameters_and_the_assumptions_source(R):
    outputs = [r for r in R.records if r.qualifier == "model"]
    assert {r.key for r in outputs} == set(modele.MODELE)
    for record in outputs:
        assert record.parameters == modele.Parametres().valeurs(), record.key
        assert record.ref_date is None, record.key
        assert "hypothese_auteurs" in record.source_ids, record.key
        assert (data.fact("cabbalr_emplois_industriels").source_id in record.source_ids) == (
            record.key in modele.BESOIN
        )
    assert all(r.parameters is None for r in R.records if r.qualifier != "model")


def test_tables_for_the_figures(R):
    assert set(R.tables) == {
        "trajectoire",
        "sensibilite_reussite",
        "sensibilite_renouvellement",
        "reseau",
        "reseau_reperes",
        "alternance",
        "apprentis",
    }
    assert len(R.tables["trajectoire"]) == 10
    assert len(R.tables["sensibilite_reussite"]) == 15 * 5  # 1, 2, 5, 10, 20 schools (the reader's is 1)
    assert sorted(R.tables["sensibilite_reussite"]["nombre_ecoles"].unique()) == [1, 2, 5, 10, 20]
    assert 7 in set(run(nombre_ecoles=7).tables["sensibilite_reussite"]["nombre_ecoles"])  # the reader's joins
    reperes = dict(R.tables["reseau_reperes"].itertuples(index=False))
    assert reperes["premier"] == "ecoles_production_2006"
    assert reperes["avant_article"] == reperes["dernier"] == "ecoles_production_fin_2021"


def test_the_committed_records_are_those_of_the_defaults(R):
    committed = resultats.lire("03_formation")
    assert committed.parametres == modele.Parametres().valeurs()
    assert {r.key: r.value for r in committed.records} == pytest.approx({r.key: r.value for r in R.records})


# --- behaviour ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("taux_diplomes", [30.0, 60.0, 90.0, 100.0]),
        ("part_embauche_locale", [10.0, 55.0, 100.0]),
        ("nombre_ecoles", [1, 2, 5, 20]),
        ("eleves_par_promotion", [1, 10, 30]),
    ],
)
def test_coverage_grows_with_the_schools_output(name, values):
    covers = [run(**{name: v}).valeur("couverture_besoin") for v in values]
    assert covers == sorted(covers) and covers[0] < covers[-1]


def test_coverage_falls_when_more_jobs_must_be_replaced():
    covers = [run(taux_renouvellement=t).valeur("couverture_besoin") for t in (0.5, 3.0, 10.0)]
    assert covers == sorted(covers, reverse=True)


def test_a_school_parameter_leaves_the_need_alone(R):
    more = run(nombre_ecoles=2)
    assert more.valeur("besoin_annuel") == R.valeur("besoin_annuel")
    assert more.valeur("diplomes_par_an") == pytest.approx(2 * R.valeur("diplomes_par_an"))
    assert more.valeur("ecoles_necessaires") == R.valeur("ecoles_necessaires")  # schools of the same size


def test_the_territory_changes_the_need_not_the_schools(R):
    flandre = run(territoire_besoin="flandre_audomarois")
    assert flandre.valeur("besoin_annuel") == pytest.approx(data.fact("ti_cfso_emplois").value * 3 / 100)
    assert flandre.valeur("diplomes_par_an") == R.valeur("diplomes_par_an")
    assert flandre["besoin_annuel"].territory_id == "flandre_audomarois"
    assert flandre["besoin_annuel"].perimeter == "Territoire d'industrie"
    assert "adobe_spark_ti" in flandre["besoin_annuel"].source_ids
    assert flandre["emplois_industriels_besoin"].ref_date == data.fact("ti_cfso_emplois").ref_date


def test_horizon_and_course_length_only_move_the_cumulated_figures(R):
    longer = run(horizon=20, duree_formation=3)
    for key in ("besoin_annuel", "diplomes_par_an", "couverture_besoin", "ecoles_necessaires"):
        assert longer.valeur(key) == R.valeur(key), key
    assert longer.valeur("diplomes_cumules") == pytest.approx(9 * 18)  # years 3 to 20
    assert longer.valeur("besoin_cumule") == pytest.approx(360 * 20)
    assert longer.valeur("eleves_presents") == 30


def test_without_local_hires_no_number_of_schools_is_enough():
    none = run(part_embauche_locale=0.0)
    assert "ecoles_necessaires" not in none.keys()
    assert none.valeur("couverture_besoin") == 0


def test_less_than_one_graduate_a_year_keeps_a_decimal():
    few = run(eleves_par_promotion=1, taux_diplomes=50.0)
    assert few.texte("diplomes_par_an") == f"0,5{NBSP}diplômé"
    assert few["diplomes_par_an"].decimals == 1


@pytest.mark.parametrize(
    ("changes", "diplomes", "couverture", "ecoles"),
    [  # the scenario files' assumptions, and what the scenario comparison printed
        ({"taux_diplomes": 95.0, "part_embauche_locale": 70.0, "nombre_ecoles": 2}, "19", "3,7", "55"),
        ({"taux_diplomes": 75.0, "part_embauche_locale": 40.0}, "8", "0,8", "120"),
    ],
)
def test_scenarios_give_the_compared_results(changes, diplomes, couverture, ecoles):
    result = run(**changes)
    assert result.texte("diplomes_par_an", unit=False) == diplomes
    assert result.texte("couverture_besoin", unit=False) == couverture
    assert result.texte("ecoles_necessaires", unit=False) == ecoles
    assert result["couverture_besoin"].parameters == modele.Parametres.valider(changes).valeurs()


# --- parameters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"taux_diplomes": 120.0}, "« taux_diplomes » = 120.0 hors de la plage"),
        ({"taux_renouvellement": 0.1}, "« taux_renouvellement » = 0.1 hors de la plage"),
        ({"nombre_ecoles": 0}, "« nombre_ecoles » = 0 hors de la plage"),
        ({"nombre_ecoles": 1.5}, "« nombre_ecoles » : entier attendu"),
        ({"eleves_par_promotion": "10"}, "« eleves_par_promotion » : entier attendu"),
        ({"part_embauche_locale": "55"}, "« part_embauche_locale » : nombre fini attendu"),
        ({"part_embauche_locale": float("nan")}, "« part_embauche_locale » : nombre fini attendu"),
        ({"territoire_besoin": "artois"}, "« territoire_besoin » = 'artois' : valeurs possibles"),
        ({"cohort_size": 10}, "« cohort_size » inconnu"),
    ],
)
def test_bad_parameters_are_refused_by_name(values, message):
    with pytest.raises(ParameterError, match=message):
        modele.Parametres.valider(values)


def _parameters_cell() -> dict:
    notebook = json.loads((paths.NOTEBOOKS / "03_formation.ipynb").read_text(encoding="utf-8"))
    (cell,) = [c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", [])]
    tree = ast.parse("".join(cell["source"]))
    return {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body}


def test_the_notebook_parameters_cell_holds_the_defaults():
    assert _parameters_cell() == modele.Parametres().valeurs()


def test_the_notebook_namespace_is_checked():
    namespace = dict(_parameters_cell(), pd=pd)  # a module beside the parameters is fine
    assert modele.Parametres.depuis_notebook(namespace) == modele.Parametres()
    with pytest.raises(ParameterError, match="« nombre_ecole » inconnu"):
        modele.Parametres.depuis_notebook(dict(namespace, nombre_ecole=2))  # a typo in papermill -p
    with pytest.raises(ParameterError, match="absents de la cellule parameters : horizon"):
        modele.Parametres.depuis_notebook({k: v for k, v in namespace.items() if k != "horizon"})
    with pytest.raises(ParameterError, match="« horizon » = 40 hors de la plage"):
        modele.Parametres.depuis_notebook(dict(namespace, horizon=40))


def test_the_parameter_table_lists_every_parameter_with_its_range():
    table = modele.Parametres.tableau().set_index("Paramètre")
    assert list(table.index) == list(modele.Parametres.model_fields)
    assert table.loc["taux_renouvellement", "Plage admise"] == "0,5 à 10,0"
    assert table.loc["taux_diplomes", "Unité"] == "%"


def test_the_notebook_only_narrates():
    notebook = json.loads((paths.NOTEBOOKS / "03_formation.ipynb").read_text(encoding="utf-8"))
    code = [line for c in notebook["cells"] if c["cell_type"] == "code" for line in "".join(c["source"]).splitlines()]
    assert sum(1 for line in code if line.strip()) <= 200


# --- figures and display tables -------------------------------------------------------------


def test_display_tables_quote_the_sources():
    from territoires.figures import formation_tableaux as tableaux

    for build in (
        tableaux.tableau_ep2b,
        tableaux.tableau_superieur,
        tableaux.tableau_jeunes,
        tableaux.tableau_tensions,
    ):
        frame, sources = build()
        assert not frame.empty and sources, build.__name__
        assert set(sources) <= set(data.load("sources_enriched")["source_id"]), build.__name__
    ep2b, _ = tableaux.tableau_ep2b()
    assert "(déduite) (année déduite)" not in " ".join(ep2b["Eco121"])  # the date says it once


def test_figures_follow_changed_assumptions(tmp_path, monkeypatch):
    from territoires.figures import formation as figures

    monkeypatch.setattr(paths, "DOWNLOADS", tmp_path)
    result = run(territoire_besoin="flandre_audomarois", nombre_ecoles=3, part_embauche_locale=20.0)
    jobs = data.fact("ti_cfso_emplois")
    assert jobs.date_status == "inferred"
    assert figures.territoire_du_besoin(result).endswith(f"(date déduite : {fmt.iso_date(jobs.ref_date)})")
    figures.figure_capacite(result)
    figures.figure_sensibilite(result)
    # the download is for a spreadsheet set in French (territoires.telechargements)
    capacity = pd.read_csv(tmp_path / "fig-formation-capacite.csv", sep=";", decimal=",", encoding="utf-8-sig")
    # 480 hires a year over 10 years; 27 graduates a year from year 2, a fifth of them hired locally
    assert capacity["valeur"].tolist() == pytest.approx([4800.0, 243.0, 48.6])
    assert set(capacity["territoire du besoin"]) == {"Territoire d'industrie Cœur de Flandre – Pays de Saint-Omer"}
    assert (tmp_path / "fig-formation-sensibilite.png").stat().st_size > 0


def test_annual_and_cumulated_coverage_say_which_they_are(R):
    annual, cumulated = R["couverture_besoin"], R["couverture_cumulee"]
    assert "chaque année" in annual.label and "régime établi" in annual.label
    assert "cumulé depuis l'ouverture" in cumulated.label
    assert "couverture annuelle" in annual.definition and "couverture cumulée" in cumulated.definition
    # the first cohort takes the length of the course to graduate: the cumulated coverage is lower
    assert cumulated.value < annual.value


def test_the_opening_year_is_found_by_its_indicator(R, monkeypatch):
    fact = data.fact(modele.fait_ouverture())
    assert fact.indicator == modele.OUVERTURE_EP2B
    assert R.valeur("annee_ouverture_ep2b") == fact.value and R["annee_ouverture_ep2b"].ref_date == fact.ref_date
    original = data.load

    def without(name):
        table = original(name)
        return table[table["indicator"] != modele.OUVERTURE_EP2B] if name == "facts_enriched" else table

    monkeypatch.setattr(data, "load", without)
    with pytest.raises(ValueError, match="data/raw/facts.csv, champ indicator : un seul fait « ep2b_opening_year »"):
        modele.fait_ouverture()


def test_the_share_of_the_caso_among_the_apprentices(R):
    caso, pso = data.fact("apprentis_caso_2016"), data.fact("apprentis_pso_2016")
    assert R.valeur("part_caso_apprentis_pays_saint_omer") == pytest.approx(100 * caso.value / pso.value)
    assert caso.ref_date == pso.ref_date == R["part_caso_apprentis_pays_saint_omer"].ref_date
