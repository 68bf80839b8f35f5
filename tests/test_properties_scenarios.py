"""Property-based tests (Hypothesis) of the scenario files and of the text writers.

- A valid scenario file, mutated at random (bytes, lines, YAML syntax), either loads (its values
  validated by the chapter's model) or is refused with a ScenarioError naming the file (and the
  parameter when a parameter is at fault), in a few short lines; never another exception.
- Random text in every user or data text field comes out as text: parsed back by MyST's
  Markdown parser (the book's extensions), a title, a rationale, a label or a table cell is one
  text run equal to what was written, with no HTML, link, role, math or directive; parsed back
  by pybtex, a bibliography entry has exactly the fields written, each with its value.
"""

import atexit
import importlib.util
import shutil
import sys
import tempfile
import urllib.parse
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, configuration, given, settings
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from pybtex.backends.plaintext import Backend
from pybtex.database.input.bibtex import Parser
from pybtex.richtext import Text
from pybtex.style.names.plain import NameStyle

from territoires import bibtex, ecriture, publish
from territoires.scenarios import ScenarioError, bandeau, fichiers, variante

# Hypothesis writes what it reads of the source under .hypothesis/ of the working directory:
# elsewhere. Same examples on every run (derandomize), no example database.
HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="hypothesis-")
configuration.set_hypothesis_home_dir(HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, HYPOTHESIS_HOME, ignore_errors=True)
COMMON = dict(deadline=None, derandomize=True, database=None)
FIXTURE = "91_fixture"
_module = importlib.util.spec_from_file_location(
    "modele_fixture_proprietes", Path(__file__).parent / "fixtures" / "modele_fixture.py"
)
modele_fixture = importlib.util.module_from_spec(_module)
sys.modules[_module.name] = modele_fixture  # pydantic resolves the model's annotations there
_module.loader.exec_module(modele_fixture)
SPEC = {FIXTURE: modele_fixture.Parametres}
VALID = "title: Haut\nrationale: Une promotion plus grande.\n91_fixture:\n  taux: 45\n  cohorte: 20\n  mode: haut\n"
MYST = create_md_parser(
    MdParserConfig(
        enable_extensions={"colon_fence", "deflist", "dollarmath", "html_image", "substitution", "attrs_inline"}
    ),
    RendererHTML,
)
FAST = settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture], **COMMON)
# What a MyST text run may be made of once parsed: text, and the markup the writers add themselves.
WRITERS_MARKUP = {"text", "strong_open", "strong_close", "myst_role"}


def inline_children(markdown: str) -> list:
    return [child for token in MYST.parse(markdown) if token.type == "inline" for child in token.children]


def as_text(markdown: str) -> str:
    """The text of one line of MyST, asserting that nothing but text came out of it."""
    children = inline_children(markdown)
    assert [c.type for c in children if c.type != "text"] == [], markdown
    return "".join(c.content for c in children)


# --- mutated scenario files ------------------------------------------------------------------

SNIPPETS = ["&a ", "*a", "!!python/object ", "? ", "- ", ": ", "{", "[", "'", '"', "\t", "---\n", "<<: ", "%YAML 1.1\n"]
SNIPPETS += ["\\0", "\ufeff", "\u202e", "\x00", "\x85", "taux: 1\n", "91_fixture:\n", "  ", "\n", "#", "1e999", "yes"]


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(VALID.encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "byte", "snippet", "line"]))
        if kind == "insert":
            data[at:at] = draw(st.text(max_size=8)).encode("utf-8")
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 12))]
        elif kind == "byte" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "snippet":
            data[at:at] = draw(st.sampled_from(SNIPPETS)).encode("utf-8")
        else:  # a line written twice
            lines = bytes(data).splitlines(keepends=True) or [b""]
            line = draw(st.sampled_from(lines))
            data[at:at] = line if line.endswith(b"\n") else line + b"\n"
    return bytes(data)


@FAST
@given(content=mutated())
def test_a_mutated_scenario_loads_or_is_refused_by_name(tmp_path, content):
    path = tmp_path / "x.yml"
    path.write_bytes(content)
    try:
        scenario = fichiers.load(path, SPEC)
    except ScenarioError as error:
        lines = str(error).splitlines()
        assert lines and lines[0].startswith("x.yml : ")
        assert all(line.startswith(("x.yml : ", "… et ")) for line in lines)
        assert len(lines) <= fichiers.MAX_PROBLEMS + 1 and max(map(len, lines)) <= fichiers.MAX_LINE
        for line in lines:
            if line.startswith(f"x.yml : chapitre {FIXTURE} : paramètre"):
                assert "paramètre « " in line  # names the parameter
        return
    for text in (scenario.title, scenario.rationale):
        assert text and text == ecriture.one_line(text)
    assert set(scenario.values) == {FIXTURE}
    assert SPEC[FIXTURE].valider(scenario.values[FIXTURE])  # what a run would pass to papermill


# --- random texts in a scenario --------------------------------------------------------------


@FAST
@given(title=st.text(max_size=90), rationale=st.text(max_size=120))
def test_any_title_and_rationale_are_text_in_the_banner_and_the_site_title(tmp_path, title, rationale):
    path = tmp_path / "x.yml"
    document = {"title": title, "rationale": rationale, FIXTURE: {"taux": 45.0}}
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        scenario = fichiers.load(path, SPEC)
    except ScenarioError as error:  # empty, several lines, too long, a control character
        assert all(line.startswith("x.yml : ") for line in str(error).splitlines()), str(error)
        return
    assert scenario.title == ecriture.one_line(title) and scenario.rationale == ecriture.one_line(rationale)
    tokens = MYST.parse(bandeau.banner(scenario, FIXTURE, SPEC))
    (fence,) = [t for t in tokens if t.type == "colon_fence"]  # the banner, and no other directive
    directive, argument = fence.info.split(" ", 1)
    assert directive == "{admonition}"
    assert as_text(argument) == f"Scénario « {scenario.title} »"
    body = [c for t in MYST.parse(fence.content) if t.type == "inline" for c in t.children]
    assert {c.type for c in body} <= WRITERS_MARKUP
    assert [c.meta.get("name") for c in body if c.type == "myst_role"] == ["ref"]  # the banner's own
    assert scenario.rationale in "".join(c.content for c in body if c.type == "text")
    assert not set("<>&\"'") & set(variante.variant_title("Livre", scenario.title))


# --- random texts through the MyST writers -------------------------------------------------------


@settings(max_examples=200, **COMMON)
@given(text=st.text())
def test_escaped_text_reads_back_as_the_same_text(text):
    assert as_text(publish.escape(text)) == ecriture.one_line(text)


@settings(max_examples=80, **COMMON)
@given(
    cells=st.lists(st.lists(st.text(max_size=20), min_size=2, max_size=2), min_size=1, max_size=4),
    header=st.lists(st.text(max_size=12), min_size=2, max_size=2),
)
def test_table_cells_read_back_as_the_same_text(cells, header):
    frame = pd.DataFrame(cells, columns=header)
    tokens = MYST.parse(publish.markdown_table(frame))
    assert [t.type for t in tokens if t.type in ("table_open", "table_close")] == ["table_open", "table_close"]
    read = [t for t in tokens if t.type == "inline"]
    assert len(read) == 2 * (len(cells) + 1)  # one inline run per cell: none merged, none split
    for token, written in zip(read, [*header, *[c for row in cells for c in row]]):
        assert [c.type for c in token.children or []] in ([], ["text"])
        assert token.content.replace("\\", "") == "" or as_text(token.content) == ecriture.one_line(written)


# --- random texts through the BibTeX writer ------------------------------------------------------

BRACES = str.maketrans("{}", "\uff5b\uff5d")  # the one substitution: pybtex cannot show a brace
TEXT = Backend()  # (render_as("text") looks the backend up among installed plugins each time: slow)


@st.composite
def sources(draw) -> dict:
    return {
        "source_id": "s_1",
        "kind": draw(st.sampled_from(["press", "institutional", "assumption"])),
        "title": draw(st.text(max_size=40)),
        "publisher": draw(st.text(max_size=20)),
        "url": draw(st.sampled_from(["", "https://", "http://"])) + draw(st.text(max_size=30)),
        "pub_date": draw(st.sampled_from(["2021-02-12", "2021-02", "2021", "unknown"])),
        "pub_date_basis": draw(st.sampled_from(["printed", "inferred"])),
    }


@settings(max_examples=200, **COMMON)
@given(row=sources())
def test_a_bibliography_entry_reads_back_field_by_field(row):
    if row["url"] and not row["url"].lower().startswith(("http://", "https://")):
        with pytest.raises(ValueError, match="champ url : adresse http"):
            bibtex.entry(row)
        row["url"] = ""
    if row["url"] == "":
        row["url"] = float("nan")  # as pandas reads an empty cell
    entries = Parser().parse_string(bibtex.entry(row)).entries
    assert list(entries) == ["s_1"]
    entry = entries["s_1"]
    expected = {"title", "author", "howpublished", "year", "keywords"}
    expected |= {"url"} if isinstance(row["url"], str) else set()
    expected |= {"note"} if bibtex.publication_note(row["pub_date"], row["pub_date_basis"]) else set()
    assert set(entry.fields) | set(entry.persons) == expected
    assert Text.from_latex(entry.fields["title"]).render(TEXT) == ecriture.one_line(row["title"]).translate(BRACES)
    (author,) = entry.persons["author"]
    assert NameStyle().format(author).format().render(TEXT) == ecriture.one_line(row["publisher"]).translate(BRACES)
    if isinstance(row["url"], str):
        written = entry.fields["url"]
        assert written == bibtex.url(row["url"])  # taken raw, as the link's address
        assert not set('{}\\ "<>') & set(written) and written.isprintable()
        assert urllib.parse.unquote(written) == urllib.parse.unquote(row["url"])
