"""The committed processed data is exactly what the loader writes now."""

from pathlib import Path

from territoires import data, paths, pipeline


def test_processed_tables_are_up_to_date(tmp_path: Path):
    target = tmp_path / "processed"
    target.mkdir()
    bib = tmp_path / "references.bib"
    out = pipeline.build(target, bib)
    for name in out:
        res_path = next(
            r["path"] for r in data.schema.load_descriptor(paths.PROCESSED_PACKAGE)["resources"] if r["name"] == name
        )
        committed = (paths.PROCESSED / res_path).read_bytes()
        fresh = (target / res_path).read_bytes()
        assert fresh == committed, f"data/processed/{res_path} n'est plus à jour : réexécuter 00_donnees"
    assert bib.read_bytes() == (paths.BOOK / "references.bib").read_bytes(), (
        "book/references.bib n'est plus synchrone avec data/raw/sources.csv"
    )


def test_every_processed_table_loads_through_the_package():
    for name in data.PROCESSED_TABLES:
        assert not data.load(name).empty, name


def test_facts_carry_their_source():
    facts = data.load("facts_enriched")
    assert facts["publisher"].notna().all()
    assert facts["is_seed"].any()
