"""French formatting of numbers and dates for the prose, tables and charts.

Babel gives the French conventions (narrow no-break space between thousands, comma
as decimal separator, a no-break space before %), so that no formatter is hand-written.

Rounding rule, the one of French statistics publications: a number is rounded to the
requested decimals *half away from zero*, on the decimal value the reader would write
(`Decimal(repr(float(x)))`, not the binary float): 2.5 → `3`, −2.5 → `−3`, 0.125 → `0,13`,
1.005 → `1,01`, −2.25 → `−2,3` with one decimal. Every formatter below goes through
`rounded`, then Babel only lays the digits out. A negative number is written with the true
minus sign (U+2212); a value that rounds to zero is written without sign (−0.04 → `0,0`).
"""

from __future__ import annotations

import math
import operator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "fr_FR"
NBSP = "\u00a0"  # before units and %
MINUS = "\u2212"  # the true minus sign, not the hyphen Babel's fr_FR data gives
_PRECISION = 320  # significant digits enough for the integer part of any float (< 1e309)


def rounded(value: float, decimals: int = 0) -> Decimal:
    """The value the reader sees, as a Decimal with exactly `decimals` decimals, rounded half
    away from zero: `2.5` → `3`, `0.125, 2` → `0.13`, `1.005, 2` → `1.01`. Never `-0`."""
    _check_finite(value)
    decimals = _count(decimals)
    written = Decimal(repr(float(value)))  # 1.005 → Decimal("1.005"), not 1.00499999999999989…
    with localcontext() as context:
        context.prec = _PRECISION + decimals
        result = written.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return result.copy_abs() if result.is_zero() else result


def decimals_of(value: float | None, max_decimals: int | None = 2) -> int:
    """How many decimals the value is written with, capped at `max_decimals` (None: no cap):
    `1234.5` → 1, `12.0` → 0, `0.125` → 2 (3 uncapped), `1e-05` → 2 (5 uncapped), None → 0."""
    if value is None:
        return 0
    _check_finite(value)
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    written = max(-exponent, 0)
    return written if max_decimals is None else min(written, max_decimals)


def _layout(shown: Decimal) -> str:
    """French digits of a value already rounded by `rounded`, with as many decimals as it holds
    (Babel has nothing left to round)."""
    decimals = -shown.as_tuple().exponent
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    with localcontext() as context:  # Babel quantizes again (a no-op here) in the current context
        context.prec = _PRECISION + decimals
        text = format_decimal(shown.copy_abs(), format=pattern, locale=LOCALE)
    return MINUS + text if shown < 0 else text


def number(value: float, decimals: int = 0) -> str:
    """`1234.5` → `1 234,5` (fixed number of decimals, French separators, rounded half away
    from zero: `2.5` → `3`)."""
    return _layout(rounded(value, decimals))


def percent(value: float, decimals: int = 0) -> str:
    """A value already in percent: `12.04` → `12 %`; `50.7, 1` → `50,7 %`."""
    return f"{number(value, decimals)}{NBSP}%"


def points(value: float, decimals: int = 1) -> str:
    """A difference in percentage points, signed as printed: `+1,5 pt`, `−2,3 pts`, `0,0 pt`."""
    shown = rounded(value, decimals)
    sign = "+" if shown > 0 else ""  # the minus comes with the number; a printed zero has no sign
    unit = "pt" if abs(shown) < 2 else "pts"
    return f"{sign}{_layout(shown)}{NBSP}{unit}"


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


def _count(decimals) -> int:
    try:
        count = operator.index(decimals)
    except TypeError:
        count = -1
    if isinstance(decimals, bool) or count < 0:
        raise ValueError(f"nombre de décimales entier positif ou nul attendu, reçu {decimals!r}")
    return count


def _check_finite(value: float) -> None:
    if value is None or isinstance(value, (bool, str, bytes)):
        raise ValueError(f"nombre fini attendu, reçu {value!r}")
    try:
        finite = math.isfinite(float(value))
    except (TypeError, ValueError):
        finite = False
    if not finite:
        raise ValueError(f"nombre fini attendu, reçu {value!r}")
