"""The synthesis and the key figures: read from the chapters' records, like with like."""

import io
import json

import pandas as pd
import pytest

from territoires import ecriture, paths, resultats, synthese
from territoires.resultats import Resultat


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return synthese.key_figures()


def test_key_figures_cover_both_territories_for_every_indicator(figures):
    counts = figures.groupby("key")["territory"].nunique()
    assert (counts == 2).all()


def test_every_documented_key_figure_shows_its_perimeter_and_date(figures):
    documented = figures[figures["source_ids"] != ""]
    assert (documented["perimeter"] != "").all()
    assert (documented["date"] != "").all()


def test_side_by_side_values_are_compared_only_like_with_like(figures):
    verdicts = figures.drop_duplicates("key").set_index("key")["comparability"]
    for key, verdict in verdicts.items():
        figure = next(f for f in synthese.KEY_FIGURES if f.key == key)
        records = synthese._records(figure)
        if verdict == "comparable":
            cab, fa = records["cabbalr"], records["flandre_audomarois"]
            assert resultats.comparabilite(cab, fa) is None, key
            assert resultats.niveau(cab) == resultats.niveau(fa), key
        else:
            assert verdict.startswith("non comparable : "), key
    # the census unemployment of an arrondissement is never set against that of an unité urbaine
    assert "arrondissement contre unité urbaine" in verdicts["chomage_recensement"]
    assert verdicts["population"] == verdicts["densite"] == "comparable"


def test_the_profile_chart_plots_only_comparable_pairs():
    glued = glued_markdown("05_synthese.ipynb", "fig-synthese-profil")
    assert "chômage" not in glued.lower()  # not comparable: left to the table


def record(**changes) -> Resultat:
    base = dict(
        key="k",
        indicator="population",
        label="Population",
        value=1.0,
        unit="habitants",
        decimals=0,
        territory_id="cabbalr",
        perimeter="EPCI",
        ref_date="2020",
        source_ids=("s",),
        definition="Population.",
    )
    return Resultat(**(base | changes))


@pytest.mark.parametrize(
    "other, reason",
    [
        ({}, None),
        ({"perimeter": "groupement d'EPCI", "ref_date": "2022"}, None),
        ({"indicator": "emplois"}, "définitions différentes"),
        ({"perimeter": "arrondissement"}, "EPCI contre arrondissement"),
        ({"ref_date": "2010"}, "2020 contre 2010"),
        ({"ref_date": None}, "date non publiée"),
        ({"unit": "%"}, "unités différentes"),
    ],
)
def test_comparability_rules(other, reason):
    found = resultats.comparabilite(record(), record(**other))
    assert found == reason if reason is None else reason in found


def test_two_undated_values_of_one_dataset_are_the_same_vintage():
    assert resultats.comparabilite(record(ref_date=None), record(ref_date=None, key="x")) is None
    assert resultats.comparabilite(record(ref_date=None), record(ref_date=None, source_ids=("t",))) is not None


def glued_markdown(notebook: str, key: str) -> str:
    cells = json.loads((paths.NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("scrapbook", {}).get("name") == key:
                return "".join(output["data"]["application/papermill.record/text/markdown"])
    raise AssertionError(f"{key} absent de {notebook}")


def test_key_figures_glued_table_matches_the_figures(figures):
    """The table glued in the book (committed outputs) holds the key figures computed now."""
    from territoires.publish import escape

    table = glued_markdown("07_chiffres_cles.ipynb", "tab-chiffres-cles")
    for text in figures["text"]:
        assert escape(text) in table, text


def test_the_download_table_has_french_columns_and_no_value_without_perimeter_and_date(figures):
    table = synthese.download_table(figures)
    expected = ["indicateur", "territoire", "valeur", "unité", "périmètre", "date", "source", "comparabilité"]
    assert set(expected) <= set(table.columns)
    valued = table[table["valeur"].notna()]
    assert (valued["périmètre"] != "").all() and (valued["date"] != "").all()


def test_the_spreadsheet_files_are_deterministic_and_read_back(figures):
    table = synthese.download_table(figures)
    assert ecriture.xlsx_bytes(table, "Chiffres clés") == ecriture.xlsx_bytes(table, "Chiffres clés")
    read = pd.read_csv(io.BytesIO(ecriture.csv_tableur_bytes(table)), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(read.columns) == list(table.columns)
    assert read["valeur"].dropna().tolist() == pytest.approx(table["valeur"].dropna().tolist())


@pytest.mark.full
def test_key_figures_downloads_written_by_the_build_match_the_figures(figures):
    """Written by 07_chiffres_cles when the build executes it."""
    written = paths.DOWNLOADS / "chiffres-cles.csv"
    assert written.is_file(), f"{paths.relative(written)} absent : lancer make book"
    csv = pd.read_csv(written, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(csv["valeur affichée"]) == list(figures["text"])
    assert (paths.DOWNLOADS / "chiffres-cles.xlsx").read_bytes() == ecriture.xlsx_bytes(
        synthese.download_table(figures), "Chiffres clés"
    )
