"""End to end: after a change, `make book` alone shows the new value on every page, the old on none.

A copy of the project (the files git tracks or would track, made a git repository) gets a
small table of contents: a home page that pastes a value glued in a notebook, and that
notebook, which quotes a fact of `data/raw/facts.csv`. The copy is built with the same
command as `make book` (`python -m territoires.build`, the copy's package first on the path),
then:

- a raw value changes: the data step, the notebook and both pages follow;
- a prose-only edit: no notebook is executed;
- a change in the package: the notebook that imports it is executed again.

The book's own notebooks are not executed here (nbval and the build already run each once).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from territoires import paths

pytestmark = pytest.mark.full  # builds a (small) book

FACT_ID = "sofie_dossiers_2019"
NOTEBOOK = "notebooks/95_valeur.ipynb"
HOME = "book/accueil.md"
TOC = f"""format: jb-book
root: book/accueil
chapters:
  - file: {NOTEBOOK.removesuffix(".ipynb")}
"""


def tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=paths.ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [name for name in listed.split("\0") if name and (paths.ROOT / name).is_file()]


def make_copy(target: Path) -> Path:
    for name in tracked_files():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(paths.ROOT / name, destination)
    (target / "_toc.yml").write_text(TOC, encoding="utf-8")
    for scenario in (target / "scenarios").glob("*.yml"):
        scenario.unlink()  # their runs execute real chapters: tested apart, on fixtures
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Valeur\n\nDossiers suivis : {glue:text}`dossiers`."),
        nbformat.v4.new_code_cell(
            f'from territoires import data, publish\n\npublish.text("dossiers", data.fact("{FACT_ID}").text())'
        ),
    ]
    nbformat.write(notebook, target / NOTEBOOK)
    (target / HOME).write_text(
        "# Accueil\n\nValeur collée d'un autre notebook : {glue:text}`../notebooks/95_valeur.ipynb::dossiers:s`.\n",
        encoding="utf-8",
    )
    git = ["git", "-c", "user.name=essai", "-c", "user.email=essai@localhost"]
    subprocess.run([*git, "init", "-q"], cwd=target, check=True)
    subprocess.run([*git, "add", "-A"], cwd=target, check=True)
    subprocess.run([*git, "commit", "-qm", "copie"], cwd=target, check=True)
    return target


def build(project: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    env.pop("TERRITOIRES_DOWNLOADS", None)
    result = subprocess.run(
        [sys.executable, "-m", "territoires.build"], cwd=project, env=env, capture_output=True, text=True, timeout=900
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    return log


def executed(log: str) -> int:
    return int(re.search(r"==> (\d+) notebook\(s\) exécuté\(s\)", log).group(1))


def page_text(project: Path, page: str) -> str:
    html = (project / "_build" / "html" / page).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u202f", " ").replace("\u00a0", " ")


def set_fact_value(project: Path, old: str, new: str) -> None:
    facts = project / "data" / "raw" / "facts.csv"
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{FACT_ID},"))
    assert f",{old},,," in lines[index], lines[index]
    lines[index] = lines[index].replace(f",{old},,,", f",{new},,,", 1)
    facts.write_text("".join(lines), encoding="utf-8")


def test_a_raw_change_shows_on_every_page_and_a_prose_edit_executes_nothing(tmp_path):
    project = make_copy(tmp_path / "livre")
    first = build(project)
    assert executed(first) == 1, first[-2000:]
    pages = ["notebooks/95_valeur.html", "book/accueil.html"]
    for page in pages:
        assert "208 dossiers" in page_text(project, page), page

    set_fact_value(project, "208", "999")
    second = build(project)
    assert "réécrit : data/processed/facts.csv" in second
    assert executed(second) == 1
    for page in pages:
        text = page_text(project, page)
        assert "999 dossiers" in text, f"{page} : nouvelle valeur absente"
        assert "208 dossiers" not in text, f"{page} : ancienne valeur encore affichée"

    home = project / HOME
    home.write_text(home.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    third = build(project)
    assert executed(third) == 0, "une modification du texte seul a réexécuté un notebook"
    assert "Une phrase ajoutée." in page_text(project, "book/accueil.html")

    fmt = project / "src" / "territoires" / "fmt.py"
    fmt.write_text(fmt.read_text(encoding="utf-8") + "\n# modification du paquet\n", encoding="utf-8")
    fourth = build(project)
    assert executed(fourth) == 1, "le notebook qui importe le module modifié n'a pas été réexécuté"
