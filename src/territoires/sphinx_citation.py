"""Sphinx extension of the book: its version from git, a citation under each chapter, and
titles escaped in the theme's HTML.

- The version shown in the book comes from the repository (`git describe --tags --always`),
  never typed by hand; it is available in pages as the substitution ``{{ version_livre }}``.
- At the foot of every chapter (pages under `notebooks/`), a ready-to-copy citation: authors,
  book title, chapter title, version, and the URL of the chapter with its stable anchor. It is
  built as docutils nodes, never as an HTML string: the HTML writer escapes it.
- The theme pastes some titles into its HTML as they are (the site title in the navbar, the
  page title in the print header, the root page's title in the sidebar): a `<` in a
  scenario's title or in a heading would be markup there. They are handed to the templates
  escaped, as markup-safe strings, so that the templates that do escape do not do it twice.
"""

from __future__ import annotations

import html
import os
import subprocess
from pathlib import Path

from docutils import nodes
from markupsafe import Markup

TITLE = "Deux territoires industriels du nord de la France"


def repository_version(root: Path) -> str:
    """`v0.1.0`, or `v0.1.0-3-gabc1234`, or a short commit; overridable by BOOK_VERSION."""
    if os.environ.get("BOOK_VERSION"):
        return os.environ["BOOK_VERSION"]
    try:
        described = subprocess.run(
            ["git", "describe", "--tags", "--always"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "version inconnue"
    return described or "version inconnue"


def on_config_inited(app, config) -> None:
    version = repository_version(Path(app.srcdir))
    config.version = config.release = version
    substitutions = dict(getattr(config, "myst_substitutions", {}) or {})
    substitutions["version_livre"] = version
    config.myst_substitutions = substitutions


def citation_text(app, docname: str, title: str, anchor: str) -> str:
    base = (app.config.html_baseurl or "").rstrip("/")
    url = f"{base}/{docname}.html#{anchor}" if base else f"{docname}.html#{anchor}"
    return (
        f"{app.config.author} ({app.config.copyright}). « {title} ». In : {TITLE}. "
        f"Livre d'analyse en ligne, version {app.config.version}. {url}"
    )


def on_doctree_read(app, doctree) -> None:
    docname = app.env.docname
    if not docname.startswith("notebooks/"):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title = section[0].astext()
    anchor = section["ids"][-1] if section["ids"] else ""
    container = nodes.container(classes=["citer-ce-chapitre"])
    container += nodes.rubric(text="Citer ce chapitre")
    container += nodes.literal_block(text=citation_text(app, docname, title, anchor), language="text")
    section += container


# Plain-text titles in the template context; `{{ name }}` pastes them unescaped in the theme.
TEMPLATE_TITLES = ("docstitle", "shorttitle", "pagetitle", "root_title")


def escape_titles(app, pagename, templatename, context, doctree) -> None:
    """After the theme filled the context (priority 500): its plain-text titles, escaped."""
    for name in TEMPLATE_TITLES:
        value = context.get(name)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[name] = Markup(html.escape(value, quote=False).replace('"', "&quot;"))


def setup(app):
    app.connect("config-inited", on_config_inited)
    app.connect("doctree-read", on_doctree_read)
    app.connect("html-page-context", escape_titles, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
