"""Figures and tables of the « transition » chapter beyond the Bridgestone site: the industrial
fabric of Béthune-Bruay and the Audomarois (Arc, the paper mills).

Drawn from `Resultats` of `territoires.chapitres.transition.compute`; see `figures.transition`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import charts, data, fmt, publish
from ..resultats import Resultats
from .transition import date_decrite

COL = charts.PALETTE

# --- the industrial fabric ------------------------------------------------------------------

FABRIC = [  # (actor or programme, fact_id or None, status) — None: cited without any figure
    ("Tissu industriel de l'agglomération", "seed_cabbalr_sites_industriels", "chiffré"),
    ("Tissu industriel de l'agglomération", "seed_cabbalr_part_sites_projet", "chiffré"),
    ("Tissu industriel de l'agglomération", "cabbalr_emplois_industriels", "chiffré"),
    ("France Relance", "seed_cabbalr_france_relance_laureats", "chiffré"),
    ("France Relance (Territoire d'industrie)", "relance_projets_total", "chiffré"),
    ("France Relance (Territoire d'industrie)", "relance_aide_total", "chiffré"),
    ("France Relance (Territoire d'industrie)", "relance_emplois_crees", "annoncé seulement"),
    ("France Relance (Territoire d'industrie)", "relance_emplois_confortes", "annoncé seulement"),
    ("ACC (gigafactory)", "acc_salaries_formes", "chiffré"),
    ("ACC (gigafactory)", "acc_trajectoire_2023", "annoncé seulement"),
    ("ACC (gigafactory)", "acc_trajectoire_2024", "annoncé seulement"),
    ("ACC (gigafactory)", "acc_trajectoire_2025", "annoncé seulement"),
    ("ACC (gigafactory)", "acc_trajectoire_2030", "annoncé seulement"),
    ("ACC (gigafactory)", "acc_investissement_bloc1", "chiffré"),
    ("CRITT M2A", "critt_salaries_2023", "chiffré"),
    ("CRITT M2A", "critt_salaries_2023_variante", "chiffré"),
    ("CRITT M2A", "critt_pole_electrique", "chiffré"),
    ("CRITT M2A", "critt_contrat_acc", "chiffré"),
    ("CREPIM", None, "annoncé seulement"),
    ("LSEE et plateforme TECH 3E", None, "annoncé seulement"),
    ("Accélérateur rev3", "seed_rev3_accelerateur_rang", "annoncé seulement"),
]
ACTOR_OF = {"CREPIM": "crepim", "LSEE et plateforme TECH 3E": "lsee"}


def tableau_tissu() -> None:
    """What the sources put a figure on, and what they only announce."""
    actors = data.load("actors_enriched").set_index("actor_id")
    publishers = data.load("sources_enriched").set_index("source_id")["publisher"]
    rows, sources = [], []
    for name, fact_id, status in FABRIC:
        if fact_id is None:
            actor = actors.loc[ACTOR_OF[name]]
            said, when, source = f"{actor['role']} ; aucun chiffre", "—", actor["source_id"]
        else:
            fact = data.fact(fact_id)
            said, source = f"{fact.label} : {fact.text()}", fact.source_id
            when = date_decrite(fact.ref_date, fact.date_status)
        row = {"Acteur ou dispositif": name, "Ce que disent les sources": said, "Date décrite": when}
        rows.append(row | {"Chiffré / annoncé seulement": status, "Source": publishers[source]})
        sources.append(source)
    publish.table(
        "tab-transition-tissu",
        pd.DataFrame(rows),
        caption=(
            "Le tissu industriel et de recherche de Béthune-Bruay et de son bassin : chiffres disponibles "
            "et annonces sans mesure constatée (objectifs, trajectoires, acteurs cités sans chiffre)."
        ),
        sources=list(dict.fromkeys(sources)),
    )


# --- the Audomarois -------------------------------------------------------------------------


def figure_audomarois(R: Resultats, nom: str = "fig-transition-audomarois") -> None:
    """Arc's headcount at Arques (left) and the job cuts and closures of the Audomarois (right)."""
    arc, losses = R.tables["arc"], R.tables["pertes_audomarois"]
    ref = R.valeur("effectif_reference")
    bridgestone = charts.TERRITORY_COLOURS["cabbalr"]
    fig, (ax, ax2) = charts.figure(height=3.9, ncols=2, gridspec_kw={"width_ratios": [3, 2]})
    colour = charts.TERRITORY_COLOURS["flandre_audomarois"]
    ax.plot(arc["x"], arc["value"], "-", color=colour, linewidth=1.5)
    for r in arc.itertuples():
        face = colour if r.date_status == "printed" else "white"
        ax.plot(r.x, r.value, "o", color=colour, markersize=6, markerfacecolor=face)
    charts.label_points(ax, arc["x"], arc["value"], [fmt.number(v) for v in arc["value"]])
    ax.set_ylim(0, arc["value"].max() * 1.15)
    ax.set_xlim(arc["x"].min() - 1, arc["x"].max() + 4)
    ax.xaxis.set_major_formatter(lambda v, _p: f"{v:.0f}")
    ax.set_ylabel("Salariés d'Arc à Arques")
    charts.french_axis(ax, "y")
    ax.set_title("Effectif d'Arc à Arques", fontsize=charts.TAILLE_TEXTE)
    ax.plot([], [], "o", color=colour, markerfacecolor="white", label="Date déduite")
    ax.legend(loc="lower left", fontsize=charts.TAILLE_TEXTE, frameon=True)
    bar_colour = [COL["orange"] if e == "Arc" else COL["vermillon"] for e in losses["entreprise"]]
    yy = np.arange(len(losses))[::-1]
    ax2.barh(yy, losses["emplois"], color=bar_colour)
    for yi, v in zip(yy, losses["emplois"]):
        ax2.annotate(
            fmt.number(v), (v, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=charts.TAILLE_TEXTE
        )
    ax2.axvline(ref, color=bridgestone, linestyle="--", linewidth=1)
    ax2.annotate(
        f"Bridgestone : {fmt.number(ref)}",
        (ref, len(losses) - 0.6),
        xytext=(3, 0),
        textcoords="offset points",
        fontsize=charts.TAILLE_TEXTE,
        color=bridgestone,
    )
    ax2.set_yticks(yy, losses["libelle"], fontsize=charts.TAILLE_TEXTE)
    ax2.set_xlim(0, losses["emplois"].max() * 1.25)
    ax2.set_xlabel("Emplois supprimés")
    charts.french_axis(ax2, "x")
    ax2.grid(axis="y", visible=False)
    ax2.set_title("Plans sociaux", fontsize=charts.TAILLE_TEXTE)
    first, last = arc["ref_date"].iloc[0][:4], arc["ref_date"].iloc[-1][:4]
    years = int(last) - int(first)
    charts.finish(
        fig,
        nom,
        title=f"Dans l'Audomarois, Arc a perdu {R.texte('arc_baisse')} de ses effectifs en {years} ans",
        caption=(
            f"À gauche, effectif d'Arc à Arques de {first} à {last} (points creux : date déduite). À droite, "
            "suppressions de postes d'Arc et emplois perdus aux fermetures des papeteries, comparés aux "
            f"{fmt.number(ref)} emplois de Bridgestone à Béthune."
        ),
        alt=(
            "Courbe décroissante de l'effectif d'Arc : "
            + ", ".join(f"{fmt.number(r.value)} en {r.ref_date[:4]}" for r in arc.itertuples())
            + ". Barres : "
            + ", ".join(f"{r.libelle} {fmt.number(r.emplois)}" for r in losses.itertuples())
            + f" ; ligne de référence Bridgestone à {fmt.number(ref)}."
        ),
        data=pd.concat(
            [
                arc[["fact_id", "ref_date", "value"]].assign(serie="effectif_arc"),
                losses[["fact_id", "ref_date"]].assign(value=losses["emplois"], serie="pertes"),
            ],
            ignore_index=True,
        ),
        sources=data.sources_of(list(arc["fact_id"]) + list(losses["fact_id"])),
    )
