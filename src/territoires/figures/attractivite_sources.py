"""Figures and tables of the chapter on attractiveness (01_attractivite), second part: what the
sources say of the sectors, of the SOFIE agency, of the levers of both territories, of Belgian
unemployment, and the audit of the "Belgian club" claim."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MultipleLocator

from .. import charts, data, fmt, publish
from ..phrases import annee, quand
from ..resultats import Resultats

# One panel per unit: (title, unit, facts, names (None: a dated headcount series), scale, decimals).
PANNEAUX_FILIERES = (
    (
        "Emplois",
        "emplois ou salariés",
        [
            "seed_audomarois_emplois_emballage",
            "papier_emplois",
            "agroalimentaire_salaries",
            "agroalimentaire_emplois_gros",
        ],
        ["Emballage", "Papier", "Agroalimentaire (salariés)", "Agroalimentaire et gros"],
        1.0,
        0,
    ),
    (
        "Bière",
        "millions d'hl/an",
        [
            "seed_audomarois_brassage_hl",
            "brassage_territoire_2018",
            "brasserie_so_volume_2014",
            "goudale_capacite_apres",
        ],
        ["Audomarois (article)", "Flandre + Saint-Omer", "Brasserie de Saint-Omer (attendu)", "Goudale (capacité)"],
        1e6,
        1,
    ),
    (
        "Verre : Arc à Arques",
        "salariés",
        ["arc_effectif_1999", "arc_effectif_2003", "arc_effectif_2013", "arc_effectif_2016", "arc_effectif_2026"],
        None,
        1.0,
        0,
    ),
    (
        "Marais",
        "hectares",
        ["marais_surface", "marais_maraichage_surface_passe", "marais_maraichage_surface"],
        ["Surface du marais", "Maraîchage il y a 60 ans", "Maraîchage aujourd'hui"],
        1.0,
        0,
    ),
)
DOSSIERS = ["sofie_dossiers_2019", "sofie_dossiers_2020", "sofie_dossiers_2021"]
TAUX = ["sofie_taux_reussite_2019", "agences_taux_reussite_national_2019"]
# Colour and legend of each definition of an unemployment rate.
DEFINITIONS_CHOMAGE = {
    "unemployment_rate_be_press": ("gris", "presse, sans définition"),
    "unemployment_rate_eurostat": ("bleu", "Eurostat"),
    "unemployment_rate_ilo_statbel": ("ciel", "Statbel (BIT)"),
    "unemployment_rate_agency": ("orange", "agence SOFIE, définition inconnue"),
    "unemployment_rate_ilo": ("vermillon", "BIT (INSEE)"),
}


def filieres() -> None:
    """The figures of the sectors put forward, one panel per unit."""
    charts.setup()
    fig, grid_axes = plt.subplots(2, 2, figsize=(charts.WIDTH, 6.0), dpi=charts.DPI)
    rows = []
    for ax, (title, unit, ids, names, scale, decimals) in zip(grid_axes.flat, PANNEAUX_FILIERES):
        facts = [data.fact(i) for i in ids]
        _panneau_filiere(ax, facts, names, [f.value / scale for f in facts], decimals)
        ax.set_title(f"{title}\n({unit})", fontsize=charts.TAILLE_TEXTE, loc="left")
        rows += [
            {
                "panneau": title,
                "unite": unit,
                "fact_id": f.fact_id,
                "valeur": f.value,
                "qualificatif": f.qualifier,
                "date": f.ref_date or "inconnue",
                "source_id": f.source_id,
            }
            for f in facts
        ]
    frame = pd.DataFrame(rows)
    F = data.fact
    charts.finish(
        fig,
        "fig-attractivite-filieres",
        title="Emballage, bière, verre, marais : des filières mesurées en unités différentes",
        caption=(
            "Chiffres des filières mises en avant par l'article fondateur et les sources de la table des faits, un "
            "panneau par unité (les échelles ne se comparent pas d'un panneau à l'autre). Entre parenthèses, la date "
            "décrite, ou « non daté » quand la source n'en imprime pas ; le qualificatif de la source précède le "
            "nombre."
        ),
        alt=(
            f"Quatre panneaux. Emplois : emballage {F('seed_audomarois_emplois_emballage').text()}, papier "
            f"{F('papier_emplois').text()}, agroalimentaire {F('agroalimentaire_salaries').text()}. "
            f"Bière : {F('seed_audomarois_brassage_hl').text()} par an. Verre : Arc passe de "
            f"{F('arc_effectif_1999').text()} à {F('arc_effectif_2026').text()}. Marais : "
            f"{F('marais_surface').text()}, dont {F('marais_maraichage_surface').text()} en maraîchage."
        ),
        data=frame,
        sources=list(dict.fromkeys(frame["source_id"])),
    )


def _panneau_filiere(ax, facts, names, values, decimals) -> None:
    if names is None:  # a headcount series: a dated line
        years = [int(f.ref_date[:4]) for f in facts]
        ax.plot(years, values, "o-", color=charts.PALETTE["vert"])
        charts.label_points(ax, years, values, [fmt.number(v) for v in values])
        ax.set_ylim(0, max(values) * 1.25)
        ax.set_xlim(min(years) - 2, max(years) + 6)
        ax.xaxis.set_major_locator(MultipleLocator(10))
        charts.french_axis(ax, "y")
        return
    ax.barh(range(len(values)), values, color=charts.PALETTE["bleu"])
    ax.set_yticks(
        range(len(values)), [f"{n}\n({quand(f.fact_id)})" for n, f in zip(names, facts)], fontsize=charts.TAILLE_TEXTE
    )
    ax.invert_yaxis()
    for i, (v, f) in enumerate(zip(values, facts)):
        shown = fmt.qualified(v, f.qualifier, decimals)
        ax.annotate(shown, (v, i), xytext=(3, 0), textcoords="offset points", va="center", fontsize=charts.TAILLE_TEXTE)
    ax.set_xlim(0, max(values) * 2.0)
    ax.grid(axis="y", visible=False)
    charts.french_axis(ax, "x", decimals=decimals)


LABEL = {"ha": "center", "fontsize": charts.TAILLE_TEXTE}  # value labels above the bars


def sofie(R: Resultats) -> None:
    """Files followed by SOFIE each year, and its success rate against the agencies' mean."""
    fig, axes = charts.figure(height=4.2, ncols=2, gridspec_kw={"width_ratios": [3, 2]})
    ax = axes[0]
    files = [data.fact(i) for i in DOSSIERS]
    colours = [charts.PALETTE["bleu"] if f.territory_id == "sofie" else charts.PALETTE["ciel"] for f in files]
    ax.bar(range(3), [f.value for f in files], color=colours)
    ticks = [f"{f.ref_date}\n({'SOFIE' if f.territory_id == 'sofie' else 'CAPSO + CCPL'})" for f in files]
    ax.set_xticks(range(3), ticks)
    for i, f in enumerate(files):
        ax.annotate(f.text(unit=False), (i, f.value), xytext=(0, 3), textcoords="offset points", **LABEL)
    ax.set_ylabel("Dossiers suivis")
    ax.set_title("Dossiers d'implantation suivis", fontsize=10)
    charts.french_axis(ax)
    ax = axes[1]
    rates = [data.fact(i) for i in TAUX]
    ax.bar(range(2), [f.value for f in rates], color=[charts.PALETTE["bleu"], charts.PALETTE["gris"]])
    ax.set_xticks(range(2), ["SOFIE", "Moyenne des agences"])
    for i, f in enumerate(rates):
        ax.annotate(fmt.percent(f.value), (i, f.value), xytext=(0, 3), textcoords="offset points", **LABEL)
    ax.set_ylabel("Part des dossiers conclus")
    ax.set_title(f"Taux de réussite ({rates[0].ref_date})", fontsize=10)
    charts.french_axis(ax, percent=True)
    frame = pd.DataFrame(
        [
            {
                "fact_id": f.fact_id,
                "valeur": f.value,
                "unite": f.unit,
                "qualificatif": f.qualifier,
                "date": f.ref_date,
                "territoire": f.territory_id,
                "source_id": f.source_id,
            }
            for f in files + rates
        ]
    )
    charts.finish(
        fig,
        "fig-attractivite-sofie",
        title=f"SOFIE annonce un taux de réussite supérieur de {R.texte('ecart_reussite_agence', unit=False)} "
        "points à la moyenne des agences",
        caption=(
            "Activité de l'agence SOFIE : dossiers d'implantation suivis par année (bleu clair : périmètre réduit "
            "à la CAPSO et au Pays de Lumbres après le départ de la Flandre intérieure) et taux de réussite comparé "
            "à la moyenne nationale des agences, tel que SOFIE le rapporte."
        ),
        alt=(
            f"Barres : {', '.join(f'{f.text()} en {f.ref_date}' for f in files)} ; taux de réussite "
            f"{fmt.percent(rates[0].value)} pour SOFIE contre {fmt.percent(rates[1].value)} en moyenne."
        ),
        data=frame,
        sources=list(dict.fromkeys(frame["source_id"])),
    )


def table_leviers() -> None:
    """The levers of both territories side by side, with the figures and dates the sources give."""
    F = data.fact
    timeline = data.load("timeline").set_index("event_id")
    actors = data.load("actors_enriched").set_index("actor_id")
    rate, mean = F(TAUX[0]).value, F(TAUX[1]).value
    ambassadors = (
        f"Réseau des ambassadeurs créé en {annee('amb_reseau_creation')} ; "
        f"{F('amb_reseau_taille_2016').text()} ({quand('amb_reseau_taille_2016')}, {quand('amb_reseau_taille_2017')})"
        f" ; {fmt.rank(int(F('seed_amb_universite_automne_rang').value))} université d'automne : "
        f"{F('seed_amb_universite_automne_participants').text()} ; un petit-déjeuner d'entreprise par mois"
    )
    agency = (
        f"SOFIE (créée en {annee('sofie_creation_annee')}) : "
        + ", ".join(f"{F(i).text()}{' suivis' if i == DOSSIERS[0] else ''} en {quand(i)}" for i in DOSSIERS)
        + f" ; {F('sofie_emplois_crees_2020').text()} créés et {F('sofie_emplois_confortes_2020').text()} "
        f"confortés en {quand('sofie_emplois_crees_2020')} ; réussite {fmt.percent(rate)} contre {fmt.percent(mean)}"
    )
    station = (
        f"La Station, ancienne gare de Saint-Omer ({F('station_surface_totale').text()}, incubateur de "
        f"{F('station_incubateur').text()}), inaugurée le {fmt.iso_date(timeline.loc['station_inauguration', 'date'])}"
    )
    quebec = f"{actors.loc['c3e', 'name'].split(' (')[0]}, {actors.loc['iveo', 'name']}"
    levers = pd.DataFrame(
        [
            ("Réseau d'ambassadeurs", ambassadors,
             f"{F('seed_cabbalr_ambassadeurs_numeriques').number()} « ambassadeurs numériques » à recruter pour la "
             "transition numérique des entreprises (non daté)"),
            ("Agence de développement", agency,
             "Service économique de l'agglomération (aucun chiffre d'activité dans la table des faits)"),
            ("Lieu d'innovation, incubateur", station,
             "Projet d'incubateur territorial autour de la ville de demain et de l'inclusion numérique "
             "(non daté, sans chiffre)"),
            ("Ouverture internationale", f"Club d'entreprises belges : {F('seed_club_belge_entreprises').text()}",
             f"Partenariats québécois ({quebec}) pour les projets de données et d'objets connectés, en vue d'un "
             "corridor d'affaires nord-américain"),
        ],
        columns=["Levier", "Flandre-Audomarois", "Béthune-Bruay"],
    )  # fmt: skip
    publish.table(
        "tab-attractivite-leviers",
        levers,
        caption=(
            "Leviers d'attractivité des deux territoires, côte à côte, avec leurs chiffres et dates quand les "
            "sources en donnent. Béthune-Bruay annonce des projets que les sources ne chiffrent pas."
        ),
        sources=[
            "gazette_ambassadeurs_flandre_audomarois",
            "gazette_projets_cabbalr",
            "blog_ambassadeurs_2015",
            "gazette_universite_automne_sofie",
            "gazette_pistes_avenir",
            "gazette_sofie_creation",
            "gazette_mobilisation_continue",
            "gazette_sofie_bilan_2020",
            "gazette_sofie_bilan_2021",
            "archimag_station",
        ],
    )


def chomage(R: Resultats) -> None:
    """Belgian, Flemish and local unemployment rates, coloured by definition."""
    u = R.tables["chomage"]
    dates = [fmt.described_date(d, s) for d, s in zip(u["ref_date"], u["date_status"])]
    fig, ax = charts.figure(height=5.2)
    y = np.arange(len(u))[::-1]
    ax.barh(y, u["taux"], color=[charts.PALETTE[DEFINITIONS_CHOMAGE[i][0]] for i in u["indicateur"]])
    ax.set_yticks(y, [f"{t} ({d})" for t, d in zip(u["territoire"], dates)], fontsize=charts.TAILLE_TEXTE)
    for yi, v in zip(y, u["taux"]):
        ax.annotate(
            fmt.percent(v, 1),
            (v, yi),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=charts.TAILLE_TEXTE,
        )
    handles = [plt.Rectangle((0, 0), 1, 1, color=charts.PALETTE[c]) for c, _ in DEFINITIONS_CHOMAGE.values()]
    labels = [label for _, label in DEFINITIONS_CHOMAGE.values()]
    ax.set_xlabel("Taux de chômage (%)")
    charts.legend_below(ax, gap_pt=34, handles=handles, labels=labels, title="Définition", alignment="left")
    charts.french_axis(ax, "x", percent=True)
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, u["taux"].max() * 1.15)
    rate = {fid: fmt.percent(v, 1) for fid, v in zip(u["fact_id"], u["taux"])}
    quoted = fmt.percent(data.fact("seed_belgique_chomage").value)
    charts.finish(
        fig,
        "fig-attractivite-chomage",
        title=f"Le chômage « belge » de {quoted} cité est proche du taux flamand",
        caption=(
            "Taux de chômage de la Belgique, de la Flandre et de la Flandre-Occidentale selon leur définition, face "
            "à ceux de l'Audomarois et de la France. Couleur : définition. Les taux d'agence et de presse ne se "
            "comparent pas strictement aux taux Eurostat ou BIT."
        ),
        alt=(
            f"Barres horizontales : article {quoted} pour la Belgique, Eurostat {rate['chomage_eurostat_be_2016']} "
            f"pour la Belgique et {rate['chomage_eurostat_flandre_occ_2016']} pour la Flandre-Occidentale en 2016, "
            f"{rate['chomage_audomarois_sofie']} pour l'Audomarois selon SOFIE."
        ),
        data=u.drop(columns=["ref_date", "date_status"]).assign(date=dates)[
            ["fact_id", "territoire", "taux", "indicateur", "date", "source_id"]
        ],
        sources=list(dict.fromkeys(u["source_id"])),
    )


def table_audit(R: Resultats) -> None:
    """Three readings of "the Belgian club is half of the firms of the Audomarois"."""
    F = data.fact
    club, firms = F("seed_club_belge_entreprises"), F("sofie_entreprises")
    claimed, foreign = F("seed_club_belge_part_entreprises"), F("belges_part_etrangers")
    implied = fmt.number(R.valeur("club_total_implicite"))
    audit = pd.DataFrame(
        [
            ("Article fondateur (non daté)", f"{club.text()} = {claimed.text()} des entreprises audomaroises",
             f"total implicite : {implied} entreprises", "intenable"),
            ("Rapporté aux entreprises du périmètre SOFIE",
             f"{club.number()} / {firms.number()} ({firms.text()}, {quand(firms.fact_id)})",
             fmt.percent(R.valeur("part_club_belge"), 2),
             f"{fmt.number(R.valeur('club_facteur'))} fois moins que la moitié"),
            (f"Étude CNER ({quand(foreign.fact_id)})",
             f"Belges = {foreign.text()} des entreprises à capitaux étrangers",
             f"si le club les réunit toutes : environ {fmt.number(R.valeur('entreprises_etrangeres_implicites'))} "
             "entreprises étrangères (déduction des auteurs)", "lecture cohérente"),
        ],
        columns=["Lecture", "Calcul", "Résultat", "Verdict"],
    )  # fmt: skip
    publish.table(
        "tab-attractivite-audit-belge",
        audit,
        caption=(
            "Vérification de l'affirmation selon laquelle le club d'entreprises belges représenterait la moitié "
            "des entreprises audomaroises : trois lectures et leur calcul."
        ),
        sources=["gazette_ambassadeurs_flandre_audomarois", firms.source_id, foreign.source_id, "hypothese_auteurs"],
    )
