"""The built book as a reader's browser sees it (headless Chromium, axe-core).

Every page of `_build/html` is opened once (fixture `crawl`, see crawl.py); each test checks
one aspect over all pages and lists every problem it finds, page by page.
"""

from __future__ import annotations

import html
import posixpath
import re
import urllib.error
import urllib.request
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from crawl import Crawl, discover_pages, same_origin

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = {"serious", "critical"}
DOWNLOAD_KINDS = {".png", ".svg", ".csv"}
ID_ATTRIBUTE = re.compile(r"""\s(?:id|name)=["']([^"']+)["']""")


def report(title: str, problems: list[str]) -> str:
    shown = problems[:60]
    more = f"\n  … et {len(problems) - len(shown)} autres" if len(problems) > len(shown) else ""
    return f"{title} ({len(problems)}) :\n  " + "\n  ".join(shown) + more


def test_every_page_was_visited(crawl: Crawl, site_dir: Path):
    site = discover_pages(site_dir)
    assert sorted(crawl.pages) == site.pages
    assert "index.html" in site.pages or "index.html" in site.redirects, "pas de page d'accueil index.html"
    if site.stale:
        warnings.warn(
            f"Pages HTML d'une construction antérieure (document supprimé), non vérifiées : {site.stale}. "
            "`make clean book` les retire.",
            stacklevel=1,
        )


def test_no_console_error(crawl: Crawl):
    problems = [f"{page.name}: {line}" for page in crawl.pages.values() for line in page.console]
    assert not problems, report("Erreurs dans la console du navigateur", problems)


def test_no_failed_request(crawl: Crawl):
    problems = [f"{page.name}: {line}" for page in crawl.pages.values() for line in page.failed_requests]
    assert not problems, report("Ressources du site introuvables ou en échec", problems)


def test_no_request_leaves_the_site(crawl: Crawl):
    """The book reads offline: no font, script or image from another site (all blocked here)."""
    problems = [f"{page.name}: {url}" for page in crawl.pages.values() for url in page.external_requests]
    assert not problems, report("Requêtes vers un autre site", problems)


def test_images_load_and_have_alt_text(crawl: Crawl):
    problems = []
    for page in crawl.pages.values():
        for image in page.images:
            if not image["loaded"]:
                problems.append(f"{page.name}: image non chargée {image['src']}")
            if not (image["alt"] or "").strip():
                problems.append(f"{page.name}: image sans texte alternatif {image['src']}")
    assert not problems, report("Images", problems)


def static_ids(path: Path) -> set[str]:
    return {html.unescape(value) for value in ID_ATTRIBUTE.findall(path.read_text(encoding="utf-8"))}


def link_problem(href: str, crawl: Crawl, site_dir: Path, ids_of) -> str | None:
    """None when an internal link reaches an existing file (and anchor), else what is wrong."""
    parts = urlsplit(href)
    name = unquote(parts.path[len(urlsplit(crawl.base_url).path) :])
    if name == "" or name.endswith("/"):
        name += "index.html"
    target = site_dir / name
    if not target.is_file():
        return f"fichier absent {name}"
    anchor = unquote(parts.fragment)
    if anchor and target.suffix == ".html" and anchor not in ids_of(name):
        return f"ancre absente {name}#{anchor}"
    return None


def test_internal_links_resolve(crawl: Crawl, site_dir: Path):
    cache: dict[str, set[str]] = {}

    def ids_of(name: str) -> set[str]:
        if name in crawl.pages:
            return crawl.pages[name].ids
        return cache.setdefault(name, static_ids(site_dir / name))

    problems = []
    for page in crawl.pages.values():
        for href in sorted(set(page.links)):
            if same_origin(href, crawl.base_url):
                problem = link_problem(href, crawl, site_dir, ids_of)
                if problem:
                    problems.append(f"{page.name}: {problem}")
    redirects = discover_pages(site_dir).redirects
    problems += [
        f"{name}: redirection vers {target}, absent"
        for name, target in redirects.items()
        if not (site_dir / target).is_file()
    ]
    assert not problems, report("Liens internes cassés", problems)


def test_no_serious_accessibility_violation(crawl: Crawl):
    """axe-core on every page: no violation of impact serious or critical (moderate are reported)."""
    blocking, other = [], []
    for page in crawl.pages.values():
        for v in page.violations:
            line = f"{page.name}: [{v['impact']}] {v['id']} ({v['count']} nœud(s)) {v['help']} : {v['targets']}"
            (blocking if v["impact"] in BLOCKING_IMPACTS else other).append(line)
    if other:
        warnings.warn(report("Accessibilité, problèmes mineurs ou modérés (axe-core)", other), stacklevel=1)
    assert not blocking, report("Accessibilité : violations graves ou critiques (axe-core)", blocking)


def test_search_finds_the_book_text(crawl: Crawl):
    search = crawl.search
    assert search.results >= 1, f"La recherche de « {search.term} » ne trouve rien : {search.summary!r}"


def fetch(url: str) -> tuple[int, int]:
    """Status and size of a local URL, bypassing any proxy of the environment."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0


def test_figure_downloads_are_served(crawl: Crawl):
    figures = [(page.name, links) for page in crawl.pages.values() for links in page.downloads]
    assert figures, "aucune figure du livre n'offre de téléchargement (_downloads/) : liens perdus ?"
    problems = []
    for name, links in figures:
        kinds = {posixpath.splitext(urlsplit(url).path)[1].lower() for url in links}
        if DOWNLOAD_KINDS - kinds:
            problems.append(f"{name}: figure sans {', '.join(sorted(DOWNLOAD_KINDS - kinds))} : {links}")
        for url in links:
            status, size = fetch(url)
            if status != 200 or size == 0:
                problems.append(f"{name}: {url} → {status}, {size} octets")
    assert not problems, report("Téléchargements des figures", problems)
