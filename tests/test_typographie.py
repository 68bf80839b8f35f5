"""French typography by construction, and a proofreading of the built site.

- `territoires.typographie.francais`: the three rules (narrow no-break space before « ; : ! ? »
  and inside « », true minus sign), what they must leave alone (addresses, times, ratios,
  ranges, codes), idempotence.
- `territoires.sphinx_typographie`: the rules reach the text of a page, never its code, math,
  raw HTML or an address shown as a link's text, including a sign split off by inline markup.
- `relecture(html)`: the proofreading of a page's visible text (spaces before signs, a sign
  starting a line, doubled words, redundant parentheses, two articles in a row), shown to fail on
  small samples; then (full tier) every page of the built site, and a small book built with the
  book's configuration (typography applied, no build date in the footer).
"""

import atexit
import json
import re
import shutil
import tempfile
from pathlib import Path

import petit_livre
import pytest
import yaml
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import configuration, given, settings
from hypothesis import strategies as st

from territoires import paths, sphinx_typographie
from territoires.typographie import MINUS, NNBSP, francais

HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="hypothesis-")  # nothing written in the working tree
configuration.set_hypothesis_home_dir(HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, HYPOTHESIS_HOME, ignore_errors=True)

N = NNBSP
SITE = paths.ROOT / "_build" / "html"

# --- the text function ---------------------------------------------------------------------------

CHANGED = [
    ("Source : Insee", f"Source{N}: Insee"),
    ("Source\u00a0: Insee", f"Source{N}: Insee"),
    ("Source: Insee", f"Source{N}: Insee"),
    ("Source:", f"Source{N}:"),
    ("a ; b ! c ?", f"a{N}; b{N}! c{N}?"),
    ("Quoi?!", f"Quoi{N}?!"),
    ("Quoi ?!", f"Quoi{N}?!"),
    ("ligne\n: suite", f"ligne{N}: suite"),
    ("12 %:", f"12 %{N}:"),
    ("(voir plus haut):", f"(voir plus haut){N}:"),
    ("« texte »", f"«{N}texte{N}»"),
    ("«\u00a0texte\u00a0»", f"«{N}texte{N}»"),
    ("«texte»", f"«{N}texte{N}»"),
    ("« Quoi?»", f"«{N}Quoi{N}?{N}»"),
    ("mot\n»", f"mot{N}»"),
    ("-5", f"{MINUS}5"),
    ("baisse de -5 %", f"baisse de {MINUS}5 %"),
    ("(-0,3 point)", f"({MINUS}0,3 point)"),
    ("de -1 234 à -12", f"de {MINUS}1 234 à {MINUS}12"),
    ("voir https://a.fr/x?y=1 : la page", f"voir https://a.fr/x?y=1{N}: la page"),
    ("écrire à contact@a.fr: merci", f"écrire à contact@a.fr{N}: merci"),
]

UNCHANGED = [
    "",
    "Texte sans signe.",
    "Il est 10:30, à 8:05.",
    "un ratio de 1:2 et 16:9",
    "a:b, std::vector, doc:intro",
    "https://a.fr/x?y=1&z=2",
    "http://a.fr:8080/chemin;param?q=!",
    "www.a.fr/page?x=1",
    "(https://a.fr/-5)",
    "contact@a.fr",
    "15-64 ans",
    "2021-02",
    "COVID-19, Hauts-de-France, A-26",
    "les 25-54 ans, 2019-2021",
    "tiret - 5 espacé",
    "x-5",
    f"Source{N}: Insee{N}; fin{N}! ou{N}?",
    f"«{N}texte{N}»",
    f"{MINUS}5",
    "?x=1",
    "«",
    "»",
    "etc.;",
]


@pytest.mark.parametrize(("text", "expected"), CHANGED)
def test_french_typography_is_applied(text, expected):
    assert francais(text) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_what_must_not_change_does_not(text):
    assert francais(text) == text


@pytest.mark.parametrize(
    ("text", "before", "expected"),
    [
        (": suite", "e", f"{N}: suite"),  # « **Note**: suite »
        ("»", "e", f"{N}»"),  # « « *Titre*» »
        (" : suite", "e", f"{N}: suite"),
        (": suite", " ", ": suite"),  # the space is the previous text's: the extension moves it
        (": suite", "", ": suite"),
        ("-5", "x", "-5"),  # « x-5 »: a code, not a negative number
        ("-5", "(", f"{MINUS}5"),
        ("30", "10:", "30"),
    ],
)
def test_the_previous_text_of_the_paragraph_is_context_only(text, before, expected):
    assert francais(text, before) == expected


PIECES = ["a", "Z", "é", "1", "0", " ", "\u00a0", N, "\n", ":", ";", "!", "?", "«", "»", "-", "(", ")", "%"]
PIECES += [".", ",", "/", "@", "https://", "www.", "a.fr", MINUS]


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.sampled_from(["", "a", " ", "«", "("]))
def test_typography_is_idempotent_and_only_touches_spaces_and_hyphens(text, before):
    once = francais(text, before)
    assert francais(once, before) == once
    # Only spaces are added or replaced, and hyphens made minus signs: the rest is as written.
    visible = re.compile(r"[\s]")
    assert visible.sub("", once).replace(MINUS, "-") == visible.sub("", text).replace(MINUS, "-")


# --- the Sphinx extension, on a docutils tree ------------------------------------------------------

RST = """\
Titre : essai!
==============

Source: Insee ; « cité » et **gras**: suite, *mot*
: après un saut de ligne. Baisse de -5 %, 15-64 ans.

Le code ``a : b -1`` reste, la formule :math:`a : b` aussi, l'adresse https://a.fr/x?y=1 : oui.

::

    bloc : littéral -1 « x »

.. raw:: html

    <p>brut : -1</p>
"""


@pytest.fixture
def page() -> nodes.document:
    doctree = publish_doctree(RST, settings_overrides={"report_level": 4, "doctitle_xform": False})
    sphinx_typographie.typographier(doctree)
    return doctree


def test_the_extension_sets_the_text_of_titles_and_paragraphs(page):
    assert page.next_node(nodes.title).astext() == f"Titre{N}: essai{N}!"
    first = page.next_node(nodes.paragraph).astext()
    assert first == (
        f"Source{N}: Insee{N}; «{N}cité{N}» et gras{N}: suite, mot{N}: après un saut de ligne. "
        f"Baisse de {MINUS}5 %, 15-64 ans."
    )


def test_the_extension_leaves_code_math_raw_html_and_addresses_as_written(page):
    assert [n.astext() for n in page.findall(nodes.literal)] == ["a : b -1"]
    assert [n.astext() for n in page.findall(nodes.math)] == ["a : b"]
    assert [n.astext() for n in page.findall(nodes.literal_block)] == ["bloc : littéral -1 « x »"]
    assert [n.astext() for n in page.findall(nodes.raw)] == ["<p>brut : -1</p>"]
    assert [n.astext() for n in page.findall(nodes.reference)] == ["https://a.fr/x?y=1"]
    assert f"https://a.fr/x?y=1{N}: oui." in page.astext()


def test_the_extension_is_idempotent(page):
    before = page.deepcopy().pformat()
    sphinx_typographie.typographier(page)
    assert page.pformat() == before


def test_a_text_equal_to_another_is_replaced_in_its_place():
    """Text nodes are strings: two "\\n" of one paragraph are equal, only the right one moves."""
    paragraph = nodes.paragraph("", "", nodes.Text("un."), nodes.Text("\n"), nodes.Text("deux"))
    paragraph += [nodes.Text("\n"), nodes.Text(": trois")]
    document = nodes.document(None, None)
    document += paragraph
    sphinx_typographie.typographier(document)
    assert paragraph.astext() == f"un.\ndeux{N}: trois"


def test_an_elision_before_inline_markup_keeps_its_apostrophe():
    """« l'{term}`INSEE` »: the smart quotes end the text node before the link with a closing quote."""
    link = nodes.reference("", "", nodes.Text("INSEE"), refuri="#insee")
    paragraph = nodes.paragraph("", "", nodes.Text("publiée par l”"), link, nodes.Text(", selon d'"))
    paragraph += nodes.emphasis("", "", nodes.Text("autres"))
    paragraph += nodes.Text(" ; il dit « oui ”")
    document = nodes.document(None, None)
    document += paragraph
    sphinx_typographie.typographier(document)
    assert paragraph.astext() == f"publiée par l’INSEE, selon d’autres{N}; il dit «{N}oui ”"
    assert not relecture(sample("<p>publiée par l’INSEE</p>"))
    assert relecture(sample("<p>publiée par l”<a href='#'>INSEE</a></p>"))


def test_the_book_uses_the_extension_and_prints_no_build_date():
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "territoires.sphinx_typographie" in config["sphinx"]["extra_extensions"]
    # None: no "last updated" line (an empty string would be Sphinx's default date format).
    assert config["sphinx"]["config"]["html_last_updated_fmt"] is None


# --- proofreading of a page's visible text ----------------------------------------------------------

BREAK = "\u2029"  # a block boundary or a <br>: the text may start a line there
HIDDEN = ["code", "pre", "script", "style", "kbd", "samp", "svg", "math", "noscript", "template", "textarea"]
BLOCKS = [
    *("address article aside blockquote caption dd details div dl dt fieldset figcaption figure").split(),
    *("footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p section summary table td th tr ul").split(),
    *("button label option title").split(),
]
SPACE = "[ \t\r\n\f\u00a0]"  # a space a line may break at, or a no-break space of the wrong width
LETTERS = r"[^\W\d_]+"
ALLOWED_DOUBLES = {"nous", "vous"}  # « nous nous sommes », « vous vous êtes »
ARTICLES = re.compile(rf"(?<![\w'’-])(le|la|les|du|des){SPACE}+(le|la|les|un|une|du|des)(?![\w-])", re.I)
ALLOWED_ARTICLES = {("la", "une")}  # « la une » d'un journal
CHECKS = [
    (re.compile(rf"\S{SPACE}+([;:!?])"), "espace ordinaire ou insécable avant « {0} »"),
    (
        re.compile(rf"(?<=[^\W_]|[)\]»%])([;:!?])(?={SPACE}|{BREAK}|$)"),
        "« {0} » collé au mot",
    ),
    (re.compile(rf"«({SPACE})"), "espace ordinaire ou insécable après « « »"),
    (re.compile(rf"\S({SPACE}+)»"), "espace ordinaire ou insécable avant « » »"),
    (re.compile(rf"{BREAK}\s*([;:!?»])"), "ligne qui commence par « {0} »"),
    # an elision written as a closing quote (« l”INSEE »: docutils' smart quotes before markup)
    (
        re.compile(r"(?<![^\W\d_])((?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)[”\"])(?=[^\W\d_])", re.I),
        "élision écrite avec un guillemet « {0} »",
    ),
]
DOUBLED = re.compile(rf"(?<![\w'’-])({LETTERS})(?:{SPACE}|{NNBSP})+\1(?![\w-])", re.I)
PARENTHESES = re.compile(r"\(([^()]+)\)\s*\(([^()]+)\)")


def visible_text(html: str) -> str:
    """The text a reader sees, outside code and scripts, with BREAK where a line may start."""
    soup = BeautifulSoup(html, "html.parser")
    body = soup.body or soup
    for tag in body.find_all(HIDDEN) + body.find_all(class_=["math", "MathJax"]):
        tag.replace_with("\ufffc")  # a stand-in: the words around it are not next to each other
    for tag in body.find_all("br"):
        tag.replace_with(BREAK)
    for tag in body.find_all(BLOCKS):
        tag.insert_before(BREAK)
        tag.append(BREAK)
    return body.get_text()


def relecture(html: str) -> list[str]:
    """The typographic faults and the slips of a page's visible text, each with its context."""
    text = visible_text(html)
    faults = []

    def fault(match: re.Match, message: str) -> None:
        context = text[max(match.start() - 30, 0) : match.end() + 30].replace(BREAK, "¶")
        faults.append(f"{message} : « {' '.join(context.split())} »")

    for pattern, message in CHECKS:
        for match in pattern.finditer(text):
            fault(match, message.format(match.group(1)))
    for match in DOUBLED.finditer(text):
        if match.group(1).lower() not in ALLOWED_DOUBLES:
            fault(match, f"mot répété « {match.group(1)} »")
    for match in ARTICLES.finditer(text):
        pair = (match.group(1).lower(), match.group(2).lower())
        if pair not in ALLOWED_ARTICLES and pair[0] != pair[1]:  # « le le » is a doubled word
            fault(match, "deux articles de suite")
    for match in PARENTHESES.finditer(text):
        first, second = ({w.lower() for w in re.findall(LETTERS, group)} for group in match.groups())
        if first and second and (first <= second or second <= first):
            fault(match, "parenthèses redondantes")
    return faults


def sample(body: str) -> str:
    return f"<html><head><title>Titre : x</title><style>p:hover {{}}</style></head><body>{body}</body></html>"


CLEAN = [
    f"<p>Source{N}: Insee{N}; «{N}cité{N}»{N}! Quoi{N}? Il est 10:30, ratio 1:2.</p>",
    "<p>Voir <code>a : b</code> et <pre>x ; y !</pre> <script>var a = 1 ? 2 : 3;</script></p>",
    '<p>Lien <a href="https://a.fr/x?y=1">https://a.fr/x?y=1</a>.</p>',
    f"<p>Nous nous sommes vus. De la une du journal. Un des sites, une des usines{N}!</p>",
    "<p>La population (2021) (source Insee) et les 15-64 ans.</p>",
    "<h2>Emploi</h2>\n<p>Emploi salarié</p>",  # two blocks: not a doubled word
    "<p>Le <code>x</code> x</p>",  # code in between
    '<p>Formule <span class="math">\\(a : b\\)</span>.</p>',
]

FAULTY = {
    "<p>Source : Insee</p>": "espace ordinaire ou insécable avant « : »",
    "<p>Source\u00a0; Insee</p>": "espace ordinaire ou insécable avant « ; »",
    "<p>Source<b>\n</b>! Insee</p>": "espace ordinaire ou insécable avant « ! »",
    "<p>Source: Insee</p>": "« : » collé au mot",
    "<p>Vraiment?</p>": "« ? » collé au mot",
    f"<p>« cité{N}»</p>": "espace ordinaire ou insécable après « « »",
    f"<p>«{N}cité\u00a0»</p>": "espace ordinaire ou insécable avant « » »",
    f"<p>«{N}cité<br/>{N}»</p>": "ligne qui commence par « » »",
    f"<p>Titre</p><p>{N}: suite</p>": "ligne qui commence par « : »",
    "<p>Les habitants habitants du territoire.</p>": "mot répété « habitants »",
    "<p>Le le territoire.</p>": "mot répété « Le »",
    "<p>Des <em>emplois</em>\nemplois.</p>": "mot répété « emplois »",
    "<p>Voir le Les données.</p>": "deux articles de suite",
    "<p>Publié en 2021 (déduite) (date déduite).</p>": "parenthèses redondantes",
}


@pytest.mark.parametrize("body", CLEAN)
def test_proofreading_passes_a_clean_page(body):
    assert relecture(sample(body)) == []


@pytest.mark.parametrize("body", sorted(FAULTY))
def test_proofreading_finds_the_fault(body):
    faults = relecture(sample(body))
    assert faults and all(f.startswith(FAULTY[body]) for f in faults), faults


def test_a_page_set_by_the_typography_passes_the_proofreading():
    text = "Source : Insee ; « cité » ! Quoi ? Baisse de -5 %, un ratio 1:2 à 10:30."
    assert relecture(sample(f"<p>{text}</p>")) != []
    assert relecture(sample(f"<p>{francais(text)}</p>")) == []


# --- the built site (full tier) ---------------------------------------------------------------------


def built_pages(site: Path) -> list[Path]:
    if not (site / "index.html").is_file():
        pytest.fail(f"Livre non construit : {site}/index.html absent. Lancer `make book`.", pytrace=False)
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    docnames = json.loads(text[text.index("(") + 1 : text.rindex(")")])["docnames"]
    return [site / f"{name}.html" for name in docnames] + [site / "genindex.html", site / "search.html"]


@pytest.mark.full
def test_every_page_of_the_site_is_proofread():
    faults = [
        f"{path.relative_to(SITE).as_posix()} : {fault}"
        for path in built_pages(SITE)
        for fault in relecture(path.read_text(encoding="utf-8"))
    ]
    assert not faults, f"{len(faults)} fautes de typographie ou de relecture :\n" + "\n".join(faults)


@pytest.fixture(scope="module")
def small_book(tmp_path_factory) -> Path:
    """A two-page book with the book's `_config.yml`, templates and bibliography."""
    folder = tmp_path_factory.mktemp("livre_typographie")
    chapter = (
        "# Chapitre : emploi!\n\nSource: Insee ;\n« cité » et **gras**: suite, *mot*\n: après un saut."
        " Baisse de -5 %, 15-64 ans, 10:30, https://a.fr/x?y=1.\n\nCode `a : b` et $a : b$.\n\n"
        "```python\nx = {'a' : -1}\n```\n"
    )
    pages = {"index": "# Accueil : essai\n\nTexte.\n", "notebooks/chapitre": chapter}
    return petit_livre.build(folder, (paths.ROOT / "_config.yml").read_bytes(), pages)


@pytest.mark.full
def test_a_book_built_with_the_extension_passes_the_proofreading(small_book):
    chapter = (small_book / "notebooks" / "chapitre.html").read_text(encoding="utf-8")
    assert f"Source{N}: Insee{N};\n«{N}cité{N}» et <strong>gras</strong>{N}: suite, <em>mot</em>{N}: après" in chapter
    assert f"Baisse de {MINUS}5 %, 15-64 ans, 10:30, https://a.fr/x?y=1." in chapter
    assert f"Chapitre{N}: emploi{N}!" in (small_book / "index.html").read_text(encoding="utf-8")  # navigation
    faults = [
        f"{path.name} : {fault}"
        for path in built_pages(small_book)
        for fault in relecture(path.read_text(encoding="utf-8"))
    ]
    assert not faults, "\n".join(faults)


@pytest.mark.full
def test_the_footer_has_no_build_date(small_book):
    html = (small_book / "notebooks" / "chapitre.html").read_text(encoding="utf-8")
    assert "last-updated" not in html and "docbuild:last-update" not in html
    assert "Mis à jour" not in html
