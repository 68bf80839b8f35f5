"""Figures of the data chapter (00): what the fact table holds."""

from __future__ import annotations

import pandas as pd

from territoires import charts, fmt
from territoires import sources as kinds

THEMES = {
    "attractivite": "Attractivité",
    "transition": "Transition industrielle",
    "formation": "Formation",
    "proximite": "Économie de proximité",
    "contexte": "Contexte",
}


def inventaire(facts: pd.DataFrame) -> pd.DataFrame:
    """Number of facts by theme (rows) and kind of source (columns, in the grading order)."""
    table = (
        facts.assign(Thème=facts["theme"].map(THEMES), Source=facts["source_kind"].map(kinds.label))
        .pivot_table(index="Thème", columns="Source", values="fact_id", aggfunc="count", fill_value=0)
        .reindex(index=list(THEMES.values())[::-1])
        .fillna(0)
        .astype(int)
    )
    return table[[k for k in map(kinds.label, kinds.KINDS) if k in table.columns]]


def figure_inventaire(facts: pd.DataFrame) -> None:
    table = inventaire(facts)
    fig, ax = charts.figure(height=4.6)
    left = pd.Series(0, index=table.index)
    for colour, kind in zip(charts.PALETTE.values(), table.columns):
        ax.barh(table.index, table[kind], left=left, color=colour, label=kind)
        left += table[kind]
    ax.set_xlabel("Nombre de faits")
    charts.french_axis(ax, "x")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    ax.grid(axis="y", visible=False)
    top_theme = table.sum(axis=1).idxmax()
    charts.finish(
        fig,
        "fig-donnees-inventaire",
        title=f"{top_theme} : le thème le mieux documenté de la table des faits",
        caption="Nombre de faits de la table par thème et par nature de source.",
        alt=(
            "Barres horizontales empilées du nombre de faits par thème, ventilé par nature de source : "
            + "; ".join(f"{t} {fmt.number(n)}" for t, n in table.sum(axis=1).items())
        ),
        data=table.reset_index(),
        sources=["livre_table_des_faits"],
    )
