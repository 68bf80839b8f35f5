"""Citations that resolve: one version in one place, a citation file that agrees with it,
citations without an invented address, BibTeX that reads back, and, in the built site, every
labelled section's « # » link on its label and no Thebe or Binder left.

The built-site tests read `_build/html` (made by `make book`; another built site with
TERRITOIRES_SITE) and belong to the full tier.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from territoires import paths, pdf, sphinx_citation, version
from territoires.sphinx_citation import Reference, bibtex_entry, texte

SITE = Path(os.environ.get("TERRITOIRES_SITE", paths.ROOT / "_build" / "html"))
CFF = paths.ROOT / "CITATION.cff"


def reference(**changes) -> Reference:
    fields = {
        "auteurs": "Équipe du livre Territoires d'industrie",
        "livre": f"{sphinx_citation.TITRE} : {sphinx_citation.SOUS_TITRE}",
        "version": version.Version("1.2.0", date(2026, 12, 1)),
        "etiquette": "transition-choc",
        "page": "notebooks/02_transition.html",
        "chapitre": "Transition industrielle",
        "section": "Le choc Bridgestone, daté",
    }
    return Reference(**{**fields, **changes})


# --- the version, in one place -----------------------------------------------------------------


def test_the_version_reads_as_a_french_reader_expects():
    v = version.Version("1.2.0", date(2026, 12, 1))
    assert v.libelle == "1.2.0, décembre 2026"
    assert version.livre().numero == version.lire().numero
    assert version.SEMVER.match(version.livre().numero)


@pytest.mark.parametrize(
    "project, tool, message",
    [
        ('version = "1.2"', 'date-version = "2026-12-01"', "version sémantique"),
        ('version = "1.2.0"', "", "date-version"),
        ('version = "1.2.0"', 'date-version = "décembre"', "date-version"),
    ],
)
def test_a_malformed_version_is_refused_by_name(tmp_path, project, tool, message):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f"[project]\n{project}\n\n[tool.territoires]\n{tool}\n", encoding="utf-8")
    with pytest.raises(version.VersionError, match=message):
        version.lire(pyproject)


def test_the_citation_file_agrees_with_the_version():
    cff = yaml.safe_load(CFF.read_text(encoding="utf-8"))
    v = version.livre()
    preferred = cff["preferred-citation"]
    assert str(cff["version"]) == v.numero, "CITATION.cff : version ≠ pyproject.toml"
    assert str(cff["date-released"]) == v.iso, "CITATION.cff : date-released ≠ date-version de pyproject.toml"
    assert str(preferred["version"]) == v.numero
    assert str(preferred["date-published"]) == v.iso
    assert (preferred["year"], preferred["month"]) == (v.date.year, v.date.month)


def test_the_citation_file_describes_the_book_readers_cite():
    cff = yaml.safe_load(CFF.read_text(encoding="utf-8"))
    preferred = cff["preferred-citation"]
    assert preferred["type"] in ("book", "report")
    full = f"{sphinx_citation.TITRE} : {sphinx_citation.SOUS_TITRE}"
    assert cff["title"] == preferred["title"] == full
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["title"] == sphinx_citation.TITRE
    assert [a["name"] for a in preferred["authors"]] == [config["author"]]
    assert "fr" in preferred["languages"]


def test_licences_are_stated_the_same_way_everywhere():
    """The book (text, figures, data) under CC BY 4.0, the code under GPL v3 or later: in
    CITATION.cff, in the « Comment citer » page and in pyproject.toml."""
    cff = yaml.safe_load(CFF.read_text(encoding="utf-8"))
    assert cff["preferred-citation"]["license"] == "CC-BY-4.0"
    assert cff["license"] == "GPL-3.0-or-later"
    page = (paths.BOOK / "comment-citer.md").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0" in page and "{term}`CC BY` 4.0" in page
    assert "{term}`GNU GPL` v3 ou ultérieure" in page
    assert 'license = {text = "GPL-3.0-or-later"}' in (paths.ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_the_public_address_is_empty_or_real():
    """One setting gives the book's address; never a placeholder domain."""
    base = pdf.base_publique()
    assert base == "" or re.match(r"^https://[^/]+\.[a-z]+(/|$)", base), base
    assert not re.search(r"example\.(org|com|net)|localhost|127\.0\.0\.1", base)


# --- the citation itself -----------------------------------------------------------------------


def test_without_a_public_address_the_citation_invents_none():
    text = texte(reference())
    assert "http" not in text and ".html" not in text
    for part in ("Le choc Bridgestone, daté", "Transition industrielle", sphinx_citation.TITRE, "1.2.0, décembre 2026"):
        assert part in text
    assert text.endswith("Étiquette\u202f: transition-choc.")
    assert "«\u202fLe choc" in text  # French typography


def test_with_a_public_address_the_citation_gives_the_section_address():
    text = texte(reference(base="https://livre.exemple.fr/territoires/"))
    assert text.endswith("https://livre.exemple.fr/territoires/notebooks/02_transition.html#transition-choc")
    entry = bibtex_entry(reference(base="https://livre.exemple.fr/territoires/"))
    assert "https://livre.exemple.fr/territoires/notebooks/02_transition.html#transition-choc" in entry


def read_back(value: str) -> str:
    """A field as pybtex shows it (LaTeX decoded)."""
    from pybtex.backends.plaintext import Backend
    from pybtex.richtext import Text

    return Text.from_latex(value).render(Backend())


def test_the_bibtex_entry_reads_back_as_written():
    from pybtex.database.input.bibtex import Parser

    ref = reference(section="Taux réel & 100 % des « cas »_1", chapitre="Chapitre ~ 2")
    entry = Parser().parse_string(bibtex_entry(ref)).entries["territoires-transition-choc"]
    assert entry.type == "inbook"
    fields = {k.lower(): v for k, v in entry.fields.items()}
    assert (fields["year"], fields["version"], fields["date"]) == ("2026", "1.2.0", "2026-12-01")
    assert read_back(fields["title"]) == ref.section
    assert read_back(fields["booktitle"]) == ref.livre
    assert "Étiquette : transition-choc" in read_back(fields["note"])  # (one_line: plain spaces in BibTeX)
    assert "url" not in fields
    whole = Parser().parse_string(bibtex_entry(reference(section="", chapitre="")))
    assert whole.entries["territoires-transition-choc"].type == "book"


def test_pdf_names_are_unique_across_the_book():
    names = [sphinx_citation.pdf_du_document(name) for name in pdf.pages_du_livre()]
    assert len(names) == len(set(names)) and sphinx_citation.PDF_LIVRE not in names


def test_citations_are_wrapped_not_scrolled():
    css = (paths.BOOK / "_static" / "territoires.css").read_text(encoding="utf-8")
    block = css[css.index(".citer-ce-chapitre pre") :]
    block = block[: block.index("}")]
    assert "white-space: pre-wrap" in block and "overflow-wrap: anywhere" in block


# --- the built site ----------------------------------------------------------------------------


def built_site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"Livre non construit : {SITE}/index.html absent. Lancer `make book`.", pytrace=False)
    return SITE


def section_labels(site: Path) -> dict[str, list[str]]:
    """Page → explicit labels (std:label of objects.inv, figures and tables included)."""
    from sphinx.util.inventory import InventoryFile

    with (site / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
    labels: dict[str, list[str]] = {}
    for _name, (_project, _version, uri, _title) in inventory.get("std:label", {}).items():
        page, _, anchor = uri.partition("#")
        if anchor:
            labels.setdefault(page, []).append(anchor)
    return labels


@pytest.mark.full
def test_every_labelled_section_links_to_its_label():
    site = built_site()
    wrong, checked = [], 0
    for page, anchors in sorted(section_labels(site).items()):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        for anchor in anchors:
            element = soup.find(id=anchor)
            section = element if element is not None and element.name == "section" else None
            if section is None and element is not None and element.name == "span":
                section = element.find_parent("section")
                if section is None or section.find(["h1", "h2", "h3", "h4", "h5", "h6"]) is not element.find_next():
                    continue  # a label on something other than a section heading
            if section is None:
                continue  # a figure, a table, a glossary term
            heading = section.find(["h1", "h2", "h3", "h4", "h5", "h6"], recursive=False)
            link = heading.find("a", class_="headerlink") if heading else None
            checked += 1
            if link is None or link.get("href") != f"#{anchor}":
                wrong.append(f"{page} : section « {anchor} », lien « # » vers {link and link.get('href')}")
    assert checked > 50, f"seulement {checked} sections étiquetées trouvées"
    assert not wrong, "\n".join(wrong)


@pytest.mark.full
def test_no_thebe_binder_or_placeholder_in_the_site():
    site = built_site()
    found = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        # the placeholder domains are spelled as a pattern: no tracked file holds one as an address
        for word in re.findall(r"thebe|binder|example\.(?:org|com)", text.lower()):
            found.append(f"{page.relative_to(site)} : « {word} »")
    assert not found, "\n".join(found)


@pytest.mark.full
def test_every_page_and_labelled_section_offers_a_citation():
    site = built_site()
    libelle = version.livre().libelle
    problems = []
    for docname in pdf.pages_du_livre():
        soup = BeautifulSoup((site / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
        box = soup.find(class_="citer-ce-chapitre")
        if box is None:
            problems.append(f"{docname} : pas d'encadré « Citer ce chapitre »")
            continue
        blocks = [pre.get_text() for pre in box.find_all("pre")]
        if len(blocks) != 2 or libelle not in blocks[0] or "@" not in blocks[1]:
            problems.append(f"{docname} : citation sans texte et BibTeX, ou sans la version {libelle}")
        labelled = [s for s in soup.find_all("section") if s.find_parent("section") and s.get("id")]
        folded = soup.find_all("details", class_="citer-section")
        if len(folded) < len(labelled) * 0.9:
            problems.append(f"{docname} : {len(folded)} « Citer cette section » pour {len(labelled)} sections")
        for details in folded:
            anchor = details.find_parent("section")["id"]
            if not details.find("pre").get_text().rstrip().endswith(anchor + "."):
                problems.append(f"{docname} : la citation de la section {anchor} ne donne pas son étiquette")
        links = [a["href"] for a in box.find_all("a", href=True)]
        expected = f"../_pdf/{sphinx_citation.pdf_du_document(docname)}"
        if expected not in links or f"../_pdf/{sphinx_citation.PDF_LIVRE}" not in links:
            problems.append(f"{docname} : liens PDF absents ({links})")
    assert not problems, "\n".join(problems)
