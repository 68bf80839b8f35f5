"""Shared code of the book on two industrial territories of northern France.

Notebooks import from here: data loaders (validated against the Table Schema of the data
package), the chapters' models (`chapitres`: typed parameters, `compute`) and their results
records (`resultats`), the figures (`figures`), scenarios, French number formatting, the house
chart style and geography helpers.
"""

__all__ = ["chapitres", "charts", "data", "figures", "fmt", "geo", "paths", "resultats", "scenarios", "schema"]
