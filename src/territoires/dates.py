"""Partial ISO dates (`2021`, `2021-03`, `2021-03-16`) placed on a time axis."""

from __future__ import annotations

from datetime import date


def partial_date(iso: str) -> tuple[date, str]:
    """A partial ISO date as a plotting date and its precision (day, month, year).

    A month is placed on its 15th, a year on 1 July: the middle of what the source says.
    """
    parts = [int(p) for p in str(iso).split("-")]
    if len(parts) == 3:
        return date(*parts), "day"
    if len(parts) == 2:
        return date(parts[0], parts[1], 15), "month"
    if len(parts) == 1:
        return date(parts[0], 7, 1), "year"
    raise ValueError(f"date ISO partielle attendue : {iso!r}")


def decimal_year(iso: str) -> float:
    """A partial ISO date as a decimal year (for plotting on a numeric axis)."""
    day, _ = partial_date(iso)
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length
