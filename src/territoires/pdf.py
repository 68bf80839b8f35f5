"""A4 PDFs of the book, printed offline after the HTML build (`make book`, last step).

Debian's Chromium (`/usr/bin/chromium`, installed by `make browser-deps`; never a browser
downloaded by Playwright) prints, through Playwright's `page.pdf`, from the built site served on
127.0.0.1 (no request leaves the machine: any other address is refused):

- each page of the table of contents, to `_build/html/_pdf/<page>.pdf`;
- the whole book in one document, `_pdf/livre-complet.pdf`: a title page, then every page in
  the order of `_toc.yml`, each starting on a new sheet, with continuous page numbers; links
  from one chapter to another become jumps inside the PDF.

The print stylesheet (`book/_static/impression.css`) removes the site around the article
(navigation, sidebars, buttons, code toggles, folded citations) and keeps figures and boxes
whole. The footer gives the page number, the version and its date (`territoires.version`) and
the page's address; the PDF has bookmarks from the headings (`outline`), is tagged, embeds its
fonts and keeps its links: same-document links jump inside the PDF, links to the web stay;
links to other pages of the site point at the book's public address (`html.baseurl` in
`_config.yml`) or, without one, lose their address and keep their text (a PDF has nowhere to
send them).

A page is printed again only when its HTML, the images it shows, the version or this
module's layout changed (fingerprints in `_build/.pdf-empreintes.json`).
"""

from __future__ import annotations

import functools
import hashlib
import html
import http.server
import json
import logging
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

from . import paths
from .essentiel import donnees_arretees
from .sphinx_citation import PDF_DOSSIER, PDF_LIVRE, SOUS_TITRE, TITRE, mention_version, pdf_du_document
from .version import livre as version_du_livre

SITE = paths.ROOT / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium run as root in a container (the PDF step and the browser tests): no sandbox,
# no GPU, nothing in the background that would reach the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--no-proxy-server",
]
LIVRE_HTML = "livre-complet.html"  # the whole book as one page: served from memory, never written
MARGES = {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}
# Bumped when the layout of the PDFs changes, so that every PDF is printed again.
MISE_EN_PAGE = "5"
ETAT = ".pdf-empreintes.json"  # beside the site (_build/), not in it


class ImpressionImpossible(RuntimeError):
    """The PDFs cannot be printed (no Chromium, no built site, a page that fails)."""


@dataclass
class Imprime:
    nom: str  # file name in _pdf/
    octets: int
    pages: int
    secondes: float  # 0 when the PDF was up to date


@dataclass
class Rapport:
    pdfs: list[Imprime] = field(default_factory=list)
    secondes: float = 0.0

    @property
    def imprimes(self) -> list[Imprime]:
        return [p for p in self.pdfs if p.secondes > 0]

    @property
    def octets(self) -> int:
        return sum(p.octets for p in self.pdfs)


# --- what to print ---------------------------------------------------------------------------


def pages_du_livre(toc: Path = paths.ROOT / "_toc.yml") -> list[str]:
    """Docnames of the table of contents, in its order (root first)."""
    tree = yaml.safe_load(toc.read_text(encoding="utf-8"))
    names = [tree["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))

    for part in tree.get("parts", []):
        walk(part.get("chapters"))
    walk(tree.get("chapters"))
    return [str(Path(name).with_suffix("")) if Path(name).suffix else name for name in names]


def _config(config: Path = paths.ROOT / "_config.yml") -> dict:
    return yaml.safe_load(config.read_text(encoding="utf-8")) or {}


def base_publique(config: Path = paths.ROOT / "_config.yml") -> str:
    """`html.baseurl` of _config.yml, without its final slash ("" if the book has none)."""
    return str((_config(config).get("html") or {}).get("baseurl") or "").strip().rstrip("/")


def auteurs(config: Path = paths.ROOT / "_config.yml") -> str:
    return str(_config(config).get("author") or "")


def adresse(docname: str, base: str) -> str:
    """The page's address as the footer gives it: full with a public address, else its path
    in the site."""
    return f"{base}/{docname}.html" if base else f"{docname}.html"


# --- the footer and the header ---------------------------------------------------------------

_MARGE_STYLE = "font-family: 'DejaVu Sans', sans-serif; font-size: 7.5pt; color: #444; width: 100%; margin: 0 15mm;"


def pied_de_page(lieu: str) -> str:
    """Footer template: version and date, when the data stop, the page's address, « page n / N »."""
    version = version_du_livre()
    gauche = html.escape(f"{mention_version(version.libelle, donnees_arretees())} · {lieu}")
    return (
        f'<div style="{_MARGE_STYLE} display: flex; justify-content: space-between; gap: 6mm;">'
        f'<span style="overflow-wrap: anywhere;">{gauche}</span>'
        '<span style="white-space: nowrap;">page <span class="pageNumber"></span>'
        ' / <span class="totalPages"></span></span></div>'
    )


def en_tete(titre: str) -> str:
    return (
        f'<div style="{_MARGE_STYLE} text-align: right; color: #666;">{html.escape(TITRE)} — {html.escape(titre)}</div>'
    )


# --- fingerprints ----------------------------------------------------------------------------

_IMG_SRC = re.compile(rb"""<img\b[^>]*?\bsrc=["']([^"'#?]+)""", re.I)


def empreinte_page(site: Path, docname: str, base: str) -> str:
    """What the PDF of a page depends on: its HTML, the images it shows, the version, the
    public address and the layout of this module."""
    page = site / f"{docname}.html"
    digest = hashlib.sha256(f"{MISE_EN_PAGE}|{version_du_livre().libelle}|{base}|".encode())
    content = page.read_bytes()
    digest.update(content)
    for src in sorted(set(_IMG_SRC.findall(content))):
        target = (page.parent / unquote(src.decode("utf-8", "replace"))).resolve()
        if target.is_file() and site.resolve() in target.parents:
            digest.update(target.read_bytes())
    for css in sorted((site / "_static").glob("*.css")):
        digest.update(css.read_bytes())
    return digest.hexdigest()


def _lire_etat(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def nombre_de_pages(pdf: Path) -> int:
    """Pages of a PDF printed by Chromium (page objects; Skia writes no object streams)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


# --- the local server ------------------------------------------------------------------------


class _Silencieux(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serveur(site: Path):
    """The site on 127.0.0.1, on a free port, for the time of the printing."""
    handler = functools.partial(_Silencieux, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="pdf-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- the whole book as one page --------------------------------------------------------------


def _cible(href: str, page_url: str, origine: str) -> tuple[str, str] | None:
    """(path in the site, fragment) of a link to the site itself, None for any other link."""
    absolute = urljoin(page_url, href)
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}/" != origine:
        return None
    return unquote(parts.path.lstrip("/")), parts.fragment


def livre_html(site: Path, docnames: list[str], origine: str) -> str:
    """The book in one HTML page (served as /_pdf/livre-complet.html): the first page's frame,
    a title page, then each page's article in a `section.livre-chapitre`. Ids are prefixed with
    the page's name (slugs such as « limites-et-sources » repeat from page to page), links
    between pages of the book become links inside the document, images get absolute paths."""
    from bs4 import BeautifulSoup

    pages = {name: f"{name}.html" for name in docnames}
    prefix = {name: pdf_du_document(name).removesuffix(".pdf") for name in docnames}
    by_path = {path: name for name, path in pages.items()}
    shell = BeautifulSoup((site / pages[docnames[0]]).read_text(encoding="utf-8"), "html.parser")
    article = shell.find("article", class_="bd-article")
    if article is None:
        raise ImpressionImpossible(f"{pages[docnames[0]]} : pas d'élément article.bd-article")
    article.clear()
    version = version_du_livre()
    title_page = BeautifulSoup(
        '<section class="livre-couverture" id="livre-couverture">'
        f"<h1>{html.escape(TITRE)}</h1>"
        f'<p class="livre-sous-titre">{html.escape(SOUS_TITRE)}</p>'
        f'<p class="livre-auteurs">{html.escape(auteurs())}</p>'
        f'<p class="livre-version">Version {html.escape(version.libelle)}</p>'
        '<p class="livre-licence">Texte, figures et données : licence Creative Commons Attribution 4.0 '
        "(CC BY 4.0).</p>"
        '<nav class="livre-sommaire"><ul></ul></nav></section>',
        "html.parser",
    )
    contents = title_page.find("ul")
    article.append(title_page)
    for name in docnames:
        soup = BeautifulSoup((site / pages[name]).read_text(encoding="utf-8"), "html.parser")
        body = soup.find("article", class_="bd-article")
        if body is None:
            raise ImpressionImpossible(f"{pages[name]} : pas d'élément article.bd-article")
        page_url = urljoin(origine, pages[name])
        for element in body.find_all(id=True):
            element["id"] = f"{prefix[name]}--{element['id']}"
        for img in body.find_all("img", src=True):
            img["src"] = urljoin(page_url, img["src"])
        for link in body.find_all("a", href=True):
            target = _cible(link["href"], page_url, origine)
            if target is None:
                continue
            path, fragment = target
            other = by_path.get(path)
            if other is not None:
                link["href"] = f"#{prefix[other]}--{fragment}" if fragment else f"#livre--{prefix[other]}"
            else:
                link["href"] = urljoin(page_url, link["href"])  # left to the print step (public address)
        chapter = shell.new_tag("section", attrs={"class": "livre-chapitre", "id": f"livre--{prefix[name]}"})
        for child in list(body.contents):
            chapter.append(child.extract())
        article.append(chapter)
        heading = chapter.find(["h1", "h2"])
        entry = shell.new_tag("li")
        anchor = shell.new_tag("a", href=f"#livre--{prefix[name]}")
        anchor.string = " ".join(heading.get_text(" ").replace("#", "").split()) if heading else name
        entry.append(anchor)
        contents.append(entry)
    if shell.title is not None:
        shell.title.string = f"{TITRE} : {SOUS_TITRE} (version {version.libelle})"
    return str(shell)


# --- printing --------------------------------------------------------------------------------

# Runs in the page before printing: every image loaded (lazy ones too), the fonts ready; links to
# other pages of the site sent to the public address, or, without one, stripped of their address
# (and the figures' « Télécharger : PNG · SVG · CSV » dropped: a PDF has nowhere to send them).
# Returns the headings' text, as the bookmarks should read.
PREPARE_JS = r"""
async (base) => {
  const images = [...document.images];
  images.forEach((img) => { img.loading = "eager"; });
  await Promise.all(images.map((img) => img.decode().catch(() => null)));
  await document.fonts.ready;
  if (!base) {
    for (const block of document.querySelectorAll("figcaption p, figcaption, caption")) {
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf("Télécharger");
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(block, block.childNodes.length);
          range.deleteContents();
          break;
        }
      }
    }
  }
  for (const a of document.querySelectorAll("a[href]")) {
    const url = new URL(a.getAttribute("href"), location.href);
    if (url.origin !== location.origin || url.pathname === location.pathname) continue;
    if (base) {
      a.setAttribute("href", base + url.pathname + url.hash);
    } else {
      a.removeAttribute("href");
      a.classList.add("lien-hors-pdf");
    }
  }
  const shown = (node) =>
    node.nodeType === Node.TEXT_NODE ? node.data : node.checkVisibility() ? node.innerText : "";
  return [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .map((h) => ({
      text: h.innerText.replace(/#\s*$/, "").replace(/\s+/g, " ").trim(),
      parts: [...h.childNodes].map(shown).filter((part) => part.trim()),
    }))
    .filter((heading) => heading.text);
}
"""


def _cle(text: str) -> str:
    return re.sub(r"\s+", "", text)


def finir(payload: bytes, titres: list[dict], titre: str) -> bytes:
    """The printed PDF, with bookmarks that read as the headings and the book's metadata.

    Chromium joins the lines of a heading that wraps without a space (« aprèsBridgestone »), and
    writes each piece of a heading twice when it starts a sheet (« 1. 1. MéthodeMéthode »): a
    bookmark whose text is one of these is given the heading's text (`titres`: each heading's
    `text` and its `parts`, as the page shows them)."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # Chromium's trailer gives a size a few objects short: harmless
    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(payload)))
    finally:
        quiet.setLevel(level)
    known: dict[str, str] = {}
    for heading in titres:
        known.setdefault(_cle(heading["text"]), heading["text"])
        known.setdefault(_cle("".join(part + part for part in heading["parts"])), heading["text"])
    outlines = writer._root_object.get("/Outlines")
    pending = [outlines.get_object().get("/First")] if outlines is not None else []
    while pending:
        node = pending.pop()
        while node is not None:
            item = node.get_object()
            fixed = known.get(_cle(str(item.get("/Title", ""))))
            if fixed:
                item[NameObject("/Title")] = TextStringObject(fixed)
            if "/First" in item:
                pending.append(item["/First"])
            node = item.get("/Next")
    version = version_du_livre()
    writer.add_metadata(
        {
            "/Title": titre,
            "/Author": auteurs(),
            "/Subject": f"{TITRE} : {SOUS_TITRE}. Version {version.libelle}",
            "/Keywords": f"version {version.numero}; {version.iso}",
            "/Creator": "territoires.pdf (Chromium par Playwright)",
        }
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _imprimer_page(page, url: str, sortie: Path, titre: str, lieu: str, base: str) -> None:
    page.goto(url, wait_until="load")
    page.emulate_media(media="print")
    titres = page.evaluate(PREPARE_JS, base)
    payload = page.pdf(
        format="A4",
        margin=MARGES,
        print_background=True,
        display_header_footer=True,
        header_template=en_tete(titre),
        footer_template=pied_de_page(lieu),
        outline=True,
        tagged=True,
    )
    paths.write_atomic(sortie, finir(payload, titres, page.title()))


def _refuser_hors_site(origine: str):
    def handler(route):
        if route.request.url.startswith(origine):
            route.continue_()
        else:
            route.abort()

    return handler


def _verifier_chromium() -> None:
    """A clear error before anything is printed when Debian's Chromium is not installed."""
    if not CHROMIUM.is_file():
        raise ImpressionImpossible(
            f"Impression des PDF impossible : {CHROMIUM} absent. Lancer `make browser-deps` "
            "(paquet Debian chromium), puis `make book`."
        )


@contextmanager
def navigateur(site: Path):
    """A Chromium page on the site served locally, every request elsewhere refused."""
    from playwright.sync_api import sync_playwright

    _verifier_chromium()
    with serveur(site) as origine, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="fr-FR")
            context.route("**/*", _refuser_hors_site(origine))
            yield context.new_page(), origine
        finally:
            browser.close()


def imprimer_pages(site: Path, docnames: list[str]) -> list[Path]:
    """Print some pages of a built site (a scenario's briefing sheets) into its PDF folder."""
    dossier = site / PDF_DOSSIER
    dossier.mkdir(parents=True, exist_ok=True)
    base, written = base_publique(), []
    with navigateur(site) as (page, origine):
        for name in docnames:
            sortie = dossier / pdf_du_document(name)
            lieu = adresse(name, base)
            _imprimer_page(page, urljoin(origine, f"{name}.html"), sortie, page_title(site, name), lieu, base)
            written.append(sortie)
    return written


def imprimer(site: Path = SITE, *, tout: bool = False, log=print) -> Rapport:
    """Print the PDFs of the built site that are out of date (all of them with `tout`)."""
    start = time.perf_counter()
    _verifier_chromium()
    docnames = pages_du_livre()
    missing = [name for name in docnames if not (site / f"{name}.html").is_file()]
    if missing:
        raise ImpressionImpossible(f"Impression des PDF impossible : pages absentes du site : {', '.join(missing)}")
    base = base_publique()
    dossier = site / PDF_DOSSIER
    dossier.mkdir(parents=True, exist_ok=True)
    etat_path = site.parent / ETAT
    etat = {} if tout else _lire_etat(etat_path)
    empreintes = {name: empreinte_page(site, name, base) for name in docnames}
    livre = hashlib.sha256("|".join(empreintes[n] for n in docnames).encode()).hexdigest()
    a_faire = [n for n in docnames if etat.get(n) != empreintes[n] or not (dossier / pdf_du_document(n)).is_file()]
    livre_a_faire = etat.get(PDF_LIVRE) != livre or not (dossier / PDF_LIVRE).is_file()
    durees: dict[str, float] = {}
    if a_faire or livre_a_faire:
        from playwright.sync_api import Error as PlaywrightError

        log(f"==> PDF A4 : {len(a_faire)} page(s){' et le livre entier' if livre_a_faire else ''} (Chromium)")
        try:
            with navigateur(site) as (page, origine):
                for name in a_faire:
                    t0 = time.perf_counter()
                    titre = page_title(site, name)
                    _imprimer_page(
                        page,
                        urljoin(origine, f"{name}.html"),
                        dossier / pdf_du_document(name),
                        titre,
                        adresse(name, base),
                        base,
                    )
                    durees[pdf_du_document(name)] = time.perf_counter() - t0
                    etat[name] = empreintes[name]
                if livre_a_faire:
                    t0 = time.perf_counter()
                    book = livre_html(site, docnames, origine)
                    url = urljoin(origine, f"{PDF_DOSSIER}/{LIVRE_HTML}")
                    page.route(url, lambda route: route.fulfill(body=book, content_type="text/html; charset=utf-8"))
                    lieu = f"{base}/" if base else "livre complet"
                    _imprimer_page(page, url, dossier / PDF_LIVRE, "livre complet", lieu, base)
                    durees[PDF_LIVRE] = time.perf_counter() - t0
                    etat[PDF_LIVRE] = livre
        except PlaywrightError as error:
            raise ImpressionImpossible(f"Impression des PDF interrompue : {error}") from error
        finally:
            etat_path.parent.mkdir(parents=True, exist_ok=True)
            paths.write_atomic(etat_path, (json.dumps(etat, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    rapport = Rapport()
    for nom in [*(pdf_du_document(n) for n in docnames), PDF_LIVRE]:
        pdf = dossier / nom
        rapport.pdfs.append(Imprime(nom, pdf.stat().st_size, nombre_de_pages(pdf), durees.get(nom, 0.0)))
    stale = {p.name for p in dossier.glob("*.pdf")} - {p.nom for p in rapport.pdfs}
    for name in sorted(stale):  # a page that left the table of contents
        (dossier / name).unlink()
    rapport.secondes = time.perf_counter() - start
    return rapport


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def page_title(site: Path, docname: str) -> str:
    """The page's title as its <title> gives it, without the site's title after it."""
    match = _TITLE.search((site / f"{docname}.html").read_text(encoding="utf-8"))
    text = html.unescape(match.group(1)) if match else docname
    return " ".join(text.split(" — ")[0].split()) if " — " in text else " ".join(text.split())


def resume(rapport: Rapport) -> str:
    """One line for the build's log."""
    livre = next(p for p in rapport.pdfs if p.nom == PDF_LIVRE)
    return (
        f"==> PDF A4 : {len(rapport.imprimes)} imprimé(s) sur {len(rapport.pdfs)} en {rapport.secondes:.0f} s ; "
        f"livre entier : {livre.pages} pages, {livre.octets / 1e6:.1f} Mo ; "
        f"ensemble : {rapport.octets / 1e6:.1f} Mo dans {PDF_DOSSIER}/"
    )


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m territoires.pdf", description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=SITE, help="dossier du site construit (_build/html)")
    parser.add_argument("--tout", action="store_true", help="tout réimprimer, même à jour")
    options = parser.parse_args(argv)
    try:
        rapport = imprimer(options.site.resolve(), tout=options.tout)
    except ImpressionImpossible as error:
        print(str(error), file=sys.stderr)
        return 1
    for pdf in rapport.pdfs:
        print(f"    {pdf.nom} : {pdf.pages} page(s), {pdf.octets / 1e3:.0f} ko, {pdf.secondes:.1f} s")
    print(resume(rapport))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
