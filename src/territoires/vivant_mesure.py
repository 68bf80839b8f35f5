"""Measures of the live assumptions on a built site (`make bench`): latency and added weight.

- Latency: in Debian's Chromium, on each chapter page with live controls, `CHANGEMENTS` random
  control changes (seeded); for each, the time from the change (the `input` event a slider
  sends) to the page's text holding the new strings (the update is synchronous: measured when
  the event's handlers return), and to the next frame the browser can paint. Medians in ms.
- Weight: what the live view adds to a chapter page: its block (the JSON of the grid and its
  container, in the HTML) plus the script and stylesheet (vivant.js, vivant.css; the same files
  for every page, cached after the first).
"""

from __future__ import annotations

import random
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from . import pdf
from .vivant_chapitres import VUES

CHANGEMENTS = 30
BLOC = re.compile(r'<div class="vivant-bloc".*?</script></div>', re.S)

MESURE_JS = """
async ([stem, steps]) => {
  const view = window.territoiresVivant.find((v) => v.stem === stem);
  const key = view.data.cles[0];
  const span = () => document.querySelector(`span.vivant.vivant-${key} .pasted-text`);
  const texts = [], frames = [], updated = [];
  for (const [name, index] of steps) {
    const input = document.getElementById(`vivant-${stem}-${name}`);
    const start = performance.now();
    input.value = String(index);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    texts.push(performance.now() - start);
    updated.push(span() ? span().textContent === view.data.textes[view.row()[0]] : true);
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    frames.push(performance.now() - start);
  }
  return { texts, frames, updated };
}
"""


@dataclass
class Mesure:
    chapitre: str
    texte_ms: float  # median, change → text updated
    image_ms: float  # median, change → next frame
    bloc_octets: int  # the block in the page's HTML
    statiques_octets: int  # vivant.js + vivant.css

    @property
    def ajout_octets(self) -> int:
        return self.bloc_octets + self.statiques_octets


def _etapes(stem: str, rng: random.Random) -> list[list]:
    """Changes of one control at a time, each to another value of its grid."""
    from . import vivant

    vue = VUES[stem]
    axes, _ = vivant.grille(vue, vue.parametres())
    state = [axis.index(getattr(vue.parametres(), c.nom)) for c, axis in zip(vue.controles, axes)]
    steps = []
    for _ in range(CHANGEMENTS):
        i = rng.randrange(len(axes))
        state[i] = rng.choice([j for j in range(len(axes[i])) if j != state[i]])
        steps.append([vue.controles[i].nom, state[i]])
    return steps


def mesurer(site: Path) -> list[Mesure]:
    statiques = sum((site / "_static" / name).stat().st_size for name in ("vivant.js", "vivant.css"))
    rng = random.Random("vivant-bench")
    found = []
    with pdf.navigateur(site) as (page, origine):
        for stem in sorted(VUES):
            html = (site / "notebooks" / f"{stem}.html").read_text(encoding="utf-8")
            bloc = BLOC.search(html)
            page.goto(f"{origine}notebooks/{stem}.html", wait_until="load")
            page.wait_for_function("() => Array.isArray(window.territoiresVivant)")
            result = page.evaluate(MESURE_JS, [stem, _etapes(stem, rng)])
            if not all(result["updated"]):
                raise RuntimeError(f"{stem} : texte non mis à jour après un changement de curseur")
            found.append(
                Mesure(
                    stem,
                    statistics.median(result["texts"]),
                    statistics.median(result["frames"]),
                    len(bloc.group().encode("utf-8")) if bloc else 0,
                    statiques,
                )
            )
    return found
