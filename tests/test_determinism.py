"""Every notebook, run twice in fresh kernels, gives the same outputs and writes the same bytes.

Compared between the two runs: every output of every code cell (text, HTML, image/png,
image/svg+xml, the application/papermill.record/* payloads of glue…), the files of
data/processed/, the figure downloads (written to a temporary folder per run through
TERRITOIRES_DOWNLOADS) and the files under book/ (references.bib is written by 00_donnees).
The notebooks run with notebooks/ as working directory, two at a time (2 cores);
data/processed/ is put back as it was afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from territoires import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
WORKERS = min(2, os.cpu_count() or 1)
TIMEOUT = 900  # seconds per cell


def execute(path: Path) -> list[list[dict]] | str:
    """Outputs of each code cell, from a fresh kernel started in notebooks/ (or the error)."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(paths.NOTEBOOKS)}}
    )
    try:
        client.execute()
    except CellExecutionError as error:
        return f"{path.name}: erreur à l'exécution : {str(error).strip().splitlines()[-1]}"
    return [cell.get("outputs", []) for cell in notebook.cells if cell.cell_type == "code"]


def digests(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def run_all(downloads: Path, monkeypatch) -> dict:
    """One run of every notebook; its outputs and the digests of the files it wrote."""
    monkeypatch.setenv("TERRITOIRES_DOWNLOADS", str(downloads))  # inherited by the kernels
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outputs = dict(zip([p.name for p in NOTEBOOKS], pool.map(execute, NOTEBOOKS)))
    book = {name: digest for name, digest in digests(paths.BOOK).items() if not name.startswith("downloads/")}
    return {"outputs": outputs, "processed": digests(paths.PROCESSED), "downloads": digests(downloads), "book": book}


def short(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 160 else text[:160] + f"… ({len(text)} caractères)"


def output_differences(name: str, first: list[list[dict]], second: list[list[dict]]) -> list[str]:
    if len(first) != len(second):
        return [f"{name}: {len(first)} puis {len(second)} cellules de code"]
    found = []
    for index, (a, b) in enumerate(zip(first, second)):
        if a == b:
            continue
        if len(a) != len(b):
            found.append(f"{name}, cellule de code {index}: {len(a)} puis {len(b)} sorties")
            continue
        for out_a, out_b in zip(a, b):
            for key in sorted(set(out_a.get("data", {})) | set(out_b.get("data", {}))):
                va, vb = out_a.get("data", {}).get(key), out_b.get("data", {}).get(key)
                if va != vb:
                    found.append(f"{name}, cellule de code {index}, {key}: {short(va)} ≠ {short(vb)}")
            rest_a = {k: v for k, v in out_a.items() if k != "data"}
            rest_b = {k: v for k, v in out_b.items() if k != "data"}
            if rest_a != rest_b:
                found.append(f"{name}, cellule de code {index}: {short(rest_a)} ≠ {short(rest_b)}")
    return found


def file_differences(kind: str, first: dict[str, str], second: dict[str, str]) -> list[str]:
    found = []
    for name in sorted(set(first) | set(second)):
        if name not in first:
            found.append(f"{kind}/{name}: écrit à la 2e exécution seulement")
        elif name not in second:
            found.append(f"{kind}/{name}: écrit à la 1re exécution seulement")
        elif first[name] != second[name]:
            found.append(f"{kind}/{name}: octets différents entre les deux exécutions")
    return found


def assert_no_error(run: dict) -> None:
    errors = [out for out in run["outputs"].values() if isinstance(out, str)]
    assert not errors, "Notebooks en erreur :\n  " + "\n  ".join(errors)


@pytest.fixture
def processed_restored():
    """data/processed/ as it was before the runs (the notebooks rewrite it)."""
    saved = {p: p.read_bytes() for p in paths.PROCESSED.rglob("*") if p.is_file()}
    yield
    for path, payload in saved.items():
        if not path.is_file() or path.read_bytes() != payload:
            path.write_bytes(payload)


def test_two_runs_give_identical_outputs_and_files(tmp_path, monkeypatch, processed_restored):
    assert NOTEBOOKS, f"aucun notebook dans {paths.relative(paths.NOTEBOOKS)}"
    first = run_all(tmp_path / "downloads-1", monkeypatch)
    assert_no_error(first)
    second = run_all(tmp_path / "downloads-2", monkeypatch)
    assert_no_error(second)
    problems = []
    for name in first["outputs"]:
        problems += output_differences(name, first["outputs"][name], second["outputs"][name])
    problems += file_differences("data/processed", first["processed"], second["processed"])
    problems += file_differences("téléchargements", first["downloads"], second["downloads"])
    problems += file_differences("book", first["book"], second["book"])  # e.g. references.bib
    assert not problems, "Exécutions non reproductibles :\n  " + "\n  ".join(problems[:50])
