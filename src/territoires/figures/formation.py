"""Figures of the « formation » chapter, drawn from the results of its model.

Each `figure_*` function builds one chart from `Resultats` (records and tables of
`territoires.chapitres.formation.compute`) and hands it to `charts.finish`, which glues the
numbered figure block (caption, alt text, source line, downloads) under its name.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.ticker import FuncFormatter, NullFormatter

from .. import charts, data, fmt, phrases
from ..chapitres import formation as modele
from ..dates import decimal_year
from ..phrases import nom_complet
from ..resultats import Resultats

LINE_COLOURS = [charts.PALETTE[c] for c in ("bleu", "orange", "vert", "vermillon", "pourpre", "ciel")]


def territoire_du_besoin(R: Resultats) -> str:
    """The territory whose jobs set the need, with the date of its jobs figure:
    `CA de Béthune-Bruay, Artois-Lys Romane (non daté)`, `… (date déduite : 2019)`."""
    jobs = data.fact(modele.FAIT_EMPLOIS[R.parametres["territoire_besoin"]])
    when = fmt.iso_date(jobs.ref_date) if jobs.ref_date else "non daté"
    inferred = "date déduite : " if jobs.date_status == "inferred" else ""
    return f"{nom_complet(jobs.territory_id)} ({inferred}{when})"


def _ecoles(n: float) -> str:
    return phrases.pluriel(n, "école", "écoles")


def _eleves(n: float) -> str:
    return phrases.pluriel(n, "élève", "élèves")


def sources_capacite(R: Resultats) -> list[str]:
    """Sources of the capacity model's figures: the jobs, the assumptions, the network's rates."""
    keys = ("besoin_annuel", "reussite_ecoles_production", "poursuite_etudes_ecoles_production")
    return list(dict.fromkeys(sid for key in keys for sid in R[key].source_ids))


# --- network of production schools ----------------------------------------------------------


def figure_reseau(R: Resultats) -> None:
    """Dated counts of production schools in France against the undated ones and the EP2B's rank."""
    network = R.tables["reseau"]
    dated = network[network["annee"].notna()].sort_values(["annee", "fact_id"])
    observed, forecast = dated[~dated["prevision"]], dated[dated["prevision"]]
    first, last = observed.iloc[0], observed.iloc[-1]
    article, fnep = R["ecoles_production_france_article"], R["ecoles_production_france_fnep"]
    rank = data.fact("ep2b_rang_france")

    fig, ax = charts.figure(height=6.2)
    for status, marker, label in (("printed", "o", "date imprimée"), ("inferred", "D", "date déduite")):
        pts = observed[observed["date_status"] == status]
        ax.plot(
            pts["annee"],
            pts["value"],
            linestyle="none",
            marker=marker,
            markersize=6,
            color=charts.PALETTE["bleu"],
            markerfacecolor="white" if status == "inferred" else charts.PALETTE["bleu"],
            label=f"Écoles de production en France ({label})",
        )
    ax.plot(
        forecast["annee"],
        forecast["value"],
        linestyle="none",
        marker="s",
        markersize=6,
        markerfacecolor="white",
        color=charts.PALETTE["gris"],
        label="Prévision",
    )
    ax.axhline(
        article.value,
        color=charts.PALETTE["vermillon"],
        linestyle="--",
        linewidth=1.3,
        label=f"Article fondateur : {article.texte()} (non daté)",
    )
    ax.axhline(
        fnep.value,
        color=charts.PALETTE["gris"],
        linestyle=":",
        linewidth=1.3,
        label=f"Fédération : {fnep.texte()} (non daté, récent)",
    )
    ax.plot(
        [decimal_year(rank.ref_date)],
        [rank.value],
        marker="*",
        markersize=13,
        linestyle="none",
        color=charts.PALETTE["orange"],
        label=f"EP2B, « {rank.value:.0f}e école » (Eco121, date déduite)",
    )
    ax.set_ylabel("Écoles de production")
    ax.set_ylim(0, fnep.value * 1.45)
    ax.set_xlabel("Date décrite par le chiffre")
    charts.french_axis(ax, "y")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(int(v))))
    charts.legend_below(ax, gap_pt=34, ncols=1)
    plotted = network.assign(ref_date=network["ref_date"].fillna("non daté"))
    charts.finish(
        fig,
        "fig-formation-reseau",
        title=(
            f"Le réseau est passé de {first['value']:.0f} à {last['value']:.0f} écoles de production "
            f"entre {first['ref_date'][:4]} et {last['ref_date'][:4]}"
        ),
        caption=(
            f"Nombre d'écoles de production en France selon les sources datées, de "
            f"{fmt.iso_date(first['ref_date'])} à {fmt.iso_date(last['ref_date'])}, comparé au chiffre "
            f"non daté de l'article fondateur ({article.texte()}) et au dernier chiffre de la "
            f"fédération ({fnep.texte()}, non daté). Losanges vides : date déduite ; carré : prévision."
        ),
        alt=(
            f"Nuage de points du nombre d'écoles de production en France : {first['value']:.0f} en "
            f"{first['ref_date'][:4]}, {last['value']:.0f} en {last['ref_date'][:4]}, prévision de "
            f"{forecast['value'].iloc[0]:.0f} pour {forecast['ref_date'].iloc[0][:4]} ; une ligne tiretée "
            f"marque les {article.value:.0f} écoles de l'article fondateur, une ligne pointillée les "
            f"{fnep.value:.0f} écoles annoncées par la fédération ; une étoile place l'EP2B, "
            f"{rank.value:.0f}e école, fin {rank.ref_date[:4]}."
        ),
        data=plotted[["fact_id", "ref_date", "date_status", "value", "source_id"]],
        sources=list(dict.fromkeys(network["source_id"])) + [rank.source_id],
    )


# --- capacity model -------------------------------------------------------------------------


def figure_capacite(R: Resultats) -> None:
    """Cumulated need against cumulated graduates and local hires, at the horizon of the model."""
    p = modele.Parametres.valider(R.parametres)
    need, graduates, hired = (R.valeur(k) for k in ("besoin_cumule", "diplomes_cumules", "embauches_locales_cumulees"))
    jobs = R["emplois_industriels_besoin"]
    fig, ax = charts.figure(height=3.6)
    bars = pd.DataFrame(
        {
            "grandeur": [
                "Besoin cumulé\nd'embauches industrielles",
                "Diplômés des\nécoles de production",
                "dont embauchés dans\nl'industrie locale",
            ],
            "territoire_du_besoin": nom_complet(jobs.territory_id),
            "valeur": [need, graduates, hired],
            "horizon_annees": p.horizon,
        }
    )
    colours = [charts.PALETTE["gris"], charts.PALETTE["bleu"], charts.PALETTE["vert"]]
    ax.barh(bars["grandeur"][::-1], bars["valeur"][::-1], color=colours[::-1])
    charts.label_bars(ax, bars["valeur"][::-1], [fmt.number(v) for v in bars["valeur"][::-1]])
    ax.set_xlim(0, need * 1.15)
    ax.set_xlabel(f"Personnes (cumul sur {fmt.number(p.horizon)} ans depuis l'ouverture)")
    charts.french_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    charts.finish(
        fig,
        "fig-formation-capacite",
        title=f"En {fmt.number(p.horizon)} ans, les écoles de production couvrent {R.texte('couverture_cumulee')} "
        "du besoin cumulé",
        caption=(
            f"Modèle de capacité sur {fmt.number(p.horizon)} ans : {_ecoles(p.nombre_ecoles)} "
            f"de {_eleves(p.eleves_par_promotion)} admis par an, formation de "
            f"{phrases.pluriel(p.duree_formation, 'an', 'ans')}, {fmt.percent(p.taux_diplomes)} de réussite, "
            f"{fmt.percent(p.part_embauche_locale)} d'embauches locales, face à un besoin de "
            f"{R.texte('besoin_annuel')} par an ({jobs.texte()} × "
            f"{fmt.quantity(p.taux_renouvellement, '%/an', 1)}). Couverture cumulée depuis l'ouverture : "
            f"{R.texte('couverture_cumulee')} ; une fois toutes les promotions en cours, la couverture annuelle "
            f"atteint {R.texte('couverture_besoin')}. Hypothèses modifiables dans la cellule des paramètres."
        ),
        alt=(
            f"Barres horizontales : besoin cumulé de {fmt.number(need)} embauches industrielles sur "
            f"{fmt.number(p.horizon)} ans, contre {fmt.number(graduates)} diplômés des écoles de "
            f"production, dont {fmt.number(hired)} embauchés localement, soit {R.texte('couverture_cumulee')} du "
            "besoin cumulé."
        ),
        data=bars,
        sources=sources_capacite(R),
    )


def figure_sensibilite(R: Resultats) -> None:
    """Coverage of the yearly need by completion rate × schools (left) and replacement rate ×
    cohort size (right), the reader's assumptions marked."""
    p = modele.Parametres.valider(R.parametres)
    grid, grid_right = R.tables["sensibilite_reussite"], R.tables["sensibilite_renouvellement"]
    cover = R.valeur("couverture_besoin")
    fig, (left, right) = charts.figure(height=4.4, ncols=2)
    for colour, (count, part) in zip(LINE_COLOURS, grid.groupby("nombre_ecoles")):
        left.plot(
            part["taux_reussite_pct"],
            part["couverture_pct"],
            color=colour,
            linewidth=2.2 if count == p.nombre_ecoles else 1.2,
            label=_ecoles(count),
        )
    left.plot([p.taux_diplomes], [cover], marker="o", color="black", linestyle="none", label="hypothèse retenue")
    left.set_xlabel("Taux de réussite (%)")
    left.set_ylabel("Couverture du besoin annuel (%)")
    left.set_title(
        f"Selon la réussite et le nombre d'écoles\n(cohorte de {_eleves(p.eleves_par_promotion)})",
        fontsize=charts.TAILLE_TEXTE,
        loc="left",
    )
    charts.french_axis(left, "x", percent=True)
    charts.french_axis(left, "y", percent=True)
    left.legend(fontsize=charts.TAILLE_TEXTE, frameon=False, loc="upper left")
    for colour, (size, part) in zip(LINE_COLOURS, grid_right.groupby("cohorte_eleves")):
        right.plot(
            part["taux_renouvellement_pct_an"],
            part["couverture_pct"],
            color=colour,
            linewidth=2.2 if size == p.eleves_par_promotion else 1.2,
            label=f"{_eleves(size)}/an",
        )
    right.plot([p.taux_renouvellement], [cover], marker="o", color="black", linestyle="none", label="hypothèse retenue")
    right.set_yscale("log")
    right.set_xlabel("Emplois renouvelés chaque année (%)")
    right.set_ylabel("Couverture (%, échelle log.)")
    right.set_title(
        f"Selon le renouvellement et la cohorte\n({_ecoles(p.nombre_ecoles)})", fontsize=charts.TAILLE_TEXTE, loc="left"
    )
    charts.french_axis(right, "x", percent=True)
    right.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt.percent(v, 0 if v >= 1 else 1) if v > 0 else ""))
    right.yaxis.set_minor_formatter(NullFormatter())
    right.legend(fontsize=charts.TAILLE_TEXTE, frameon=False, loc="upper right")
    rates, renewal = grid["taux_reussite_pct"], grid_right["taux_renouvellement_pct_an"]
    top = R.texte("couverture_max_ecoles")
    low, high = R.texte("couverture_selon_renouvellement_bas"), R.texte("couverture_selon_renouvellement_haut")
    territory = nom_complet(R["emplois_industriels_besoin"].territory_id)
    charts.finish(
        fig,
        "fig-formation-sensibilite",
        title="Même à pleine réussite, quelques écoles ne couvrent qu'une faible part du besoin",
        caption=(
            f"Sensibilité de la couverture du besoin annuel d'embauches ({territory}). "
            f"À gauche : taux de réussite de {fmt.percent(rates.min())} à {fmt.percent(rates.max())} pour "
            f"plusieurs nombres d'écoles, renouvellement de {fmt.quantity(p.taux_renouvellement, '%/an', 1)}. "
            f"À droite : renouvellement de {fmt.quantity(renewal.min(), '%', 1)} à "
            f"{fmt.quantity(renewal.max(), '%', 1)} par an pour plusieurs tailles de cohorte, "
            f"réussite de {fmt.percent(p.taux_diplomes)}. Point noir : hypothèses retenues "
            f"({R.texte('couverture_besoin')} du besoin annuel, en régime établi). Embauches locales : "
            f"{fmt.percent(p.part_embauche_locale)} des diplômés."
        ),
        alt=(
            f"Deux graphiques en lignes. À gauche, la couverture du besoin annuel croît avec le taux de réussite "
            f"et le nombre d'écoles, jusqu'à {top} avec {grid['nombre_ecoles'].max()} écoles et une réussite "
            f"totale. À droite, sur une échelle logarithmique, la couverture baisse quand le taux de "
            f"renouvellement augmente ; pour une cohorte de {p.eleves_par_promotion} élèves elle va de "
            f"{high} à {low}. Hypothèse retenue : {R.texte('couverture_besoin')} du besoin annuel."
        ),
        data=pd.concat([grid.assign(panneau="gauche"), grid_right.assign(panneau="droite")], ignore_index=True),
        sources=sources_capacite(R),
    )


# --- dual training and apprentices ----------------------------------------------------------


def figure_alternance(R: Resultats) -> None:
    """Share of dual training by country (Belgium highlighted, France in blue)."""
    dual = R.tables["alternance"]
    colours = {"belgique": charts.PALETTE["orange"], "france": charts.PALETTE["bleu"]}
    fig, ax = charts.figure(height=3.6)
    ax.barh(dual["name"], dual["value"], color=[colours.get(t, charts.PALETTE["gris"]) for t in dual["territory_id"]])
    charts.label_bars(ax, dual["value"], [fmt.percent(v) for v in dual["value"]])
    ax.set_xlim(0, 100)
    ax.set_xlabel("Part des 30-34 ans du secondaire qualifiant passés par l'alternance (%)")
    charts.french_axis(ax, "x", percent=True)
    ax.grid(axis="y", visible=False)
    charts.finish(
        fig,
        "fig-formation-alternance",
        title="La Belgique forme peu en alternance, la France davantage",
        caption=(
            f"Part des {fmt.number(30)}-{fmt.number(34)} ans diplômés du secondaire qualifiant passés par "
            f"l'alternance, selon un rapport international cité par Le Soir (année non précisée)."
        ),
        alt=(
            "Barres horizontales : "
            + ", ".join(f"{n} {fmt.percent(v)}" for n, v in zip(dual["name"], dual["value"]))
            + " des 30-34 ans du secondaire qualifiant passés par l'alternance."
        ),
        data=dual[["name", "value", "source_id"]].rename(columns={"name": "pays", "value": "part_pct"}),
        sources=list(dict.fromkeys(dual["source_id"])),
    )


def figure_apprentis(R: Resultats) -> None:
    """Apprentices of the Pays de Saint-Omer by intercommunality, and of the CASO by sector."""
    appr = R.tables["apprentis"]
    before, after = R["apprentis_pays_saint_omer_2014"], R["apprentis_flandre_audomarois"]
    fig, (left, right) = charts.figure(height=3.8, ncols=2)
    for axis, panel, colour in (
        (left, "par intercommunalité", charts.PALETTE["orange"]),
        (right, "CASO par secteur", charts.PALETTE["bleu"]),
    ):
        part = appr[appr["panneau"] == panel]
        axis.barh(part["categorie"][::-1], part["apprentis"][::-1], color=colour)
        for y, value in enumerate(part["apprentis"][::-1]):
            axis.annotate(
                fmt.number(value),
                (value, y),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=charts.TAILLE_TEXTE,
            )
        axis.set_xlim(0, part["apprentis"].max() * 1.2)
        axis.set_xlabel("Apprentis")
        axis.grid(axis="y", visible=False)
        charts.french_axis(axis, "x")
    left.set_title(f"Pays de Saint-Omer : {fmt.number(after.value)} apprentis", fontsize=charts.TAILLE_TEXTE)
    right.set_title("CA de Saint-Omer,\npar secteur", fontsize=charts.TAILLE_TEXTE)

    def listing(panel: str) -> str:
        rows = appr[appr["panneau"] == panel]
        return ", ".join(f"{n} {fmt.number(v)}" for n, v in zip(rows["categorie"], rows["apprentis"]))

    charts.finish(
        fig,
        "fig-formation-apprentis",
        title=(
            f"L'industrie forme {R.texte('part_industrie_apprentis_caso')} des apprentis "
            "de l'agglomération de Saint-Omer"
        ),
        caption=(
            f"Apprentis du Pays de Saint-Omer au {phrases.quand('apprentis_pso_2016')} par intercommunalité "
            f"(total {fmt.number(after.value)}, contre {fmt.number(before.value)} en "
            f"{phrases.quand('apprentis_pso_2014')}) et, pour la CA de Saint-Omer, par secteur. Chiffres de la "
            f"Région relayés par la presse."
        ),
        alt=(
            f"Deux graphiques en barres. À gauche, apprentis par intercommunalité : {listing('par intercommunalité')}"
            f". À droite, apprentis de la CA de Saint-Omer par secteur : {listing('CASO par secteur')}."
        ),
        data=appr,
        sources=[after.source_ids[0]],
    )
