"""Scenarios: validation of the files before anything runs, execution with papermill into
scenario_runs/ (never over the committed notebooks), banners, and the committed comparison."""

import hashlib
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from territoires import paths, scenarios
from territoires.scenarios import ScenarioError

# Scenario runs execute these fixture notebooks, never the book's own: each real notebook is
# executed only by the build and by nbval.
FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
FIXTURE = "91_fixture"
# In 91_fixture, kpi_fixture_total = rate × cohort × 100 (360 by default); the others ignore cohort.
HAUT = "title: Haut\nrationale: Une promotion plus grande.\n91_fixture:\n  cohort: 20\n"


def point_at_fixtures(monkeypatch, folder: Path) -> Path:
    """The scenario machinery pointed at the fixture notebooks; runs, scenario files and the
    comparison file in a temporary folder (nothing of the repository is written)."""
    monkeypatch.setattr(paths, "NOTEBOOKS", FIXTURES)
    monkeypatch.setattr(scenarios, "RUNS", folder / "runs")
    monkeypatch.setattr(scenarios, "SCENARIOS", folder)
    monkeypatch.setattr(scenarios, "COMPARISON", folder / "comparison.csv")
    return folder


@pytest.fixture
def fixture_book(monkeypatch, tmp_path):
    return point_at_fixtures(monkeypatch, tmp_path)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def rejected(path: Path, *fragments: str) -> str:
    with pytest.raises(ScenarioError) as info:
        scenarios.load(path)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} absent de : {message}"
    return message


def tree_hash(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.ipynb"))}


# --- validation ----------------------------------------------------------------------------


def test_the_fixture_spec_is_read_from_the_parameters_cell(fixture_book):
    spec = scenarios.chapters()
    assert list(spec) == [FIXTURE]  # the notebook without a parameters cell is not a chapter
    assert list(spec[FIXTURE]) == ["rate", "cohort", "mode"]


def test_a_valid_scenario(fixture_book):
    path = write(
        fixture_book,
        "haut.yml",
        """\
        title: Haut
        rationale: Une promotion plus grande.
        91_fixture:
          cohort: 20
          mode: haut
    """,
    )
    scenario = scenarios.load(path)
    assert (scenario.stem, scenario.title, scenario.chapters) == ("haut", "Haut", [FIXTURE])
    assert [(c.name, c.baseline, c.value) for c in scenario.changes()] == [("cohort", 12, 20), ("mode", "bas", "haut")]


@pytest.mark.parametrize("text", ["- title: X\n", "juste un texte\n", ""])
def test_not_a_mapping(fixture_book, text):
    path = write(fixture_book, "x.yml", text)
    rejected(path, "x.yml", "table « clé: valeur »")


BAD_FILES = {
    "unknown chapter": (
        "title: X\nrationale: R.\n99_inconnu:\n  rate: 0.5\n",
        ["clé inconnue « 99_inconnu »", "91_fixture"],
    ),
    "chapter without parameters cell": (
        "title: X\nrationale: R.\n92_sans_parametres:\n  x: 2\n",
        ["chapitre 92_sans_parametres", "pas de cellule « parameters »"],
    ),
    "unknown parameter": (
        "title: X\nrationale: R.\n91_fixture:\n  taux: 0.5\n",
        ["chapitre 91_fixture", "paramètre « taux » inconnu", "rate, cohort, mode"],
    ),
    "wrong type": (
        "title: X\nrationale: R.\n91_fixture:\n  rate: '0.5'\n",
        ["chapitre 91_fixture", "« rate »", "nombre attendu"],
    ),
    "float for an integer parameter": (
        "title: X\nrationale: R.\n91_fixture:\n  cohort: 12.5\n",
        ["chapitre 91_fixture", "« cohort »", "entier attendu"],
    ),
    "out of range": (
        "title: X\nrationale: R.\n91_fixture:\n  rate: 1.5\n",
        ["chapitre 91_fixture", "« rate » = 1.5 hors de la plage autorisée [0, 1]"],
    ),
    "choice not in the list": (
        "title: X\nrationale: R.\n91_fixture:\n  mode: moyen\n",
        ["chapitre 91_fixture", "« mode »", "valeurs possibles bas, haut"],
    ),
    "chapter block not a mapping": (
        "title: X\nrationale: R.\n91_fixture: 0.5\n",
        ["chapitre 91_fixture", "table non vide « paramètre: valeur » attendue"],
    ),
    "missing title": ("rationale: R.\n91_fixture:\n  rate: 0.5\n", ["clé « title » manquante"]),
    "missing rationale": ("title: X\n91_fixture:\n  rate: 0.5\n", ["clé « rationale » manquante"]),
    "multiline rationale": (
        "title: X\nrationale: |\n  ligne un\n  ligne deux\n91_fixture:\n  rate: 0.5\n",
        ["« rationale » doit tenir sur une ligne"],
    ),
    "title of the wrong type": (
        "title: 12\nrationale: R.\n91_fixture:\n  rate: 0.5\n",
        ["« title » doit être un texte non vide"],
    ),
    "unknown top-level key": (
        "title: X\nrationale: R.\nauteur: moi\n91_fixture:\n  rate: 0.5\n",
        ["clé inconnue « auteur »"],
    ),
    "no parameter at all": ("title: X\nrationale: R.\n", ["aucun paramètre modifié"]),
    "unreadable YAML": ("title: X\nrationale: [R.\n", ["YAML illisible"]),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_scenario_file_is_rejected_with_its_reason(fixture_book, case):
    text, fragments = BAD_FILES[case]
    path = write(fixture_book, "x.yml", text)
    rejected(path, "x.yml", *fragments)


def test_bad_file_name(fixture_book):
    path = write(fixture_book, "Mon Scénario.yml", "title: X\nrationale: R.\n91_fixture:\n  rate: 0.5\n")
    rejected(path, "Mon Scénario.yml", "nom attendu")


def test_every_problem_is_reported_at_once(fixture_book):
    path = write(fixture_book, "x.yml", "title: X\n91_fixture:\n  rate: 2\n  cohort: '3'\n  taux: 1\n")
    message = rejected(path, "clé « rationale » manquante", "« rate » = 2", "« cohort »", "« taux » inconnu")
    assert all(line.startswith("x.yml : ") for line in message.splitlines())


def test_the_command_line_exits_2_naming_the_file_and_its_problem(tmp_path):
    """`python -m territoires.scenarios` against the book's real chapters: their parameters
    cells are read (never executed) to validate the file."""
    path = write(tmp_path, "mauvais.yml", "title: X\nrationale: R.\n99_inconnu:\n  a: 1\n")
    result = subprocess.run(
        [sys.executable, "-m", "territoires.scenarios", "run", str(path)], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.startswith("Erreur de scénario :\nmauvais.yml : clé inconnue « 99_inconnu »")
    assert "(clés admises : title, rationale, 01_attractivite" in result.stderr


def test_a_bad_file_stops_the_command_before_any_notebook_runs(fixture_book, capsys):
    """A valid scenario listed before an invalid one is not run: every file is validated first."""
    good = write(fixture_book, "a-bon.yml", HAUT)
    bad = write(fixture_book, "b-mauvais.yml", "title: X\nrationale: R.\n91_fixture:\n  rate: 2\n")
    assert scenarios.main(["compare", "--no-page", str(good), str(bad)]) == 2
    assert "b-mauvais.yml : chapitre 91_fixture : paramètre « rate » = 2 hors de la plage" in capsys.readouterr().err
    assert not scenarios.RUNS.exists()  # not even the valid one started
    assert not scenarios.COMPARISON.exists()


# --- banner and variant --------------------------------------------------------------------


def test_banner_goes_just_after_the_title_cell_and_names_every_parameter(fixture_book):
    path = write(
        fixture_book,
        "haut.yml",
        "title: Haut\nrationale: Une promotion plus grande.\n91_fixture:\n  cohort: 20\n  rate: 0.45\n",
    )
    scenario = scenarios.load(path)
    notebook = nbformat.read(FIXTURES / f"{FIXTURE}.ipynb", as_version=4)
    scenarios.insert_banner(notebook, scenarios.banner(scenario, FIXTURE))
    scenarios.insert_banner(notebook, scenarios.banner(scenario, FIXTURE))  # replaces, never doubles
    assert [c.get("id") for c in notebook.cells].count(scenarios.BANNER_ID) == 1
    assert notebook.cells[0].source == "(fixture)=\n# Chapitre fictif"  # the title alone, then the banner
    assert notebook.cells[2].source.startswith("Introduction")
    text = notebook.cells[1].source
    assert text.startswith(":::{admonition} Scénario « Haut »")
    assert "**Justification** : Une promotion plus grande\\." in text
    assert "| cohort | élèves | 12 | 20 |" in text
    assert "| rate | part | 0\\,3 | 0\\,45 |" in text  # escaped: rendered as typed


def test_french_numbers_are_read_back():
    assert scenarios.to_number("1\u202f234,5\u00a0emplois") == 1234.5
    assert scenarios.to_number("−3,2\u00a0%") == -3.2
    assert scenarios.to_number("335 à 485") is None
    assert scenarios.to_number("cabbalr") is None


def test_the_variant_book_runs_nothing_and_keeps_the_unaffected_notebooks(fixture_book):
    path = write(fixture_book, "haut.yml", "title: Haut\nrationale: R.\n91_fixture:\n  cohort: 20\n")
    scenario = scenarios.load(path)
    folder = scenarios.assemble(scenario)
    config = (folder / "_config.yml").read_text(encoding="utf-8")
    assert "execute_notebooks: 'off'" in config
    assert (folder / "_toc.yml").read_bytes() == (paths.ROOT / "_toc.yml").read_bytes()
    copied = folder / "notebooks" / "92_sans_parametres.ipynb"
    assert copied.read_bytes() == (FIXTURES / "92_sans_parametres.ipynb").read_bytes()


def test_a_page_pasting_numbers_of_a_recomputed_chapter_gets_a_banner_too(fixture_book):
    path = write(fixture_book, "haut.yml", "title: Haut\nrationale: R.\n91_fixture:\n  cohort: 20\n")
    folder = scenarios.assemble(scenarios.load(path))
    relay = nbformat.read(folder / "notebooks" / "93_relais.ipynb", as_version=4)
    assert relay.cells[1].get("id") == scenarios.BANNER_ID
    assert "91\\_fixture" in relay.cells[1].source


# --- scenario runs, on the fixture notebook ---------------------------------------------------


@dataclass(frozen=True)
class Run:
    folder: Path  # runs, scenario file and comparison live here
    scenario: scenarios.Scenario
    report: scenarios.Report
    output: Path  # the executed fixture notebook
    before: dict[str, str]  # hashes of the fixture notebooks before the run


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory) -> Run:
    """One scenario run (papermill) on the fixture notebook, shared by the tests below. The
    redirection is undone after the run: a test that needs it again calls point_at_fixtures."""
    folder = tmp_path_factory.mktemp("run")
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_at_fixtures(monkeypatch, folder)
        before = tree_hash(FIXTURES)
        scenario = scenarios.load(write(folder, "haut.yml", HAUT))
        report = scenarios.run(scenario, html=False)
        output = scenarios.run_dir(scenario) / "notebooks" / f"{FIXTURE}.ipynb"
    return Run(folder, scenario, report, output, before)


def test_a_scenario_changes_the_glued_value_where_its_parameter_acts(fixture_run):
    assert fixture_run.report.seconds[FIXTURE] is not None  # executed, not taken from a previous run
    baseline, values = scenarios.kpis(FIXTURES / f"{FIXTURE}.ipynb"), scenarios.kpis(fixture_run.output)
    assert set(values) == set(baseline) == {"kpi_fixture_total", "kpi_fixture_mode", "kpi_fixture_fixed"}
    assert (baseline["kpi_fixture_total"], values["kpi_fixture_total"]) == ("360", "600")  # 0.3 × 20 × 100
    assert values["kpi_fixture_mode"] == baseline["kpi_fixture_mode"] == "bas"
    assert values["kpi_fixture_fixed"] == baseline["kpi_fixture_fixed"] == "1\u202f234"


def test_a_scenario_run_is_bannered_and_writes_its_downloads_apart(fixture_run, monkeypatch):
    point_at_fixtures(monkeypatch, fixture_run.folder)
    notebook = nbformat.read(fixture_run.output, as_version=4)
    assert notebook.cells[1].get("id") == scenarios.BANNER_ID
    assert "| cohort | élèves | 12 | 20 |" in notebook.cells[1].source
    glued = {
        o.metadata["scrapbook"]["name"]: o.data
        for c in notebook.cells
        for o in c.get("outputs", [])
        if "scrapbook" in o.get("metadata", {})
    }
    assert str(scenarios.run_dir(fixture_run.scenario) / "downloads") in glued["fixture_downloads"][scenarios.RECORD]


def test_the_committed_notebooks_are_unchanged_after_a_scenario_run(fixture_run):
    assert FIXTURE + ".ipynb" in fixture_run.before  # hashed before the run
    assert tree_hash(FIXTURES) == fixture_run.before


def test_a_second_run_with_the_same_inputs_is_reused(fixture_run, monkeypatch):
    point_at_fixtures(monkeypatch, fixture_run.folder)
    written = fixture_run.output.read_bytes()
    assert scenarios.run(fixture_run.scenario, html=False).seconds[FIXTURE] is None
    assert fixture_run.output.read_bytes() == written


def test_a_changed_scenario_is_run_again_not_reused(fixture_book):
    path = write(fixture_book, "relance.yml", HAUT)
    assert scenarios.run(scenarios.load(path), html=False).seconds[FIXTURE] is not None
    write(fixture_book, "relance.yml", HAUT.replace("cohort: 20", "cohort: 10"))
    scenario = scenarios.load(path)
    assert scenarios.run(scenario, html=False).seconds[FIXTURE] is not None  # stale output not kept
    output = scenarios.run_dir(scenario) / "notebooks" / f"{FIXTURE}.ipynb"
    assert scenarios.kpis(output)["kpi_fixture_total"] == "300"


def test_the_comparison_rows_of_a_run(fixture_run, monkeypatch):
    point_at_fixtures(monkeypatch, fixture_run.folder)
    frame = scenarios.comparison_rows([fixture_run.scenario], scenarios.baseline_kpis())
    assert frame.columns.tolist() == scenarios.COLUMNS
    assert frame.set_index("key")["changed"].to_dict() == {
        "kpi_fixture_fixed": False,
        "kpi_fixture_mode": False,
        "kpi_fixture_total": True,
    }


# --- committed scenarios and comparison ----------------------------------------------------------


def test_there_is_a_cautious_and_an_optimistic_scenario():
    assert {p.name for p in scenarios.committed()} >= {"prudent.yml", "optimiste.yml"}


@pytest.mark.parametrize("path", scenarios.committed(), ids=lambda p: p.name)
def test_every_committed_scenario_validates(path):
    scenario = scenarios.load(path)
    assert scenario.changes()
    for change in scenario.changes():  # a scenario sets values that differ from the baseline
        assert change.value != change.baseline, f"{path.name} : {change.chapter}.{change.name}"


def test_comparison_covers_exactly_the_committed_scenarios_and_kpis():
    frame = scenarios.comparison()
    baseline = scenarios.baseline_kpis()
    expected = sorted(
        (s.stem, chapter, key)
        for s in map(scenarios.load, scenarios.committed())
        for chapter, keys in baseline.items()
        for key in keys
    )
    assert list(zip(frame["scenario"], frame["chapter"], frame["key"])) == expected  # sorted, complete
    for row in frame.itertuples():
        assert row.baseline == baseline[row.chapter][row.key], f"référence périmée : {row.chapter}.{row.key}"
        assert row.changed == (row.baseline != row.value)
    by_stem = {s.stem: s for s in map(scenarios.load, scenarios.committed())}
    untouched = frame[[c not in by_stem[s].values for s, c in zip(frame["scenario"], frame["chapter"])]]
    assert not untouched["changed"].any()
    assert frame["changed"].any()


def fake_run(scenario: scenarios.Scenario, total: str) -> None:
    """The executed notebook of a scenario, without executing it: the committed fixture with
    another glued total (all comparison_rows reads)."""
    notebook = nbformat.read(FIXTURES / f"{FIXTURE}.ipynb", as_version=4)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("scrapbook", {}).get("name") == "kpi_fixture_total":
                output["data"][scenarios.RECORD] = repr(total)
    target = scenarios.run_dir(scenario) / "notebooks" / f"{FIXTURE}.ipynb"
    target.parent.mkdir(parents=True)
    nbformat.write(notebook, target)


def test_comparison_file_is_written_deterministically(fixture_book):
    """Same runs → same bytes, whatever the order the scenarios are given in: rows sorted by
    scenario then chapter then key, LF endings, values as glued, no index column."""
    low = scenarios.load(write(fixture_book, "b-bas.yml", "title: B\nrationale: R.\n91_fixture:\n  cohort: 4\n"))
    high = scenarios.load(write(fixture_book, "a-haut.yml", HAUT))
    fake_run(low, "120")
    fake_run(high, "600")
    baseline = scenarios.baseline_kpis()
    one, other = fixture_book / "un.csv", fixture_book / "autre.csv"
    scenarios.write_comparison(scenarios.comparison_rows([low, high], baseline), one)
    scenarios.write_comparison(scenarios.comparison_rows([high, low], baseline), other)
    assert one.read_bytes() == other.read_bytes()
    assert one.read_bytes().decode("utf-8") == (  # bytes: read_text would hide \r\n
        "scenario,chapter,key,baseline,value,changed\n"
        "a-haut,91_fixture,kpi_fixture_fixed,1\u202f234,1\u202f234,False\n"
        "a-haut,91_fixture,kpi_fixture_mode,bas,bas,False\n"
        "a-haut,91_fixture,kpi_fixture_total,360,600,True\n"
        "b-bas,91_fixture,kpi_fixture_fixed,1\u202f234,1\u202f234,False\n"
        "b-bas,91_fixture,kpi_fixture_mode,bas,bas,False\n"
        "b-bas,91_fixture,kpi_fixture_total,360,120,True\n"
    )
    assert scenarios.comparison(one).equals(scenarios.comparison_rows([low, high], baseline))  # read back as written
