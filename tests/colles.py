"""What a notebook glued for the book: the strings stored in its outputs (helper of the tests)."""

from __future__ import annotations

import ast

RECORD = "application/papermill.record/text/plain"


def textes_colles(nb) -> dict[str, str]:
    """Glue name → string, for every text a notebook (nbformat or JSON dict) glued."""
    values = {}
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            text = output.get("data", {}).get(RECORD)
            if name and text is not None and "".join(text)[:1] in "'\"":
                values[name] = ast.literal_eval("".join(text))
    return values
