"""Named scenarios: rerun the chapters with other assumptions, render them, compare them.

A scenario is a YAML file in `scenarios/`::

    title: Prudent
    rationale: Une ligne qui dit pourquoi ces valeurs.
    02_transition:            # a chapter: the stem of a notebook with a `parameters` cell
      success_rate: 0.2       # any subset of that chapter's parameters

The parameters cells of the committed notebooks (read by `territoires.params`) are the only
specification: names, kinds, ranges. Every problem of a file (unknown key, chapter or
parameter, wrong type, value out of range) is reported at once, naming the file, the
chapter and the parameter, before any notebook runs.

Command line (used by `make scenario` and `make scenarios`)::

    python -m territoires.scenarios check FILE...     # validate only
    python -m territoires.scenarios run FILE          # execute the chapters, build the HTML
    python -m territoires.scenarios compare FILE...   # run each, write scenarios/comparison.csv

`run` executes the affected notebooks with papermill into `scenario_runs/<stem>/notebooks/`
(the committed notebooks are only read), with figure downloads redirected to
`scenario_runs/<stem>/downloads/`, inserts a banner after the title of each one, then builds
a variant of the book in `scenario_runs/<stem>/` (execution off: the unaffected notebooks as
committed, the affected ones as just executed) into `scenario_runs/<stem>/_build/html/`.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from . import params, paths, publish
from .params import ParameterError
from .params import _show as show_value

SCENARIOS = paths.ROOT / "scenarios"
RUNS = paths.ROOT / "scenario_runs"
COMPARISON = SCENARIOS / "comparison.csv"
PAGE = "06_scenarios"  # the comparison page: reads the CSV, never rerun under a scenario
RESERVED = ("title", "rationale")
COLUMNS = ["scenario", "chapter", "key", "baseline", "value", "changed"]
KPI_PREFIX = "kpi_"
RECORD = "application/papermill.record/text/plain"
STEM = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
BANNER_ID = "scenario-banner"
# What the variant book needs besides the notebooks (the build reads them from its source dir).
BOOK_FILES = ("_toc.yml", "book", "_templates")
DOWNLOAD_ROLE = re.compile(r"\{download\}`[^`<]*<([^>`]+)>`")
CROSS_GLUE = re.compile(r"\{glue(?::[a-z]+)?\}`\s*([^`:]+?)::")


class ScenarioError(ValueError):
    """A scenario file is invalid or a scenario run failed; the message says where."""


# --- the specification: which chapters take which parameters --------------------------------


def chapters() -> dict[str, dict[str, params.Parameter]]:
    """Stem → parameters, for every committed notebook that has a `parameters` cell."""
    result = {}
    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        if path.stem != PAGE and _has_parameters_cell(path):
            result[path.stem] = params.spec(path.stem)
    return result


def _has_parameters_cell(path: Path) -> bool:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return any("parameters" in c.get("metadata", {}).get("tags", []) for c in cells)


# --- scenario files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    chapter: str
    parameter: params.Parameter
    value: object

    @property
    def name(self) -> str:
        return self.parameter.name

    @property
    def baseline(self) -> object:
        return self.parameter.default


@dataclass(frozen=True)
class Scenario:
    path: Path
    title: str
    rationale: str
    values: dict[str, dict[str, object]] = field(default_factory=dict)  # chapter → name → value

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def chapters(self) -> list[str]:
        return sorted(self.values)

    def changes(self, spec: dict | None = None) -> list[Change]:
        spec = spec or chapters()
        return [
            Change(chapter, spec[chapter][name], value)
            for chapter in self.chapters
            for name, value in self.values[chapter].items()
        ]


def committed() -> list[Path]:
    """The scenario files of the repository, in name order."""
    return sorted(SCENARIOS.glob("*.yml"))


def load(path, spec: dict | None = None) -> Scenario:
    """Read and validate a scenario file; raise ScenarioError listing every problem."""
    path = Path(path)
    name = paths.relative(path)
    if not path.is_file():
        raise ScenarioError(f"{name} : fichier de scénario introuvable")
    if path.suffix not in (".yml", ".yaml") or not STEM.match(path.stem):
        raise ScenarioError(
            f"{name} : nom attendu en minuscules, chiffres, - ou _, extension .yml "
            f"(il nomme le dossier scenario_runs/<nom>/)"
        )
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" ligne {mark.line + 1}" if mark else ""
        raise ScenarioError(f"{name} :{where} YAML illisible ({getattr(error, 'problem', error)})") from None
    if not isinstance(document, dict):
        raise ScenarioError(
            f"{name} : le scénario doit être une table « clé: valeur » (title, rationale, "
            f"puis un bloc par chapitre), reçu {type(document).__name__}"
        )
    spec = chapters() if spec is None else spec
    errors = []
    texts = {}
    for key in RESERVED:
        value = document.get(key)
        if key not in document:
            errors.append(f"{name} : clé « {key} » manquante ({_RESERVED_MEANING[key]})")
        elif not isinstance(value, str) or not value.strip():
            errors.append(f"{name} : « {key} » doit être un texte non vide, reçu {value!r}")
        elif "\n" in value.strip():
            errors.append(f"{name} : « {key} » doit tenir sur une ligne")
        else:
            texts[key] = " ".join(value.split())
    values: dict[str, dict[str, object]] = {}
    for chapter, block in document.items():
        if chapter in RESERVED:
            continue
        if chapter not in spec:
            errors.append(_unknown_chapter(name, chapter, spec))
            continue
        where = f"{name} : chapitre {chapter}"
        if not isinstance(block, dict) or not block:
            errors.append(f"{where} : table non vide « paramètre: valeur » attendue, reçu {block!r}")
            continue
        values[chapter] = {}
        for parameter, value in block.items():
            if parameter not in spec[chapter]:
                known = ", ".join(spec[chapter]) or "aucun"
                errors.append(f"{where} : paramètre « {parameter} » inconnu (paramètres du chapitre : {known})")
                continue
            try:
                values[chapter][parameter] = spec[chapter][parameter].check(value, where)
            except ParameterError as error:
                errors.append(str(error))
    if not errors and not values:
        errors.append(
            f"{name} : aucun paramètre modifié (ajouter un bloc par chapitre, par exemple "
            f"« {next(iter(spec), '02_transition')}: » suivi de « nom: valeur »)"
        )
    if errors:
        raise ScenarioError("\n".join(errors))
    return Scenario(path, texts["title"], texts["rationale"], values)


_RESERVED_MEANING = {"title": "titre du scénario", "rationale": "justification en une ligne"}


def _unknown_chapter(name: str, key, spec: dict) -> str:
    allowed = ", ".join([*RESERVED, *spec])
    if isinstance(key, str) and (paths.NOTEBOOKS / f"{key}.ipynb").exists():
        return f"{name} : chapitre {key} : ce notebook n'a pas de cellule « parameters » (clés admises : {allowed})"
    return (
        f"{name} : clé inconnue « {key} » : ni title, ni rationale, ni un chapitre paramétrable "
        f"(clés admises : {allowed})"
    )


def load_all(files, spec: dict | None = None) -> list[Scenario]:
    """Validate every file before anything runs; report the problems of all files at once."""
    spec = chapters() if spec is None else spec
    loaded, errors = [], []
    for file in files:
        try:
            loaded.append(load(file, spec))
        except ScenarioError as error:
            errors.append(str(error))
    stems = [s.stem for s in loaded]
    errors += [f"deux scénarios nommés {stem}" for stem in sorted({s for s in stems if stems.count(s) > 1})]
    if errors:
        raise ScenarioError("\n".join(errors))
    return loaded


# --- banner -----------------------------------------------------------------------------------


def _banner_head(scenario: Scenario) -> list[str]:
    """Opening lines shared by both banners: the scenario's title and rationale."""
    return [
        f":::{{admonition}} Scénario « {publish.escape(scenario.title)} »",
        ":class: warning",
        "",
        f"**Justification** : {publish.escape(scenario.rationale)}",
        "",
    ]


def banner(scenario: Scenario, chapter: str, spec: dict | None = None) -> str:
    """MyST admonition naming the scenario, its rationale and its parameters for this chapter."""
    spec = chapters() if spec is None else spec
    rows = [
        f"| {publish.escape(c.name)} | {publish.escape(c.parameter.unit or '—')} | "
        f"{publish.escape(show_value(c.baseline))} | {publish.escape(show_value(c.value))} |"
        for c in scenario.changes(spec)
        if c.chapter == chapter
    ]
    return "\n".join(
        [
            *_banner_head(scenario),
            f"Cette page est recalculée avec les valeurs du tableau ci-dessous (fichier "
            f"{publish.escape('scenarios/' + scenario.path.name)}) ; les chiffres du texte, les tableaux et les "
            "graphiques suivent, les autres paramètres gardent leur valeur de référence. Comparaison des "
            "scénarios : {ref}`scenarios`.",
            "",
            "| Paramètre | Unité | Valeur de référence | Valeur du scénario |",
            "|---|---|---|---|",
            *rows,
            ":::",
        ]
    )


def relay_banner(scenario: Scenario, sources: list[str]) -> str:
    """For an unaffected page that pastes numbers glued in a recomputed chapter."""
    return "\n".join(
        [
            *_banner_head(scenario),
            "Cette page reprend des chiffres de chapitres recalculés sous ce scénario ("
            + ", ".join(publish.escape(s) for s in sources)
            + ").",
            ":::",
        ]
    )


def insert_banner(notebook, text: str):
    """Insert (or replace) the banner cell just after the title cell of an nbformat notebook."""
    import nbformat

    notebook.cells = [c for c in notebook.cells if c.get("id") != BANNER_ID]
    position = 0
    for index, cell in enumerate(notebook.cells):
        heading = re.search(r"(?m)^# .*$\n?", "".join(cell.source)) if cell.cell_type == "markdown" else None
        if heading:
            position = index + 1
            source = "".join(cell.source)
            head, rest = source[: heading.end()].rstrip("\n"), source[heading.end() :].strip("\n")
            if rest:  # intro and "À retenir" share the title cell: the banner goes above them
                cell.source = head
                tail = nbformat.v4.new_markdown_cell(rest)
                tail["id"] = f"{cell.get('id', 'title')}"[:55] + "-suite"
                notebook.cells.insert(position, tail)
            break
    cell = nbformat.v4.new_markdown_cell(text)
    cell["id"] = BANNER_ID  # stable, not random
    notebook.cells.insert(position, cell)
    return notebook


# --- execution --------------------------------------------------------------------------------


@contextlib.contextmanager
def environment(**variables):
    saved = {k: os.environ.get(k) for k in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _inputs_hash(scenario: Scenario, chapter: str) -> str:
    """What an execution depends on: scenario, committed notebook, package, processed data, pins."""
    digest = hashlib.sha256()
    files = [
        scenario.path,
        paths.NOTEBOOKS / f"{chapter}.ipynb",
        paths.ROOT / "requirements.txt",
        *sorted((paths.ROOT / "src" / "territoires").rglob("*.py")),
        *sorted(paths.PROCESSED.rglob("*")),
    ]
    for file in files:
        if file.is_file():
            digest.update(paths.relative(file).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def run_dir(scenario: Scenario) -> Path:
    return RUNS / scenario.stem


def execute(scenario: Scenario, chapter: str, *, force: bool = False, spec: dict | None = None) -> float | None:
    """Run one chapter under the scenario with papermill; return seconds, None if up to date."""
    import nbformat
    import papermill

    spec = chapters() if spec is None else spec
    folder = run_dir(scenario)
    notebooks, downloads = folder / "notebooks", folder / "downloads"
    notebooks.mkdir(parents=True, exist_ok=True)
    downloads.mkdir(parents=True, exist_ok=True)
    output = notebooks / f"{chapter}.ipynb"
    stamp = _read_stamp(folder)
    key = _inputs_hash(scenario, chapter)
    if not force and output.exists() and stamp.get(chapter, {}).get("inputs") == key:
        return None
    stamp.pop(chapter, None)
    _write_stamp(folder, stamp)
    start = time.perf_counter()
    with environment(TERRITOIRES_DOWNLOADS=str(downloads)):
        try:
            papermill.execute_notebook(
                str(paths.NOTEBOOKS / f"{chapter}.ipynb"),
                str(output),
                parameters=scenario.values[chapter],
                kernel_name="python3",
                cwd=str(notebooks),
                progress_bar=False,
                log_output=False,
            )
        except papermill.PapermillExecutionError as error:
            raise ScenarioError(
                f"{paths.relative(scenario.path)} : chapitre {chapter} : l'exécution a échoué "
                f"({error.ename} : {error.evalue}) ; voir {paths.relative(output)}"
            ) from None
    seconds = time.perf_counter() - start
    notebook = nbformat.read(output, as_version=4)
    for cell in notebook.cells:  # the injected values are shown in the banner: fold the code
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "hide-input" not in tags:
            cell.metadata["tags"] = [*tags, "hide-input"]
    insert_banner(notebook, banner(scenario, chapter, spec))
    nbformat.write(notebook, output)
    stamp[chapter] = {"inputs": key, "seconds": round(seconds, 1)}
    _write_stamp(folder, stamp)
    return seconds


def _read_stamp(folder: Path) -> dict:
    try:
        return json.loads((folder / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_stamp(folder: Path, stamp: dict) -> None:
    paths.write_atomic(folder / "run.json", json.dumps(stamp, indent=1, sort_keys=True).encode())


# --- the variant book -------------------------------------------------------------------------


def assemble(scenario: Scenario) -> Path:
    """Source folder of the variant book: configuration with execution off, pages, notebooks."""
    folder = run_dir(scenario)
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    config["execute"].pop("cache", None)
    config["title"] = f"{config.get('title', '')} — scénario « {scenario.title} »"
    header = f"# Generated by territoires.scenarios from _config.yml (scenario {scenario.stem}); do not edit.\n"
    paths.write_atomic(
        folder / "_config.yml", (header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)).encode()
    )
    for name in BOOK_FILES:
        source, target = paths.ROOT / name, folder / name
        if target.is_dir():
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(source, target)
        elif source.is_file():
            shutil.copy2(source, target)
    # Figure downloads: the baseline ones, overlaid with those the scenario run wrote.
    downloads = folder / "book" / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    for file in sorted((folder / "downloads").glob("*")):
        shutil.copy2(file, downloads / file.name)
    notebooks = folder / "notebooks"
    notebooks.mkdir(parents=True, exist_ok=True)
    affected = set(scenario.chapters)
    stems = {p.stem for p in paths.NOTEBOOKS.glob("*.ipynb")}
    for stale in notebooks.glob("*.ipynb"):
        if stale.stem not in stems:
            stale.unlink()
    for source in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        if source.stem not in affected:
            _copy_unaffected(scenario, source, notebooks / source.name, affected)
    return folder


def _copy_unaffected(scenario: Scenario, source: Path, target: Path, affected: set[str]) -> None:
    """Copy a committed notebook; banner it if it pastes numbers glued in a recomputed chapter."""
    import nbformat

    notebook = nbformat.read(source, as_version=4)
    cited = sorted(
        {
            Path(p.strip()).stem
            for c in notebook.cells
            if c.cell_type == "markdown"
            for p in CROSS_GLUE.findall("".join(c.source))
        }
        & affected
    )
    if cited:
        insert_banner(notebook, relay_banner(scenario, cited))
        nbformat.write(notebook, target)
    else:
        shutil.copy2(source, target)


def missing_downloads(folder: Path) -> dict[str, list[str]]:
    """Notebook stem → download targets its outputs link to but the variant lacks."""
    missing = {}
    for notebook in sorted((folder / "notebooks").glob("*.ipynb")):
        targets = sorted(set(DOWNLOAD_ROLE.findall(_all_text(notebook))))
        absent = [t for t in targets if not (notebook.parent / t).resolve().exists()]
        if absent:
            missing[notebook.stem] = absent
    return missing


def _all_text(notebook: Path) -> str:
    """Sources and text outputs of a notebook, joined (where glued blocks hold their links)."""
    parts = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        parts.append("".join(cell.get("source", "")))
        for output in cell.get("outputs", []):
            for value in output.get("data", {}).values():
                if isinstance(value, (str, list)):
                    parts.append(value if isinstance(value, str) else "".join(map(str, value)))
    return "\n".join(parts)


def restore_downloads(scenario: Scenario) -> list[str]:
    """Recreate baseline downloads absent from this checkout (book never built): run those
    notebooks unchanged, with downloads written into the variant only."""
    import papermill

    folder = run_dir(scenario)
    stems = sorted(missing_downloads(folder))
    scratch = folder / "baseline"
    if stems:
        scratch.mkdir(exist_ok=True)
    for stem in stems:
        print(f"   téléchargements de référence absents : exécution de {stem} sans changement", flush=True)
        with environment(TERRITOIRES_DOWNLOADS=str(folder / "book" / "downloads")):
            papermill.execute_notebook(
                str(paths.NOTEBOOKS / f"{stem}.ipynb"),
                str(scratch / f"{stem}.ipynb"),
                kernel_name="python3",
                cwd=str(folder / "notebooks"),
                progress_bar=False,
                log_output=False,
            )
    return stems


def build(scenario: Scenario) -> Path:
    """Build the variant book with Jupyter Book (warnings are errors); return index.html."""
    folder = assemble(scenario)
    restore_downloads(scenario)
    still = missing_downloads(folder)
    if still:
        raise ScenarioError(f"téléchargements introuvables pour la variante {scenario.stem} : {still}")
    executable = Path(sys.executable).with_name("jupyter-book")
    command = [str(executable), "build", str(folder), "--warningiserror", "--keep-going"]
    result = subprocess.run(command, cwd=paths.ROOT, capture_output=True, text=True)
    log = folder / "build.log"
    log.write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
        raise ScenarioError(
            f"la construction HTML du scénario {scenario.stem} a échoué "
            f"(journal complet : {paths.relative(log)}) :\n{tail}"
        )
    return folder / "_build" / "html" / "index.html"


# --- running and comparing --------------------------------------------------------------------


@dataclass
class Report:
    scenario: Scenario
    seconds: dict[str, float | None] = field(default_factory=dict)  # chapter → execution time
    build_seconds: float | None = None
    html: Path | None = None


def run(scenario: Scenario, *, html: bool = True, force: bool = False, spec: dict | None = None) -> Report:
    spec = chapters() if spec is None else spec
    report = Report(scenario)
    folder = run_dir(scenario)
    stamp = _read_stamp(folder)
    for chapter in list(stamp):  # chapters this scenario no longer touches
        if chapter not in scenario.values:
            stamp.pop(chapter)
            (folder / "notebooks" / f"{chapter}.ipynb").unlink(missing_ok=True)
    if folder.exists():
        _write_stamp(folder, stamp)
    for chapter in scenario.chapters:
        print(f"-> {scenario.stem} : exécution de {chapter}", flush=True)
        report.seconds[chapter] = execute(scenario, chapter, force=force, spec=spec)
        took = report.seconds[chapter]
        print(f"   {chapter} : " + ("à jour, non réexécuté" if took is None else f"{took:.1f} s"), flush=True)
    if html:
        print(f"-> {scenario.stem} : construction du livre variante", flush=True)
        start = time.perf_counter()
        report.html = build(scenario)
        report.build_seconds = time.perf_counter() - start
        print(f"   construction : {report.build_seconds:.1f} s", flush=True)
    return report


def kpis(notebook: Path) -> dict[str, str]:
    """Glued text values whose key starts with `kpi_`, from a notebook's outputs."""
    result = {}
    for cell in json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            key = output.get("metadata", {}).get("scrapbook", {}).get("name", "")
            text = output.get("data", {}).get(RECORD)
            if key.startswith(KPI_PREFIX) and text is not None:
                result[key] = _plain(text if isinstance(text, str) else "".join(text))
    return result


def _plain(text: str) -> str:
    """`'12 %'` (the repr stored by glue) → `12 %`."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text


def baseline_kpis() -> dict[str, dict[str, str]]:
    """Chapter → kpi → glued text, from the committed notebooks (the baseline scenario)."""
    return {p.stem: kpis(p) for p in sorted(paths.NOTEBOOKS.glob("*.ipynb")) if p.stem != PAGE}


def comparison_rows(scenarios: list[Scenario], baseline: dict[str, dict[str, str]]) -> pd.DataFrame:
    rows = []
    for scenario in sorted(scenarios, key=lambda s: s.stem):
        for chapter in sorted(baseline):
            values = (
                kpis(run_dir(scenario) / "notebooks" / f"{chapter}.ipynb")
                if chapter in scenario.values
                else baseline[chapter]
            )
            missing = sorted(set(baseline[chapter]) - set(values))
            if missing:
                raise ScenarioError(
                    f"{scenario.stem} : chapitre {chapter} : indicateurs absents de "
                    f"l'exécution du scénario : {', '.join(missing)}"
                )
            for key in sorted(baseline[chapter]):
                rows.append(
                    {
                        "scenario": scenario.stem,
                        "chapter": chapter,
                        "key": key,
                        "baseline": baseline[chapter][key],
                        "value": values[key],
                        "changed": baseline[chapter][key] != values[key],
                    }
                )
    return pd.DataFrame(rows, columns=COLUMNS)


def write_comparison(frame: pd.DataFrame, target: Path = COMPARISON) -> bool:
    """Write the comparison table if its content changed; True if it did."""
    payload = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    if target.is_file() and target.read_bytes() == payload:
        return False
    paths.write_atomic(target, payload)
    return True


def compare_committed(spec: dict | None = None, quiet: bool = False) -> pd.DataFrame:
    """Run every committed scenario (runs already made with the same inputs are reused) and
    write scenarios/comparison.csv against the committed notebooks. Used by `make book`."""
    spec = chapters() if spec is None else spec
    loaded = load_all(committed(), spec)
    with contextlib.redirect_stdout(io.StringIO()) if quiet else contextlib.nullcontext():
        for scenario in loaded:
            run(scenario, html=False, spec=spec)
    frame = comparison_rows(loaded, baseline_kpis())
    write_comparison(frame)
    return frame


def comparison(source: Path = COMPARISON) -> pd.DataFrame:
    """The committed comparison table (all columns as text but `changed`, a boolean)."""
    frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    if list(frame.columns) != COLUMNS:
        raise ScenarioError(f"{paths.relative(source)} : colonnes {COLUMNS} attendues, lues {list(frame.columns)}")
    bad = sorted(set(frame["changed"]) - {"True", "False"})
    if bad:
        raise ScenarioError(f"{paths.relative(source)} : colonne changed : True ou False attendu, lu {bad}")
    return frame.assign(changed=frame["changed"] == "True")


def refresh_page() -> None:
    """Re-execute the comparison page in place, so its committed outputs match the CSV."""
    import nbformat
    from nbclient import NotebookClient

    path = paths.NOTEBOOKS / f"{PAGE}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        record_timing=False,
        resources={"metadata": {"path": str(paths.NOTEBOOKS)}},
    ).execute()
    nbformat.write(notebook, path)


# --- describing the headline numbers, for the comparison page ------------------------------------

ROLE = re.compile(r"\{(?P<role>[a-z:]+)\}`(?P<body>[^`]*)`")


def chapter_title(stem: str) -> str:
    """The `# Title` of a committed notebook."""
    for cell in json.loads((paths.NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]:
        found = re.search(r"(?m)^# (.+)$", "".join(cell.get("source", ""))) if cell["cell_type"] == "markdown" else None
        if found:
            return found[1].strip()
    return stem


def _glued_texts(cells) -> dict[str, str]:
    result = {}
    for cell in cells:
        for output in cell.get("outputs", []):
            key = output.get("metadata", {}).get("scrapbook", {}).get("name")
            text = output.get("data", {}).get(RECORD)
            if key and text is not None:
                result[key] = _plain(text if isinstance(text, str) else "".join(text))
    return result


def kpi_labels(stem: str, width: int = 150) -> dict[str, str]:
    """Key → the first sentence of the chapter that quotes it, the number itself shown as `…`.

    The "À retenir" box comes first, so this is usually the chapter's own summary of the number.
    """
    cells = json.loads((paths.NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    glued = _glued_texts(cells)
    units = []  # bullets and paragraphs, then sentences
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        block = []
        for line in "".join(cell["source"]).splitlines() + [""]:
            stripped = line.strip()
            if re.match(r"^(:::|:[a-z]+:|```|#|\(.*\)=$|\||- )", stripped) or not stripped:
                units.append(" ".join(block))
                block = []
                if stripped.startswith("- "):
                    block.append(stripped[2:])
            else:
                block.append(stripped)
    sentences = [s for unit in units for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÀÉÈ«(])", unit) if s]
    labels = {}
    for key in kpis(paths.NOTEBOOKS / f"{stem}.ipynb"):
        sentence = next((s for s in sentences if f"`{key}`" in s), "")
        labels[key] = _shorten(_plain_prose(sentence, key, glued), width) if sentence else key
    return labels


def _plain_prose(sentence: str, key: str, glued: dict[str, str]) -> str:
    def replace(match):
        role, body = match["role"], match["body"]
        if role.startswith("glue"):
            name = body.split("::")[-1].strip()
            return "…" if name == key else glued.get(name, "…")
        if role in ("numref", "cite:p", "cite:t", "cite"):
            return ""
        return re.sub(r"\s*<[^>]*>$", "", body)  # {ref}`text <label>` → text

    text = ROLE.sub(replace, sentence)
    text = re.sub(r"\(\s*[,;]?\s*\)", "", text)  # parentheses left empty by a removed reference
    text = re.sub(r"[*_]{1,2}([^*_]+)[*_]{1,2}", r"\1", text)
    return " ".join(text.replace(" ,", ",").replace(" .", ".").split())


def _shorten(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    centre = max(text.find("…"), 0)
    start = max(0, min(centre - width // 2, len(text) - width))
    piece = text[start : start + width]
    if start > 0:
        piece = "… " + piece.split(" ", 1)[-1]
    if start + width < len(text):
        piece = piece.rsplit(" ", 1)[0] + " …"
    return piece


# --- reading the numbers, for the comparison chart ----------------------------------------------

NUMBER = re.compile(r"[−-]?\d{1,3}(?:[\u202f\u00a0 ]\d{3})+(?:,\d+)?|[−-]?\d+(?:,\d+)?")


def to_number(text: str) -> float | None:
    """The single number in a French glued text (`1 234,5 emplois` → 1234.5), else None."""
    found = NUMBER.findall(str(text))
    if len(found) != 1:
        return None
    plain = re.sub(r"[\u202f\u00a0 ]", "", found[0]).replace(",", ".").replace("−", "-")
    return float(plain)


# --- command line -----------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m territoires.scenarios", description="Scénarios : vérifier, exécuter, comparer."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="valider des fichiers de scénario sans rien exécuter")
    check.add_argument("files", nargs="+")
    run_cmd = commands.add_parser("run", help="exécuter un scénario et construire son livre HTML")
    run_cmd.add_argument("file")
    run_cmd.add_argument("--no-html", action="store_true", help="exécuter sans construire le HTML")
    run_cmd.add_argument("--force", action="store_true", help="réexécuter même si rien n'a changé")
    compare_cmd = commands.add_parser("compare", help="exécuter les scénarios, écrire scenarios/comparison.csv")
    compare_cmd.add_argument("files", nargs="*", help="par défaut : tous les scenarios/*.yml")
    compare_cmd.add_argument("--html", action="store_true", help="construire aussi le livre de chaque scénario")
    compare_cmd.add_argument("--force", action="store_true", help="réexécuter même si rien n'a changé")
    compare_cmd.add_argument(
        "--no-page", action="store_true", help=f"ne pas réexécuter notebooks/{PAGE}.ipynb après l'écriture du CSV"
    )
    args = parser.parse_args(argv)
    try:
        spec = chapters()
        if args.command == "check":
            for scenario in load_all(args.files, spec):
                print(
                    f"{paths.relative(scenario.path)} : valide ({len(scenario.changes(spec))} paramètres, "
                    f"chapitres {', '.join(scenario.chapters)})"
                )
        elif args.command == "run":
            scenario = load(args.file, spec)
            start = time.perf_counter()
            report = run(scenario, html=not args.no_html, force=args.force, spec=spec)
            print(f"Scénario {scenario.stem} : {time.perf_counter() - start:.1f} s au total")
            print(f"Notebooks exécutés : {paths.relative(run_dir(scenario) / 'notebooks')}/")
            if report.html:
                print(f"Livre HTML du scénario : {paths.relative(report.html)}")
        else:
            files = args.files or committed()
            scenarios = load_all(files, spec)
            start = time.perf_counter()
            for scenario in scenarios:
                run(scenario, html=args.html, force=args.force, spec=spec)
            frame = comparison_rows(scenarios, baseline_kpis())
            write_comparison(frame)
            print(
                f"Comparaison écrite : {paths.relative(COMPARISON)} ({len(frame)} lignes, "
                f"{int(frame['changed'].sum())} valeurs changées) en {time.perf_counter() - start:.1f} s"
            )
            if not args.no_page:
                refresh_page()
                print(f"Page de comparaison réexécutée : notebooks/{PAGE}.ipynb")
    except (ScenarioError, ParameterError) as error:
        print(f"Erreur de scénario :\n{error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
