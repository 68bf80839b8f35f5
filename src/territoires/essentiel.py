"""« L'essentiel », the landing page: the book's main findings, each read from the chapters'
results records (value, date and perimeter), never typed by hand."""

from __future__ import annotations

from . import data, fmt, resultats
from .populations import MILLESIMES


def _year(record: resultats.Resultat) -> str:
    return record.ref_date[:4]


def donnees_arretees() -> str:
    """The month of the most recent dated source: the data stop there."""
    dated = data.load("sources_enriched")
    latest = dated[dated["pub_date"] != "unknown"]["pub_date"].max()
    return fmt.iso_date(latest[:7])


def textes() -> dict[str, str]:
    """Glue name → French text of every number the landing page states."""
    pop, a, t = resultats.lire("population"), resultats.lire("01_attractivite"), resultats.lire("02_transition")
    f, p, s = resultats.lire("03_formation"), resultats.lire("04_proximite"), resultats.lire("05_synthese")
    quotient, choc = a["quotient_localisation"], t["choc_industriel_cabbalr"]
    return {
        "ess_pop_cab": pop.texte("population_cabbalr"),
        "ess_pop_fa": pop.texte("population_flandre_audomarois"),
        "ess_pop_annee": _year(pop["population_cabbalr"]),
        "ess_pop_debut": str(MILLESIMES[int(pop.parametres["millesime_debut"])]),
        "ess_pop_taux_cab": pop.texte("taux_annuel_cabbalr"),
        "ess_pop_taux_fa": pop.texte("taux_annuel_flandre_audomarois"),
        "ess_epci_fa": a.texte("epci_flandre_audomarois", unit=False),
        "ess_rapport_densite": a.texte("rapport_densite"),
        "ess_lq": quotient.texte(),
        "ess_lq_annee": _year(quotient),
        "ess_choc": choc.texte(),
        "ess_choc_date": fmt.iso_date(choc.ref_date),
        "ess_emplois_recrees": t.texte("emplois_recrees"),
        "ess_taux_remplacement": t.texte("taux_remplacement"),
        "ess_annee_horizon": t.texte("annee_horizon"),
        "ess_couverture": f.texte("couverture_besoin"),
        "ess_besoin": f.texte("besoin_annuel"),
        "ess_ecoles": f.texte("ecoles_necessaires"),
        "ess_commerces": p.texte("commerces_pour_1000", unit=False),
        "ess_petites": p.texte("part_petites_communes"),
        "ess_seuil": fmt.number(p.parametres["seuil_petite_commune"]),
        "ess_articles": s.texte("chiffres_articles", unit=False),
        "ess_confirmes": s.texte("chiffres_confirmes", unit=False),
        "ess_non_verifiables": s.texte("chiffres_non_verifiables", unit=False),
        "ess_cles": s.texte("chiffres_cles", unit=False),
        "ess_comparables": s.texte("chiffres_cles_comparables", unit=False),
        "ess_arrete": donnees_arretees(),
    }
