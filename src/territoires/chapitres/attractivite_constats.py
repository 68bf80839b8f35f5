"""Figures the attractiveness chapter (01_attractivite) states from its sources: the published
counts of Territoires d'industrie, the activity of the SOFIE agency, the unemployment gap with
Belgian Flanders and the audit of the "Belgian club" claim (every input of that audit is
rounded by its source, so are its results)."""

from __future__ import annotations

from .. import attractivite as at
from ..resultats import calcul, depuis_fait

HYPOTHESE = at.HYPOTHESE
AUDOMAROIS = ("pays_saint_omer", "groupement d'EPCI")
SOFIE = ("sofie", "groupement d'EPCI")
# End of phase 1, phase 2 and its new territories, all three from one source (facts).
PHASES = ("ti_nombre_france_version1", "ti_nombre_france_phase2", "ti_nouveaux_phase2")


def fait(fact_id: str, key: str, label: str, **update):
    return depuis_fait(fact_id, key, label=label, **update)


# --- Territoires d'industrie, the agency ---------------------------------------------------------------


def territoires_industrie(p, donnees, records, tables):
    """The range of the published national counts of Territoires d'industrie, and the arithmetic
    of the two phases as one source gives it (end of phase 1, phase 2, new territories)."""
    ti = tables["ti"] = at.territoires_industrie(donnees)
    france = ti[ti["indicator"] == "ti_count_france"]
    extremes = {"ti_nombre_france_bas": france["value"].idxmin(), "ti_nombre_france_haut": france["value"].idxmax()}
    ti["resultat"] = ti.index.map({row: key for key, row in extremes.items()})  # which record states the row
    phase1, phase2, new = (donnees.fact(f) for f in PHASES)
    kept = phase2.value - new.value
    same_source = {"where": ("france", "France"), "ref_date": phase2.ref_date, "qualifier": "exact"}
    records += [
        fait(ti.loc[extremes["ti_nombre_france_bas"], "fact_id"], "ti_nombre_france_bas",
             "Nombre de Territoires d'industrie en France, version publiée la plus basse"),
        fait(ti.loc[extremes["ti_nombre_france_haut"], "fact_id"], "ti_nombre_france_haut",
             "Nombre de Territoires d'industrie en France, version publiée la plus haute"),
        fait(PHASES[0], "ti_nombre_fin_phase1", "Territoires d'industrie à la fin de la première phase"),
        fait(PHASES[1], "ti_nombre_phase2", "Territoires d'industrie de la deuxième phase"),
        fait(PHASES[2], "ti_nouveaux_phase2", "Territoires d'industrie nouveaux dans la deuxième phase"),
        calcul("ti_reconduits_phase2", "Territoires de la deuxième phase qui ne sont pas nouveaux", kept,
               "territoires", 0, sources=[phase2.source_id, new.source_id], **same_source,
               definition="Territoires de la deuxième phase moins les nouveaux, selon la même source."),
        calcul("ti_ecart_phases", "Territoires non nouveaux de la deuxième phase en plus de ceux de la première",
               kept - phase1.value, "territoires", 0,
               definition="Territoires non nouveaux de la deuxième phase moins les territoires de fin de première "
               "phase, selon la même source, qui ne détaille pas cet écart.",
               sources=[phase1.source_id, phase2.source_id, new.source_id], **same_source),
    ]  # fmt: skip


def agence(p, donnees, records, tables):
    """Files followed by SOFIE, their growth, and its success rate against the agencies' mean."""
    d2019, d2020 = donnees.fact("sofie_dossiers_2019"), donnees.fact("sofie_dossiers_2020")
    won = donnees.fact("sofie_dossiers_gagnes_2019")
    rate, mean = donnees.fact("sofie_taux_reussite_2019"), donnees.fact("agences_taux_reussite_national_2019")
    records += [
        calcul(
            "hausse_dossiers_agence",
            "Hausse du nombre de dossiers suivis par SOFIE d'une année à la suivante",
            at.share(d2020.value - d2019.value, d2019.value),
            "%",
            0,
            where=SOFIE,
            ref_date=d2020.ref_date,
            definition=f"Dossiers suivis en {d2020.ref_date} moins ceux de {d2019.ref_date}, en part de ces derniers.",
            sources=[d2019.source_id, d2020.source_id],
        ),
        calcul(
            "ecart_reussite_agence",
            "Écart entre le taux de réussite annoncé par SOFIE et la moyenne des agences",
            rate.value - mean.value,
            "pts",
            0,
            where=SOFIE,
            ref_date=rate.ref_date,
            definition="Taux de réussite annoncé par SOFIE moins la moyenne nationale des agences qu'elle cite.",
            sources=[rate.source_id, mean.source_id],
        ),
        calcul(
            "part_dossiers_conclus_agence",
            "Part des dossiers suivis par SOFIE qui ont été conclus",
            at.share(won.value, d2019.value),
            "%",
            0,
            where=SOFIE,
            ref_date=won.ref_date,
            definition="Dossiers conclus divisés par les dossiers suivis la même année.",
            sources=[won.source_id, d2019.source_id],
        ),
    ]


# --- Belgium: unemployment and the Belgian club ------------------------------------------------------


def belgique(p, donnees, records, tables):
    """Unemployment gaps with Belgian Flanders, and the audit of "the Belgian club is half of
    the firms" (every input is rounded by its source, so are the results)."""
    tables["chomage"] = at.chomage(donnees)
    zone, flanders = donnees.fact("chomage_ze_saint_omer_2019t2"), donnees.fact("chomage_eurostat_flandre_occ_2016")
    agency, quoted = donnees.fact("chomage_audomarois_sofie"), donnees.fact("seed_belgique_chomage")
    club, firms = donnees.fact("seed_club_belge_entreprises"), donnees.fact("sofie_entreprises")
    claimed, foreign = donnees.fact("seed_club_belge_part_entreprises"), donnees.fact("belges_part_etrangers")
    implied_total = club.value / (claimed.value / 100)
    about = {"qualifier": "about"}
    records += [
        calcul(
            "ecart_chomage",
            "Écart de taux de chômage entre la zone d'emploi de Saint-Omer et la Flandre-Occidentale",
            zone.value - flanders.value,
            "pts",
            1,
            where=("ze_saint_omer", "zone d'emploi"),
            ref_date=zone.ref_date,
            definition=f"Taux BIT de la zone d'emploi de Saint-Omer ({zone.ref_date}) moins taux Eurostat de la "
            f"Flandre-Occidentale ({flanders.ref_date}) : deux taux officiels.",
            sources=[zone.source_id, flanders.source_id],
        ),
        calcul(
            "ecart_chomage_article",
            "Écart entre le chômage de l'Audomarois selon SOFIE et le chômage belge cité par l'article",
            agency.value - quoted.value,
            "pts",
            1,
            where=AUDOMAROIS,
            ref_date=agency.ref_date,
            definition="Taux de l'agence SOFIE (définition non précisée) moins le taux belge de l'article "
            "fondateur (non daté).",
            sources=[agency.source_id, quoted.source_id],
        ),
        calcul(
            "part_club_belge",
            "Part des entreprises du périmètre de SOFIE membres du club d'entreprises belges",
            at.share(club.value, firms.value),
            "%",
            2,
            where=SOFIE,
            ref_date=firms.ref_date,
            definition="Entreprises du club belge divisées par les entreprises des intercommunalités de SOFIE.",
            sources=[club.source_id, firms.source_id],
            **about,
        ),
        calcul(
            "club_total_implicite",
            "Nombre total d'entreprises audomaroises qu'impliquerait l'affirmation de l'article",
            implied_total,
            "entreprises",
            0,
            where=AUDOMAROIS,
            definition="Entreprises du club divisées par la part que l'article leur attribue (la moitié).",
            sources=[club.source_id, HYPOTHESE],
            **about,
        ),
        calcul(
            "club_facteur",
            "Rapport entre les entreprises du périmètre de SOFIE et le total qu'impliquerait l'article",
            firms.value / implied_total,
            "",
            0,
            where=SOFIE,
            ref_date=firms.ref_date,
            definition="Entreprises du périmètre de SOFIE divisées par le total qu'impliquerait l'article.",
            sources=[firms.source_id, club.source_id, HYPOTHESE],
            **about,
        ),
        calcul(
            "entreprises_etrangeres_implicites",
            "Entreprises à capitaux étrangers du périmètre de SOFIE si le club réunit toutes les belges",
            club.value / (foreign.value / 100),
            "entreprises",
            0,
            where=SOFIE,
            ref_date=foreign.ref_date,
            definition="Entreprises du club divisées par la part des Belges parmi les entreprises à capitaux "
            "étrangers (étude CNER) : déduction des auteurs.",
            sources=[club.source_id, foreign.source_id, HYPOTHESE],
            **about,
        ),
    ]
