"""Open the built book in headless Chromium and record, page by page, what a reader's browser
sees: console errors, failed or external requests, images, links, anchors, figure downloads
and the violations axe-core finds. The tests then assert on this record (one visit per page).
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

# Debian's Chromium with the flags the PDF step uses (no sandbox, no GPU, nothing in the background
# that would reach the network). Playwright gives each launch a fresh temporary profile (it refuses
# --user-data-dir in `launch`), so no state leaks from one run to the next.
from territoires.pdf import CHROMIUM_ARGS  # noqa: E402

THEME_MODE_MESSAGE = "Got invalid theme mode"
REDIRECT = re.compile(r"""<meta\s+http-equiv=["']refresh["']\s+content=["']\d+;\s*url=([^"']+)["']""", re.I)

# Runs in the page: waits for every image (lazy ones too), then lists what the tests check.
COLLECT_JS = """
async () => {
  const images = [...document.images];
  images.forEach((img) => { img.loading = "eager"; });
  await Promise.all(images.map((img) => img.decode().catch(() => null)));
  const figures = [...document.querySelectorAll("figure")];
  return {
    ids: [...document.querySelectorAll("[id], a[name]")].map((el) => el.id || el.getAttribute("name")),
    links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
    images: images.map((img) => ({
      src: img.currentSrc || img.src,
      alt: img.getAttribute("alt"),
      loaded: img.complete && img.naturalWidth > 0,
    })),
    downloads: figures
      .map((fig) => [...fig.querySelectorAll('a[href*="_downloads/"]')].map((a) => a.href))
      .filter((links) => links.length > 0),
  };
}
"""
AXE_JS = """
async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    count: v.nodes.length,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}
"""
SEARCH_DONE_JS = """
() => (document.querySelector("#search-results .search-summary")?.innerText || "").trim().length > 0
"""


@dataclass
class PageReport:
    name: str  # path in the site, e.g. "book/intro.html"
    console: list[str] = field(default_factory=list)  # errors, and any theme-mode complaint
    failed_requests: list[str] = field(default_factory=list)  # same origin, status >= 400 or failed
    external_requests: list[str] = field(default_factory=list)  # other origins (blocked)
    images: list[dict] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # absolute URLs of <a href>
    ids: set[str] = field(default_factory=set)
    downloads: list[list[str]] = field(default_factory=list)  # per figure, its _downloads/ links
    violations: list[dict] = field(default_factory=list)  # axe-core


@dataclass
class SearchReport:
    term: str
    summary: str
    results: int


@dataclass
class Crawl:
    base_url: str
    pages: dict[str, PageReport]
    search: SearchReport


@dataclass
class SitePages:
    pages: list[str]  # documents of the build, plus genindex.html and search.html
    redirects: dict[str, str]  # page that only redirects (meta refresh) -> its target
    stale: list[str]  # other .html files: left over by an earlier build of a removed page


def discover_pages(site_dir: Path) -> SitePages:
    """The pages the site lists: the documents of its search index (searchindex.js), plus
    genindex.html and search.html, real pages a reader reaches.

    The asset folders (`_static/` holds the theme's webpack template fragments; `_sources/`,
    `_images/`, `_downloads/`) hold no page. An incremental build leaves the HTML of a removed
    document in place: such files are reported apart, not checked.
    """
    text = (site_dir / "searchindex.js").read_text(encoding="utf-8")
    docnames = json.loads(text[text.index("(") + 1 : text.rindex(")")])["docnames"]
    pages = [f"{name}.html" for name in docnames]
    pages += [name for name in ("genindex.html", "search.html") if (site_dir / name).is_file()]
    redirects, stale = {}, []
    for path in sorted(site_dir.rglob("*.html")):
        name = path.relative_to(site_dir).as_posix()
        if name.startswith("_") or name in pages:
            continue
        match = REDIRECT.search(path.read_text(encoding="utf-8", errors="replace")[:4096])
        if match:
            redirects[name] = posixpath.normpath(posixpath.join(posixpath.dirname(name), match.group(1)))
        else:
            stale.append(name)
    return SitePages(sorted(pages), redirects, stale)


def same_origin(url: str, base_url: str) -> bool:
    return url.startswith(base_url)


def is_external(url: str, base_url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https", "ws", "wss") and not same_origin(url, base_url)


def crawl_site(
    site_dir: Path, base_url: str, pages: list[str], *, chromium: Path, axe: Path, search_term: str = "Béthune"
) -> Crawl:
    """Visit every page in a fresh browser context (as a first-time reader), then search."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        try:
            reports = {name: visit(browser, base_url, name, axe) for name in pages}
            search = run_search(browser, base_url, search_term)
        finally:
            browser.close()
    return Crawl(base_url, reports, search)


def new_context(browser, base_url: str, report: PageReport):
    """A context that blocks (and records) every request leaving the local site."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})

    def block(route):
        report.external_requests.append(route.request.url)
        route.abort()

    context.route(lambda url: is_external(url, base_url), block)
    return context


def listen(page, base_url: str, report: PageReport) -> None:
    def on_console(message):
        if message.type == "error" or THEME_MODE_MESSAGE in message.text:
            where = message.location.get("url", "")
            report.console.append(f"[{message.type}] {message.text}" + (f" ({where})" if where else ""))

    def on_response(response):
        if response.status >= 400 and same_origin(response.url, base_url):
            report.failed_requests.append(f"{response.status} {response.url}")

    def on_failure(request):
        if same_origin(request.url, base_url):
            report.failed_requests.append(f"échec ({request.failure}) {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: report.console.append(f"[exception] {error}"))
    page.on("response", on_response)
    page.on("requestfailed", on_failure)


def visit(browser, base_url: str, name: str, axe: Path) -> PageReport:
    report = PageReport(name)
    context = new_context(browser, base_url, report)
    try:
        page = context.new_page()
        listen(page, base_url, report)
        page.goto(base_url + name, wait_until="load")
        page.wait_for_load_state("networkidle")
        found = page.evaluate(COLLECT_JS)
        report.ids = set(found["ids"])
        report.links = found["links"]
        report.images = found["images"]
        report.downloads = found["downloads"]
        page.add_script_tag(path=str(axe))
        report.violations = page.evaluate(AXE_JS)
    finally:
        context.close()
    return report


def run_search(browser, base_url: str, term: str) -> SearchReport:
    """The site's own search page, as a reader uses it (search.html?q=…)."""
    report = PageReport("search.html")
    context = new_context(browser, base_url, report)
    try:
        page = context.new_page()
        page.goto(base_url + "search.html?q=" + term, wait_until="load")
        # Sphinx writes the summary once the search is over (empty until then).
        page.wait_for_function(SEARCH_DONE_JS, timeout=30_000)
        summary = page.inner_text("#search-results .search-summary").strip()
        return SearchReport(term, summary, page.locator("#search-results ul.search > li").count())
    finally:
        context.close()
