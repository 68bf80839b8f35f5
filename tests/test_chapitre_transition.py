"""Model of the chapter on industrial transition (02_transition): its closed form, its
parameters, its records (values, provenance) and how they respond to the assumptions."""

import ast
import json
import math
import time
from dataclasses import replace

import numpy as np
import pytest

from territoires import data, fmt, paths
from territoires import transition as tr
from territoires.chapitres import transition as modele
from territoires.chapitres.base import ParameterError
from territoires.figures import transition_textes as textes


@pytest.fixture(scope="module")
def R():
    return modele.compute(modele.Parametres())


def run(**changes):
    return modele.compute(modele.Parametres.valider(changes))


# --- closed form (territoires.transition) ----------------------------------------------------


def test_full_size_jobs_is_the_product():
    assert tr.jobs_at_full_size(40, 0.25, 30) == pytest.approx(300)
    assert tr.jobs_at_full_size(40, 0, 30) == 0


def test_invalid_inputs_are_rejected_with_the_name():
    with pytest.raises(ValueError, match="success_rate"):
        tr.jobs_at_full_size(40, 1.5, 30)
    with pytest.raises(ValueError, match="projects"):
        tr.jobs_at_full_size(-1, 0.5, 30)
    with pytest.raises(ValueError, match="settling_years"):
        tr.jobs_after(3, 40, 0.5, 30, 0)
    with pytest.raises(ValueError, match="years"):
        tr.jobs_after(-1, 40, 0.5, 30, 5)


def test_without_ramp_jobs_grow_linearly_while_projects_settle():
    jobs = tr.jobs_after([0, 2, 4, 6], 40, 0.25, 30, settling_years=4, ramp_years=0)
    np.testing.assert_allclose(jobs, [0, 150, 300, 300])


def test_ramp_delays_but_does_not_change_the_long_run():
    no_ramp = tr.jobs_after(4, 40, 0.25, 30, 4, 0)
    ramp = tr.jobs_after(4, 40, 0.25, 30, 4, 2)
    assert ramp < no_ramp
    # every project is at full size once settling + ramp years have passed
    assert tr.jobs_after(6, 40, 0.25, 30, 4, 2) == pytest.approx(300)
    assert tr.jobs_after(10, 40, 0.25, 30, 4, 2) == pytest.approx(300)


def test_ramp_closed_form_matches_a_discrete_sum():
    # many projects settled evenly: the integral is the limit of the sum
    n, settling, ramp, t = 20000, 5.0, 3.0, 6.0
    settle = (np.arange(n) + 0.5) * settling / n
    discrete = np.sum(np.clip((t - settle) / ramp, 0, 1)) * 30 * (40 * 0.3) / n
    assert tr.jobs_after(t, 40, 0.3, 30, settling, ramp) == pytest.approx(discrete, rel=1e-4)


def test_trajectory_is_monotone_and_ratio_consistent():
    path = tr.trajectory(2021, 10, 40, 0.2, 30, 4, 3, 863)
    assert list(path["annee"]) == list(range(2021, 2032))
    assert path["emplois_recrees"].is_monotonic_increasing
    np.testing.assert_allclose(path["taux_remplacement_pct"], 100 * path["emplois_recrees"] / 863, atol=1e-5)


def test_replacement_ratio():
    assert tr.replacement_ratio(431.5, 863) == pytest.approx(50)
    with pytest.raises(ValueError):
        tr.replacement_ratio(100, 0)


def test_announced_ranges_are_summed_then_scaled():
    assert tr.announced_jobs([(335, 485), (200, 350)], 1) == (535, 835)
    assert tr.announced_jobs([(335, 485), (200, 350)], 0.5) == (267.5, 417.5)
    with pytest.raises(ValueError, match="inversée"):
        tr.announced_jobs([(10, 5)], 1)
    with pytest.raises(ValueError, match="realisation"):
        tr.announced_jobs([(1, 2)], 2)


def test_sensitivity_grid_is_sorted_and_complete():
    grid = tr.sensitivity_grid(
        [0.5, 0, 1], [50, 10], projects=40, horizon_years=8, settling_years=4, ramp_years=0, reference_headcount=800
    )
    assert len(grid) == 6
    assert list(grid["emplois_par_projet"]) == [10, 10, 10, 50, 50, 50]
    assert list(grid["taux_reussite_pct"]) == [0, 50, 100, 0, 50, 100]
    assert grid["taux_remplacement_pct"].iloc[-1] == pytest.approx(250)


def test_break_even_success_rate():
    assert tr.break_even_success_rate(40, 50, 800, 8, 4, 0) == pytest.approx(0.4)
    assert tr.break_even_success_rate(10, 10, 800, 8, 4, 0) is None
    # not yet at full size at the horizon: a higher rate is needed
    assert tr.break_even_success_rate(40, 50, 800, 4, 4, 2) > 0.4
    # out of reach: the required rate is still stated, above 1
    assert tr.required_success_rate(10, 10, 800, 8, 4, 0) == pytest.approx(8)


# --- parameters -----------------------------------------------------------------------------

NAMES = [
    "effectif_reference",
    "projets_etudies",
    "taux_reussite",
    "emplois_par_projet",
    "duree_implantation",
    "duree_montee_en_charge",
    "horizon",
    "part_annonces_realisee",
]


def test_parameters_are_named_in_french_with_shares_in_percent():
    P = modele.Parametres()
    assert list(modele.Parametres.model_fields) == NAMES
    assert P.chapitre == "02_transition"
    assert (P.taux_reussite, P.part_annonces_realisee) == (20.0, 50.0)
    for name in ("taux_reussite", "part_annonces_realisee"):
        assert modele.Parametres.unite(name) == "%"
        assert modele.Parametres.plage(name) == "0 à 100"


def test_the_notebook_parameters_cell_holds_exactly_the_defaults():
    notebook = json.loads((paths.NOTEBOOKS / "02_transition.ipynb").read_text(encoding="utf-8"))
    (cell,) = [c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assigned = {}
    for node in ast.parse("".join(cell["source"])).body:
        assert isinstance(node, ast.Assign), ast.dump(node)
        assigned[node.targets[0].id] = ast.literal_eval(node.value)
    defaults = modele.Parametres().valeurs()
    assert list(assigned) == NAMES
    assert assigned == defaults
    assert all(type(assigned[n]) is type(defaults[n]) for n in NAMES)


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"taux_reussite": 120.0}, "« taux_reussite » = 120.0 hors de la plage autorisée 0 à 100 %"),
        ({"taux_reussite": -1}, "« taux_reussite » = -1 hors de la plage"),
        ({"effectif_reference": 700}, "« effectif_reference » = 700 hors de la plage autorisée 800 à 900 salariés"),
        ({"horizon": 0}, "« horizon » = 0 hors de la plage"),
        ({"projets_etudies": 40.5}, "« projets_etudies » : entier attendu"),
        ({"emplois_par_projet": True}, "« emplois_par_projet » : entier attendu"),
        ({"taux_reussite": "20"}, "« taux_reussite » : nombre fini attendu"),
        ({"duree_implantation": math.nan}, "« duree_implantation » : nombre fini attendu"),
        ({"success_rate": 0.2}, "« success_rate » inconnu"),
    ],
)
def test_bad_parameters_are_refused_by_name(values, words):
    with pytest.raises(ParameterError, match=words):
        modele.Parametres.valider(values)


def test_every_problem_is_reported_at_once():
    with pytest.raises(ParameterError) as error:
        modele.Parametres.valider({"taux_reussite": 200.0, "horizon": 2.5})
    assert "taux_reussite" in str(error.value) and "horizon" in str(error.value)


def test_notebook_namespace_is_validated():
    namespace = modele.Parametres().valeurs() | {"In": [], "np": np, "_hidden": 1}
    assert modele.Parametres.depuis_notebook(namespace) == modele.Parametres()
    # papermill `-p taux_reussite 30` injects an int: read as the share 30 %
    assert modele.Parametres.depuis_notebook(namespace | {"taux_reussite": 30}).taux_reussite == 30.0
    injected = {"In": ["", "horizon = 8", "# Parameters\ntau_reussite = 30.0\n"], "tau_reussite": 30.0}
    with pytest.raises(ParameterError, match="« tau_reussite » inconnu"):  # a typo in `-p`
        modele.Parametres.depuis_notebook(namespace | injected)
    with pytest.raises(ParameterError, match="absents de la cellule parameters : horizon"):
        modele.Parametres.depuis_notebook({k: v for k, v in namespace.items() if k != "horizon"})
    with pytest.raises(ParameterError, match="« part_annonces_realisee » = 0.5 hors|part_annonces_realisee"):
        modele.Parametres.depuis_notebook(namespace | {"part_annonces_realisee": 150.0})


def test_the_parameter_table_lists_every_parameter():
    table = modele.Parametres.tableau()
    assert list(table["Paramètre"]) == NAMES
    assert table.set_index("Paramètre").at["taux_reussite", "Valeur par défaut"] == "20"


# --- records at the default assumptions -----------------------------------------------------

# What the chapter printed before its numbers became records (notebook outputs of the
# previous version, default assumptions): the records must read the same.
BOOK = {
    "effectif_reference": "863",
    "part_solutions_bilan": "93 %",
    "emplois_recrees": "240",
    "taux_remplacement": "28 %",
    "arc_baisse": "72 %",
    "effectif_min": "823",
    "effectif_max": "863",
    "effectif_mode": "863",
    "effectif_mode_sources": "6",
    "jalons_dates_concurrentes": "4",
    "part_solutions_etape": "51 %",
    "bilan_solutions": "772",
    "bilan_licencies": "830",
    "part_cdi_cdd_bilan": "66 %",
    "bilan_sans_solution": "58",
    "site_salaries_2023": "environ 100",
    "blackstar_2026": "148",
    "emplois_pleine_taille": "240",
    "part_creations_bilan": "14 %",
    "part_solutions_recente": "98 %",
    "arc_duree": "27",
    "acc_communes_agglomeration": "2",
    "repere_reussite": "environ 18 %",
    "repere_emplois": "environ 25",
    "seuil_reussite": "72 %",
    "sensibilite_bas": "8 %",
    "sensibilite_haut": "162 %",
    "sites_industriels_projet": "environ 83",
    "arc_debut": "12 500",
    "arc_fin": "3 500",
    "arc_perte": "9 000",
    "choc_industriel_cabbalr": "863",
    "choc_industriel_flandre_audomarois": "704",
}


def plain(text: str) -> str:
    return text.replace(fmt.NBSP, " ").replace("\u202f", " ")


@pytest.mark.parametrize("key", sorted(BOOK))
def test_records_read_as_the_book_printed_them(R, key):
    shown = R.texte(key, unit=R[key].unit == "%")
    assert plain(shown) == BOOK[key]


def site_ranges() -> list[data.Fact]:
    """The announced ranges the fact table places on the site itself."""
    return [f for f in map(data.fact, tr.ANNOUNCED) if f.territory_id == tr.SITE_ID]


def test_the_announced_potentials_are_the_site_s_own(R):
    """A project the fact table places on the wider territory is not counted as the site's."""
    low = sum(f.value_low for f in site_ranges())
    high = sum(f.value_high for f in site_ranges())
    assert R.valeur("emplois_annonces_realises_bas") == pytest.approx(low / 2)
    assert R.valeur("emplois_annonces_realises_haut") == pytest.approx(high / 2)
    assert R.valeur("taux_annonces_bas") == pytest.approx(100 * low / 2 / 863)
    strategic = data.fact("site_potentiel_filiere_strategique")
    assert (strategic.territory_id == tr.SITE_ID) == (
        "site_potentiel_filiere_strategique" in [f.fact_id for f in site_ranges()]
    )
    assert textes.potentiel_strategique().startswith(
        ". Un projet" if strategic.territory_id != tr.SITE_ID else ", plus"
    )


def test_a_strategic_project_placed_on_the_site_counts(monkeypatch):
    original = data.fact

    def on_site(fact_id):
        fact = original(fact_id)
        return replace(fact, territory_id=tr.SITE_ID) if fact_id == "site_potentiel_filiere_strategique" else fact

    monkeypatch.setattr(data, "fact", on_site)
    both = modele.compute(modele.Parametres())
    every = [on_site(f) for f in tr.ANNOUNCED]
    assert both.valeur("emplois_annonces_realises_bas") == pytest.approx(sum(f.value_low for f in every) / 2)
    assert textes.potentiel_strategique().startswith(", plus")


def test_the_headcount_versions_are_the_facts_of_the_headcount_indicator(R):
    heads = data.facts(indicator="bridgestone_headcount")
    assert R.valeur("effectif_versions") == len(heads)
    people = data.fact("seed_bri_pse_personnes_concernees")
    funnel = R.tables["reclassement"].set_index("fact_id")
    # the agglomeration's solutions are divided by its own count of people concerned, headcount or not
    assert funnel.at["seed_bri_pse_solutions", "denominateur"] == people.value
    assert funnel.at["seed_bri_pse_solutions", "denominateur_origine"] == "source"
    assert R.valeur("part_solutions_etape") == pytest.approx(100 * 419 / people.value)


def test_business_creations_are_divided_by_the_dismissed_of_the_same_report(R):
    record = R["part_creations_bilan"]
    created, dismissed = data.fact("bri_solutions_creations_bilan"), data.fact("bri_headcount_licencies_bilan")
    assert record.value == pytest.approx(100 * created.value / dismissed.value)
    assert record.ref_date == created.ref_date and created.source_id in record.source_ids
    assert "licenciés du même bilan" in record.definition


def test_the_latest_solution_share_is_the_latest_dated_one(R):
    shares = data.facts(indicator="bridgestone_solution_share").dropna(subset=["ref_date"])
    latest = shares.sort_values("ref_date").iloc[-1]
    assert R.valeur("part_solutions_recente") == latest["value"]
    assert R["part_solutions_recente"].ref_date == latest["ref_date"] > R["part_solutions_bilan"].ref_date
    assert "pas le dernier chiffre publié" in R["part_solutions_bilan"].definition


def test_the_arc_period_is_computed_from_the_records_dates(R):
    years = int(R["arc_fin"].ref_date[:4]) - int(R["arc_debut"].ref_date[:4])
    assert R.valeur("arc_duree") == years
    assert plain(R.texte("arc_duree")) == f"{years} ans"


def test_the_acc_gigafactory_is_placed_from_the_table_of_communes(R, monkeypatch):
    assert R.valeur("acc_communes_agglomeration") == 2
    assert plain(textes.acc_lieu(R)) == "à Billy-Berclau et Douvrin, 2 communes membres de l'agglomération"
    original = data.load

    def moved(name):
        table = original(name)
        if name == "communes":  # Douvrin in another EPCI
            table.loc[table["code_insee"] == "62276", "epci_siren"] = "200000000"
        return table

    monkeypatch.setattr(data, "load", moved)
    other = modele.compute(modele.Parametres())
    assert other.valeur("acc_communes_agglomeration") == 1
    assert plain(textes.acc_lieu(other)) == "à Billy-Berclau et Douvrin, dont 1 commune dans l'agglomération"


def test_a_site_commune_missing_from_the_table_is_named(monkeypatch):
    original = data.load

    def without(name):
        table = original(name)
        return table[table["code_insee"] != "62276"] if name == "communes" else table

    monkeypatch.setattr(data, "load", without)
    with pytest.raises(LookupError, match="data/raw/territories.csv, territoire billy_berclau_douvrin, champ code"):
        modele.compute(modele.Parametres())


def test_the_black_star_headcount_is_placed_before_or_after_its_safeguard(monkeypatch):
    safeguard = data.load("timeline").set_index("event_id").at["blackstar_sauvegarde", "date"]
    headcount = data.fact("blackstar_effectif_2026").ref_date
    word = textes.avant_apres("blackstar_effectif_2026", "blackstar_sauvegarde", "sa mise en sauvegarde")
    expected = "après" if headcount > safeguard else "avant" if headcount < safeguard[: len(headcount)] else "au moment"
    assert word.startswith(expected) and fmt.iso_date(safeguard) in word
    original = data.fact
    monkeypatch.setattr(
        data,
        "fact",
        lambda f: replace(original(f), ref_date="2025-12") if f == "blackstar_effectif_2026" else original(f),
    )
    assert textes.avant_apres("blackstar_effectif_2026", "blackstar_sauvegarde", "x").startswith("avant x")


def test_the_horizon_and_the_safeguard_are_dated_records(R):
    assert R["annee_horizon"].ref_date == R.tables["trajectoire"]["date"].iloc[-1]
    assert R.valeur("annee_horizon") == int(R["annee_horizon"].ref_date[:4])
    safeguard = data.load("timeline").set_index("event_id").at["blackstar_sauvegarde", "date"]
    assert R["blackstar_sauvegarde"].ref_date == safeguard


def test_phrasings_the_prose_builds_from_records(R):
    assert textes.multiple_arc(R) == "10"  # « plus de 10 fois l'effectif de Bridgestone »
    assert plain(textes.seuil(R)) == "72 %"
    assert plain(R.texte("site_salaries_2023")) == "environ 100 salariés"


def test_the_required_records_are_there(R):
    assert set(BOOK) <= set(R.keys())
    assert R["choc_industriel_cabbalr"].value == data.fact("bri_headcount_ccfa_2020").value
    assert R["choc_industriel_flandre_audomarois"].value == data.fact("arc_pse_2026").value
    assert R["choc_industriel_flandre_audomarois"].source_ids == (data.fact("arc_pse_2026").source_id,)


def test_every_record_carries_its_provenance(R):
    sources = set(data.load("sources_enriched")["source_id"])
    territories = set(data.load("territories_ref")["territory_id"])
    for record in R.records:
        assert record.label[0].isupper() and len(record.label) > 20, record.key
        assert len(record.definition) > 20, record.key
        assert set(record.source_ids) <= sources, record.key
        assert record.territory_id in territories, record.key
        assert record.perimeter, record.key
        assert record.ref_date is None or record.ref_date[:4].isdigit(), record.key
        assert math.isfinite(record.value), record.key


def test_model_outputs_carry_the_parameters_and_no_date(R):
    model = [r for r in R.records if r.qualifier == "model"]
    assert {r.key for r in model} >= {"emplois_recrees", "taux_remplacement", "emplois_annonces_realises_bas"}
    for record in model:
        assert record.parameters == modele.Parametres().valeurs(), record.key
        assert record.ref_date is None or record.key == "annee_horizon", record.key  # the horizon is a date
        assert "hypothese_auteurs" in record.source_ids, record.key
    # figures quoted from the sources carry no parameters
    for key in ("bilan_solutions", "choc_industriel_cabbalr", "arc_debut", "site_salaries_2023"):
        assert R[key].parameters is None and R[key].qualifier != "model"


def test_records_that_use_a_parameter_say_so(R):
    for key in ("effectif_reference", "arc_multiple"):
        assert R[key].parameters == R.parametres


def test_tables_for_the_figures(R):
    path = R.tables["trajectoire"]
    assert path["date"].iloc[0] == "2021-04" and path["date"].iloc[-1] == "2029-04"
    assert R.tables["courbe"]["emplois_recrees"].iloc[-1] == pytest.approx(R.valeur("emplois_recrees"))
    assert sorted(R.tables["sensibilite"]["emplois_par_projet"].unique()) == [10, 25, 30, 50, 100, 200]
    assert R.tables["bilan"]["salaries"].sum() == R.valeur("bilan_licencies")
    assert (R.tables["reclassement"]["denominateur_origine"] == "publiee").sum() == 3


def test_compute_is_fast_pure_and_deterministic(R, tmp_path):
    start = time.perf_counter()
    again = modele.compute(modele.Parametres())
    assert time.perf_counter() - start < 1.0
    assert again.payload() == R.payload()
    written = again.ecrire(tmp_path)
    assert written == tmp_path / "02_transition.json"
    assert json.loads(written.read_text(encoding="utf-8"))["parametres"]["taux_reussite"] == 20.0


# --- behaviour ------------------------------------------------------------------------------

MODEL_KEYS = {
    "emplois_recrees",
    "taux_remplacement",
    "emplois_pleine_taille",
    "seuil_reussite",
    "sensibilite_bas",
    "sensibilite_haut",
}


def changed(a, b) -> set[str]:
    return {k for k in a.keys() if a.valeur(k) != b.valeur(k)}


def test_jobs_grow_with_the_success_rate():
    jobs = [run(taux_reussite=rate).valeur("emplois_recrees") for rate in (0.0, 10.0, 20.0, 50.0, 100.0)]
    assert jobs[0] == 0
    assert all(a < b for a, b in zip(jobs, jobs[1:]))
    # percent at the boundary, share inside: 20 % is the old success_rate 0.2
    assert jobs[2] == pytest.approx(tr.jobs_after(8, 40, 0.2, 30, 4.0, 3.0))


def test_the_success_rate_moves_the_model_outputs_only(R):
    other = run(taux_reussite=40.0)
    assert changed(R, other) == {"emplois_recrees", "taux_remplacement", "emplois_pleine_taille"}
    assert other.valeur("emplois_recrees") == pytest.approx(2 * R.valeur("emplois_recrees"))


def test_the_reference_headcount_moves_the_ratios_not_the_jobs(R):
    other = run(effectif_reference=800)
    assert other.valeur("emplois_recrees") == R.valeur("emplois_recrees")
    assert other.valeur("taux_remplacement") == pytest.approx(R.valeur("taux_remplacement") * 863 / 800)
    assert changed(R, other) == {
        "effectif_reference",
        "taux_remplacement",
        "taux_annonces_bas",
        "taux_annonces_haut",
        "seuil_reussite",
        "sensibilite_bas",
        "sensibilite_haut",
        "arc_multiple",
    }
    # the shares of the redeployment figure divided by the chapter's reference follow it
    funnel = other.tables["reclassement"].set_index("fact_id")
    assert funnel.at["bri_cdi_fermeture", "denominateur"] == 800


def test_the_announced_share_scales_the_announced_jobs_only(R):
    other = run(part_annonces_realisee=100.0)
    assert other.valeur("emplois_annonces_realises_bas") == pytest.approx(sum(f.value_low for f in site_ranges()))
    assert other.valeur("emplois_annonces_realises_haut") == pytest.approx(sum(f.value_high for f in site_ranges()))
    assert changed(R, other) == {
        "emplois_annonces_realises_bas",
        "emplois_annonces_realises_haut",
        "taux_annonces_bas",
        "taux_annonces_haut",
    }


def test_a_longer_horizon_never_loses_jobs_and_a_slower_ramp_delays_them(R):
    jobs = [run(horizon=h).valeur("emplois_recrees") for h in (1, 3, 5, 8, 15)]
    assert all(a <= b for a, b in zip(jobs, jobs[1:]))
    assert run(horizon=15).valeur("emplois_recrees") == pytest.approx(R.valeur("emplois_pleine_taille"))
    assert run(duree_montee_en_charge=10.0).valeur("emplois_recrees") < R.valeur("emplois_recrees")
    assert run(horizon=12).tables["trajectoire"]["date"].iloc[-1] == "2033-04"


def test_a_threshold_out_of_reach_is_said_so():
    small = run(projets_etudies=5, emplois_par_projet=5)
    assert small.valeur("seuil_reussite") > 100
    assert "hors d'atteinte avec 5 emplois par projet" in textes.seuil(small)


def test_the_sensitivity_grid_follows_the_assumed_size():
    other = run(emplois_par_projet=75)
    assert 75 in set(other.tables["sensibilite"]["emplois_par_projet"])
    assert other.valeur("sensibilite_haut") > other.valeur("sensibilite_bas")
