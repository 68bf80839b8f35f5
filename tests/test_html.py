"""Rendered HTML: data-derived text stays text, and the built pages keep their structure.

(a) Text that comes from the data goes through `publish.escape` (via `publish.markdown_table`)
    and must render as typed: no script element, no emphasis, no link, whatever it holds.
(b) The built book (`_build/html`, made by `make book`): one <h1> a page, lang="fr", and every
    figure with a caption that names its source and an image with alt text.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from docutils.core import publish_string
from myst_parser.parsers.docutils_ import Parser

from territoires import essentiel, publish

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
HOSTILE_NOTE = "<script>alert(1)</script> **gras** [lien](http://x) | pipe"
ESCAPED_PUNCTUATION = re.compile(r"\\[" + re.escape(string.punctuation) + "]")
MARKUP_TAGS = ["script", "strong", "em", "a", "code", "img", "iframe", "math"]


def render_myst(source: str) -> BeautifulSoup:
    """MyST Markdown to HTML with myst-parser's docutils renderer (any warning is an error)."""
    html = publish_string(
        source,
        parser=Parser(),
        writer_name="html5",
        settings_overrides={
            "myst_enable_extensions": ["colon_fence"],
            "output_encoding": "unicode",
            "report_level": 2,
            "halt_level": 2,
            "embed_stylesheet": False,
        },
    )
    return BeautifulSoup(html, "html.parser").find("main")


def flat(text: str) -> str:
    return " ".join(text.split())


# --- (a) escaping of data-derived text -------------------------------------------------------


def test_table_cells_render_hostile_text_literally():
    frame = pd.DataFrame({"Note": [HOSTILE_NOTE], "Col | <b>": ["_a_ `b` $c$ \\ & ~~d~~"]})
    block = f":::{{table}} Tableau d'essai\n:name: tab-essai\n\n{publish.markdown_table(frame)}\n:::\n"
    body = render_myst(block)
    table = body.find("table")
    assert table is not None, body
    assert [tag for tag in MARKUP_TAGS if body.find(tag)] == []
    cells = [flat(cell.get_text()) for cell in table.find_all(["th", "td"])]
    assert cells == ["Note", "Col | <b>", HOSTILE_NOTE, "_a_ `b` $c$ \\ & ~~d~~"]


def test_escape_keeps_every_ascii_punctuation_as_typed():
    text = " ".join(string.punctuation) + " " + string.punctuation
    paragraph = render_myst(publish.escape(text)).find("p")
    assert flat(paragraph.get_text()) == flat(text)
    assert list(paragraph.children) == [paragraph.get_text()], "du balisage est apparu"


def test_figure_alt_text_renders_as_typed(monkeypatch):
    """The :alt: option is not Markdown: escaping it would leave backslashes in the alt text."""
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda key, value, display=False: glued.update({key: value}))
    alt = "Taux (en %) : 12,5 ; <b>note</b>"
    publish.figure("fig-essai", image_key="img", caption="Légende.", alt=alt, sources=["s"], downloads="-")
    options = glued["fig-essai"].data.split("\n\n")[0].splitlines()[1:]  # the directive's options
    block = ":::{figure} essai.png\n" + "\n".join(options) + "\n\nLégende.\n:::\n"
    assert render_myst(block).find("img")["alt"] == alt


# --- (b) the built pages ---------------------------------------------------------------------


def built_pages() -> list[Path]:
    """Pages the site lists (documents of searchindex.js, genindex, search); fails if unbuilt."""
    if not (SITE / "index.html").is_file():
        pytest.fail("Livre non construit : _build/html/index.html absent. Lancer `make book`.", pytrace=False)
    text = (SITE / "searchindex.js").read_text(encoding="utf-8")
    docnames = json.loads(text[text.index("(") + 1 : text.rindex(")")])["docnames"]
    names = [f"{name}.html" for name in docnames] + ["genindex.html", "search.html"]
    return [SITE / name for name in names if (SITE / name).is_file()]


@pytest.fixture(scope="module")
def pages() -> dict[str, BeautifulSoup]:
    return {
        path.relative_to(SITE).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in built_pages()
    }


def test_every_page_is_in_french(pages):
    wrong = {name: soup.html.get("lang") for name, soup in pages.items() if soup.html.get("lang") != "fr"}
    assert not wrong, f"<html lang> différent de « fr » : {wrong}"


def test_every_page_footer_says_the_version_and_when_the_data_stop(pages):
    expected = flat(f"données arrêtées en {essentiel.donnees_arretees()}")
    wrong = [name for name, soup in pages.items() if expected not in flat(soup.select_one(".extra_footer").get_text())]
    assert not wrong, f"pied de page sans « {expected} » : {wrong}"


def screen_h1(soup: BeautifulSoup) -> list[str]:
    """<h1> a reader gets on screen: sphinx-book-theme repeats the title in a print-only block
    (`.onlyprint`, display: none on screen, so absent from the accessibility tree too)."""
    return [flat(h.get_text()) for h in soup.find_all("h1") if not h.find_parent(class_="onlyprint")]


def test_every_page_has_exactly_one_h1(pages):
    wrong = {name: screen_h1(soup) for name, soup in pages.items() if len(screen_h1(soup)) != 1}
    assert not wrong, f"pages sans <h1> unique : {wrong}"


def figure_problems(name: str, figure) -> list[str]:
    label = figure.get("id") or "(figure sans id)"
    caption = figure.find("figcaption")
    problems = []
    if caption is None:
        problems.append(f"{name} {label}: pas de légende")
    elif "Source" not in caption.get_text():
        problems.append(f"{name} {label}: légende sans mention « Source »")
    for image in figure.find_all("img"):
        alt = (image.get("alt") or "").strip()
        if not alt:
            problems.append(f"{name} {label}: image sans texte alternatif")
        elif ESCAPED_PUNCTUATION.search(alt):
            problems.append(f"{name} {label}: texte alternatif avec des barres obliques d'échappement : {alt[:80]}")
    if not figure.find("img"):
        problems.append(f"{name} {label}: figure sans image")
    return problems


def test_every_figure_has_a_sourced_caption_and_alt_text(pages):
    problems = [
        p for name, soup in pages.items() for figure in soup.find_all("figure") for p in figure_problems(name, figure)
    ]
    assert not problems, "\n".join(problems)
