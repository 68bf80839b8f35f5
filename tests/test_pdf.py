"""The A4 PDFs that `make book` prints (`territoires.pdf`): one per page of the table of
contents and one of the whole book, opened with pypdf.

Each is A4 and not empty; every sheet's footer gives the version and its date; no code toggle,
no site navigation, no local address; every number the HTML page shows (its glued values) is in
the PDF's text; bookmarks read as the headings; fonts embedded; links kept (inside the PDF and
to the web). Full tier: they read `_build/html/_pdf` (another built site with TERRITOIRES_SITE).
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from territoires import essentiel, paths, pdf, sphinx_citation, version

SITE = Path(os.environ.get("TERRITOIRES_SITE", paths.ROOT / "_build" / "html"))
FOLDER = SITE / sphinx_citation.PDF_DOSSIER
A4 = (595.92, 842.88)  # points: 210 × 297 mm
DOCNAMES = pdf.pages_du_livre()
NAMES = [sphinx_citation.pdf_du_document(name) for name in DOCNAMES] + [sphinx_citation.PDF_LIVRE]
# Text of the site around the article, which a PDF must not show.
SITE_CHROME = ["Afficher le code", "Masquer le code", "Rechercher dans le livre", "Lien vers cette rubrique"]


def squeeze(text: str) -> str:
    """Text compared without its white space (a PDF breaks lines anywhere) and ligatures."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@cache
def reader(name: str):
    from pypdf import PdfReader

    path = FOLDER / name
    if not path.is_file():
        pytest.fail(f"{path} absent : lancer `make book` (qui imprime les PDF).", pytrace=False)
    return PdfReader(path)


@cache
def page_texts(name: str) -> tuple[str, ...]:
    return tuple(page.extract_text() for page in reader(name).pages)


def outline_titles(name: str) -> list[str]:
    r = reader(name)
    titles, pending = [], [r.outline]
    while pending:
        for item in pending.pop():
            if isinstance(item, list):
                pending.append(item)
            else:
                titles.append(item.title)
    return titles


def html_of(docname: str) -> BeautifulSoup:
    return BeautifulSoup((SITE / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


# What the print stylesheet hides, and the « Détails » blocks, printed closed as a reader sees them
# on screen (their summary only): the numbers there are not printed.
HIDDEN = ["details.citer", ".cell_input", "details.hide", ".telecharger-pdf", "details.sd-dropdown"]


def shown_values(docname: str) -> list[str]:
    """The glued values a reader sees in the page's article (numbers only)."""
    article = html_of(docname).find("article", class_="bd-article")
    for selector in HIDDEN:
        for element in article.select(selector):
            element.decompose()
    values = {" ".join(span.get_text().split()) for span in article.find_all("span", class_="pasted-text")}
    return sorted(v for v in values if re.search(r"\d", v))


# --- what is printed -------------------------------------------------------------------------


def test_the_footers_say_when_the_data_stop_computed_from_the_sources():
    arret = essentiel.donnees_arretees()
    assert re.fullmatch(
        r"(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) 20\d\d", arret
    )
    assert f"données arrêtées en {arret}" in pdf.pied_de_page("page")
    assert f"données arrêtées en {arret}" in sphinx_citation.pied_de_page_html("1.0.0", arret)


@pytest.mark.full
def test_every_page_and_the_book_have_a_pdf():
    if not FOLDER.is_dir():
        pytest.fail(f"{FOLDER} absent : lancer `make book`.", pytrace=False)
    present = sorted(p.name for p in FOLDER.glob("*.pdf"))
    assert present == sorted(NAMES)


@pytest.mark.full
@pytest.mark.parametrize("name", NAMES)
def test_a4_not_empty_and_every_sheet_says_its_version(name):
    r = reader(name)
    assert len(r.pages) > 0
    sizes = {(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1)) for p in r.pages}
    assert all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in sizes), f"{name} : pas A4 {sizes}"
    label = squeeze(f"Version {version.livre().libelle} · données arrêtées en {essentiel.donnees_arretees()}")
    total = len(r.pages)
    for number, text in enumerate(page_texts(name), start=1):
        flat = squeeze(text)
        assert label in flat, f"{name}, page {number} : pied de page sans « Version {version.livre().libelle} »"
        assert f"page{number}/{total}" in flat, f"{name}, page {number} : pas de numéro « page {number} / {total} »"


@pytest.mark.full
@pytest.mark.parametrize("name", NAMES)
def test_no_code_toggle_navigation_or_local_address(name):
    text = "\n".join(page_texts(name))
    found = [words for words in SITE_CHROME if words in text]
    assert not found, f"{name} : {found}"
    assert "127.0.0.1" not in text and "localhost" not in text


@pytest.mark.full
@pytest.mark.parametrize("docname", DOCNAMES)
def test_the_numbers_of_the_page_are_in_its_pdf_and_in_the_book(docname):
    values = shown_values(docname)
    chapter = squeeze("".join(page_texts(sphinx_citation.pdf_du_document(docname))))
    book = squeeze("".join(page_texts(sphinx_citation.PDF_LIVRE)))
    missing = [v for v in values if squeeze(v) not in chapter]
    assert not missing, f"{docname} : chiffres de la page HTML absents du PDF : {missing[:10]}"
    missing = [v for v in values if squeeze(v) not in book]
    assert not missing, f"{docname} : chiffres absents du PDF du livre entier : {missing[:10]}"


@pytest.mark.full
def test_a_key_figure_of_the_landing_page_is_printed():
    """The first key figure of L'essentiel (a glued value, e.g. « 276 895 habitants »)."""
    values = shown_values(DOCNAMES[0])
    assert values, "aucune valeur collée sur la page d'accueil"
    assert squeeze(values[0]) in squeeze("".join(page_texts(sphinx_citation.pdf_du_document(DOCNAMES[0]))))


# --- the PDF as a document -------------------------------------------------------------------


@pytest.mark.full
@pytest.mark.parametrize("name", NAMES)
def test_bookmarks_read_as_the_headings(name):
    titles = outline_titles(name)
    assert titles, f"{name} : pas de signets"
    docnames = DOCNAMES if name == sphinx_citation.PDF_LIVRE else [DOCNAMES[NAMES.index(name)]]
    headings = {sphinx_citation.TITRE}
    for docname in docnames:
        article = html_of(docname).find("article", class_="bd-article")
        for link in article.select("a.headerlink"):
            link.decompose()
        headings |= {" ".join(h.get_text().split()) for h in article.find_all(re.compile(r"^h[1-6]$"))}
    wrong = [t for t in titles if " ".join(t.split()) not in headings]
    assert not wrong, f"{name} : signets qui ne sont pas des titres du HTML : {wrong[:5]}"


def fonts_of(r) -> dict[str, bool]:
    """Font name → embedded (its descriptor holds a font file), for every font of every page."""
    found: dict[str, bool] = {}
    for page in r.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for font in fonts.get_object().values() if fonts else []:
            font = font.get_object()
            for part in [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is not None:
                    descriptor = descriptor.get_object()
                    embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                    found[str(part.get("/BaseFont"))] = embedded
    return found


@pytest.mark.full
def test_fonts_are_embedded():
    fonts = fonts_of(reader(sphinx_citation.PDF_LIVRE))
    assert fonts, "aucune police trouvée"
    assert all(fonts.values()), f"polices non incorporées : {[f for f, ok in fonts.items() if not ok]}"


@pytest.mark.full
def test_links_are_kept_inside_the_book_and_to_the_web():
    r = reader(sphinx_citation.PDF_LIVRE)
    internal, web = 0, []
    for page in r.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if annotation.get("/Dest") is not None or (action and action.get("/S") == "/GoTo"):
                internal += 1
            elif action and action.get("/URI"):
                web.append(str(action["/URI"]))
    assert internal > 100, f"{internal} liens internes seulement"
    assert web, "aucun lien vers le web"
    local = [u for u in web if "127.0.0.1" in u or "localhost" in u or not u.startswith(("http://", "https://"))]
    assert not local, f"liens vers une adresse locale : {local[:5]}"


@pytest.mark.full
def test_the_book_starts_with_its_title_and_version():
    first = page_texts(sphinx_citation.PDF_LIVRE)[0]
    assert squeeze(sphinx_citation.TITRE) in squeeze(first)
    assert squeeze(version.livre().libelle) in squeeze(first)


@pytest.mark.full
def test_every_page_links_to_its_pdf_and_the_books():
    missing = []
    for docname in DOCNAMES:
        links = {a["href"] for a in html_of(docname).find_all("a", href=True)}
        for name in (sphinx_citation.pdf_du_document(docname), sphinx_citation.PDF_LIVRE):
            if f"../{sphinx_citation.PDF_DOSSIER}/{name}" not in links:
                missing.append(f"{docname} → {name}")
    assert not missing, missing


# --- the print stylesheet (fast tier) --------------------------------------------------------


def test_the_print_stylesheet_keeps_figures_whole_and_hides_the_site():
    css = (paths.BOOK / "_static" / "impression.css").read_text(encoding="utf-8")
    avoid = css[: css.index("break-inside: avoid")]
    assert "figure," in avoid[avoid.rindex("}") :], "figures coupées entre deux pages"
    hidden = css[: css.index("display: none !important")]
    for selector in (".bd-sidebar-primary", ".bd-sidebar-secondary", ".cell_input", "details.hide", "button"):
        assert selector in hidden, selector
    config = (paths.ROOT / "_config.yml").read_text(encoding="utf-8")
    assert "[impression.css, {media: print}]" in config


def test_without_chromium_the_build_says_what_to_run(monkeypatch, tmp_path):
    from territoires import build

    monkeypatch.setattr(pdf, "CHROMIUM", tmp_path / "chromium")
    with pytest.raises(SystemExit, match=r"absent\. Lancer `make browser-deps`"):
        build.print_pdfs()


def test_the_whole_book_is_one_page_whose_links_stay_inside(tmp_path):
    """Two pages in one document: ids prefixed by their page, links between them kept inside."""
    page = (
        '<html><head><title>{title} — Livre</title></head><body><article class="bd-article">'
        '<section id="{name}"><h1>{title}</h1><img src="../_images/a.png" alt="a">'
        '<a href="{other}.html#s">autre</a> <a href="#{name}">ici</a> <a href="https://exemple.fr/">web</a>'
        '<a href="../_downloads/x/f.csv">csv</a></section></article></body></html>'
    )
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "un.html").write_text(page.format(name="un", title="Un", other="deux"), encoding="utf-8")
    (tmp_path / "d" / "deux.html").write_text(page.format(name="deux", title="Deux", other="un"), encoding="utf-8")
    soup = BeautifulSoup(pdf.livre_html(tmp_path, ["d/un", "d/deux"], "http://127.0.0.1:9/"), "html.parser")
    chapters = soup.select("section.livre-chapitre")
    assert [c["id"] for c in chapters] == ["livre--un", "livre--deux"]
    assert soup.find(id="un--un") and soup.find(id="deux--deux") and not soup.find(id="un")
    links = [a["href"] for a in chapters[0].find_all("a")]
    assert links == ["#deux--s", "#un--un", "https://exemple.fr/", "http://127.0.0.1:9/_downloads/x/f.csv"]
    assert chapters[1].find("img")["src"] == "http://127.0.0.1:9/_images/a.png"
    assert [a["href"] for a in soup.select(".livre-sommaire a")] == ["#livre--un", "#livre--deux"]
