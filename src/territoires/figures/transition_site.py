"""Figures and tables of the « transition » chapter on the former Bridgestone site: jobs
announced and seen, the rebuilding model's path, its scenario table and its sensitivity.

Drawn from `Resultats` of `territoires.chapitres.transition.compute`; see `figures.transition`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import charts, data, fmt, phrases, publish
from ..resultats import Resultats
from .transition import date_decrite

COL = charts.PALETTE
SITE = [  # (fact_id, short label, status)
    ("site_potentiel_reconditionnement", "Potentiel : reconditionnement et recyclage", "annoncé"),
    ("site_potentiel_emplois_20minutes", "Potentiel : même ensemble, autre version", "annoncé"),
    ("site_potentiel_filiere_strategique", "Projet de filière stratégique", "annoncé"),
    ("site_potentiel_total_min", "Potentiel minimal du parc multi-activités", "annoncé"),
    ("site_projets_examen_emplois", "Projet logistique du repreneur (ministre)", "annoncé"),
    ("seed_bri_site_emplois_potentiels", "Deux grands projets (article fondateur)", "annoncé"),
    ("site_logs_engagement_300", "Engagement du repreneur en deux ans", "annoncé"),
    ("site_logs_engagement_200", "Emplois directs en trois ans (repreneur)", "annoncé"),
    ("blackstar_emplois_2022", "Black Star, objectif première année", "annoncé"),
    ("blackstar_emplois_2025", "Black Star, objectif à quatre ans", "annoncé"),
    ("mecaware_emplois", "Mecaware, objectif", "annoncé"),
    ("blackstar_effectif_2023", "Black Star, effectif", "constaté"),
    ("site_salaries_2023_05", "Salariés des entreprises du site", "constaté"),
    ("blackstar_effectif_2026", "Black Star, effectif", "constaté"),
]
OBSERVED_LABELS = {
    "site_salaries_2023_05": "Site entier (≈)",
    "blackstar_effectif_2023": "Black Star seul",
    "blackstar_effectif_2026": "Black Star seul",
}


def figure_site(R: Resultats) -> None:
    """Jobs announced (ranges, targets, pledges) and jobs seen on the former site."""
    facts = data.load("facts_enriched").set_index("fact_id", drop=False)
    columns = ["value_low", "value_high", "value", "qualifier", "ref_date", "date_status", "source_id", "publisher"]
    # Only the figures the fact table places on the site: a project of the wider territory is left out.
    kept = [(f, label, status) for f, label, status in SITE if facts.at[f, "territory_id"] == "site_bridgestone"]
    site = facts.loc[[f for f, _, _ in kept], ["fact_id", *columns]].reset_index(drop=True)
    site = site.rename(columns={"value_low": "low", "value_high": "high"})
    site.insert(1, "libelle", [label for _, label, _ in kept])
    site.insert(2, "statut", [status for _, _, status in kept])
    ref = R.valeur("effectif_reference")
    fig, ax = charts.figure(height=4.8)
    y = np.arange(len(site))[::-1]
    status_colour = {"annoncé": COL["orange"], "constaté": COL["bleu"]}
    for yi, r in zip(y, site.itertuples()):
        colour = status_colour[r.statut]
        if r.qualifier == "range":
            ax.plot([r.low, r.high], [yi, yi], color=colour, linewidth=6, solid_capstyle="butt", alpha=0.8)
            text, x_end = fmt.span(r.low, r.high), r.high
        else:
            marker = {"at_least": ">", "at_most": "<"}.get(r.qualifier, "o")
            ax.plot(r.value, yi, marker, color=colour, markersize=8)
            text, x_end = fmt.qualified(r.value, r.qualifier), r.value
        ax.annotate(
            text, (x_end, yi), xytext=(7, 0), textcoords="offset points", va="center", fontsize=charts.TAILLE_TEXTE
        )
    charts.reference_line(ax, ref, f"Emplois perdus : {fmt.number(ref)}", len(site) - 0.5)
    ax.set_yticks(
        y,
        [f"{r.libelle}, {date_decrite(r.ref_date, r.date_status)}" for r in site.itertuples()],
        fontsize=charts.TAILLE_TEXTE,
    )
    ax.set_ylim(-0.7, len(site) + 0.2)
    ax.set_xlim(0, 1000)
    ax.set_xlabel("Emplois")
    charts.french_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    ax.legend(
        handles=[ax.plot([], [], "s", color=c, label=s.capitalize())[0] for s, c in status_colour.items()],
        loc="lower right",
        fontsize=charts.TAILLE_TEXTE,
        frameon=True,
    )
    fact = data.fact
    charts.finish(
        fig,
        "fig-transition-site",
        title="Sur l'ancien site, les emplois constatés restent loin des potentiels annoncés",
        caption=(
            "Emplois annoncés (fourchettes, objectifs, engagements) et emplois constatés sur l'ancien site "
            "Bridgestone, avec la date que décrit chaque chiffre. Les triangles marquent « plus de » ou « jusqu'à » ; "
            f"la ligne pointillée rappelle les emplois perdus ({fmt.number(ref)}).{_hors_site(facts)}"
        ),
        alt=(
            f"Graphique en barres et points : potentiels annoncés pour le site le "
            f"{fmt.iso_date(fact('site_potentiel_reconditionnement').ref_date)} : "
            + " et ".join(fact(f).text() for f in R.tables["annonces"].query("sur_site")["fact_id"])
            + " ; "
            f"constatés : Black Star {fact('blackstar_effectif_2023').number()} puis "
            f"{fact('blackstar_effectif_2026').number()} salariés, {R.texte('site_salaries_2023')} sur le site en "
            f"{fmt.iso_date(fact('site_salaries_2023_05').ref_date)}, contre {fmt.number(ref)} emplois perdus."
        ),
        data=site[["fact_id", "libelle", "statut", "value", "low", "high", "qualifier", "ref_date", "source_id"]],
        sources=list(dict.fromkeys(site["source_id"])),
    )


def _hors_site(facts: pd.DataFrame) -> str:
    """The announced figures the fact table places outside the site, named in the caption."""
    away = [(f, label) for f, label, _ in SITE if facts.at[f, "territory_id"] != "site_bridgestone"]
    return "".join(
        f" Non tracé, car annoncé pour le territoire et non pour le site : {label[0].lower()}{label[1:]} "
        f"({data.fact(f).text()})."
        for f, label in away
    )


# --- the model ------------------------------------------------------------------------------


def date_horizon(R: Resultats) -> str:
    """The horizon of the model as a date: `avril 2029`."""
    return fmt.iso_date(R.tables["trajectoire"]["date"].iloc[-1])


def hypotheses(R: Resultats) -> str:
    """`40 projets × 20 % × 30 emplois`."""
    p = R.parametres
    return (
        f"{fmt.number(p['projets_etudies'])} projets × {fmt.percent(p['taux_reussite'])} × "
        f"{fmt.number(p['emplois_par_projet'])} emplois"
    )


def _model_sources(R: Resultats) -> list[str]:
    facts = list(R.tables["constates"]["fact_id"]) + list(R.tables["annonces"].query("sur_site")["fact_id"])
    return data.sources_of(facts) + ["hypothese_auteurs"]


def figure_trajectoire(R: Resultats) -> None:
    """The model's path against the jobs lost, the announced potentials and the jobs seen."""
    p, ref = R.parametres, R.valeur("effectif_reference")
    curve, observed = R.tables["courbe"].round(4), R.tables["constates"]
    low, high = R.valeur("emplois_annonces_realises_bas"), R.valeur("emplois_annonces_realises_haut")
    jobs, full = R.valeur("emplois_recrees"), R.valeur("emplois_pleine_taille")
    start = R.tables["courbe"]["annee"].iloc[0]  # the closure, on a decimal-year axis
    end = start + p["horizon"]
    realised, span = fmt.percent(p["part_annonces_realisee"]), fmt.span(low, high)
    fig, ax = charts.figure(height=4.2)
    ax.axhline(ref, color=COL["gris"], linestyle="--", linewidth=1)
    ax.annotate(
        f"Emplois perdus : {fmt.number(ref)}",
        (start, ref),
        xytext=(2, 4),
        textcoords="offset points",
        fontsize=charts.TAILLE_TEXTE,
        color=COL["gris"],
    )
    ax.axhspan(low, high, color=COL["orange"], alpha=0.18, linewidth=0)
    ax.annotate(  # inside the band, bottom right: clear of the observed points (early years, left)
        f"Potentiels annoncés × {realised} : {span}",
        (end + 0.5, low),
        xytext=(-4, 3),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=charts.TAILLE_TEXTE,
        color="#8a5a00",
    )
    ax.plot(curve["annee"], curve["emplois_recrees"], color=COL["bleu"], linewidth=2)
    ax.plot(end, jobs, "o", color=COL["bleu"], markersize=7)
    below_band = jobs < low  # the band's label sits at its bottom right: the result's label avoids it
    ax.annotate(
        f"Modèle : {fmt.number(jobs)} emplois ({R.texte('taux_remplacement')})",
        (end, jobs),
        xytext=(-6, -8 if below_band else 8),
        textcoords="offset points",
        ha="right",
        va="top" if below_band else "baseline",
        fontsize=charts.TAILLE_TEXTE,
        color=COL["bleu"],
    )
    for i, r in enumerate(observed.sort_values("annee").itertuples()):
        ax.plot(r.annee, r.emplois, "D", color=COL["vert"], markersize=6)
        left = i % 2 == 0  # alternately left and right of the marker: close dates keep their labels apart
        ax.annotate(
            f"{OBSERVED_LABELS[r.fact_id]} : {fmt.number(r.emplois)}",
            (r.annee, r.emplois),
            xytext=(-7 if left else 7, 0),
            textcoords="offset points",
            ha="right" if left else "left",
            va="center",
            fontsize=charts.TAILLE_TEXTE,
            color="#006b4f",
        )
    ax.set_xlim(start - 0.2, end + 0.5)
    ax.set_ylim(0, max(ref, high, full) * 1.1)
    ax.xaxis.set_major_formatter(lambda v, _p: f"{v:.0f}")
    ax.set_ylabel("Emplois sur l'ancien site")
    charts.french_axis(ax, "y")  # no legend: the model's line and each observed point are labelled
    closure, horizon = (
        fmt.iso_date(data.load("timeline").set_index("event_id").at["bri_fermeture", "date"]),
        date_horizon(R),
    )
    site_staff, blackstar = data.fact("site_salaries_2023_05"), data.fact("blackstar_effectif_2026")
    charts.finish(
        fig,
        "fig-transition-trajectoire",
        title=f"Avec les hypothèses retenues, le site recrée {R.texte('taux_remplacement')} des emplois perdus "
        f"en {horizon}",
        caption=(
            f"Emplois recréés sur l'ancien site selon le modèle, de la fermeture ({closure}) à l'horizon ({horizon}) : "
            f"{fmt.number(p['projets_etudies'])} projets, taux de réussite {fmt.percent(p['taux_reussite'])}, "
            f"{fmt.number(p['emplois_par_projet'])} emplois par projet, implantations étalées sur "
            f"{phrases.annees(p['duree_implantation'])}, montée en charge en "
            f"{phrases.annees(p['duree_montee_en_charge'])}. Bande : {realised} des potentiels annoncés ; losanges : "
            "effectifs constatés, nommés."
        ),
        alt=(
            f"Courbe croissante des emplois recréés, de 0 à la fermeture à {fmt.number(jobs)} en {horizon}, sous la "
            f"ligne des {fmt.number(ref)} emplois perdus ; bande des potentiels annoncés réalisés à {realised} entre "
            f"{fmt.number(low)} et {fmt.number(high)} ; points constatés : environ {site_staff.number()} sur le site "
            f"en {fmt.iso_date(site_staff.ref_date)}, Black Star {blackstar.number()} en "
            f"{fmt.iso_date(blackstar.ref_date)}."
        ),
        data=curve.assign(serie="modele")
        .rename(columns={"emplois_recrees": "emplois"})
        .pipe(lambda c: pd.concat([c, observed.assign(serie="constate")], ignore_index=True)),
        sources=_model_sources(R),
    )


def tableau_scenario(R: Resultats) -> None:
    """Jobs and replacement ratio: model, announced potentials and jobs seen."""
    p, ref = R.parametres, R.valeur("effectif_reference")
    path, ranges = R.tables["trajectoire"], R.tables["annonces"].query("sur_site")
    closure = path["date"].iloc[0]
    full_at = f"{int(closure[:4]) + math.ceil(p['duree_implantation'] + p['duree_montee_en_charge'])}{closure[4:]}"
    realised = fmt.percent(p["part_annonces_realisee"])
    site_staff, blackstar = data.fact("site_salaries_2023_05"), data.fact("blackstar_effectif_2026")
    rows = [
        (
            "Modèle, à l'horizon",
            date_horizon(R),
            R.valeur("emplois_recrees"),
            f"{hypotheses(R)}, montée en charge en cours",
        ),
        (
            "Modèle, tous les projets à pleine taille",
            fmt.iso_date(full_at),
            R.valeur("emplois_pleine_taille"),
            "Mêmes hypothèses, implantations et montées en charge terminées",
        ),
        (
            "Potentiels annoncés, borne basse",
            "—",
            R.valeur("emplois_annonces_realises_bas"),
            f"{realised} de " + " + ".join(fmt.span(r.bas, r.haut) for r in ranges.itertuples()),
        ),
        (
            "Potentiels annoncés, borne haute",
            "—",
            R.valeur("emplois_annonces_realises_haut"),
            f"{realised} des bornes hautes",
        ),
        (
            "Constaté : salariés des entreprises du site",
            fmt.iso_date(site_staff.ref_date),
            site_staff.value,
            site_staff.text(),
        ),
        (
            "Constaté : Black Star seul",
            fmt.iso_date(blackstar.ref_date),
            blackstar.value,
            "Hors autres entreprises du site",
        ),
    ]
    table = pd.DataFrame(
        {
            "Calcul": [r[0] for r in rows],
            "Date": [r[1] for r in rows],
            "Emplois": [fmt.number(r[2]) for r in rows],
            "Taux de remplacement": [fmt.percent(100 * r[2] / ref) for r in rows],
            "Hypothèses ou définition": [r[3] for r in rows],
        }
    )
    publish.table(
        "tab-transition-scenario",
        table,
        caption=(
            f"Emplois recréés sur l'ancien site et taux de remplacement (rapportés à {fmt.number(ref)} emplois "
            "perdus) : modèle, potentiels annoncés et repères constatés."
        ),
        sources=_model_sources(R),
    )


def figure_sensibilite(R: Resultats) -> None:
    """Replacement ratio at the horizon against the success rate, one line per project size."""
    p, grid = R.parametres, R.tables["sensibilite"]
    sizes = sorted(grid["emplois_par_projet"].unique())
    rates = grid["taux_reussite_pct"].unique()
    observed, ratio = R.valeur("repere_reussite"), R.valeur("taux_remplacement")
    horizon = date_horizon(R)
    fig, ax = charts.figure(height=4.2)
    size_colours = [COL["ciel"], COL["bleu"], COL["vert"], COL["orange"], COL["vermillon"], COL["pourpre"]]
    for s, colour in zip(sizes, size_colours):
        part = grid[grid["emplois_par_projet"] == s]
        assumed = s == p["emplois_par_projet"]
        ax.plot(
            part["taux_reussite_pct"],
            part["taux_remplacement_pct"],
            color=colour,
            linewidth=2.6 if assumed else 1.4,
            label=f"{fmt.number(s)} emplois par projet" + (" (hypothèse)" if assumed else ""),
        )
    ax.axhline(100, color=COL["gris"], linestyle="--", linewidth=1)
    ax.annotate(
        "Autant d'emplois recréés que perdus",
        (1, 100),
        xycoords=("axes fraction", "data"),
        xytext=(-2, 4),
        textcoords="offset points",
        ha="right",
        fontsize=charts.TAILLE_TEXTE,
        color=COL["gris"],
    )
    ax.axvline(observed, color=COL["gris"], linestyle=":", linewidth=1)
    ax.annotate(
        f"Repère observé : {fmt.percent(observed)}",
        (observed, 1),
        xycoords=("data", "axes fraction"),
        xytext=(4, -4),
        textcoords="offset points",
        fontsize=charts.TAILLE_TEXTE,
        color=COL["gris"],
        va="top",
        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
    )
    ax.plot(p["taux_reussite"], ratio, "o", color="black", markersize=7, zorder=4)
    ax.annotate(
        f"Hypothèse : {fmt.percent(ratio)}",
        (p["taux_reussite"], ratio),
        xytext=(6, 4),
        textcoords="offset points",
        va="bottom",
        fontsize=charts.TAILLE_TEXTE,
    )
    ax.set_xlim(0, 100)
    ax.set_ylim(0, min(float(grid["taux_remplacement_pct"].max()) * 1.05, 300))
    ax.set_xlabel("Part des projets étudiés qui s'implantent (%)")
    ax.set_ylabel(f"Taux de remplacement en {horizon} (%)")
    charts.french_axis(ax, "x", percent=True)
    charts.french_axis(ax, "y", percent=True)
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=charts.TAILLE_TEXTE,
        frameon=False,
        title="Taille des projets",
        title_fontsize=charts.TAILLE_TEXTE,
    )
    threshold = R.valeur("seuil_reussite")
    reached = f"{fmt.percent(threshold)} de réussite." if threshold <= 100 else "aucun taux de réussite."
    units, projects = data.fact("site_unites_2024"), data.fact("seed_bri_site_projets_implantation")
    charts.finish(
        fig,
        "fig-transition-sensibilite",
        title="Le taux de remplacement dépend d'abord de la taille des projets qui s'implantent",
        caption=(
            f"Taux de remplacement (emplois recréés / {fmt.number(p['effectif_reference'])} emplois perdus) en "
            f"{horizon} selon la part des {fmt.number(p['projets_etudies'])} projets qui s'implantent, pour "
            f"plusieurs tailles de projet ; grille de {len(rates)} taux × {len(sizes)} tailles. Point noir : "
            f"hypothèses du chapitre ; trait pointillé vertical : {units.number()} unités installées pour "
            f"{fmt.qualified(projects.value, 'about')} projets étudiés. Axe vertical tronqué à {fmt.percent(300)}."
        ),
        alt=(
            f"Faisceau de {len(sizes)} droites croissantes : à {fmt.percent(observed)} de réussite, le taux de "
            f"remplacement va de {R.texte('sensibilite_bas')} (projets de {fmt.number(min(sizes))} emplois) à "
            f"{R.texte('sensibilite_haut')} (projets de {fmt.number(max(sizes))} emplois) ; avec les hypothèses du "
            f"chapitre, {fmt.percent(ratio)} ; le seuil de {fmt.percent(100)} est atteint à {reached}"
        ),
        data=grid,
        sources=data.sources_of(["site_unites_2024", "seed_bri_site_projets_implantation"]) + ["hypothese_auteurs"],
    )
