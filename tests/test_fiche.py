"""The briefing sheets: five findings per territory, each with its number, date and perimeter,
read from the results records (a scenario's when the run points to them)."""

from __future__ import annotations

import re
import shutil

import pytest

from territoires import fiche, paths, resultats

NUMBER = re.compile(r"\d")
YEAR = re.compile(r"\b(19|20)\d\d\b")


@pytest.mark.parametrize("territory", fiche.TERRITOIRES)
def test_each_sheet_states_five_dated_findings_with_numbers(territory):
    findings = fiche.constats(territory)
    assert len(findings) == 5
    for sentence in findings:
        assert NUMBER.search(sentence), sentence
        assert YEAR.search(sentence) or "non daté" in sentence, sentence  # dated, or saying it is not


@pytest.mark.parametrize("territory", fiche.TERRITOIRES)
def test_the_population_finding_quotes_the_official_record(territory):
    record = resultats.lire("population")[f"population_{territory}"]
    first = fiche.constats(territory)[0]
    assert record.texte() in first and record.ref_date[:4] in first


def test_the_key_figures_box_keeps_date_and_perimeter():
    table, sources = fiche.chiffres("cabbalr")
    assert {"Indicateur", "Valeur", "Date", "Périmètre"} <= set(table.columns)
    assert table["Périmètre"].str.len().gt(0).all() and sources


def test_a_scenario_sheet_reads_the_scenario_records(tmp_path, monkeypatch):
    """A scenario run writes the records of the chapters it recomputed: the sheet states them."""
    shutil.copy(paths.RESULTS / "02_transition.json", tmp_path / "02_transition.json")
    text = (tmp_path / "02_transition.json").read_text(encoding="utf-8")
    committed = resultats.lire("02_transition")["taux_remplacement"]
    changed = text.replace(f'"value": {committed.value}', '"value": 77.0', 1)
    assert changed != text
    (tmp_path / "02_transition.json").write_text(changed, encoding="utf-8")
    monkeypatch.setenv("TERRITOIRES_RESULTATS", str(tmp_path))
    assert any("77" in sentence for sentence in fiche.constats("cabbalr"))
    monkeypatch.delenv("TERRITOIRES_RESULTATS")
    assert not any("77\u00a0%" in sentence for sentence in fiche.constats("cabbalr"))
