"""Live assumptions (issue 20): a chapter's model run over a grid, shipped with its page as data.

A reader moves two or three of a chapter's assumptions in the page and sees the marked numbers
of the text and a chart follow. Python stays the single source of truth: at build time the
chapter's own `compute` runs once per point of the controls' grid, and every number the page
shows is formatted here, with the book's functions (`fmt`, `phrases`, `typographie`), exactly
as the notebook glues it. The browser (`book/_static/vivant.js`) only looks a point up, puts its
strings in place with `textContent` and draws the chart from the numbers given here.

- `Controle`: one assumption of the chapter's `Parametres` (by its French name), with its grid:
  a regular step aligned on the page's value plus the model's two bounds, or explicit values
  (the page's value is always added). Label, unit, bounds and choices come from the model.
- `Vue`: what a chapter offers live: its model, its controls, the glued texts that follow them
  (glue key → function of the parameters and results giving the glued string) and the chart.
- `donnees_de_la_vue(vue, P)` (the payload) and `html(payload)` / `afficher(vue, P)`: a
  deterministic `<div hidden>` holding a `<script type="application/json">`; without
  JavaScript nothing shows, and the same bytes come out at every run (nbval compares them).

The payload is compact: the distinct strings are stored once (`textes`), as are the distinct
pieces of the chart (`morceaux`, e.g. the lines of a sensitivity figure shared by many points),
and each point of the grid (row-major, first control slowest) is a row of indices into them.

Size of the grid: every point costs one run of `compute` at build time (0.02–0.05 s with the
tables read once, `tables_lues_une_fois`) and a row of the page. The chapters' grids have 168 to
432 points (`vivant_chapitres`): 5 to 20 s of build per chapter on a loaded two-core machine, and
70 to 160 KB of data per page. A grid is refused above `MAX_POINTS` (700): a scenario's own values
join its grid (its page's view), which can raise the largest grid to 630 points; beyond, build
time and page weight (goal < 300 KB) would both go over.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from docutils.utils.smartquotes import smartyPants

from . import data, fmt, phrases, typographie
from .chapitres.base import ParameterError, Parametres
from .resultats import Resultats, singulier

FORMAT = 1
# Bound on the points of a grid (product of the numbers of the controls' values): see the docstring.
MAX_POINTS = 700
_CLE = re.compile(r"^[a-z0-9_]+$")


# --- what a chapter offers --------------------------------------------------------------------


@dataclass(frozen=True)
class Controle:
    """One live assumption: a field of the chapter's `Parametres`, by name.

    `pas`: a regular step (aligned on the page's value; the model's bounds are added); or
    `valeurs`: the values offered; a `Literal` field offers all its choices, named in French by
    `libelles` (choice → label, or a function of the page's parameters and results giving it)."""

    nom: str
    pas: float | None = None
    valeurs: tuple = ()
    libelles: Mapping[str, str] | Callable[[Any, Resultats], Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Vue:
    """What a chapter shows live. `textes`: glue key → f(P, R) giving the string the notebook
    glues under that key; `annonce`: (French label, glue key) read out to screen readers after a
    change; `graphique`: f(P, R) → {"textes": {name: str}, <part>: {…numbers…}} (see vivant.js);
    `figure`: the label of the static figure it redraws (its caption gets the button)."""

    modele: ModuleType
    controles: tuple[Controle, ...]
    textes: Mapping[str, Callable[[Any, Resultats], str]]
    annonce: tuple[tuple[str, str], ...] = ()
    graphique: Callable[[Any, Resultats], dict] | None = None
    figure: str = ""  # label of the static figure the chart redraws: the panel goes under it

    @property
    def parametres(self) -> type[Parametres]:
        return self.modele.Parametres


# --- the grid ---------------------------------------------------------------------------------


def _refus(classe: type[Parametres], nom: str, message: str) -> ParameterError:
    return ParameterError(f"{classe.chapitre} : contrôle vivant « {nom} » : {message}")


def _choix(classe: type[Parametres], nom: str) -> tuple:
    annotation = classe.model_fields[nom].annotation
    return getattr(annotation, "__args__", ()) if "Literal" in repr(annotation) else ()


def valeurs(classe: type[Parametres], controle: Controle, actuelle) -> list:
    """The values a control offers, sorted, the page's value (`actuelle`) among them.

    Refused, with a message naming the parameter: a name that is not a parameter of the
    chapter, a list parameter, no step nor values, a step or a value outside the model's range
    or of the wrong kind."""
    nom = controle.nom
    if nom not in classe.model_fields:
        known = ", ".join(classe.model_fields)
        raise _refus(classe, nom, f"paramètre inconnu (paramètres du chapitre : {known})")
    choices = _choix(classe, nom)
    if choices:
        strangers = [v for v in controle.valeurs if v not in choices]
        if strangers:
            raise _refus(classe, nom, f"choix {strangers[0]!r} inconnu (choix : {', '.join(map(str, choices))})")
        offered = list(controle.valeurs or choices)
        return offered if actuelle in offered else [*offered, actuelle]
    annotation = classe.model_fields[nom].annotation
    if annotation not in (int, float):
        raise _refus(classe, nom, "seuls un nombre ou un choix se règlent dans la page")
    low, high = classe._bounds(nom)
    if low is None or high is None:
        raise _refus(classe, nom, "paramètre sans bornes dans le modèle")
    whole = annotation is int
    if controle.pas is not None:
        if controle.valeurs:
            raise _refus(classe, nom, "un pas ou des valeurs, pas les deux")
        if not (isinstance(controle.pas, (int, float)) and controle.pas > 0) or (whole and controle.pas % 1):
            raise _refus(classe, nom, f"pas {controle.pas!r} refusé (nombre positif{', entier' if whole else ''})")
        first = math.ceil((low - actuelle) / controle.pas - 1e-9)
        last = math.floor((high - actuelle) / controle.pas + 1e-9)
        found = {actuelle + k * controle.pas for k in range(first, last + 1)} | {low, high}
    elif controle.valeurs:
        found = set(controle.valeurs) | {actuelle}
    else:
        raise _refus(classe, nom, "ni pas ni valeurs")
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) or (whole and v % 1) for v in found):
        raise _refus(classe, nom, "valeurs entières attendues" if whole else "valeurs numériques attendues")
    cleaned = sorted({int(round(v)) if whole else round(float(v), 10) for v in found})
    for value in cleaned:
        if not low <= value <= high:
            raise _refus(classe, nom, f"valeur {value!r} hors de la plage du modèle {classe.plage(nom)}")
    return cleaned


def grille(vue: Vue, P: Parametres) -> tuple[list[list], list[dict]]:
    """The values of each control, and every point of the grid (row-major: the first control
    varies slowest), each point the complete parameter values; refused above MAX_POINTS."""
    classe = vue.parametres
    if not isinstance(P, classe):
        raise TypeError(f"paramètres de {classe.chapitre} attendus, reçu {type(P).__name__}")
    names = [c.nom for c in vue.controles]
    doubles = sorted({n for n in names if names.count(n) > 1})
    if doubles:
        raise _refus(classe, doubles[0], "contrôle en double")
    if not vue.controles:
        raise ParameterError(f"{classe.chapitre} : aucun contrôle vivant")
    axes = [valeurs(classe, c, getattr(P, c.nom)) for c in vue.controles]
    size = math.prod(len(a) for a in axes)
    if size > MAX_POINTS:
        detail = " × ".join(f"{len(a)} ({c.nom})" for a, c in zip(axes, vue.controles))
        raise ParameterError(f"{classe.chapitre} : grille de {size} points ({detail}), plus que {MAX_POINTS}")
    base = P.valeurs()
    points = [{**base, **dict(zip(names, combo))} for combo in itertools.product(*axes)]
    return axes, points


@contextlib.contextmanager
def tables_lues_une_fois():
    """Within the block, `territoires.data.load` reads each processed table once, and
    `data.facts` filters it once per query: `compute` reads the same tables at every point of a
    grid, directly or through the helpers it calls (`resultats.depuis_fait`…). Tables are
    handed out as copies (a model may modify what it gets); the original functions are back
    after the block, even on error."""
    if getattr(data.load, "memo", False):  # already inside such a block
        yield
        return
    originals = {"load": data.load, "facts": data.facts}
    read: dict = {}

    def memo(name: str):
        function = originals[name]

        def wrapper(*args, **kwargs):
            key = (name, args, tuple(sorted(kwargs.items())))
            if key not in read:
                read[key] = function(*args, **kwargs)
            return read[key].copy()

        wrapper.memo = True
        return wrapper

    try:
        for name in originals:
            setattr(data, name, memo(name))
        yield
    finally:
        for name, function in originals.items():
            setattr(data, name, function)


# --- formatting -------------------------------------------------------------------------------


def texte(value: str) -> str:
    """A string as the page shows it: Sphinx's smart quotes (French apostrophe ’, « » for
    straight double quotes, – and …), then the book's typography filter, as on every page."""
    if not isinstance(value, str):
        raise TypeError(f"chaîne mise en forme attendue, reçu {type(value).__name__}")
    return typographie.francais(smartyPants(value, "qDe", "fr"))


def montrer(value, unite: str, decimals: int) -> str:
    """A control's value in French: `20 %`, `8 ans`, `30 emplois`, `0,5 %/an`, `1 école`."""
    if unite == "%":
        return fmt.percent(value, decimals)
    if unite in ("années", "ans"):
        return phrases.annees(value)
    if not unite:
        return fmt.number(value, decimals)
    shown = unite if abs(float(fmt.rounded(value, decimals))) >= 2 else singulier(unite)
    return f"{fmt.number(value, decimals)}{fmt.NBSP}{shown}"


def _liste(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " ou " + labels[-1]


def _spec(classe: type[Parametres], controle: Controle, axis: list, P: Parametres, R: Resultats) -> dict:
    nom = controle.nom
    actuelle = getattr(P, nom)
    field_ = classe.model_fields[nom]
    unite = classe.unite(nom)
    if _choix(classe, nom):
        names = controle.libelles(P, R) if callable(controle.libelles) else controle.libelles
        labels = [texte(names.get(v, str(v))) for v in axis]
        kind, plage, aide = "liste", _liste(labels), "choix : " + _liste(labels)
    else:
        decimals = max(fmt.decimals_of(v, max_decimals=None) for v in [*axis, controle.pas or 0])
        labels = [texte(montrer(v, unite, decimals)) for v in axis]
        kind, plage = "curseur", f"{classe.plage(nom)}{fmt.NBSP}{unite}" if unite else classe.plage(nom)
        if len(labels) <= 12 or controle.pas is None:
            aide = "valeurs calculées : " + _liste(labels)
        else:
            step = montrer(controle.pas, unite, decimals)
            aide = f"valeurs calculées : de {labels[0]} à {labels[-1]}, par pas de {step}"
    return {
        "nom": nom,
        "libelle": texte(field_.title or nom),
        "unite": unite,
        "type": kind,
        "valeurs": axis,
        "etiquettes": labels,
        "defaut": axis.index(actuelle),
        "plage": texte(plage),
        "aide": texte(aide),
    }


def nombre(value) -> int | float:
    """A number of a chart (never shown as text): 4 significant digits, an integer if whole."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"nombre fini attendu dans un graphique, reçu {value!r}")
    short = float(f"{value:.4g}")
    return int(short) if short.is_integer() and abs(short) < 1e15 else short


# --- the payload ------------------------------------------------------------------------------


class _Table:
    """Distinct values, each stored once, referred to by their index."""

    def __init__(self):
        self.items: list = []
        self._index: dict[str, int] = {}

    def add(self, value) -> int:
        key = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if key not in self._index:
            self._index[key] = len(self.items)
            self.items.append(value)
        return self._index[key]


def _point(vue: Vue, P: Parametres, R: Resultats) -> tuple[dict[str, str], dict[str, str], dict[str, dict]]:
    """What one point shows: glued texts, chart texts, chart parts."""
    glued = {key: texte(function(P, R)) for key, function in vue.textes.items()}
    if vue.graphique is None:
        return glued, {}, {}
    chart = dict(vue.graphique(P, R))
    words = {name: texte(value) for name, value in chart.pop("textes", {}).items()}
    return glued, words, {name: _typographie(part) for name, part in chart.items()}


def _typographie(value):
    """A chart part with every string through the page's typography (numbers untouched)."""
    if isinstance(value, str):
        return texte(value)
    if isinstance(value, dict):
        return {k: _typographie(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_typographie(v) for v in value]
    return value


def donnees_de_la_vue(vue: Vue, P: Parametres) -> dict:
    """The payload of a chapter's live view, the page's parameters `P` being the default point."""
    classe = vue.parametres
    bad = [key for key in vue.textes if not _CLE.match(key)]
    if bad:
        raise ValueError(f"{classe.chapitre} : clé de glue {bad[0]!r} invalide")
    unknown = [key for _, key in vue.annonce if key not in vue.textes]
    if unknown:
        raise ValueError(f"{classe.chapitre} : annonce de « {unknown[0]} », texte non suivi")
    axes, points = grille(vue, P)
    strings, parts = _Table(), _Table()
    keys, words_names, part_names, rows = list(vue.textes), None, None, []
    with tables_lues_une_fois():
        for values in points:
            p = classe.valider(values)
            glued, words, chart = _point(vue, p, vue.modele.compute(p))
            if words_names is None:
                words_names, part_names = list(words), list(chart)
            if list(words) != words_names or list(chart) != part_names:
                raise ValueError(f"{classe.chapitre} : le graphique n'a pas les mêmes éléments à chaque point")
            rows.append(
                [strings.add(glued[k]) for k in keys]
                + [strings.add(words[n]) for n in words_names]
                + [parts.add(chart[n]) for n in part_names]
            )
    R = vue.modele.compute(P)  # the page's own point, for the controls' labels
    controls = [_spec(classe, c, axis, P, R) for c, axis in zip(vue.controles, axes)]
    return {
        "format": FORMAT,
        "chapitre": classe.chapitre,
        "controles": controls,
        "cles": keys,
        "origine": "scénario" if P.modifies() else "livre",  # the page's own view: the book's or a scenario's
        "figure": vue.figure,
        "graphique": {"textes": words_names, "morceaux": part_names} if vue.graphique else None,
        "annonce": [[texte(label), keys.index(key)] for label, key in vue.annonce],
        "textes": strings.items,
        "morceaux": parts.items,
        "points": rows,
    }


def point(payload: dict, valeurs_: Mapping[str, Any]) -> dict[str, str]:
    """The glued texts the page shows at these control values (what vivant.js looks up)."""
    index = 0
    for control in payload["controles"]:
        index = index * len(control["valeurs"]) + control["valeurs"].index(valeurs_[control["nom"]])
    row = payload["points"][index]
    return {key: payload["textes"][row[i]] for i, key in enumerate(payload["cles"])}


def json_sur(payload: dict) -> str:
    """JSON safe inside a `<script>` element: no `<`, `>` or `&` (escaped as \\u003c…)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def html(payload: dict) -> str:
    """The block the page holds: hidden (nothing shows without JavaScript), the data inside."""
    stem = payload["chapitre"]
    if not _CLE.match(stem):
        raise ValueError(f"nom de chapitre {stem!r} invalide")
    return (
        f'<div class="vivant-bloc" id="vivant-{stem}" data-chapitre="{stem}" hidden>'
        f'<script type="application/json" class="vivant-donnees">{json_sur(payload)}</script></div>'
    )


def afficher(vue: Vue, P: Parametres) -> None:
    """In the chapter's notebook (a `remove-input` cell): the live block, as HTML output."""
    from IPython.display import HTML, display

    display(HTML(html(donnees_de_la_vue(vue, P))))
