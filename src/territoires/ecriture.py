"""Writers of the generated text formats: text from the data or from a user always goes
through the one writer of its format, which escapes it by construction.

| Format | Writer |
|---|---|
| MyST Markdown (glued blocks, banners) | `publish.escape` (text), `publish.markdown_table` (tables) |
| BibTeX (`book/references.bib`) | `bibtex.entry` (text fields by `bibtex.text`, address by `bibtex.url`) |
| CSV (`scenarios/comparison.csv`, processed tables) | `csv_bytes`, `csv_cell` |
| CSV for a French spreadsheet (`;`, decimal comma) and XLSX (downloads) | `csv_tableur_bytes`, `xlsx_bytes` |
| HTML | `html_text`; `html_neutral` where a template may or may not escape (site title) |
| YAML (variant book configuration) | `yaml.safe_dump` (quotes what it must) |
"""

from __future__ import annotations

import html
import io
import math
import re
import unicodedata
import zipfile

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


def csv_cell(value, separator: str = ",", decimal: str = ".") -> str:
    """One CSV field (RFC 4180): quoted when it holds the separator, a quote or a line break
    (the standard `csv` module leaves a lone carriage return unquoted with "\\n" endings)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        text = ""
    elif isinstance(value, float):
        text = repr(float(value)).replace(".", decimal)  # every digit (numpy's own repr names its type)
    else:
        text = str(value)
    if (_CSV_QUOTED - {","} | {separator}).intersection(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV: header, then one line per row, "\\n" endings."""
    lines = []
    for cells in [list(frame.columns), *frame.itertuples(index=False, name=None)]:
        line = ",".join(csv_cell(cell) for cell in cells)
        lines.append('""' if line == "" else line)  # a lone empty field is not a blank line
    return "".join(line + "\n" for line in lines).encode("utf-8")


def csv_tableur_bytes(frame: pd.DataFrame) -> bytes:
    """The same for a spreadsheet in French: `;`, decimal comma, UTF-8 with BOM (so that Excel
    reads the accents), "\\n" endings."""
    lines = [
        ";".join(csv_cell(cell, ";", ",") for cell in cells)
        for cells in [list(frame.columns), *frame.itertuples(index=False, name=None)]
    ]
    return "".join(line + "\n" for line in lines).encode("utf-8-sig")


_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest date a ZIP entry can hold
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def xlsx_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    """One sheet, bold header, columns sized to their content, no timestamp anywhere: the same
    table gives the same bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.properties.creator = "territoires"
    table = book.active
    table.title = sheet[:31]
    table.append(list(frame.columns))
    for cell in table[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        table.append([None if pd.isna(v) else v for v in row])
    for index, column in enumerate(frame.columns, start=1):
        width = max([len(str(column)), *(len(str(v)) for v in frame[column])])
        table.column_dimensions[get_column_letter(index)].width = min(width + 2, 80)
    table.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return _without_timestamps(buffer.getvalue())


def _without_timestamps(payload: bytes) -> bytes:
    """Rewrite the ZIP container with fixed entry dates and a fixed document date."""
    source = zipfile.ZipFile(io.BytesIO(payload))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename.startswith("docProps/core.xml"):  # openpyxl stamps the creation and save times
                content = _STAMP.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(entry, content)
    return output.getvalue()


# --- HTML -----------------------------------------------------------------------------------


def html_text(text) -> str:
    """Text for an HTML element or attribute: every markup character escaped."""
    return html.escape(str(text), quote=True)


def html_neutral(text) -> str:
    """Text for a place that some templates escape and others paste as is (Sphinx's
    `html_title`: escaped in `<title>`, not in the theme's navbar): no character HTML gives a
    meaning to, so it reads the same either way. `<`, `>`, `&` and quotes become look-alikes."""
    return one_line(text).translate(_HTML_LOOKALIKES)
