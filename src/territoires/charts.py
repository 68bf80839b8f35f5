"""House chart style: colour-blind-safe palette, French numbers, a source line under
every chart, and PNG/SVG/CSV copies for download.

Typical use in a chapter::

    fig, ax = charts.figure()
    ax.barh(...)
    charts.finish(fig, "fig-transition-effectifs", title="…", caption="…", alt="…",
                  data=frame, sources=["src_a"])

then, in a Markdown cell, ``{glue:md}`` of the same name with ``:format: myst``.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from . import data, fmt, lisibilite, paths, publish

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
PALETTE = {
    "bleu": "#0072B2",
    "orange": "#E69F00",
    "vert": "#009E73",
    "vermillon": "#D55E00",
    "ciel": "#56B4E9",
    "pourpre": "#CC79A7",
    "jaune": "#F0E442",
    "gris": "#6E6E6E",
}
TERRITORY_COLOURS = {"cabbalr": PALETTE["bleu"], "flandre_audomarois": PALETTE["orange"]}
# Drawn at the column's width (7,33 in at 96 dpi = 704 px) and shown at their own size: a text of
# TAILLE_TEXTE points is then 83 % of the body text (territoires.lisibilite checks every chart).
DPI = lisibilite.DPI
WIDTH, HEIGHT = lisibilite.COLONNE_PX / DPI, 4.6
TAILLE_TEXTE = lisibilite.TAILLE_MIN_PT
# A chart meant for phones too: no wider than the text column of a 390 px screen, so that it is
# shown there at its own size (small multiples stacked in one column).
WIDTH_PHONE = lisibilite.COLONNE_TELEPHONE_PX / DPI

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "xtick.labelsize": TAILLE_TEXTE,
    "ytick.labelsize": TAILLE_TEXTE,
    "axes.labelsize": 10.5,
    "legend.fontsize": TAILLE_TEXTE,
    "legend.title_fontsize": TAILLE_TEXTE,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": matplotlib.cycler(color=list(PALETTE.values())),
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "svg.hashsalt": "territoires-industrie",  # stable ids in SVG output
    "svg.fonttype": "none",
    "path.simplify": True,
}


def _bundled_fonts_only() -> None:
    """Draw text with the DejaVu fonts shipped inside the pinned matplotlib, never with a copy
    installed on the system (Debian's fonts-dejavu comes with Chromium): the same glyphs, hence
    the same PNG bytes, on every machine with the same pins. nbval and the build compare them."""
    from matplotlib import font_manager

    bundled = str(Path(matplotlib.get_data_path()) / "fonts")
    manager = font_manager.fontManager
    kept = [f for f in manager.ttflist if not f.name.startswith("DejaVu") or f.fname.startswith(bundled)]
    if len(kept) != len(manager.ttflist):
        manager.ttflist = kept
        manager._findfont_cached.cache_clear()
    found = font_manager.findfont(STYLE["font.family"], fallback_to_default=False)
    if not found.startswith(bundled):
        raise RuntimeError(f"police {STYLE['font.family']} prise hors de matplotlib : {found}")


def setup() -> None:
    """Apply the house style (idempotent)."""
    matplotlib.rcParams.update(STYLE)
    _bundled_fonts_only()


def figure(width: float = WIDTH, height: float = HEIGHT, ncols: int = 1, nrows: int = 1, **kwargs):
    setup()
    return plt.subplots(nrows, ncols, figsize=(width, height), dpi=DPI, **kwargs)


def french_axis(ax, axis: str = "y", decimals: int = 0, percent: bool = False) -> None:
    """Tick labels with French separators (`1 234,5`, `12 %`)."""

    def label(value, _pos):
        return fmt.percent(value, decimals) if percent else fmt.number(value, decimals)

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(label))


def reference_line(ax, x: float, label: str, y: float) -> None:
    """A dashed vertical reference at `x`, labelled on its left at height `y`."""
    ax.axvline(x, color=PALETTE["gris"], linestyle="--", linewidth=1)
    ax.annotate(
        label,
        (x, y),
        xytext=(-4, 0),
        textcoords="offset points",
        ha="right",
        fontsize=TAILLE_TEXTE,
        color=PALETTE["gris"],
    )


# Where a value label may go around its point, in order of preference: right above, right below,
# left above, left below (offsets in points).
_LABEL_PLACES = (
    ((3, 6), "left", "bottom"),
    ((5, -6), "left", "top"),
    ((-3, 6), "right", "bottom"),
    ((-5, -6), "right", "top"),
)


def label_points(ax, xs, ys, texts, colour: str = "black") -> None:
    """Value labels on a line. They are placed by `finish`, once the figure has its final
    layout: each in the first place around its point, inside the figure, where it covers no label
    already placed."""
    pending = ax.figure.__dict__.setdefault("_point_labels", [])
    pending += [(ax, x, y, text, colour) for x, y, text in zip(xs, ys, texts)]


def _place_point_labels(fig) -> None:
    renderer = fig.canvas.get_renderer()
    placed = []
    for ax, x, y, text, colour in fig.__dict__.pop("_point_labels", []):
        for offset, ha, va in _LABEL_PLACES:
            label = ax.annotate(
                text,
                (x, y),
                xytext=offset,
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=TAILLE_TEXTE,
                color=colour,
            )
            box = label.get_window_extent(renderer)
            inside = fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 and fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1
            if inside and not any(box.overlaps(other) for other in placed):
                break
            label.remove()
        else:  # nowhere free: the first place, and lisibilite reports the overlap
            label = ax.annotate(
                text, (x, y), xytext=_LABEL_PLACES[0][0], textcoords="offset points", fontsize=TAILLE_TEXTE
            )
            box = label.get_window_extent(renderer)
        placed.append(box)


def panel_title(ax, title: str) -> None:
    """A panel's title from the figure's left edge (not the axes' one, which tick labels push
    right): long titles of narrow small multiples stay inside the figure."""
    where = blended_transform_factory(ax.figure.transFigure, ax.transAxes)
    ax.text(0.02, 1.06, title, transform=where, ha="left", va="bottom", fontsize=TAILLE_TEXTE, fontweight="bold")


def label_bars(ax, values, texts, offset: int = 4) -> None:
    """The value of each horizontal bar, just after its end (bars at y = 0, 1, 2…)."""
    for y, (value, text) in enumerate(zip(values, texts)):
        ax.annotate(
            text, (value, y), xytext=(offset, 0), textcoords="offset points", va="center", fontsize=TAILLE_TEXTE
        )


def legend_below(ax, *, ncols: int = 2, gap_pt: float = 30, **options) -> None:
    """The legend under the axes, from the figure's left edge, `gap_pt` points below the axes
    (below the tick labels and the axis label): it covers no data and tight_layout leaves it room."""
    where = blended_transform_factory(ax.figure.transFigure, ax.transAxes)
    below = where + ScaledTranslation(0, -gap_pt / 72, ax.figure.dpi_scale_trans)
    ax.legend(
        *([options.pop("handles"), options.pop("labels")] if "handles" in options else []),
        loc="upper left",
        bbox_to_anchor=(0.01, 0),
        bbox_transform=below,
        ncols=ncols,
        frameon=False,
        **options,
    )


def source_text(source_ids) -> str:
    """`Sources : INSEE (2024) ; La Gazette Nord-Pas de Calais (s. d.)`, from the source table."""
    sources = data.load("sources_enriched").set_index("source_id")
    parts = []
    for sid in dict.fromkeys(source_ids):
        if sid not in sources.index:
            raise KeyError(f"source inconnue {sid!r} pour la ligne de source d'une figure")
        row = sources.loc[sid]
        year = row["pub_date"][:4] if row["pub_date"] != "unknown" else "s. d."
        label = row["publisher"] if row["kind"] != "assumption" else "hypothèse des auteurs"
        part = f"{label} ({year})"
        if part not in parts:
            parts.append(part)
    prefix = "Source : " if len(parts) == 1 else "Sources : "
    return prefix + " ; ".join(parts)


def _title_and_footer(fig, title: str, footer: str) -> None:
    """The title above the charts (tight_layout leaves it room, wrapped) and the source line
    below, given the height it takes once wrapped: nothing overlaps the axes."""
    fig.suptitle(title, x=0.01, y=0.99, ha="left", va="top", fontsize=12.5, fontweight="bold", wrap=True)
    foot = fig.text(0.01, 0.01, footer, fontsize=TAILLE_TEXTE, color="#444444", ha="left", va="bottom", wrap=True)
    height = lisibilite.boite(foot, fig.canvas.get_renderer()).height
    fig.tight_layout(rect=(0, (height + 0.01 * fig.bbox.height + 8) / fig.bbox.height, 1, 1))
    _place_point_labels(fig)


def finish(fig, name: str, *, title: str, caption: str, alt: str, data: pd.DataFrame, sources, note: str = "") -> None:
    """Title, source line, downloads (PNG, SVG, CSV), then glue the figure block `name`.

    In the chapter, a Markdown cell pastes it with ``{glue:md}`` (``:format: myst``); the
    block holds the numbered figure labelled `name`, its caption with linked sources, the
    alt text and the download links.
    """
    from IPython.display import Image
    from myst_nb import glue

    if not sources:
        raise ValueError(f"figure {name!r} sans source : toute figure doit être traçable")
    _title_and_footer(fig, title, source_text(sources) + (f". {note}" if note else ""))
    problems = lisibilite.problemes(fig)
    if problems:
        plt.close(fig)
        raise ValueError(f"figure {name!r} illisible sur la page :\n  " + "\n  ".join(problems))
    png = save(fig, name, data)
    # Glue the very PNG offered for download: same bytes in the book and in the file,
    # whatever the notebook's matplotlib backend.
    glue(f"{name}-image", Image(data=png, format="png"), display=False)
    plt.close(fig)
    publish.figure(
        name, image_key=f"{name}-image", caption=caption, alt=alt, sources=sources, downloads=download_links(name)
    )


def save(fig, name: str, frame: pd.DataFrame) -> bytes:
    """PNG, SVG (no date, fixed ids) and CSV copies of a figure, for download; returns the PNG.
    The CSV is for a spreadsheet set in French: `;`, decimal comma, BOM, French headers, labels
    next to ids, dates as dates (`telechargements`)."""
    from .telechargements import donnees_tableur

    images = {}
    for ext, metadata in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=ext, metadata=metadata)
        images[ext] = buffer.getvalue()
        paths.write_atomic(paths.DOWNLOADS / f"{name}.{ext}", images[ext])
    paths.write_atomic(paths.DOWNLOADS / f"{name}.csv", donnees_tableur(frame))
    return images["png"]


def download_links(name: str) -> str:
    """Markdown for the three download links of a figure (paths from a notebook)."""
    base = "../book/downloads"
    return " · ".join(
        f"{{download}}`{kind} <{base}/{name}.{ext}>`"
        for kind, ext in (("PNG", "png"), ("SVG", "svg"), ("Données CSV", "csv"))
    )
