"""Fixtures of the browser tests: the built site, a local HTTP server, one crawl in Chromium.

The book must be built first (`make book`; `make test` does it before pytest). Without
`_build/html/index.html`, Chromium or axe-core, the tests fail with a message that says
what to run: they never skip silently.
"""

from __future__ import annotations

import http.server
from pathlib import Path

import pytest
from crawl import Crawl, crawl_site, discover_pages

from territoires import pdf

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of the site, without one log line per request."""

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(
            "Livre non construit : _build/html/index.html absent. Lancer `make book` "
            "(ou `make test`, qui le construit avant les tests).",
            pytrace=False,
        )
    return SITE


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    """The site served on 127.0.0.1, on a free port, for the whole session (the PDF step's server)."""
    with pdf.serveur(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def crawl(site_dir: Path, base_url: str) -> Crawl:
    """Every page opened once in Chromium (with axe-core), plus one search; browser closed after."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} absent : lancer `make browser-deps` (paquet Debian chromium).", pytrace=False)
    if not AXE.is_file():
        pytest.fail("axe-core absent (tests/browser/node_modules) : lancer `make browser-deps`.", pytrace=False)
    pages = discover_pages(site_dir).pages
    if not pages:
        pytest.fail(f"Aucune page HTML dans {site_dir}", pytrace=False)
    return crawl_site(site_dir, base_url, pages, chromium=CHROMIUM, axe=AXE)
