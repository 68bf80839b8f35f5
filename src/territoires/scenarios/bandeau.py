"""Banners of a scenario's variant book: which scenario, why, and which values it changed."""

from __future__ import annotations

import re

from .. import paths, publish
from ..chapitres.base import montrer
from .fichiers import Scenario, chapters

BANNER_ID = "scenario-banner"


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
        f"| {publish.escape(c.name)} | {publish.escape(c.unit or '—')} | "
        f"{publish.escape(montrer(c.baseline))} | {publish.escape(montrer(c.value))} |"
        for c in scenario.changes(spec)
        if c.chapter == chapter
    ]
    return "\n".join(
        [
            *_banner_head(scenario),
            f"Cette page est recalculée avec les valeurs du tableau ci-dessous (fichier "
            f"{publish.escape(paths.relative(scenario.path))}) ; les chiffres du texte, les tableaux et les "
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
    """For a page that is not recomputed but reads the results of recomputed chapters."""
    return "\n".join(
        [
            *_banner_head(scenario),
            "Cette page n'est pas recalculée sous ce scénario : les chiffres qu'elle reprend des chapitres "
            "recalculés ("
            + ", ".join(publish.escape(s) for s in sources)
            + ") y gardent leur valeur de référence ; la page {ref}`scenarios` les compare.",
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
