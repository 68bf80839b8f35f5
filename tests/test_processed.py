"""The committed generated files are exactly what the data step writes now.

`make check` (and so `make test`, which runs it before building) rebuilds the processed tables
and the bibliography in a temporary folder and compares them byte for byte with the committed
ones: a raw table edited without running `make book`, or a processed file edited by hand, fails
here, in CI too, before any build can rewrite them.
"""

from pathlib import Path

from territoires import data, paths, pipeline


def test_processed_tables_and_bibliography_are_up_to_date(tmp_path: Path):
    target = tmp_path / "processed"
    bib = tmp_path / "references.bib"
    written = pipeline.build(target, bib)
    assert {p.name for p in written} == {p.name for p in paths.PROCESSED.glob("*.csv")} | {"references.bib"}
    stale = [
        paths.relative(committed)
        for committed in [*sorted(paths.PROCESSED.glob("*.csv")), paths.BOOK / "references.bib"]
        if committed.read_bytes()
        != (bib if committed.name == "references.bib" else target / committed.name).read_bytes()
    ]
    assert not stale, f"fichiers générés périmés (relancer make book, puis valider) : {stale}"


def test_a_stale_processed_table_is_detected(tmp_path: Path):
    """The comparison above can fail: a processed file that differs by one byte is seen."""
    target = tmp_path / "processed"
    pipeline.build(target, tmp_path / "references.bib")
    facts = target / "facts.csv"
    facts.write_bytes(facts.read_bytes().replace(b",863,", b",864,", 1))
    assert facts.read_bytes() != (paths.PROCESSED / "facts.csv").read_bytes()
    assert [p.name for p in pipeline.build(target, tmp_path / "references.bib")] == ["facts.csv"]


def test_every_processed_table_loads_through_the_package():
    for name in data.PROCESSED_TABLES:
        assert not data.load(name).empty, name


def test_facts_carry_their_source():
    facts = data.load("facts_enriched")
    assert facts["publisher"].notna().all()
    assert facts["is_seed"].any()
