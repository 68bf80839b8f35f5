"""Words and display tables of the chapter on the local economy (04_proximite).

The phrases that depend on a parameter (a denominator, a benchmark, a perimeter) and the
tables of the chapter, built from the model's results `R` and parameters `P`, formatted with
`fmt` and `phrases` and glued with `publish.table`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data, fmt, phrases, publish
from .. import proximite as calc
from ..chapitres.proximite import HYPOTHESE, PERIMETRE_DEFAUT, SOURCE_POPULATIONS, ecart_annees

# The denominators: row of the table, name in a caption, and "rapporté à …" ({annee}: the
# reference year of the population légale, parameter annee_population).
DENOMINATEURS = {
    "population_legale": (
        "Population légale {annee} du périmètre",
        "population légale {annee} du périmètre",
        "à la population légale {annee} du périmètre",
    ),
    "agglo_arrondi": (
        "Chiffre arrondi affiché par l'agglomération",
        "chiffre arrondi affiché par l'agglomération",
        "au chiffre arrondi affiché par l'agglomération",
    ),
    "arrondissement": (
        "Arrondissement de Béthune (autre périmètre)",
        "population de l'arrondissement de Béthune, autre périmètre",
        "à la population de l'arrondissement de Béthune, périmètre plus large",
    ),
}
# French prepositions of the two craft benchmarks: « of » and « in ».
DE_REPERE = {"pas_de_calais": "du Pas-de-Calais", "hauts_de_france": "des Hauts-de-France"}
EN_REPERE = {"pas_de_calais": "dans le Pas-de-Calais", "hauts_de_france": "en Hauts-de-France"}


def denominateur(key: str, annee: int | str) -> dict[str, str]:
    label, nom, a = (text.format(annee=annee) for text in DENOMINATEURS[key])
    return {"label": label, "nom": nom, "a": a}


def date_evenement(event_id: str) -> str:
    """The date of an event of the timeline, in French."""
    return fmt.iso_date(data.load("timeline").set_index("event_id").loc[event_id, "date"])


def taux_annuel(value: float) -> str:
    return f"{fmt.number(value, 1)}{fmt.NBSP}%/an"


def plus_ou_moins(pct: float) -> str:
    """A signed gap in percent, in words: `23 % de plus`, `5 % de moins`."""
    return f"{fmt.percent(abs(pct))} de {'plus' if pct >= 0 else 'moins'}"


def denominateur_court(R, P) -> str:
    return (
        f"rapporté {denominateur(P.denominateur, P.annee_population)['a']}, soit {R.texte('population_denominateur')}"
    )


def noms_perimetre(R, separateur: str = " ; ") -> str:
    """Names of the perimeter's EPCI."""
    return separateur.join(R.tables["perimetre"]["epci_name"])


def note_perimetre(P) -> str:
    if sorted(P.perimetre_epci) == PERIMETRE_DEFAUT:
        return "Le périmètre retenu est celui de l'agglomération, auquel se rapportent les trois comptages."
    return (
        "Attention : le périmètre choisi diffère de celui de l'agglomération, alors que les trois comptages "
        "portent sur l'agglomération ; seules la population légale et les communes suivent le périmètre choisi, "
        "les ratios qui rapportent les comptages à cette population mêlent donc deux périmètres."
    )


def population_repere(R, repere: str) -> str:
    """What the benchmark's density is divided by: the population légale of the nearest year."""
    row = R.tables["reperes"].set_index("repere").loc[repere]
    return f"population légale {row['pop_date']}, {ecart_annees(int(row['pop_date']), row['date'])}"


def choix_annee(R, P) -> str:
    """Why this year of the populations légales: the rule of the default, or that it departs from it."""
    first = calc.annee_article()
    rule = (
        "la première qui ne précède pas la date la plus ancienne possible de l'article fondateur, postérieur au "
        f"{date_evenement(calc.BORNE_ARTICLE)}"
    )
    if P.annee_population == first:
        return f"l'année {P.annee_population} est {rule}"
    return f"l'année {P.annee_population} est un choix du lecteur ; celle du livre, {first}, est {rule}"


def ecart_creations(R) -> str:
    """The population légale of the region's creation rate and its gap to the creations' year."""
    row = R.tables["creations"].set_index("territoire").loc["Hauts-de-France"]
    year = int(row["annee_population"])
    return f"population légale {year}, {ecart_annees(year, row['annee'], 'des créations')}"


def dates_ecart(R, P) -> str:
    return (
        "les dates diffèrent : les comptages régional et départemental décrivent le "
        f"{fmt.iso_date(R[f'artisanat_{P.repere}'].ref_date)}, celui de l'agglomération une date non imprimée "
        f"postérieure au {date_evenement('bri_cession_sig')}"
    )


def meme_date(R) -> str:
    same = R.tables["reperes"]["date"].nunique() == 1
    return "à la même date" if same else "à des dates différentes"


def villes(R) -> str:
    """The five most populous communes of the perimeter, with their population."""
    towns = R.tables["communes"].nlargest(5, "population")
    return ", ".join(f"{t.nom} ({fmt.number(t.population)})" for t in towns.itertuples())


def comparaison_petites(R, P) -> str:
    """Our count of small communes against the agglomeration's, when they can be compared."""
    announced = R.texte("petites_communes_selon_agglo", False)
    if sorted(P.perimetre_epci) != PERIMETRE_DEFAUT or P.seuil_petite_commune != 2000:
        return (
            f"l'agglomération en annonce {announced} sous deux mille habitants, chiffre non daté "
            "qui ne se compare qu'avec le seuil et le périmètre par défaut"
        )
    diff = R.valeur("petites_communes") - R.valeur("petites_communes_selon_agglo")
    if diff == 0:
        return "exactement le chiffre de l'agglomération"
    return (
        f"{fmt.number(abs(diff))} de {'plus' if diff > 0 else 'moins'} que les {announced} annoncées par "
        "l'agglomération (chiffre non daté : l'écart peut tenir à l'année de la population)"
    )


def phrase_scenario(R, P) -> str:
    return (
        f"à {taux_annuel(P.croissance_etablissements)} d'établissements et {taux_annuel(P.croissance_population)} "
        f"d'habitants pendant {phrases.annees(P.horizon)}, la densité de commerces passerait de "
        f"{R.texte('commerces_pour_1000', False)} à {R.texte('commerces_pour_1000_horizon', False)} "
        "pour mille habitants."
    )


# --- tables -----------------------------------------------------------------------------------


def tableau_denominateurs(R, P) -> None:
    """tab-proximite-denominateurs: the same counts over the four populations."""
    rows = []
    for row in R.tables["denominateurs"].itertuples():
        date = fmt.iso_date(row.ref_date) if isinstance(row.ref_date, str) else "non daté"
        rows.append(
            {
                "Dénominateur": denominateur(row.denominateur, P.annee_population)["label"]
                + (" (retenu)" if row.denominateur == P.denominateur else ""),
                "Population": fmt.number(row.population),
                "Date": date,
                "Commerces pour 1 000 hab.": fmt.number(row.commerces, 1),
                "Artisanat pour 1 000 hab.": fmt.number(row.artisanat, 1),
                "ESS pour 1 000 hab.": fmt.number(row.ess, 1),
            }
        )
    publish.table(
        "tab-proximite-denominateurs",
        pd.DataFrame(rows),
        caption=(
            "Densité du tissu de proximité de Béthune-Bruay selon la population retenue (mêmes comptages, non "
            "datés ; population légale de l'INSEE, chiffre arrondi de l'agglomération ; l'arrondissement est un "
            "périmètre plus large)."
        ),
        sources=[R["commerces_cabbalr"].source_ids[0], *R.tables["denominateurs"]["source_id"], HYPOTHESE],
    )


def _classe(low: float, high: float) -> str:
    if low == 0:
        return f"Moins de {fmt.number(high)}"
    if np.isinf(high):
        return f"{fmt.number(low)} et plus"
    return f"{fmt.number(low)} à {fmt.number(high - 1)}"


def tableau_taille_communes(R, P) -> None:
    """tab-proximite-taille-communes: communes and inhabitants by size class."""
    classes = R.tables["classes"]
    table = pd.DataFrame(
        {
            "Taille (habitants)": [_classe(r.low, r.high) for r in classes.itertuples()],
            "Communes": [fmt.number(v) for v in classes["n_communes"]],
            "Part des communes": [fmt.percent(v, 1) for v in classes["share_communes_pct"]],
            "Habitants": [fmt.number(v) for v in classes["population"]],
            "Part des habitants": [fmt.percent(v, 1) for v in classes["share_population_pct"]],
        }
    )
    publish.table(
        "tab-proximite-taille-communes",
        table,
        caption=(
            f"Communes du périmètre et leurs habitants par classe de taille (population légale "
            f"{R['part_petites_communes'].ref_date}, composition au 1er janvier {R['communes_perimetre'].ref_date} ; "
            f"seuil de petite commune : {fmt.number(P.seuil_petite_commune)} habitants)."
        ),
        sources=[SOURCE_POPULATIONS, HYPOTHESE],
    )


def tableau_bridgestone(R) -> None:
    """tab-proximite-bridgestone: every version of the Bridgestone business creations."""
    versions = R.tables["bridgestone"]
    sale = date_evenement("bri_cession_sig")

    def when(row) -> str:
        return fmt.described_date(row.ref_date, row.date_status, missing=f"non imprimée (après le {sale})")

    publish.table(
        "tab-proximite-bridgestone",
        pd.DataFrame(
            {
                "Date décrite": [when(r) for r in versions.itertuples()],
                "Chiffre": [fmt.qualified(r.valeur, r.qualifier) for r in versions.itertuples()],
                "Ce qui est compté": versions["objet"],
                "Source": [phrases.editeur(s) for s in versions["source_id"]],
            }
        ),
        caption=(
            "Créations d'entreprise des anciens salariés de Bridgestone : toutes les versions, dans l'ordre des dates."
        ),
        sources=list(versions["source_id"]),
    )


def tableau_accompagnement(R) -> None:
    """tab-proximite-accompagnement: the support schemes of the two territories, side by side."""
    t = {k: R.texte(k) for k in ("station_surface", "station_coworking", "station_fablab", "station_incubateur")}
    buying = R["station_rachat_gare"]
    rows = [
        ("Porteur", "Communauté d'agglomération (CABBALR)", "CA du Pays de Saint-Omer (CAPSO)"),
        (
            "Lieu",
            "pépinières d'entreprises et zones d'activités ; incubateur territorial en projet",
            f"La Station, ancienne gare de Saint-Omer rouverte après {R.texte('station_fermeture')} de fermeture",
        ),
        (
            "Date",
            f"projets annoncés dans un article non daté (après le {date_evenement('bri_cession_sig')})",
            f"inaugurée le {date_evenement('station_inauguration')}",
        ),
        (
            "Espaces",
            "non chiffrés",
            f"{t['station_surface']} : coworking {t['station_coworking']}, fablab {t['station_fablab']}, "
            f"incubateur {t['station_incubateur']}",
        ),
        (
            "Coût",
            "non chiffré",
            f"gare rachetée {buying.texte()} en {buying.ref_date} ; travaux {R.texte('station_travaux')}",
        ),
        (
            "Numérique",
            f"{R.texte('ambassadeurs_numeriques')} numériques à recruter ; projets d'inclusion numérique",
            "fablab et coworking ouverts aux entreprises et aux habitants",
        ),
        (
            "Création d'entreprises",
            f"{R.texte('projets_creation_bridgestone', False)} projets de création d'anciens salariés de "
            "Bridgestone en cours ; soutien à la création et à la reprise",
            f"incubateur de {t['station_incubateur']}",
        ),
    ]
    publish.table(
        "tab-proximite-accompagnement",
        pd.DataFrame(rows, columns=["Aspect", "Béthune-Bruay", "Audomarois (La Station)"]),
        caption="Les dispositifs d'appui à la création et à l'innovation des deux territoires, côte à côte.",
        sources=[
            R["commerces_cabbalr"].source_ids[0],
            "archimag_station",
            "gazette_station_espace",
            "gazette_ambassadeurs_flandre_audomarois",
        ],
    )
