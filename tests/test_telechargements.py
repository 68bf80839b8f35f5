"""Downloads a French spreadsheet opens as is: every figure's data CSV (written by `charts.save`
through `telechargements`) and the key figures, in UTF-8 with BOM, `;` and decimal comma, with
French headers, a label next to each identifier and dates as dates. The last test reads every
CSV the built site offers (full tier)."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from territoires import charts, data, paths, telechargements

matplotlib.use("Agg")

SITE = Path(os.environ.get("TERRITOIRES_SITE", paths.ROOT / "_build" / "html"))
# Column names of the code that must never reach a reader.
INTERNAL_HEADERS = {"fact_id", "source_id", "source_ids", "value", "ref_date", "date_status", "indicator", "unit"}


def read_back(payload: bytes) -> pd.DataFrame:
    """As a spreadsheet set in French reads it."""
    assert payload.startswith("\ufeff".encode()), "pas de marque d'ordre UTF-8 (BOM)"
    return pd.read_csv(io.BytesIO(payload), sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False)


def a_fact_and_a_source() -> tuple[str, str, str, str]:
    facts = data.load("facts_enriched").sort_values("fact_id").iloc[0]
    return facts["fact_id"], facts["label"], facts["source_id"], facts["publisher"]


def test_headers_are_french_and_ids_get_their_labels():
    fact_id, label, source_id, publisher = a_fact_and_a_source()
    frame = pd.DataFrame(
        {
            "fact_id": [fact_id],
            "value": [12.5],
            "ref_date": ["2021-03"],
            "date_status": ["inferred"],
            "qualifier": ["at_least"],
            "source_id": [source_id],
            "taux_reussite_pct": [20.0],
        }
    )
    table = read_back(telechargements.donnees_tableur(frame))
    assert list(table.columns) == [
        "identifiant du fait",
        "libellé du fait",
        "valeur",
        "date de référence",
        "statut de la date",
        "qualificatif",
        "identifiant de la source",
        "source",
        "taux de réussite (%)",
    ]
    row = table.iloc[0]
    assert row["libellé du fait"] == label and row["source"].startswith(publisher + ", « ")
    assert row["valeur"] == 12.5 and row["taux de réussite (%)"] == 20
    assert (row["statut de la date"], row["qualificatif"]) == ("déduite", "au moins")


def test_numbers_dates_and_booleans_read_as_such():
    frame = pd.DataFrame(
        {
            "annee": [2021.326, 2022.0],
            "gap": [60.00000000000001, -3.5],
            "petite_commune": [True, False],
            "note": ["deux\nlignes", "a;b"],
        }
    )
    payload = telechargements.donnees_tableur(frame)
    text = payload.decode("utf-8-sig")
    assert text.splitlines()[0] == "date;écart;petite commune;note"
    assert "60,00000000000001" not in text and "\n2021-04-30;60;oui;deux lignes\n" in text
    table = read_back(payload)
    assert table["écart"].tolist() == [60, -3.5]
    assert table["note"].tolist() == ["deux lignes", "a;b"]  # the separator quoted, the line break gone


def test_an_epci_and_a_territory_get_their_names():
    epci = data.load("epci").iloc[0]
    territory = data.load("territories_ref").iloc[0]
    frame = pd.DataFrame({"epci_siren": [epci["epci_siren"]], "territory_id": [territory["territory_id"]]})
    table = read_back(telechargements.donnees_tableur(frame))
    assert table.loc[0, "EPCI"] == epci["epci_name"]
    assert table.loc[0, "nom du territoire"] == territory["name"]


def test_a_figure_writes_its_data_for_a_french_spreadsheet(tmp_path, monkeypatch):
    """`charts.save`, the one writer of every figure's downloads."""
    monkeypatch.setattr(paths, "DOWNLOADS", tmp_path)
    fig, ax = charts.figure()
    ax.plot([1, 2], [3, 4])
    charts.save(fig, "fig-essai", pd.DataFrame({"value": [1.5], "unit": ["%"]}))
    table = read_back((tmp_path / "fig-essai.csv").read_bytes())
    assert list(table.columns) == ["valeur", "unité"] and table.loc[0, "valeur"] == 1.5


@pytest.mark.full
def test_every_csv_the_site_offers_opens_in_a_french_spreadsheet():
    if not (SITE / "index.html").is_file():
        pytest.fail(f"Livre non construit : {SITE}/index.html absent. Lancer `make book`.", pytrace=False)
    files = sorted((SITE / "_downloads").rglob("*.csv"))
    assert files, "aucun CSV proposé au téléchargement"
    problems = []
    for path in files:
        payload = path.read_bytes()
        name = path.name
        if not payload.startswith("\ufeff".encode()):
            problems.append(f"{name} : sans BOM")
            continue
        header = payload.decode("utf-8-sig").splitlines()[0]
        if ";" not in header and "," in header:
            problems.append(f"{name} : séparateur « , »")
        columns = read_back(payload).columns
        # an identifier may follow its label, in parentheses: « Part … (industrie_part_salaries_2022) »
        internal = sorted(set(columns) & INTERNAL_HEADERS) + [c for c in columns if "_" in re.sub(r"\(.*?\)", "", c)]
        if internal:
            problems.append(f"{name} : en-têtes internes {internal}")
    assert not problems, "\n".join(problems)
