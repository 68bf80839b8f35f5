"""Strict reading of a scenario file: YAML that means what it shows, refused with a short
French message naming the line otherwise.

`yaml.safe_load` keeps the last of two equal keys without a word, expands anchors and aliases
(a "billion laughs" of a few hundred bytes grows to gigabytes, and the message that echoes it
to megabytes), recurses on nesting (a deep enough file exhausts the stack) and crashes on a
date such as 2024-13-45. A scenario is a table of a few names and numbers and needs none of
that, so everything is checked before any value is built: size, encoding and characters, then
the YAML events (one document, no anchor, alias or tag, bounded nesting and lengths), and only
then the values, keys kept as typed and a key written twice refused.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import yaml

from .. import fmt

MAX_BYTES = 64 * 1024  # the committed scenarios are under 2 KiB
MAX_DEPTH = 4  # file → chapter → parameter → list of codes
MAX_SCALAR = 1000  # characters of one key or value
BOM = "\ufeff"
# Invisible characters that change how a line reads (bidirectional overrides, a BOM inside the
# text): refused, so that the file means what an editor shows.
_INVISIBLE = {BOM, *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}


class YamlError(Exception):
    """A problem of the file's text or YAML; `line` is 1-based (None: the whole file)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.message}" if self.line else self.message


def short(value, limit: int = 60) -> str:
    """A value as a message may quote it: its text if printable, else its repr; cut at `limit`."""
    text = value if isinstance(value, str) and value.isprintable() else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def forbidden_character(text: str, allowed: str = "") -> tuple[int, str] | None:
    """(position, description) of the first control or invisible character not in `allowed`."""
    for position, ch in enumerate(text):
        if ch in allowed:
            continue
        if unicodedata.category(ch) in ("Cc", "Cs") or ch in _INVISIBLE or ch in "\ufffe\uffff":
            return position, f"caractère invisible ou de contrôle U+{ord(ch):04X}"
    return None


def read(path: Path):
    """The document of a scenario file (plain dicts, lists, scalars), or YamlError."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        size = path.stat().st_size
        raise YamlError(f"fichier de {fmt.number(size)} octets, au plus {fmt.number(MAX_BYTES)} pour un scénario")
    text = decode(data)
    check_events(text)
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader, stricter
    except yaml.YAMLError as error:
        raise _unreadable(error, text) from None


def decode(data: bytes) -> str:
    """UTF-8 text (a leading BOM, as some editors write, is dropped); control characters refused."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise YamlError(f"encodage non UTF-8 (octet 0x{data[error.start]:02X}) : enregistrer en UTF-8", line) from None
    text = text.removeprefix(BOM)
    found = forbidden_character(text, allowed="\t\n\r")
    if found:
        position, what = found
        raise YamlError(what, text.count("\n", 0, position) + 1)
    return text


def check_events(text: str) -> None:
    """Walk the YAML events (no value built, no recursion): refuse what a scenario never needs."""
    depth = documents = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlError("plusieurs documents YAML (séparés par ---) : un seul attendu", line)
            if isinstance(event, yaml.AliasEvent):
                raise YamlError(f"alias YAML « *{short(event.anchor)} » refusé : écrire chaque valeur en entier", line)
            if getattr(event, "anchor", None) is not None:
                raise YamlError(f"ancre YAML « &{short(event.anchor)} » refusée : écrire chaque valeur en entier", line)
            if getattr(event, "tag", None) is not None:
                raise YamlError(f"étiquette YAML « {short(event.tag)} » refusée : écrire la valeur seule", line)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlError(f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)", line)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_SCALAR:
                raise YamlError(
                    f"valeur de {fmt.number(len(event.value))} caractères (au plus {fmt.number(MAX_SCALAR)}) : "
                    f"« {short(event.value, 30)} »",
                    line,
                )
    except yaml.YAMLError as error:
        raise _unreadable(error, text) from None


def _unreadable(error: yaml.YAMLError, text: str) -> YamlError:
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        line = mark.line + 1
    elif isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
    else:
        line = None
    detail = getattr(error, "problem", None) or getattr(error, "reason", None) or "syntaxe"
    return YamlError(f"YAML illisible ({short(str(detail), 80)})", line)


class _Loader(yaml.SafeLoader):
    """Safe loader whose tables keep their keys as typed and refuse a key written twice."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (YamlError, yaml.YAMLError):
            raise
        except (ValueError, OverflowError):  # e.g. the date 2024-13-45
            raise YamlError(f"valeur « {short(node.value)} » illisible", node.start_mark.line + 1) from None


def _mapping(loader: _Loader, node: yaml.MappingNode) -> dict:
    table, lines = {}, {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlError("clé composée (table ou liste) : une clé est un nom", line)
        key = key_node.value  # as typed: `yes` and `1` stay names, never True or 1
        if key in lines:
            raise YamlError(
                f"clé « {short(key)} » écrite deux fois (déjà ligne {lines[key]}) : YAML garderait la "
                "seconde sans le dire ; n'en garder qu'une",
                line,
            )
        lines[key] = line
        table[key] = loader.construct_object(value_node, deep=True)
    return table


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
