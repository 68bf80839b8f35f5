"""The two territories side by side (key figures) and the audit of the founding articles.

The key figures are read from the chapters' results records (never from their text), so the
synthesis, the key-figures page and their CSV download show the numbers the chapters state.
The audit is computed from the fact table.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import data, fmt, phrases, resultats

TERRITORIES = phrases.NOMS_COURTS


# --- key figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    key: str
    theme: str
    label: str
    records: dict  # territory -> (chapter, record key), or None when no source is comparable


def _both(chapter: str, key: str) -> dict:
    return {t: (chapter, f"{key}_{t}") for t in TERRITORIES}


# The key figures are records the chapters state; the perimeter column of the output says
# which geography each value describes, so that a reader sees where two are not alike.
KEY_FIGURES = (
    KeyFigure("population", "contexte", "Population municipale", _both("01_attractivite", "population")),
    KeyFigure("communes", "contexte", "Communes", _both("01_attractivite", "communes")),
    KeyFigure("surface", "contexte", "Surface", _both("01_attractivite", "surface")),
    KeyFigure("densite", "contexte", "Densité", _both("01_attractivite", "densite")),
    KeyFigure(
        "emplois_industriels", "attractivite", "Emplois industriels", _both("01_attractivite", "emplois_industriels")
    ),
    KeyFigure(
        "part_industrie",
        "attractivite",
        "Part de l'industrie dans l'emploi salarié",
        {"cabbalr": None, "flandre_audomarois": ("01_attractivite", "part_industrie_flandre_audomarois")},
    ),
    KeyFigure(
        "label_ti", "attractivite", "Année du label Territoire d'industrie", _both("01_attractivite", "label_ti")
    ),
    KeyFigure(
        "chomage_recensement",
        "contexte",
        "Chômeurs parmi les 15-64 ans (recensement)",
        _both("01_attractivite", "chomage_recensement"),
    ),
    KeyFigure(
        "choc_industriel",
        "transition",
        "Emplois perdus dans la plus grande restructuration récente",
        _both("02_transition", "choc_industriel"),
    ),
    KeyFigure(
        "formation_production",
        "formation",
        "Élèves de l'école de production",
        {"cabbalr": ("03_formation", "eleves_ecole_production_cabbalr"), "flandre_audomarois": None},
    ),
    KeyFigure(
        "apprentis",
        "formation",
        "Apprentis",
        {"cabbalr": None, "flandre_audomarois": ("03_formation", "apprentis_flandre_audomarois")},
    ),
    KeyFigure(
        "commerces",
        "proximite",
        "Commerces de proximité",
        {"cabbalr": ("04_proximite", "commerces_cabbalr"), "flandre_audomarois": None},
    ),
    KeyFigure(
        "artisanat",
        "proximite",
        "Entreprises artisanales",
        {"cabbalr": ("04_proximite", "artisanat_cabbalr"), "flandre_audomarois": None},
    ),
    KeyFigure(
        "agence_dossiers",
        "attractivite",
        "Dossiers d'implantation suivis par l'agence (un an)",
        {"cabbalr": None, "flandre_audomarois": ("01_attractivite", "dossiers_agence_flandre_audomarois")},
    ),
)

_UNDOCUMENTED = {
    "value": None,
    "text": "non documenté",
    "date": "",
    "perimeter": "",
    "source_ids": "",
    "definition": "Aucune source comparable",
}


def key_figures() -> pd.DataFrame:
    """One row per (indicator, territory), read from the chapters' results records: value,
    display text, date, perimeter, sources and definition."""
    rows = []
    for figure in KEY_FIGURES:
        for territory, name in TERRITORIES.items():
            row = {"key": figure.key, "theme": figure.theme, "indicator": figure.label, "territory": name}
            reference = figure.records[territory]
            if reference is None:
                rows.append({**row, **_UNDOCUMENTED})
                continue
            record = resultats.lire(reference[0])[reference[1]]
            rows.append(
                {
                    **row,
                    "value": record.value,
                    "text": record.texte(),
                    "date": fmt.described_date(record.ref_date, missing="non datée"),
                    "perimeter": _perimeter_text(record),
                    "source_ids": ", ".join(record.source_ids),
                    "definition": record.definition,
                }
            )
    return pd.DataFrame(rows)


def _perimeter_text(record: resultats.Resultat) -> str:
    return f"{record.perimeter} : {phrases.nom_court(record.territory_id)}"


def sources_of(frame: pd.DataFrame) -> list[str]:
    """Distinct source ids of a key-figures frame, sorted."""
    return sorted({s for ids in frame["source_ids"] if ids for s in ids.split(", ")})


# --- audit of the founding articles ----------------------------------------------------------

# Indicators that measure the same thing as a seed figure, for the "other versions" evidence.
RELATED = {
    "seed_audomarois_part_emploi_industriel": ["industry_share_total_salaried_local", "industry_share_private_local"],
    "seed_france_part_emploi_industriel": [
        "manufacturing_share_employment",
        "industry_share_total_employment",
        "industry_share_employed",
        "industry_share_private_salaried",
    ],
    "seed_belgique_chomage": [
        "unemployment_rate_eurostat",
        "unemployment_rate_ilo_statbel",
        "unemployment_rate_be_press",
    ],
    "seed_audomarois_emplois_emballage": ["paper_jobs"],
}
NATIONAL = {"france", "france_metro"}

VERDICTS = {
    "implausible": "À ne pas citer tel quel",
    "contradicted": "À citer avec sa source, en signalant les autres versions",
    "imprecise": "À citer avec son qualificatif ou en disant qu'il n'est pas daté",
    "safe": "Sûr à citer, avec sa source",
}


def _versions(seed: pd.Series, facts: pd.DataFrame) -> pd.DataFrame:
    """Other facts measuring the same thing: same indicator and territory, or the indicators
    listed in RELATED (any territory, national ones only for the national benchmark)."""
    related = RELATED.get(seed["fact_id"])
    if related is None:
        mask = (facts["indicator"] == seed["indicator"]) & (facts["territory_id"] == seed["territory_id"])
    else:
        mask = facts["indicator"].isin([seed["indicator"], *related])
        if seed["territory_id"] in NATIONAL:
            mask &= facts["territory_id"].isin(NATIONAL)
    return facts[mask & ~facts["is_seed"]].sort_values(["ref_date", "fact_id"], na_position="first")


def _describe(fact_row: pd.Series, seed_territory: str) -> str:
    fact = data.fact(fact_row["fact_id"])
    date = fact.ref_date[:7] if fact.ref_date else "s. d."
    where = f"{fact_row['territory_name']}, " if fact_row["territory_id"] != seed_territory else ""
    return f"{fact.text()} ({where}{fact_row['publisher']}, {date})"


def _belgian_share_check(facts: pd.DataFrame) -> str:
    club = data.fact("seed_club_belge_entreprises")
    firms = data.fact("sofie_entreprises")
    share = 100 * club.value / firms.value
    foreign = data.fact("belges_part_etrangers")
    return (
        f"{club.text()} sur {firms.text()} du périmètre SOFIE font {fmt.percent(share, 2)}, "
        f"pas la moitié ; une autre source parle de {foreign.text(unit=False)} % des entreprises "
        "à capitaux étrangers, lecture probable du chiffre."
    )


SPECIAL_CHECKS = {"seed_club_belge_part_entreprises": _belgian_share_check}


def audit(tolerance_pct: float = 2.0) -> pd.DataFrame:
    """Each figure of the founding articles with its flags, evidence and verdict.

    Another version counts as a disagreement when it differs by more than `tolerance_pct`
    percent of the article's value (below that, rounding explains the gap)."""
    facts = data.load("facts_enriched")
    rows = []
    for _, seed in facts[facts["is_seed"]].sort_values(["source_id", "fact_id"]).iterrows():
        approximate = seed["qualifier"] != "exact"
        undated = seed["date_status"] != "printed"  # not printed: unknown or only inferred
        versions = _versions(seed, facts)
        gap = (versions["value"] - seed["value"]).abs() / abs(seed["value"]) * 100 if seed["value"] else None
        differing = (
            versions[versions["value"].notna() & (gap > tolerance_pct)] if gap is not None else versions.iloc[0:0]
        )
        evidence = []
        status = "safe"
        if seed["fact_id"] in SPECIAL_CHECKS:
            evidence.append(SPECIAL_CHECKS[seed["fact_id"]](facts))
            status = "implausible"
        if not differing.empty:
            shown = differing.drop_duplicates("value").sort_values("ref_date", ascending=False).head(5)
            described = [_describe(r, seed["territory_id"]) for _, r in shown.iterrows()]
            evidence.append("Autres versions : " + " ; ".join(described))
            status = "contradicted" if status == "safe" else status
        elif not versions.empty:
            evidence.append("Cohérent avec : " + _describe(versions.iloc[0], seed["territory_id"]))
        if status == "safe" and (approximate or undated):
            status = "imprecise"
        rows.append(
            {
                "fact_id": seed["fact_id"],
                "article": seed["source_id"],
                "label": seed["label"],
                "text": data.fact(seed["fact_id"]).text(),
                "approximate": approximate,
                "undated": undated,
                "contradicted": not differing.empty,
                "implausible": status == "implausible",
                "evidence": " ".join(evidence) or "Aucune autre source dans la table des faits.",
                "verdict": VERDICTS[status],
                "status": status,
            }
        )
    return pd.DataFrame(rows)


def key_figures_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Wide display table: one row per indicator, one column per territory."""
    wide = frame.pivot_table(
        index=["theme", "indicator"], columns="territory", values="text", aggfunc="first", sort=False
    )
    wide = wide.reset_index()[["indicator", *TERRITORIES.values()]]
    return wide.rename(columns={"indicator": "Indicateur"})


# --- what the chapters say, quoted in the synthesis: their own results ----------------------------------------

# Glue name in the synthesis → (chapter, record key); the prose names the unit of these itself.
BARE_NUMBERS = {"syn_theme_emplois_recrees", "syn_theme_commerces_pour_1000", "syn_theme_artisanat_pour_1000"}
THEME_FIGURES = {
    "syn_density_ratio": ("01_attractivite", "rapport_densite"),
    "syn_theme_lq": ("01_attractivite", "quotient_localisation"),
    "syn_theme_lq_min": ("01_attractivite", "quotient_localisation_bas"),
    "syn_theme_lq_max": ("01_attractivite", "quotient_localisation_haut"),
    "syn_theme_part_club_belge": ("01_attractivite", "part_club_belge"),
    "syn_theme_part_solutions_bilan": ("02_transition", "part_solutions_bilan"),
    "syn_theme_emplois_recrees": ("02_transition", "emplois_recrees"),
    "syn_theme_taux_remplacement": ("02_transition", "taux_remplacement"),
    "syn_theme_arc_baisse": ("02_transition", "arc_baisse"),
    "syn_theme_diplomes_par_an": ("03_formation", "diplomes_par_an"),
    "syn_theme_couverture_besoin": ("03_formation", "couverture_besoin"),
    "syn_theme_besoin_annuel": ("03_formation", "besoin_annuel"),
    "syn_theme_ecoles_necessaires": ("03_formation", "ecoles_necessaires"),
    "syn_theme_commerces_pour_1000": ("04_proximite", "commerces_pour_1000"),
    "syn_theme_artisanat_pour_1000": ("04_proximite", "artisanat_pour_1000"),
    "syn_theme_part_petites_communes": ("04_proximite", "part_petites_communes"),
}


def theme_texts() -> dict[str, str]:
    """Glue name → display text of the chapters' results the synthesis quotes."""
    return {
        name: resultats.lire(chapter).texte(key, unit=name not in BARE_NUMBERS)
        for name, (chapter, key) in THEME_FIGURES.items()
    }
