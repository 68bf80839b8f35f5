"""Command line of the scenarios (used by `make scenario`).

    python -m territoires.scenarios check FILE...       # validate only
    python -m territoires.scenarios run FILE            # rerun its chapters, build its variant book
    python -m territoires.scenarios compare [FILE...]   # model comparison as CSV (stdout or --sortie)
    python -m territoires.scenarios schema              # JSON Schema of a scenario file

The committed `scenarios/comparison.csv` has one writer, the build (`make book`, `make scenarios`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .. import ecriture, paths
from ..chapitres.base import ParameterError
from . import comparaison, fichiers, variante


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m territoires.scenarios", description="Scénarios : vérifier, exécuter, comparer."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="valider des fichiers de scénario sans rien exécuter")
    check.add_argument("files", nargs="+")
    run = commands.add_parser("run", help="réexécuter les chapitres d'un scénario et construire son livre HTML")
    run.add_argument("file")
    run.add_argument("--no-html", action="store_true", help="exécuter sans construire le HTML")
    run.add_argument("--force", action="store_true", help="réexécuter même si rien n'a changé")
    compare = commands.add_parser("compare", help="comparer des scénarios à la référence (modèles des chapitres)")
    compare.add_argument("files", nargs="*", help="par défaut : tous les scenarios/*.yml")
    compare.add_argument("--sortie", type=Path, help="fichier CSV à écrire (par défaut : sortie standard)")
    commands.add_parser("schema", help="afficher le schéma JSON d'un fichier de scénario")
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        spec = fichiers.chapters()
        if args.command == "check":
            for scenario in fichiers.load_all(args.files, spec):
                print(
                    f"{paths.relative(scenario.path)} : valide ({len(scenario.changes(spec))} paramètres, "
                    f"chapitres {', '.join(scenario.chapters)})"
                )
        elif args.command == "run":
            scenario = fichiers.load(args.file, spec)
            start = time.perf_counter()
            report = variante.run(scenario, html=not args.no_html, force=args.force, spec=spec)
            print(f"Scénario {scenario.stem} : {time.perf_counter() - start:.1f} s au total")
            print(f"Notebooks exécutés : {paths.relative(variante.run_dir(scenario) / 'notebooks')}/")
            if report.html:
                print(f"Livre HTML du scénario : {paths.relative(report.html)}")
        elif args.command == "compare":
            scenarios = fichiers.load_all(args.files or fichiers.committed(), spec)
            frame = comparaison.comparison_rows(scenarios, spec)
            if args.sortie:
                comparaison.write_comparison(frame, args.sortie)
                print(f"Comparaison écrite : {args.sortie} ({len(frame)} lignes)")
            else:
                sys.stdout.write(ecriture.csv_bytes(frame).decode("utf-8"))
        else:
            sys.stdout.write(fichiers.schema_bytes(spec).decode("utf-8"))
    except (fichiers.ScenarioError, ParameterError) as error:
        print(f"Erreur de scénario :\n{error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
