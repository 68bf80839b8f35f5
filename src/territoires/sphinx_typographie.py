"""Sphinx extension: French typography on the text of every page (`territoires.typographie`).

It rewrites the docutils text nodes, never the markup: code (inline and blocks), raw HTML,
math, comments and addresses shown as link text are left as written. It runs twice, both
idempotent: as a transform when a page is read (the titles the navigation and the other
pages reuse are then already right), and once the page is resolved (the bibliography and the
cross-references are filled in late).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

from territoires.typographie import NNBSP, francais

# A sign that takes a narrow no-break space before it.
SIGNS = set(";:!?»")
# An elided word at the end of a text node, before inline markup (« l'{term}`INSEE` »): docutils'
# smart quotes see a closing quote there, and write « l”INSEE » in French.
ELISION_AVANT_BALISE = re.compile(r"(?<![^\W\d_])([cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)[”']$", re.IGNORECASE)

# Text under these nodes is shown as written.
VERBATIM = (
    nodes.FixedTextElement,  # literal_block, doctest_block, math_block, raw, comment, address
    nodes.literal,
    nodes.math,
    nodes.raw,
    nodes.comment,
    nodes.substitution_definition,
    nodes.target,
)


def verbatim(node: nodes.Node) -> bool:
    for parent in _ancestors(node):
        if isinstance(parent, VERBATIM):
            return True
        if isinstance(parent, nodes.reference) and parent.astext() == parent.get("refuri"):
            return True  # an address shown as the link's text
    return False


def block_of(node: nodes.Node) -> nodes.Node | None:
    """The paragraph, title or cell a text belongs to: inline markup splits a sentence into
    several text nodes, and a sign at the start of one follows the end of the previous one."""
    for parent in _ancestors(node):
        if not isinstance(parent, nodes.Inline):
            return parent
    return None


def _ancestors(node: nodes.Node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def typographier(doctree: nodes.Node) -> None:
    previous, previous_block = None, None  # the last text node, and its block
    for text in list(doctree.findall(nodes.Text)):
        block = block_of(text)
        same_block = previous is not None and block is previous_block
        if same_block and str(text)[:1].isalpha() and not verbatim(previous):
            previous = _replace(previous, ELISION_AVANT_BALISE.sub(r"\1’", str(previous)))
        if not verbatim(text):
            new = francais(str(text), str(previous)[-1:] if same_block else "")
            if same_block and new[:1] in SIGNS and str(previous)[-1:].isspace() and not verbatim(previous):
                # "ligne\n" then ": suite" (a line break of the source, or inline markup between)
                _replace(previous, str(previous).rstrip())
                new = NNBSP + new
            text = _replace(text, new)
        previous, previous_block = text, block


def _replace(text: nodes.Text, new: str) -> nodes.Text:
    if new == str(text):
        return text
    replacement = nodes.Text(new)
    parent = text.parent
    # By identity: text nodes are strings, and `parent.replace` would take the first equal one.
    parent[next(i for i, child in enumerate(parent.children) if child is text)] = replacement
    return replacement


class Typographie(SphinxTransform):
    # Before Sphinx collects the titles (doctree-read, at 880) and after the substitutions; the
    # values glued from another notebook come later, and doctree-resolved sees them.
    default_priority = 870

    def apply(self, **kwargs) -> None:
        typographier(self.document)


def on_doctree_resolved(app, doctree, docname) -> None:
    typographier(doctree)


def setup(app):
    app.add_transform(Typographie)
    app.connect("doctree-resolved", on_doctree_resolved)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
