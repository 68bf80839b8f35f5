"""French typography of a piece of running text, by construction (used on every page by
`territoires.sphinx_typographie`).

Three rules, and nothing else:

- a narrow no-break space (U+202F) before « ; : ! ? » : it replaces the space there (plain,
  no-break, or a line break of the source), or is inserted when the sign ends a word
  (« Source: » → « Source : »); a sign inside a token is left alone (10:30, 1:2, a:b, ?x=1) ;
- a narrow no-break space after « and before » (replacing the space there, or inserted) ;
- the true minus sign (U+2212) for a hyphen that starts a number (« -5 », « (-0,3 % ») ; a
  hyphen between digits is a range or a code (« 15-64 ans », « 2021-02 ») and stays.

Web addresses are left as written. The function is idempotent: applying it twice changes
nothing more. The HTML never breaks a line at U+202F, so « : » or « » » cannot start a line.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"
MINUS = "\u2212"

# An address is kept as typed, whatever it holds (a "?" or ":" of an address is no punctuation).
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)
# Any whitespace run before a high sign, after « or before » (the narrow space included: idempotent).
_SPACE_BEFORE_SIGN = re.compile(r"\s+(?=[;:!?])")
_SPACE_AFTER_OPENING = re.compile(r"«(?:\s+|(?=\S))")
_SPACE_BEFORE_CLOSING = re.compile(r"(?:\s+|(?<=\S))»")
# A sign glued to the end of a word (letter, digit, closing mark), followed by a space, the end of
# the text, a closing sign, or in « ?! »: the space is missing. Followed by a letter, a digit or
# another colon, the sign is inside a token (10:30, 1:2, ?x=1, std::vector) and stays.
_MISSING_SPACE = re.compile(r"(?:(?<=[^\W_])|(?<=[)\]»%’”…]))(?=[;:!?](?:\s|$|[)\]»,.…’”])|[!?][!?])")
# A hyphen that starts a number: at the start, after a space or "(" — not between two digits.
_NEGATIVE = re.compile(r"(?<![^\s(])-(?=\d)")


def francais(text: str, before: str = "") -> str:
    """`text` with French typography. `before` is the character that precedes it on the page (the
    end of the previous piece of text of the same paragraph, split off by inline markup), so
    that « *Note*: » gets its space too; it is not part of the result."""
    lead = before[-1:] if before[-1:] and not before[-1:].isspace() else ""
    result = lead + text
    for pattern, replacement in _RULES:
        result = _outside_urls(pattern, replacement, result)
    return result[len(lead) :]


_RULES = (
    (_SPACE_AFTER_OPENING, "«" + NNBSP),
    (_SPACE_BEFORE_CLOSING, NNBSP + "»"),
    (_SPACE_BEFORE_SIGN, NNBSP),
    (_MISSING_SPACE, NNBSP),
    (_NEGATIVE, MINUS),
)


def _outside_urls(pattern: re.Pattern, replacement: str, text: str) -> str:
    urls = [url.span() for url in _URL.finditer(text)]

    def replace(match: re.Match) -> str:
        inside = any(start < match.end() and match.start() < end for start, end in urls)
        return match.group() if inside else replacement

    return pattern.sub(replace, text)
