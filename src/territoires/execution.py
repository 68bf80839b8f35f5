"""Execute the book's notebooks that are out of date, in place, each in a fresh kernel.

The book is rendered from the outputs stored in the notebooks (Jupyter Book runs with
`execute_notebooks: off`), so the committed notebooks are always what the reader sees, and
what nbval compares a fresh execution with. A notebook is executed again when, since its last
execution here, its code changed, its stored outputs changed, or one of the files it read,
listed or wrote changed (see `tracking`): a raw value, a line of the package, a scenario file.
A notebook is rewritten only when its bytes change, so that Sphinx re-renders exactly the
pages whose content changed.

Two notebooks run at a time (2 cores). A notebook that reads what another writes (a results
record, a chapter's outputs) waits for it; after each execution the others are checked again,
until none is out of date.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbclient.util import ensure_async, run_sync

from . import paths, tracking

STATE = paths.ROOT / "_build" / ".execution" / "etat.json"
WORKERS = max(1, min(2, os.cpu_count() or 1))
CELL_TIMEOUT = 600  # seconds
MAX_RUNS = 2  # a notebook run more often in one build changes its own inputs: an error


class ExecutionFailed(RuntimeError):
    """A notebook raised: the message names the notebook and the error, without a traceback."""


class TrackedClient(NotebookClient):
    """nbclient's executor, with the tracking hook installed before the first cell and its
    report written after the last one. Neither adds an execution count nor an output."""

    report_path: str = ""

    async def async_execute(self, reset_kc: bool = False, **kwargs):
        self.reset_execution_trackers()
        async with self.async_setup_kernel(**kwargs):
            reply = await self.async_wait_for_reply(await ensure_async(self.kc.kernel_info()))
            self.nb.metadata["language_info"] = reply["content"]["language_info"]
            root = str(paths.ROOT)
            await self._silent(f"{tracking.HOOK_SOURCE}\n_territoires_seen = _territoires_install_tracker({root!r})")
            for index, cell in enumerate(self.nb.cells):
                await self.async_execute_cell(cell, index, execution_count=self.code_cells_executed + 1)
            await self._silent(
                f"{tracking.REPORT_SOURCE}\n_territoires_report(_territoires_seen, {root!r}, {self.report_path!r})"
            )
        return self.nb

    execute = run_sync(async_execute)

    async def _silent(self, code: str) -> None:
        # nbclient stores the executed cell at its index: give it a place of its own, then remove it
        cell = nbformat.v4.new_code_cell(code)
        self.nb.cells.append(cell)
        try:
            await self.async_execute_cell(cell, len(self.nb.cells) - 1, store_history=False)
        finally:
            self.nb.cells.pop()
        self.code_cells_executed -= 1


def toc_notebooks(root: Path = paths.ROOT) -> list[Path]:
    """The notebooks of the table of contents, in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found: list[Path] = []
    if (root / f"{toc['root']}.ipynb").is_file():  # the landing page may be a notebook too
        found.append(root / f"{toc['root']}.ipynb")

    def walk(node) -> None:
        if isinstance(node, dict):
            if "file" in node:
                path = root / f"{node['file']}.ipynb"
                if path.is_file():
                    found.append(path)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return found


def _digest(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def code_key(notebook) -> str:
    """What execution depends on in the notebook itself: its code, not its prose."""
    return _digest([c["source"] for c in notebook["cells"] if c["cell_type"] == "code"])


def outputs_key(notebook) -> str:
    return _digest([c.get("outputs", []) for c in notebook["cells"] if c["cell_type"] == "code"])


def normalised(notebook) -> str:
    """The notebook as written to disk: no timings, no interpreter patch version, a final newline."""
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    notebook.metadata.get("language_info", {}).pop("version", None)
    return nbformat.writes(notebook) + "\n"


def reasons_to_run(path: Path, state: dict, environment: str) -> list[str]:
    """Why the notebook must be executed (empty list: its stored outputs are current)."""
    name = paths.relative(path)
    entry = state.get(name)
    if entry is None:
        return ["jamais exécuté dans ce dossier de construction"]
    notebook = json.loads(path.read_text(encoding="utf-8"))
    if entry.get("environment") != environment:
        return ["paquets ou version de Python changés"]
    if entry.get("code") != code_key(notebook):
        return ["code modifié"]
    if entry.get("outputs") != outputs_key(notebook):
        return ["sorties enregistrées modifiées"]
    return tracking.Footprint.from_json(entry["footprint"]).changes()


@dataclass
class Run:
    path: Path
    seconds: float
    rewritten: bool
    footprint: tracking.Footprint
    code: str
    outputs: str


def execute(path: Path) -> Run:
    """Execute one notebook in a fresh kernel started in notebooks/; rewrite it if it changed."""
    start = time.perf_counter()
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="execution-") as folder:
        report = Path(folder) / "rapport.json"
        client = TrackedClient(
            notebook,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.report_path = str(report)
        try:
            client.execute()
        except CellExecutionError as error:
            last = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
            raise ExecutionFailed(f"{paths.relative(path)} : erreur à l'exécution : {last}") from None
        footprint = tracking.Footprint.from_report(
            json.loads(report.read_text(encoding="utf-8")), exclude=frozenset({paths.relative(path)})
        )
    text = normalised(notebook)
    rewritten = path.read_text(encoding="utf-8") != text
    if rewritten:
        paths.write_atomic(path, text.encode("utf-8"))
    saved = json.loads(text)
    return Run(path, time.perf_counter() - start, rewritten, footprint, code_key(saved), outputs_key(saved))


def _waits_for(path: Path, other: Path, state: dict) -> bool:
    """True if `path` read, at its last execution, something `other` writes (or `other` itself)."""
    mine = state.get(paths.relative(path), {}).get("footprint", {}).get("reads", {})
    theirs = state.get(paths.relative(other), {}).get("footprint", {}).get("writes", {})
    return paths.relative(other) in mine or bool(set(mine) & set(theirs))


def run_out_of_date(
    notebooks: list[Path] | None = None, state_path: Path = STATE, log=print, workers: int = WORKERS
) -> list[Run]:
    """Execute every out-of-date notebook (two at a time, producers first) until none is."""
    notebooks = toc_notebooks() if notebooks is None else notebooks
    state = tracking.load_state(state_path)
    environment = tracking.environment_key()
    runs: list[Run] = []
    counts = {path: 0 for path in notebooks}
    running: dict[Future, Path] = {}

    def pending() -> dict[Path, list[str]]:
        out = {}
        for path in notebooks:
            if path in running.values():
                continue
            reasons = reasons_to_run(path, state, environment)
            if reasons:
                out[path] = reasons
        return out

    with ThreadPoolExecutor(max_workers=workers) as pool:
        while True:
            todo = pending()
            busy = set(running.values())
            for path, reasons in todo.items():
                if len(running) >= workers:
                    break
                if any(_waits_for(path, other, state) for other in busy | set(todo) if other != path):
                    continue
                if counts[path] >= MAX_RUNS:
                    raise ExecutionFailed(
                        f"{paths.relative(path)} reste périmé après {MAX_RUNS} exécutions ({'; '.join(reasons[:3])}) : "
                        "il modifie ce qu'il lit"
                    )
                counts[path] += 1
                log(f"==> Exécution de {paths.relative(path)} ({'; '.join(reasons[:3])})")
                running[pool.submit(execute, path)] = path
                busy.add(path)
            if not running:
                if todo:  # every candidate waits for another: a cycle; run them in reading order
                    first = next(iter(todo))
                    state.get(paths.relative(first), {}).get("footprint", {}).get("reads", {}).clear()
                    continue
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                path = running.pop(future)
                run = future.result()
                runs.append(run)
                state[paths.relative(path)] = {
                    "environment": environment,
                    "code": run.code,
                    "outputs": run.outputs,
                    "footprint": run.footprint.to_json(),
                }
                tracking.save_state(state_path, state)
                log(f"    {paths.relative(path)} : {run.seconds:.1f} s, {'réécrit' if run.rewritten else 'inchangé'}")
    return runs
