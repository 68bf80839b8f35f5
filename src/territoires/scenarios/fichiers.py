"""Scenario files: read, validate against the chapters' parameter models, describe.

A scenario is a YAML file in `scenarios/`::

    title: Prudent
    rationale: Une ligne qui dit pourquoi ces valeurs.
    02_transition:            # a chapter: the stem of a notebook that has a model
      taux_reussite: 10.0     # any subset of that chapter's parameters

The chapter models (`territoires.chapitres`) are the only specification: names, types,
ranges. Every problem of a file (unknown key, chapter or parameter, wrong type, value out of
range) is reported at once, naming the file, the chapter and the parameter, before anything
runs. `schema_document()` is the JSON Schema of such a file, generated from the same models.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import chapitres, paths
from ..chapitres.base import ParameterError, Parametres

SCENARIOS = paths.ROOT / "scenarios"
SCHEMA = SCENARIOS / "scenario.schema.json"
RESERVED = ("title", "rationale")
STEM = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_RESERVED_MEANING = {"title": "titre du scénario", "rationale": "justification en une ligne"}


class ScenarioError(ValueError):
    """A scenario file is invalid or a scenario run failed; the message says where."""


def chapters() -> dict[str, type[Parametres]]:
    """Stem → parameter model, for every chapter that has a model."""
    return {stem: chapitres.parametres(stem) for stem in chapitres.CHAPITRES}


@dataclass(frozen=True)
class Change:
    chapter: str
    name: str
    value: object
    model: type[Parametres]

    @property
    def baseline(self) -> object:
        return self.model.model_fields[self.name].default

    @property
    def unit(self) -> str:
        return self.model.unite(self.name)

    @property
    def label(self) -> str:
        return self.model.model_fields[self.name].title

    @property
    def meaning(self) -> str:
        return self.model.model_fields[self.name].description


@dataclass(frozen=True)
class Scenario:
    path: Path
    title: str
    rationale: str
    values: dict[str, dict[str, object]] = field(default_factory=dict)  # chapter → name → value

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def chapters(self) -> list[str]:
        return sorted(self.values)

    def parametres(self, chapter: str, spec: dict | None = None) -> Parametres:
        """The chapter's full parameter model under this scenario (others at their default)."""
        spec = chapters() if spec is None else spec
        return spec[chapter].valider(self.values.get(chapter, {}), f"{paths.relative(self.path)} : chapitre {chapter}")

    def changes(self, spec: dict | None = None) -> list[Change]:
        spec = chapters() if spec is None else spec
        return [
            Change(chapter, name, value, spec[chapter])
            for chapter in self.chapters
            for name, value in self.values[chapter].items()
        ]


def committed() -> list[Path]:
    """The scenario files of the repository, in name order."""
    return sorted(SCENARIOS.glob("*.yml"))


def _read(path: Path, name: str) -> dict:
    if not path.is_file():
        raise ScenarioError(f"{name} : fichier de scénario introuvable")
    if path.suffix not in (".yml", ".yaml") or not STEM.match(path.stem):
        raise ScenarioError(
            f"{name} : nom attendu en minuscules, chiffres, - ou _, extension .yml "
            f"(il nomme le dossier scenario_runs/<nom>/)"
        )
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" ligne {mark.line + 1}" if mark else ""
        raise ScenarioError(f"{name} :{where} YAML illisible ({getattr(error, 'problem', error)})") from None
    if not isinstance(document, dict):
        raise ScenarioError(
            f"{name} : le scénario doit être une table « clé: valeur » (title, rationale, "
            f"puis un bloc par chapitre), reçu {type(document).__name__}"
        )
    return document


def _texts(document: dict, name: str, errors: list[str]) -> dict[str, str]:
    texts = {}
    for key in RESERVED:
        value = document.get(key)
        if key not in document:
            errors.append(f"{name} : clé « {key} » manquante ({_RESERVED_MEANING[key]})")
        elif not isinstance(value, str) or not value.strip():
            errors.append(f"{name} : « {key} » doit être un texte non vide, reçu {value!r}")
        elif "\n" in value.strip():
            errors.append(f"{name} : « {key} » doit tenir sur une ligne")
        else:
            texts[key] = " ".join(value.split())
    return texts


def _block(chapter: str, block, model: type[Parametres], where: str, errors: list[str]) -> dict | None:
    """The validated values a scenario sets for one chapter (only those it names)."""
    if not isinstance(block, dict) or not block:
        errors.append(f"{where} : table non vide « paramètre: valeur » attendue, reçu {block!r}")
        return None
    try:
        validated = model.valider(block, where)
    except ParameterError as error:
        errors.extend(str(error).splitlines())
        return None
    return {name: getattr(validated, name) for name in block}  # typed as the model declares


def load(path, spec: dict | None = None) -> Scenario:
    """Read and validate a scenario file; raise ScenarioError listing every problem."""
    path = Path(path)
    name = paths.relative(path)
    document = _read(path, name)
    spec = chapters() if spec is None else spec
    errors: list[str] = []
    texts = _texts(document, name, errors)
    values: dict[str, dict[str, object]] = {}
    for chapter, block in document.items():
        if chapter in RESERVED:
            continue
        if chapter not in spec:
            errors.append(_unknown_chapter(name, chapter, spec))
            continue
        checked = _block(chapter, block, spec[chapter], f"{name} : chapitre {chapter}", errors)
        if checked is not None:
            values[chapter] = checked
    if not errors and not values:
        errors.append(
            f"{name} : aucun paramètre modifié (ajouter un bloc par chapitre, par exemple "
            f"« {next(iter(spec), '02_transition')}: » suivi de « nom: valeur »)"
        )
    if errors:
        raise ScenarioError("\n".join(errors))
    return Scenario(path, texts["title"], texts["rationale"], values)


def _unknown_chapter(name: str, key, spec: dict) -> str:
    allowed = ", ".join([*RESERVED, *spec])
    if isinstance(key, str) and (paths.NOTEBOOKS / f"{key}.ipynb").exists():
        return f"{name} : chapitre {key} : ce chapitre n'a pas de paramètres (clés admises : {allowed})"
    return (
        f"{name} : clé inconnue « {key} » : ni title, ni rationale, ni un chapitre paramétrable "
        f"(clés admises : {allowed})"
    )


def load_all(files, spec: dict | None = None) -> list[Scenario]:
    """Validate every file before anything runs; report the problems of all files at once."""
    spec = chapters() if spec is None else spec
    loaded, errors = [], []
    for file in files:
        try:
            loaded.append(load(file, spec))
        except ScenarioError as error:
            errors.append(str(error))
    stems = [s.stem for s in loaded]
    errors += [f"deux scénarios nommés {stem}" for stem in sorted({s for s in stems if stems.count(s) > 1})]
    if errors:
        raise ScenarioError("\n".join(errors))
    return loaded


def schema_document(spec: dict | None = None) -> dict:
    """JSON Schema of a scenario file, from the chapters' parameter models (for editors and
    for other tools; the book itself validates with the models)."""
    spec = chapters() if spec is None else spec
    properties = {
        "title": {"type": "string", "minLength": 1, "description": _RESERVED_MEANING["title"]},
        "rationale": {"type": "string", "minLength": 1, "description": _RESERVED_MEANING["rationale"]},
    }
    for stem, model in spec.items():
        properties[stem] = {**model.schema_json(), "minProperties": 1}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Scénario du livre (fichier scenarios/<nom>.yml)",
        "type": "object",
        "required": list(RESERVED),
        "minProperties": 3,
        "additionalProperties": False,
        "properties": properties,
    }


def schema_bytes(spec: dict | None = None) -> bytes:
    return (json.dumps(schema_document(spec), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_schema(target: Path | None = None) -> bool:
    """Write scenarios/scenario.schema.json if its content changed; True if it did."""
    target = target or SCHEMA
    payload = schema_bytes()
    if target.is_file() and target.read_bytes() == payload:
        return False
    paths.write_atomic(target, payload)
    return True
