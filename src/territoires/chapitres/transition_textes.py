"""Labels and definitions of the records of the transition chapter (02_transition): what each
stated result is, in the words the book uses."""

TEXTES = {
    "jalons_dates_concurrentes": (
        "Jalons de la chronologie du choc Bridgestone datés différemment selon les sources",
        "Jalons (annonce, PSE, fermeture, cession…) dont la table des événements donne plusieurs dates.",
    ),
    "effectif_versions": (
        "Versions de l'effectif de l'usine Bridgestone dans la table des faits",
        "Nombre de faits de l'indicateur de l'effectif de l'usine, toutes sources et définitions confondues.",
    ),
    "effectif_min": (
        "Plus petit effectif de l'usine Bridgestone donné par les sources",
        "Minimum des versions de l'effectif de l'usine dans la table des faits.",
    ),
    "effectif_max": (
        "Plus grand effectif de l'usine Bridgestone donné par les sources",
        "Maximum des versions de l'effectif de l'usine dans la table des faits.",
    ),
    "effectif_mode": (
        "Effectif de l'usine Bridgestone le plus repris par les sources",
        "Version de l'effectif de l'usine que donnent le plus de faits de la table des faits.",
    ),
    "effectif_mode_sources": (
        "Sources donnant l'effectif de l'usine Bridgestone le plus repris",
        "Nombre de faits de la table des faits qui donnent la version la plus reprise de l'effectif.",
    ),
    "effectif_reference": (
        "Emplois perdus retenus par le chapitre (effectif de référence de l'usine Bridgestone)",
        "Paramètre effectif_reference : effectif de l'usine à l'annonce, dénominateur du taux de remplacement.",
    ),
    "choc_industriel_cabbalr": (
        "Emplois perdus à la fermeture de l'usine Bridgestone de Béthune (effectif à l'annonce)",
    ),
    "part_solutions_etape": (
        "Part des personnes concernées par le PSE Bridgestone ayant une solution au bilan d'étape de l'agglomération",
        "Solutions identifiées par le PSE rapportées aux personnes concernées, selon la même source (non datée).",
    ),
    "bilan_solutions": ("Solutions comptées au bilan de clôture du préfet pour les licenciés de Bridgestone",),
    "bilan_licencies": ("Salariés de Bridgestone licenciés selon le bilan de clôture du préfet",),
    "part_solutions_bilan": (
        "Part des salariés licenciés de Bridgestone ayant une solution au bilan de clôture du préfet",
        "Solutions (emploi, création, retraite, autre) rapportées aux licenciés du même bilan de clôture de la "
        "convention de revitalisation ; ce n'est pas le dernier chiffre publié (voir part_solutions_recente).",
    ),
    "part_solutions_recente": (
        "Part des anciens salariés de Bridgestone ayant une solution, chiffre publié le plus récent",
    ),
    "part_creations_bilan": (
        "Part des salariés licenciés de Bridgestone ayant créé ou repris une entreprise, au bilan de clôture du préfet",
        "Créations ou reprises d'entreprise du bilan de clôture du préfet rapportées aux salariés licenciés du même "
        "bilan (même source, même date), et non aux personnes concernées par le PSE selon l'agglomération.",
    ),
    "part_cdi_cdd_bilan": (
        "Part des salariés licenciés de Bridgestone en CDI ou CDD de plus de six mois au bilan du préfet",
        "Solutions en CDI ou CDD de plus de six mois rapportées aux licenciés du même bilan.",
    ),
    "bilan_sans_solution": (
        "Salariés licenciés de Bridgestone sans solution comptée au bilan du préfet",
        "Licenciés moins solutions du même bilan : une différence, pas un chiffre publié.",
    ),
    "site_salaries_2023": ("Salariés présents sur l'ancien site Bridgestone",),
    "blackstar_2026": (
        "Effectif de Black Star sur l'ancien site Bridgestone, dernier chiffre publié",
        "Dernier effectif de Black Star de la table des faits, à la date qu'il décrit (voir la chronologie pour "
        "la procédure de sauvegarde).",
    ),
    "blackstar_sauvegarde": (
        "Année de la mise en sauvegarde de Black Star",
        "Date de l'ouverture de la procédure de sauvegarde de Black Star, selon la table des événements.",
    ),
    "annee_horizon": (
        "Année de l'horizon du modèle de l'ancien site Bridgestone",
        "Fermeture de l'usine plus l'horizon du modèle (paramètre horizon) ; la date du record est le mois de "
        "l'horizon.",
    ),
    "acc_communes_agglomeration": (
        "Communes du site de la gigafactory ACC membres de l'agglomération de Béthune-Bruay",
        "Communes du site (codes INSEE de la table des territoires) que la table des communes rattache à l'EPCI "
        "de la CA de Béthune-Bruay, Artois-Lys Romane.",
    ),
    "repere_reussite": (
        "Taux de réussite observé des projets d'implantation sur l'ancien site Bridgestone",
        "Nouvelles unités installées rapportées aux projets d'implantation étudiés (environ 40).",
    ),
    "repere_emplois": (
        "Emplois par entreprise présente sur l'ancien site Bridgestone",
        "Salariés présents sur le site (environ) rapportés aux entreprises présentes, à la même date.",
    ),
    "sites_industriels_projet": (
        "Sites industriels de l'agglomération de Béthune-Bruay ayant un projet de développement",
        "Sites industriels du territoire multipliés par la part de ceux qui ont un projet de développement.",
    ),
    "emplois_recrees": (
        "Emplois recréés sur l'ancien site Bridgestone à l'horizon du modèle",
        "Emplois des projets implantés, en cours de montée en charge, lus à l'horizon (modèle à forme fermée).",
    ),
    "taux_remplacement": (
        "Taux de remplacement des emplois perdus sur l'ancien site Bridgestone à l'horizon du modèle",
        "Emplois recréés à l'horizon rapportés aux emplois perdus (effectif_reference).",
    ),
    "emplois_pleine_taille": (
        "Emplois recréés sur l'ancien site Bridgestone une fois tous les projets à pleine taille",
        "Projets étudiés × taux de réussite × emplois par projet.",
    ),
    "emplois_annonces_realises_bas": (
        "Emplois sur l'ancien site si la part retenue des potentiels annoncés se réalise (borne basse)",
        "Part réalisée de la somme des bornes basses des potentiels d'emplois annoncés en février 2021.",
    ),
    "emplois_annonces_realises_haut": (
        "Emplois sur l'ancien site si la part retenue des potentiels annoncés se réalise (borne haute)",
        "Part réalisée de la somme des bornes hautes des potentiels d'emplois annoncés en février 2021.",
    ),
    "taux_annonces_bas": (
        "Taux de remplacement des emplois perdus par la part retenue des potentiels annoncés (borne basse)",
        "Borne basse des potentiels annoncés réalisés, rapportée aux emplois perdus (effectif_reference).",
    ),
    "taux_annonces_haut": (
        "Taux de remplacement des emplois perdus par la part retenue des potentiels annoncés (borne haute)",
        "Borne haute des potentiels annoncés réalisés, rapportée aux emplois perdus (effectif_reference).",
    ),
    "seuil_reussite": (
        "Taux de réussite des projets qu'il faudrait pour recréer à l'horizon autant d'emplois que de perdus",
        "Emplois perdus rapportés aux emplois recréés à l'horizon si tous les projets étudiés s'implantaient ; "
        "au-delà de 100 %, l'objectif est hors d'atteinte.",
    ),
    "sensibilite_bas": (
        "Taux de remplacement à l'horizon au taux de réussite observé, avec la plus petite taille de projet tracée",
        "Emplois recréés au taux de réussite observé, rapportés aux emplois perdus ; minimum sur les tailles tracées.",
    ),
    "sensibilite_haut": (
        "Taux de remplacement à l'horizon au taux de réussite observé, avec la plus grande taille de projet tracée",
        "Emplois recréés au taux de réussite observé, rapportés aux emplois perdus ; maximum sur les tailles tracées.",
    ),
    "arc_debut": (
        "Effectif d'Arc à Arques au début de la série",
        "Premier point de la série de l'effectif d'Arc à Arques dans la table des faits.",
    ),
    "arc_fin": (
        "Effectif d'Arc à Arques à la fin de la série",
        "Dernier point de la série de l'effectif d'Arc à Arques dans la table des faits.",
    ),
    "arc_baisse": (
        "Baisse de l'effectif d'Arc à Arques sur la période de la série",
        "Premier moins dernier effectif de la série, rapporté au premier ; la période va de l'année du premier "
        "point à celle du dernier (voir arc_duree).",
    ),
    "arc_duree": (
        "Durée de la série de l'effectif d'Arc à Arques",
        "Année du dernier point de la série moins année du premier (dates de arc_debut et arc_fin).",
    ),
    "arc_perte": ("Salariés perdus par Arc à Arques sur la période de la série", "Premier moins dernier effectif."),
    "arc_multiple": (
        "Salariés perdus par Arc à Arques, en multiple des emplois perdus chez Bridgestone",
        "Salariés perdus par Arc sur la série rapportés aux emplois perdus chez Bridgestone (effectif_reference).",
    ),
    "choc_industriel_flandre_audomarois": ("Suppressions de postes du PSE d'Arc France validé en 2026",),
}
