"""Populations légales officielles par millésime : lecture de l'extrait, séries, évolutions, rangs.

L'extrait `data/official/populations/` (epci.csv, communes.csv) est écrit par le script
`extraire.py` de ce dossier à partir de sept versions du paquet `@etalab/decoupage-administratif`
(voir son README). Pour chaque millésime N du COG : la composition des EPCI au 1er janvier N et la
population municipale en vigueur à cette date, celle de l'année de référence INSEE N − 3.

Ce module lit et valide l'extrait (une ligne fautive arrête la lecture avec le fichier, la ligne et
le champ), puis en tire, par des fonctions pures et déterministes :

- la série d'un périmètre (un ensemble d'EPCI, par leur SIREN), avec les membres absents ou dont
  la composition a changé, pour que les changements de contour se voient ;
- l'évolution entre deux millésimes (absolue, en %, taux annuel moyen) ;
- le rang d'un EPCI ou d'un périmètre parmi les EPCI de l'extrait (« 12e sur 92 »), par
  population ou par taux annuel ;
- l'évolution de chaque commune d'un périmètre (taux annuel, pour une carte de taux).

Les taux annuels se calculent sur l'écart entre années de référence INSEE, jamais entre millésimes.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import fmt, paths
from .lecture import DataError, check_header, csv_error, decode

DOSSIER = paths.DATA / "official" / "populations"
FICHIER_EPCI = DOSSIER / "epci.csv"
FICHIER_COMMUNES = DOSSIER / "communes.csv"
FICHIER_ZONES = DOSSIER / "zones.csv"

# Millésime du COG → année de référence INSEE des populations légales en vigueur au 1er janvier
# (vérifiées par data/official/populations/extraire.py, voir son README).
MILLESIMES = {2019: 2016, 2021: 2018, 2022: 2019, 2023: 2020, 2024: 2021, 2025: 2022, 2026: 2023}
TYPES_EPCI = {"CC": "communauté de communes", "CA": "communauté d'agglomération", "CU": "communauté urbaine",
              "METRO": "métropole", "MET69": "métropole de Lyon"}  # fmt: skip

COLONNES_EPCI = ("millesime_cog", "annee_population", "epci_siren", "epci_nom", "epci_type", "population", "n_communes")
COLONNES_COMMUNES = ("millesime_cog", "annee_population", "code_insee", "nom", "epci_siren", "population")
CLE_EPCI = ("millesime_cog", "epci_siren")
CLE_COMMUNES = ("millesime_cog", "code_insee")
COLONNES_ZONES = ("annee_population", "zone_id", "zone_nom", "niveau", "code", "population", "n_communes", "jeu")
CLE_ZONES = ("annee_population", "zone_id")
NIVEAUX_ZONES = ("departement", "region", "metropole")


# --- lecture et validation -------------------------------------------------------------------


def _entier(minimum: int) -> Callable[[str, str, int, str], int]:
    def lire(valeur: str, fichier: str, ligne: int, champ: str) -> int:
        if not re.fullmatch(r"-?[0-9]+", valeur):
            raise DataError(fichier, f"entier attendu, reçu {valeur!r}", ligne, champ)
        nombre = int(valeur)
        if nombre < minimum:
            raise DataError(fichier, f"valeur {nombre} inférieure au minimum {minimum}", ligne, champ)
        return nombre

    return lire


def _motif(motif: str, aide: str) -> Callable[[str, str, int, str], str]:
    def lire(valeur: str, fichier: str, ligne: int, champ: str) -> str:
        if not re.fullmatch(motif, valeur):
            raise DataError(fichier, f"valeur {valeur!r} : {aide}", ligne, champ)
        return valeur

    return lire


def _millesime(valeur: str, fichier: str, ligne: int, champ: str) -> int:
    annee = _entier(0)(valeur, fichier, ligne, champ)
    if annee not in MILLESIMES:
        connus = ", ".join(map(str, MILLESIMES))
        raise DataError(fichier, f"millésime inconnu {annee} (connus : {connus})", ligne, champ)
    return annee


def _type_epci(valeur: str, fichier: str, ligne: int, champ: str) -> str:
    if valeur not in TYPES_EPCI:
        raise DataError(fichier, f"type d'EPCI inconnu {valeur!r} (connus : {', '.join(TYPES_EPCI)})", ligne, champ)
    return valeur


_TEXTE = _motif(r"\S(.*\S)?", "texte non vide, sans espace en début ni en fin, attendu")
_SIREN = _motif(r"[0-9]{9}", "SIREN à 9 chiffres attendu")
LECTEURS = {
    "millesime_cog": _millesime,
    "annee_population": _entier(1800),
    "epci_siren": _SIREN,
    "epci_nom": _TEXTE,
    "epci_type": _type_epci,
    "code_insee": _motif(r"[0-9]{5}|2[AB][0-9]{3}", "code INSEE de commune à 5 caractères attendu"),
    "nom": _TEXTE,
    "zone_id": _motif(r"[a-z0-9_]+", "identifiant snake_case attendu"),
    "zone_nom": _TEXTE,
    "niveau": _motif("|".join(NIVEAUX_ZONES), f"niveau attendu parmi {', '.join(NIVEAUX_ZONES)}"),
    "code": _motif(r"[0-9]{2}|2[AB]|FRM", "code de département, de région ou FRM attendu"),
    "jeu": _TEXTE,
}


def _lire(chemin: Path, colonnes: tuple[str, ...], cle: tuple[str, ...], minimum: int) -> pd.DataFrame:
    fichier = paths.relative(chemin)
    try:
        texte = decode(Path(chemin).read_bytes(), fichier, list(colonnes))
    except FileNotFoundError:
        raise DataError(fichier, "fichier introuvable (écrit par data/official/populations/extraire.py)") from None
    lecteur = csv.reader(io.StringIO(texte, newline=""), strict=True)
    lecteurs = LECTEURS | {"population": _entier(minimum), "n_communes": _entier(1)}
    lignes, vues = [], {}
    try:
        entete = next(lecteur, None)
        if entete is None:
            raise DataError(fichier, "fichier vide", 1, colonnes[0])
        check_header(entete, list(colonnes), fichier, texte.partition("\n")[0])
        for cellules in lecteur:
            ligne = lecteur.line_num
            if len(cellules) != len(colonnes):
                champ = colonnes[min(len(cellules), len(colonnes) - 1)]
                raise DataError(fichier, f"{len(cellules)} valeurs au lieu de {len(colonnes)}", ligne, champ)
            valeurs = {}
            for champ, valeur in zip(colonnes, cellules):
                if valeur == "":
                    raise DataError(fichier, "valeur obligatoire manquante", ligne, champ)
                valeurs[champ] = lecteurs[champ](valeur, fichier, ligne, champ)
            if "millesime_cog" in valeurs:
                _annee_coherente(valeurs, fichier, ligne)
            valeur_cle = tuple(valeurs[c] for c in cle)
            if valeur_cle in vues:
                montre = " / ".join(map(str, valeur_cle))
                raise DataError(fichier, f"doublon de la clé {montre} (déjà ligne {vues[valeur_cle]})", ligne, cle[-1])
            vues[valeur_cle] = ligne
            lignes.append(valeurs)
    except csv.Error as exc:
        raise csv_error(exc, fichier, lecteur.line_num, texte, list(colonnes)) from None
    if not lignes:
        raise DataError(fichier, "aucune ligne de données", 2, colonnes[0])
    return pd.DataFrame(lignes, columns=list(colonnes))


def _annee_coherente(valeurs: dict, fichier: str, ligne: int) -> None:
    attendue = MILLESIMES[valeurs["millesime_cog"]]
    if valeurs["annee_population"] != attendue:
        raise DataError(
            fichier,
            f"année de référence {valeurs['annee_population']} incohérente avec le millésime "
            f"{valeurs['millesime_cog']} ({attendue} attendue)",
            ligne,
            "annee_population",
        )


@functools.cache
def _lu(chemin: Path, empreinte: tuple[int, int], colonnes: tuple[str, ...], cle: tuple[str, ...], minimum: int):
    """One validated reading per file version (size and modification time): the chapters' models
    read these files at every computation, and the live views compute hundreds of points."""
    return _lire(chemin, colonnes, cle, minimum)


def _lire_une_fois(chemin: Path, colonnes: tuple[str, ...], cle: tuple[str, ...], minimum: int) -> pd.DataFrame:
    try:
        etat = Path(chemin).stat()
    except FileNotFoundError:
        return _lire(chemin, colonnes, cle, minimum)  # raises the DataError naming the file
    return _lu(Path(chemin), (etat.st_size, etat.st_mtime_ns), colonnes, cle, minimum).copy()


def lire_epci(chemin: Path = FICHIER_EPCI) -> pd.DataFrame:
    """L'extrait par EPCI, validé : une ligne par millésime et EPCI, population ≥ 1."""
    return _lire_une_fois(chemin, COLONNES_EPCI, CLE_EPCI, minimum=1)


def lire_communes(chemin: Path = FICHIER_COMMUNES) -> pd.DataFrame:
    """L'extrait par commune, validé : une ligne par millésime et commune, population ≥ 0."""
    return _lire_une_fois(chemin, COLONNES_COMMUNES, CLE_COMMUNES, minimum=0)


def lire_zones(chemin: Path = FICHIER_ZONES) -> pd.DataFrame:
    """Les zones de repère (départements et région des Hauts-de-France, France métropolitaine), validées :
    une ligne par année de référence et zone, population ≥ 1."""
    return _lire_une_fois(chemin, COLONNES_ZONES, CLE_ZONES, minimum=1)


def annees_zones(zones: pd.DataFrame, zone_ids: Iterable[str]) -> list[int]:
    """Les années de référence où chacune des zones a une population."""
    par_zone = [set(zones.loc[zones["zone_id"] == z, "annee_population"]) for z in zone_ids]
    return sorted(set.intersection(*par_zone)) if par_zone else []


def population_zone(zones: pd.DataFrame, zone_id: str, annee: int) -> int:
    """Population légale d'une zone de repère pour une année de référence ; LookupError si absente."""
    ligne = zones[(zones["zone_id"] == zone_id) & (zones["annee_population"] == annee)]
    if ligne.empty:
        connues = ", ".join(map(str, sorted(zones.loc[zones["zone_id"] == zone_id, "annee_population"])))
        raise LookupError(f"pas de population {annee} pour la zone {zone_id} (années : {connues or 'aucune'})")
    return int(ligne["population"].iloc[0])


def millesime_de(annee: int) -> int:
    """Le millésime du COG dont les populations en vigueur sont celles de l'année de référence `annee`."""
    for millesime, reference in MILLESIMES.items():
        if reference == annee:
            return millesime
    raise LookupError(f"aucun millésime pour l'année de référence {annee} (années : {sorted(MILLESIMES.values())})")


def du_millesime(epci: pd.DataFrame, annee: int) -> pd.DataFrame:
    """Les EPCI de l'extrait pour l'année de référence `annee` (millésime en vigueur), indexés par SIREN."""
    return epci[epci["millesime_cog"] == millesime_de(annee)].set_index("epci_siren")


def perimetre(epci: pd.DataFrame, sirens: Iterable[str], annee: int) -> dict[str, int]:
    """Population légale, communes et EPCI d'un périmètre pour l'année de référence `annee` ;
    LookupError nommant un EPCI absent cette année-là."""
    codes = _sirens(sirens)
    lignes = du_millesime(epci, annee)
    absents = [c for c in codes if c not in lignes.index]
    if absents:
        raise LookupError(
            f"EPCI {', '.join(absents)} absent des populations légales {annee} "
            f"(millésime {millesime_de(annee)} de data/official/populations/epci.csv)"
        )
    membres = lignes.loc[codes]
    return {
        "population": int(membres["population"].sum()),
        "n_communes": int(membres["n_communes"].sum()),
        "n_epci": len(codes),
    }


# --- séries et évolutions --------------------------------------------------------------------


def _sirens(sirens: Iterable[str]) -> list[str]:
    codes = sorted(set([sirens] if isinstance(sirens, str) else sirens))
    if not codes:
        raise ValueError("périmètre vide : au moins un SIREN d'EPCI attendu")
    return codes


def bornes(frame: pd.DataFrame, debut: int | None = None, fin: int | None = None) -> tuple[int, int]:
    """Millésimes de début et de fin (par défaut le premier et le dernier des données), vérifiés."""
    connus = sorted(set(frame["millesime_cog"]))
    debut = connus[0] if debut is None else debut
    fin = connus[-1] if fin is None else fin
    for annee in (debut, fin):
        if annee not in connus:
            raise LookupError(f"millésime {annee} absent des données (présents : {', '.join(map(str, connus))})")
    if debut >= fin:
        raise ValueError(f"millésime de début {debut} postérieur ou égal au millésime de fin {fin}")
    return debut, fin


def serie_perimetre(epci: pd.DataFrame, sirens: Iterable[str]) -> pd.DataFrame:
    """Population d'un périmètre (ensemble d'EPCI) à chaque millésime : la somme de ses membres
    présents cette année-là.

    Colonnes : millesime_cog, annee_population, population, n_epci, n_communes, absents (SIREN des
    membres absents ce millésime, séparés par « , »), composition_modifiee (membres dont le nombre
    de communes a changé depuis le millésime précédent), complet (tous les membres présents).
    Un millésime où aucun membre n'est présent n'a pas de ligne."""
    codes = _sirens(sirens)
    membres = epci[epci["epci_siren"].isin(codes)]
    if membres.empty:
        raise LookupError(f"aucun des EPCI {', '.join(codes)} dans l'extrait des populations")
    lignes, precedent = [], {}
    for millesime, groupe in membres.groupby("millesime_cog", sort=True):
        communes = dict(zip(groupe["epci_siren"], groupe["n_communes"]))
        absents = [c for c in codes if c not in communes]
        modifies = [c for c in sorted(communes) if c in precedent and precedent[c] != communes[c]]
        lignes.append(
            {
                "millesime_cog": int(millesime),
                "annee_population": MILLESIMES[int(millesime)],
                "population": int(groupe["population"].sum()),
                "n_epci": len(communes),
                "n_communes": int(groupe["n_communes"].sum()),
                "absents": ", ".join(absents),
                "composition_modifiee": ", ".join(modifies),
                "complet": not absents,
            }
        )
        precedent = communes
    return pd.DataFrame(lignes)


@dataclass(frozen=True)
class Evolution:
    """Évolution d'une population entre deux millésimes, datée par les années de référence INSEE."""

    millesime_debut: int
    millesime_fin: int
    annee_debut: int
    annee_fin: int
    population_debut: int
    population_fin: int

    @property
    def duree(self) -> int:
        """Nombre d'années entre les deux années de référence."""
        return self.annee_fin - self.annee_debut

    @property
    def absolue(self) -> int:
        return self.population_fin - self.population_debut

    @property
    def pourcentage(self) -> float:
        """Évolution totale, en %."""
        return 100 * (self.population_fin / self.population_debut - 1)

    @property
    def taux_annuel(self) -> float:
        """Taux de variation annuel moyen, en % par an : ((fin / début)^(1 / durée) − 1) × 100."""
        return 100 * ((self.population_fin / self.population_debut) ** (1 / self.duree) - 1)

    def texte(self) -> str:
        """`−2 784 habitants (−1,0 %, soit −0,14 % par an) entre 2016 et 2023`."""
        return (
            f"{_signe(self.absolue, 0)}{fmt.NBSP}habitants ({_signe(self.pourcentage, 1)}{fmt.NBSP}%, "
            f"soit {_signe(self.taux_annuel, 2)}{fmt.NBSP}% par an) entre {self.annee_debut} et {self.annee_fin}"
        )


def _signe(valeur: float, decimales: int) -> str:
    """Nombre signé tel qu'imprimé : `+1,5`, `−0,3`, `0,0` (pas de signe pour ce qui s'arrondit à zéro)."""
    return ("+" if fmt.rounded(valeur, decimales) > 0 else "") + fmt.number(valeur, decimales)


def evolution(serie: pd.DataFrame, debut: int | None = None, fin: int | None = None) -> Evolution:
    """Évolution entre deux millésimes (par défaut le premier et le dernier) d'une série à colonnes
    millesime_cog, annee_population, population (celle de `serie_perimetre` ou d'un EPCI)."""
    debut, fin = bornes(serie, debut, fin)
    par_millesime = serie.set_index("millesime_cog")
    avant, apres = par_millesime.loc[debut], par_millesime.loc[fin]
    if avant["population"] <= 0:
        raise ValueError(f"population nulle en {debut} : évolution relative impossible")
    annees = int(avant["annee_population"]), int(apres["annee_population"])
    return Evolution(debut, fin, *annees, int(avant["population"]), int(apres["population"]))


def taux_annuels(epci: pd.DataFrame, debut: int | None = None, fin: int | None = None) -> pd.DataFrame:
    """Évolution de chaque EPCI présent (même SIREN) aux deux millésimes, classé par taux annuel.

    Colonnes : rang (1 = la plus forte croissance ; ex aequo au même rang), epci_siren, epci_nom
    (au millésime de fin), population_debut, population_fin, evolution_absolue, evolution_pct,
    taux_annuel (% par an), composition_modifiee (le nombre de communes a changé)."""
    debut, fin = bornes(epci, debut, fin)
    colonnes = ["epci_siren", "population", "n_communes"]
    avant = epci.loc[epci["millesime_cog"] == debut, colonnes]
    apres = epci.loc[epci["millesime_cog"] == fin, [*colonnes, "epci_nom"]]
    table = avant.merge(apres, on="epci_siren", suffixes=("_debut", "_fin"))
    rapport = table["population_fin"] / table["population_debut"]
    table = table.assign(
        evolution_absolue=table["population_fin"] - table["population_debut"],
        evolution_pct=100 * (rapport - 1),
        taux_annuel=100 * (rapport ** (1 / (MILLESIMES[fin] - MILLESIMES[debut])) - 1),
        composition_modifiee=table["n_communes_debut"] != table["n_communes_fin"],
    ).sort_values(["taux_annuel", "epci_siren"], ascending=[False, True], ignore_index=True)
    table.insert(0, "rang", table["taux_annuel"].rank(method="min", ascending=False).astype(int))
    return table[
        ["rang", "epci_siren", "epci_nom", "population_debut", "population_fin", "evolution_absolue",
         "evolution_pct", "taux_annuel", "composition_modifiee"]
    ]  # fmt: skip


# --- rangs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rang:
    """Rang d'un EPCI ou d'un périmètre parmi les EPCI (1 = la plus grande valeur)."""

    rang: int
    sur: int
    critere: str
    valeur: float
    exclus: tuple[str, ...] = ()  # membres du périmètre laissés de côté (absents d'un des millésimes)

    def texte(self) -> str:
        """`3e sur 92`."""
        return f"{fmt.rank(self.rang)} sur {self.sur}"


def _rang(valeur: float, pairs: Iterable[float], critere: str, exclus: tuple[str, ...] = ()) -> Rang:
    """Classement « sportif » : 1 + le nombre de pairs strictement au-dessus ; sur = pairs + 1."""
    pairs = np.asarray(list(pairs), dtype=float)
    return Rang(1 + int((pairs > valeur).sum()), len(pairs) + 1, critere, valeur, exclus)


def rang_population(epci: pd.DataFrame, sirens: Iterable[str], millesime: int | None = None) -> Rang:
    """Rang par population, au millésime donné (par défaut le dernier), d'un EPCI ou d'un périmètre
    (la somme de ses membres présents) parmi les autres EPCI de l'extrait."""
    codes = _sirens(sirens)
    millesime = max(epci["millesime_cog"]) if millesime is None else millesime
    annee = epci[epci["millesime_cog"] == millesime]
    if annee.empty:
        raise LookupError(f"millésime {millesime} absent des données")
    membres = annee["epci_siren"].isin(codes)
    if not membres.any():
        raise LookupError(f"aucun des EPCI {', '.join(codes)} au millésime {millesime}")
    absents = tuple(c for c in codes if c not in set(annee["epci_siren"]))
    return _rang(int(annee.loc[membres, "population"].sum()), annee.loc[~membres, "population"], "population", absents)


def rang_taux(epci: pd.DataFrame, sirens: Iterable[str], debut: int | None = None, fin: int | None = None) -> Rang:
    """Rang par taux de variation annuel moyen entre deux millésimes d'un EPCI ou d'un périmètre parmi
    les EPCI présents aux deux millésimes. Le taux du périmètre se calcule sur ses membres présents
    aux deux millésimes (les autres sont dans `exclus`)."""
    codes = _sirens(sirens)
    table = taux_annuels(epci, debut, fin)
    membres = table["epci_siren"].isin(codes)
    if not membres.any():
        raise LookupError(f"aucun des EPCI {', '.join(codes)} n'est présent aux deux millésimes")
    debut, fin = bornes(epci, debut, fin)
    if membres.sum() == 1:  # un seul EPCI : son taux, tel que la table le calcule
        taux = float(table.loc[membres, "taux_annuel"].iloc[0])
    else:
        somme = table.loc[membres, ["population_debut", "population_fin"]].sum()
        unite = Evolution(debut, fin, MILLESIMES[debut], MILLESIMES[fin], *map(int, somme))
        taux = unite.taux_annuel
    exclus = tuple(c for c in codes if c not in set(table["epci_siren"]))
    return _rang(taux, table.loc[~membres, "taux_annuel"], "taux annuel", exclus)


# --- communes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvolutionCommunes:
    """Évolution des communes d'un périmètre entre deux millésimes.

    `table` : une ligne par commune du périmètre au millésime de fin (code_insee, nom, epci_siren,
    epci_siren_debut, population_debut, population_fin, evolution_pct, taux_annuel en % par an ;
    taux vide si la commune n'a pas de population au début). `disparues` : codes du périmètre au
    début absents à la fin (communes fusionnées ou sorties) ; `apparues` : codes de la fin sans
    population au début (commune nouvelle, population manquante). Tant que ces deux listes sont
    vides, les communes se comparent à territoire constant."""

    table: pd.DataFrame
    disparues: tuple[str, ...]
    apparues: tuple[str, ...]
    annee_debut: int
    annee_fin: int


def evolution_communes(
    communes: pd.DataFrame, sirens: Iterable[str], debut: int | None = None, fin: int | None = None
) -> EvolutionCommunes:
    """Taux de variation annuel de chaque commune d'un périmètre (sa composition au millésime de fin),
    pour une carte de taux : une commune est comparée à elle-même (même code INSEE) d'un millésime
    à l'autre, quel que soit son EPCI au début."""
    codes = _sirens(sirens)
    debut, fin = bornes(communes, debut, fin)
    avant = communes[communes["millesime_cog"] == debut].set_index("code_insee")
    apres = communes[(communes["millesime_cog"] == fin) & communes["epci_siren"].isin(codes)]
    if apres.empty:
        raise LookupError(f"aucune commune des EPCI {', '.join(codes)} au millésime {fin}")
    duree = MILLESIMES[fin] - MILLESIMES[debut]
    table = apres[["code_insee", "nom", "epci_siren"]].copy()
    table["epci_siren_debut"] = table["code_insee"].map(avant["epci_siren"])
    table["population_debut"] = table["code_insee"].map(avant["population"]).astype("Int64")
    table["population_fin"] = apres["population"].astype("Int64")
    rapport = (table["population_fin"] / table["population_debut"].where(table["population_debut"] > 0)).astype(float)
    table["evolution_pct"] = 100 * (rapport - 1)
    table["taux_annuel"] = 100 * (rapport ** (1 / duree) - 1)
    table = table.sort_values("code_insee").reset_index(drop=True)
    au_debut = set(avant.index[avant["epci_siren"].isin(codes)])
    return EvolutionCommunes(
        table=table,
        disparues=tuple(sorted(au_debut - set(table["code_insee"]))),
        apparues=tuple(table.loc[table["population_debut"].isna(), "code_insee"]),
        annee_debut=MILLESIMES[debut],
        annee_fin=MILLESIMES[fin],
    )


def changements_composition(communes: pd.DataFrame, sirens: Iterable[str]) -> pd.DataFrame:
    """Communes entrées dans le périmètre ou sorties d'un millésime au suivant.

    Colonnes : millesime_cog (celui où le changement se voit), code_insee, nom, mouvement :
    « entrée » ou « sortie » (la commune vient d'un autre EPCI ou y part), « apparition » (aucune
    ligne au millésime précédent : commune nouvelle, ou population manquante comme celle des
    communes nouvelles du 1er janvier 2019), « disparition » (plus aucune ligne : commune fusionnée).
    Vide si la composition n'a pas changé."""
    codes = _sirens(sirens)
    tous = {m: set(g["code_insee"]) for m, g in communes.groupby("millesime_cog", sort=True)}
    dedans = communes[communes["epci_siren"].isin(codes)]
    par_millesime = {m: dict(zip(g["code_insee"], g["nom"])) for m, g in dedans.groupby("millesime_cog", sort=True)}
    lignes, precedent = [], None
    for millesime in sorted(tous):
        actuel = par_millesime.get(millesime, {})
        if precedent is not None:
            avant, maintenant = tous[precedent], tous[millesime]
            anciens = par_millesime.get(precedent, {})
            for code in sorted(actuel.keys() - anciens.keys()):
                lignes.append((millesime, code, actuel[code], "entrée" if code in avant else "apparition"))
            for code in sorted(anciens.keys() - actuel.keys()):
                lignes.append((millesime, code, anciens[code], "sortie" if code in maintenant else "disparition"))
        precedent = millesime
    return pd.DataFrame(lignes, columns=["millesime_cog", "code_insee", "nom", "mouvement"])
