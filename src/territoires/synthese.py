"""The two territories side by side (key figures) and the audit of the founding articles.

The key figures are read from the chapters' results records (never from their text), so the
synthesis, the key-figures page and their downloads show the numbers the chapters state, each
with its perimeter and date, and say where the two territories' values cannot be compared.
The audit of the founding articles is in `territoires.audit`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import data, fmt, phrases, resultats, sources, telechargements

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
    KeyFigure("population", "contexte", "Population municipale", _both("population", "population")),
    KeyFigure("taux_population", "contexte", "Variation annuelle de la population", _both("population", "taux_annuel")),
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
    "source_quality": "",
    "text": "non documenté",
    "date": "",
    "perimeter": "",
    "source_ids": "",
    "definition": "Aucune source comparable",
}


def _records(figure: KeyFigure) -> dict[str, resultats.Resultat | None]:
    return {t: None if ref is None else resultats.lire(ref[0])[ref[1]] for t, ref in figure.records.items()}


def comparability(records: dict[str, resultats.Resultat | None]) -> str:
    """« comparable », or « non comparable : why » for the two territories' values."""
    cab, fa = records["cabbalr"], records["flandre_audomarois"]
    if cab is None or fa is None:
        return "non comparable : une seule valeur documentée"
    reason = resultats.comparabilite(cab, fa)
    return "comparable" if reason is None else f"non comparable : {reason}"


def key_figures() -> pd.DataFrame:
    """One row per (indicator, territory), read from the chapters' results records: value,
    display text, date, perimeter, sources, definition, and whether the two territories'
    values may be compared (same definition, perimeter level and period)."""
    rows = []
    for figure in KEY_FIGURES:
        records = _records(figure)
        verdict = comparability(records)
        for territory, name in TERRITORIES.items():
            row = {"key": figure.key, "theme": figure.theme, "indicator": figure.label, "territory": name}
            record = records[territory]
            if record is None:
                rows.append({**row, **_UNDOCUMENTED, "comparability": verdict})
                continue
            rows.append(
                {
                    **row,
                    "value": record.value,
                    "unit": record.unit,
                    "text": record.texte(),
                    "date": fmt.described_date(record.ref_date, missing="non datée"),
                    "perimeter": _perimeter_text(record),
                    "source_ids": ", ".join(record.source_ids),
                    "definition": record.definition,
                    "source_quality": source_quality(record),
                    "comparability": verdict,
                }
            )
    return pd.DataFrame(rows)


def source_quality(record: resultats.Resultat) -> str:
    """The grade of the best source of a record, in words (`Presse`, `Non signée`…)."""
    kinds = dict(data.load("sources_enriched")[["source_id", "kind"]].itertuples(index=False))
    grades = [sources.grade(kinds[s]) for s in record.source_ids if s in kinds]
    ranked = [g for g in grades if g is not None]
    return sources.GRADE_LABELS[min(ranked)] if ranked else "Hypothèse des auteurs"


WEAK = {sources.GRADE_LABELS[4], sources.GRADE_LABELS[5]}  # a copy or an unsigned page


def _perimeter_text(record: resultats.Resultat) -> str:
    return f"{record.perimeter} : {phrases.nom_court(record.territory_id)}"


def download_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The key figures offered for download: long format, French columns, no value without
    its perimeter and date."""
    return pd.DataFrame(
        {
            "indicateur": frame["indicator"],
            "territoire": frame["territory"],
            "valeur": frame["value"],
            "unité": frame["unit"].fillna(""),
            "valeur affichée": frame["text"],
            "périmètre": frame["perimeter"],
            "date": frame["date"],
            "source": frame["source_ids"],
            "source (libellé)": telechargements.libelles_des_sources(frame["source_ids"]),
            "qualité de la source": frame["source_quality"],
            "définition": frame["definition"],
            "comparabilité": frame["comparability"],
        }
    )


def sources_of(frame: pd.DataFrame) -> list[str]:
    """Distinct source ids of a key-figures frame, sorted."""
    return sorted({s for ids in frame["source_ids"] if ids for s in ids.split(", ")})


def _weak(quality: str) -> str:
    return f" ; source faible : {quality.lower()}" if quality in WEAK else ""


def key_figures_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Wide display table: one row per indicator, one column per territory (value, then its
    perimeter and date), and whether the two may be compared."""
    shown = frame.assign(
        cell=[
            text if not perimeter else f"{text} ({perimeter.split(' : ')[0]}, {date}{_weak(quality)})"
            for text, perimeter, date, quality in zip(
                frame["text"], frame["perimeter"], frame["date"], frame["source_quality"]
            )
        ]
    )
    wide = shown.pivot_table(
        index=["theme", "indicator"], columns="territory", values="cell", aggfunc="first", sort=False
    )
    verdicts = shown.drop_duplicates("indicator").set_index("indicator")["comparability"]
    wide = wide.reset_index()[["indicator", *TERRITORIES.values()]]
    wide["Comparabilité"] = wide["indicator"].map(verdicts)
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
    "syn_theme_part_solutions_recente": ("02_transition", "part_solutions_recente"),
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
