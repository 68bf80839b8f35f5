"""Benchmark of the book on this machine (`make bench`): not a test, a measurement.

Times (1) executing every notebook bare in fresh kernels (nbclient), (2) a clean `make book`
(_build deleted first), (3) a rebuild after a blank line is added to book/methode.md (it must
re-execute no notebook), (4) one scenario run, (5) `make test`; then the size of the site and
of its heaviest page with its images. Prints the figures and writes them to BENCHMARKS.md.

Targets: clean build ≤ 1.5 × bare execution; the prose rebuild executes no notebook;
site < 25 MB.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
PROSE_PAGE = ROOT / "book" / "methode.md"
REPORT = ROOT / "BENCHMARKS.md"
LOGS = Path(tempfile.mkdtemp(prefix="bench-"))
EXECUTED = re.compile(r"Executing notebook", re.I)
TARGET_BUILD_RATIO = 1.5
TARGET_SITE_MB = 25


def run(name: str, command: list[str], *, required: bool = True) -> tuple[float, str, int]:
    """Run a command from the repository root: duration, log and exit code.

    A failing required step stops the benchmark (the next figures would mean nothing)."""
    log = LOGS / f"{name}.log"
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        result = subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        message = f"Échec de « {' '.join(command)} » (code {result.returncode}) : voir {log}"
        if required:
            sys.exit(message)
        print(message, flush=True)
    return elapsed, log.read_text(encoding="utf-8", errors="replace"), result.returncode


def bare_execution() -> float:
    """Every notebook in a fresh kernel, one after the other, as the build does."""
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    os.environ["TERRITOIRES_DOWNLOADS"] = str(LOGS / "downloads")  # keep book/downloads untouched
    start = time.perf_counter()
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(
            notebook, timeout=1800, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    del os.environ["TERRITOIRES_DOWNLOADS"]
    return time.perf_counter() - start


def clean_build() -> float:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    return run("book-clean", ["make", "book"])[0]


def prose_rebuild() -> tuple[float, int]:
    """Rebuild after a blank line is added to a prose page; seconds, notebooks executed."""
    original = PROSE_PAGE.read_bytes()
    touched = original + b"\n"
    PROSE_PAGE.write_bytes(touched)
    try:
        elapsed, log, _ = run("book-prose", ["make", "book"])
    finally:
        if PROSE_PAGE.read_bytes() == touched:  # never overwrite someone's edit made meanwhile
            PROSE_PAGE.write_bytes(original)
    return elapsed, len(EXECUTED.findall(log))


def scenario_run() -> tuple[str, float | None]:
    files = sorted((ROOT / "scenarios").glob("*.yml")) if (ROOT / "scenarios").is_dir() else []
    if not files:
        return "n/a", None
    name = files[0].relative_to(ROOT).as_posix()
    return name, run("scenario", ["make", "scenario", f"SCENARIO={name}"])[0]


class ImageSources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            src = dict(attrs).get("src")
            if src and not urlsplit(src).scheme:
                self.sources.add(unquote(urlsplit(src).path))


def page_weight(page: Path) -> int:
    """Bytes of an HTML page plus those of the images it shows (each counted once)."""
    parser = ImageSources()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    images = {(page.parent / src).resolve() for src in parser.sources}
    return page.stat().st_size + sum(p.stat().st_size for p in images if p.is_file())


def site_sizes() -> tuple[int, str, int]:
    total = sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file())
    pages = [p for p in SITE.rglob("*.html") if not p.relative_to(SITE).as_posix().startswith("_")]
    heaviest = max(pages, key=page_weight)
    return total, heaviest.relative_to(SITE).as_posix(), page_weight(heaviest)


def mb(size: int) -> str:
    return f"{size / 1e6:.1f} Mo"


def verdict(ok: bool) -> str:
    return "atteint" if ok else "NON ATTEINT"


def report(figures: dict) -> str:
    f = figures
    build_ratio = f["clean"] / f["bare"]
    prose_ratio = f["prose"] / f["clean"]
    scenario = f"{f['scenario']:.0f} s ({f['scenario_file']})" if f["scenario"] is not None else "n/a"
    rows = [
        ("(1) exécution nue des notebooks (nbclient, noyaux neufs)", f"{f['bare']:.0f} s", ""),
        (
            "(2) `make book` propre (_build supprimé)",
            f"{f['clean']:.0f} s",
            f"(2)/(1) = {build_ratio:.2f} ; cible ≤ {TARGET_BUILD_RATIO} : {verdict(build_ratio <= TARGET_BUILD_RATIO)}",
        ),
        (
            "(3) reconstruction après une ligne blanche dans book/methode.md",
            f"{f['prose']:.0f} s",
            f"(3)/(2) = {prose_ratio:.2f} ; notebooks réexécutés : {f['executed']} "
            f"(cible 0 : {verdict(f['executed'] == 0)})",
        ),
        ("(4) un scénario (`make scenario`)", scenario, ""),
        (
            "(5) `make test`",
            f"{f['test']:.0f} s",
            "réussi" if f["test_code"] == 0 else f"ÉCHEC (code {f['test_code']}) : temps jusqu'à l'échec",
        ),
        (
            "Taille de _build/html",
            mb(f["site"]),
            f"cible < {TARGET_SITE_MB} Mo : {verdict(f['site'] < TARGET_SITE_MB * 1e6)}",
        ),
        ("Page la plus lourde, images comprises", mb(f["page_weight"]), f"`{f['page']}`"),
    ]
    lines = [
        "# Mesures de performance",
        "",
        "Produit par `make bench` (scripts/bench.py) : ne pas modifier à la main.",
        "",
        f"- Date : {f['date']}",
        f"- Machine : {os.cpu_count()} cœurs (nproc), {platform.machine()}, Python {platform.python_version()}",
        "",
        "| Mesure | Valeur | Remarque |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
        "Les temps dépendent de la charge de la machine au moment de la mesure.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    figures = {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
    print(f"Journaux dans {LOGS}")
    steps = [
        ("bare", "(1) exécution nue des notebooks", bare_execution),
        ("clean", "(2) make book propre", clean_build),
    ]
    for key, label, step in steps:
        figures[key] = step()
        print(f"{label} : {figures[key]:.1f} s", flush=True)
    figures["prose"], figures["executed"] = prose_rebuild()
    print(
        f"(3) reconstruction après modification de texte : {figures['prose']:.1f} s, "
        f"{figures['executed']} notebook(s) réexécuté(s)",
        flush=True,
    )
    figures["scenario_file"], figures["scenario"] = scenario_run()
    print(
        f"(4) scénario {figures['scenario_file']} : "
        + (f"{figures['scenario']:.1f} s" if figures["scenario"] is not None else "n/a"),
        flush=True,
    )
    figures["test"], _, figures["test_code"] = run("test", ["make", "test"], required=False)
    print(f"(5) make test : {figures['test']:.1f} s (code {figures['test_code']})", flush=True)
    figures["site"], figures["page"], figures["page_weight"] = site_sizes()
    text = report(figures)
    REPORT.write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"Écrit dans {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
