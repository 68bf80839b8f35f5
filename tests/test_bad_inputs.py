"""Every kind of bad input stops the loader with a message naming file, line and field."""

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from territoires import pipeline, schema
from territoires.schema import DataError


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(data_dir: Path, table: str, data_row: int, field: str, value: str) -> int:
    """Change one cell; return the file line number of that row (header is line 1)."""
    path = data_dir / "raw" / f"{table}.csv"
    rows = read_rows(path)
    rows[data_row + 1][rows[0].index(field)] = value
    write_rows(path, rows)
    return data_row + 2


def validate(data_dir: Path):
    return schema.validate_package(datapackage=data_dir / "datapackage.json")


def expect(data_dir: Path, *fragments: str):
    with pytest.raises(DataError) as info:
        validate(data_dir)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} absent de : {message}"
    return info.value


def test_the_committed_raw_data_is_valid():
    tables = schema.validate_package()
    assert len(tables["facts"].rows) > 100


def test_missing_file(data_copy):
    (data_copy / "raw" / "events.csv").unlink()
    expect(data_copy, "events.csv", "fichier introuvable")


def test_malformed_row_with_an_extra_cell(data_copy):
    path = data_copy / "raw" / "facts.csv"
    rows = read_rows(path)
    rows[3].append("cellule en trop")
    write_rows(path, rows)
    expect(data_copy, "facts.csv", "ligne 4", "colonnes au lieu de")


def test_unbalanced_quote_is_reported(data_copy):
    path = data_copy / "raw" / "sources.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text[2] = text[2] + ',"oops'
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    expect(data_copy, "sources.csv", "ligne")


def test_wrong_type_in_a_number(data_copy):
    line = set_cell(data_copy, "facts", 0, "value", "douze")
    expect(data_copy, "facts.csv", f"ligne {line}", "champ « value »", "nombre")


def test_thousands_separator_is_a_wrong_type(data_copy):
    line = set_cell(data_copy, "facts", 1, "value", "1 234")
    expect(data_copy, f"ligne {line}", "champ « value »")


def test_unknown_source_id(data_copy):
    line = set_cell(data_copy, "facts", 5, "source_id", "source_fantome")
    expect(data_copy, "facts.csv", f"ligne {line}", "champ « source_id »", "source_fantome")


def test_unknown_territory(data_copy):
    line = set_cell(data_copy, "events", 0, "territory_id", "atlantide")
    expect(data_copy, "events.csv", f"ligne {line}", "champ « territory_id »")


def test_duplicated_id(data_copy):
    path = data_copy / "raw" / "actors.csv"
    rows = read_rows(path)
    rows.insert(3, list(rows[1]))
    write_rows(path, rows)
    expect(data_copy, "actors.csv", "ligne 4", "champ « actor_id »", "en double", "déjà ligne 2")


def test_value_outside_its_enum(data_copy):
    line = set_cell(data_copy, "facts", 2, "qualifier", "roughly")
    expect(data_copy, f"ligne {line}", "champ « qualifier »", "hors de la liste")


def test_missing_required_value(data_copy):
    line = set_cell(data_copy, "sources", 0, "publisher", "")
    expect(data_copy, "sources.csv", f"ligne {line}", "champ « publisher »", "obligatoire")


def test_bad_date_format(data_copy):
    line = set_cell(data_copy, "events", 1, "date", "16/09/2020")
    expect(data_copy, f"ligne {line}", "champ « date »", "motif")


def test_range_without_bounds(data_copy):
    facts = pd.read_csv(data_copy / "raw" / "facts.csv", dtype=str, keep_default_na=False)
    row = int(facts.index[facts["qualifier"] == "range"][0])
    line = set_cell(data_copy, "facts", row, "value_high", "")
    expect(data_copy, f"ligne {line}", "champ « value_high »", "fourchette")


def test_missing_column_in_header(data_copy):
    path = data_copy / "raw" / "territories.csv"
    rows = [r[:-1] for r in read_rows(path)]
    write_rows(path, rows)
    expect(data_copy, "territories.csv", "ligne 1", "champ « note »", "colonne manquante")


def test_not_utf8(data_copy):
    path = data_copy / "raw" / "actors.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    expect(data_copy, "actors.csv", "UTF-8")


def test_date_status_must_match_the_date(data_copy):
    facts = pd.read_csv(data_copy / "raw" / "facts.csv", dtype=str, keep_default_na=False)
    row = int(facts.index[facts["ref_date"] != ""][0])
    line = set_cell(data_copy, "facts", row, "date_status", "unknown")
    expect(data_copy, f"ligne {line}", "champ « date_status »")


def test_unknown_epci_code_in_a_perimeter(data_copy):
    line = set_cell(data_copy, "perimeters", 0, "epci_siren", "999999999")
    raw = pipeline.load_raw(data_copy / "datapackage.json")
    epci = pd.DataFrame({"epci_siren": ["200072460"], "population": [1], "n_communes": [1], "area_km2": [1.0]})
    with pytest.raises(DataError, match=re.escape(f"ligne {line}") + ".*epci_siren.*999999999"):
        pipeline.perimeters(raw, epci)


def test_a_hand_edited_processed_table_is_rejected_on_load(tmp_path, monkeypatch):
    from territoires import data, paths

    target = tmp_path / "processed"
    target.mkdir()
    (target / "datapackage.json").write_text(paths.PROCESSED_PACKAGE.read_text(encoding="utf-8"))
    source = (paths.PROCESSED / "reference_areas.csv").read_text(encoding="utf-8").splitlines()
    source[1] = re.sub(r",(\d+),", ",beaucoup,", source[1], count=1)
    (target / "reference_areas.csv").write_text("\n".join(source) + "\n", encoding="utf-8")
    monkeypatch.setattr(paths, "PROCESSED_PACKAGE", target / "datapackage.json")
    data._validated.cache_clear()
    with pytest.raises(DataError, match="reference_areas.csv, ligne 2, champ « population »"):
        data.load("reference_areas")
    data._validated.cache_clear()
