"""The official population series (data/official/populations/, territoires.populations): the
committed extract, the series, changes and ranks on small hand-built tables, and bad inputs that
must stop the reading with the file, the line and the field. No network, no npm."""

from __future__ import annotations

import csv
import json
import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from territoires import populations as P
from territoires.figures import populations as F
from territoires.lecture import DataError

CABBALR, CAPSO = "200072460", "200069037"
FLANDRE_AUDOMAROIS = ["200040947", CAPSO, "245900758", "246201016"]
NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(scope="module")
def epci() -> pd.DataFrame:
    return P.lire_epci()


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return P.lire_communes()


# --- the committed extract ------------------------------------------------------------------


def test_every_millesime_has_the_regions_epci(epci):
    counts = epci.groupby("millesime_cog").size()
    assert list(counts.index) == list(P.MILLESIMES)
    assert counts.between(90, 95).all(), counts.to_dict()
    assert (epci["population"] > 0).all() and (epci["n_communes"] > 0).all()


def test_reference_years_are_those_in_force_and_strictly_increasing(epci):
    years = epci.groupby("millesime_cog")["annee_population"].unique()
    assert all(len(y) == 1 for y in years)
    ordered = [int(y[0]) for y in years]
    assert ordered == sorted(set(ordered)), "une année de référence répétée ou en désordre"
    assert all(year == millesime - 3 for millesime, year in zip(years.index, ordered))


def test_the_study_epci_are_present_every_year(epci):
    for siren, n in ((CABBALR, 100), (CAPSO, 53)):
        rows = epci[epci["epci_siren"] == siren]
        assert list(rows["millesime_cog"]) == list(P.MILLESIMES)
        assert set(rows["n_communes"]) == {n}
    serie = P.serie_perimetre(epci, FLANDRE_AUDOMAROIS)
    assert serie["complet"].all() and (serie["n_epci"] == 4).all()


def test_known_published_figures(epci, communes):
    """Figures printed elsewhere (README): CAPSO 104 937 in 2021, Béthune 25 193 in 2018."""
    capso = epci[(epci["epci_siren"] == CAPSO) & (epci["annee_population"] == 2021)]
    assert capso["population"].tolist() == [104_937]
    bethune = communes[(communes["code_insee"] == "62119") & (communes["annee_population"] == 2018)]
    assert bethune["population"].tolist() == [25_193]


def test_communes_add_up_to_their_epci(epci, communes):
    sums = communes.groupby(["millesime_cog", "epci_siren"])["population"].agg(["sum", "size"])
    joined = epci.set_index(["millesime_cog", "epci_siren"]).join(sums)
    later = joined[joined.index.get_level_values(0) > 2019]
    assert (later["sum"] == later["population"]).all()
    assert (later["size"] == later["n_communes"]).all()
    # 2019: the communes nouvelles created after 1 January 2018 have no row (README); their EPCI
    # total, from the DGCL, covers them.
    first = joined.loc[2019]
    assert (first["sum"] <= first["population"]).all()
    assert (first["size"] < first["n_communes"]).sum() <= 15
    for siren in [CABBALR, *FLANDRE_AUDOMAROIS]:
        assert first.loc[siren, "sum"] == first.loc[siren, "population"]


def test_the_extract_is_sorted_with_lf_line_ends():
    for path, key in ((P.FICHIER_EPCI, P.CLE_EPCI), (P.FICHIER_COMMUNES, P.CLE_COMMUNES)):
        payload = path.read_bytes()
        assert b"\r" not in payload and payload.endswith(b"\n")
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        keys = [tuple(r[k] for k in key) for r in rows]
        assert keys == sorted(keys), path.name


def test_the_npm_lock_pins_one_version_per_millesime():
    folder = P.DOSSIER
    wanted = json.loads((folder / "package.json").read_text(encoding="utf-8"))["dependencies"]
    lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert sorted(int(alias.split("-")[1]) for alias in wanted) == list(P.MILLESIMES)
    for alias, spec in wanted.items():
        locked = lock[f"node_modules/{alias}"]
        assert spec == f"npm:@etalab/decoupage-administratif@{locked['version']}"
        assert locked["integrity"].startswith("sha512-")
        assert alias.split("-")[1] in (folder / "README.md").read_text(encoding="utf-8")


# --- series and changes on hand-built tables ----------------------------------------------


def _epci(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["millesime_cog", "epci_siren", "population", "n_communes"])
    return frame.assign(
        annee_population=frame["millesime_cog"].map(P.MILLESIMES),
        epci_nom="EPCI " + frame["epci_siren"],
        epci_type="CC",
    )[list(P.COLONNES_EPCI)]


REGION = _epci(
    [
        (2019, "a", 1000, 10), (2019, "b", 2000, 20), (2019, "c", 500, 5), (2019, "d", 800, 8),
        (2021, "a", 1100, 10), (2021, "b", 1900, 21), (2021, "d", 800, 8),
        (2022, "a", 1210, 10), (2022, "b", 1800, 21), (2022, "c", 400, 5), (2022, "d", 824, 8),
    ]
)  # fmt: skip


def test_a_perimeter_series_sums_its_members_and_shows_boundary_changes():
    serie = P.serie_perimetre(REGION, ["b", "c"])
    assert serie["population"].tolist() == [2500, 1900, 2200]
    assert serie["absents"].tolist() == ["", "c", ""]
    assert serie["complet"].tolist() == [True, False, True]
    assert serie["composition_modifiee"].tolist() == ["", "b", ""]
    assert serie["annee_population"].tolist() == [2016, 2018, 2019]


def test_a_perimeter_needs_members_present_in_the_data():
    with pytest.raises(ValueError, match="périmètre vide"):
        P.serie_perimetre(REGION, [])
    with pytest.raises(LookupError, match="zz"):
        P.serie_perimetre(REGION, ["zz"])


def test_change_between_two_millesimes():
    e = P.evolution(P.serie_perimetre(REGION, "a"), 2019, 2022)
    assert (e.population_debut, e.population_fin, e.absolue, e.duree) == (1000, 1210, 210, 3)
    assert e.pourcentage == pytest.approx(21.0)
    assert e.taux_annuel == pytest.approx(100 * (1.21 ** (1 / 3) - 1))
    assert P.evolution(P.serie_perimetre(REGION, "a")) == e  # first and last by default


def test_the_annual_rate_counts_years_between_reference_years_not_millesimes():
    serie = pd.DataFrame({"millesime_cog": [2019, 2021], "annee_population": [2016, 2020], "population": [100, 121]})
    assert P.evolution(serie).taux_annuel == pytest.approx(100 * (1.21**0.25 - 1))


def test_change_text_is_french():
    e = P.Evolution(2019, 2026, 2016, 2023, 277_812, 275_028)
    assert e.texte() == (f"−2{NNBSP}784{NBSP}habitants (−1,0{NBSP}%, soit −0,14{NBSP}% par an) entre 2016 et 2023")
    assert P.Evolution(2019, 2021, 2016, 2018, 1000, 1000).texte().startswith(f"0{NBSP}habitants (0,0{NBSP}%")
    assert P.Evolution(2019, 2021, 2016, 2018, 1000, 1100).texte().startswith(f"+100{NBSP}habitants (+10,0")


@pytest.mark.parametrize(
    ("debut", "fin", "error", "match"),
    [
        (2020, 2022, LookupError, "2020 absent"),
        (2022, 2019, ValueError, "postérieur"),
        (2021, 2021, ValueError, "ou égal"),
    ],
)
def test_bad_millesimes_are_refused(debut, fin, error, match):
    with pytest.raises(error, match=match):
        P.evolution(P.serie_perimetre(REGION, "a"), debut, fin)


def test_annual_rates_rank_the_epci_present_at_both_dates():
    table = P.taux_annuels(REGION, 2019, 2022)
    assert table["epci_siren"].tolist() == ["a", "d", "b", "c"]
    assert table["rang"].tolist() == [1, 2, 3, 4]
    assert table["composition_modifiee"].tolist() == [False, False, True, False]
    # between 2019 and 2021, c is absent: three EPCI ranked
    assert P.taux_annuels(REGION, 2019, 2021)["epci_siren"].tolist() == ["a", "d", "b"]


def test_ties_share_a_rank():
    tied = _epci(
        [(2019, "x", 100, 1), (2019, "y", 200, 1), (2019, "z", 100, 1), (2021, "x", 110, 1), (2021, "y", 220, 1),
         (2021, "z", 105, 1)]
    )  # fmt: skip
    assert P.taux_annuels(tied)["rang"].tolist() == [1, 1, 3]
    assert P.rang_taux(tied, "x").texte() == "1er sur 3"  # as fast as y
    assert P.rang_population(tied, "x", 2019).texte() == "2e sur 3"
    assert P.rang_population(tied, "z", 2019).texte() == "2e sur 3"  # as large as x


def test_rank_by_population_of_an_epci_and_of_a_perimeter():
    assert P.rang_population(REGION, "b", 2019).texte() == "1er sur 4"
    assert P.rang_population(REGION, "a", 2019).texte() == "2e sur 4"
    rank = P.rang_population(REGION, ["c", "d"], 2019)  # 1 300 against a (1 000) and b (2 000)
    assert (rank.rang, rank.sur, rank.valeur) == (2, 3, 1300)
    assert P.rang_population(REGION, ["c", "d"], 2021).exclus == ("c",)  # c absent in 2021


def test_rank_by_annual_rate_of_an_epci_and_of_a_perimeter():
    assert P.rang_taux(REGION, "a", 2019, 2022).texte() == "1er sur 4"
    assert P.rang_taux(REGION, "b", 2019, 2022).texte() == "3e sur 4"
    rank = P.rang_taux(REGION, ["b", "c"], 2019, 2022)  # 2 500 → 2 200, below a and d
    assert (rank.rang, rank.sur) == (3, 3)
    assert rank.valeur == pytest.approx(100 * ((2200 / 2500) ** (1 / 3) - 1))
    partial = P.rang_taux(REGION, ["b", "c"], 2019, 2021)
    assert partial.exclus == ("c",) and partial.sur == 3
    with pytest.raises(LookupError, match="deux millésimes"):
        P.rang_taux(REGION, "c", 2019, 2021)


def _communes(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["millesime_cog", "code_insee", "epci_siren", "population"])
    return frame.assign(
        annee_population=frame["millesime_cog"].map(P.MILLESIMES), nom="Commune " + frame["code_insee"]
    )[list(P.COLONNES_COMMUNES)]


COMMUNES = _communes(
    [
        (2019, "59001", "a", 100), (2019, "59002", "a", 0), (2019, "59003", "a", 50), (2019, "59004", "b", 70),
        (2022, "59001", "a", 121), (2022, "59002", "a", 10), (2022, "59004", "a", 80), (2022, "59005", "a", 5),
    ]
)  # fmt: skip


def test_commune_change_is_a_rate_per_year_at_constant_commune():
    change = P.evolution_communes(COMMUNES, "a")
    table = change.table.set_index("code_insee")
    assert list(table.index) == ["59001", "59002", "59004", "59005"]
    assert table.loc["59001", "taux_annuel"] == pytest.approx(100 * (1.21 ** (1 / 3) - 1))
    assert math.isnan(table.loc["59002", "taux_annuel"])  # nobody at the start: no rate
    assert table.loc["59004", "epci_siren_debut"] == "b"  # came from another EPCI
    assert change.disparues == ("59003",) and change.apparues == ("59005",)
    assert (change.annee_debut, change.annee_fin) == (2016, 2019)


def test_composition_changes_say_where_communes_come_from():
    moves = P.changements_composition(COMMUNES, "a")
    assert moves.values.tolist() == [
        [2022, "59004", "Commune 59004", "entrée"],
        [2022, "59005", "Commune 59005", "apparition"],
        [2022, "59003", "Commune 59003", "disparition"],
    ]
    assert P.changements_composition(COMMUNES, "b").values.tolist() == [[2022, "59004", "Commune 59004", "sortie"]]


def test_the_study_perimeters_have_a_stable_composition(communes):
    for sirens in ([CABBALR], FLANDRE_AUDOMAROIS):
        assert P.changements_composition(communes, sirens).empty
        change = P.evolution_communes(communes, sirens)
        assert change.disparues == () and change.apparues == ()
        assert change.table["taux_annuel"].notna().all()


# --- bad inputs ---------------------------------------------------------------------------------

HEADER = ",".join(P.COLONNES_EPCI)
GOOD = ["2019,2016,200072460,CA Test,CA,277812,100", "2021,2018,200072460,CA Test,CA,276759,100"]


def _write(tmp_path, lines, name="epci.csv"):
    path = tmp_path / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lines", "line", "field", "message"),
    [
        ([HEADER.replace(",n_communes", ""), *(g.rsplit(",", 1)[0] for g in GOOD)], 1, "n_communes", "manquante"),
        ([HEADER, GOOD[0], GOOD[1].replace("276759", "276759.5")], 3, "population", "entier attendu"),
        ([HEADER, GOOD[0], GOOD[1].replace("276759", "276 759")], 3, "population", "entier attendu"),
        ([HEADER, GOOD[0].replace("2019,2016", "2020,2017")], 2, "millesime_cog", "millésime inconnu 2020"),
        ([HEADER, GOOD[0].replace("2019,2016", "2019,2017")], 2, "annee_population", "2016 attendue"),
        ([HEADER, GOOD[0], GOOD[0]], 3, "epci_siren", "doublon de la clé 2019 / 200072460 (déjà ligne 2)"),
        ([HEADER, GOOD[0].replace("277812", "")], 2, "population", "valeur obligatoire manquante"),
        ([HEADER, GOOD[0].replace("277812", "0")], 2, "population", "minimum 1"),
        ([HEADER, GOOD[0].replace("200072460", "20007246")], 2, "epci_siren", "SIREN à 9 chiffres"),
        ([HEADER, GOOD[0].replace(",CA,", ",SIVOM,")], 2, "epci_type", "type d'EPCI inconnu"),
        ([HEADER, GOOD[0] + ",12"], 2, "n_communes", "8 valeurs au lieu de 7"),
        ([HEADER.replace(",", ";"), GOOD[0].replace(",", ";")], 1, "millesime_cog", "séparateur"),
        ([HEADER, GOOD[0].replace("CA Test", '"CA "Test"')], 2, "epci_nom", "guillemet"),
    ],
)
def test_a_bad_epci_row_names_file_line_and_field(tmp_path, lines, line, field, message):
    path = _write(tmp_path, lines)
    with pytest.raises(DataError) as caught:
        P.lire_epci(path)
    error = caught.value
    assert (error.file, error.line, error.field) == ("epci.csv", line, field)
    assert str(error).startswith(f"epci.csv, ligne {line}, champ « {field} » : ")
    assert message in str(error)


def test_a_bad_commune_row_names_file_line_and_field(tmp_path):
    header = ",".join(P.COLONNES_COMMUNES)
    path = _write(tmp_path, [header, "2019,2016,62119,Béthune,200072460,25186", "2019,2016,6211,X,200072460,1"],
                  "communes.csv")  # fmt: skip
    with pytest.raises(DataError, match=r"communes\.csv, ligne 3, champ « code_insee » : .*5 caractères"):
        P.lire_communes(path)
    fine = _write(tmp_path, [header, "2019,2016,62210,Canteleux,200072460,0"], "zero.csv")
    assert P.lire_communes(fine)["population"].tolist() == [0]  # a commune may be empty; an EPCI may not


ZONES_HEADER = ",".join(P.COLONNES_ZONES)
ZONE = "2023,pas_de_calais,Pas-de-Calais,departement,62,1457905,887,6.0.0 communes"


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (ZONE.replace(",62,", ",6,"), "code", "code de département, de région ou FRM"),
        (ZONE.replace("departement", "canton"), "niveau", "niveau attendu parmi departement, region, metropole"),
        (ZONE.replace("pas_de_calais", "Pas-de-Calais"), "zone_id", "snake_case"),
        (ZONE.replace("1457905", "0"), "population", "minimum 1"),
        (ZONE.replace(",6.0.0 communes", ","), "jeu", "valeur obligatoire manquante"),
    ],
)
def test_a_bad_zone_row_names_file_line_and_field(tmp_path, row, field, message):
    path = _write(tmp_path, [ZONES_HEADER, ZONE.replace("2023", "2022"), row], "zones.csv")
    with pytest.raises(DataError) as caught:
        P.lire_zones(path)
    assert (caught.value.file, caught.value.line, caught.value.field) == ("zones.csv", 3, field)
    assert message in str(caught.value)


def test_zone_populations_by_year_and_the_years_every_zone_has():
    zones = P.lire_zones()
    assert P.population_zone(zones, "pas_de_calais", 2018) == 1_466_743  # INSEE, checked by extraire.py
    assert P.population_zone(zones, "hauts_de_france", 2018) == data_fact_value("pop_hdf_2018")
    assert P.annees_zones(zones, ["pas_de_calais", "france_metro"]) == [2019, 2020, 2022, 2023]
    for annee in P.annees_zones(zones, ["hauts_de_france"]):  # the region is the sum of its departments
        departements = zones[(zones["annee_population"] == annee) & (zones["niveau"] == "departement")]
        assert departements["population"].sum() == P.population_zone(zones, "hauts_de_france", annee)
    with pytest.raises(LookupError, match="pas de population 2021 pour la zone france_metro"):
        P.population_zone(zones, "france_metro", 2021)
    assert P.millesime_de(2023) == 2026
    with pytest.raises(LookupError, match="aucun millésime pour l'année de référence 2017"):
        P.millesime_de(2017)


def test_a_perimeter_in_one_year_sums_its_epci_and_names_a_missing_one():
    epci = P.lire_epci()
    fa = ["200040947", "200069037", "245900758", "246201016"]
    total = P.perimetre(epci, fa, 2023)
    rows = P.du_millesime(epci, 2023).loc[fa]
    assert total == {"population": int(rows["population"].sum()), "n_communes": 147, "n_epci": 4}
    with pytest.raises(LookupError, match="EPCI 999999999 absent"):
        P.perimetre(epci, ["200072460", "999999999"], 2023)


def data_fact_value(fact_id: str) -> int:
    from territoires import data

    return int(data.fact(fact_id).value)


def test_missing_or_empty_files(tmp_path):
    with pytest.raises(DataError, match="fichier introuvable"):
        P.lire_epci(tmp_path / "absent.csv")
    with pytest.raises(DataError, match="ligne 1.*fichier vide"):
        P.lire_epci(_write(tmp_path, []))
    with pytest.raises(DataError, match="ligne 2.*aucune ligne"):
        P.lire_epci(_write(tmp_path, [HEADER]))


def test_the_good_rows_read_back_typed(tmp_path):
    frame = P.lire_epci(_write(tmp_path, [HEADER, *GOOD]))
    assert frame["population"].tolist() == [277812, 276759]
    assert frame["epci_siren"].tolist() == ["200072460", "200072460"]


# --- figures (drawn, not published) -------------------------------------------------------------


def test_trend_figure_data_title_and_alt_text():
    perimetres = {"cabbalr": ["a"], "flandre_audomarois": ["b", "c"]}
    table = F.table_tendance(REGION, perimetres)
    a = table[table["perimetre"] == "cabbalr"]
    assert a["indice"].tolist() == [100.0, 110.0, 121.0]
    assert set(table["perimetre"]) == {"cabbalr", "flandre_audomarois", F.REGION}
    dessin = F.dessin_tendance(table)
    assert dessin.titre == (
        f"De 2016 à 2019, Béthune-Bruay gagne 21,0{NBSP}% d'habitants, "
        f"Flandre-Audomarois perd 12,0{NBSP}% de sa population"
    )
    assert "Flandre-Audomarois en 2021 (EPCI absents : c)" in dessin.legende
    assert "Béthune-Bruay à 121,0 en 2019" in dessin.alt
    plt.close(dessin.fig)


def test_rank_figure_names_the_study_epci_with_their_rank():
    perimetres = {"cabbalr": ["a"], "flandre_audomarois": ["b", "c"]}
    table = F.table_rangs(REGION, perimetres, 2019, 2022)
    dessin = F.dessin_rangs(table, F.rangs_des_perimetres(REGION, perimetres, 2019, 2022), 2016, 2019)
    assert dessin.titre.startswith("Croissance de la population de 2016 à 2019 : Béthune-Bruay 1er sur 4")
    labels = sorted(t.get_text() for t in dessin.fig.axes[0].texts if t.get_text())
    assert labels == ["EPCI a (1er)", "EPCI b (3e)", "EPCI c (4e)"]
    plt.close(dessin.fig)
