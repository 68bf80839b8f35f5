"""The variant book of a scenario: its chapters rerun with papermill, so that their prose,
tables and figures follow, then a copy of the book built with those notebooks.

`run` executes the affected notebooks into `scenario_runs/<stem>/notebooks/` (the committed
notebooks are only read), with figure downloads redirected to `scenario_runs/<stem>/downloads/`
and results records to `scenario_runs/<stem>/resultats/`, inserts a banner after the title of
each one, then `build` makes a variant of the book in `scenario_runs/<stem>/_build/html/`
(execution off: the unaffected notebooks as committed, the affected ones as just executed).
The comparison of scenarios does not need any of this: it calls the models (`comparaison`).

A run folder is named after the scenario file and belongs to that one file (`claim`): another
file of the same name, from another folder, is refused rather than allowed to overwrite it.
User text reaches the variant book only escaped: banners through `publish.escape`, the site
title (which the theme pastes into its HTML without escaping) through `ecriture.html_neutral`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import ecriture, paths, pdf
from .bandeau import banner, insert_banner, relay_banner
from .fichiers import Scenario, ScenarioError, chapters

RUNS = paths.ROOT / "scenario_runs"
OWNER = "scenario.json"  # in a run folder: which scenario file it belongs to
# What the variant book needs besides the notebooks (the build reads them from its source dir).
BOOK_FILES = ("_toc.yml", "book", "_templates")
DOWNLOAD_ROLE = re.compile(r"\{download\}`[^`<]*<([^>`]+)>`")
# A page that reads chapters' results records (the synthesis, the key figures) is not rerun
# under a scenario: it says so with a relay banner.
READS_RECORDS = ("essentiel", "05_synthese", "07_chiffres_cles")
# The briefing sheets are rerun under a scenario (they state its numbers) and printed to PDF.
FICHES = ("fiche_cabbalr", "fiche_flandre_audomarois")


def fiches() -> list[str]:
    """The briefing sheets of the book at hand (a test book may have none)."""
    return [stem for stem in FICHES if (paths.NOTEBOOKS / f"{stem}.ipynb").is_file()]


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


def _owner_key(path: Path) -> str:
    """The scenario file, as the run folder records it: relative to the project if inside."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(paths.ROOT).as_posix()
    except ValueError:
        return str(resolved)


def claim(scenario: Scenario) -> Path:
    """The scenario's run folder, recorded as this file's; ScenarioError, before anything is
    written, if it already belongs to another file of the same name (another folder)."""
    folder = run_dir(scenario)
    mine = _owner_key(scenario.path)
    try:
        owner = json.loads((folder / OWNER).read_text(encoding="utf-8"))["fichier"]
    except (OSError, ValueError, KeyError, TypeError):
        owner = None  # a new folder, or one made before folders recorded their file: taken
    if owner is not None and owner != mine:
        shown = owner if not Path(owner).is_absolute() else "un fichier hors du dépôt"
        raise ScenarioError(
            f"{paths.relative(scenario.path)} : le dossier scenario_runs/{scenario.stem}/ est celui d'un autre "
            f"fichier de même nom ({shown}) : renommer ce scénario, ou supprimer ce dossier pour le réutiliser"
        )
    if owner is None:
        paths.write_atomic(folder / OWNER, json.dumps({"fichier": mine}, ensure_ascii=False).encode("utf-8"))
    return folder


def execute(scenario: Scenario, chapter: str, *, force: bool = False, spec: dict | None = None) -> float | None:
    """Run one chapter under the scenario with papermill; return seconds, None if up to date."""
    import nbformat
    import papermill

    spec = chapters() if spec is None else spec
    folder = claim(scenario)
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
    with environment(TERRITOIRES_DOWNLOADS=str(downloads), TERRITOIRES_RESULTATS=str(folder / "resultats")):
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
    folder = claim(scenario)
    paths.write_atomic(folder / "_config.yml", variant_config(scenario))
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
    affected = set(scenario.chapters) | {stem for stem in fiches() if (notebooks / f"{stem}.ipynb").is_file()}
    stems = {p.stem for p in paths.NOTEBOOKS.glob("*.ipynb")}
    for stale in notebooks.glob("*.ipynb"):
        if stale.stem not in stems:
            stale.unlink()
    for source in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        if source.stem not in affected:
            _copy_unaffected(scenario, source, notebooks / source.name, affected)
    return folder


def variant_title(book_title: str, scenario_title: str) -> str:
    """The variant book's site title. Sphinx escapes it in `<title>` but the theme's navbar
    pastes it as HTML (the book's extension `sphinx_citation` escapes it there): the scenario's
    title goes in with no character HTML reads, so that it is safe even without that extension."""
    return f"{ecriture.html_neutral(book_title)} — scénario « {ecriture.html_neutral(scenario_title)} »"


def variant_config(scenario: Scenario) -> bytes:
    """The book's `_config.yml` for the variant: execution off, the scenario in the title."""
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    config["execute"].pop("cache", None)
    config["title"] = variant_title(config.get("title", ""), scenario.title)
    header = f"# Generated by territoires.scenarios from _config.yml (scenario {scenario.stem}); do not edit.\n"
    return (header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)).encode("utf-8")


def _copy_unaffected(scenario: Scenario, source: Path, target: Path, affected: set[str]) -> None:
    """Copy a committed notebook; banner it if it reads the records of recomputed chapters."""
    import nbformat

    notebook = nbformat.read(source, as_version=4)
    cited = sorted(affected) if source.stem in READS_RECORDS else []
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
        with environment(TERRITOIRES_DOWNLOADS=str(folder / "book" / "downloads"), TERRITOIRES_RESULTATS=str(scratch)):
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
    folder = claim(scenario)  # before anything is written
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
    print(f"-> {scenario.stem} : fiches territoires avec les résultats du scénario", flush=True)
    execute_fiches(scenario)
    if html:
        print(f"-> {scenario.stem} : construction du livre variante", flush=True)
        start = time.perf_counter()
        report.html = build(scenario)
        report.build_seconds = time.perf_counter() - start
        print(f"   construction : {report.build_seconds:.1f} s", flush=True)
        if fiches():
            sheets = pdf.imprimer_pages(report.html.parent, [f"notebooks/{stem}" for stem in fiches()])
            print(f"   fiches PDF : {', '.join(paths.relative(p) for p in sheets)}", flush=True)
    return report


def execute_fiches(scenario: Scenario) -> None:
    """Run the briefing sheets with the scenario's records (those of the chapters it recomputed;
    the committed ones for the others)."""
    import papermill

    folder = claim(scenario)
    notebooks = folder / "notebooks"
    notebooks.mkdir(parents=True, exist_ok=True)
    variables = {"TERRITOIRES_DOWNLOADS": str(folder / "downloads"), "TERRITOIRES_RESULTATS": str(folder / "resultats")}
    with environment(**variables):
        for stem in fiches():
            papermill.execute_notebook(
                str(paths.NOTEBOOKS / f"{stem}.ipynb"),
                str(notebooks / f"{stem}.ipynb"),
                kernel_name="python3",
                cwd=str(notebooks),
                progress_bar=False,
                log_output=False,
            )
