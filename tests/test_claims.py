"""Claims: every number in an « À retenir » box or in the synthesis comes from a results
record, and the synthesis's headline sentences use records of the geography and period they
name (a sentence about Béthune-Bruay must not quote an arrondissement's figure)."""

import ast
import json
import re
from pathlib import Path

import pytest

from territoires import chapitres, fmt, paths, resultats
from territoires.chapitres.base import montrer

RECORD = "application/papermill.record/text/plain"
GLUE = re.compile(r"\{glue:text\}`([a-z0-9_]+)`")


def glued(notebook: Path) -> dict[str, str]:
    values = {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            text = output.get("data", {}).get(RECORD)
            if name and text is not None and "".join(text)[:1] in "'\"":  # a glued str (tables are objects)
                values[name] = ast.literal_eval("".join(text))
    return values


def box(notebook: Path) -> str:
    """The « À retenir » box of a chapter."""
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        found = re.search(r":::\{admonition\} À retenir(.*?)\n:::", source, re.S)
        if cell["cell_type"] == "markdown" and found:
            return found[1]
    return ""


NUMBER = re.compile(r"(?<![\w])[−-]?\d+(?:[\u202f\u00a0 ]\d{3})*(?:,\d+)?")


def allowed_numbers() -> set[str]:
    """Every number a headline may show: a record's value as the book writes it, a year or a
    date it describes, or a chapter's parameter value."""
    texts = []
    for stem in chapitres.CHAPITRES:
        found = resultats.lire(stem)
        for record in found.records:
            texts += [record.texte(), record.texte(unit=False), record.label]
            if record.ref_date:
                texts += [record.ref_date[:4], fmt.iso_date(record.ref_date)]
        for value in found.parametres.values():
            texts.append(montrer(value))
            if isinstance(value, float):
                texts += [fmt.number(value, decimals) for decimals in (0, 1, 2)]
    return {n for text in texts for n in NUMBER.findall(text)}


# The scenario page counts scenario files and parameters, not results: it is not a chapter.
BOOK = [p for p in sorted(paths.NOTEBOOKS.glob("0[1-5]_*.ipynb")) if box(p)]
BOOK += [paths.NOTEBOOKS / "07_chiffres_cles.ipynb", paths.NOTEBOOKS / "essentiel.ipynb"]  # their whole text


@pytest.mark.parametrize("notebook", BOOK, ids=lambda p: p.stem)
def test_every_number_of_a_headline_box_is_a_record(notebook):
    values, known = glued(notebook), allowed_numbers()
    source = box(notebook) or "".join(
        "".join(c["source"])
        for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        if c["cell_type"] == "markdown"
    )
    for name in GLUE.findall(source):
        for number in NUMBER.findall(values[name]):
            assert number in known, f"{notebook.stem} : {name} = « {values[name]} » : {number} sans enregistrement"


FA, GROUPEMENT = "flandre_audomarois", "groupement d'EPCI"
# Sentence of the synthesis → the record it quotes, and what the sentence says of it.
CLAIMS = {
    "syn_population_cab": ("population", "population_cabbalr", "cabbalr", "EPCI"),
    "syn_population_fa": (
        "population",
        "population_flandre_audomarois",
        "flandre_audomarois",
        "groupement d'EPCI",
    ),
    "syn_surface_cab": ("01_attractivite", "surface_cabbalr", "cabbalr", "EPCI"),
    "syn_surface_fa": ("01_attractivite", "surface_flandre_audomarois", FA, GROUPEMENT),
    "syn_theme_commerces_pour_1000": ("04_proximite", "commerces_pour_1000", "cabbalr", None),
    "syn_theme_part_petites_communes": ("04_proximite", "part_petites_communes", "cabbalr", None),
    "syn_theme_emplois_recrees": ("02_transition", "emplois_recrees", "site_bridgestone", "site"),
    "syn_theme_arc_baisse": ("02_transition", "arc_baisse", "arques", None),
}


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_a_synthesis_sentence_quotes_a_record_of_the_geography_it_names(name):
    chapter, key, territory, perimeter = CLAIMS[name]
    record = resultats.lire(chapter)[key]
    assert record.territory_id == territory, f"{name} : {record.territory_id} au lieu de {territory}"
    if perimeter:
        assert record.perimeter == perimeter, f"{name} : {record.perimeter} au lieu de {perimeter}"
    shown = glued(paths.NOTEBOOKS / "05_synthese.ipynb")[name]
    assert shown in (record.texte(), record.texte(unit=False)), f"{name} : « {shown} » ≠ {key}"


def test_the_arc_period_is_the_one_of_the_records():
    values = glued(paths.NOTEBOOKS / "05_synthese.ipynb")
    arc = resultats.lire("02_transition")
    assert values["syn_arc_debut"] == arc["arc_debut"].ref_date[:4]
    assert values["syn_arc_fin"] == arc["arc_fin"].ref_date[:4]
