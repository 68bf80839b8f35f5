"""Writers of the generated text formats: text from the data or from a user always goes
through the one writer of its format, which escapes it by construction.

| Format | Writer |
|---|---|
| MyST Markdown (glued blocks, banners) | `publish.escape` (text), `publish.markdown_table` (tables) |
| BibTeX (`book/references.bib`) | `bibtex.entry` (text fields by `bibtex.text`, address by `bibtex.url`) |
| CSV (`scenarios/comparison.csv`) | `csv_bytes` |
| HTML | `html_text`; `html_neutral` where a template may or may not escape (site title) |
| YAML (variant book configuration) | `yaml.safe_dump` (quotes what it must) |
"""

from __future__ import annotations

import html
import math
import unicodedata

import pandas as pd

_CSV_QUOTED = frozenset(',"\r\n')
# Characters HTML gives a meaning to, each replaced by the look-alike that has none.
_HTML_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’"})


def one_line(text) -> str:
    """Text on one line: runs of white space (line breaks included) become one space, other
    control characters (NUL…) are dropped, as no format here can show them."""
    kept = "".join(ch for ch in str(text) if ch.isspace() or unicodedata.category(ch) != "Cc")
    return " ".join(kept.split())


# --- CSV ------------------------------------------------------------------------------------


def csv_cell(value) -> str:
    """One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break
    (the standard `csv` module leaves a lone carriage return unquoted with "\\n" endings)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        text = ""
    elif isinstance(value, float):
        text = repr(float(value))  # every digit (numpy's own repr names its type)
    else:
        text = str(value)
    if _CSV_QUOTED.intersection(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV: header, then one line per row, "\\n" endings."""
    lines = []
    for cells in [list(frame.columns), *frame.itertuples(index=False, name=None)]:
        line = ",".join(csv_cell(cell) for cell in cells)
        lines.append('""' if line == "" else line)  # a lone empty field is not a blank line
    return "".join(line + "\n" for line in lines).encode("utf-8")


# --- HTML -----------------------------------------------------------------------------------


def html_text(text) -> str:
    """Text for an HTML element or attribute: every markup character escaped."""
    return html.escape(str(text), quote=True)


def html_neutral(text) -> str:
    """Text for a place that some templates escape and others paste as is (Sphinx's
    `html_title`: escaped in `<title>`, not in the theme's navbar): no character HTML gives a
    meaning to, so it reads the same either way. `<`, `>`, `&` and quotes become look-alikes."""
    return one_line(text).translate(_HTML_LOOKALIKES)
