"""Named scenarios: other values for the chapters' assumptions, compared and rendered.

- `fichiers`: read and validate a scenario file with the chapters' parameter models; its JSON Schema.
- `lecture`: the strict YAML reading under it (size, encoding, duplicate keys, no anchors).
- `comparaison`: the committed scenarios against the baseline, by calling the models (seconds).
- `variante`: a scenario's variant book, its chapters rerun with papermill so that prose follows.
- `bandeau`: the banners of the variant pages.
"""

from .bandeau import BANNER_ID, banner, insert_banner, relay_banner
from .comparaison import COLUMNS, compare_committed, comparison, comparison_rows, write_comparison
from .fichiers import Change, Scenario, ScenarioError, chapters, committed, load, load_all, schema_document
from .variante import Report, assemble, build, claim, run, run_dir

__all__ = [
    "BANNER_ID",
    "COLUMNS",
    "Change",
    "Report",
    "Scenario",
    "ScenarioError",
    "assemble",
    "banner",
    "build",
    "chapters",
    "claim",
    "committed",
    "compare_committed",
    "comparison",
    "comparison_rows",
    "insert_banner",
    "load",
    "load_all",
    "relay_banner",
    "run",
    "run_dir",
    "schema_document",
    "write_comparison",
]
