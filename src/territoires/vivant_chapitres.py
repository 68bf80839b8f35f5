"""The live views of the chapters (issue 20): which assumptions move, which glued texts follow.

For each chapter with a model: two or three controls (the assumptions its sensitivity figure
and its « À retenir » box depend on most), the glued texts that depend on them — each written
exactly as the chapter's notebook glues it under the same key (a test runs the notebook with
other values and compares) — and the chart redrawn in the page: the data of the chapter's
sensitivity figure, from the same `compute` tables.

Grids (bounded by `vivant.MAX_POINTS`, see `territoires.vivant`):
- attractivité: the national reference share (its 8 published choices) × the article's local
  share 0–100 % by 5 (21) = 168 points;
- transition: success rate 0–100 % by 10 (11) × project size (7 values from 5 to 200) ×
  horizon 1–15 years by 4 (5: 1, 4, 8, 12, 15) = 385 points;
- formation: schools (1, 2, 3, 5, 10, 20: a finer list would give 720 points and more, over the
  bound once a scenario adds its own values) × replacement rate (9 values from 0,5 to 10 %/an) ×
  share hired locally 0–100 % by 15 around 55 (8) = 432 points;
- proximité: growth of establishments −5 to +5 %/an by 1 (11) × growth of the population
  (−1; −0,5; −0,1; 0; 0,5; 1 %/an) (6) × horizon 1–20 years by 5 (5: 1, 5, 10, 15, 20) = 330 points.
"""

from __future__ import annotations

import math

from matplotlib.ticker import MaxNLocator

from . import charts, fmt, phrases
from .attractivite import PART_ARTICLE
from .chapitres import attractivite, formation, proximite, transition
from .vivant import Controle, Vue, nombre

COULEURS = [charts.PALETTE[c] for c in ("ciel", "bleu", "vert", "orange", "vermillon", "pourpre")]


# --- chart helpers ------------------------------------------------------------------------------


def graduations(low: float, high: float, ecrire, bins: int = 5) -> list[list]:
    """Ticks of an axis between `low` and `high`, each with its French label, written with the
    decimals the ticks need (2,5 is not written 3)."""
    ticks = [t for t in MaxNLocator(nbins=bins).tick_values(low, high) if low - 1e-9 <= t <= high + 1e-9]
    decimals = max(fmt.decimals_of(float(nombre(t))) for t in ticks)
    return [[nombre(t), ecrire(t, decimals)] for t in ticks]


def graduations_log(low: float, high: float) -> tuple[float, float, list[list]]:
    """Powers of ten around [low, high] (a log axis), labelled in percent."""
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    ticks = [10.0**k for k in range(first, last + 1)]
    return ticks[0], ticks[-1], [[nombre(t), fmt.percent(t, max(0, -int(math.log10(t))))] for t in ticks]


def haut(value: float) -> float:
    """A round top for an axis, just above `value`."""
    ticks = MaxNLocator(nbins=5).tick_values(0, value * 1.05)
    return float(ticks[-1])


def pourcent(value: float, decimals: int = 0) -> str:
    return fmt.percent(value, decimals)


# --- 02 transition --------------------------------------------------------------------------


def _textes_transition():
    from .figures import transition_textes as textes

    return {
        "transition_hypotheses": lambda P, R: P.hypotheses(),
        "kpi_transition_emplois_recrees": lambda P, R: R.texte("emplois_recrees", unit=False),
        "transition_horizon_date": lambda P, R: fmt.iso_date(R["annee_horizon"].ref_date),
        "kpi_transition_taux_remplacement": lambda P, R: R.texte("taux_remplacement"),
        "transition_p_taux_reussite": lambda P, R: fmt.percent(P.taux_reussite),
        "transition_p_emplois_par_projet": lambda P, R: fmt.quantity(P.emplois_par_projet, "emplois"),
        "transition_p_horizon": lambda P, R: phrases.annees(P.horizon),
        "transition_emplois_pleine_taille": lambda P, R: R.texte("emplois_pleine_taille", unit=False),
        "transition_seuil_reussite": lambda P, R: textes.seuil(R),
        "transition_sensibilite_bas": lambda P, R: R.texte("sensibilite_bas"),
        "transition_sensibilite_haut": lambda P, R: R.texte("sensibilite_haut"),
    }


def lignes(grid, par: str, x: str, y: str, nom, couleurs) -> list[dict]:
    """One line of a chart per value of `par` (in order), its points sorted along `x`."""
    return [
        {"nom": nom(value), "couleur": colour, "y": [nombre(v) for v in grid[grid[par] == value].sort_values(x)[y]]}
        for value, colour in zip(sorted(grid[par].unique()), couleurs)
    ]


def graphique_transition(P, R) -> dict:
    """The sensitivity figure (fig-transition-sensibilite): replacement ratio at the horizon
    against the success rate, one line per project size, the reader's point marked."""
    grid = R.tables["sensibilite"]
    sizes = sorted(grid["emplois_par_projet"].unique())
    rates = sorted(grid["taux_reussite_pct"].unique())
    horizon = fmt.iso_date(R.tables["trajectoire"]["date"].iloc[-1])
    observed, ratio = R.valeur("repere_reussite"), R.valeur("taux_remplacement")
    top = min(haut(float(grid["taux_remplacement_pct"].max())), 300.0)
    series = lignes(
        grid, "emplois_par_projet", "taux_reussite_pct", "taux_remplacement_pct",
        lambda size: f"{fmt.number(size)} emplois par projet", COULEURS,
    )  # fmt: skip
    fond = {
        "x": {
            "titre": "Part des projets étudiés qui s'implantent (%)",
            "min": 0,
            "max": 100,
            "graduations": graduations(0, 100, pourcent),
        },
        "y": {
            "titre": f"Taux de remplacement en {horizon} (%)",
            "min": 0,
            "max": nombre(top),
            "graduations": graduations(0, top, pourcent),
        },
        "xs": [nombre(v) for v in rates],
        "series": series,
        "reperes": [
            {"axe": "y", "valeur": 100, "texte": "Autant d'emplois recréés que perdus"},
            {"axe": "x", "valeur": nombre(observed), "texte": f"Repère observé : {fmt.percent(observed)}"},
        ],
        "legende": "Taille des projets",
    }
    marques = {
        "accent": sizes.index(P.emplois_par_projet),
        "points": [{"x": nombre(P.taux_reussite), "y": nombre(ratio), "couleur": "#000000", "etiquette": "point"}],
    }
    fond["description"] = (
        f"Faisceau de {len(sizes)} droites croissantes : taux de remplacement en {horizon} selon la part des "
        f"{fmt.number(P.projets_etudies)} projets étudiés qui s'implantent, pour des projets de "
        f"{', '.join(fmt.number(s) for s in sizes)} emplois ; trait épais : la taille choisie ; point noir : "
        "les hypothèses choisies."
    )
    return {
        "textes": {
            "titre": f"Avec ces hypothèses, le site recrée {R.texte('taux_remplacement')} des emplois perdus "
            f"en {horizon}",
            "point": f"Hypothèse : {fmt.percent(ratio)}",
        },
        "fond": fond,
        "marques": marques,
    }


TRANSITION = Vue(
    modele=transition,
    controles=(
        Controle("taux_reussite", pas=10.0),
        Controle("emplois_par_projet", valeurs=(5, 10, 20, 30, 50, 100, 200)),
        Controle("horizon", pas=4),
    ),
    textes=_textes_transition(),
    annonce=(
        ("Emplois recréés", "kpi_transition_emplois_recrees"),
        ("taux de remplacement", "kpi_transition_taux_remplacement"),
        ("horizon", "transition_horizon_date"),
    ),
    graphique=graphique_transition,
    figure="fig-transition-sensibilite",
)


# --- 03 formation -----------------------------------------------------------------------------


def _compte(R, key: str, un: str, plusieurs: str) -> str:
    """As the notebook's `compte`: a count of the results, singular or plural."""
    return phrases.pluriel(R.valeur(key), un, plusieurs, R[key].decimals)


def _ecoles_necessaires(P, R) -> str:
    if "ecoles_necessaires" in R.keys():
        return _compte(R, "ecoles_necessaires", "école", "écoles")
    return "une infinité d'écoles (aucune embauche locale)"


TEXTES_FORMATION = {
    "formation_hypotheses": lambda P, R: P.hypotheses(),
    "formation_nombre_ecoles": lambda P, R: phrases.pluriel(P.nombre_ecoles, "école", "écoles"),
    "kpi_formation_diplomes_par_an": lambda P, R: _compte(R, "diplomes_par_an", "diplômé", "diplômés"),
    "formation_embauches_an": lambda P, R: R.texte("embauches_locales_par_an", unit=False),
    "kpi_formation_couverture_besoin": lambda P, R: R.texte("couverture_besoin"),
    "kpi_formation_besoin_annuel": lambda P, R: _compte(R, "besoin_annuel", "embauche", "embauches"),
    "formation_couverture_cumulee": lambda P, R: R.texte("couverture_cumulee"),
    "kpi_formation_ecoles_necessaires": _ecoles_necessaires,
    "formation_taux_renouvellement": lambda P, R: fmt.percent(P.taux_renouvellement, 1),
    "formation_duree_poste": lambda P, R: phrases.pluriel(100 / P.taux_renouvellement, "an", "ans"),
    "formation_eleves_presents": lambda P, R: _compte(R, "eleves_presents", "élève", "élèves"),
    "formation_part_locale": lambda P, R: fmt.percent(P.part_embauche_locale),
    "formation_diplomes_cumules": lambda P, R: R.texte("diplomes_cumules", unit=False),
    "formation_embauches_cumulees": lambda P, R: R.texte("embauches_locales_cumulees", unit=False),
    "formation_besoin_cumule": lambda P, R: _compte(R, "besoin_cumule", "embauche", "embauches"),
    "formation_sens_max_couverture": lambda P, R: R.texte("couverture_max_ecoles"),
    "formation_sens_couverture_basse": lambda P, R: R.texte("couverture_selon_renouvellement_bas"),
    "formation_sens_couverture_haute": lambda P, R: R.texte("couverture_selon_renouvellement_haut"),
}


def graphique_formation(P, R) -> dict:
    """The right panel of fig-formation-sensibilite: coverage of the yearly need against the
    replacement rate, one line per cohort size (log scale), the reader's point marked."""
    grid = R.tables["sensibilite_renouvellement"]
    sizes = sorted(grid["cohorte_eleves"].unique())
    rates = sorted(grid["taux_renouvellement_pct_an"].unique())
    cover = R.valeur("couverture_besoin")
    values = [v for v in grid["couverture_pct"] if v > 0]
    series = lignes(
        grid, "cohorte_eleves", "taux_renouvellement_pct_an", "couverture_pct",
        lambda size: f"{phrases.pluriel(size, 'élève', 'élèves')}/an", COULEURS[1:] + COULEURS[:1],
    )  # fmt: skip
    fond = {
        "x": {
            "titre": "Emplois renouvelés chaque année (%)",
            "min": 0,
            "max": 10,
            "graduations": graduations(0, 10, pourcent),
        },
        "xs": [nombre(v) for v in rates],
        "series": series,
        "legende": "Élèves admis par an et par école",
    }
    if values:
        low, high, ticks = graduations_log(min(values), max(values))
        fond["y"] = {
            "titre": "Couverture du besoin annuel (%, échelle log.)",
            "min": nombre(low),
            "max": nombre(high),
            "log": True,
            "graduations": ticks,
        }
    else:  # nobody hired locally: every coverage is zero
        fond["y"] = {
            "titre": "Couverture du besoin annuel (%)",
            "min": 0,
            "max": 1,
            "graduations": [[0, fmt.percent(0)]],
        }
    marques = {
        "accent": sizes.index(P.eleves_par_promotion),
        "points": [{"x": nombre(P.taux_renouvellement), "y": nombre(cover), "couleur": "#000000", "etiquette": "point"}]
        if cover > 0
        else [],
    }
    schools = phrases.pluriel(P.nombre_ecoles, "école", "écoles")
    fond["description"] = (
        f"Courbes décroissantes, sur une échelle logarithmique : couverture du besoin annuel d'embauches par "
        f"{schools} selon la part des emplois renouvelés chaque année, pour plusieurs tailles de cohorte, avec "
        f"{fmt.percent(P.part_embauche_locale)} d'embauches locales ; trait épais : la cohorte du chapitre ; point "
        "noir : les hypothèses choisies."
    )
    return {
        "textes": {
            "titre": f"Avec {schools}, la couverture du besoin annuel va de "
            f"{R.texte('couverture_selon_renouvellement_bas')} à {R.texte('couverture_selon_renouvellement_haut')} "
            "selon le renouvellement",
            "point": f"Hypothèse : {R.texte('couverture_besoin')}",
        },
        "fond": fond,
        "marques": marques,
    }


FORMATION = Vue(
    modele=formation,
    controles=(
        Controle("nombre_ecoles", valeurs=(1, 2, 3, 5, 10, 20)),
        Controle("taux_renouvellement", valeurs=(0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)),
        Controle("part_embauche_locale", pas=15.0),
    ),
    textes=TEXTES_FORMATION,
    annonce=(
        ("Couverture du besoin annuel", "kpi_formation_couverture_besoin"),
        ("besoin annuel", "kpi_formation_besoin_annuel"),
        ("écoles nécessaires", "kpi_formation_ecoles_necessaires"),
    ),
    graphique=graphique_formation,
    figure="fig-formation-sensibilite",
)


# --- 04 proximité -----------------------------------------------------------------------------


def _textes_proximite():
    from .figures import proximite_textes as textes

    def chiffre(R, key: str) -> str:
        return R.texte(key, unit=False)

    return {
        "proximite_scn_taux": lambda P, R: textes.taux_annuel(P.croissance_etablissements),
        "proximite_scn_pop": lambda P, R: textes.taux_annuel(P.croissance_population),
        "proximite_scn_horizon": lambda P, R: phrases.annees(P.horizon),
        "proximite_scn_commerces_n": lambda P, R: chiffre(R, "commerces_horizon"),
        "kpi_proximite_commerces_horizon": lambda P, R: chiffre(R, "commerces_pour_1000_horizon"),
        "proximite_scn_artisanat": lambda P, R: chiffre(R, "artisanat_pour_1000_horizon"),
        "proximite_scn_ess": lambda P, R: chiffre(R, "ess_pour_1000_horizon"),
        "proximite_scn_neutre": lambda P, R: R.texte("croissance_neutre"),
        "proximite_scenario_phrase_courte": lambda P, R: textes.phrase_scenario(R, P),
    }


COULEURS_PROXIMITE = {
    "commerces": charts.PALETTE["orange"],
    "artisanat": charts.PALETTE["bleu"],
    "ess": charts.PALETTE["vert"],
}


def graphique_proximite(P, R) -> dict:
    """fig-proximite-sensibilite: density at the horizon across the range of growth rates, the
    reader's rate marked; dotted: today's densities."""
    grid = R.tables["sensibilite"]
    keys = sorted(proximite.CATEGORIES, key=proximite.CATEGORIES.get)
    top = haut(float(grid["pour_1000_hab"].max()))
    rates = sorted(grid["taux_pct_an"].unique())
    years = phrases.annees(P.horizon)
    series, reperes, points = [], [], []
    for key in keys:
        name, colour = proximite.CATEGORIES[key], COULEURS_PROXIMITE[key]
        line = grid[grid["categorie"] == name].sort_values("taux_pct_an")
        series.append({"nom": name, "couleur": colour, "y": [nombre(v) for v in line["pour_1000_hab"]]})
        reperes.append({"axe": "y", "valeur": nombre(R.valeur(f"{key}_pour_1000")), "couleur": colour, "texte": ""})
        value = R.valeur(f"{key}_pour_1000_horizon")
        points.append({"x": nombre(P.croissance_etablissements), "y": nombre(value), "serie": len(series) - 1})
    low, high = proximite.CROISSANCE_MIN, proximite.CROISSANCE_MAX
    fond = {
        "x": {
            "titre": f"Variation annuelle du nombre d'établissements (%/an), pendant {years}",
            "min": nombre(low),
            "max": nombre(high),
            "graduations": graduations(low, high, fmt.number, bins=10),
        },
        "y": {
            "titre": "Établissements pour 1 000 habitants",
            "min": 0,
            "max": nombre(top),
            "graduations": graduations(0, top, fmt.number),
        },
        "xs": [nombre(v) for v in rates],
        "series": series,
        "reperes": reperes,
    }
    marques = {"verticale": nombre(P.croissance_etablissements), "points": points}
    shops_low = R.texte("commerces_pour_1000_horizon_bas", False)
    shops_high = R.texte("commerces_pour_1000_horizon_haut", False)
    fond["titre"] = f"Commerces dans {years} : de {shops_low} à {shops_high} pour 1 000 habitants selon le rythme"
    fond["description"] = (
        f"Trois courbes croissantes : établissements pour mille habitants dans {years} selon la variation annuelle "
        f"du nombre d'établissements, la population variant de {fmt.percent(P.croissance_population, 1)} par an ; "
        f"pour les commerces de proximité, de {shops_low} à {shops_high}. Pointillés : les densités d'aujourd'hui ; "
        "points : le rythme choisi."
    )
    return {"fond": fond, "marques": marques}


PROXIMITE = Vue(
    modele=proximite,
    controles=(
        Controle("croissance_etablissements", pas=1.0),
        Controle("croissance_population", valeurs=(-1.0, -0.5, -0.1, 0.0, 0.5, 1.0)),
        Controle("horizon", pas=5),
    ),
    textes=_textes_proximite(),
    annonce=(
        ("Commerces pour mille habitants à l'horizon", "kpi_proximite_commerces_horizon"),
        ("commerces à l'horizon", "proximite_scn_commerces_n"),
    ),
    graphique=graphique_proximite,
    figure="fig-proximite-sensibilite",
)


# --- 01 attractivité --------------------------------------------------------------------------


def _textes_attractivite():
    from .figures import attractivite_textes as textes

    return {
        "attractivite_part_locale": lambda P, R: fmt.percent(P.part_industrie_audomarois),
        "kpi_attractivite_lq_min": lambda P, R: R.texte("quotient_localisation_bas"),
        "kpi_attractivite_lq_max": lambda P, R: R.texte("quotient_localisation_haut"),
        "attractivite_lq_article": lambda P, R: R.texte("quotient_localisation_article"),
        "attractivite_lq_reference": lambda P, R: R.texte("quotient_localisation_reference"),
        "attractivite_ref_label": lambda P, R: textes.specialisation(R)["attractivite_ref_label"],
        "attractivite_points_equivalents": lambda P, R: fmt.number(R.valeur("points_equivalents")),
        "attractivite_lq_compare": lambda P, R: textes.specialisation(R)["attractivite_lq_compare"],
    }


def _reference(row) -> str:
    """A national share as the sensitivity figure names it: `15,5 % : industrie, salariés du privé (2022)`."""
    definition = row["definition"][0].lower() + row["definition"][1:]
    return f"{fmt.percent(row['part_nationale'], 1)} : {definition} ({row['annee']})"


def libelles_references(P, R) -> dict[str, str]:
    return {fid: _reference(row) for fid, row in R.tables["references"].set_index("fact_id").iterrows()}


def graphique_attractivite(P, R) -> dict:
    """fig-attractivite-sensibilite: the location quotient against the local share, for the
    extreme national shares, the article's and the chosen one; the reader's point marked."""
    bench = R.tables["references"].set_index("fact_id")
    sens, chosen = R.tables["sensibilite"], P.reference_nationale
    sens = sens[sens["part_locale"] % 2 == 0]  # every other point: straight lines
    lines = [c for c in sens.columns if c != "part_locale"]
    colours = {fid: charts.PALETTE["bleu"] for fid in lines}
    colours[PART_ARTICLE] = charts.PALETTE["gris"]
    colours[chosen] = charts.PALETTE["vermillon"]
    dashes = dict(zip(lines, ["", "6 3", "8 3 2 3", "2 3"]))
    top = haut(float(sens[lines].max().max()))
    series = [
        {"nom": _reference(bench.loc[fid]), "couleur": colours[fid], "y": [nombre(v) for v in sens[fid]]}
        | ({"tirets": dashes[fid]} if dashes[fid] else {})
        for fid in lines
    ]
    local = R.tables["parts_locales"]
    fond = {
        "x": {
            "titre": "Part de l'industrie dans l'emploi local (%)",
            "min": 0,
            "max": 100,
            "graduations": graduations(0, 100, pourcent),
        },
        "y": {
            "titre": "Quotient de localisation",
            "min": 0,
            "max": nombre(top),
            "graduations": graduations(0, top, fmt.number),
        },
        "xs": [nombre(v) for v in sens["part_locale"]],
        "series": series,
        "reperes": [{"axe": "y", "valeur": 1, "couleur": "#222222", "texte": ""}]
        + [{"axe": "x", "valeur": nombre(v), "couleur": charts.PALETTE["vert"], "texte": ""} for v in local["part"]],
        "legende": "Part nationale de référence",
        "description": (
            "Droites croissantes du quotient de localisation selon la part locale de l'industrie, de 0 à 100 %, "
            "pour les parts nationales extrêmes, celle de l'article et celle choisie (en vermillon) ; traits verts : "
            "parts locales publiées ; losange noir : le quotient à définition égale (salariés du privé)."
        ),
    }
    marques = {
        "accent": lines.index(chosen),
        "points": [
            {
                "x": nombre(P.part_industrie_audomarois),
                "y": nombre(R.valeur("quotient_localisation_reference")),
                "couleur": charts.PALETTE["vermillon"],
                "etiquette": "point",
            },
            {
                "x": nombre(R.valeur("part_industrie_prive_locale")),
                "y": nombre(R.valeur("quotient_localisation")),
                "couleur": "#000000",
                "forme": "losange",
            },
        ],
    }
    return {
        "textes": {
            "titre": f"Avec {fmt.percent(P.part_industrie_audomarois)} de part locale, le quotient va de "
            f"{R.texte('quotient_localisation_bas')} à {R.texte('quotient_localisation_haut')} selon la référence",
            "point": f"Référence choisie : {R.texte('quotient_localisation_reference')}",
        },
        "fond": fond,
        "marques": marques,
    }


ATTRACTIVITE = Vue(
    modele=attractivite,
    controles=(
        Controle("reference_nationale", libelles=libelles_references),
        Controle("part_industrie_audomarois", pas=5.0),
    ),
    textes=_textes_attractivite(),
    annonce=(
        ("Quotient avec la référence choisie", "attractivite_lq_reference"),
        ("référence", "attractivite_ref_label"),
    ),
    graphique=graphique_attractivite,
    figure="fig-attractivite-sensibilite",
)


VUES = {
    "01_attractivite": ATTRACTIVITE,
    "02_transition": TRANSITION,
    "03_formation": FORMATION,
    "04_proximite": PROXIMITE,
}
