"""Downloads that open as they should in a French spreadsheet: CSV with `;` and decimal
commas (UTF-8 with BOM, so Excel reads the accents), and XLSX. Both deterministic: the same
table gives the same bytes (no timestamp in the XLSX file)."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest date a ZIP entry can hold
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """`;`-separated, decimal comma, UTF-8 with BOM, LF line ends."""
    text = frame.to_csv(index=False, sep=";", decimal=",", lineterminator="\n")
    return text.encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str) -> bytes:
    """One sheet, header in bold, columns sized to their content; no creation date."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.properties.creator = "territoires"
    book.properties.created = book.properties.modified = pd.Timestamp("2000-01-01").to_pydatetime()
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
    """Rewrite the ZIP container with fixed entry dates, so equal tables give equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(payload))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time
                content = MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(entry, content)
    return output.getvalue()
