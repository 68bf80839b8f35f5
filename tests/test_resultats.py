"""Results records: each chapter's committed record is what its model computes now (checked
like the processed data, in the fast tier), with full provenance; bad records are refused."""

import json

import pytest

from territoires import chapitres, data, paths, resultats
from territoires.resultats import Resultat, ResultatsError

CHAPTERS = list(chapitres.CHAPITRES)


@pytest.fixture(scope="module")
def computed() -> dict[str, resultats.Resultats]:
    return {stem: chapitres.modele(stem).compute(chapitres.parametres(stem)()) for stem in CHAPTERS}


@pytest.mark.parametrize("stem", CHAPTERS)
def test_the_committed_record_is_what_the_model_computes(stem, computed):
    committed = paths.RESULTS / f"{stem}.json"
    assert committed.is_file(), f"{paths.relative(committed)} absent : lancer make book"
    assert committed.read_bytes() == computed[stem].payload(), f"{paths.relative(committed)} périmé : make book"


@pytest.mark.parametrize("stem", CHAPTERS)
def test_every_record_has_its_provenance(stem, computed):
    sources = set(data.load("sources_enriched")["source_id"])
    territories = set(data.load("territories_ref")["territory_id"])
    for record in computed[stem].records:
        where = f"{stem}.{record.key}"
        assert set(record.source_ids) <= sources, f"{where} : source inconnue"
        assert record.territory_id is None or record.territory_id in territories, f"{where} : territoire inconnu"
        assert (record.territory_id is None) == (record.perimeter is None), where
        assert (record.qualifier == "model") <= record.is_model, f"{where} : sortie de modèle sans paramètres"
        if record.is_model:
            assert record.parameters == computed[stem].parametres, where


def test_a_thematic_chapter_states_both_sourced_figures_and_model_outputs(computed):
    for stem in ("02_transition", "03_formation", "04_proximite"):
        kinds = {r.is_model for r in computed[stem].records}
        assert kinds == {True, False}, stem


def test_the_payload_is_deterministic_and_sorted(computed):
    result = computed["02_transition"]
    shuffled = resultats.Resultats(result.chapitre, result.parametres, list(reversed(result.records)))
    assert shuffled.payload() == result.payload()
    keys = [r["key"] for r in json.loads(result.payload())["resultats"]]
    assert keys == sorted(keys)


def test_a_record_is_written_only_when_its_bytes_change(tmp_path, computed):
    target = computed["05_synthese"].ecrire(tmp_path)
    stamp = target.stat().st_mtime_ns
    computed["05_synthese"].ecrire(tmp_path)
    assert target.stat().st_mtime_ns == stamp


def record(**changes) -> dict:
    base = {
        "key": "k",
        "label": "Un résultat",
        "value": 1.0,
        "unit": "%",
        "decimals": 0,
        "territory_id": "cabbalr",
        "perimeter": "EPCI",
        "ref_date": "2020",
        "source_ids": ["hypothese_auteurs"],
        "qualifier": "exact",
        "definition": "Une définition.",
        "parameters": None,
    }
    return {**base, **changes}


@pytest.mark.parametrize(
    "changes, fragment",
    [
        ({"value": "douze"}, "champ value"),
        ({"perimeter": "quartier"}, "champ perimeter"),
        ({"source_ids": []}, "champ source_ids"),
        ({"key": "Clé"}, "champ key"),
        ({"couleur": "bleu"}, "champ couleur"),
    ],
)
def test_a_bad_record_is_refused_naming_file_key_and_field(tmp_path, changes, fragment):
    path = tmp_path / "99_test.json"
    path.write_text(json.dumps({"chapitre": "99_test", "parametres": {}, "resultats": [record(**changes)]}))
    with pytest.raises(ResultatsError, match=f"99_test.json : résultat « .* », {fragment}"):
        resultats.lire("99_test", tmp_path)


def test_an_infinite_value_and_a_missing_file_are_refused(tmp_path):
    with pytest.raises(ValueError, match="valeur finie"):
        Resultat.model_validate(record(value=float("inf")))
    with pytest.raises(ResultatsError, match="introuvable : lancer make book"):
        resultats.lire("99_absent", tmp_path)


def test_an_unknown_key_is_refused_by_name(computed):
    with pytest.raises(ResultatsError, match="résultat « inconnu » inconnu"):
        computed["05_synthese"]["inconnu"]


def test_display_text_follows_the_unit_and_qualifier():
    assert Resultat(**record(value=28.4)).texte() == "28\u00a0%"
    assert Resultat(**record(value=6.06, unit="pts", decimals=1)).texte() == "+6,1\u00a0pts"
    assert Resultat(**record(value=2018.0, unit="année")).texte() == "2018"
    assert (
        Resultat(**record(value=150.0, unit="emplois", qualifier="approximate")).texte() == "près de 150\u00a0emplois"
    )


def test_a_rate_keeps_the_plural_of_its_base_below_two():
    """« 1,7 pour 1 000 habitants », never « 1,7 pour 1 000 habitant »; a count still agrees."""
    assert resultats.formater(1.7, "pour 1 000 habitants", 1) == "1,7\u00a0pour 1 000 habitants"
    assert resultats.formater(1.5, "emplois par projet", 1) == "1,5\u00a0emplois par projet"
    assert resultats.formater(1, "emplois", 0) == "1\u00a0emploi"
