"""Sphinx extension: a page that pastes a value glued in another notebook depends on it.

MyST-NB resolves `{glue:text}`other.ipynb::key`` from the other notebook's stored outputs but
does not tell Sphinx, so after the other notebook changes, the page would keep the old value.
Noting the dependency makes Sphinx re-read the page whenever that notebook is rewritten.
"""

from __future__ import annotations

import re
from pathlib import Path

CROSS_GLUE = re.compile(r"\{glue(?::[a-z]+)?\}`([^`:]+\.ipynb)::")


def note_glue_sources(app, docname: str, source: list[str]) -> None:
    folder = Path(app.env.doc2path(docname)).parent
    for name in sorted(set(CROSS_GLUE.findall(source[0]))):
        target = (folder / name).resolve()
        if not target.is_file():
            raise FileNotFoundError(f"{docname} colle une valeur de {name}, introuvable ({target.name})")
        app.env.note_dependency(str(target))


def setup(app):
    app.connect("source-read", note_glue_sources)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
