"""Scenarios: validation of the files by the chapters' parameter models before anything runs,
the comparison computed by calling the models, the JSON Schema, and the variant book run with
papermill into scenario_runs/ (never over the committed notebooks)."""

import hashlib
import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import nbformat
import pytest
import yaml

from territoires import chapitres, paths, resultats, scenarios
from territoires.scenarios import ScenarioError, bandeau, comparaison, fichiers, variante

# Scenario runs execute these fixture notebooks, never the book's own: each real notebook is
# executed only by the build and by nbval.
FIXTURES = Path(__file__).parent / "fixtures"
NOTEBOOKS = FIXTURES / "notebooks"
FIXTURE = "91_fixture"
# In the fixture model, total = taux × cohorte (360 by default); fixe ignores the parameters.
HAUT = "title: Haut\nrationale: Une promotion plus grande.\n91_fixture:\n  cohorte: 20\n"


def point_at_fixtures(monkeypatch, folder: Path) -> Path:
    """The scenario machinery pointed at the fixture chapter and its model; runs, scenario files
    and the comparison file in a temporary folder (nothing of the repository is written)."""
    monkeypatch.syspath_prepend(str(FIXTURES.parent))
    monkeypatch.setenv("TERRITOIRES_FIXTURES", str(FIXTURES))
    monkeypatch.setattr(paths, "NOTEBOOKS", NOTEBOOKS)
    monkeypatch.setattr(chapitres, "CHAPITRES", {FIXTURE: "fixtures.modele_fixture"})
    monkeypatch.setattr(chapitres, "TITRES", {FIXTURE: "Chapitre fictif"})
    monkeypatch.setattr(variante, "RUNS", folder / "runs")
    monkeypatch.setattr(variante, "READS_RECORDS", ("93_relais",))
    monkeypatch.setattr(fichiers, "SCENARIOS", folder)
    monkeypatch.setattr(fichiers, "SCHEMA", folder / "scenario.schema.json")
    monkeypatch.setattr(comparaison, "COMPARISON", folder / "comparison.csv")
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


def test_the_spec_is_the_chapters_parameter_models(fixture_book):
    spec = scenarios.chapters()
    assert list(spec) == [FIXTURE]
    assert list(spec[FIXTURE].model_fields) == ["taux", "cohorte", "mode"]


def test_a_valid_scenario(fixture_book):
    path = write(fixture_book, "haut.yml", HAUT + "  mode: haut\n  taux: 45\n")
    scenario = scenarios.load(path)
    assert (scenario.stem, scenario.title, scenario.chapters) == ("haut", "Haut", [FIXTURE])
    changes = [(c.name, c.baseline, c.value) for c in scenario.changes()]
    assert changes == [("cohorte", 12, 20), ("mode", "bas", "haut"), ("taux", 30.0, 45.0)]
    assert isinstance(scenario.values[FIXTURE]["taux"], float)  # typed as the model declares
    assert scenario.parametres(FIXTURE).cohorte == 20


@pytest.mark.parametrize("text", ["- title: X\n", "juste un texte\n", ""])
def test_not_a_mapping(fixture_book, text):
    path = write(fixture_book, "x.yml", text)
    rejected(path, "x.yml", "table « clé: valeur »")


BAD_FILES = {
    "unknown chapter": (
        "title: X\nrationale: R.\n99_inconnu:\n  taux: 50\n",
        ["clé inconnue « 99_inconnu »", "91_fixture"],
    ),
    "chapter without parameters": (
        "title: X\nrationale: R.\n92_sans_parametres:\n  x: 2\n",
        ["chapitre 92_sans_parametres", "n'a pas de paramètres"],
    ),
    "unknown parameter": (
        "title: X\nrationale: R.\n91_fixture:\n  rate: 0.5\n",
        ["chapitre 91_fixture", "paramètre « rate » inconnu", "taux, cohorte, mode"],
    ),
    "wrong type": (
        "title: X\nrationale: R.\n91_fixture:\n  taux: '50'\n",
        ["chapitre 91_fixture", "« taux »", "nombre fini attendu"],
    ),
    "boolean for a number": (
        "title: X\nrationale: R.\n91_fixture:\n  cohorte: true\n",
        ["chapitre 91_fixture", "« cohorte »", "entier attendu"],
    ),
    "float for an integer parameter": (
        "title: X\nrationale: R.\n91_fixture:\n  cohorte: 12.5\n",
        ["chapitre 91_fixture", "« cohorte »", "entier attendu"],
    ),
    "out of range": (
        "title: X\nrationale: R.\n91_fixture:\n  taux: 150\n",
        ["chapitre 91_fixture", "« taux » = 150 hors de la plage autorisée 0 à 100 %"],
    ),
    "not a number": (
        "title: X\nrationale: R.\n91_fixture:\n  taux: .nan\n",
        ["chapitre 91_fixture", "« taux »", "nombre fini attendu"],
    ),
    "choice not in the list": (
        "title: X\nrationale: R.\n91_fixture:\n  mode: moyen\n",
        ["chapitre 91_fixture", "« mode »", "valeurs possibles « bas », « haut »"],
    ),
    "chapter block not a mapping": (
        "title: X\nrationale: R.\n91_fixture: 0.5\n",
        ["chapitre 91_fixture", "table non vide « paramètre: valeur » attendue"],
    ),
    "missing title": ("rationale: R.\n91_fixture:\n  taux: 50\n", ["clé « title » manquante"]),
    "missing rationale": ("title: X\n91_fixture:\n  taux: 50\n", ["clé « rationale » manquante"]),
    "multiline rationale": (
        "title: X\nrationale: |\n  ligne un\n  ligne deux\n91_fixture:\n  taux: 50\n",
        ["« rationale » doit tenir sur une ligne"],
    ),
    "title of the wrong type": (
        "title: 12\nrationale: R.\n91_fixture:\n  taux: 50\n",
        ["« title » doit être un texte non vide"],
    ),
    "unknown top-level key": (
        "title: X\nrationale: R.\nauteur: moi\n91_fixture:\n  taux: 50\n",
        ["clé inconnue « auteur »"],
    ),
    "no parameter at all": ("title: X\nrationale: R.\n", ["aucun paramètre modifié"]),
    "unreadable YAML": ("title: X\nrationale: [R.\n", ["YAML illisible"]),
}


def refused_everywhere(folder: Path, path: Path, *fragments: str) -> str:
    """Refused by `load`, and by the `run` and `compare` commands (exit 2), with a short
    message naming the file and the problem; nothing written: no run folder, no comparison."""
    from territoires.scenarios.__main__ import main

    message = rejected(path, paths.relative(path), *fragments)
    output = folder / "sortie.csv"
    assert main(["run", "--no-html", str(path)]) == 2
    assert main(["compare", "--sortie", str(output), str(path)]) == 2
    assert not variante.RUNS.exists(), "dossier scenario_runs/ écrit pour un fichier refusé"
    assert not output.exists() and not comparaison.COMPARISON.exists()
    lines = message.splitlines()
    assert len(lines) <= fichiers.MAX_PROBLEMS + 1 and max(map(len, lines)) <= fichiers.MAX_LINE, "message trop long"
    return message


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_scenario_file_is_rejected_with_its_reason(fixture_book, case):
    text, fragments = BAD_FILES[case]
    path = write(fixture_book, "x.yml", text)
    refused_everywhere(fixture_book, path, "x.yml", *fragments)


# --- hostile files: the YAML itself, the bytes, the name ------------------------------------

VALID = "title: X\nrationale: R.\n91_fixture:\n  taux: 50\n"


def _laughs() -> str:
    """The "billion laughs": nine levels of nine aliases, 9⁹ strings once expanded."""
    lines = ['a: &a ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for previous, level in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "title: X\nrationale: R.\n" + "\n".join(lines) + "\n91_fixture:\n  taux: 50\n"


NO_PARAMETER = "title: X\nrationale: R.\n"
BAD_INPUTS = {  # case → (file name, content, fragments of the message)
    "key written twice": (
        "x.yml",
        "title: X\nrationale: R.\ntitle: Y\n91_fixture:\n  taux: 50\n",
        ["ligne 3 : clé « title » écrite deux fois (déjà ligne 1)"],
    ),
    "chapter block written twice": (
        "x.yml",
        VALID + "91_fixture:\n  cohorte: 20\n",
        ["ligne 5 : clé « 91_fixture » écrite deux fois (déjà ligne 3)"],
    ),
    "parameter written twice": ("x.yml", VALID + "  taux: 60\n", ["ligne 5 : clé « taux » écrite deux fois"]),
    "same key bare and quoted": ("x.yml", VALID + '  "taux": 60\n', ["ligne 5 : clé « taux » écrite deux fois"]),
    "billion laughs": ("x.yml", _laughs(), ["ligne 3 : ancre YAML « &a » refusée"]),
    "alias": ("x.yml", "title: X\nrationale: *r\n", ["ligne 2 : alias YAML « *r » refusé"]),
    "merge key": (
        "x.yml",
        "base: &b {taux: 50}\ntitle: X\nrationale: R.\n91_fixture:\n  <<: *b\n",
        ["ligne 1 : ancre YAML « &b » refusée"],
    ),
    "python tag": (
        "x.yml",
        "title: !!python/object/apply:os.system ['echo injecté']\nrationale: R.\n",
        ["ligne 1 : étiquette YAML « tag:yaml.org,2002:python/object/apply:os.system » refusée"],
    ),
    "oversized file": (
        "x.yml",
        VALID + "# " + "x" * 70_000 + "\n",
        ["fichier de 70\u202f049 octets, au plus 65\u202f536"],
    ),
    "nesting deep enough to exhaust the stack": (
        "x.yml",
        VALID + "  mode: " + "[" * 20_000 + "]" * 20_000 + "\n",
        ["ligne 5 : imbrication trop profonde (plus de 4 niveaux)"],
    ),
    "overlong value": (
        "x.yml",
        NO_PARAMETER + "auteur: " + "x" * 1500 + "\n",
        ["ligne 3 : valeur de 1\u202f500 caractères"],
    ),
    "huge number": ("x.yml", VALID + "  cohorte: " + "9" * 900 + "\n", ["« cohorte » = 999", "…"]),
    "impossible date": ("x.yml", VALID.replace("50", "2024-13-45"), ["ligne 4 : valeur « 2024-13-45 » illisible"]),
    "latin-1 file": (
        "x.yml",
        VALID.replace("R.", "Réel.").encode("latin-1"),
        ["ligne 2 : encodage non UTF-8 (octet 0xE9)"],
    ),
    "BOM inside the file": (
        "x.yml",
        VALID.replace("rationale", "\ufeffrationale"),
        ["ligne 2 : caractère invisible", "U+FEFF"],
    ),
    "control character": (
        "x.yml",
        VALID.replace("X", "X\x07"),
        ["ligne 1 : caractère invisible ou de contrôle U+0007"],
    ),
    "NUL written as an escape in the title": (
        "x.yml",
        VALID.replace("X", '"X\\0"'),
        ["« title » : caractère invisible ou de contrôle U+0000"],
    ),
    "bidirectional override in the rationale": (
        "x.yml",
        VALID.replace("R.", '"\\u202eR."'),
        ["« rationale » : caractère invisible ou de contrôle U+202E"],
    ),
    "title too long": (
        "x.yml",
        VALID.replace("X", "Très long " * 12),
        ["« title » trop long (119 caractères, au plus 80)"],
    ),
    "two documents": ("x.yml", VALID + "---\n" + VALID, ["ligne 5 : plusieurs documents YAML"]),
    "composite key": ("x.yml", "? [a, b]\n: 1\n" + VALID, ["ligne 1 : clé composée"]),
    "huge unknown key": ("x.yml", VALID + "k" * 900 + ": 1\n", ["clé inconnue « kkkkk", "k… »"]),
    "too many problems": (
        "x.yml",
        NO_PARAMETER + "".join(f"inconnue_{i:02d}: 1\n" for i in range(30)),
        ["clé inconnue « inconnue_19 »", "… et 10 autres problèmes"],
    ),
    "yes as a key stays a name": ("x.yml", VALID + "yes: 1\n", ["clé inconnue « yes »"]),
    "yaml extension": ("x.yaml", VALID, ["extension .yml"]),
    "markup in the file name": ("x<script>.yml", VALID, ["nom attendu en minuscules"]),
    "file name too long": ("a" * 70 + ".yml", VALID, ["nom attendu en minuscules, chiffres, - ou _ (64 au plus)"]),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_a_hostile_file_is_refused_before_anything_is_written(fixture_book, case):
    name, content, fragments = BAD_INPUTS[case]
    path = fixture_book / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    message = refused_everywhere(fixture_book, path, *fragments)
    assert message.startswith(name), message


def test_a_byte_order_mark_at_the_start_is_accepted(fixture_book):
    """Some editors write one: invisible, harmless at the start."""
    path = fixture_book / "bom.yml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    assert scenarios.load(path).values == {FIXTURE: {"taux": 50.0}}


def test_a_folder_named_like_a_scenario_is_not_read(fixture_book):
    (fixture_book / "x.yml").mkdir()
    rejected(fixture_book / "x.yml", "x.yml : fichier de scénario introuvable")


# --- markup in a scenario's texts comes out as text --------------------------------------------

MARKUP_TITLE = '<script>alert(1)</script> *gras* {ref}`intro` & "x" l\'usine'
MARKUP_RATIONALE = ":::{note} $x$ | <b>gras</b> [lien](javascript:alert(1)) {{ subst }}"


def myst_tokens(text: str):
    """Block tokens of MyST Markdown as the book parses it (its extensions), nested ones
    (directive bodies) included."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    extensions = {"colon_fence", "deflist", "dollarmath", "html_image", "substitution", "attrs_inline"}
    parser = create_md_parser(MdParserConfig(enable_extensions=extensions), RendererHTML)
    tokens = parser.parse(text)
    for token in list(tokens):
        if token.type == "colon_fence":
            tokens += myst_tokens(token.content)
    return tokens


def test_markup_in_a_title_or_rationale_is_text_in_the_banner(fixture_book):
    quoted = yaml.safe_dump({"title": MARKUP_TITLE, "rationale": MARKUP_RATIONALE, FIXTURE: {"taux": 45}})
    scenario = scenarios.load(write(fixture_book, "balises.yml", quoted))
    assert (scenario.title, scenario.rationale) == (MARKUP_TITLE, MARKUP_RATIONALE)
    tokens = myst_tokens(scenarios.banner(scenario, FIXTURE))
    fences = [t for t in tokens if t.type == "colon_fence"]
    assert [f.info.split(" ", 1)[0] for f in fences] == ["{admonition}"]  # the banner's only
    inline = [c for t in tokens if t.type == "inline" for c in t.children]
    assert not [c for c in inline if c.type.startswith("html") or c.type in ("link_open", "math_inline")]
    assert [c.meta.get("name") for c in inline if c.type == "myst_role"] == ["ref"]  # the banner's own
    text = "".join(c.content for c in inline if c.type == "text")
    assert MARKUP_RATIONALE in text
    title_line = myst_tokens(fences[0].info.split(" ", 1)[1])[1].children
    assert [c.type for c in title_line] == ["text"]
    assert title_line[0].content == f"Scénario « {MARKUP_TITLE} »"


def test_markup_in_a_title_never_reaches_the_variant_site_title(fixture_book):
    quoted = yaml.safe_dump({"title": MARKUP_TITLE, "rationale": "R.", FIXTURE: {"taux": 45}})
    folder = scenarios.assemble(scenarios.load(write(fixture_book, "balises.yml", quoted)))
    title = yaml.safe_load((folder / "_config.yml").read_text(encoding="utf-8"))["title"]
    assert not set("<>&\"'") & set(title)
    assert title.endswith("scénario « ‹script›alert(1)‹/script› *gras* {ref}`intro` ＆ ”x” l’usine »")


# --- one file, one run folder ------------------------------------------------------------------


def test_two_files_with_one_name_are_refused_together(fixture_book, capsys):
    from territoires.scenarios.__main__ import main

    (fixture_book / "a").mkdir()
    (fixture_book / "b").mkdir()
    first, second = write(fixture_book / "a", "x.yml", HAUT), write(fixture_book / "b", "x.yml", HAUT)
    with pytest.raises(ScenarioError, match=r"deux fichiers x.yml de deux dossiers : même nom x, donc même dossier"):
        scenarios.load_all([first, second])
    assert [s.path for s in scenarios.load_all([first, first.parent / ".." / "a" / "x.yml"])] == [first]  # one file
    assert main(["compare", "--sortie", str(fixture_book / "c.csv"), str(first), str(second)]) == 2
    assert "même dossier scenario_runs/x/" in capsys.readouterr().err
    assert not (fixture_book / "c.csv").exists()


def test_a_run_folder_belongs_to_the_file_that_made_it(fixture_book, capsys):
    """A file of the same name from another folder never runs into (or over) it."""
    from territoires.scenarios.__main__ import main

    (fixture_book / "a").mkdir()
    (fixture_book / "b").mkdir()
    first = scenarios.load(write(fixture_book / "a", "x.yml", HAUT))
    folder = scenarios.claim(first)
    (folder / "notebooks").mkdir()
    (folder / "notebooks" / "91_fixture.ipynb").write_text("résultat du premier", encoding="utf-8")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    second = scenarios.load(write(fixture_book / "b", "x.yml", HAUT.replace("20", "30")))
    with pytest.raises(ScenarioError, match=r"x.yml : le dossier scenario_runs/x/ est celui d'un autre fichier"):
        scenarios.run(second, html=False)
    with pytest.raises(ScenarioError, match="autre fichier de même nom"):
        scenarios.assemble(second)
    assert main(["run", "--no-html", str(second.path)]) == 2
    assert "renommer ce scénario, ou supprimer ce dossier" in capsys.readouterr().err
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    assert (folder / "notebooks" / "91_fixture.ipynb").read_text(encoding="utf-8") == "résultat du premier"
    assert scenarios.claim(first) == folder  # its own file still runs there


def test_a_run_folder_from_before_ownership_is_taken_by_its_file(fixture_book):
    scenario = scenarios.load(write(fixture_book, "x.yml", HAUT))
    (variante.RUNS / "x").mkdir(parents=True)
    assert scenarios.claim(scenario) == variante.RUNS / "x"
    assert json.loads((variante.RUNS / "x" / variante.OWNER).read_text(encoding="utf-8"))["fichier"].endswith("x.yml")


def test_bad_file_name(fixture_book):
    path = write(fixture_book, "Mon Scénario.yml", "title: X\nrationale: R.\n91_fixture:\n  taux: 50\n")
    rejected(path, "Mon Scénario.yml", "nom attendu")


def test_every_problem_is_reported_at_once(fixture_book):
    path = write(fixture_book, "x.yml", "title: X\n91_fixture:\n  taux: 200\n  cohorte: '3'\n  rate: 1\n")
    message = rejected(path, "clé « rationale » manquante", "« taux » = 200", "« cohorte »", "« rate » inconnu")
    assert all(line.startswith("x.yml : ") for line in message.splitlines())


def test_the_command_line_exits_2_naming_the_file_and_its_problem(tmp_path):
    """`python -m territoires.scenarios` against the book's real chapter models."""
    path = write(tmp_path, "mauvais.yml", "title: X\nrationale: R.\n99_inconnu:\n  a: 1\n")
    result = subprocess.run(
        [sys.executable, "-m", "territoires.scenarios", "run", str(path)], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.startswith("Erreur de scénario :\nmauvais.yml : clé inconnue « 99_inconnu »")
    assert "(clés admises : title, rationale, population, 01_attractivite" in result.stderr


def test_a_bad_file_stops_the_command_before_anything_runs(fixture_book, capsys):
    """A valid scenario listed before an invalid one is not run: every file is validated first."""
    from territoires.scenarios.__main__ import main

    good = write(fixture_book, "a-bon.yml", HAUT)
    bad = write(fixture_book, "b-mauvais.yml", "title: X\nrationale: R.\n91_fixture:\n  taux: 200\n")
    assert main(["run", str(bad)]) == 2
    assert main(["compare", "--sortie", str(fixture_book / "c.csv"), str(good), str(bad)]) == 2
    assert "b-mauvais.yml : chapitre 91_fixture : paramètre « taux » = 200 hors de la plage" in capsys.readouterr().err
    assert not variante.RUNS.exists()
    assert not (fixture_book / "c.csv").exists()


# --- the JSON Schema, generated from the same models -------------------------------------------


def test_the_committed_schema_is_the_one_the_models_give():
    assert fichiers.SCHEMA.read_bytes() == fichiers.schema_bytes(), "schéma périmé : lancer make book"


@pytest.mark.parametrize("path", scenarios.committed(), ids=lambda p: p.name)
def test_the_schema_accepts_every_committed_scenario(path):
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), json.loads(fichiers.SCHEMA.read_text()))


@pytest.mark.parametrize(
    "block", [{"taux_inconnu": 1}, {"taux": 150}, {"taux": "50"}, {}], ids=["unknown", "range", "type", "empty"]
)
def test_the_schema_refuses_what_the_models_refuse(fixture_book, block):
    document = {"title": "X", "rationale": "R.", FIXTURE: {"taux": 50, **block} if block else {}}
    if block == {"taux_inconnu": 1}:
        document[FIXTURE] = block
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, scenarios.schema_document())
    with pytest.raises(ScenarioError):
        scenarios.load(write(fixture_book, "x.yml", yaml.safe_dump(document)))


# --- comparison by the models ----------------------------------------------------------------


def test_the_comparison_rows_come_from_the_models(fixture_book):
    scenario = scenarios.load(write(fixture_book, "haut.yml", HAUT))
    frame = scenarios.comparison_rows([scenario])
    assert frame.columns.tolist() == scenarios.COLUMNS
    rows = frame.set_index("key")
    assert (rows.loc["total", "baseline"], rows.loc["total", "value"]) == (360.0, 600.0)  # 30 % × 20
    assert rows["changed"].to_dict() == {"fixe": False, "total": True}
    assert rows["model"].to_dict() == {"fixe": False, "total": True}


def test_comparison_file_is_written_deterministically_and_read_back(fixture_book):
    """Same inputs → same bytes, whatever the order of the scenarios; numbers unrounded."""
    low = scenarios.load(write(fixture_book, "b-bas.yml", "title: B\nrationale: R.\n91_fixture:\n  cohorte: 4\n"))
    high = scenarios.load(write(fixture_book, "a-haut.yml", HAUT.replace("cohorte: 20", "taux: 33.3")))
    one, other = fixture_book / "un.csv", fixture_book / "autre.csv"
    scenarios.write_comparison(scenarios.comparison_rows([low, high]), one)
    scenarios.write_comparison(scenarios.comparison_rows([high, low]), other)
    assert one.read_bytes() == other.read_bytes()
    text = one.read_bytes().decode("utf-8")
    assert text.splitlines()[0] == ",".join(scenarios.COLUMNS)
    assert "a-haut,91_fixture,total,Résultat fictif total,élèves,0,True,360.0,399.59999999999997,True" in text
    assert scenarios.comparison(one).equals(scenarios.comparison_rows([low, high]))


def test_a_hand_edited_comparison_is_refused_naming_line_and_field(tmp_path):
    bad = tmp_path / "c.csv"
    bad.write_text(",".join(scenarios.COLUMNS) + "\ns,91_fixture,total,L,u,0,True,deux cents,1.0,True\n")
    with pytest.raises(ScenarioError, match="c.csv, ligne 2, champ baseline : nombre attendu"):
        scenarios.comparison(bad)


def test_the_committed_comparison_is_up_to_date():
    """What `make book` wrote is what the models give today (fast: no notebook runs)."""
    committed = scenarios.comparison()
    fresh = scenarios.comparison_rows(scenarios.load_all(scenarios.committed()))
    assert committed.equals(fresh), "scenarios/comparison.csv périmé : lancer make book"


def test_the_comparison_baselines_are_the_committed_records():
    frame = scenarios.comparison()
    for row in frame.itertuples():
        assert row.baseline == resultats.lire(row.chapter)[row.key].value, f"{row.chapter}.{row.key}"
    assert frame["changed"].any()
    by_stem = {s.stem: s for s in map(scenarios.load, scenarios.committed())}
    untouched = frame[[c not in by_stem[s].values for s, c in zip(frame["scenario"], frame["chapter"])]]
    assert not untouched["changed"].any()
    assert not frame[~frame["model"]]["changed"].any()  # a figure taken from the sources never moves


def test_there_is_a_cautious_and_an_optimistic_scenario():
    assert {p.name for p in scenarios.committed()} >= {"prudent.yml", "optimiste.yml"}


@pytest.mark.parametrize("path", scenarios.committed(), ids=lambda p: p.name)
def test_every_committed_scenario_validates_and_changes_something(path):
    scenario = scenarios.load(path)
    assert scenario.changes()
    for change in scenario.changes():
        assert change.value != change.baseline, f"{path.name} : {change.chapter}.{change.name}"


# --- banner and variant book -------------------------------------------------------------------


def test_banner_goes_just_after_the_title_cell_and_names_every_parameter(fixture_book):
    path = write(fixture_book, "haut.yml", HAUT + "  taux: 45.5\n")
    scenario = scenarios.load(path)
    notebook = nbformat.read(NOTEBOOKS / f"{FIXTURE}.ipynb", as_version=4)
    scenarios.insert_banner(notebook, scenarios.banner(scenario, FIXTURE))
    scenarios.insert_banner(notebook, scenarios.banner(scenario, FIXTURE))  # replaces, never doubles
    assert [c.get("id") for c in notebook.cells].count(bandeau.BANNER_ID) == 1
    assert notebook.cells[0].source == "(fixture)=\n# Chapitre fictif"  # the title alone, then the banner
    assert notebook.cells[2].source.startswith("Introduction")
    text = notebook.cells[1].source
    assert text.startswith(":::{admonition} Scénario « Haut »")
    assert "**Justification** : Une promotion plus grande\\." in text
    assert "| cohorte | élèves | 12 | 20 |" in text
    assert "| taux | \\% | 30 | 45\\,5 |" in text  # escaped: rendered as typed


def test_the_variant_book_runs_nothing_and_keeps_the_unaffected_notebooks(fixture_book):
    scenario = scenarios.load(write(fixture_book, "haut.yml", HAUT))
    folder = scenarios.assemble(scenario)
    config = (folder / "_config.yml").read_text(encoding="utf-8")
    assert "execute_notebooks: 'off'" in config
    assert (folder / "_toc.yml").read_bytes() == (paths.ROOT / "_toc.yml").read_bytes()
    copied = folder / "notebooks" / "92_sans_parametres.ipynb"
    assert copied.read_bytes() == (NOTEBOOKS / "92_sans_parametres.ipynb").read_bytes()


def test_a_page_reading_records_of_a_recomputed_chapter_says_it_keeps_the_baseline(fixture_book):
    folder = scenarios.assemble(scenarios.load(write(fixture_book, "haut.yml", HAUT)))
    relay = nbformat.read(folder / "notebooks" / "93_relais.ipynb", as_version=4)
    assert relay.cells[1].get("id") == bandeau.BANNER_ID
    assert "91\\_fixture" in relay.cells[1].source
    assert "gardent leur valeur de référence" in relay.cells[1].source


@dataclass(frozen=True)
class Run:
    folder: Path
    scenario: scenarios.Scenario
    report: scenarios.Report
    output: Path  # the executed fixture notebook
    before: dict[str, str]  # hashes of the fixture notebooks before the run


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory) -> Run:
    """One scenario run (papermill) on the fixture notebook, shared by the tests below."""
    folder = tmp_path_factory.mktemp("run")
    with pytest.MonkeyPatch.context() as monkeypatch:
        point_at_fixtures(monkeypatch, folder)
        before = tree_hash(NOTEBOOKS)
        scenario = scenarios.load(write(folder, "haut.yml", HAUT))
        report = scenarios.run(scenario, html=False)
        output = scenarios.run_dir(scenario) / "notebooks" / f"{FIXTURE}.ipynb"
    return Run(folder, scenario, report, output, before)


def glued(notebook: Path) -> dict[str, str]:
    cells = nbformat.read(notebook, as_version=4).cells
    return {
        o.metadata["scrapbook"]["name"]: o.data["application/papermill.record/text/plain"]
        for c in cells
        for o in c.get("outputs", [])
        if "scrapbook" in o.get("metadata", {})
    }


def test_a_scenario_run_recomputes_the_prose_and_writes_its_records_apart(fixture_run, monkeypatch):
    point_at_fixtures(monkeypatch, fixture_run.folder)
    assert fixture_run.report.seconds[FIXTURE] is not None  # executed, not taken from a previous run
    values = glued(fixture_run.output)
    assert values["fixture_total"] == repr("600\u00a0élèves")  # 30 % × 20
    assert str(scenarios.run_dir(fixture_run.scenario) / "downloads") in values["fixture_downloads"]
    written = resultats.lire(FIXTURE, scenarios.run_dir(fixture_run.scenario) / "resultats")
    assert written.valeur("total") == 600.0
    assert written.parametres["cohorte"] == 20
    assert not (paths.RESULTS / f"{FIXTURE}.json").exists()


def test_a_scenario_run_is_bannered(fixture_run):
    notebook = nbformat.read(fixture_run.output, as_version=4)
    assert notebook.cells[1].get("id") == bandeau.BANNER_ID
    assert "| cohorte | élèves | 12 | 20 |" in notebook.cells[1].source


def test_the_committed_notebooks_are_unchanged_after_a_scenario_run(fixture_run):
    assert FIXTURE + ".ipynb" in fixture_run.before
    assert tree_hash(NOTEBOOKS) == fixture_run.before


def test_a_second_run_with_the_same_inputs_is_reused(fixture_run, monkeypatch):
    point_at_fixtures(monkeypatch, fixture_run.folder)
    written = fixture_run.output.read_bytes()
    assert scenarios.run(fixture_run.scenario, html=False).seconds[FIXTURE] is None
    assert fixture_run.output.read_bytes() == written


def test_a_mistyped_papermill_parameter_stops_the_notebook(fixture_book):
    """The third route: `papermill -p` with a name the model does not know."""
    import papermill

    with pytest.raises(papermill.PapermillExecutionError, match="paramètre « cohort » inconnu") as info:
        papermill.execute_notebook(
            str(NOTEBOOKS / f"{FIXTURE}.ipynb"),
            str(fixture_book / "out.ipynb"),
            parameters={"cohort": 20},
            kernel_name="python3",
            progress_bar=False,
        )
    shown = "\n".join(info.value.traceback)  # what the reader sees in the notebook
    assert shown.startswith("Paramètre refusé :") and "File " not in shown and "Traceback" not in shown
