"""Tables and chart of the scenario comparison page (06_scenarios), from the comparison table
(unrounded numbers computed by the chapters' models), never from the chapters' text."""

from __future__ import annotations

import pandas as pd

from .. import chapitres, charts, fmt, publish
from ..chapitres.base import montrer
from ..resultats import formater
from ..scenarios import Scenario

SOURCES = ["hypothese_auteurs"]


def _text(row, column: str) -> str:
    return formater(getattr(row, column), row.unit, row.decimals, "model" if row.model else "exact")


def moving(comparison: pd.DataFrame) -> pd.DataFrame:
    """One row per result that changes under at least one scenario, numbered in book order."""
    keys = comparison[comparison["changed"]][["chapter", "key"]].drop_duplicates()
    rows = comparison.merge(keys).drop_duplicates(["chapter", "key"]).sort_values(["chapter", "key"])
    rows = rows.reset_index(drop=True)
    rows["number"] = range(1, len(rows) + 1)
    return rows[["number", "chapter", "key", "label", "unit", "decimals", "model", "baseline"]]


# Signed rates and differences: the ratio of two of them (−0,3 %/an against −0,1 %/an) means nothing.
NO_RELATIVE_GAP = {"%/an", "pts"}


def gaps(comparison: pd.DataFrame, numbered: pd.DataFrame) -> pd.DataFrame:
    """Relative gap to the baseline of each changed value, in percent, on unrounded values
    (not for signed rates, nor for a zero baseline)."""
    comparable = (comparison["baseline"] != 0) & ~comparison["unit"].isin(NO_RELATIVE_GAP)
    changed = comparison[comparison["changed"] & comparable]
    frame = changed.merge(numbered[["chapter", "key", "number"]])
    frame = frame.assign(gap=(frame["value"] / frame["baseline"] - 1) * 100)
    return frame.sort_values(["number", "scenario"]).reset_index(drop=True)


def largest_gap(plotted: pd.DataFrame, titles: dict[str, str]) -> str:
    biggest = plotted.loc[plotted["gap"].abs().idxmax()]
    row = next(plotted.loc[[biggest.name]].itertuples())
    sign = "+" if biggest["gap"] > 0 else "−"
    return (
        f"{sign}{fmt.percent(abs(biggest['gap']), 0)} pour le chiffre n° {fmt.number(biggest['number'])} "
        f"({chapitres.TITRES[biggest['chapter']]} : {_text(row, 'baseline')} dans la référence, "
        f"{_text(row, 'value')} sous le scénario « {titles[biggest['scenario']]} »)"
    )


def scenario_list(loaded: list[Scenario], comparison: pd.DataFrame) -> None:
    n_changed = comparison.groupby("scenario")["changed"].sum()
    publish.table(
        "tab-scenarios-liste",
        pd.DataFrame(
            {
                "Scénario": [s.title for s in loaded],
                "Fichier": [f"scenarios/{s.path.name}" for s in loaded],
                "Justification": [s.rationale for s in loaded],
                "Chapitres recalculés": [", ".join(chapitres.TITRES[c] for c in s.chapters) for s in loaded],
                "Résultats modifiés": [fmt.number(int(n_changed[s.stem])) for s in loaded],
            }
        ),
        caption="Les scénarios livrés avec le livre.",
        sources=SOURCES,
    )


def parameter_changes(loaded: list[Scenario], spec: dict) -> None:
    rows = [
        {
            "Scénario": s.title,
            "Chapitre": chapitres.TITRES[c.chapter],
            "Paramètre": c.name,
            "Signification": c.meaning,
            "Unité": c.unit or "—",
            "Référence": montrer(c.baseline),
            "Valeur du scénario": montrer(c.value),
        }
        for s in loaded
        for c in s.changes(spec)
    ]
    publish.table(
        "tab-scenarios-parametres",
        pd.DataFrame(rows),
        caption="Les paramètres que chaque scénario modifie, avec leur valeur de référence.",
        sources=SOURCES,
    )


def comparison_table(loaded: list[Scenario], comparison: pd.DataFrame, numbered: pd.DataFrame) -> None:
    table = pd.DataFrame(
        {
            "N°": numbered["number"].map(fmt.number),
            "Chapitre": numbered["chapter"].map(chapitres.TITRES),
            "Résultat": numbered["label"],
            "Référence": [_text(r, "baseline") for r in numbered.itertuples()],
        }
    )
    values = comparison.set_index(["scenario", "chapter", "key"])
    for s in loaded:
        cells = []
        for r in numbered.itertuples():
            row = next(values.loc[[(s.stem, r.chapter, r.key)]].reset_index().itertuples())
            cells.append(_text(row, "value") if row.changed else "=")
        table[s.title] = cells
    publish.table(
        "tab-scenarios-comparaison",
        table,
        caption="Résultats qui changent sous au moins un scénario : référence et valeur de chaque scénario "
        "(« = » : identique à la référence).",
        sources=SOURCES,
    )


def _legend(text: str) -> str:
    """A title as matplotlib shows it literally: `$` would start math, a leading `_` hides it."""
    text = text.replace("$", r"\$")
    return "\u200b" + text if text.startswith("_") else text


def gaps_chart(loaded: list[Scenario], plotted: pd.DataFrame) -> None:
    order = sorted(plotted["number"].unique(), reverse=True)  # n° 1 at the top
    position = {n: i for i, n in enumerate(order)}
    chapter_of = dict(zip(plotted["number"], plotted["chapter"]))
    colours = list(charts.PALETTE.values())
    height = 0.8 / len(loaded)
    fig, ax = charts.figure(height=max(3.2, 0.45 * len(order) + 1.6))
    for i, s in enumerate(loaded):
        part = plotted[plotted["scenario"] == s.stem]
        ys = [position[n] + (len(loaded) / 2 - i - 0.5) * height for n in part["number"]]
        ax.barh(ys, part["gap"], height=height * 0.95, color=colours[i], label=_legend(s.title))
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels([f"n° {fmt.number(n)} · {chapitres.TITRES[chapter_of[n]]}" for n in order])
    ax.set_xlabel("Écart à la référence (%)")
    charts.french_axis(ax, "x", percent=True)
    ax.grid(axis="y", visible=False)
    ax.legend(title="Scénario", loc="lower right", frameon=False)
    titles = {s.stem: s.title for s in loaded}
    summary = " ; ".join(
        f"{titles[r.scenario]}, n° {fmt.number(r.number)} : {fmt.percent(r.gap, 0)}"
        for r in plotted.sort_values("gap", key=abs, ascending=False).head(4).itertuples()
    )
    charts.finish(
        fig,
        "fig-scenarios-ecarts",
        title="Les hypothèses déplacent surtout les résultats des modèles, dans les deux sens",
        caption="Écart relatif de chaque résultat à sa valeur de référence, par scénario (valeurs non arrondies).",
        alt=(
            f"Barres horizontales : écart en pourcentage à la référence de {fmt.number(len(order))} résultats, "
            f"par scénario. Plus grands écarts : {summary}."
        ),
        data=plotted[["number", "chapter", "key", "label", "scenario", "baseline", "value", "gap"]],
        sources=SOURCES,
    )
