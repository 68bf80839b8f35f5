"""The book's one map style: Lambert-93, communes shaded by a rate or a density (never a raw
count), the same density classes on every map, outlines in black, the main towns named, a scale
bar and a north arrow, the legend outside the land. Maps of several territories share one scale.

Typical use::

    fig, ax, side = cartes.figure(height=5)
    cartes.densite(ax, communes)            # choropleth in the shared classes
    cartes.contours(ax, outlines)            # perimeter outlines
    cartes.villes(ax, towns)                 # named towns (nom, x, y)
    cartes.habiller(ax)                      # scale bar and north arrow
    cartes.legende_densite(side)            # in the legend column beside the map
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
from matplotlib.collections import PatchCollection
from matplotlib.patches import FancyArrow, PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from . import charts, fmt

# Density classes (inhabitants per km²) shared by every map of the book, the last one open.
CLASSES_DENSITE = (0, 75, 150, 300, 600, 1200)
PALETTE_DENSITE = "cividis_r"
TEXTE = charts.TAILLE_TEXTE


def _polygon_path(polygon) -> MplPath:
    rings = [np.asarray(polygon.exterior.coords)] + [np.asarray(r.coords) for r in polygon.interiors]
    vertices = np.concatenate(rings)
    codes = np.concatenate([[MplPath.MOVETO] + [MplPath.LINETO] * (len(r) - 2) + [MplPath.CLOSEPOLY] for r in rings])
    return MplPath(vertices, codes)


def patches(wkt_series: pd.Series) -> list[PathPatch]:
    """One patch per geometry (multi-polygons merged), from Lambert-93 WKT strings."""
    found = []
    for geom in shapely.from_wkt(wkt_series.to_numpy(dtype=object)):
        parts = getattr(geom, "geoms", [geom])
        found.append(PathPatch(MplPath.make_compound_path(*[_polygon_path(p) for p in parts])))
    return found


def classes(values, bins) -> np.ndarray:
    """Index of each value's class; the last class is open (values above its lower bound)."""
    return np.clip(np.digitize(np.asarray(values, float), np.asarray(bins[1:], float)), 0, len(bins) - 1)


def couleurs(n: int, cmap: str = PALETTE_DENSITE) -> list:
    colours = plt.get_cmap(cmap, n)
    return [colours(i) for i in range(n)]


def libelles_classes(bins, decimals: int = 0) -> list[str]:
    labels = [f"{fmt.number(lo, decimals)} – {fmt.number(hi, decimals)}" for lo, hi in zip(bins[:-1], bins[1:])]
    return [*labels, f"{fmt.number(bins[-1], decimals)} et plus"]


def choroplethe(ax, communes: pd.DataFrame, column: str, bins, cmap: str = PALETTE_DENSITE) -> None:
    """Communes shaded by `column` in the classes `bins` (the last one open)."""
    palette = couleurs(len(bins), cmap)
    facecolours = [palette[c] for c in classes(communes[column], bins)]
    collection = PatchCollection(
        patches(communes["geometry_wkt"]), facecolor=facecolours, edgecolor="white", linewidth=0.25
    )
    ax.add_collection(collection)
    ax.set_aspect("equal")
    ax.set_axis_off()


def densite(ax, communes: pd.DataFrame) -> None:
    """Communes shaded by their density (column `density`, inhabitants per km²)."""
    choroplethe(ax, communes, "density", CLASSES_DENSITE)


def figure(height: float = 5.6, legend_share: float = 0.32):
    """A map beside a column for its legends (the legends never cover the land, and the layout
    keeps them inside the figure): returns the figure, the map's axes and the legend's axes."""
    fig, (ax, side) = charts.figure(
        height=height, ncols=2, gridspec_kw={"width_ratios": [1 - legend_share, legend_share]}
    )
    side.set_axis_off()
    return fig, ax, side


def legende(ax, bins, title: str, cmap: str = PALETTE_DENSITE, decimals: int = 0, loc: str = "upper left"):
    """The classes' legend, in the legend column `ax`; returns it (to keep it beside another)."""
    handles = [Rectangle((0, 0), 1, 1, color=c) for c in couleurs(len(bins), cmap)]
    return ax.legend(
        handles,
        libelles_classes(bins, decimals),
        title=title,
        loc=loc,
        frameon=False,
        fontsize=TEXTE,
        title_fontsize=TEXTE,
        alignment="left",
    )


def legende_densite(ax, loc: str = "upper left"):
    return legende(ax, CLASSES_DENSITE, "Habitants par km²", loc=loc)


def contours(ax, geometries_wkt: pd.Series, colour: str = "#111111", width: float = 1.2, fill=None) -> None:
    collection = PatchCollection(
        patches(geometries_wkt), facecolor=fill or "none", edgecolor=colour, linewidth=width, zorder=2
    )
    ax.add_collection(collection)


def villes(ax, towns: pd.DataFrame, fontsize: float = TEXTE) -> None:
    """Town names beside a dot (columns nom, x, y), on a white halo so that they read on any shade."""
    for row in towns.sort_values("nom").itertuples():
        ax.plot(row.x, row.y, "o", color="black", markersize=3, zorder=4)
        ax.annotate(
            row.nom,
            (row.x, row.y),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=fontsize,
            color="black",
            zorder=5,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )


def cadrer(ax, bounds, width_m: float | None = None, height_m: float | None = None, pad: float = 0.04) -> None:
    """Frame the map on `bounds` (xmin, ymin, xmax, ymax); with a width and height in metres,
    centred on them, so that several maps share one scale."""
    xmin, ymin, xmax, ymax = bounds
    width_m = width_m or xmax - xmin
    height_m = height_m or ymax - ymin
    cx, cy, margin = (xmin + xmax) / 2, (ymin + ymax) / 2, pad * max(width_m, height_m)
    ax.set_xlim(cx - width_m / 2 - margin, cx + width_m / 2 + margin)
    ax.set_ylim(cy - height_m / 2 - margin, cy + height_m / 2 + margin)
    ax.set_aspect("equal")
    ax.set_axis_off()


def meme_echelle(axes, emprises) -> None:
    """Frame each map on its own extent (WKT series), all with the same metres per inch."""
    bounds = [shapely.total_bounds(shapely.from_wkt(e.to_numpy(dtype=object))) for e in emprises]
    width = max(b[2] - b[0] for b in bounds)
    height = max(b[3] - b[1] for b in bounds)
    for ax, b in zip(axes, bounds):
        cadrer(ax, b, width, height)


def _longueur_ronde(max_km: float) -> float:
    for km in (100, 50, 20, 10, 5, 2, 1):
        if km <= max_km:
            return km
    return 1


def habiller(ax, north: bool = True) -> None:
    """A scale bar (about a fifth of the map's width, rounded) at the bottom left, and a north
    arrow at the top right (Lambert-93's grid north, within a degree of true north here)."""
    xmin, xmax = ax.get_xlim()
    ymin, ymax = ax.get_ylim()
    km = _longueur_ronde((xmax - xmin) / 5_000)
    x0, y0 = xmin + 0.03 * (xmax - xmin), ymin + 0.03 * (ymax - ymin)
    ax.plot([x0, x0 + km * 1000], [y0, y0], color="black", linewidth=2.5, solid_capstyle="butt", zorder=6)
    ax.annotate(f"{fmt.number(km)} km", (x0, y0), xytext=(0, 4), textcoords="offset points", fontsize=TEXTE, zorder=6)
    if north:
        xn, yn = xmax - 0.05 * (xmax - xmin), ymax - 0.14 * (ymax - ymin)
        length = 0.07 * (ymax - ymin)
        arrow = FancyArrow(
            xn,
            yn,
            0,
            length,
            width=length * 0.12,
            head_width=length * 0.4,
            head_length=length * 0.4,
            length_includes_head=True,
            color="black",
            zorder=6,
        )
        ax.add_patch(arrow)
        ax.annotate("N", (xn, yn + length), xytext=(0, 2), textcoords="offset points", ha="center", fontsize=TEXTE)
