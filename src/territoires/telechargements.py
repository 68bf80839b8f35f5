"""The data of each figure, offered for download as a table a French spreadsheet opens as is.

`charts.save` writes every figure's data through `donnees_tableur`: the figure code keeps its
own column names (the ones its tests and the chart read), and the reader gets

- the spreadsheet CSV of `ecriture.csv_tableur_bytes`: UTF-8 with BOM, `;`, decimal comma;
- French headers (`ref_date` → « date de référence », `taux_reussite_pct` → « taux de réussite
  (%) »; a column named after a fact or a source gets that fact's or source's label);
- a label next to each identifier: the fact's label beside `fact_id`, the source (publisher,
  title, year) beside `source_id`, the EPCI's name beside its SIREN, the territory's name
  beside a territory id, the indicator's label beside an indicator code;
- codes in words (`printed` → « imprimée dans la source », `at_least` → « au moins »), « oui »
  and « non » for true and false, text on one line;
- dates as dates: a decimal year (2021.326, placed on a time axis) becomes the ISO date
  2021-04-29; whole numbers without « ,0 »; no floating-point noise (60.00000000000001 → 60).
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from functools import cache

import pandas as pd

from . import data, ecriture

# Column names of the figure code and of the data tables → header for the reader.
ENTETES = {
    "fact_id": "identifiant du fait",
    "source_id": "identifiant de la source",
    "source_ids": "identifiants des sources",
    "indicator": "indicateur",
    "value": "valeur",
    "value_low": "borne basse",
    "value_high": "borne haute",
    "low": "borne basse",
    "high": "borne haute",
    "unit": "unité",
    "unite": "unité",
    "qualifier": "qualificatif",
    "ref_date": "date de référence",
    "date_status": "statut de la date",
    "position_date": "date retenue sur le graphique",
    "publisher": "éditeur",
    "definition": "définition",
    "territory": "territoire",
    "territory_id": "code du territoire",
    "perimeter": "périmètre",
    "perimetre": "périmètre",
    "key": "clé du résultat",
    "label": "libellé",
    "libelle": "libellé",
    "text": "valeur affichée",
    "number": "numéro",
    "chapter": "chapitre (notebook)",
    "scenario": "scénario",
    "baseline": "valeur de référence",
    "gap": "écart",
    "code_insee": "code INSEE",
    "epci_siren": "SIREN de l'EPCI",
    "area_km2": "surface (km²)",
    "density": "densité (hab./km²)",
    "petite_commune": "petite commune",
    "annee": "année",
    "theme": "thème",
    "serie": "série",
    "categorie": "catégorie",
    "denominateur": "dénominateur",
    "salaries": "salariés",
    "pour_1000_hab": "pour 1 000 habitants",
    "pour_1000_habitants": "pour 1 000 habitants",
    "pour_10000_habitants": "pour 10 000 habitants",
    "population_denominateur": "population (dénominateur)",
    "taux_reussite_pct": "taux de réussite (%)",
    "taux_remplacement_pct": "taux de remplacement (%)",
    "taux_renouvellement_pct_an": "taux de renouvellement (% par an)",
    "taux_pct_an": "taux (% par an)",
    "emplois_recrees": "emplois recréés",
    "nombre_ecoles": "nombre d'écoles",
    "cohorte_eleves": "cohorte d'élèves",
    "horizon_annees": "horizon (années)",
    "part_manuf_metro_2018": "part de l'industrie manufacturière, France métropolitaine, 2018 (%)",
}
# Codes of the data tables, in words.
VALEURS = {
    "date_status": {
        "printed": "imprimée dans la source",
        "inferred": "déduite",
        "unknown": "inconnue",
    },
    "qualifier": {
        "exact": "exact",
        "approximate": "approché",
        "about": "environ",
        "at_least": "au moins",
        "at_most": "au plus",
        "range": "fourchette",
    },
}
VALEURS["qualificatif"] = VALEURS["qualifier"]
ANNEES = {"annee", "année", "year"}
SIGNIFICATIFS = 12  # digits kept: more is floating-point noise


# --- the reference tables ----------------------------------------------------------------------


@cache
def _faits() -> dict[str, str]:
    facts = data.load("facts_enriched")
    return dict(zip(facts["fact_id"], facts["label"]))


@cache
def _indicateurs() -> dict[str, str]:
    """Indicator code → the label of its first fact (facts sorted by id)."""
    facts = data.load("facts_enriched").sort_values("fact_id")
    labels: dict[str, str] = {}
    for code, label in zip(facts["indicator"], facts["label"]):
        labels.setdefault(code, label)
    return labels


@cache
def _sources() -> dict[str, str]:
    """Source id → « Éditeur, « titre » (année) »."""
    sources = data.load("sources_enriched")
    labels = {}
    for row in sources.itertuples(index=False):
        year = row.pub_date[:4] if row.pub_date and row.pub_date != "unknown" else "s. d."
        title = ecriture.one_line(row.title)
        quoted = title if title.startswith("«") else f"« {title} »"
        labels[row.source_id] = f"{row.publisher}, {quoted} ({year})"
    return labels


@cache
def _epci() -> dict[str, str]:
    epci = data.load("epci")
    return dict(zip(epci["epci_siren"].astype(str), epci["epci_name"]))


@cache
def _territoires() -> dict[str, str]:
    return dict(data.load("territories_ref")[["territory_id", "name"]].itertuples(index=False))


def libelles_des_sources(series: pd.Series) -> pd.Series:
    """« Éditeur, « titre » (année) » for each cell of source ids (comma-separated; « ; » between
    several); an unknown id is kept as is."""
    table = _sources()
    return pd.Series([" ; ".join(table.get(i, i) for i in _ids(v)) for v in series], index=series.index, dtype=object)


# --- one column --------------------------------------------------------------------------------


def entete(column) -> str:
    """The reader's header of a column."""
    name = str(column)
    if name in ENTETES:
        return ENTETES[name]
    if name in _faits():
        return f"{_faits()[name]} ({name})"
    if name in _sources():
        return _sources()[name]
    text = name.replace("_pct_an", " (% par an)").replace("_pct", " (%)").replace("_km2", " (km²)")
    return text.replace("_", " ")


def _ids(value) -> list[str]:
    return [part.strip() for part in str(value).split(",") if part.strip()] if isinstance(value, str) else []


def _libelles(series: pd.Series, table: dict[str, str]) -> pd.Series | None:
    """Labels of a column of ids (a cell may hold several, comma-separated), or None when the
    column does not hold ids of that table."""
    cells = [_ids(v) for v in series]
    known = [i for ids in cells for i in ids]
    if not known or not all(i in table for i in known):
        return None
    return pd.Series([" ; ".join(table[i] for i in ids) for ids in cells], index=series.index)


def _date_decimale(value) -> str | None:
    """A decimal year (2021.326, a point on a time axis) as an ISO date."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    year = math.floor(value)
    start = date(year, 1, 1)
    length = (date(year + 1, 1, 1) - start).days
    return (start + timedelta(days=round((value - year) * length))).isoformat()


def _nombre(value):
    """No floating-point noise; a whole number without its « ,0 »."""
    if isinstance(value, bool) or not isinstance(value, float) or math.isnan(value) or math.isinf(value):
        return value
    value = float(f"{value:.{SIGNIFICATIFS}g}")
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _cellule(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool) or (hasattr(value, "dtype") and str(getattr(value, "dtype", "")) == "bool"):
        return "oui" if value else "non"
    if isinstance(value, str):
        return ecriture.one_line(value)
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
        if isinstance(value, bool):
            return "oui" if value else "non"
    return _nombre(value) if isinstance(value, float) else value


# --- the table ---------------------------------------------------------------------------------


def pour_tableur(frame: pd.DataFrame) -> pd.DataFrame:
    """The figure's data as the reader gets it (see the module's docstring)."""
    columns: dict[str, pd.Series] = {}

    def add(header: str, series: pd.Series) -> None:
        while header in columns:
            header += " (bis)"
        columns[header] = series

    names = {str(c) for c in frame.columns}
    for column in frame.columns:
        name = str(column)
        series = frame[column]
        if name in VALEURS:
            series = series.map(lambda v, m=VALEURS[name]: m.get(v, v) if isinstance(v, str) else v)
        if name in ANNEES and pd.api.types.is_float_dtype(series) and (series.dropna() % 1 != 0).any():
            dates = pd.Series([_date_decimale(v) for v in series], index=series.index, dtype=object)
            add("date" if "date" not in names else "date (calculée)", dates)
            continue
        header = entete(name)
        codes = name in ("indicator", "indicateur") and _libelles(series, _indicateurs()) is not None
        if codes:
            header = "code de l'indicateur"
        add(header, pd.Series([_cellule(v) for v in series], index=series.index, dtype=object))
        if name in ("fact_id",):
            labels = _libelles(series, _faits())
            if labels is not None:
                add("libellé du fait", labels)
        elif name in ("source_id", "source_ids", "source"):
            labels = _libelles(series, _sources())
            if labels is not None:
                add("source" if name != "source" else "source (libellé)", labels)
        elif name == "epci_siren":
            labels = _libelles(series.astype(str), _epci())
            if labels is not None:
                add("EPCI", labels)
        elif codes and "fact_id" not in names:
            add("libellé de l'indicateur", _libelles(series, _indicateurs()))
        elif name in ("territory_id", "territory", "territoire"):
            labels = _libelles(series, _territoires())
            if labels is not None:
                add("nom du territoire", labels)
    return pd.DataFrame(columns, index=frame.index).reset_index(drop=True)


def donnees_tableur(frame: pd.DataFrame) -> bytes:
    """The bytes of a figure's data file (`fig-….csv`)."""
    return ecriture.csv_tableur_bytes(pour_tableur(frame))
