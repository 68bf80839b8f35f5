"""Validation of the CSV tables against the Table Schema (Frictionless format) of data/datapackage.json.

The checks are those of Table Schema (types, required, enum, pattern, format, minimum/maximum,
unique, primary keys, foreign keys) plus the rules a schema cannot express, for the raw tables:
calendar dates, signs and magnitudes per unit, one unit per indicator, qualifiers that agree
with the value fields, official geography codes, founding-article facts, sorted rows.
Every error names the file, the line and the field, and for a file that cannot be read as the
expected CSV (Excel separator, BOM, Latin-1…) the likely cause: a curator can fix the row at
once, and the build stops rather than render a wrong number.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from . import paths
from .lecture import SEPARATORS, DataError, Table, check_header, csv_error, decode, row_key
from .regles import PACKAGE_RULES, RAW_TABLES, TABLE_RULES, _sorted_rows


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
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_INTEGER = re.compile(r"-?[0-9]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
# What a pattern of data/datapackage.json asks for, in words a curator understands.
PATTERN_HINTS = {
    "^[a-z0-9_]+$": "identifiant en snake_case attendu (minuscules sans accent, chiffres, _)",
    "^\\d{9}$": "SIREN à 9 chiffres attendu",
    "^\\d{4}(-\\d{2}(-\\d{2})?)?$": "date ISO partielle attendue (AAAA, AAAA-MM ou AAAA-MM-JJ)",
    "^(\\d{4}(-\\d{2}(-\\d{2})?)?)?$": "date ISO partielle attendue (AAAA, AAAA-MM ou AAAA-MM-JJ) ou vide",
    "^(\\d{4}(-\\d{2}(-\\d{2})?)?|unknown)$": "date ISO partielle attendue (AAAA, AAAA-MM ou AAAA-MM-JJ) ou unknown",
}


def _cast(value: str, spec: dict, file: str, line: int):
    name, kind = spec["name"], spec.get("type", "string")
    constraints = spec.get("constraints", {})
    if value in spec.get("missingValues", _MISSING):
        if constraints.get("required"):
            raise DataError(file, "valeur obligatoire manquante", line, name)
        return None
    if _CONTROL.search(value):
        raise DataError(
            file,
            f"retour à la ligne ou caractère de contrôle dans la valeur {value[:40]!r} (guillemet mal fermé ?)",
            line,
            name,
        )
    if value != value.strip():
        raise DataError(file, f"espaces en début ou fin de valeur : {value!r}", line, name)
    if kind == "string":
        cast = value
        if spec.get("format") == "uri":
            _check_url(value, file, line, name)
    elif kind in ("number", "integer"):
        cast = _number(value, kind, file, line, name)
    elif kind == "boolean":
        if value in spec.get("trueValues", ["true"]):
            cast = True
        elif value in spec.get("falseValues", ["false"]):
            cast = False
        else:
            raise DataError(file, f"booléen attendu (true/false), reçu {value!r}", line, name)
    else:
        raise DataError(file, f"type de schéma non pris en charge : {kind}", line, name)
    if constraints.keys() - {"required"}:
        _check_constraints(cast, value, constraints, file, line, name)
    return cast


def _number(value: str, kind: str, file: str, line: int, name: str):
    if kind == "integer":
        if not _INTEGER.fullmatch(value):
            raise DataError(file, f"entier attendu, reçu {value!r}", line, name)
        return int(value)
    if not _NUMBER.fullmatch(value):
        raise DataError(file, f"nombre attendu, reçu {value!r}{_number_hint(value)}", line, name)
    cast = float(value)
    if not math.isfinite(cast):
        raise DataError(file, f"nombre fini attendu, reçu {value!r}", line, name)
    return cast


def _number_hint(value: str) -> str:
    if re.fullmatch(r"-?[0-9]+,[0-9]+", value):
        return f" : point décimal, pas de virgule ({value.replace(',', '.')})"
    if re.fullmatch(r"-?[0-9]{1,3}([ \u00a0\u202f.,'][0-9]{3})+", value):
        return f" : sans séparateur de milliers ({re.sub(r'[^0-9-]', '', value)})"
    if value.endswith("%"):
        return " : sans le signe %, l'unité est dans la colonne unit"
    return " (point décimal, sans séparateur de milliers ni unité)"


def _check_url(value: str, file: str, line: int, name: str) -> None:
    parts = urlsplit(value) if not re.search(r"\s", value) else None
    if parts is None:
        problem = "espace dans l'adresse"
    elif parts.scheme not in ("http", "https"):
        problem = "adresse http:// ou https:// attendue"
    elif "." not in (parts.hostname or ""):
        problem = "nom d'hôte sans point (domaine attendu, ex. www.insee.fr)"
    elif not re.fullmatch(r"[^.]+(\.[^.]+)+", parts.hostname):
        problem = f"nom d'hôte {parts.hostname!r} mal formé (point en trop au début, à la fin ou doublé ?)"
    else:
        return
    raise DataError(file, f"adresse mal formée {value!r} : {problem}", line, name)


@cache
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.ASCII)  # \d: 0-9 only


def _check_constraints(cast, raw: str, constraints: dict, file: str, line: int, name: str):
    if "enum" in constraints and cast not in constraints["enum"]:
        allowed = ", ".join(map(str, constraints["enum"]))
        raise DataError(file, f"valeur {raw!r} hors de la liste autorisée ({allowed})", line, name)
    pattern = constraints.get("pattern")
    if pattern and not _compiled(pattern).fullmatch(raw):
        hint = PATTERN_HINTS.get(pattern, f"motif {pattern}")
        raise DataError(file, f"valeur {raw!r} ne respecte pas le motif : {hint}", line, name)
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
        payload = path.read_bytes()
    except FileNotFoundError:
        raise DataError(file, "fichier introuvable") from None
    text = decode(payload, file, names)
    if not text.strip():
        raise DataError(file, f"fichier vide (en-tête attendu : {','.join(names)})", 1, names[0])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, line = [], 0  # line: the last line read; a record starts on the next one
    try:
        check_header(next(reader), names, file, text.partition("\n")[0])
        line = reader.line_num
        while (cells := next(reader, None)) is not None:
            rows.append(_row(cells, fields, file, line + 1))
            line = reader.line_num  # a quoted value may span lines (then refused by _cast)
    except csv.Error as exc:
        raise csv_error(exc, file, line + 1, text, names) from None
    if not rows:
        raise DataError(file, "aucune ligne de données après l'en-tête", 2, names[0])
    table = Table(res["name"], path, tuple(names), tuple(rows))
    _check_primary_key(table, res["schema"].get("primaryKey"))
    _check_unique(table, fields)
    return table


def _row(cells: list[str], fields: list[dict], file: str, line: int) -> dict:
    names = [f["name"] for f in fields]
    if not cells:
        raise DataError(file, "ligne vide : la supprimer", line, names[0])
    if len(cells) != len(names):
        raise _row_length_error(cells, fields, file, line)
    return {s["name"]: _cast(c, s, file, line) for s, c in zip(fields, cells)}


def _row_length_error(cells: list[str], fields: list[dict], file: str, line: int) -> DataError:
    """A row with too many or too few cells: name the first field that no longer fits."""
    names = [f["name"] for f in fields]
    for separator, label in SEPARATORS.items():
        if len(cells) == 1 and separator in cells[0]:
            return DataError(file, f"séparateur « {separator} » ({label}) au lieu de la virgule", line, names[0])
    if len(cells) > len(names):
        cause = "une virgule dans une valeur sans guillemets (virgule décimale « 9,8 », ou texte à citer) ?"
    else:
        cause = "une virgule manque : garder une virgule par colonne, même pour une valeur vide"
    field = names[-1]
    for spec, cell in zip(fields, cells):
        try:
            _cast(cell, spec, file, line)
        except DataError:
            field = spec["name"]
            break
    return DataError(
        file, f"{len(cells)} colonnes au lieu de {len(names)}, décalage au plus tard ici : {cause}", line, field
    )


def _key_fields(key) -> list[str]:
    return [key] if isinstance(key, str) else list(key)


def _check_primary_key(table: Table, key) -> None:
    if not key:
        return
    fields = _key_fields(key)
    seen: dict[tuple, int] = {}
    for line, row in table.lines():
        value = row_key(row, fields)
        if value in seen:
            shown = "/".join(map(str, value))
            raise DataError(table.file, f"identifiant {shown!r} en double (déjà ligne {seen[value]})", line, fields[-1])
        seen[value] = line


def _check_unique(table: Table, fields: list[dict]) -> None:
    for spec in fields:
        if not spec.get("constraints", {}).get("unique"):
            continue
        seen: dict = {}
        for line, row in table.lines():
            value = row[spec["name"]]
            if value is not None and value in seen:
                raise DataError(
                    table.file, f"valeur {value!r} en double (déjà ligne {seen[value]})", line, spec["name"]
                )
            seen.setdefault(value, line)


def check_foreign_keys(tables: dict[str, Table], descriptor: dict) -> None:
    for res in descriptor["resources"]:
        table = tables.get(res["name"])
        if table is None:
            continue
        for fk in res["schema"].get("foreignKeys", []):
            fields = _key_fields(fk["fields"])
            ref = fk["reference"]
            ref_fields = _key_fields(ref["fields"])
            target = tables[ref["resource"]]
            known = {row_key(r, ref_fields) for r in target.rows}
            for line, row in table.lines():
                value = row_key(row, fields)
                if all(v is None for v in value):
                    continue
                if value not in known:
                    raise DataError(
                        table.file,
                        f"{'/'.join(map(str, value))!r} absent de {target.file}"
                        f" (clé étrangère vers {ref['resource']}.{ref_fields[0]})",
                        line,
                        fields[0],
                    )


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
    raw = RAW_TABLES <= {r["name"] for r in descriptor["resources"]}
    tables = {}
    for res in descriptor["resources"]:
        if res["name"] in needed:
            table = tables[res["name"]] = read_table(res, base)
            if raw:
                _sorted_rows(table, _key_fields(res["schema"].get("primaryKey", table.fields[0])))
                TABLE_RULES.get(res["name"], lambda _: None)(table)
    check_foreign_keys(tables, descriptor)
    for rule, required in PACKAGE_RULES if raw else ():
        if set(required) <= tables.keys():
            rule(tables)
    return {name: tables[name] for name in wanted}
