"""The book as a briefing reader sees it, in Chromium: chapters short enough to finish, charts
shown at their own size (their text then stays above 80 % of the body size, as
territoires.lisibilite checks when they are drawn), and a phone (390 px) reading the chapters
without a serious accessibility violation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from crawl import AXE_JS, CHROMIUM_ARGS, discover_pages
from playwright.sync_api import sync_playwright

from territoires import lisibilite, pdf

pytestmark = pytest.mark.full

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1300, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENS_MAX = 12.5  # "about 12 screens" at 1 300 × 900
PHONE_CHARTS = ("fig-synthese-profil",)  # drawn for a phone's column (small multiples): no scrolling

MEASURE_JS = """
() => {
  const body = document.querySelector("article p");
  const images = [...document.querySelectorAll("figure img")].map((img) => ({
    src: img.currentSrc || img.src,
    figure: img.closest("figure")?.id || "",
    strip: Boolean(img.closest(".graphique-defilant[tabindex='0']")),
    natural: img.naturalWidth,
    shown: img.getBoundingClientRect().width,
  }));
  return {
    height: document.documentElement.scrollHeight,
    bodyFont: body ? parseFloat(getComputedStyle(body).fontSize) : null,
    images,
  };
}
"""


@dataclass
class Reading:
    height: float
    body_font: float | None
    images: list[dict]
    violations: list[dict]


def _chapters(site_dir) -> list[str]:
    return [p for p in discover_pages(site_dir).pages if p.startswith("notebooks/")]


def _read(browser, base_url: str, name: str, viewport: dict, axe=None) -> Reading:
    page = browser.new_page(viewport=viewport)
    try:
        page.goto(base_url + name, wait_until="load")
        page.evaluate("Promise.all([...document.images].map((i) => i.decode().catch(() => null)))")
        found = page.evaluate(MEASURE_JS)
        violations = []
        if axe is not None:
            page.add_script_tag(path=str(axe))
            violations = page.evaluate(AXE_JS)
        return Reading(found["height"], found["bodyFont"], found["images"], violations)
    finally:
        page.close()


@pytest.fixture(scope="module")
def readings(site_dir, base_url):
    pages = _chapters(site_dir)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(pdf.CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            desktop = {name: _read(browser, base_url, name, DESKTOP) for name in pages}
            phone = {name: _read(browser, base_url, name, PHONE, axe=AXE) for name in pages}
        finally:
            browser.close()
    return desktop, phone


def test_every_chapter_fits_in_about_twelve_screens(readings):
    desktop, _ = readings
    too_long = {
        name: round(r.height / DESKTOP["height"], 1)
        for name, r in desktop.items()
        if r.height > SCREENS_MAX * DESKTOP["height"]
    }
    assert not too_long, f"chapitres de plus de {SCREENS_MAX} écrans à 1 300 × 900 : {too_long}"


def test_the_body_text_is_the_size_the_charts_are_drawn_for(readings):
    desktop, _ = readings
    sizes = {r.body_font for r in desktop.values() if r.body_font}
    assert sizes == {lisibilite.CORPS_PX}


def test_charts_are_shown_at_their_own_size_on_a_desktop(readings):
    """A chart shrunk to fit the column would have smaller text than drawn."""
    desktop, _ = readings
    shrunk = [
        f"{name} : {img['src'].rsplit('/', 1)[-1]} ({img['shown']:.0f} px pour {img['natural']} px)"
        for name, r in desktop.items()
        for img in r.images
        if img["natural"] and img["shown"] < 0.99 * img["natural"]
    ]
    assert not shrunk, "figures réduites à l'écran :\n" + "\n".join(shrunk)


def test_charts_keep_their_size_on_a_phone(readings):
    """On a 390 px screen a chart is not shrunk (its text would fall below reading size): it
    scrolls sideways in a strip the keyboard reaches, unless it was drawn for a phone."""
    _, phone = readings
    seen = set()
    for name, r in phone.items():
        for img in r.images:
            assert img["shown"] >= 0.99 * img["natural"], f"{name} : {img}"
            assert img["figure"] in PHONE_CHARTS or img["strip"], f"{name} : {img['figure']} sans bande défilante"
            seen.add(img["figure"])
    assert set(PHONE_CHARTS) <= seen


def test_no_serious_accessibility_violation_on_a_phone(readings):
    _, phone = readings
    serious = {
        name: [
            f"{v['id']} ({v['impact']}) : {v['help']}" for v in r.violations if v["impact"] in ("serious", "critical")
        ]
        for name, r in phone.items()
    }
    serious = {name: found for name, found in serious.items() if found}
    assert not serious, f"violations graves à 390 px : {serious}"
