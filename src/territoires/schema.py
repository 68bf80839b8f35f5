"""Validation of the CSV tables against the Table Schema (Frictionless format) of data/datapackage.json.

The checks are those of Table Schema (types, required, enum, pattern, minimum/maximum,
primary keys, foreign keys) plus the few rules a schema cannot express (a range has
bounds and no single value). Every error names the file, the line and the field, so a
curator can fix the row at once; the build stops rather than render a wrong number.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
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
    """A validated table: its resource name, file and rows (dicts of typed values)."""

    name: str
    path: Path
    fields: tuple[str, ...]
    rows: tuple[dict, ...]

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(list(self.rows), columns=list(self.fields))


def load_descriptor(datapackage: Path = paths.DATAPACKAGE) -> dict:
    try:
        return json.loads(Path(datapackage).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(paths.relative(datapackage), "fichier introuvable") from None
    except json.JSONDecodeError as exc:
        raise DataError(paths.relative(datapackage), f"JSON invalide ({exc.msg})", exc.lineno) from None


def resource(descriptor: dict, name: str) -> dict:
    for res in descriptor["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in descriptor["resources"])
    raise KeyError(f"ressource inconnue {name!r} dans datapackage.json (connues : {known})")


# --- cells -------------------------------------------------------------------------------

_MISSING = ("",)


def _cast(value: str, spec: dict, file: str, line: int):
    name, kind = spec["name"], spec.get("type", "string")
    constraints = spec.get("constraints", {})
    if value in spec.get("missingValues", _MISSING):
        if constraints.get("required"):
            raise DataError(file, "valeur obligatoire manquante", line, name)
        return None
    if value != value.strip():
        raise DataError(file, f"espaces en début ou fin de valeur : {value!r}", line, name)
    if kind == "string":
        cast = value
    elif kind == "number":
        cast = _number(value, float, file, line, name)
    elif kind == "integer":
        cast = _number(value, int, file, line, name)
    elif kind == "boolean":
        if value in spec.get("trueValues", ["true"]):
            cast = True
        elif value in spec.get("falseValues", ["false"]):
            cast = False
        else:
            raise DataError(file, f"booléen attendu (true/false), reçu {value!r}", line, name)
    else:
        raise DataError(file, f"type de schéma non pris en charge : {kind}", line, name)
    _check_constraints(cast, value, constraints, file, line, name)
    return cast


def _number(value: str, kind: type, file: str, line: int, name: str):
    try:
        cast = kind(value)
    except ValueError:
        expected = "nombre (point décimal, sans séparateur de milliers)" if kind is float else "entier"
        raise DataError(file, f"{expected} attendu, reçu {value!r}", line, name) from None
    if kind is float and not math.isfinite(cast):
        raise DataError(file, f"nombre fini attendu, reçu {value!r}", line, name)
    return cast


def _check_constraints(cast, raw: str, constraints: dict, file: str, line: int, name: str):
    if "enum" in constraints and cast not in constraints["enum"]:
        allowed = ", ".join(map(str, constraints["enum"]))
        raise DataError(file, f"valeur {raw!r} hors de la liste autorisée ({allowed})", line, name)
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], raw):
        raise DataError(file, f"valeur {raw!r} ne respecte pas le motif {constraints['pattern']}", line, name)
    if "minimum" in constraints and cast < constraints["minimum"]:
        raise DataError(file, f"valeur {raw} inférieure au minimum {constraints['minimum']}", line, name)
    if "maximum" in constraints and cast > constraints["maximum"]:
        raise DataError(file, f"valeur {raw} supérieure au maximum {constraints['maximum']}", line, name)


# --- tables --------------------------------------------------------------------------------


def read_table(res: dict, base: Path = paths.DATA) -> Table:
    """Read and type one resource; raise DataError on the first problem found."""
    path = base / res["path"]
    file = paths.relative(path)
    fields = res["schema"]["fields"]
    names = [f["name"] for f in fields]
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        raise DataError(file, "fichier introuvable") from None
    with handle:
        try:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header is None:
                raise DataError(file, "fichier vide (en-tête attendu)", 1)
            _check_header(header, names, file)
            rows = []
            for line, cells in enumerate(reader, start=2):
                if len(cells) != len(names):
                    raise DataError(file, f"{len(cells)} colonnes au lieu de {len(names)} (ligne mal formée)", line)
                rows.append({s["name"]: _cast(c, s, file, line) for s, c in zip(fields, cells)})
        except UnicodeDecodeError as exc:
            raise DataError(file, f"encodage non UTF-8 (octet {exc.start})") from None
        except csv.Error as exc:
            raise DataError(file, f"CSV mal formé ({exc})", reader.line_num) from None
    table = Table(res["name"], path, tuple(names), tuple(rows))
    _check_primary_key(table, res["schema"].get("primaryKey"))
    return table


def _check_header(header: list[str], names: list[str], file: str) -> None:
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    if missing:
        raise DataError(file, "colonne manquante dans l'en-tête", 1, missing[0])
    if extra:
        raise DataError(file, "colonne inconnue du schéma", 1, extra[0])
    if header != names:
        raise DataError(file, f"ordre des colonnes différent du schéma ({', '.join(names)})", 1)


def _key(row: dict, fields: Iterable[str]) -> tuple:
    return tuple(row[f] for f in fields)


def _check_primary_key(table: Table, key) -> None:
    if not key:
        return
    fields = [key] if isinstance(key, str) else list(key)
    seen: dict[tuple, int] = {}
    for line, row in enumerate(table.rows, start=2):
        value = _key(row, fields)
        if value in seen:
            shown = "/".join(map(str, value))
            raise DataError(
                paths.relative(table.path),
                f"identifiant {shown!r} en double (déjà ligne {seen[value]})",
                line,
                fields[0],
            )
        seen[value] = line


def check_foreign_keys(tables: dict[str, Table], descriptor: dict) -> None:
    for res in descriptor["resources"]:
        table = tables.get(res["name"])
        if table is None:
            continue
        for fk in res["schema"].get("foreignKeys", []):
            fields = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
            ref = fk["reference"]
            ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
            target = tables[ref["resource"]]
            known = {_key(r, ref_fields) for r in target.rows}
            for line, row in enumerate(table.rows, start=2):
                value = _key(row, fields)
                if all(v is None for v in value):
                    continue
                if value not in known:
                    raise DataError(
                        paths.relative(table.path),
                        f"{'/'.join(map(str, value))!r} absent de {paths.relative(target.path)}"
                        f" (clé étrangère vers {ref['resource']}.{ref_fields[0]})",
                        line,
                        fields[0],
                    )


# --- rules a schema cannot express -------------------------------------------------------


def _facts_rules(table: Table) -> None:
    file = paths.relative(table.path)
    for line, row in enumerate(table.rows, start=2):
        low, high, value = row["value_low"], row["value_high"], row["value"]
        if row["qualifier"] == "range":
            if low is None or high is None:
                field = "value_low" if low is None else "value_high"
                raise DataError(file, "une fourchette (qualifier=range) exige ses deux bornes", line, field)
            if low >= high:
                raise DataError(file, f"borne basse {low} ≥ borne haute {high}", line, "value_low")
            if value is not None:
                raise DataError(file, "une fourchette n'a pas de valeur unique : laisser vide", line, "value")
        else:
            if value is None:
                raise DataError(file, "valeur manquante (seule une fourchette peut s'en passer)", line, "value")
            if low is not None or high is not None:
                raise DataError(file, "bornes réservées aux fourchettes (qualifier=range)", line, "value_low")
        if row["ref_date"] is None and row["date_status"] != "unknown":
            raise DataError(file, "date vide : date_status doit valoir unknown", line, "date_status")
        if row["ref_date"] is not None and row["date_status"] == "unknown":
            raise DataError(file, "date renseignée : date_status ne peut valoir unknown", line, "date_status")


EXTRA_RULES: dict[str, Callable[[Table], None]] = {"facts": _facts_rules}


def validate_package(
    names: Iterable[str] | None = None,
    datapackage: Path = paths.DATAPACKAGE,
    base: Path | None = None,
) -> dict[str, Table]:
    """Read, type and check the named resources (all by default), foreign keys included."""
    descriptor = load_descriptor(datapackage)
    base = Path(datapackage).parent if base is None else base
    wanted = [r["name"] for r in descriptor["resources"]] if names is None else list(names)
    needed = set(wanted)
    for res in descriptor["resources"]:
        if res["name"] in needed:
            for fk in res["schema"].get("foreignKeys", []):
                needed.add(fk["reference"]["resource"])
    tables = {}
    for res in descriptor["resources"]:
        if res["name"] in needed:
            tables[res["name"]] = read_table(res, base)
            if res["name"] in EXTRA_RULES:
                EXTRA_RULES[res["name"]](tables[res["name"]])
    check_foreign_keys(tables, descriptor)
    return {name: tables[name] for name in wanted}
