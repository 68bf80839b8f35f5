"""Is a chart readable on the page it is on? Checked on the drawn figure, before it is saved.

The book's text column is 704 px wide at a 1 300 px window (sphinx-book-theme; the book's CSS
gives figures the column's whole width) and its body text is 16 px. A chart drawn at most as
wide as the column is shown at its own size, so a text of `p` points is `p × DPI / 72` px on
screen: at 96 dpi, 10 pt is 13,3 px, 83 % of the body size (the rule is at least 80 %).
Matplotlib reports where each text was drawn, so overlapping
labels and labels cut off by the figure's edge are found the same way.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from matplotlib.text import Text

COLONNE_PX = 704  # width of the book's text column at a 1 300 px window
COLONNE_TELEPHONE_PX = 358  # width of the text column at a 390 px window (phone)
CORPS_PX = 16  # body text size of the theme
PART_MIN_DU_CORPS = 0.8
DPI = 96
TAILLE_MIN_PT = 10.0  # 13,3 px at 96 dpi: above 80 % of 16 px
RECOUVREMENT_MIN_PX = 1.5  # two boxes that merely touch (antialiasing) are not an overlap


@dataclass(frozen=True)
class TexteDessine:
    texte: str
    taille_pt: float
    x0: float
    y0: float
    x1: float
    y1: float


def boite(text: Text, renderer):
    """Where `text` is drawn, in pixels (a wrapped text is wrapped only while it is drawn)."""
    if text.get_wrap():
        text._renderer = renderer  # what matplotlib sets at draw time to measure the wrapping
        with text._cm_set(text=text._get_wrapped_text()):
            return text.get_window_extent(renderer)
    return text.get_window_extent(renderer)


@contextmanager
def _enregistrer_textes(renderer, dessines: list[TexteDessine]):
    """Record every text that matplotlib actually draws (visible, non-empty, parents shown)."""
    original = Text.draw

    def draw(self, rend):
        original(self, rend)
        if not self.get_visible() or not self.get_text().strip():
            return
        box = boite(self, rend)
        dessines.append(TexteDessine(self.get_text(), self.get_fontsize(), box.x0, box.y0, box.x1, box.y1))

    Text.draw = draw
    try:
        yield
    finally:
        Text.draw = original


def textes_dessines(fig) -> list[TexteDessine]:
    """The texts of `fig` as drawn, with their boxes in pixels."""
    dessines: list[TexteDessine] = []
    renderer = fig.canvas.get_renderer()
    with _enregistrer_textes(renderer, dessines):
        fig.draw(renderer)
    return dessines


def _recouvrement(a: TexteDessine, b: TexteDessine) -> float:
    largeur = min(a.x1, b.x1) - max(a.x0, b.x0)
    hauteur = min(a.y1, b.y1) - max(a.y0, b.y0)
    return min(largeur, hauteur)


def _extrait(texte: str) -> str:
    ligne = " ".join(texte.split())
    return f"« {ligne[:40]}{'…' if len(ligne) > 40 else ''} »"


def problemes(fig, taille_min_pt: float = TAILLE_MIN_PT, largeur_max_px: float = COLONNE_PX) -> list[str]:
    """What makes `fig` hard to read on the page, in French; empty when it is fine."""
    found = []
    largeur = fig.get_figwidth() * fig.dpi
    if largeur > largeur_max_px + 0.5:
        found.append(f"figure large de {largeur:.0f} px, plus que la colonne ({largeur_max_px} px) : réduite à l'écran")
    textes = textes_dessines(fig)
    largeur_fig, hauteur_fig = fig.bbox.width, fig.bbox.height
    for t in textes:
        if t.taille_pt < taille_min_pt - 1e-6:
            found.append(f"texte {_extrait(t.texte)} en {t.taille_pt:g} pt, moins que {taille_min_pt:g} pt")
        if t.x0 < -1 or t.y0 < -1 or t.x1 > largeur_fig + 1 or t.y1 > hauteur_fig + 1:
            found.append(f"texte {_extrait(t.texte)} coupé par le bord de la figure")
    for i, a in enumerate(textes):
        for b in textes[i + 1 :]:
            if _recouvrement(a, b) > RECOUVREMENT_MIN_PX:
                found.append(f"textes superposés : {_extrait(a.texte)} et {_extrait(b.texte)}")
    return found
