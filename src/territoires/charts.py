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
import numpy as np
import pandas as pd
import shapely
from matplotlib.collections import PatchCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import FuncFormatter

from . import data, fmt, paths, publish

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
WIDTH, HEIGHT, DPI = 8.0, 4.6, 110

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11.5,
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


def figure(width: float = WIDTH, height: float = HEIGHT, ncols: int = 1, **kwargs):
    setup()
    return plt.subplots(1, ncols, figsize=(width, height), dpi=DPI, **kwargs)


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
        label, (x, y), xytext=(-4, 0), textcoords="offset points", ha="right", fontsize=8, color=PALETTE["gris"]
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
    fig.suptitle(title, x=0.01, ha="left", fontsize=11.5, fontweight="bold")
    footer = source_text(sources) + (f". {note}" if note else "")
    fig.text(0.01, 0.01, footer, fontsize=7.5, color="#444444", ha="left", va="bottom", wrap=True)
    fig.tight_layout(rect=(0, 0.05, 1, 0.95))
    png = save(fig, name, data)
    # Glue the very PNG offered for download: same bytes in the book and in the file,
    # whatever the notebook's matplotlib backend.
    glue(f"{name}-image", Image(data=png, format="png"), display=False)
    plt.close(fig)
    publish.figure(
        name, image_key=f"{name}-image", caption=caption, alt=alt, sources=sources, downloads=download_links(name)
    )


def save(fig, name: str, frame: pd.DataFrame) -> bytes:
    """PNG, SVG (no date, fixed ids) and CSV copies of a figure, for download; returns the PNG."""
    images = {}
    for ext, metadata in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=ext, metadata=metadata)
        images[ext] = buffer.getvalue()
        paths.write_atomic(paths.DOWNLOADS / f"{name}.{ext}", images[ext])
    csv_text = frame.to_csv(index=False, lineterminator="\n")
    paths.write_atomic(paths.DOWNLOADS / f"{name}.csv", csv_text.encode("utf-8"))
    return images["png"]


def download_links(name: str) -> str:
    """Markdown for the three download links of a figure (paths from a notebook)."""
    base = "../book/downloads"
    return " · ".join(
        f"{{download}}`{kind} <{base}/{name}.{ext}>`"
        for kind, ext in (("PNG", "png"), ("SVG", "svg"), ("Données CSV", "csv"))
    )


# --- maps ----------------------------------------------------------------------------------


def _polygon_path(polygon) -> MplPath:
    rings = [np.asarray(polygon.exterior.coords)] + [np.asarray(r.coords) for r in polygon.interiors]
    vertices = np.concatenate(rings)
    codes = np.concatenate([[MplPath.MOVETO] + [MplPath.LINETO] * (len(r) - 2) + [MplPath.CLOSEPOLY] for r in rings])
    return MplPath(vertices, codes)


def geometry_patches(wkt_series: pd.Series) -> list[PathPatch]:
    """One patch per geometry (multi-polygons merged), from Lambert-93 WKT strings."""
    patches = []
    for geom in shapely.from_wkt(wkt_series.to_numpy(dtype=object)):
        parts = getattr(geom, "geoms", [geom])
        paths_ = [_polygon_path(p) for p in parts]
        patches.append(PathPatch(MplPath.make_compound_path(*paths_)))
    return patches


def choropleth(
    ax,
    communes: pd.DataFrame,
    column: str,
    *,
    cmap: str = "cividis",
    bins=None,
    legend_title: str = "",
    decimals: int = 0,
):
    """Communes shaded by `column` in classes (`bins`), on a projected (metre) map."""
    values = communes[column].to_numpy(dtype=float)
    bins = np.quantile(values, [0, 0.2, 0.4, 0.6, 0.8, 1]) if bins is None else np.asarray(bins, float)
    classes = np.clip(np.digitize(values, bins[1:-1]), 0, len(bins) - 2)
    colours = plt.get_cmap(cmap, len(bins) - 1)
    collection = PatchCollection(
        geometry_patches(communes["geometry_wkt"]),
        facecolor=[colours(c) for c in classes],
        edgecolor="white",
        linewidth=0.25,
    )
    ax.add_collection(collection)
    _frame_map(ax, communes)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours(i)) for i in range(len(bins) - 1)]
    labels = [f"{fmt.number(lo, decimals)} – {fmt.number(hi, decimals)}" for lo, hi in zip(bins[:-1], bins[1:])]
    ax.legend(handles, labels, title=legend_title, loc="lower left", fontsize=7.5, title_fontsize=8, frameon=True)
    return bins


def outlines(ax, geometries_wkt: pd.Series, colour: str = "#222222", width: float = 1.2) -> None:
    collection = PatchCollection(geometry_patches(geometries_wkt), facecolor="none", edgecolor=colour, linewidth=width)
    ax.add_collection(collection)


def label_towns(ax, towns: pd.DataFrame, fontsize: float = 7.5) -> None:
    """Write town names at their centroid (columns nom, x, y)."""
    for row in towns.sort_values("nom").itertuples():
        ax.plot(row.x, row.y, "o", color="black", markersize=2)
        ax.annotate(
            row.nom,
            (row.x, row.y),
            xytext=(3, 3),
            textcoords="offset points",
            fontsize=fontsize,
            color="black",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
        )


def _frame_map(ax, communes: pd.DataFrame) -> None:
    bounds = shapely.from_wkt(communes["geometry_wkt"].to_numpy(dtype=object))
    xmin, ymin, xmax, ymax = shapely.total_bounds(bounds)
    pad = 0.03 * max(xmax - xmin, ymax - ymin)
    ax.set_xlim(xmin - pad, xmax + pad)
    ax.set_ylim(ymin - pad, ymax + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
