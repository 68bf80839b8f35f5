"""Figures and tables of the « transition » chapter on the Bridgestone shock: chronology,
headcount versions, redeployment of the employees and the prefect's closing report.

Each `figure_*` function draws one chart from `Resultats` (records and tables of
`territoires.chapitres.transition.compute`) and hands it to `charts.finish`, which glues the
numbered figure block (caption, alt text, source line, downloads); each `tableau_*` glues a
display table. The site and the Audomarois are in `transition_site` and `transition_audomarois`,
the words quoted from the sources in `transition_textes`.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd

from .. import charts, data, fmt, phrases, publish
from ..resultats import Resultats

COL = charts.PALETTE


def date_decrite(iso, status: str = "printed") -> str:
    """The date a figure describes, `(déduite)` if inferred; the founding articles print none."""
    return fmt.described_date(iso, status, missing="non imprimée")


# --- chronology -----------------------------------------------------------------------------


def figure_chronologie(R: Resultats) -> None:
    """One line per milestone; red dots are conflicting versions, hollow squares month-only dates."""
    timeline = R.tables["chronologie"]
    order = list(dict.fromkeys(timeline["jalon"]))  # milestones in order of first date
    events = timeline.set_index("event_id")["date"]
    fig, ax = charts.figure(height=4.1)
    rows = {name: i for i, name in enumerate(reversed(order))}
    for row in timeline.itertuples():
        y = rows[row.jalon]
        colour = COL["bleu"] if row.retenue else COL["vermillon"]
        if row.precision == "day":
            ax.plot(row.plot_date, y, "o", color=colour, markersize=7, zorder=3)
        else:  # month only: the whole month, hollow marker
            start = pd.Timestamp(row.plot_date).replace(day=1)
            end = start + pd.offsets.MonthEnd(0)
            ax.plot([start, end], [y, y], color=colour, linewidth=5, alpha=0.5, solid_capstyle="butt")
            ax.plot(row.plot_date, y, "s", markerfacecolor="white", markeredgecolor=colour, markersize=7, zorder=3)
    for name, y in rows.items():
        dates = timeline[timeline["jalon"] == name]
        label = " / ".join(fmt.iso_date(d) for d in dates["date"])
        ax.annotate(
            label,
            (max(dates["plot_date"]), y),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=charts.TAILLE_TEXTE,
            color="#333333",
        )
    ax.set_yticks(list(rows.values()), list(rows.keys()), fontsize=charts.TAILLE_TEXTE)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlim(pd.Timestamp("2020-07-01"), pd.Timestamp("2027-12-31"))
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="y", visible=False)
    handles = [
        ax.plot([], [], "o", color=COL["bleu"], label="Date retenue (jour précis)")[0],
        ax.plot([], [], "o", color=COL["vermillon"], label="Version concurrente")[0],
        ax.plot([], [], "s", markerfacecolor="white", markeredgecolor=COL["gris"], label="Mois seulement")[0],
    ]
    ax.legend(handles=handles, loc="upper right", fontsize=charts.TAILLE_TEXTE, frameon=True)
    first, last = timeline["plot_date"].iloc[0].year, timeline["plot_date"].iloc[-1].year
    day = {e: fmt.iso_date(events[e]) for e in events.index}
    charts.finish(
        fig,
        "fig-transition-chronologie",
        title="Du choc à la réindustrialisation : "
        f"{R.texte('jalons_dates_concurrentes')} ont deux dates selon les sources",
        caption=(
            f"Chronologie de la fermeture de l'usine Bridgestone de Béthune et de la reprise du site, de "
            f"{first} à {last}. Une ligne par jalon ; les points rouges sont les versions concurrentes d'une même "
            f"date ({R.texte('jalons_dates_concurrentes', unit=False)} jalons concernés), les carrés creux les "
            "dates connues au mois près."
        ),
        alt=(
            f"Frise chronologique de {len(rows)} jalons entre {first} et {last} : annonce le {day['bri_annonce']}, "
            f"PSE signé le {day['bri_pse_signe']} (ou en janvier selon l'agglomération), fermeture le "
            f"{day['bri_fermeture']} (arrêt de production le {day['bri_arret_production_cfdt']} selon la CFDT), "
            f"cession à SIG le {day['bri_cession_sig']}, annonces de Black Star et de Mecaware, sauvegarde de "
            f"Black Star en {day['blackstar_sauvegarde']}."
        ),
        data=timeline[["date", "date_status", "jalon", "label", "source_id", "publisher"]],
        sources=list(dict.fromkeys(timeline["source_id"])),
    )


def tableau_chronologie(R: Resultats) -> None:
    timeline = R.tables["chronologie"]
    precision = {"day": "jour", "month": "mois", "year": "année"}
    table = pd.DataFrame(
        {
            "Date": [fmt.iso_date(d) for d in timeline["date"]],
            "Précision": [
                precision[p] + (", déduite" if s == "inferred" else "")
                for p, s in zip(timeline["precision"], timeline["date_status"])
            ],
            "Jalon": timeline["jalon"],
            "Événement selon la source": timeline["label"],
            "Source": timeline["publisher"],
            "Remarque": timeline["note"].fillna(""),
        }
    )
    publish.table(
        "tab-transition-chronologie",
        table,
        caption="Chronologie du choc Bridgestone et de la reprise du site, avec les versions concurrentes des dates.",
        sources=list(dict.fromkeys(timeline["source_id"])),
    )


# --- headcount versions ---------------------------------------------------------------------

DEFINITIONS = {  # fact_id -> (definition, ratio it serves as denominator for)
    "bri_headcount_ccfa_2020": ("Effectif à l'annonce (AFP)", "Emplois perdus (taux de remplacement)"),
    "bri_headcount_20minutes_2020": ("Emplois supprimés à la confirmation", "—"),
    "bri_headcount_francebleu_2020": ("Effectif de l'usine", "—"),
    "bri_headcount_courrierstrategique_2020": (
        "Effectif de référence du plan alternatif",
        "Emplois sauvés par le plan de l'État",
    ),
    "bri_headcount_cdi_cftc_2021": ("Salariés en CDI (CFTC)", "CDI retrouvés selon la CFTC"),
    "bri_headcount_europe1_2021": ("Effectif à la fermeture", "Salariés en emploi à la fermeture"),
    "bri_headcount_francebleu_2022": ("Effectif de l'usine", "Part en emploi pérenne"),
    "bri_headcount_licencies_bilan": ("Salariés licenciés (bilan du préfet)", "Solutions du bilan du préfet"),
    "seed_bri_pse_personnes_concernees": (
        "Personnes concernées par le PSE (agglomération)",
        "Solutions du bilan d'étape",
    ),
    "bri_headcount_gazette_2025": ("Salariés cités par le récit de l'agglomération", "CDI du même récit"),
}


def _headcounts(R: Resultats) -> pd.DataFrame:
    heads = R.tables["effectifs"].copy()
    unknown = sorted(set(heads["fact_id"]) - set(DEFINITIONS))
    if unknown:  # a new version in the fact table must be given its definition here
        raise KeyError(f"version de l'effectif sans définition dans le chapitre : {unknown}")
    heads["definition"] = heads["fact_id"].map(lambda f: DEFINITIONS[f][0])
    heads["denominateur_de"] = heads["fact_id"].map(lambda f: DEFINITIONS[f][1])
    heads["date_txt"] = [date_decrite(d, s) for d, s in zip(heads["ref_date"], heads["date_status"])]
    return heads


def figure_effectifs(R: Resultats) -> None:
    heads = _headcounts(R)
    ref, mode = R.valeur("effectif_reference"), R.valeur("effectif_mode")
    fig, ax = charts.figure(height=5.4)
    y = np.arange(len(heads))[::-1]
    for yi, row in zip(y, heads.itertuples()):
        colour = COL["bleu"] if row.value == mode else COL["orange"]
        hollow = row.date_status != "printed"
        ax.plot(
            row.value,
            yi,
            "o",
            markersize=8,
            markeredgecolor=colour,
            markerfacecolor="white" if hollow else colour,
            zorder=3,
        )
        ax.annotate(
            fmt.number(row.value),
            (row.value, yi),
            xytext=(7, 0),
            textcoords="offset points",
            va="center",
            fontsize=charts.TAILLE_TEXTE,
        )
    charts.reference_line(ax, ref, f"Référence du chapitre : {fmt.number(ref)}", len(heads) - 0.3)
    ax.set_yticks(
        y, [f"{r.definition}\n{r.publisher}, {r.date_txt}" for r in heads.itertuples()], fontsize=charts.TAILLE_TEXTE
    )
    ax.set_ylim(-0.7, len(heads) + 0.1)
    ax.set_xlim(800, 900)
    ax.set_xlabel("Salariés")
    charts.french_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    hollow = {"markerfacecolor": "white", "markeredgecolor": COL["gris"], "label": "Date déduite ou non imprimée"}
    ax.legend(
        handles=[
            ax.plot([], [], "o", color=COL["bleu"], label=f"{fmt.number(mode)} (version la plus reprise)")[0],
            ax.plot([], [], "o", color=COL["orange"], label="Autres versions")[0],
            ax.plot([], [], "o", **hollow)[0],
        ],
        loc="lower right",
        fontsize=charts.TAILLE_TEXTE,
        frameon=True,
    )
    others = ", ".join(
        f"{fmt.number(r.value)} ({r.definition.lower()})" for r in heads[heads["value"] != mode].itertuples()
    )
    charts.finish(
        fig,
        "fig-transition-effectifs",
        title=f"L'effectif de l'usine varie de {R.texte('effectif_min', unit=False)} à "
        f"{R.texte('effectif_max', unit=False)} salariés selon la source et la définition",
        caption=(
            f"Les {R.texte('effectif_versions', unit=False)} versions de l'effectif de l'usine Bridgestone de Béthune "
            f"dans la table des faits, par date décrite (de haut en bas). La ligne pointillée marque l'effectif de "
            f"référence du chapitre ({R.texte('effectif_reference')})."
        ),
        alt=(
            f"Graphique à points : {R.texte('effectif_mode_sources')} donnent {R.texte('effectif_mode')} ; les "
            f"autres {others}. Référence du chapitre : {fmt.number(ref)}."
        ),
        data=heads[["fact_id", "value", "definition", "ref_date", "date_status", "source_id", "publisher"]],
        sources=list(dict.fromkeys(heads["source_id"])),
    )


def tableau_effectifs(R: Resultats) -> None:
    heads = _headcounts(R)
    table = pd.DataFrame(
        {
            "Effectif": [fmt.number(v) for v in heads["value"]],
            "Définition": heads["definition"],
            "Date décrite": heads["date_txt"],
            "Source": heads["publisher"],
            "Publiée": [phrases.date_publication(d) for d in heads["pub_date"]],
            "Dénominateur, dans ce chapitre, de": heads["denominateur_de"],
        }
    )
    publish.table(
        "tab-transition-effectifs",
        table,
        caption="Versions de l'effectif de l'usine Bridgestone de Béthune et usage de chacune dans le chapitre.",
        sources=list(dict.fromkeys(heads["source_id"])),
    )


# --- redeployment ---------------------------------------------------------------------------

FAMILY_COLOURS = dict(
    zip(
        [
            "CDI seuls",
            "CDI + CDD de plus de six mois",
            "Emploi stable ou pérenne (définition non précisée)",
            "En emploi, tout contrat",
            "Toutes solutions (emploi, création, retraite, autre)",
        ],
        [COL["bleu"], COL["vert"], COL["orange"], COL["pourpre"], COL["vermillon"]],
    )
)
LABEL_OFFSETS = dict(
    zip(FAMILY_COLOURS, [(6, -10, "left"), (-6, 2, "right"), (6, -3, "left"), (6, 3, "left"), (6, -3, "left")])
)


def figure_reclassement(R: Resultats) -> None:
    funnel = R.tables["reclassement"]
    dated, undated = funnel[funnel["x"].notna()], funnel[funnel["x"].isna()]
    fig, (ax, ax2) = charts.figure(height=5.5, ncols=2, gridspec_kw={"width_ratios": [6, 1]}, sharey=True)
    for family, colour in FAMILY_COLOURS.items():
        part = dated[dated["famille"] == family]
        if part.empty:
            continue
        ax.plot(part["x"], part["part_pct"], "-", color=colour, linewidth=1, alpha=0.6)
        dx, dy, ha = LABEL_OFFSETS[family]
        for r in part.itertuples():
            face = colour if r.date_status == "printed" else "white"
            marker = "^" if r.qualifier == "at_least" else "o"
            ax.plot(r.x, r.part_pct, marker, color=colour, markersize=7, zorder=3, markerfacecolor=face)
        last = part.sort_values("x").iloc[-1]  # the latest value of each definition (all in the CSV)
        ax.annotate(
            fmt.percent(last["part_pct"]),
            (last["x"], last["part_pct"]),
            xytext=(dx, dy),
            textcoords="offset points",
            fontsize=charts.TAILLE_TEXTE,
            color=colour,
            ha=ha,
        )
        ax.plot([], [], "o", color=colour, label=family)
    for r in undated.itertuples():
        ax2.plot(0, r.part_pct, "o", color=FAMILY_COLOURS[r.famille], markerfacecolor="white", markersize=7)
        ax2.annotate(
            fmt.percent(r.part_pct),
            (0, r.part_pct),
            xytext=(6, -3),
            textcoords="offset points",
            fontsize=charts.TAILLE_TEXTE,
        )
    ax2.set_xticks([0], ["Date non\nimprimée"], fontsize=charts.TAILLE_TEXTE)
    ax2.set_xlim(-0.5, 1)
    ax.set_ylim(0, 105)
    ax.set_ylabel("Part des salariés (%)")
    charts.french_axis(ax, "y", percent=True)
    ax.xaxis.set_major_formatter(lambda v, _p: f"{v:.0f}")
    ax.set_xlabel("Date décrite par la source")
    ax.plot([], [], "^", color=COL["gris"], label="« plus de »")
    ax.plot([], [], "o", color=COL["gris"], markerfacecolor="white", label="Date déduite")
    charts.legend_below(ax, gap_pt=34, ncols=1)
    share = funnel.set_index("fact_id")["part_pct"]
    charts.finish(
        fig,
        "fig-transition-reclassement",
        title="Le reclassement progresse, mais chaque chiffre a sa définition",
        caption=(
            "Part des anciens salariés de Bridgestone reclassés, par définition et par date décrite (la dernière "
            "valeur de chaque définition est écrite ; toutes sont dans les données du graphique). Les parts sont "
            "calculées sur l'effectif donné par la même source, à défaut sur l'effectif de référence du chapitre "
            f"({R.texte('effectif_reference', unit=False)}) ; les parts publiées telles quelles (en %) ne sont pas "
            "recalculées."
        ),
        alt=(
            f"Nuage de points daté : les CDI seuls passent de {fmt.percent(share['bri_cdi_fermeture'])} à la "
            f"fermeture à {fmt.percent(share['bri_cdi_5ans'])} en {data.fact('bri_cdi_5ans').when()} ; les CDI et "
            f"CDD longs atteignent {R.texte('part_cdi_cdd_bilan')} au bilan de clôture ; les solutions de toute "
            f"nature {R.texte('part_solutions_bilan')} au bilan de clôture "
            f"({data.fact('bri_solutions_bilan').when()}), {data.fact('bri_emploi_part_ministre').text()} selon la "
            f"ministre ({data.fact('bri_emploi_part_ministre').when()}) et {R.texte('part_solutions_recente')} en "
            f"{R['part_solutions_recente'].ref_date[:4]} ; le bilan d'étape non daté de l'article fondateur donne "
            f"{R.texte('part_solutions_etape')}."
        ),
        data=funnel[
            [
                "fact_id",
                "famille",
                "ref_date",
                "date_status",
                "value",
                "unit",
                "qualifier",
                "denominateur",
                "part_pct",
                "source_id",
            ]
        ].round({"part_pct": 2}),
        sources=list(dict.fromkeys(funnel["source_id"])) + ["hypothese_auteurs"],
    )


def tableau_reclassement(R: Resultats) -> None:
    funnel = R.tables["reclassement"]
    origin = {"source": "même source", "reference": "référence du chapitre"}
    table = pd.DataFrame(
        {
            "Date décrite": [date_decrite(d, s) for d, s in zip(funnel["ref_date"], funnel["date_status"])],
            "Chiffre": [data.fact(f).text() for f in funnel["fact_id"]],
            "Définition": funnel["famille"],
            "Dénominateur": [
                "part publiée par la source" if o == "publiee" else f"{fmt.number(d)} ({origin[o]})"
                for d, o in zip(funnel["denominateur"], funnel["denominateur_origine"])
            ],
            "Part": [
                ("plus de " if q == "at_least" else "") + fmt.percent(p)
                for p, q in zip(funnel["part_pct"], funnel["qualifier"])
            ],
            "Source": funnel["publisher"],
        }
    )
    publish.table(
        "tab-transition-reclassement",
        table,
        caption=(
            "Étapes du reclassement des salariés de Bridgestone : chaque chiffre avec sa définition, "
            "son dénominateur et sa date ; les parts sans mention de source sont recalculées par les auteurs."
        ),
        sources=list(dict.fromkeys(funnel["source_id"])) + ["hypothese_auteurs"],
    )


# --- the prefect's closing report -----------------------------------------------------------


def figure_bilan(R: Resultats, nom: str = "fig-transition-bilan") -> None:
    parts = R.tables["bilan"].copy()
    parts["part_pct"] = parts["part_pct"].round(2)
    dismissed = R.valeur("bilan_licencies")
    fig, ax = charts.figure(height=3.0)
    left = 0.0
    colours = [COL["bleu"], COL["vert"], COL["orange"], COL["pourpre"], "#BBBBBB"]
    for r, colour in zip(parts.itertuples(), colours):
        ax.barh(
            0, r.salaries, left=left, color=colour, edgecolor="white", label=f"{r.issue} : {fmt.number(r.salaries)}"
        )
        if r.salaries / dismissed > 0.05:
            text_colour = "white" if colour != "#BBBBBB" else "black"
            ax.text(
                left + r.salaries / 2,
                0,
                fmt.percent(r.part_pct),
                ha="center",
                va="center",
                fontsize=charts.TAILLE_TEXTE,
                color=text_colour,
            )
        left += r.salaries
    ax.set_yticks([])
    ax.set_xlim(0, dismissed)
    ax.set_xlabel(f"Salariés licenciés ({fmt.number(dismissed)} au total)")
    charts.french_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    charts.legend_below(ax, gap_pt=36)
    outcomes = ", ".join(
        f"{r.issue.lower()} {fmt.number(r.salaries)} ({fmt.percent(r.part_pct)})" for r in parts.itertuples()
    )
    charts.finish(
        fig,
        nom,
        title=f"Au bilan de clôture, {R.texte('part_solutions_bilan')} des licenciés ont une solution, "
        f"{R.texte('part_cdi_cdd_bilan')} un emploi durable",
        caption=(
            f"Issue des {fmt.number(dismissed)} salariés licenciés selon le bilan de clôture de la convention de "
            f"revitalisation présenté par le préfet ({R.texte('bilan_solutions')}, "
            f"{data.fact('bri_solutions_bilan').when()}). Le dernier segment est une différence calculée par les "
            "auteurs, pas un chiffre publié."
        ),
        alt=f"Barre empilée de {fmt.number(dismissed)} licenciés : {outcomes}.",
        data=parts,
        sources=data.sources_of([*parts["fact_id"][:-1], "bri_headcount_licencies_bilan"]) + ["hypothese_auteurs"],
    )
