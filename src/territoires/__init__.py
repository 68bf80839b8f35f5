"""Shared code of the book on two industrial territories of northern France.

Notebooks import from here: data loaders (validated against the Frictionless
schema), French number formatting, the house chart style, geography helpers and
the validation of reader-changeable parameters.
"""

__all__ = ["charts", "data", "fmt", "geo", "params", "paths", "schema"]
