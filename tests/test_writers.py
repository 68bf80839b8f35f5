"""The writers of the generated text formats (territoires.ecriture's table): what comes from the
data or from a user comes out as text, never as markup, in CSV, HTML, MyST and BibTeX.

Random strings are in tests/test_properties_scenarios.py; here, the hostile cases by name, and
(full tier) a small book built by Jupyter Book that shows the HTML."""

import csv
import io
from pathlib import Path

import pandas as pd
import petit_livre
import pytest
from docutils.core import publish_doctree, publish_from_doctree
from pybtex.backends.html import Backend as HtmlBackend
from pybtex.backends.plaintext import Backend as PlainBackend
from pybtex.database.input.bibtex import Parser
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style

from territoires import bibtex, ecriture, paths, publish, sphinx_citation
from territoires.scenarios import Scenario, variante

SCRIPT = "<script>alert(1)</script>"
ENTRY_FIELDS = {"title", "author", "howpublished", "year", "url", "note", "keywords"}


def source(**changes) -> dict:
    row = {
        "source_id": "presse_x",
        "kind": "press",
        "title": "Bridgestone : le PSE signé, l'usine de Béthune ferme (Hauts-de-France)",
        "publisher": "La Voix du Nord",
        "url": "https://www.example.fr/article",
        "pub_date": "2021-02-12",
        "pub_date_basis": "printed",
    }
    return {**row, **changes}


def parsed(*rows):
    """The entries as sphinxcontrib-bibtex reads them (pybtex's BibTeX parser)."""
    return Parser().parse_string(bibtex.render(pd.DataFrame(list(rows)))).entries


def rendered_html(*rows) -> list[str]:
    """Each entry as the book's bibliography style (plain) renders it in HTML."""
    entries = parsed(*rows)
    return [e.text.render(HtmlBackend()) for e in Style().format_entries(entries.values())]


# --- CSV ------------------------------------------------------------------------------------

HOSTILE_CELLS = ["a,b", 'dit "non"', "ligne\nsuivante", "retour\rchariot", " espace ", "", "=SOMME(A1)", "é ; «»"]


def test_csv_cells_round_trip_whatever_they_hold():
    frame = pd.DataFrame({"texte": HOSTILE_CELLS, "nombre": [0.1 + 0.2] * len(HOSTILE_CELLS)})
    text = ecriture.csv_bytes(frame).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["texte", "nombre"]
    assert [r[0] for r in rows[1:]] == HOSTILE_CELLS
    assert {r[1] for r in rows[1:]} == {"0.30000000000000004"}  # unrounded
    assert text.count("\n") == len(rows) + 1  # one per row, and the one inside a quoted cell


def test_a_lone_carriage_return_is_quoted():
    """The standard csv module leaves it bare with "\\n" endings: a reader then splits the row."""
    assert ecriture.csv_cell("a\rb") == '"a\rb"'


def test_a_row_of_one_empty_cell_is_not_a_blank_line():
    assert ecriture.csv_bytes(pd.DataFrame({"x": [""]})) == b'x\n""\n'


def test_the_csv_writer_writes_what_pandas_wrote_for_ordinary_tables():
    frame = pd.DataFrame({"a": ["x", "y,z"], "b": [1, 2], "c": [True, False], "d": [1.5, float("nan")]})
    assert ecriture.csv_bytes(frame) == frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


# --- HTML -------------------------------------------------------------------------------------


def test_html_text_escapes_markup():
    assert ecriture.html_text(SCRIPT + " \"a\" & 'b'") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot;a&quot; &amp; &#x27;b&#x27;"
    )


def test_html_neutral_text_has_no_character_html_reads():
    neutral = ecriture.html_neutral(SCRIPT + ' & "guillemets" l\'usine\x00\n')
    assert not set("<>&\"'\x00\n") & set(neutral)
    assert neutral == "‹script›alert(1)‹/script› ＆ ”guillemets” l’usine"


def test_the_chapter_citation_is_text_in_the_html(monkeypatch):
    """The citation extension builds docutils nodes from the chapter title: escaped on output."""
    from docutils.writers.html5_polyglot import HTMLTranslator

    # The folded block's visitors, as the extension's setup() registers them with Sphinx.
    monkeypatch.setattr(HTMLTranslator, "visit_citation_pliee", sphinx_citation.visit_citation_pliee, raising=False)
    monkeypatch.setattr(HTMLTranslator, "depart_citation_pliee", sphinx_citation.depart_citation_pliee, raising=False)
    doctree = publish_doctree(
        f"Chapitre {SCRIPT}\n{'=' * 40}\n\nTexte.\n", settings_overrides={"doctitle_xform": False}
    )

    class Config:
        html_baseurl, author, copyright, version = "", "Équipe <b>", "2026", "v1"

    class App:
        config = Config()
        env = type("Env", (), {"docname": "notebooks/01_x"})()

    sphinx_citation.on_doctree_read(App(), doctree)
    html = publish_from_doctree(doctree, writer_name="html5").decode("utf-8")
    assert "Citer ce chapitre" in html
    assert "<script>" not in html and "<b>" not in html
    assert "«\u202fChapitre &lt;script&gt;alert(1)&lt;/script&gt;\u202f»" in html  # French typography


def test_the_theme_gets_its_titles_escaped_once():
    """`{{ pagetitle }}` pastes as is, `{{ docstitle|e }}` escapes: a markup-safe string is
    right for both (escaped once, never twice)."""
    from jinja2 import Environment

    context = {
        "docstitle": "R&D <b>",
        "pagetitle": f"Chapitre {SCRIPT}",
        "root_title": "Accueil",
        "title": "<em>x</em>",
    }
    sphinx_citation.escape_titles(None, "p", "page.html", context, None)
    template = Environment().from_string("{{ pagetitle }}|{{ docstitle|e }}|{{ root_title }}|{{ title }}")
    assert (
        template.render(context)
        == "Chapitre &lt;script&gt;alert(1)&lt;/script&gt;|R&amp;D &lt;b&gt;|Accueil|<em>x</em>"
    )


# --- MyST -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [SCRIPT, "*gras* _it_ `code`", "{ref}`intro` {{ subst }}", "$x$ $$y$$", ":::{note}", "| a | b |", "# titre"],
)
def test_myst_escape_leaves_no_markup_character_bare(text):
    escaped = publish.escape(text)
    for ch in "<>*_`{}$:|#":
        assert escaped.count(ch) == escaped.count("\\" + ch), f"{ch!r} nu dans {escaped!r}"


def test_myst_escape_drops_line_breaks_and_control_characters():
    assert publish.escape("a\nb\r\n\tc\x00d\x1b") == "a b cd"


def test_a_citation_role_takes_only_source_identifiers():
    assert publish.cite(["a_1", "b"]) == "{cite:p}`a_1,b`"
    with pytest.raises(ValueError, match="identifiant de source snake_case attendu"):
        publish.cite(["a`} <b>"])


# --- BibTeX -------------------------------------------------------------------------------------


def test_titles_keep_their_capitals():
    (html,) = rendered_html(source())
    assert "le PSE signé, l'usine de Béthune ferme (Hauts-de-France)" in html


@pytest.mark.parametrize(
    "url",
    [
        "http://deredactie.be/cm/Soci%25C3%25A9t%25C3%25A9/1.2963461",
        "https://fr.wikipedia.org/wiki/Communaut%C3%A9_de_communes#Histoire",
        "http://movatter.jp/mt/?dark=on&url=https%3A%2F%2Ffr.wikipedia.org",
    ],
)
def test_an_address_with_percent_escapes_is_the_link_as_written(url):
    (html,) = rendered_html(source(url=url))
    assert f'href="{url}"' in html  # (pybtex's own HTML backend; Sphinx escapes the & too)
    assert "\\" not in parsed(source(url=url))["presse_x"].fields["url"]


INJECTIONS = {
    "url closing its field": source(url="https://a.fr/x},\n  note = {injecté"),
    "url with braces and backslash": source(url="https://a.fr/{x}\\y z"),
    "title closing its field": source(title="Titre}, note = {injecté"),
    "title opening an entry": source(title="Titre}} @misc{autre, title = {x"),
    "publisher splitting the author": source(publisher="Le Monde and Le Figaro}, note={x"),
}


@pytest.mark.parametrize("case", sorted(INJECTIONS))
def test_a_value_cannot_add_a_field_or_an_entry(case):
    row = INJECTIONS[case]
    entries = parsed(row)
    assert list(entries) == ["presse_x"]
    entry = entries["presse_x"]
    assert set(entry.fields) | set(entry.persons) == ENTRY_FIELDS
    assert len(entry.persons["author"]) == 1
    braces = str.maketrans("{}", "\uff5b\uff5d")
    assert Text.from_latex(entry.fields["title"]).render(PlainBackend()) == " ".join(row["title"].split()).translate(
        braces
    )
    assert entry.fields["note"] == "Publié le 12 février 2021"


def test_an_injected_url_stays_one_link_with_its_characters_percent_encoded():
    entry = parsed(INJECTIONS["url closing its field"])["presse_x"]
    assert entry.fields["url"] == "https://a.fr/x%7D,%0A%20%20note%20=%20%7Binjecté"


@pytest.mark.parametrize(
    ("pub_date", "basis", "year", "note"),
    [
        ("2021-05-01", "printed", "2021", "Publié le 1er mai 2021"),
        ("2022-05", "url", "2022", "Publié en mai 2022"),
        ("2021-10", "inferred", "2021", "Publié en octobre 2021 (date déduite)"),
        ("2019", "inferred", "2019", "Année de publication déduite"),
        ("2019", "printed", "2019", None),
        ("unknown", "unknown", "s. d.", None),
    ],
)
def test_publication_dates_in_french(pub_date, basis, year, note):
    entry = parsed(source(pub_date=pub_date, pub_date_basis=basis))["presse_x"]
    assert entry.fields["year"] == year
    assert entry.fields.get("note") == note


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"url": "javascript:alert(1)"}, "source 'presse_x', champ url : adresse http(s):// attendue"),
        ({"url": "ftp://a.fr/x"}, "champ url : adresse http(s):// attendue"),
        ({"source_id": "Mauvais id}"}, "champ source_id : identifiant snake_case attendu"),
    ],
)
def test_a_value_the_bibliography_cannot_hold_is_refused_by_name(changes, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        bibtex.render(pd.DataFrame([source(**changes)]))
    assert "data/raw/sources.csv" in str(info.value)


def test_the_committed_bibliography_has_raw_urls_and_braced_titles():
    entries = Parser().parse_string((paths.BOOK / "references.bib").read_text(encoding="utf-8")).entries
    assert entries
    for key, entry in entries.items():
        assert "\\" not in entry.fields.get("url", ""), f"{key} : url échappée comme du texte"
        assert entry.fields["title"].startswith("{") and entry.fields["title"].endswith("}"), key
        assert set(entry.fields) | set(entry.persons) <= ENTRY_FIELDS, key
        assert "-" not in entry.fields.get("note", "Publié"), f"{key} : date ISO dans la note"


# --- the HTML of a small book (full tier) --------------------------------------------------------


@pytest.fixture(scope="module")
def small_book(tmp_path_factory) -> Path:
    """A book built by Jupyter Book with the variant book's configuration (a scenario titled
    with a script), a bibliography of hostile sources and a chapter page (citation block)."""
    folder = tmp_path_factory.mktemp("petit_livre")
    scenario = Scenario(folder / "x.yml", f"Prudent {SCRIPT} & \"x\" 'y'", "R.", {})
    rows = [{**row, "source_id": f"s{i}"} for i, row in enumerate(INJECTIONS.values())]
    rows.append(source(source_id="titre_script", title=SCRIPT, publisher=SCRIPT, url="https://a.fr/Soci%C3%A9t%C3%A9"))
    pages = {
        "index": "# Accueil\n\nTexte.\n",
        "notebooks/chapitre": f"# Chapitre {publish.escape(SCRIPT)}\n\nTexte {{cite:p}}`titre_script`.\n",
        "biblio": "# Bibliographie\n\n```{bibliography}\n:all:\n```\n",
    }
    config = variante.variant_config(scenario)
    return petit_livre.build(folder, config, pages, bibtex.render(pd.DataFrame(rows)))


@pytest.mark.full
def test_no_user_or_data_text_reaches_the_html_as_markup(small_book):
    pages = {p.name: p.read_text(encoding="utf-8") for p in small_book.glob("*.html")}
    pages |= {p.name: p.read_text(encoding="utf-8") for p in (small_book / "notebooks").glob("*.html")}
    assert {"index.html", "biblio.html", "chapitre.html", "search.html"} <= set(pages)
    for name, html in pages.items():
        assert "<script>alert" not in html, f"{name} : le script du titre du scénario est dans le HTML"
    assert "scénario « Prudent ‹script›alert(1)‹/script› ＆ ”x” ’y’ »" in pages["index.html"]  # navbar


@pytest.mark.full
def test_the_rendered_bibliography_has_working_links_and_one_link_per_entry(small_book):
    html = (small_book / "biblio.html").read_text(encoding="utf-8")
    assert 'href="https://a.fr/Soci%C3%A9t%C3%A9"' in html
    assert 'href="https://a.fr/x%7D,%0A%20%20note%20=%20%7Binjecté"' in html
    assert "\\%" not in html
    assert html.count('class="citation"') == html.count("Publié le 12 février 2021") == len(INJECTIONS) + 1


def test_the_bibliography_is_grouped_by_source_grade():
    """Each entry carries the grade of its source's kind; the sources page has one list per grade."""
    import re

    from territoires import data, sources

    kinds = dict(data.load("sources_enriched")[["source_id", "kind"]].itertuples(index=False))
    entries = re.findall(r"@misc\{([^,]+),.*?keywords = \{([^}]*)\}", (paths.BOOK / "references.bib").read_text(), re.S)
    assert len(entries) == len(kinds)
    for key, keyword in entries:
        assert keyword == sources.grade_keyword(kinds[key]), key
    page = (paths.BOOK / "sources.md").read_text(encoding="utf-8")
    for keyword in {sources.grade_keyword(kind) for kind in sources.KINDS}:
        assert f':filter: keywords % "{keyword}"' in page, keyword
    copies = [k for k, kind in kinds.items() if kind in ("secondary_copy", "unsigned")]
    assert copies and all(sources.grade(kinds[k]) >= 4 for k in copies)


def test_the_spreadsheet_csv_quotes_its_own_separator_and_writes_decimal_commas():
    frame = pd.DataFrame({"a": [1.5, None], "b": ["x;y", "l'été"]})
    payload = ecriture.csv_tableur_bytes(frame)
    assert payload.startswith("\ufeff".encode())  # the BOM Excel needs to read UTF-8
    assert payload.decode("utf-8-sig") == 'a;b\n1,5;"x;y"\n;l\'été\n'
    assert ecriture.csv_cell("x,y", ";") == "x,y"  # a comma is plain text there
