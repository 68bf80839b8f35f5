"""Benchmark of the book on this machine (`make bench`): not a test, a measurement.

In one run, from the repository root:

1. bare execution: every notebook of the table of contents, one after the other, each in a fresh
   kernel with plain nbclient (downloads go to a temporary folder; notebooks are not written back);
2. clean build: `_build` deleted, then `make book` (time, notebooks executed); then (2b) the A4 PDFs
   of every page and of the whole book printed again by Chromium (`territoires.pdf`, in process):
   time, sizes, page counts;
3. prose rebuild: a blank line appended to book/methode.md, `make book`, file restored;
4. data rebuild: one raw value changed in data/raw/facts.csv (`sofie_dossiers_2019`, 208 → 999),
   `make book`; the notebooks executed, and how many built pages show the new value and still show
   the old one; then facts.csv is restored byte for byte and `make book` run again (not timed) so
   that the notebooks and processed tables come back to what they were;
5. `make check`; 6. `make test`; 7. the size of the site (without the PDFs, counted in (2b)) and
   of its heaviest page with its images; 8. the live assumptions of the chapters (territoires.vivant):
   median time from a control's change to the updated text, in Chromium, and the weight they add to a
   chapter page (territoires.vivant_mesure).

Targets: (2) ≤ 1.5 × (1); (2b) < 60 s; (3) executes no notebook; (4) leaves no page with the old
value; (5) < 30 s; (6) passes in ≤ 3 × (1); site < 25 MB; (8) < 100 ms and < 300 KB per page. Ratios
are taken within the run, so that the load of the machine affects both sides. book/methode.md and
facts.csv are restored even on failure or Ctrl-C (unless someone edited them meanwhile); the second
build of (4) also runs after a failure, but not after Ctrl-C: then run `make book` to bring the
notebooks back. Prints the figures and writes them to BENCHMARKS.md.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
from nbclient import NotebookClient

from territoires import pdf
from territoires.build import versioned_files
from territoires.execution import toc_notebooks

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
PROSE_PAGE = ROOT / "book" / "methode.md"
FACTS = ROOT / "data" / "raw" / "facts.csv"
REPORT = ROOT / "BENCHMARKS.md"
LOGS = Path(tempfile.mkdtemp(prefix="bench-"))

FACT_ID = "sofie_dossiers_2019"
NEW_VALUE = "999"

# Lines written by `python -m territoires.build`
EXECUTING = re.compile(r"^==> Exécution de (\S+\.ipynb) \(", re.M)
SUMMARY = re.compile(r"^==> (\d+) notebook\(s\) exécuté\(s\)", re.M)

TARGET_BUILD_RATIO = 1.5
TARGET_TEST_RATIO = 3
TARGET_CHECK_SECONDS = 30
TARGET_SITE_MB = 25
TARGET_PDF_SECONDS = 60
TARGET_VIVANT_MS = 100
TARGET_VIVANT_KO = 300


@dataclass
class Figures:
    date: str
    bare: float = 0.0
    notebooks: int = 0
    clean: float = 0.0
    clean_executed: list[str] = field(default_factory=list)
    pdf_seconds: float = 0.0
    pdfs: list[pdf.Imprime] = field(default_factory=list)
    prose: float = 0.0
    prose_executed: list[str] = field(default_factory=list)
    data: float = 0.0
    data_executed: list[str] = field(default_factory=list)
    old_value: str = ""
    unit: str = ""
    new_pages: list[str] = field(default_factory=list)
    old_pages: list[str] = field(default_factory=list)
    not_restored: list[str] = field(default_factory=list)
    check: float = 0.0
    check_code: int = 0
    test: float = 0.0
    test_code: int = 0
    compare: float = 0.0
    compare_rows: int = 0
    code_lines: int = 0
    site: int = 0
    page: str = ""
    page_weight: int = 0
    vivant: list = field(default_factory=list)  # (8) territoires.vivant_mesure.Mesure


# --- running commands -------------------------------------------------------------------------


def run(name: str, command: list[str], *, required: bool = True) -> tuple[float, str, int]:
    """Run a command from the repository root: duration, log and exit code.

    A failing required step stops the benchmark (the next figures would mean nothing)."""
    log = LOGS / f"{name}.log"
    print(f"    {' '.join(command)} (journal : {log})", flush=True)
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        result = subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        message = f"Échec de « {' '.join(command)} » (code {result.returncode}) : voir {log}"
        print(message, file=sys.stderr, flush=True)
        if required:
            sys.exit(1)
    return elapsed, log.read_text(encoding="utf-8", errors="replace"), result.returncode


def executed_notebooks(log: str, name: str) -> list[str]:
    """The notebooks a build executed, from its log; the count is the one of the summary line."""
    summary = SUMMARY.search(log)
    if summary is None:
        print(f"Ligne « ==> N notebook(s) exécuté(s) » absente : voir {LOGS / name}.log", file=sys.stderr)
        sys.exit(1)
    names = EXECUTING.findall(log)
    if len(names) != int(summary.group(1)):
        print(f"Attention : {summary.group(1)} notebook(s) selon le résumé, {len(names)} ligne(s) d'exécution")
    return names


def make_book(name: str) -> tuple[float, list[str]]:
    """`make book`: seconds and the notebooks it executed."""
    elapsed, log, _ = run(name, ["make", "book"])
    return elapsed, executed_notebooks(log, name)


def restore(path: Path, original: bytes, written: bytes) -> None:
    """Put back a file's original bytes, unless someone changed it meanwhile (then say so)."""
    if path.read_bytes() == written:
        path.write_bytes(original)
    elif path.read_bytes() != original:
        print(f"Attention : {path.relative_to(ROOT)} modifié pendant la mesure, laissé tel quel", file=sys.stderr)


@contextlib.contextmanager
def environment(name: str, value: str):
    """Set an environment variable (inherited by the kernels started inside), then restore it."""
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            del os.environ[name]
        else:
            os.environ[name] = previous


# --- (1) to (4): executions and builds --------------------------------------------------------


def bare_execution() -> tuple[float, int]:
    """Every notebook of the table of contents in a fresh kernel, one after the other; nothing
    is written back. Seconds and number of notebooks."""
    notebooks = toc_notebooks()
    with environment("TERRITOIRES_DOWNLOADS", str(LOGS / "downloads")):  # book/downloads untouched
        start = time.perf_counter()
        for path in notebooks:
            print(f"    {path.relative_to(ROOT)}", flush=True)
            notebook = nbformat.read(path, as_version=4)
            resources = {"metadata": {"path": str(path.parent)}}
            NotebookClient(notebook, timeout=1800, kernel_name="python3", resources=resources).execute()
        elapsed = time.perf_counter() - start
    return elapsed, len(notebooks)


def clean_build() -> tuple[float, list[str]]:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    return make_book("book-propre")


def pdf_printing() -> tuple[float, list[pdf.Imprime]]:
    """(2b) Every PDF printed again from the site just built (Chromium started once)."""
    start = time.perf_counter()
    report = pdf.imprimer(tout=True, log=lambda line: print(f"    {line}", flush=True))
    return time.perf_counter() - start, report.pdfs


def prose_rebuild() -> tuple[float, list[str]]:
    """Rebuild after a blank line is appended to a prose page."""
    original = PROSE_PAGE.read_bytes()
    touched = original + b"\n"
    PROSE_PAGE.write_bytes(touched)
    try:
        return make_book("book-texte")
    finally:
        restore(PROSE_PAGE, original, touched)


def field_spans(line: str) -> list[tuple[int, int]]:
    """Start and end of each field of one CSV line (without its line ending), quotes respected."""
    starts, quoted = [0], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(index + 1)
    ends = [start - 1 for start in starts[1:]] + [len(line)]
    return list(zip(starts, ends))


def with_value(text: str, fact_id: str, value: str) -> tuple[str, str, str]:
    """The facts table with one fact's value replaced, every other byte kept; also the old
    value and the unit."""
    lines = text.splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    value_column, unit_column = header.index("value"), header.index("unit")
    matches = [i for i, line in enumerate(lines) if line.startswith(f"{fact_id},")]
    if len(matches) != 1:
        raise ValueError(f"{len(matches)} ligne(s) pour le fait {fact_id} au lieu d'une")
    line = lines[matches[0]]
    content = line.rstrip("\r\n")
    start, end = field_spans(content)[value_column]
    old = content[start:end]
    if old == value:
        raise ValueError(f"Le fait {fact_id} vaut déjà {value}")
    unit = next(csv.reader([content]))[unit_column]
    lines[matches[0]] = content[:start] + value + content[end:] + line[len(content) :]
    return "".join(lines), old, unit


class VisibleText(HTMLParser):
    """The text of a page: tags stripped, entities decoded, scripts and styles left out."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts).replace("\u202f", " ").replace("\u00a0", " ")  # a tag separates words
    return re.sub(r"[ \t\r\n]+", " ", text)


def shows(text: str, value: str, unit: str) -> bool:
    """True if the text shows « value unit » as a whole number (not « 1 208 » for « 208 »)."""
    return re.search(rf"(?<![\d.,])(?<!\d ){re.escape(value)} {re.escape(unit)}\b", text) is not None


def pages_showing(value: str, unit: str) -> list[str]:
    pages = sorted(SITE.rglob("*.html"))
    texts = {p: visible_text(p.read_text(encoding="utf-8", errors="replace")) for p in pages}
    return [p.relative_to(SITE).as_posix() for p, text in texts.items() if shows(text, value, unit)]


def come_back(before: dict[str, str]) -> list[str]:
    """`make book` after facts.csv is restored (not timed; a failure stops the benchmark), then
    the versioned files that differ from before step (4)."""
    print("    retour à l'état initial", flush=True)
    make_book("book-retour")
    after = versioned_files()
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def data_rebuild(figures: Figures) -> None:
    """Rebuild after one raw value changed; then restore the value and rebuild to come back."""
    before = versioned_files()
    original = FACTS.read_bytes()
    text, figures.old_value, figures.unit = with_value(original.decode("utf-8"), FACT_ID, NEW_VALUE)
    changed = text.encode("utf-8")
    FACTS.write_bytes(changed)
    interrupted = False
    try:
        figures.data, figures.data_executed = make_book("book-donnee")
        figures.new_pages = pages_showing(NEW_VALUE, figures.unit)
        figures.old_pages = pages_showing(figures.old_value, figures.unit)
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        restore(FACTS, original, changed)
        if interrupted:
            print("Interrompu : lancer « make book » pour remettre les notebooks dans leur état.", file=sys.stderr)
        else:
            figures.not_restored = come_back(before)
    if figures.not_restored:
        names = "\n  ".join(figures.not_restored)
        print(f"Attention : fichiers versionnés différents d'avant l'étape (4) :\n  {names}", file=sys.stderr)


# --- (7): the site ----------------------------------------------------------------------------


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
    """Size of the site without its PDFs (measured in (2b)), its heaviest page and that page's weight."""
    printed = SITE / pdf.PDF_DOSSIER
    total = sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file() and printed not in p.parents)
    pages = [p for p in SITE.rglob("*.html") if not p.relative_to(SITE).as_posix().startswith("_")]
    heaviest = max(pages, key=page_weight)
    return total, heaviest.relative_to(SITE).as_posix(), page_weight(heaviest)


# --- report -----------------------------------------------------------------------------------


def notebook_code_lines() -> int:
    """Non-blank lines in the code cells of the book's notebooks."""
    return sum(
        1
        for path in sorted((ROOT / "notebooks").glob("*.ipynb"))
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if line.strip()
    )


def mb(size: int) -> str:
    return f"{size / 1e6:.1f} Mo"


def verdict(ok: bool) -> str:
    return "atteint" if ok else "NON ATTEINT"


def outcome(code: int) -> str:
    return "réussi" if code == 0 else f"ÉCHEC (code {code}) : temps jusqu'à l'échec"


def listed(names: list[str]) -> str:
    return f" ({', '.join(f'`{n}`' for n in names)})" if names else ""


def pdf_summary(f: Figures) -> str:
    """The book's PDF, the set, and the largest chapter."""
    book = next(p for p in f.pdfs if p.nom == pdf.PDF_LIVRE)
    chapters = [p for p in f.pdfs if p.nom != pdf.PDF_LIVRE]
    largest = max(chapters, key=lambda p: p.octets)
    return (
        f"livre entier : {book.pages} pages, {mb(book.octets)} ; {len(chapters)} chapitres : "
        f"{sum(p.pages for p in chapters)} pages, {mb(sum(p.octets for p in chapters))} "
        f"(le plus gros : `{largest.nom}`, {largest.pages} pages, {mb(largest.octets)}) ; "
        f"ensemble : {mb(sum(p.octets for p in f.pdfs))}"
    )


def rows(f: Figures) -> list[tuple[str, str, str]]:
    build_ratio = f.clean / f.bare
    test_ratio = f.test / f.bare
    old, new = f"{f.old_value} {f.unit}", f"{NEW_VALUE} {f.unit}"
    back = "retour à l'état initial vérifié"
    if f.not_restored:
        back = f"NON revenu à l'état initial{listed(f.not_restored)}"
    return [
        (
            "(1) exécution nue des notebooks (nbclient, noyaux neufs, l'un après l'autre)",
            f"{f.bare:.0f} s",
            f"{f.notebooks} notebooks de la table des matières",
        ),
        (
            "(2) `make book` propre (_build supprimé)",
            f"{f.clean:.0f} s",
            f"(2)/(1) = {build_ratio:.2f} ; cible ≤ {TARGET_BUILD_RATIO} : "
            f"{verdict(build_ratio <= TARGET_BUILD_RATIO)} ; "
            f"notebooks exécutés : {len(f.clean_executed)}",
        ),
        (
            "(2b) PDF A4 : chaque page et le livre entier, tous réimprimés (Chromium, `territoires.pdf`)",
            f"{f.pdf_seconds:.0f} s",
            f"cible < {TARGET_PDF_SECONDS} s : {verdict(f.pdf_seconds < TARGET_PDF_SECONDS)} ; {pdf_summary(f)}",
        ),
        (
            "(3) `make book` après une ligne blanche ajoutée à book/methode.md",
            f"{f.prose:.0f} s",
            f"notebooks réexécutés : {len(f.prose_executed)}{listed(f.prose_executed)} "
            f"(cible 0 : {verdict(not f.prose_executed)})",
        ),
        (
            f"(4) `make book` après une valeur changée dans data/raw/facts.csv "
            f"(`{FACT_ID}` : {f.old_value} → {NEW_VALUE})",
            f"{f.data:.0f} s",
            f"notebooks réexécutés : {len(f.data_executed)}{listed(f.data_executed)} ; "
            f"pages montrant « {new} » : {len(f.new_pages)} ; "
            f"encore « {old} » : {len(f.old_pages)}{listed(f.old_pages)} "
            f"(cible 0 : {verdict(not f.old_pages)}) ; {back}",
        ),
        (
            "(5) `make check`",
            f"{f.check:.0f} s",
            f"{outcome(f.check_code)} ; cible < {TARGET_CHECK_SECONDS} s : "
            f"{verdict(f.check_code == 0 and f.check < TARGET_CHECK_SECONDS)}",
        ),
        (
            "(6) `make test`",
            f"{f.test:.0f} s",
            f"{outcome(f.test_code)} ; (6)/(1) = {test_ratio:.2f} ; cible ≤ {TARGET_TEST_RATIO} : "
            f"{verdict(f.test_code == 0 and test_ratio <= TARGET_TEST_RATIO)}",
        ),
        (
            "(6b) comparaison des scénarios du dépôt (`python -m territoires.scenarios compare`)",
            f"{f.compare:.1f} s",
            f"{f.compare_rows} lignes ; modèles des chapitres appelés, aucun notebook exécuté",
        ),
        (
            "Lignes de code non vides dans les cellules des notebooks",
            str(f.code_lines),
            "cible ≤ 1 500 ; la logique vit dans le paquet",
        ),
        (
            "(7) taille de _build/html, sans les PDF",
            mb(f.site),
            f"cible < {TARGET_SITE_MB} Mo : {verdict(f.site < TARGET_SITE_MB * 1e6)}",
        ),
        ("Page la plus lourde, images comprises", mb(f.page_weight), f"`{f.page}`"),
        *[
            (
                f"(8) hypothèses vivantes, `{m.chapitre}` : changement de curseur → texte à jour (médiane)",
                f"{m.texte_ms:.1f} ms",
                f"cible < {TARGET_VIVANT_MS} ms : {verdict(m.texte_ms < TARGET_VIVANT_MS)} ; image suivante : "
                f"{m.image_ms:.0f} ms ; poids ajouté à la page : {m.ajout_octets / 1e3:.0f} Ko (grille "
                f"{m.bloc_octets / 1e3:.0f} Ko, vivant.js et vivant.css {m.statiques_octets / 1e3:.0f} Ko) ; "
                f"cible < {TARGET_VIVANT_KO} Ko : {verdict(m.ajout_octets < TARGET_VIVANT_KO * 1e3)}",
            )
            for m in f.vivant
        ],
    ]


def report(f: Figures) -> str:
    lines = [
        "# Mesures de performance",
        "",
        "Produit par `make bench` (scripts/bench.py) : ne pas modifier à la main.",
        "",
        f"- Date : {f.date}",
        f"- Machine : {os.cpu_count()} cœurs (nproc), {platform.machine()}, Python {platform.python_version()}",
        "",
        "| Mesure | Valeur | Remarque |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows(f)],
        "",
        "Les rapports sont calculés dans une même exécution de `make bench` ; les temps dépendent de la",
        "charge de la machine au moment de la mesure.",
        "",
    ]
    return "\n".join(lines)


# --- main -------------------------------------------------------------------------------------


def step(title: str) -> None:
    print(f"\n{title}", flush=True)


def main() -> None:
    f = Figures(date=dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
    print(f"Journaux dans {LOGS}")

    step("(1) exécution nue des notebooks")
    f.bare, f.notebooks = bare_execution()
    print(f"    {f.bare:.1f} s pour {f.notebooks} notebooks")

    step("(2) make book propre")
    f.clean, f.clean_executed = clean_build()
    print(f"    {f.clean:.1f} s, {len(f.clean_executed)} notebook(s) exécuté(s)")

    step("(2b) PDF A4 réimprimés")
    f.pdf_seconds, f.pdfs = pdf_printing()
    print(f"    {f.pdf_seconds:.1f} s ; {pdf_summary(f)}")

    step("(3) make book après une ligne blanche dans book/methode.md")
    f.prose, f.prose_executed = prose_rebuild()
    print(f"    {f.prose:.1f} s, {len(f.prose_executed)} notebook(s) réexécuté(s){listed(f.prose_executed)}")

    step(f"(4) make book après {FACT_ID} = {NEW_VALUE} dans data/raw/facts.csv")
    data_rebuild(f)
    print(f"    {f.data:.1f} s, {len(f.data_executed)} notebook(s) réexécuté(s){listed(f.data_executed)}")
    print(f"    pages avec « {NEW_VALUE} {f.unit} » : {len(f.new_pages)}", end=" ; ")
    print(f"avec « {f.old_value} {f.unit} » : {len(f.old_pages)}{listed(f.old_pages)}")

    step("(5) make check")
    f.check, _, f.check_code = run("check", ["make", "check"], required=False)
    print(f"    {f.check:.1f} s (code {f.check_code})")

    step("(6) make test")
    f.test, _, f.test_code = run("test", ["make", "test"], required=False)
    print(f"    {f.test:.1f} s (code {f.test_code})")

    step("(6b) comparaison des scénarios par les modèles")
    f.compare, out, _ = run("compare", [sys.executable, "-m", "territoires.scenarios", "compare"])
    f.compare_rows = sum(1 for line in out.splitlines() if line.endswith((",True", ",False")))
    print(f"    {f.compare:.1f} s, {f.compare_rows} lignes")
    f.code_lines = notebook_code_lines()

    f.site, f.page, f.page_weight = site_sizes()

    step("(8) hypothèses vivantes : latence et poids")
    from territoires import vivant_mesure

    f.vivant = vivant_mesure.mesurer(SITE)
    for m in f.vivant:
        print(f"    {m.chapitre} : {m.texte_ms:.1f} ms, {m.ajout_octets / 1e3:.0f} Ko")
    text = report(f)
    # Measured apart (the France-wide extraction needs npm): kept as its script wrote it.
    populations = ROOT / "data" / "official" / "populations" / "MESURES.md"
    if populations.is_file():
        text = text.rstrip("\n") + "\n\n" + populations.read_text(encoding="utf-8")
    REPORT.write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"Écrit dans {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
