"""Gluing results into the book: text, tables and figure blocks.

Numbers in the prose are glued French strings. Tables and figure blocks are glued as
MyST Markdown (``{glue:md}`` with ``:format: myst``) so that each carries its number, its
label, its caption with the source and, for figures, the alt text and download links:
one place builds them, so none can be forgotten.

Text that comes from the data or from a user (labels, notes, names, scenario titles) goes
through `escape` (and tables through `markdown_table`), so that a note holding HTML, Markdown
or MyST characters renders as text, never as markup: these two are the MyST writers of
`territoires.ecriture`'s table.
"""

from __future__ import annotations

import re
import string

import pandas as pd
from IPython.display import Markdown

from . import paths
from .ecriture import one_line, xlsx_bytes

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_SOURCE_ID = re.compile(r"^[a-z0-9_]+$")


def escape(text) -> str:
    """Text as MyST inline text: one line (no break inside a table cell, caption or banner,
    no control character), every ASCII punctuation character backslash-escaped (CommonMark:
    no emphasis, link, HTML, role, substitution, math or directive can start): renders as typed."""
    return _PUNCTUATION.sub(r"\\\1", one_line(text))


def plain(text) -> str:
    """One-line text for a directive option (e.g. alt text): not parsed as Markdown, so no
    escaping; the HTML writer escapes it."""
    return one_line(text)


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
    strange = [i for i in ids if not isinstance(i, str) or not _SOURCE_ID.match(i)]
    if strange:  # a key is pasted into the role as is
        raise ValueError(f"identifiant de source snake_case attendu, reçu {strange[0]!r:.60}")
    return "{cite:p}`" + ",".join(ids) + "`"


def source_sentence(source_ids) -> str:
    ids = list(dict.fromkeys(source_ids))
    return ("Source : " if len(ids) == 1 else "Sources : ") + cite(ids) + "."


def markdown_table(frame: pd.DataFrame) -> str:
    """A GFM table, every header and cell escaped (a `|` in a cell stays in its cell)."""
    if frame.columns.empty:
        raise ValueError("tableau sans colonne")
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
    # The same table for a spreadsheet, beside it (book/downloads, as the figures' files).
    paths.write_atomic(paths.DOWNLOADS / f"{key}.xlsx", xlsx_bytes(frame, key[:31]))
    download = f"Télécharger : {{download}}`tableur XLSX <../book/downloads/{key}.xlsx>`."
    block = (
        f":::{{table}} {caption} {source_sentence(sources)} {download}\n:name: {key}\n:align: left\n\n"
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
