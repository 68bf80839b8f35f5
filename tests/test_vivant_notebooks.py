"""Live assumptions against the notebooks themselves (full tier: runs notebooks, ~1 min).

Each chapter's notebook is executed (a copy, in a temporary folder) with its live controls set
to the next values of their grids: every string it then glues must be the live view's string for
that point, and every string that differs from the book's default run must be one the view
follows (so no number of the page stays behind when the reader moves a control)."""

from __future__ import annotations

import json

import nbformat
import pytest
from colles import textes_colles
from nbclient import NotebookClient

from territoires import paths, vivant
from territoires.scenarios.variante import environment
from territoires.vivant_chapitres import VUES

pytestmark = pytest.mark.full


def run(stem: str, values: dict, folder) -> dict[str, str]:
    """The notebook executed with `values` in its parameters cell (its live cell left out)."""
    nb = nbformat.read(paths.NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    nb.cells = [c for c in nb.cells if "vivant.afficher(" not in c.source]
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    lines = []
    for line in cell.source.splitlines():
        name = line.split("=", 1)[0].strip()
        lines.append(f"{name} = {values[name]!r}" if name in values else line)
    cell.source = "\n".join(lines)
    with environment(TERRITOIRES_RESULTATS=str(folder / "resultats"), TERRITOIRES_DOWNLOADS=str(folder / "downloads")):
        NotebookClient(nb, timeout=600, kernel_name="python3").execute(cwd=str(paths.NOTEBOOKS))
    return textes_colles(nb)


@pytest.mark.parametrize("stem", sorted(VUES))
def test_the_notebook_run_at_another_point_glues_the_live_strings(stem, tmp_path):
    vue = VUES[stem]
    default = vue.parametres()
    axes, _ = vivant.grille(vue, default)
    chosen = {}
    for control, axis in zip(vue.controles, axes):  # the next value of each control's grid
        index = axis.index(getattr(default, control.nom))
        chosen[control.nom] = axis[index + 1] if index + 1 < len(axis) else axis[index - 1]
    p = vue.parametres.valider({**default.valeurs(), **chosen})
    R = vue.modele.compute(p)
    expected = {key: function(p, R) for key, function in vue.textes.items()}
    book = textes_colles(json.loads((paths.NOTEBOOKS / f"{stem}.ipynb").read_text(encoding="utf-8")))
    moved = run(stem, chosen, tmp_path)
    for key, text in expected.items():
        assert moved[key] == text, f"{stem} {chosen} : {key}"
    behind = sorted(k for k in moved if moved[k] != book.get(k) and k not in expected)
    assert not behind, f"{stem} {chosen} : textes collés qui changent sans être suivis : {behind}"
