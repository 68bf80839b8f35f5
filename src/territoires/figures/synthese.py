"""Figures and tables of the synthesis (05_synthese): the two territories' profile and the
audit of the founding articles."""

from __future__ import annotations

import textwrap

import pandas as pd

from .. import audit, charts, fmt, publish, sources, synthese

ARTICLES = sources.FOUNDING_ARTICLES
AUDIT_SOURCES = sorted(set(ARTICLES) | {"livre_table_des_faits"})
FLAGS = {
    "approximate": "approché",
    "undated": "non daté",
    "date_inferred": "date déduite",
    "confirmed": "confirmé",
    "contradicted": "contredit",
    "implausible": "invraisemblable",
}


def key_figures_table(figures: pd.DataFrame) -> None:
    publish.table(
        "tab-synthese-chiffres",
        synthese.key_figures_table(figures),
        caption=(
            "Chiffres clés des deux territoires (périmètres par défaut ; « non documenté » : pas de source comparable)."
        ),
        sources=synthese.sources_of(figures),
    )


def profile(figures: pd.DataFrame) -> None:
    """Small multiples, one per comparable indicator, stacked in a chart as narrow as a phone's
    column: the two territories side by side on each indicator's own scale."""
    chosen = figures[(figures["comparability"] == "comparable") & figures["value"].notna()].copy()
    keys = list(dict.fromkeys(chosen["key"]))
    chosen["order"] = chosen["key"].map({k: i for i, k in enumerate(keys)})
    chosen = chosen.sort_values(["order", "territory"])
    fig, axes = charts.figure(width=charts.WIDTH_PHONE, height=1.05 * len(keys) + 2.4, nrows=len(keys), squeeze=False)
    colour = {name: charts.TERRITORY_COLOURS[tid] for tid, name in synthese.TERRITORIES.items()}
    for ax, (_order, part) in zip(axes[:, 0], chosen.groupby("order", sort=True)):
        territories = list(part["territory"])
        year = part["unit"].iloc[0] == "année"  # a date, not a quantity: no bar from zero
        ax.barh(range(len(part)), 0 if year else part["value"], color=[colour[t] for t in territories], height=0.6)
        ax.set_yticks(range(len(part)), territories)
        ax.invert_yaxis()
        charts.panel_title(ax, part["indicator"].iloc[0])
        ax.set_xlim(0, part["value"].max() * 3.0)
        ax.set_xticks([])
        ax.spines[["bottom"]].set_visible(False)
        ax.grid(visible=False)
        for y, (value, text) in enumerate(zip(part["value"], part["text"])):
            ax.annotate(
                text,
                (0 if year else value, y),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=charts.TAILLE_TEXTE,
            )
    charts.finish(
        fig,
        "fig-synthese-profil",
        title="Même population, densités très différentes",
        caption=(
            f"Les {fmt.number(len(keys))} chiffres clés que les sources permettent de comparer d'un territoire "
            "à l'autre (même définition, même niveau de périmètre, même période) ; les autres figurent dans "
            "{numref}`tab-synthese-chiffres` avec la raison pour laquelle ils ne se comparent pas."
        ),
        alt=(
            f"{fmt.number(len(keys))} petits graphiques en barres comparant Béthune-Bruay et le Flandre-Audomarois : "
            + " ; ".join(f"{r.indicator} {r.territory} {r.text}" for r in chosen.itertuples())
        ),
        data=chosen[["key", "indicator", "territory", "value", "text", "date", "perimeter", "source_ids"]],
        sources=synthese.sources_of(chosen),
    )


def _flags(row) -> str:
    return ", ".join(name for column, name in FLAGS.items() if getattr(row, column)) or "aucun"


def audit_table(table: pd.DataFrame) -> None:
    publish.table(
        "tab-synthese-audit",
        pd.DataFrame(
            {
                "Article": table["article"].map(ARTICLES),
                "Chiffre": table["label"],
                "Valeur": table["text"],
                "Signalements": [_flags(r) for r in table.itertuples()],
                "Éléments de preuve": table["evidence"],
                "Verdict": table["verdict"],
            }
        ),
        caption="Audit de chaque chiffre des deux articles fondateurs.",
        sources=AUDIT_SOURCES,
    )


def audit_chart(table: pd.DataFrame, tolerance: float) -> None:
    """Verdicts stacked by article, the safest last."""
    verdicts = (
        table.groupby(["verdict", "article"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=list(audit.VERDICTS.values())[::-1], fill_value=0)
    )
    fig, ax = charts.figure(height=5.2)
    left = pd.Series(0, index=verdicts.index)
    for colour, article in zip((charts.PALETTE["orange"], charts.PALETTE["bleu"]), sorted(ARTICLES)):
        counts = verdicts.get(article, pd.Series(0, index=verdicts.index))
        ax.barh(range(len(verdicts)), counts, left=left, color=colour, label=f"Article {ARTICLES[article]}")
        left += counts
    ax.set_yticks(range(len(verdicts)), [textwrap.fill(v, 34) for v in verdicts.index])
    ax.set_xlabel("Nombre de chiffres")
    charts.french_axis(ax, "x")
    charts.legend_below(ax, gap_pt=34)
    ax.grid(axis="y", visible=False)
    n_confirmed = int((table["status"] == "confirmed").sum())
    charts.finish(
        fig,
        "fig-synthese-audit",
        title=(
            f"{fmt.number(n_confirmed)} chiffres des articles sur {fmt.number(len(table))} sont confirmés "
            "par une autre source"
        ),
        caption=(
            f"Verdict de l'audit pour les {fmt.number(len(table))} chiffres des deux articles fondateurs "
            f"(tolérance d'écart : {fmt.percent(tolerance, 1)})."
        ),
        alt=(
            "Barres horizontales du nombre de chiffres par verdict : "
            + " ; ".join(f"{v} {fmt.number(n)}" for v, n in verdicts.sum(axis=1).items())
        ),
        data=verdicts.reset_index(),
        sources=AUDIT_SOURCES,
    )
