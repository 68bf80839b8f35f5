"""Reading a data file as the expected CSV: bytes, encoding, separator, header, quotes.

A file that cannot be read as UTF-8 CSV with commas (an Excel export with `;`, a BOM, Latin-1,
a stray quote) is refused with the likely cause and the line where it shows, so that a
curator can fix it at once. `DataError` is the error of every data check.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import paths


class DataError(ValueError):
    """A table does not match its schema. The message names the file, line and field."""

    def __init__(self, file: str, message: str, line: int | None = None, field: str | None = None):
        self.file, self.line, self.field = file, line, field
        where = file
        if line is not None:
            where += f", ligne {line}"
        if field is not None:
            where += f", champ « {field} »"
        super().__init__(f"{where} : {message}")


@dataclass(frozen=True)
class Table:
    """A validated table: its resource name, file and rows (dicts of typed values).

    Rows hold no line break, so the row at index i is on line i + 2 of the file."""

    name: str
    path: Path
    fields: tuple[str, ...]
    rows: tuple[dict, ...]

    @cached_property
    def file(self) -> str:
        return paths.relative(self.path)

    def lines(self) -> Iterable[tuple[int, dict]]:
        return enumerate(self.rows, start=2)

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(list(self.rows), columns=list(self.fields))


# --- reading a file: bytes, text, header --------------------------------------------------

SEPARATORS = {";": "point-virgule", "\t": "tabulation", "|": "barre verticale"}
EXCEL_HINT = (
    "enregistrer en CSV UTF-8 sans BOM, séparateur virgule (LibreOffice Calc : « Texte CSV », jeu de caractères "
    "Unicode (UTF-8), séparateur virgule ; ou un éditeur de texte), voir data/README.md"
)


def decode(payload: bytes, file: str, names: list[str]) -> str:
    """The text of a CSV file; a BOM, UTF-16 or a non-UTF-8 byte is refused with its line."""
    if payload.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError(file, f"fichier encodé en UTF-16 (« Texte Unicode » d'Excel ?) : {EXCEL_HINT}", 1, names[0])
    bom = payload.startswith(codecs.BOM_UTF8)
    text = _utf8(payload[len(codecs.BOM_UTF8) :] if bom else payload, file, names)
    if bom:
        separator = _separator_of(text.partition("\n")[0], names)
        also = f" et utilise le séparateur {separator}" if separator else ""
        raise DataError(
            file,
            f"le fichier commence par une marque d'ordre d'octets (BOM UTF-8){also}, "
            f"comme l'écrit Excel (« CSV UTF-8 ») : {EXCEL_HINT}",
            1,
            names[0],
        )
    return text


def _utf8(payload: bytes, file: str, names: list[str]) -> str:
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = payload.count(b"\n", 0, exc.start) + 1
        start = payload.rfind(b"\n", 0, exc.start) + 1
        end = payload.find(b"\n", exc.start)
        prefix = payload[start : exc.start].decode("utf-8", errors="replace")
        field = names[min(_field_index(prefix), len(names) - 1)]
        word = re.findall(r"[^,;\"\s]*$", prefix)[0] + _word_start(payload[exc.start : end if end >= 0 else None])
        raise DataError(
            file,
            f"encodage non UTF-8 : octet 0x{payload[exc.start]:02X} illisible (« {word} » lu en Windows-1252 : "
            f"fichier enregistré en Latin-1 ou Windows-1252 ?) ; réenregistrer le fichier en UTF-8",
            line,
            field,
        ) from None


def _word_start(rest: bytes) -> str:
    return re.findall(r"^[^,;\"\s]*", rest.decode("cp1252", errors="replace"))[0]


def _field_index(prefix: str) -> int:
    """Index of the cell that the end of `prefix` (the start of a physical line) is in."""
    return len(next(csv.reader([prefix], strict=False), [""])) - 1


def _separator_of(first_line: str, names: list[str]) -> str | None:
    """The separator that splits the header into the schema's names, if not the comma."""
    for separator, name in SEPARATORS.items():
        cells = [c.strip('"') for c in first_line.rstrip("\r").split(separator)]
        if len(cells) > 1 and sum(c in names for c in cells) >= 2:
            return f"« {separator} » ({name})"
    return None


def check_header(header: list[str], names: list[str], file: str, first_line: str) -> None:
    if header == names:
        return
    separator = _separator_of(first_line, names)
    if separator:
        raise DataError(file, f"séparateur {separator} au lieu de la virgule : {EXCEL_HINT}", 1, names[0])
    doubled = sorted({h for h in header if header.count(h) > 1})
    if doubled:
        raise DataError(file, "colonne en double dans l'en-tête", 1, doubled[0])
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    if missing or extra:
        raise DataError(file, _columns_message(missing, extra), 1, (missing or extra)[0])
    first = next(i for i, (h, n) in enumerate(zip(header, names)) if h != n)
    raise DataError(file, f"ordre des colonnes différent du schéma (attendu : {', '.join(names)})", 1, names[first])


def _columns_message(missing: list[str], extra: list[str]) -> str:
    parts = []
    if missing:
        parts.append(f"colonne(s) manquante(s) : {_quoted(missing)}")
    if extra:
        parts.append(f"colonne(s) inconnue(s) du schéma : {_quoted(extra)}")
    close = [(e, m) for e in extra for m in missing if e.strip().lower() == m]
    if close:
        parts.append(f"« {close[0][0]} » s'écrit « {close[0][1]} » (casse ou espaces)")
    return " ; ".join(parts)


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"« {n} »" for n in names)


def _quote_fault(line: str) -> tuple[int, str] | None:
    """Cell index and kind ("unclosed", "misplaced") of a quote fault on one physical line."""
    field, quoted, start, i = 0, False, True, 0
    while i < len(line):
        char = line[i]
        if quoted and char == '"':
            if line[i + 1 : i + 2] == '"':
                i += 1
            elif line[i + 1 : i + 2] not in ("", ",", "\r"):
                return field, "misplaced"
            else:
                quoted = False
        elif not quoted and char == '"' and start:
            quoted = True
        elif not quoted and char == ",":
            field, start, i = field + 1, True, i + 1
            continue
        start = False
        i += 1
    return (field, "unclosed") if quoted else None


QUOTE_CAUSES = {
    "unclosed": "guillemet ouvert jamais fermé sur cette ligne : fermer la valeur par un guillemet",
    "misplaced": 'guillemet au milieu d\'une valeur : doubler les guillemets internes ("") ou entourer la valeur',
}


def csv_error(exc: csv.Error, file: str, line: int, text: str, names: list[str]) -> DataError:
    lines = re.split(r"\r\n|\n|\r", text)
    fault = _quote_fault(lines[line - 1] if line - 1 < len(lines) else "")
    if fault is None:
        if "field larger than field limit" in str(exc):
            return DataError(file, "valeur démesurée (guillemet jamais fermé plus haut ?)", line, names[0])
        return DataError(file, f"CSV mal formé ({exc})", line, names[0])
    index, kind = fault
    return DataError(file, QUOTE_CAUSES[kind], line, names[min(index, len(names) - 1)])


def row_key(row: dict, fields: Iterable[str]) -> tuple:
    return tuple(row[f] for f in fields)
