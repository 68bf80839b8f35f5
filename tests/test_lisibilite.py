"""Charts readable on the page: the checks of territoires.lisibilite, and the chart helpers that
keep labels apart. Each check is shown to fail on a figure built to break it."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from territoires import cartes, charts, lisibilite  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _readable():
    fig, ax = charts.figure(height=3)
    ax.bar(["a", "b"], [1, 2])
    ax.set_xlabel("Catégorie")
    charts._title_and_footer(fig, "Un titre qui dit le constat", "Source : un éditeur (2024)")
    return fig, ax


def test_a_house_chart_is_readable():
    fig, _ = _readable()
    assert lisibilite.problemes(fig) == []


def test_the_house_text_size_is_80_percent_of_the_body_text_at_the_column_width():
    shown_px = charts.TAILLE_TEXTE * charts.DPI / 72 * lisibilite.COLONNE_PX / (charts.WIDTH * charts.DPI)
    assert shown_px >= lisibilite.PART_MIN_DU_CORPS * lisibilite.CORPS_PX


def test_small_text_is_reported():
    fig, ax = _readable()
    ax.annotate("minuscule", (0, 1), fontsize=7)
    assert any("minuscule" in p and "7 pt" in p for p in lisibilite.problemes(fig))


def test_overlapping_labels_are_reported():
    fig, ax = _readable()
    ax.annotate("premier libellé", (0, 1), fontsize=10)
    ax.annotate("second libellé", (0, 1), fontsize=10)
    assert any("superposés" in p for p in lisibilite.problemes(fig))


def test_text_cut_by_the_edge_is_reported():
    fig, ax = _readable()
    ax.annotate("un libellé qui déborde de la figure", (1, 2), xytext=(600, 0), textcoords="offset points", fontsize=10)
    assert any("coupé" in p for p in lisibilite.problemes(fig))


def test_a_figure_wider_than_the_column_is_reported():
    fig, ax = charts.figure(width=10, height=3)
    ax.plot([0, 1], [0, 1])
    assert any("plus que la colonne" in p for p in lisibilite.problemes(fig))


def test_hidden_tick_labels_are_not_checked():
    """Only what matplotlib draws counts: the tick labels of a map (axis off) are not text."""
    fig, ax = _readable()
    ax.set_axis_off()
    ax.tick_params(labelsize=4)
    assert lisibilite.problemes(fig) == []


def test_a_long_source_line_wraps_and_keeps_clear_of_the_axes():
    fig, ax = charts.figure(height=3)
    ax.plot([0, 1], [0, 1])
    ax.set_xlabel("Année")
    charts._title_and_footer(fig, "Titre " * 20, "Sources : " + "un éditeur (2024) ; " * 20)
    assert lisibilite.problemes(fig) == []


def test_close_point_labels_are_placed_apart():
    fig, ax = charts.figure(height=3)
    xs, ys = [2000, 2000.5, 2001, 2001.5], [100, 99, 98, 97]
    ax.plot(xs, ys)
    charts.label_points(ax, xs, ys, ["12 500", "12 000", "11 800", "11 600"])
    charts._title_and_footer(fig, "Titre", "Source : un éditeur (2024)")
    assert lisibilite.problemes(fig) == []


def test_a_legend_below_covers_neither_the_axis_labels_nor_the_source_line():
    fig, ax = charts.figure(height=3)
    for i in range(4):
        ax.plot([0, 1], [i, i + 1], label=f"Série numéro {i} avec un long libellé")
    ax.set_xlabel("Année")
    charts.legend_below(ax, gap_pt=34)
    charts._title_and_footer(fig, "Titre", "Source : un éditeur (2024)")
    assert lisibilite.problemes(fig) == []


def test_the_last_density_class_is_open():
    assert list(cartes.classes([0, 74.9, 75, 1199, 1200, 25_000], cartes.CLASSES_DENSITE)) == [0, 0, 1, 4, 5, 5]
    assert cartes.libelles_classes(cartes.CLASSES_DENSITE)[-1] == "1\u202f200 et plus"


def test_a_scale_bar_is_a_round_length_about_a_fifth_of_the_map():
    assert cartes._longueur_ronde(47.3) == 20
    assert cartes._longueur_ronde(12) == 10
    assert cartes._longueur_ronde(0.4) == 1
