"""`make book`: the data step, the notebooks that are out of date, then the HTML.

1. The data step (`pipeline.build`) runs when one of the files it read last time changed; it
   writes `data/processed/` and `book/references.bib` all at once, and only what changed.
2. The committed scenarios are compared with the baseline by calling the chapters' models
   (`scenarios.comparaison`), when a scenario file, the package or the data changed.
3. Every notebook whose code, stored outputs or inputs changed is executed in place
   (`execution`), producers (of results records) before the notebooks that read them.
4. Jupyter Book renders the stored outputs (no execution of its own); Sphinx re-reads the pages
   whose notebook changed, and those that paste a value glued in a changed notebook
   (`sphinx_dependencies`).
5. Debian's Chromium prints the A4 PDFs of the pages whose HTML changed and of the whole book
   (`territoires.pdf`), into `_build/html/_pdf/`.

`--frozen` (used by `make test`) fails if the build had to rewrite a committed file: a stale
processed table, bibliography, results record or notebook output is then an error, not a
silent fix. Written files are listed so that the reader knows what to review and commit.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from . import data, execution, paths, pipeline, resultats, scenarios, schema, tracking
from .chapitres.base import ParameterError
from .scenarios import comparaison, fichiers

DATA_STEP = "étape de données"
SCENARIO_STEP = "comparaison des scénarios"


def _reasons(step: str, state_path: Path) -> list[str]:
    """Why an in-process step must run (empty: what it read and wrote is unchanged)."""
    entry = tracking.load_state(state_path).get(step)
    if not entry or entry.get("environment") != tracking.environment_key():
        return ["première exécution ou paquets changés"]
    return tracking.Footprint.from_json(entry["footprint"]).changes()


def _record(step: str, state_path: Path, footprint: tracking.Footprint) -> None:
    state = tracking.load_state(state_path)
    state[step] = {"environment": tracking.environment_key(), "footprint": footprint.to_json()}
    tracking.save_state(state_path, state)


def data_step(state_path: Path = execution.STATE, log=print) -> list[Path]:
    """Run the data step if one of its inputs changed since its last run here."""
    reasons = _reasons(DATA_STEP, state_path)
    if not reasons:
        return []
    log(f"==> Étape de données ({'; '.join(reasons[:3])})")
    with tracking.InProcess() as tracker:
        changed = pipeline.build()
    outputs = [*sorted(paths.PROCESSED.glob("*.csv")), paths.BOOK / "references.bib"]
    _record(DATA_STEP, state_path, tracking.Footprint.from_report(tracker.report, extra_writes=tuple(outputs)))
    for path in changed:
        log(f"    réécrit : {paths.relative(path)}")
    return changed


def scenario_step(state_path: Path = execution.STATE, log=print) -> bool:
    """Compare the committed scenarios with the baseline by calling the chapters' models, and
    rewrite scenarios/comparison.csv and the scenario JSON Schema when a scenario file, the
    package or the processed data changed. True if it ran."""
    reasons = _reasons(SCENARIO_STEP, state_path)
    if not reasons:
        return False
    log(f"==> Comparaison des scénarios ({'; '.join(reasons[:3])})")
    data.clear_caches()  # read again under the tracker (and fresh, if the data step rewrote them)
    with tracking.InProcess() as tracker:
        scenarios.compare_committed()
    footprint = tracking.Footprint.from_report(tracker.report, extra_writes=(comparaison.COMPARISON, fichiers.SCHEMA))
    _record(SCENARIO_STEP, state_path, footprint)
    return True


def versioned_files() -> dict[str, str]:
    """Content hash of every file git tracks (what a build must not silently rewrite)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=paths.ROOT, capture_output=True, check=True).stdout
    names = [n for n in listed.decode("utf-8").split("\0") if n]
    return {name: tracking.file_digest(paths.ROOT / name) for name in names}


# The package modules the Sphinx extensions run when a page is read: Sphinx re-reads only the
# pages whose source changed, so a change here must re-read them all (typography, citations…).
EXTENSIONS = ("sphinx_citation.py", "sphinx_dependencies.py", "sphinx_typographie.py", "typographie.py",
              "bibtex.py", "version.py", "essentiel.py")  # fmt: skip
RENDER_STATE = execution.STATE.with_name("rendu.json")
HERE = Path(__file__).resolve().parent


def _extension_digests() -> dict[str, str]:
    return {name: tracking.file_digest(HERE / name) for name in EXTENSIONS}


def extensions_changed(state_path: Path = RENDER_STATE) -> bool:
    """Whether a module the extensions run changed since the last render (then every page is re-read)."""
    return tracking.load_state(state_path) != _extension_digests()


def _record_render(state_path: Path = RENDER_STATE) -> None:
    tracking.save_state(state_path, _extension_digests())


def render(full: bool = False, nitpicky: bool = True) -> None:
    """Jupyter Book, warnings as errors; `full` re-reads every page."""
    # sphinx-external-toc writes the redirect to the landing page only when it is absent, so a
    # new root page would keep the old redirect: let it write the file again.
    (paths.ROOT / "_build" / "html" / "index.html").unlink(missing_ok=True)
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(paths.ROOT)]
    command += ["--warningiserror", "--keep-going"]
    if nitpicky:
        command.append("--nitpick")
    if full:
        command.append("--all")
    result = subprocess.run(command, cwd=paths.ROOT)
    if result.returncode != 0:
        code = result.returncode
        raise SystemExit(f"La construction HTML a échoué (code {code}) : voir les avertissements ci-dessus")


def print_pdfs(everything: bool = False) -> None:
    """The A4 PDFs of the site just built (`territoires.pdf`); a clear error without Chromium."""
    from . import pdf

    try:
        report = pdf.imprimer(tout=everything)
    except pdf.ImpressionImpossible as error:
        raise SystemExit(str(error)) from None
    print(pdf.resume(report))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m territoires.build", description=__doc__.splitlines()[0])
    parser.add_argument("--frozen", action="store_true", help="échouer si un fichier versionné a dû être réécrit")
    parser.add_argument("--sans-html", action="store_true", help="données et notebooks seulement")
    parser.add_argument("--tout", action="store_true", help="relire toutes les pages (sphinx --all)")
    options = parser.parse_args(argv)
    start = time.perf_counter()
    before = versioned_files()
    try:
        data_step()
        scenario_step()  # the models need the processed data; the comparison page reads its output
        runs = execution.run_out_of_date()
        if scenario_step():  # the synthesis model also reads the records the chapters just wrote
            runs += execution.run_out_of_date()
    except schema.DataError as error:
        print(f"Données invalides : {error}", file=sys.stderr)
        return 1
    except (scenarios.ScenarioError, ParameterError, resultats.ResultatsError) as error:
        print(f"Scénario invalide :\n{error}", file=sys.stderr)
        return 1
    except execution.ExecutionFailed as error:
        print(str(error), file=sys.stderr)
        return 1
    after = versioned_files()
    written = sorted(name for name in after if before.get(name) != after[name])
    print(f"==> {len(runs)} notebook(s) exécuté(s), {len(written)} fichier(s) versionné(s) réécrit(s)")
    if not options.sans_html:
        full = options.tout or extensions_changed()
        if full and not options.tout:
            print("==> Extensions Sphinx modifiées : toutes les pages sont relues")
        render(full=full)
        _record_render()
        print_pdfs(everything=full)
    print(f"==> Construction terminée en {time.perf_counter() - start:.0f} s")
    if options.frozen and written:
        names = "\n  ".join(written)
        print(
            "Des fichiers versionnés n'étaient pas à jour et ont été réécrits par la construction :\n  "
            f"{names}\nLes relire et les valider (git diff, git commit).",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
