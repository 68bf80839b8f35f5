"""Live assumptions in a real browser (headless Debian Chromium, the built site).

For each chapter with live controls: 20 random combinations (seeded) are set with the page's own
controls; every marked number of the text, and the chart's title, must then be what the
chapter's Python model gives for the same parameters, formatted the same way; every fourth view,
the page reloaded from its address must show the same view (a reload costs a second: the model
check runs on all twenty). Also: the address refuses what it does not know (with
a visible notice, never as markup), the controls work with the keyboard, « Citer cette vue »
gives the address of the view, nothing is requested outside the site, axe finds no serious or
critical violation with the banner and notices shown, and without JavaScript the page is static.
"""

from __future__ import annotations

import random
import unicodedata
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import AXE, CHROMIUM
from crawl import AXE_JS, CHROMIUM_ARGS, is_external
from playwright.sync_api import sync_playwright

from territoires import vivant
from territoires.vivant_chapitres import VUES

pytestmark = pytest.mark.browser

COMBINAISONS = 20
RECHARGER_TOUTES_LES = 4  # views between two reloads from the address
BLOCKING_IMPACTS = {"serious", "critical"}
STEMS = sorted(VUES)

SHOWN_JS = """
(stem) => {
  const view = (window.territoiresVivant || []).find((v) => v.stem === stem);
  if (!view) return null;
  const texts = {};
  for (const key of view.data.cles) {
    texts[key] = [...document.querySelectorAll(`span.vivant.vivant-${key}`)].map(
      (span) => (span.querySelector(".pasted-text") || span).textContent,
    );
  }
  const caption = document.querySelector(`#vivant-${stem} figcaption`);
  return { texts, caption: caption ? caption.textContent : "" };
}
"""
SET_JS = """
([stem, indices]) => {
  for (const [name, index] of Object.entries(indices)) {
    const input = document.getElementById(`vivant-${stem}-${name}`);
    input.value = String(index);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }
}
"""


def page_of(stem: str) -> str:
    return f"notebooks/{stem}.html"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} absent : lancer `make browser-deps` (paquet Debian chromium).", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """A fresh context (a first-time reader) that records what leaves the site and the errors."""

    def __init__(self, browser, base_url: str, javascript: bool = True):
        self.external: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(
            locale="fr-FR", viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
        )

        def block(route):
            self.external.append(route.request.url)
            route.abort()

        self.context.route(lambda url: is_external(url, base_url), block)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def open(self, url: str):
        self.page.goto(url, wait_until="load")
        self.page.wait_for_function("() => Array.isArray(window.territoiresVivant)", timeout=15_000)
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, base_url):
    visits = []

    def make(javascript: bool = True) -> Visit:
        visits.append(Visit(browser, base_url, javascript))
        return visits[-1]

    yield make
    for v in visits:
        v.close()


def expected(stem: str, values: dict) -> tuple[dict[str, str], str]:
    """What the page must show for these control values: the model's strings, and the chart's title."""
    vue = VUES[stem]
    p = vue.parametres.valider({**vue.parametres().valeurs(), **values})
    R = vue.modele.compute(p)
    texts = {key: vivant.texte(function(p, R)) for key, function in vue.textes.items()}
    chart = vue.graphique(p, R)
    title = chart.get("textes", {}).get("titre") or chart["fond"]["titre"]
    return texts, vivant.texte(title)


def check_shown(page, stem: str, values: dict) -> None:
    texts, title = expected(stem, values)
    shown = page.evaluate(SHOWN_JS, stem)
    assert shown is not None, f"{stem} : vue vivante absente de la page"
    for key, text in texts.items():
        spans = shown["texts"][key]
        assert spans, f"{stem} : aucun nombre marqué pour {key}"
        assert all(s == text for s in spans), f"{stem} {values} : {key} affiche {spans}, le modèle donne « {text} »"
    assert shown["caption"].startswith(title), f"{stem} {values} : graphique « {shown['caption']} » ≠ « {title} »"


@pytest.mark.parametrize("stem", STEMS)
def test_random_views_show_the_model_and_reload_from_their_address(stem, visit, base_url):
    vue = VUES[stem]
    axes, _ = vivant.grille(vue, vue.parametres())
    v = visit()
    page = v.open(base_url + page_of(stem))
    defaults = {c.nom: getattr(vue.parametres(), c.nom) for c in vue.controles}
    check_shown(page, stem, defaults)  # the static page and the default point agree
    assert urlsplit(page.url).query == ""
    rng = random.Random(f"vivant-navigateur-{stem}")
    for n in range(COMBINAISONS):
        indices = {c.nom: rng.randrange(len(axis)) for c, axis in zip(vue.controles, axes)}
        values = {c.nom: axis[indices[c.nom]] for c, axis in zip(vue.controles, axes)}
        page.evaluate(SET_JS, [stem, indices])
        check_shown(page, stem, values)
        query = parse_qs(urlsplit(page.url).query)
        changed = {name for name, value in values.items() if value != defaults[name]}
        assert set(query) == changed, f"{stem} : adresse {page.url} pour {values}"
        banner = page.locator(".vivant-haut .vivant-bandeau")
        assert banner.is_visible() == bool(changed)
        if n % RECHARGER_TOUTES_LES != RECHARGER_TOUTES_LES - 1:
            continue
        url = page.url
        page = v.open(url)  # the address alone restores the view
        check_shown(page, stem, values)
        assert page.url == url
        assert page.locator(f"#vivant-{stem}-panneau").is_visible() == bool(changed)  # opened by the address
    assert not v.external, f"requêtes hors du site : {v.external}"
    assert not v.errors, f"erreurs dans la page : {v.errors}"


@pytest.mark.parametrize("stem", STEMS)
def test_the_address_never_injects_and_says_what_it_ignores(stem, visit, base_url):
    vue = VUES[stem]
    first = vue.controles[0].nom
    hostile = "<img src=x onerror=alert(1)>"
    v = visit()
    page = v.open(f"{base_url}{page_of(stem)}?{first}=123456&inconnu=1&{vue.controles[1].nom}={hostile}&highlight=x")
    notice = page.locator(".vivant-haut .vivant-avis")
    assert notice.is_visible()
    text = notice.inner_text()
    assert f"«\u202f{first} = 123456\u202f»" in text and "«\u202finconnu\u202f»" in text and "highlight" not in text
    assert "<img src=x" in text  # shown as text…
    assert page.locator(".vivant-haut img, .vivant-panneau img").count() == 0  # …never as markup
    defaults = {c.nom: getattr(vue.parametres(), c.nom) for c in vue.controles}
    check_shown(page, stem, defaults)  # nothing applied
    assert parse_qs(urlsplit(page.url).query) == {"inconnu": ["1"], "highlight": ["x"]}
    assert not v.errors and not v.external


@pytest.mark.parametrize("stem", STEMS)
def test_keyboard_reset_announce_and_cite(stem, visit, base_url):
    vue = VUES[stem]
    v = visit()
    page = v.open(base_url + page_of(stem))
    control = vue.controles[0]
    slider = page.locator(f"#vivant-{stem}-{control.nom}")
    toggle = page.locator(f"#{vue.figure} figcaption button.vivant-ouvrir")  # in the figure it redraws
    assert toggle.is_visible() and not slider.is_visible()  # closed: the chapter keeps its length
    assert page.evaluate(f"document.getElementById('{vue.figure}').nextElementSibling.id") == f"vivant-{stem}"
    toggle.focus()
    page.keyboard.press("Enter")  # opened from the keyboard
    assert slider.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    assert page.locator(f"label[for='vivant-{stem}-{control.nom}']").inner_text().strip()
    axis = vivant.valeurs(vue.parametres, control, getattr(vue.parametres(), control.nom))
    last = axis.index(getattr(vue.parametres(), control.nom)) == len(axis) - 1
    slider.focus()
    page.keyboard.press("Home" if last else "End")  # a slider or a select, from the keyboard alone
    check_shown(page, stem, {control.nom: axis[0] if last else axis[-1]})
    if vivant._choix(vue.parametres, control.nom):  # a select shows the chosen label itself
        assert slider.evaluate("(s) => s.selectedIndex") == (0 if last else len(axis) - 1)
    else:  # a slider says its value in words, as the number beside it shows it
        shown = page.locator(f"#vivant-{stem}-{control.nom}-valeur").inner_text()
        assert slider.get_attribute("aria-valuetext") == shown and shown
    page.wait_for_function(
        "(stem) => document.querySelector(`#vivant-${stem} [aria-live]`).textContent.length > 0", arg=stem
    )
    page.locator(f"#vivant-{stem} .vivant-panneau button", has_text="Citer cette vue").click()
    citation = page.locator(f"#vivant-{stem} .vivant-citation pre").text_content()
    assert f"?{control.nom}=" in citation and "Vue avec les hypothèses modifiées" in citation
    assert citation.startswith(page.locator(".citer-ce-chapitre pre").first.text_content().strip())
    reset = page.locator(".vivant-haut button", has_text="Revenir aux hypothèses du livre")
    reset.focus()
    page.keyboard.press("Enter")
    check_shown(page, stem, {control.nom: getattr(vue.parametres(), control.nom)})
    assert urlsplit(page.url).query == "" and not page.locator(".vivant-haut .vivant-bandeau").is_visible()
    assert page.locator(f"#vivant-{stem} [aria-live]").text_content() == "Hypothèses du livre rétablies."
    page.wait_for_timeout(600)  # longer than the announcements' delay: no late one overwrites it
    assert page.locator(f"#vivant-{stem} [aria-live]").text_content() == "Hypothèses du livre rétablies."
    assert not v.errors and not v.external


@pytest.mark.parametrize("stem", STEMS)
def test_no_serious_accessibility_violation_with_the_view_changed(stem, visit, base_url):
    vue = VUES[stem]
    v = visit()
    page = v.open(f"{base_url}{page_of(stem)}?{vue.controles[0].nom}=999&{vue.controles[-1].nom}=1")
    if not page.locator(f"#vivant-{stem}-panneau").is_visible():
        page.locator("button.vivant-ouvrir").click()
    page.locator(f"#vivant-{stem} .vivant-panneau button", has_text="Citer cette vue").click()
    page.add_script_tag(path=str(AXE))
    violations = [x for x in page.evaluate(AXE_JS) if x["impact"] in BLOCKING_IMPACTS]
    assert not violations, violations
    assert not v.external


@pytest.mark.parametrize("stem", STEMS)
def test_without_javascript_the_page_is_the_static_page(stem, visit, base_url):
    v = visit(javascript=False)
    v.page.goto(base_url + page_of(stem), wait_until="load")
    assert v.page.locator(".vivant-bloc").count() == 1
    assert not v.page.locator(".vivant-bloc").is_visible()
    assert v.page.locator(".vivant-haut, .vivant-panneau").count() == 0
    texts, _ = expected(stem, {})
    for key, text in texts.items():
        for span in v.page.locator(f"span.vivant.vivant-{key} .pasted-text").all():
            assert span.text_content() == text


@pytest.mark.parametrize("stem", STEMS[:2])
def test_a_changed_view_prints_with_its_banner_and_chart(stem, visit, base_url, tmp_path):
    from pypdf import PdfReader

    vue = VUES[stem]
    control = vue.controles[-1]
    axis = vivant.valeurs(vue.parametres, control, getattr(vue.parametres(), control.nom))
    value = next(v for v in reversed(axis) if v != getattr(vue.parametres(), control.nom))
    v = visit()
    page = v.open(f"{base_url}{page_of(stem)}?{control.nom}={value}")
    page.emulate_media(media="print")
    assert page.locator(f"#vivant-{stem} .vivant-panneau").is_visible()
    assert page.locator(f"#vivant-{stem} svg.vivant-svg").is_visible()
    assert not page.locator(f"#vivant-{stem}-{control.nom}").is_visible()  # the controls are not printed
    target = tmp_path / "vue.pdf"
    page.pdf(path=str(target), format="A4")
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in PdfReader(target).pages))
    assert "Hypothèses modifiées" in " ".join(text.split())  # NFKC: the PDF's « ﬁ » ligature
    page = v.open(base_url + page_of(stem))  # the book's view prints as the static page
    page.emulate_media(media="print")
    assert not page.locator(f"#vivant-{stem} .vivant-panneau").is_visible()
