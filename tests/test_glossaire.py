"""Glossary: every {term} of the book resolves to an entry of book/glossaire.md, every acronym
of the prose is defined there, and each page links the first use of each entry it uses.

Prose is the Markdown a reader sees: .md pages and notebook Markdown cells, without code,
fenced blocks (glued tables and figures), headings, labels and roles other than {term}.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from territoires import paths

GLOSSARY = paths.BOOK / "glossaire.md"

# Words of two capitals or more that are not acronyms.
NOT_ACRONYMS = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIX", "XX", "XXI"}
# Entries matched with their case: a capital changes the meaning (« l'Audomarois » is the
# territory, « le marais audomarois » an adjective). Entries in capitals always keep theirs.
PROPER_NOUNS = {"Audomarois", "Flandre-Audomarois", "Territoires d'industrie", "France Relance"}
# Pages whose first uses need not be linked, and why.
NO_LINKS_REQUIRED = {
    "book/glossaire.md": "la page des définitions elle-même",
}

ACRONYM = re.compile(r"\b[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9]+\b")
ROLE = re.compile(r"\{([\w:.-]+)\}`([^`]*)`")
TARGET = re.compile(r"^(.*?)\s*<([^<>]+)>\s*$", re.S)


def normal(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


# --- The glossary ------------------------------------------------------------------------


@dataclass
class Entry:
    """Terms sharing one definition (« CDI » and « CDD »), with the line of the first term."""

    terms: list[str]
    line: int
    definition: list[str] = field(default_factory=list)


def glossary_entries(text: str, where: str = "book/glossaire.md") -> list[Entry]:
    """Entries of the ```{glossary} blocks: unindented lines are terms, indented ones define."""
    entries: list[Entry] = []
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not inside:
            inside = stripped == "```{glossary}"
        elif stripped == "```":
            inside = False
        elif stripped and not line[0].isspace():
            if " : " in line:
                raise ValueError(f"{where}, ligne {number} : « {line} » : « : » y ferait un classificateur")
            if entries and not entries[-1].definition:
                entries[-1].terms.append(stripped)
            else:
                entries.append(Entry([stripped], number))
        elif stripped:
            if not entries:
                raise ValueError(f"{where}, ligne {number} : définition sans terme")
            entries[-1].definition.append(stripped)
    return entries


def entry_index(entries: list[Entry]) -> dict[str, int]:
    """Lower-cased term → its entry's position (Sphinx finds a term whatever its case)."""
    return {normal(term).lower(): i for i, entry in enumerate(entries) for term in entry.terms}


# --- The prose of a page -----------------------------------------------------------------


@dataclass
class Prose:
    """A Markdown text with everything but prose blanked out, offsets kept (for line numbers)."""

    where: str
    text: str  # prose without {term} roles
    roles: list[tuple[int, str, str]]  # (offset, display, target) of each {term} role

    def line(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def quoted(self, offset: int) -> bool:
        """Whether the offset is in a block quote (a quotation, such as a citation to copy)."""
        return self.text[self.text.rfind("\n", 0, offset) + 1 :].lstrip().startswith(">")


def blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def prose(markdown: str, where: str) -> Prose:
    lines, fence = [], False
    for line in markdown.split("\n"):
        stripped = line.strip()
        skip = fence or re.match(r"^(#{1,6} |\(.*\)=$|:::|:[\w-]+:)", stripped)
        if stripped.startswith("```"):
            fence = not fence if stripped == "```" or not fence else fence
            skip = True
        lines.append(" " * len(line) if skip else line)
    text = "\n".join(lines)
    roles = []
    for match in ROLE.finditer(text):
        if match.group(1) == "term":
            found = TARGET.match(match.group(2))
            display, target = (found.group(1), found.group(2)) if found else (match.group(2),) * 2
            roles.append((match.start(), normal(display), normal(target)))
    text = ROLE.sub(blank, text)
    for pattern in (r"`[^`]*`", r"\]\([^)]*\)", r"https?://\S+"):
        text = re.sub(pattern, blank, text)
    return Prose(where, text, roles)


def toc_pages() -> list[Path]:
    """The .md or .ipynb file of each page of the table of contents."""
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    md = [paths.ROOT / f"{f}.md" for f in files]
    return [page if page.exists() else page.with_suffix(".ipynb") for page in md]


def page_prose(page: Path) -> list[Prose]:
    """One Prose per .md page or per Markdown cell of a notebook."""
    if page.suffix == ".md":
        return [prose(page.read_text(encoding="utf-8"), paths.relative(page))]
    cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
    return [
        prose("".join(cell["source"]), f"{paths.relative(page)}, cellule {i}")
        for i, cell in enumerate(cells)
        if cell["cell_type"] == "markdown"
    ]


# --- The three checks, written to be run on any text -------------------------------------


def unresolved_terms(texts: list[Prose], entries: list[Entry]) -> list[str]:
    known = entry_index(entries)
    return [
        f"{p.where}, ligne {p.line(at)} : {{term}}`{target}` ne renvoie à aucune entrée du glossaire"
        for p in texts
        for at, _display, target in p.roles
        if target.lower() not in known
    ]


def undefined_acronyms(texts: list[Prose], entries: list[Entry]) -> list[str]:
    defined = {word for entry in entries for term in entry.terms for word in ACRONYM.findall(term)}
    problems = []
    for p in texts:
        words = [(m.start(), m.group(0)) for m in ACRONYM.finditer(p.text)]
        words += [(at, word) for at, display, _t in p.roles for word in ACRONYM.findall(display)]
        problems += [
            f"{p.where}, ligne {p.line(at)} : sigle « {word} » absent du glossaire"
            for at, word in sorted(words)
            if word not in defined | NOT_ACRONYMS
        ]
    return problems


def term_pattern(entries: list[Entry]) -> re.Pattern:
    """Any term of the glossary as a whole word, longest first (« CC BY » before « CC »)."""
    alternatives = []
    for term in sorted({t for e in entries for t in e.terms}, key=len, reverse=True):
        body = r"\s+".join(re.escape(word) for word in term.replace("'", "’").split())
        body = body.replace("’", "['’]")
        exact = term in PROPER_NOUNS or not re.search(r"[a-zà-ÿ]", term)
        alternatives.append(body if exact else f"(?i:{body})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")


def unlinked_first_uses(texts: list[Prose], entries: list[Entry]) -> list[str]:
    """For each entry a page uses, its first use must be a {term} role (or inside one)."""
    index, pattern = entry_index(entries), term_pattern(entries)
    uses: list[tuple[int, int, int, bool]] = []  # (text, offset, entry, linked)
    for n, p in enumerate(texts):
        for match in pattern.finditer(p.text):
            if not p.quoted(match.start()):
                uses.append((n, match.start(), index[normal(match.group(0)).lower()], False))
        for at, display, target in p.roles:
            if target.lower() in index:
                uses.append((n, at, index[target.lower()], True))
            for match in pattern.finditer(display):
                uses.append((n, at, index[normal(match.group(0)).lower()], True))
    problems, seen = [], set()
    for n, at, entry, linked in sorted(uses, key=lambda use: (use[0], use[1], not use[3])):
        if entry not in seen and not linked:
            term = " / ".join(entries[entry].terms)
            problems.append(
                f"{texts[n].where}, ligne {texts[n].line(at)} : première mention de « {term} » sans {{term}}"
            )
        seen.add(entry)
    return problems


# --- Tests on the book -------------------------------------------------------------------


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return glossary_entries(GLOSSARY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def book() -> dict[str, list[Prose]]:
    return {paths.relative(page): page_prose(page) for page in toc_pages()}


def test_the_glossary_defines_each_term_once(entries):
    assert len(entries) > 50
    assert not [e.terms for e in entries if not e.definition], "terme sans définition"
    terms = [normal(t).lower() for e in entries for t in e.terms]
    assert len(terms) == len(set(terms)), sorted({t for t in terms if terms.count(t) > 1})


@pytest.fixture(scope="module")
def definitions(entries) -> list[Prose]:
    """The definitions are prose too (the glossary page's ```{glossary} blocks are fenced)."""
    # Blank lines up to the definition's first line (after its terms), so line numbers are the file's.
    return [prose("\n" * (e.line + len(e.terms) - 1) + "\n".join(e.definition), "book/glossaire.md") for e in entries]


def test_every_term_role_resolves(book, definitions, entries):
    problems = [p for texts in [*book.values(), definitions] for p in unresolved_terms(texts, entries)]
    assert not problems, "\n".join(problems)


def test_every_acronym_of_the_prose_is_defined(book, definitions, entries):
    problems = [p for texts in [*book.values(), definitions] for p in undefined_acronyms(texts, entries)]
    assert not problems, "\n".join(problems)


def test_each_page_links_the_first_use_of_each_entry(book, entries):
    problems = [
        p for page, texts in book.items() if page not in NO_LINKS_REQUIRED for p in unlinked_first_uses(texts, entries)
    ]
    assert not problems, "\n".join(problems)


def test_glossary_terms_named_by_the_book_are_there(entries):
    """Notions the chapters rely on, that a reader must be able to look up."""
    known = entry_index(entries)
    wanted = [
        "quotient de localisation", "taux de remplacement", "chômage au sens du BIT",
        "chômage au sens du recensement", "population municipale", "unité urbaine",
        "zone d'emploi", "arrondissement", "millésime", "date déduite", "EP2B", "ACC", "SIG",
        "CRITT M2A", "LSEE", "CREPIM", "EILCO", "UIMM", "BMO", "SIFA", "SIREN",
    ]  # fmt: skip
    assert not [w for w in wanted if w.lower() not in known]


# --- The checks fail when they should ----------------------------------------------------

SAMPLE = """```{glossary}
EPCI
  Intercommunalité.

CDI
CDD
  Contrats.

Zone d'emploi
  Découpage.
```
"""


def test_the_checks_catch_what_they_are_for():
    entries = glossary_entries(SAMPLE)
    assert [e.terms for e in entries] == [["EPCI"], ["CDI", "CDD"], ["Zone d'emploi"]]
    good = prose("# Titre EPCI\n\nUn {term}`EPCI`, puis EPCI ; {term}`CDI et CDD <CDD>`, CDI.\n"
                 "La {term}`zone d'emploi`, les `EPCI`, une zone\nd'emploi.", "bon")  # fmt: skip
    assert unresolved_terms([good], entries) == []
    assert undefined_acronyms([good], entries) == []
    assert unlinked_first_uses([good], entries) == []

    bad = prose("Un EPCI puis {term}`EPCI`.\n\nLe {term}`SCOT` et la ZE.\nLa zone d'emploi.", "mauvais")
    assert unresolved_terms([bad], entries) == [
        "mauvais, ligne 3 : {term}`SCOT` ne renvoie à aucune entrée du glossaire"
    ]
    assert undefined_acronyms([bad], entries) == [
        "mauvais, ligne 3 : sigle « SCOT » absent du glossaire",
        "mauvais, ligne 3 : sigle « ZE » absent du glossaire",
    ]
    assert unlinked_first_uses([bad], entries) == [
        "mauvais, ligne 1 : première mention de « EPCI » sans {term}",
        "mauvais, ligne 4 : première mention de « Zone d'emploi » sans {term}",
    ]
    with pytest.raises(ValueError, match="ligne 2"):
        glossary_entries("```{glossary}\n  orpheline\n```")
