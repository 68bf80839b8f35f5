"""Extraction des populations légales des EPCI et des communes, millésime par millésime.

Source : le paquet npm `@etalab/decoupage-administratif` (code MIT, données Licence Ouverte,
d'après l'INSEE et la DGCL), dont sept versions sont installées côte à côte sous des alias npm
(`package.json`, `package-lock.json`). Le livre ne lit que les CSV écrits ici ; il n'a besoin
ni de npm ni du réseau.

Règle retenue pour chaque millésime N du COG : la composition des EPCI au 1er janvier N et la
population municipale *en vigueur* au 1er janvier N, c'est-à-dire les populations légales de
l'année de référence N − 3 (celles que la DGCL publie avec la composition des EPCI). Chaque
version du paquet contient deux jeux de populations d'années différentes (voir VERSIONS et le
README) : on prend celui dont l'année est N − 3, et le script vérifie ces années (contrôles
ci-dessous) avant d'écrire quoi que ce soit.

Usage, depuis la racine du projet :

    (cd data/official/populations && npm ci)
    .venv/bin/python data/official/populations/extraire.py            # écrit epci.csv et communes.csv
    .venv/bin/python data/official/populations/extraire.py --verifier # vérifie sans écrire (les CSV
                                                                     # engagés sont-ils à jour ?)
    .venv/bin/python data/official/populations/extraire.py --france   # toute la France, dans un
                                                                     # dossier temporaire, chronométré

La sortie est déterministe (lignes triées, fins de ligne LF, aucun horodatage).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ICI = Path(__file__).resolve().parent
MODULES = ICI / "node_modules"
REGION = "32"  # Hauts-de-France

COLONNES_EPCI = ("millesime_cog", "annee_population", "epci_siren", "epci_nom", "epci_type", "population", "n_communes")
COLONNES_COMMUNES = ("millesime_cog", "annee_population", "code_insee", "nom", "epci_siren", "population")
COLONNES_ZONES = ("annee_population", "zone_id", "zone_nom", "niveau", "code", "population", "n_communes", "jeu")

# Les zones de repère des rapports par habitant (identifiants de data/raw/territories.csv) : les
# départements et la région des Hauts-de-France, et la France métropolitaine.
ZONES = (
    ("aisne", "Aisne", "departement", "02"),
    ("nord", "Nord", "departement", "59"),
    ("oise", "Oise", "departement", "60"),
    ("pas_de_calais", "Pas-de-Calais", "departement", "62"),
    ("somme", "Somme", "departement", "80"),
    ("hauts_de_france", "Hauts-de-France", "region", REGION),
    ("france_metro", "France métropolitaine", "metropole", "FRM"),
)
# Deux jeux de la même année peuvent différer de quelques centaines d'habitants sur un département
# (communes nouvelles mal reprises : 380 dans l'Aisne en 2020 entre les deux jeux de 3.1.1) : au-delà de
# cet écart relatif sur le total d'une zone, l'extraction s'arrête.
ECART_ZONES_MAX = 1e-3


@dataclass(frozen=True)
class Version:
    """Une version du paquet : son millésime du COG et l'année de référence INSEE de ses deux jeux de
    populations municipales, vérifiées par les contrôles de ce script.

    - `annee_communes` : champ `population` de `data/communes.json` (populations légales INSEE les plus
      récentes à la date de la version) ;
    - `annee_membres` : champ `populationMunicipale` des membres dans `data/epci.json` (fichier DGCL de
      composition des EPCI, populations en vigueur au 1er janvier) ; None quand il est absent (0.7.0) ;
    - `annee_total` : champ `populationMunicipale` de l'EPCI lui-même dans `data/epci.json`.
    """

    millesime: int
    alias: str
    paquet: str
    annee_communes: int
    annee_membres: int | None
    annee_total: int

    @property
    def annee_population(self) -> int:
        """Année de référence des populations en vigueur au 1er janvier du millésime."""
        return self.millesime - 3

    @property
    def champ(self) -> str:
        """Le jeu de populations retenu : celui dont l'année est `annee_population` ; à égalité, celui
        des membres (même fichier que la composition, donc cohérent avec le total de l'EPCI)."""
        if self.annee_membres == self.annee_population:
            return "membres"
        if self.annee_communes == self.annee_population:
            return "communes"
        raise SystemExit(f"{self.paquet} : aucun jeu de populations de l'année {self.annee_population}")


VERSIONS = (
    Version(2019, "decoupage-2019", "0.7.0", annee_communes=2016, annee_membres=None, annee_total=2016),
    Version(2021, "decoupage-2021", "1.1.1", annee_communes=2019, annee_membres=2018, annee_total=2018),
    Version(2022, "decoupage-2022", "2.3.1", annee_communes=2020, annee_membres=2019, annee_total=2019),
    Version(2023, "decoupage-2023", "3.1.1", annee_communes=2020, annee_membres=2020, annee_total=2020),
    Version(2024, "decoupage-2024", "4.1.0", annee_communes=2022, annee_membres=2021, annee_total=2021),
    Version(2025, "decoupage-2025", "5.3.0", annee_communes=2023, annee_membres=2022, annee_total=2022),
    # 6.0.0 : epci.json identique octet pour octet à celui de 5.3.0 (composition et populations
    # 2025) ; seul communes.json apporte les populations légales 2023, en vigueur au 1er janvier 2026.
    Version(2026, "decoupage-2026", "6.0.0", annee_communes=2023, annee_membres=2022, annee_total=2022),
)

# Contrôles externes : (année de référence, niveau, code, population municipale attendue, source).
# Un jeu de populations annoncé pour une année doit redonner ces chiffres publiés ailleurs.
CONTROLES = (
    # INSEE, Insee Flash Hauts-de-France n° 62 (décembre 2018), https://insee.fr/fr/statistiques/3682693 :
    # 1 470 725 au 1er janvier 2016. Le paquet 0.7.0 donne 15 de moins : Canteleux (62210), absorbée par
    # Bonnières (62154) au 1er janvier 2019, n'y a plus de ligne (commune nouvelle, voir le README).
    (2016, "departement", "62", 1_470_725 - 15, "INSEE Flash HdF n° 62, moins Canteleux"),
    # INSEE, « Au 1er janvier 2018, 1 466 700 habitants dans le Pas-de-Calais »,
    # https://recherche-naf.insee.fr/fr/statistiques/5001278 : 1 466 743.
    (2018, "departement", "62", 1_466_743, "INSEE, populations au 1er janvier 2018"),
    # INSEE, dossier complet du Pas-de-Calais (27/06/2023), https://insee.fr/fr/statistiques/7633152?geo=DEP-62
    (2020, "departement", "62", 1_462_167, "INSEE, dossier complet DEP-62, population 2020"),
    # Séries historiques INSEE (PMUN16, PMUN18, PMUN19), reprises en géographie 2022 :
    # https://gist.github.com/ThomasG77/9ba14658c1f34f5d8827bcc0979a9f28
    (2016, "commune", "01004", 14_081, "INSEE, séries historiques PMUN16"),
    (2018, "commune", "01004", 14_204, "INSEE, séries historiques PMUN18"),
    (2019, "commune", "01004", 14_134, "INSEE, séries historiques PMUN19"),
    (2019, "commune", "01001", 779, "INSEE, séries historiques PMUN19"),
    # data.gouv.fr, population de référence des communes (popref_annee 2023, com_annee 2025) :
    # https://huggingface.co/datasets/Data-Gouv-FR/population-de-reference-t-popref-com
    (2023, "commune", "01004", 15_934, "data.gouv.fr, population de référence 2023"),
    (2023, "commune", "01001", 860, "data.gouv.fr, population de référence 2023"),
    # Infobox Wikipédia (populations légales INSEE) : secondaires, mais datées et concordantes.
    (2018, "commune", "62119", 25_193, "Wikipédia, Béthune (2018)"),
    (2021, "commune", "62119", 24_992, "Wikipédia, Béthune (2021)"),
    (2022, "commune", "62119", 25_342, "Wikipédia, Béthune (2022)"),
    (2021, "commune", "62525", 10_568, "Wikipédia, CAPSO : Longuenesse (2021)"),
    (2021, "departement", "62", 1_461_441, "Wikipédia, Démographie du Pas-de-Calais (2021)"),
    (2016, "epci", "200069037", 105_351, "Wikipédia, CAPSO (2016)"),
    (2018, "epci", "200069037", 105_169, "Wikipédia, CAPSO (2018)"),
    (2021, "epci", "200069037", 104_937, "Wikipédia, CAPSO (2021)"),
    (2019, "epci", "200072460", 276_238, "Wikipédia, CA de Béthune-Bruay (2019)"),
)


# --- lecture d'une version -------------------------------------------------------------------


def _json(version: Version, nom: str):
    chemin = MODULES / version.alias / "data" / nom
    if not chemin.exists():
        raise SystemExit(f"{chemin.relative_to(ICI)} introuvable : lancer d'abord « npm ci » dans {ICI.name}/")
    return json.loads(chemin.read_text(encoding="utf-8"))


def _installee(version: Version) -> None:
    manifeste = json.loads((MODULES / version.alias / "package.json").read_text(encoding="utf-8"))
    if manifeste["version"] != version.paquet:
        raise SystemExit(f"{version.alias} : version {manifeste['version']} installée, {version.paquet} attendue")


@dataclass
class Millesime:
    """Ce qu'une version dit : communes actuelles (code → fiche), EPCI, et les deux jeux de populations."""

    version: Version
    communes: dict[str, dict]
    epci: list[dict]

    @classmethod
    def lire(cls, version: Version) -> Millesime:
        _installee(version)
        communes = {c["code"]: c for c in _json(version, "communes.json") if c["type"] == "commune-actuelle"}
        return cls(version, communes, _json(version, "epci.json"))

    def populations(self, champ: str) -> dict[str, int]:
        """Population municipale de chaque commune selon un jeu (`communes` ou `membres`)."""
        if champ == "communes":
            return {code: c["population"] for code, c in self.communes.items() if c.get("population") is not None}
        return {m["code"]: m["populationMunicipale"] for e in self.epci for m in e["membres"]}

    def communes_nouvelles_incompletes(self) -> set[str]:
        """0.7.0 : communes nouvelles créées après le 1er janvier 2018 (géographie des populations légales
        2016), dont communes.json ne donne que la population de la commune qui porte le code."""
        if self.version.paquet != "0.7.0":
            return set()
        historique = _json(self.version, "historique-communes.json")
        return {
            h["code"]
            for h in historique
            if h["type"] == "COM"
            and h.get("raisonDebut") == "commune nouvelle"
            and h.get("dateDebut", "") > "2018-01-01"
        }


# --- extraction ------------------------------------------------------------------------------


def extraire(millesime: Millesime, region: str | None = REGION) -> tuple[list[dict], list[dict], dict]:
    """Lignes EPCI et communes d'un millésime (d'une région, ou de toute la France si `region` est None),
    et un petit bilan (communes écartées, écarts entre total DGCL et somme des communes)."""
    version = millesime.version
    population = millesime.populations(version.champ)
    incompletes = millesime.communes_nouvelles_incompletes()
    lignes_epci, lignes_communes, ecarts, ecartees = [], [], [], []
    for epci in millesime.epci:
        membres = epci["membres"]
        regions = {millesime.communes.get(m["code"], {}).get("region") for m in membres}
        if region is not None and region not in regions:
            continue
        connues = [m for m in membres if m["code"] in population and m["code"] not in incompletes]
        sans_population = sorted({m["code"] for m in membres} - {m["code"] for m in connues})
        ecartees += sans_population
        somme = sum(population[m["code"]] for m in connues)
        # Le total de l'EPCI : celui du fichier DGCL quand il est de la bonne année (il couvre aussi les
        # communes écartées), sinon la somme des communes. Il ne peut s'écarter de la somme des
        # communes que si des communes ont été écartées.
        total = epci["populationMunicipale"] if version.annee_total == version.annee_population else somme
        if total != somme and not sans_population:
            ecarts.append((epci["code"], total - somme))
        lignes_epci.append(
            {
                "millesime_cog": version.millesime,
                "annee_population": version.annee_population,
                "epci_siren": epci["code"],
                "epci_nom": epci["nom"],
                "epci_type": epci["type"],
                "population": total,
                "n_communes": len(membres),
            }
        )
        lignes_communes += [
            {
                "millesime_cog": version.millesime,
                "annee_population": version.annee_population,
                "code_insee": m["code"],
                "nom": millesime.communes.get(m["code"], m)["nom"],
                "epci_siren": epci["code"],
                "population": population[m["code"]],
            }
            for m in connues
        ]
    bilan = {"ecartees": sorted(ecartees), "ecarts": sorted(ecarts)}
    return lignes_epci, lignes_communes, bilan


def _ecarts_attendus(millesime: Millesime, bilan: dict) -> None:
    if bilan["ecarts"]:
        raise SystemExit(f"{millesime.version.paquet} : total EPCI ≠ somme des communes : {bilan['ecarts'][:5]}")


# --- zones de repère ------------------------------------------------------------------------


def _dans_zone(fiche: dict, niveau: str, code: str) -> bool:
    departement = fiche.get("departement", "")
    if niveau == "departement":
        return departement == code
    if niveau == "region":
        return fiche.get("region") == code
    return departement != "" and not departement.startswith(("97", "98"))  # métropole : hors outre-mer


def _jeux_par_annee(millesimes: list[Millesime]) -> dict[int, list[tuple[str, dict[str, int], Millesime]]]:
    """Année → jeux de cette année, le jeu retenu pour les EPCI d'abord (même règle que epci.csv), puis les
    autres, de la première version qui a publié l'année à la plus récente."""
    par_annee: dict[int, list] = {}
    retenus = {m.version.annee_population: m for m in millesimes}
    for annee, m in sorted(retenus.items()):
        par_annee[annee] = [(f"{m.version.paquet} {m.version.champ}", m.populations(m.version.champ), m)]
    for annee, etiquette, pops, m in sorted(_jeux(millesimes), key=lambda j: j[3].version.millesime):
        cle = "membres" if "membres" in etiquette else "communes"
        if annee in par_annee and not (retenus.get(annee) is m and m.version.champ == cle):
            par_annee[annee].append((f"{m.version.paquet} {cle}", pops, m))
    return par_annee


def _total_zone(pops: dict[str, int], m: Millesime, niveau: str, code: str) -> tuple[int, int] | None:
    """Population et nombre de communes de la zone selon un jeu, s'il couvre toutes ses communes."""
    membres = [c for c, fiche in m.communes.items() if _dans_zone(fiche, niveau, code)]
    if not membres or any(c not in pops for c in membres) or set(membres) & m.communes_nouvelles_incompletes():
        return None
    return sum(pops[c] for c in membres), len(membres)


def extraire_zones(millesimes: list[Millesime]) -> list[dict]:
    """Une ligne par année de référence et par zone que couvre entièrement un jeu de cette année ; les
    autres jeux complets de la même année doivent donner le même total (à ECART_ZONES_MAX près)."""
    lignes = []
    for annee, jeux in _jeux_par_annee(millesimes).items():
        for zone_id, nom, niveau, code in ZONES:
            totaux = [(etiquette, t) for etiquette, pops, m in jeux if (t := _total_zone(pops, m, niveau, code))]
            if not totaux:
                continue
            (etiquette, (population, n)), *autres = totaux
            for autre, (valeur, _) in autres:
                if abs(valeur - population) > ECART_ZONES_MAX * population:
                    raise SystemExit(f"{annee}, {nom} : {etiquette} = {population}, {autre} = {valeur}")
            lignes.append(
                {"annee_population": annee, "zone_id": zone_id, "zone_nom": nom, "niveau": niveau, "code": code,
                 "population": population, "n_communes": n, "jeu": etiquette}
            )  # fmt: skip
    return lignes


# --- contrôles des années de référence -----------------------------------------------------


def _jeux(millesimes: list[Millesime]):
    """Tous les jeux de populations disponibles : (année, étiquette, populations par commune)."""
    for m in millesimes:
        yield m.version.annee_communes, f"{m.version.paquet} communes.json", m.populations("communes"), m
        if m.version.annee_membres is not None:
            yield m.version.annee_membres, f"{m.version.paquet} epci.json (membres)", m.populations("membres"), m


def verifier_annees(millesimes: list[Millesime]) -> list[str]:
    """Vérifie l'année annoncée de chaque jeu : chiffres publiés (CONTROLES) et concordance des jeux
    annoncés pour la même année. Renvoie le compte rendu ; s'arrête au premier désaccord."""
    compte_rendu = []
    par_annee: dict[int, list] = {}
    for annee, etiquette, pops, m in _jeux(millesimes):
        par_annee.setdefault(annee, []).append((etiquette, pops))
        for annee_c, niveau, code, attendu, source in CONTROLES:
            if annee_c != annee:
                continue
            lu = _valeur(niveau, code, pops, m)
            if lu is None:
                continue
            if lu != attendu:
                raise SystemExit(f"{etiquette} : {niveau} {code} = {lu}, {attendu} attendu pour {annee} ({source})")
            compte_rendu.append(f"{annee} · {etiquette} · {niveau} {code} = {lu} ({source})")
    for annee, jeux in sorted(par_annee.items()):
        for (etiq_a, a), (etiq_b, b) in zip(jeux, jeux[1:]):
            communs = a.keys() & b.keys()
            egaux = sum(a[k] == b[k] for k in communs)
            if egaux < 0.99 * len(communs):
                raise SystemExit(f"{annee} : {etiq_a} et {etiq_b} diffèrent pour {len(communs) - egaux} communes")
            compte_rendu.append(f"{annee} · {etiq_a} = {etiq_b} pour {egaux} communes sur {len(communs)}")
    return compte_rendu


def _valeur(niveau: str, code: str, pops: dict[str, int], m: Millesime) -> int | None:
    if niveau == "commune":
        return pops.get(code)
    if niveau == "departement":
        membres = [c for c, fiche in m.communes.items() if fiche.get("departement") == code]
        return sum(pops.get(c, 0) for c in membres) if all(c in pops for c in membres) else None
    epci = next((e for e in m.epci if e["code"] == code), None)
    if epci is None or not all(x["code"] in pops for x in epci["membres"]):
        return None
    return sum(pops[x["code"]] for x in epci["membres"])


# --- écriture --------------------------------------------------------------------------------


def texte_csv(lignes: list[dict], colonnes: tuple[str, ...], cle: tuple[str, ...]) -> str:
    tampon = io.StringIO()
    ecrivain = csv.DictWriter(tampon, fieldnames=colonnes, lineterminator="\n")
    ecrivain.writeheader()
    ecrivain.writerows(sorted(lignes, key=lambda ligne: tuple(str(ligne[c]) for c in cle)))
    return tampon.getvalue()


def tout_extraire(millesimes: list[Millesime], region: str | None) -> tuple[str, str, list[str]]:
    epci, communes, notes = [], [], []
    for m in millesimes:
        lignes_epci, lignes_communes, bilan = extraire(m, region)
        _ecarts_attendus(m, bilan)
        epci += lignes_epci
        communes += lignes_communes
        notes.append(
            f"{m.version.millesime} ({m.version.paquet}, populations {m.version.annee_population}, "
            f"jeu « {m.version.champ} ») : {len(lignes_epci)} EPCI, {len(lignes_communes)} communes"
            + (f", {len(bilan['ecartees'])} communes sans population écartées" if bilan["ecartees"] else "")
        )
    return (
        texte_csv(epci, COLONNES_EPCI, ("millesime_cog", "epci_siren")),
        texte_csv(communes, COLONNES_COMMUNES, ("millesime_cog", "code_insee")),
        notes,
    )


def _classer(dossier: Path) -> list[str]:
    """Le classement du livre (territoires.populations) sur les CSV d'un dossier."""
    from territoires import populations  # le paquet du projet, installé dans .venv

    epci = populations.lire_epci(dossier / "epci.csv")
    debut, fin = min(epci["millesime_cog"]), max(epci["millesime_cog"])
    taux = populations.taux_annuels(epci, debut, fin)
    lignes = [f"{len(taux)} EPCI présents en {debut} et {fin} classés par taux annuel"]
    for siren in ("200072460", "200069037"):
        lignes.append(f"{siren} : {populations.rang_taux(epci, [siren], debut, fin).texte()} (taux annuel)")
    return lignes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--france", action="store_true", help="toute la France, écrite dans un dossier temporaire")
    parser.add_argument("--verifier", action="store_true", help="vérifier que les CSV engagés sont à jour")
    args = parser.parse_args(argv)

    depart = time.perf_counter()
    millesimes = [Millesime.lire(v) for v in VERSIONS]
    lecture = time.perf_counter() - depart
    for ligne in verifier_annees(millesimes):
        print("contrôle :", ligne)
    epci, communes, notes = tout_extraire(millesimes, None if args.france else REGION)
    zones = texte_csv(extraire_zones(millesimes), COLONNES_ZONES, ("annee_population", "zone_id"))
    print("\n".join(notes))

    if args.france:
        dossier = Path(tempfile.mkdtemp(prefix="populations-france-"))
        (dossier / "epci.csv").write_text(epci, encoding="utf-8")
        (dossier / "communes.csv").write_text(communes, encoding="utf-8")
        print("\n".join(_classer(dossier)))
        total = time.perf_counter() - depart
        print(f"écrit dans {dossier} ; lecture des JSON {lecture:.1f} s, total {total:.1f} s (horloge murale)")
        return 0
    sorties = {ICI / "epci.csv": epci, ICI / "communes.csv": communes, ICI / "zones.csv": zones}
    if args.verifier:
        perimes = [p.name for p, texte in sorties.items() if not p.exists() or p.read_text(encoding="utf-8") != texte]
        if perimes:
            print("à régénérer :", ", ".join(perimes))
            return 1
        print("epci.csv, communes.csv et zones.csv sont à jour")
        return 0
    for chemin, texte in sorties.items():
        chemin.write_text(texte, encoding="utf-8")
    counts = Counter(line.split(",")[0] for line in epci.splitlines()[1:])
    print("EPCI par millésime :", dict(sorted(counts.items())))
    print(f"total {time.perf_counter() - depart:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
