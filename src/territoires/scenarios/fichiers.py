"""Scenario files: read, validate against the chapters' parameter models, describe.

A scenario is a YAML file in `scenarios/`::

    title: Prudent
    rationale: Une ligne qui dit pourquoi ces valeurs.
    02_transition:            # a chapter: the stem of a notebook that has a model
      taux_reussite: 10.0     # any subset of that chapter's parameters

The chapter models (`territoires.chapitres`) are the only specification: names, types,
ranges. Every problem of a file (unknown key, chapter or parameter, wrong type, value out of
range) is reported at once, naming the file, the chapter and the parameter, before anything
runs. The YAML itself is read strictly (`lecture`: size, encoding, no duplicate key, no anchor
or alias, bounded nesting), and a message never quotes more than a few dozen characters of a
value. `schema_document()` is the JSON Schema of such a file, generated from the same models.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import chapitres, paths
from ..chapitres.base import ParameterError, Parametres
from . import lecture
from .lecture import short

SCENARIOS = paths.ROOT / "scenarios"
SCHEMA = SCENARIOS / "scenario.schema.json"
RESERVED = ("title", "rationale")
# The name is the run folder's (scenario_runs/<stem>/): one extension only, so that a.yml and
# a.yaml can never be two scenarios with one folder.
STEM = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
SUFFIX = ".yml"
_RESERVED_MEANING = {"title": "titre du scénario", "rationale": "justification en une ligne"}
MAX_LENGTH = {"title": 80, "rationale": 400}  # characters: the title heads the variant book's pages
MAX_PROBLEMS = 20  # a message lists at most this many problems, then counts the others
MAX_LINE = 300  # characters of one line of a message


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
    if path.suffix != SUFFIX or not STEM.match(path.stem):
        raise ScenarioError(
            f"{name} : nom attendu en minuscules, chiffres, - ou _ (64 au plus), extension {SUFFIX} "
            f"(il nomme le dossier scenario_runs/<nom>/)"
        )
    try:
        document = lecture.read(path)
    except lecture.YamlError as error:
        raise ScenarioError(f"{name} : {error}") from None
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
        flat = " ".join(value.split()) if isinstance(value, str) else ""
        if key not in document:
            errors.append(f"{name} : clé « {key} » manquante ({_RESERVED_MEANING[key]})")
        elif not flat:
            errors.append(f"{name} : « {key} » doit être un texte non vide, reçu {short(value)}")
        elif "\n" in value.strip():
            errors.append(f"{name} : « {key} » doit tenir sur une ligne")
        elif bad := lecture.forbidden_character(value, allowed="\t\n\r"):  # written as "\x00" in quotes
            errors.append(f"{name} : « {key} » : {bad[1]}")
        elif len(flat) > MAX_LENGTH[key]:
            errors.append(
                f"{name} : « {key} » trop long ({len(flat)} caractères, au plus {MAX_LENGTH[key]}) : "
                f"« {short(flat, 40)} »"
            )
        else:
            texts[key] = flat
    return texts


def _block(chapter: str, block, model: type[Parametres], where: str, errors: list[str]) -> dict | None:
    """The validated values a scenario sets for one chapter (only those it names)."""
    if not isinstance(block, dict) or not block:
        errors.append(f"{where} : table non vide « paramètre: valeur » attendue, reçu {short(block)}")
        return None
    try:
        validated = model.valider(block, where)
    except ParameterError as error:
        errors.extend(str(error).splitlines())
        return None
    return {name: getattr(validated, name) for name in block}  # typed as the model declares


def _cut(line: str) -> str:
    return line if len(line) <= MAX_LINE else line[: MAX_LINE - 1] + "…"


def _problems(errors: list[str]) -> str:
    """The message of a refused file: every problem up to MAX_PROBLEMS, then a count; each on
    one line of at most MAX_LINE characters (the models quote a refused value whole)."""
    shown = [_cut(line) for line in errors[:MAX_PROBLEMS]]
    if len(errors) > MAX_PROBLEMS:
        shown.append(f"… et {len(errors) - MAX_PROBLEMS} autres problèmes")
    return "\n".join(shown)


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
        raise ScenarioError(_problems(errors))
    return Scenario(path, texts["title"], texts["rationale"], values)


def _unknown_chapter(name: str, key, spec: dict) -> str:
    allowed = ", ".join([*RESERVED, *spec])
    if STEM.match(key) and (paths.NOTEBOOKS / f"{key}.ipynb").exists():
        return f"{name} : chapitre {key} : ce chapitre n'a pas de paramètres (clés admises : {allowed})"
    return (
        f"{name} : clé inconnue « {short(key)} » : ni title, ni rationale, ni un chapitre paramétrable "
        f"(clés admises : {allowed})"
    )


def load_all(files, spec: dict | None = None) -> list[Scenario]:
    """Validate every file before anything runs; report the problems of all files at once.
    A file given twice is read once; two files of one name (two folders) are refused: they
    would share one run folder."""
    spec = chapters() if spec is None else spec
    loaded, errors = [], []
    unique: dict[Path, Path] = {}
    for file in files:
        unique.setdefault(Path(file).resolve(), Path(file))
    for file in unique.values():
        try:
            loaded.append(load(file, spec))
        except ScenarioError as error:
            errors.append(str(error))
    by_stem: dict[str, list[str]] = {}
    for scenario in loaded:
        by_stem.setdefault(scenario.stem, []).append(paths.relative(scenario.path))
    errors += [_same_stem(stem, files) for stem, files in sorted(by_stem.items()) if len(files) > 1]
    if errors:
        raise ScenarioError("\n".join(errors))
    return loaded


def _same_stem(stem: str, files: list[str]) -> str:
    names = sorted(set(files))
    which = " et ".join(names) if len(names) > 1 else f"deux fichiers {names[0]} de deux dossiers"
    return f"{which} : même nom {stem}, donc même dossier scenario_runs/{stem}/ : renommer l'un d'eux"


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
