"""French formatting of numbers and dates for the prose, tables and charts.

Babel gives the French conventions (narrow no-break space between thousands, comma
as decimal separator, a no-break space before %), so that no formatter is hand-written.
"""

from __future__ import annotations

import math
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "fr_FR"
NBSP = "\u00a0"  # before units and %


def number(value: float, decimals: int = 0) -> str:
    """`1234.5` → `1 234,5` (fixed number of decimals, French separators)."""
    _check_finite(value)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(round(value, decimals) + 0.0, format=pattern, locale=LOCALE)


def percent(value: float, decimals: int = 0) -> str:
    """A value already in percent: `12.04` → `12 %`; `50.7, 1` → `50,7 %`."""
    return f"{number(value, decimals)}{NBSP}%"


def points(value: float, decimals: int = 1) -> str:
    """A difference in percentage points, always signed: `+1,5 pt`."""
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    unit = "pt" if abs(round(value, decimals)) < 2 else "pts"
    return f"{sign}{number(abs(value), decimals)}{NBSP}{unit}"


def ratio(value: float, decimals: int = 1) -> str:
    """A multiplicative ratio: `2.5` → `2,5`."""
    return number(value, decimals)


def rank(value: int) -> str:
    """French ordinal: `1` → `1er`, `6` → `6e`."""
    return f"{value}er" if value == 1 else f"{value}e"


def quantity(value: float, unit: str, decimals: int = 0) -> str:
    """`2549, 'commerces'` → `2 549 commerces` (no-break space before the unit)."""
    if unit == "%":
        return percent(value, decimals)
    return f"{number(value, decimals)}{NBSP}{unit}"


def iso_date(iso: str) -> str:
    """ISO partial date to French: `2020-09-16` → `16 septembre 2020`, `2021-03` → `mars 2021`."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        text = format_date(date(*parts), format="d MMMM y", locale=LOCALE)
        return "1er" + text[1:] if parts[2] == 1 else text  # French writes the first day as 1er
    if len(parts) == 2:
        return format_date(date(parts[0], parts[1], 1), format="MMMM y", locale=LOCALE)
    if len(parts) == 1:
        return str(parts[0])
    raise ValueError(f"date ISO partielle attendue (AAAA, AAAA-MM ou AAAA-MM-JJ) : {iso!r}")


def described_date(iso, status: str = "printed", missing: str = "non daté") -> str:
    """The date a figure describes, with its status: `mars 2021`, `décembre 2021 (déduite)`,
    or `missing` when the source prints none."""
    if not isinstance(iso, str) or not iso:
        return missing
    return iso_date(iso) + (" (déduite)" if status == "inferred" else "")


QUALIFIER_PREFIX = {
    "exact": "",
    "approximate": "près de ",
    "about": "environ ",
    "at_least": "plus de ",
    "at_most": "jusqu'à ",
    "range": "",
}


def qualified(value: float, qualifier: str, decimals: int = 0) -> str:
    """Prefix a number with the words its source used: `near 150` → `près de 150`."""
    if qualifier not in QUALIFIER_PREFIX:
        raise ValueError(f"qualificatif inconnu : {qualifier!r}")
    return QUALIFIER_PREFIX[qualifier] + number(value, decimals)


def span(low: float, high: float, decimals: int = 0, unit: str = "") -> str:
    """A range: `335, 485` → `335 à 485`."""
    text = f"{number(low, decimals)} à {number(high, decimals)}"
    return f"{text}{NBSP}{unit}" if unit else text


def _check_finite(value: float) -> None:
    if value is None or isinstance(value, bool) or not math.isfinite(float(value)):
        raise ValueError(f"nombre fini attendu, reçu {value!r}")
