"""The audit of the founding articles' figures: each one set against the other versions of the
fact table, every version classified, confirmations included.

A version relates to the article's figure in one of five ways:

- **confirme**: same geography and a compatible definition, equal once the article's rounding is
  allowed for (`3 %` covers 2,5 to 3,5) or within the audit's tolerance; or, for an undated
  figure, framed by two consecutive dated values of its series (45 schools between 42 and 46);
- **marge**: within what the article's own qualifier allows (« près de 12 % » and 11,4 %);
- **serie**: same definition and geography at another date: an earlier state or a later update
  of the same series (the article's figure may have been right when it was written);
- **definition**: another definition, stage or geography (people concerned by a plan against
  employees, projects against creations, a basin against an arrondissement);
- **contredit**: same definition, geography and year, and a different value (an undated version
  cannot contradict: it is another state of the series, date unknown).

The verdict follows from the relations: implausible as written (a check that computes it), or
contradicted, or confirmed, or to be quoted with its date and definition (only other states
or other measures exist), or not verifiable (no other source).
"""

from __future__ import annotations

import pandas as pd

from . import data, fmt

# Indicators that measure something close to a seed figure (another definition): evidence too.
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
    "seed_bri_pse_personnes_concernees": ["bridgestone_headcount"],
}
NATIONAL = {"france", "france_metro"}

# Judgements the fact table alone cannot make: (seed, version) → (relation, why), each argued
# in the chapter that discusses the figure.
_PROJECTS_NOT_CREATIONS = (
    "definition",
    "projets de création suivis pendant le plan, contre entreprises effectivement créées",
)
JUDGEMENTS = {
    ("seed_bri_pse_projets_creation", "bri_creations_2021_04"): _PROJECTS_NOT_CREATIONS,
    ("seed_bri_pse_projets_creation", "bri_solutions_creations_bilan"): _PROJECTS_NOT_CREATIONS,
    ("seed_bri_pse_projets_creation", "bri_creations_5ans"): _PROJECTS_NOT_CREATIONS,
    ("seed_ti_label_annee", "ti_nombre_france_deltafm_texte"): (
        "definition",
        "la sélection du Pays de Saint-Omer est annoncée en décembre 2018 ; l'article date le label de 2019",
    ),
}

# Qualifiers that make the article's figure an approximation (an age range is exact).
APPROXIMATE = {"approximate", "about", "at_least", "at_most"}
QUALIFIER_MARGIN_PCT = {"approximate": 10.0, "about": 10.0}  # « près de », « environ »

RELATIONS = {
    "confirme": "confirme",
    "marge": "dans la marge du qualificatif",
    "serie": "autre date de la même série",
    "definition": "autre définition, étape ou géographie",
    "contredit": "contredit",
}
VERDICTS = {
    "implausible": "À ne pas citer tel quel",
    "contradicted": "À citer avec sa source, en signalant la version qui le contredit",
    "confirmed": "Confirmé par une autre source : sûr à citer, avec sa source",
    "to_date": "À citer avec sa date et sa définition : d'autres sources en donnent d'autres états ou mesures",
    "unverifiable": "Non vérifiable : à citer comme une affirmation de l'article",
}


def _year(iso) -> str | None:
    return iso[:4] if isinstance(iso, str) and iso else None


def _within_rounding(seed: pd.Series, other: float, tolerance_pct: float) -> bool:
    """Equal once the article's printed rounding (half a unit of its last digit) or the
    audit's relative tolerance is allowed for."""
    value = seed["value"]
    half_unit = 0.5 * 10 ** (-fmt.decimals_of(value))
    return abs(other - value) <= max(half_unit, abs(value) * tolerance_pct / 100)


def _within_qualifier(seed: pd.Series, other: float) -> bool:
    value, qualifier = seed["value"], seed["qualifier"]
    if qualifier == "at_least":
        return other >= value
    if qualifier == "at_most":
        return other <= value
    margin = QUALIFIER_MARGIN_PCT.get(qualifier)
    return margin is not None and abs(other - value) <= abs(value) * margin / 100


def relation(seed: pd.Series, version: pd.Series, tolerance_pct: float) -> tuple[str, str]:
    """How a version relates to the article's figure, and why (empty when the rule says it)."""
    judged = JUDGEMENTS.get((seed["fact_id"], version["fact_id"]))
    if judged:
        return judged
    if not _same_geography(seed, version):
        return "definition", ""
    if seed["qualifier"] == "range" or version["qualifier"] == "range":
        same = (seed["value_low"], seed["value_high"]) == (version["value_low"], version["value_high"])
        return ("confirme", "") if same and version["indicator"] == seed["indicator"] else ("definition", "")
    if pd.isna(version["value"]) or pd.isna(seed["value"]):
        return "definition", ""
    if _within_rounding(seed, version["value"], tolerance_pct):
        return "confirme", ""
    if _within_qualifier(seed, version["value"]):
        return "marge", ""
    if version["indicator"] != seed["indicator"]:
        return "definition", ""  # a close definition (RELATED) that does not agree
    if _year(seed["ref_date"]) == _year(version["ref_date"]) and _year(seed["ref_date"]):
        return "contredit", ""
    return "serie", ""  # another date, or one of the two does not say which date it describes


def _same_geography(seed: pd.Series, version: pd.Series) -> bool:
    if seed["territory_id"] in NATIONAL:
        return version["territory_id"] in NATIONAL
    return version["territory_id"] == seed["territory_id"]


def _bracket(seed: pd.Series, found: pd.DataFrame) -> dict[str, str]:
    """For an undated figure of a dated series: the two consecutive dated values that frame
    it, which date it (the figure is consistent with a date between them)."""
    if _year(seed["ref_date"]) or pd.isna(seed["value"]):
        return {}
    series = found[
        (found["indicator"] == seed["indicator"])
        & (found["territory_id"] == seed["territory_id"])
        & found["ref_date"].notna()
        & found["value"].notna()
    ].sort_values(["ref_date", "fact_id"])
    rows = list(series.itertuples())
    for before, after in zip(rows, rows[1:]):
        if min(before.value, after.value) <= seed["value"] <= max(before.value, after.value):
            why = (
                f"l'article se situe entre {fmt.number(before.value)} ({before.ref_date[:7]}) et "
                f"{fmt.number(after.value)} ({after.ref_date[:7]}) dans la même série"
            )
            return {before.fact_id: why, after.fact_id: why}
    return {}


def versions(seed: pd.Series, facts: pd.DataFrame) -> pd.DataFrame:
    """Other facts about the same thing: same indicator and territory, the indicators of
    RELATED (national ones only for a national benchmark), and those of JUDGEMENTS."""
    related = RELATED.get(seed["fact_id"], [])
    mask = (facts["indicator"] == seed["indicator"]) & (facts["territory_id"] == seed["territory_id"])
    if related:
        near = facts["indicator"].isin([seed["indicator"], *related])
        if seed["territory_id"] in NATIONAL:
            near &= facts["territory_id"].isin(NATIONAL)
        mask |= near
    judged = [v for s, v in JUDGEMENTS if s == seed["fact_id"]]
    mask |= facts["fact_id"].isin(judged)
    return facts[mask & ~facts["is_seed"]].sort_values(["ref_date", "fact_id"], na_position="first")


def _describe(row: pd.Series, seed_territory: str) -> str:
    fact = data.fact(row["fact_id"])
    date = fact.ref_date[:7] if fact.ref_date else "s. d."
    where = f"{row['territory_name']}, " if row["territory_id"] != seed_territory else ""
    return f"{fact.text()} ({where}{row['publisher']}, {date} ; {row['fact_id']})"


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


def _evidence(seed: pd.Series, found: pd.DataFrame, tolerance_pct: float) -> list[dict]:
    framing = _bracket(seed, found)
    rows = []
    for _, version in found.iterrows():
        kind, why = relation(seed, version, tolerance_pct)
        if version["fact_id"] in framing and kind == "serie":
            kind, why = "confirme", framing[version["fact_id"]]
        rows.append({"fact_id": version["fact_id"], "relation": kind, "why": why, "row": version})
    return rows


def _status(special: bool, relations: set[str]) -> str:
    if special:
        return "implausible"
    if "contredit" in relations:
        return "contradicted"
    if relations & {"confirme", "marge"}:
        return "confirmed"
    if relations:
        return "to_date"
    return "unverifiable"


def _evidence_text(seed: pd.Series, evidence: list[dict]) -> str:
    parts = []
    for kind, label in RELATIONS.items():
        shown = [e for e in evidence if e["relation"] == kind]
        if shown:
            described = [
                _describe(e["row"], seed["territory_id"]) + (f" : {e['why']}" if e["why"] else "") for e in shown
            ]
            parts.append(f"{label[0].upper()}{label[1:]} : " + " ; ".join(described) + ".")
    return " ".join(parts)


def audit(tolerance_pct: float = 2.0) -> pd.DataFrame:
    """Each figure of the founding articles with its flags, evidence (every version, with its
    relation) and verdict. `tolerance_pct`: relative gap that rounding may explain."""
    facts = data.load("facts_enriched")
    rows = []
    for _, seed in facts[facts["is_seed"]].sort_values(["source_id", "fact_id"]).iterrows():
        evidence = _evidence(seed, versions(seed, facts), tolerance_pct)
        relations = {e["relation"] for e in evidence}
        special = seed["fact_id"] in SPECIAL_CHECKS
        status = _status(special, relations)
        text = _evidence_text(seed, evidence)
        if special:
            text = f"{SPECIAL_CHECKS[seed['fact_id']](facts)} {text}".strip()
        rows.append(
            {
                "fact_id": seed["fact_id"],
                "article": seed["source_id"],
                "label": seed["label"],
                "text": data.fact(seed["fact_id"]).text(),
                "approximate": seed["qualifier"] in APPROXIMATE,
                "undated": seed["date_status"] == "unknown",
                "date_inferred": seed["date_status"] == "inferred",
                "confirmed": bool(relations & {"confirme", "marge"}),
                "contradicted": "contredit" in relations,
                "implausible": special,
                "evidence_ids": ", ".join(e["fact_id"] for e in evidence),
                "relations": ", ".join(f"{e['fact_id']}={e['relation']}" for e in evidence),
                "evidence": text or "Aucune autre source dans la table des faits.",
                "verdict": VERDICTS[status],
                "status": status,
            }
        )
    return pd.DataFrame(rows)
