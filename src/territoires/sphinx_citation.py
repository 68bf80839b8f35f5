"""Sphinx extension of the book: its version, citations that resolve, links to the A4 PDFs,
and titles escaped in the theme's HTML.

- The version comes from one place, `pyproject.toml` (`territoires.version`): « 1.0.0,
  décembre 2026 », the substitution ``{{ version_livre }}`` in pages.
- Every section with an explicit label (`(transition-choc)=`) gets that label as its first id:
  the « # » link next to its heading, the page's table of contents and the citations then
  point at the stable label, not at the slug of the title (the slug stays as a second anchor,
  so that old links still land).
- A citation, plain text and BibTeX, ready to copy: at the foot of every page (« Citer ce
  chapitre ») and, folded, at the end of every labelled section (« Citer cette section »).
  It gives the title, the version and its date, and the label; with a public address
  (`html.baseurl` in `_config.yml`) the full address too; without one, no address is invented.
  Built as docutils nodes, never as an HTML string: the HTML writer escapes it.
- Each page offers its A4 PDF and the whole book's (`territoires.pdf` prints them after the
  HTML build): under the page's citation, and in the theme's download menu, where the
  « .pdf » entry called the browser's print dialog.
- sphinx-thebe, which Jupyter Book always loads, wrote into every page a configuration
  pointing at an unrelated Binder repository and a script address on a CDN; the book runs
  nothing in the browser: its handlers and stylesheet are removed.
- The theme pastes some titles into its HTML as they are (the site title in the navbar, the
  page title in the print header, the root page's title in the sidebar): a `<` in a
  scenario's title or in a heading would be markup there. They are handed to the templates
  escaped, as markup-safe strings, so that the templates that do escape do not do it twice.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from docutils import nodes
from markupsafe import Markup
from sphinx.transforms import SphinxTransform

from . import bibtex, typographie
from .essentiel import donnees_arretees
from .version import Version
from .version import livre as version_du_livre

TITRE = "Deux territoires industriels du nord de la France"
SOUS_TITRE = "Pays de Saint-Omer – Flandre et Béthune-Bruay"
GENRE = "Livre d'analyse"
PDF_DOSSIER = "_pdf"
PDF_LIVRE = "livre-complet.pdf"


def pdf_du_document(docname: str) -> str:
    """File name of a page's A4 PDF in `_pdf/`: `notebooks/02_transition` → `02_transition.pdf`
    (page names are unique across the book's folders: a test checks it)."""
    return docname.rsplit("/", 1)[-1] + ".pdf"


# --- the citation itself -----------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """What a citation of the book, a chapter or a section says."""

    auteurs: str
    livre: str  # full title of the book
    version: Version
    etiquette: str  # explicit label (or, lacking one, the first id of the section)
    page: str  # the page's address inside the site: notebooks/02_transition.html
    chapitre: str = ""  # title of the chapter (the page)
    section: str = ""  # title of the section, when a section is cited
    base: str = ""  # the book's public address (html_baseurl), empty if it has none

    @property
    def adresse(self) -> str:
        """Full address of the cited place, or "" without a public address."""
        if not self.base:
            return ""
        return f"{self.base.rstrip('/')}/{self.page}#{self.etiquette}"

    @property
    def cle(self) -> str:
        return f"territoires-{self.etiquette}"


def texte(ref: Reference) -> str:
    """The plain-text citation, French typography included."""
    if ref.section:
        cite = f"« {ref.section} », section du chapitre « {ref.chapitre} ». In : {ref.livre}."
    elif ref.chapitre:
        cite = f"« {ref.chapitre} ». In : {ref.livre}."
    else:
        cite = f"{ref.livre}."
    where = ref.adresse or f"Étiquette : {ref.etiquette}."
    phrase = f"{ref.auteurs} ({ref.version.date.year}). {cite} {GENRE}, version {ref.version.libelle}. {where}"
    return typographie.francais(phrase)


def bibtex_entry(ref: Reference) -> str:
    """The BibTeX entry (biblatex fields), every value through `bibtex.text` or `bibtex.url`."""
    fields = [("author", "{" + bibtex.text(ref.auteurs) + "}")]
    if ref.chapitre:
        fields.append(("title", bibtex.text(ref.section or ref.chapitre)))
        fields.append(("booktitle", bibtex.text(ref.livre)))
    else:
        fields.append(("title", bibtex.text(ref.livre)))
    fields += [
        ("year", str(ref.version.date.year)),
        ("date", ref.version.iso),
        ("version", bibtex.text(ref.version.numero)),
        ("language", "french"),
    ]
    note = f"{GENRE}, version {ref.version.libelle}"
    if ref.section:
        note += f". Section du chapitre « {ref.chapitre} »"
    note += f". Étiquette : {ref.etiquette}"
    fields.append(("note", bibtex.text(typographie.francais(note))))
    if ref.adresse:
        fields.append(("url", bibtex.url(ref.adresse)))
    kind = "inbook" if ref.chapitre else "book"
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{ref.cle},\n{body}\n}}"


# --- version -----------------------------------------------------------------------------


def on_config_inited(app, config) -> None:
    version = version_du_livre()
    config.version = version.numero
    config.release = version.libelle
    substitutions = dict(getattr(config, "myst_substitutions", {}) or {})
    substitutions["version_livre"] = version.libelle
    substitutions["donnees_arretees"] = donnees_arretees()
    config.myst_substitutions = substitutions
    # Every page's footer says which version it is and when its data stop (computed from the data).
    options = dict(getattr(config, "html_theme_options", {}) or {})
    options["extra_footer"] = pied_de_page_html(version.libelle, donnees_arretees())
    config.html_theme_options = options


def mention_version(version: str, arret: str) -> str:
    """The line every page and every PDF sheet carries: which version, and when its data stop."""
    return f"Version {version} · données arrêtées en {arret}"


def pied_de_page_html(version: str, arret: str) -> str:
    return f'<p class="pied-version">{html.escape(mention_version(version, arret))}</p>'


def full_title(config) -> str:
    """The book's title (`title` of _config.yml, Sphinx's `html_title`) with its subtitle; a
    variant book keeps its own title."""
    title = getattr(config, "html_title", "") or TITRE
    return f"{TITRE} : {SOUS_TITRE}" if title == TITRE else title


# --- explicit labels first ---------------------------------------------------------------


def explicit_ids(document, node: nodes.Element) -> list[str]:
    """Ids of `node` that come from an explicit label (`(label)=`), in their order."""
    ids = []
    for name in node.get("names", []):
        if document.nametypes.get(name) and document.nameids.get(name) in node["ids"]:
            ids.append(document.nameids[name])
    return ids


class LabelFirst(SphinxTransform):
    """A labelled section's first id becomes its explicit label: the HTML writer takes the
    first id for the element's `id` and for the « # » link, the table of contents too."""

    default_priority = 400  # after docutils' PropagateTargets (260) moved the labels onto sections

    def apply(self, **kwargs) -> None:
        for section in self.document.findall(nodes.section):
            labels = explicit_ids(self.document, section)
            if labels and section["ids"][0] != labels[0]:
                section["ids"] = [*labels, *(i for i in section["ids"] if i not in labels)]


def section_label(document, section: nodes.section) -> str:
    labels = explicit_ids(document, section)
    return labels[0] if labels else (section["ids"][0] if section["ids"] else "")


# --- citation boxes ----------------------------------------------------------------------


class citation_pliee(nodes.General, nodes.Element):
    """A folded block (`<details>`) whose summary is `node["resume"]`."""


def visit_citation_pliee(self, node) -> None:
    self.body.append(self.starttag(node, "details", CLASS="citer"))
    self.body.append(f"<summary>{self.encode(node['resume'])}</summary>\n")


def depart_citation_pliee(self, node) -> None:
    self.body.append("</details>\n")


def copyable(text: str, language: str) -> nodes.literal_block:
    """A code block (the theme adds its copy button); same rawsource, so it is highlighted."""
    return nodes.literal_block(text, text, language=language, classes=["citation-texte"])


def citation_nodes(ref: Reference) -> list[nodes.Node]:
    return [
        nodes.paragraph(text="Texte :", classes=["citer-format"]),
        copyable(texte(ref), "text"),
        nodes.paragraph(text="BibTeX :", classes=["citer-format"]),
        copyable(bibtex_entry(ref), "bibtex"),
    ]


def pdf_offered(config) -> bool:
    """Whether the pages link to their PDFs: `make book` prints them for the book itself; a
    scenario's variant book (its own title) and the tests' small books have none. The Sphinx
    setting `territoires_pdf` (true or false) overrides this choice."""
    choice = getattr(config, "territoires_pdf", None)
    if choice is not None:
        return bool(choice)
    return getattr(config, "html_title", "") == TITRE


def pdf_links(docname: str) -> nodes.paragraph:
    up = "../" * docname.count("/")
    paragraph = nodes.paragraph(classes=["telecharger-pdf"])
    paragraph += nodes.Text("Version imprimable : ")
    paragraph += nodes.reference(
        "", "PDF A4 de ce chapitre", refuri=f"{up}{PDF_DOSSIER}/{pdf_du_document(docname)}", internal=False
    )
    paragraph += nodes.Text(" · ")
    paragraph += nodes.reference("", "PDF A4 du livre entier", refuri=f"{up}{PDF_DOSSIER}/{PDF_LIVRE}", internal=False)
    return paragraph


def on_doctree_read(app, doctree) -> None:
    """The citation of the page at its foot, one folded citation per labelled section."""
    docname = app.env.docname
    chapter = next(iter(doctree.findall(nodes.section)), None)
    if chapter is None:
        return
    config = app.config
    common = {
        "auteurs": config.author,
        "livre": full_title(config),
        "version": version_du_livre(),
        "page": f"{docname}.html",
        "chapitre": chapter[0].astext(),
        "base": (getattr(config, "html_baseurl", "") or "").strip(),
    }
    for section in list(doctree.findall(nodes.section)):
        if section is chapter or not explicit_ids(doctree, section):
            continue
        ref = Reference(**common, etiquette=section_label(doctree, section), section=section[0].astext())
        box = citation_pliee(resume="Citer cette section", classes=["citer-section"])
        box += citation_nodes(ref)
        first_subsection = next((i for i, child in enumerate(section) if isinstance(child, nodes.section)), None)
        if first_subsection is None:
            section += box
        else:
            section.insert(first_subsection, box)
    ref = Reference(**common, etiquette=section_label(doctree, chapter))
    container = nodes.container(classes=["citer-ce-chapitre"])
    root = docname == getattr(config, "root_doc", "")
    container += nodes.rubric(text="Citer cette page" if root else "Citer ce chapitre")
    # The plain citation shown, the BibTeX folded: a chapter's last screen is for its text.
    container += copyable(texte(ref), "text")
    bibtex = citation_pliee(resume="Au format BibTeX", classes=["citer-bibtex"])
    bibtex += copyable(bibtex_entry(ref), "bibtex")
    container += bibtex
    if pdf_offered(config):
        container += pdf_links(docname)
    chapter += container


# --- the theme's download menu -----------------------------------------------------------


def pdf_buttons(app, pagename, templatename, context, doctree) -> None:
    """In the theme's download menu, the page's A4 PDF and the book's replace « print »."""
    if doctree is None or not pdf_offered(app.config):
        return
    pathto = context["pathto"]
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        kept = [b for b in group["buttons"] if b.get("label") != "download-pdf-button"]
        kept += [
            {
                "type": "link",
                "url": pathto(f"{PDF_DOSSIER}/{pdf_du_document(pagename)}", 1),
                "text": ".pdf (A4)",
                "tooltip": "PDF A4 de ce chapitre",
                "icon": "fas fa-file-pdf",
                "label": "download-pdf-button",
            },
            {
                "type": "link",
                "url": pathto(f"{PDF_DOSSIER}/{PDF_LIVRE}", 1),
                "text": "livre (PDF)",
                "tooltip": "PDF A4 du livre entier",
                "icon": "fas fa-book",
                "label": "download-book-pdf-button",
            },
        ]
        group["buttons"] = kept


# --- no Thebe ----------------------------------------------------------------------------


def without_thebe(app) -> None:
    """Drop what sphinx-thebe registered: event handlers (the Binder configuration in every
    page, the CDN address of thebe) and its stylesheet."""

    def from_thebe(listener) -> bool:
        return getattr(listener.handler, "__module__", "").startswith("sphinx_thebe")

    for event, listeners in app.events.listeners.items():
        app.events.listeners[event] = [listener for listener in listeners if not from_thebe(listener)]
    app.registry.css_files = [(name, attrs) for name, attrs in app.registry.css_files if "thebe" not in name]


# --- titles in the theme -----------------------------------------------------------------

# Plain-text titles in the template context; `{{ name }}` pastes them unescaped in the theme.
TEMPLATE_TITLES = ("docstitle", "shorttitle", "pagetitle", "root_title")


def escape_titles(app, pagename, templatename, context, doctree) -> None:
    """After the theme filled the context (priority 500): its plain-text titles, escaped."""
    for name in TEMPLATE_TITLES:
        value = context.get(name)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[name] = Markup(html.escape(value, quote=False).replace('"', "&quot;"))


def setup(app):
    without_thebe(app)
    app.add_node(citation_pliee, html=(visit_citation_pliee, depart_citation_pliee))
    app.add_transform(LabelFirst)
    app.add_config_value("territoires_pdf", None, "html", types=[bool, type(None)])
    app.connect("config-inited", on_config_inited)
    app.connect("doctree-read", on_doctree_read)
    app.connect("html-page-context", escape_titles, priority=900)
    app.connect("html-page-context", pdf_buttons, priority=900)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
