import json

import pytest

from territoires import paths, synthese


def test_key_figures_cover_both_territories_for_every_indicator():
    figures = synthese.key_figures()
    counts = figures.groupby("key")["territory"].nunique()
    assert (counts == 2).all()


def test_the_belgian_half_of_all_firms_is_flagged_implausible():
    audit = synthese.audit().set_index("fact_id")
    row = audit.loc["seed_club_belge_part_entreprises"]
    assert row["implausible"] and row["status"] == "implausible"
    assert "0,25" in row["evidence"]


def test_tolerance_changes_what_counts_as_a_contradiction():
    strict = synthese.audit(0.0).set_index("fact_id")
    loose = synthese.audit(50.0).set_index("fact_id")
    assert strict["contradicted"].sum() > loose["contradicted"].sum()
    assert strict.loc["seed_bri_pse_personnes_concernees", "contradicted"]  # 827 vs 863


def glued_markdown(notebook: str, key: str) -> str:
    cells = json.loads((paths.NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("scrapbook", {}).get("name") == key:
                return "".join(output["data"]["application/papermill.record/text/markdown"])
    raise AssertionError(f"{key} absent de {notebook}")


def test_key_figures_glued_table_matches_the_figures():
    """The table glued in the book (committed outputs) holds the key figures computed now."""
    from territoires.publish import escape

    table = glued_markdown("07_chiffres_cles.ipynb", "tab-chiffres-cles")
    figures = synthese.key_figures()
    for text in figures["text"]:
        assert escape(text) in table, text


@pytest.mark.full
def test_key_figures_csv_offered_for_download_matches_the_figures():
    """Written by 07_chiffres_cles when the build executes it."""
    import pandas as pd

    written = paths.DOWNLOADS / "chiffres-cles.csv"
    assert written.is_file(), f"{paths.relative(written)} absent : lancer make book"
    csv = pd.read_csv(written, dtype=str, keep_default_na=False)
    assert list(csv["text"]) == list(synthese.key_figures()["text"])
