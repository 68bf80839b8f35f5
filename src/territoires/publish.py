"""Gluing results into the book: text, tables and figure blocks.

Numbers in the prose are glued French strings. Tables and figure blocks are glued as
MyST Markdown (``{glue:md}`` with ``:format: myst``) so that each carries its number, its
label, its caption with the source and, for figures, the alt text and download links:
one place builds them, so none can be forgotten.

Text that comes from the data (labels, notes, names) is escaped, so that a note holding
HTML or Markdown characters renders as text, never as markup.
"""

from __future__ import annotations

import re
import string

import pandas as pd
from IPython.display import Markdown

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")


def escape(text) -> str:
    """Backslash-escape every ASCII punctuation character (CommonMark): renders as typed."""
    flat = " ".join(str(text).split())  # no line breaks inside a table cell or caption
    return _PUNCTUATION.sub(r"\\\1", flat)


def plain(text) -> str:
    """One-line text for a directive option (e.g. alt text): not parsed as Markdown, so no
    escaping; the HTML writer escapes it."""
    return " ".join(str(text).split())


def text(key: str, value: str) -> None:
    """Glue a French string for `{glue:text}` (returns nothing, so a cell ending with it
    displays nothing)."""
    from myst_nb import glue

    if not isinstance(value, str):
        raise TypeError(f"{key} : chaîne mise en forme attendue (fmt.number…), reçu {type(value).__name__}")
    glue(key, value, display=False)


def cite(source_ids) -> str:
    """`{cite:p}` role linking to the bibliography entries of the given sources."""
    ids = list(dict.fromkeys(source_ids))
    if not ids:
        raise ValueError("au moins une source attendue")
    return "{cite:p}`" + ",".join(ids) + "`"


def source_sentence(source_ids) -> str:
    ids = list(dict.fromkeys(source_ids))
    return ("Source : " if len(ids) == 1 else "Sources : ") + cite(ids) + "."


def markdown_table(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(escape(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(escape(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *body])


def table(key: str, frame: pd.DataFrame, *, caption: str, sources) -> None:
    """Glue a numbered, labelled table (label = key) with its caption and source line.

    `frame` should already hold display strings (French numbers); `caption` is trusted
    author text and may contain MyST roles.
    """
    from myst_nb import glue

    if frame.empty:
        raise ValueError(f"tableau {key!r} vide")
    block = (
        f":::{{table}} {caption} {source_sentence(sources)}\n:name: {key}\n:align: left\n\n"
        f"{markdown_table(frame)}\n:::\n"
    )
    glue(key, Markdown(block), display=False)


def figure(key: str, *, image_key: str, caption: str, alt: str, sources, downloads: str) -> None:
    """Glue a numbered figure block (label = key) pasting the glued image `image_key`."""
    from myst_nb import glue

    if not alt.strip():
        raise ValueError(f"figure {key!r} sans texte alternatif")
    block = (
        f":::{{glue:figure}} {image_key}\n:name: {key}\n:alt: {plain(alt)}\n\n"
        f"{caption} {source_sentence(sources)} Télécharger : {downloads}.\n:::\n"
    )
    glue(key, Markdown(block), display=False)
