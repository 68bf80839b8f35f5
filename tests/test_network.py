"""The book is built with no network: `make test` builds it through scripts/offline.sh.

That script runs `python -m territoires.build` inside a network namespace with only a loopback
interface (`unshare --net`, as root; the kernels talk to Jupyter over 127.0.0.1), every proxy
variable pointing to 127.0.0.1:9, and records which guard held in `_build/.hors-reseau`. The
build fails on any warning, so a page that needed the network would have failed it. These
tests check that the one site every other full-tier test reads was built that way, and that
it asks for nothing outside itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings

import pytest

from territoires import paths

pytestmark = pytest.mark.full

MARKER = paths.ROOT / "_build" / ".hors-reseau"
SITE = paths.ROOT / "_build" / "html"
# src/href of what a page loads by itself: scripts, images, frames, and the <link> a browser
# fetches (styles, icons, preloads); a canonical or navigation <link> is not fetched
LOADED = re.compile(
    r"<(?:script|img|iframe|source)[^>]*\ssrc=[\"']([^\"']+)"
    r"|<link(?=[^>]*\srel=[\"'](?:stylesheet|icon|shortcut icon|preload|modulepreload|manifest)[\"'])"
    r"[^>]*\shref=[\"']([^\"']+)"
)
OUTSIDE = re.compile(r"^(?:https?:)?//")


def namespace_possible() -> bool:
    if not (shutil.which("unshare") and shutil.which("ip")):
        return False
    probe = ["unshare", "--net", "sh", "-c", "ip link set lo up"]
    return subprocess.run(probe, capture_output=True).returncode == 0


def test_the_site_was_built_offline():
    assert MARKER.is_file(), "_build/.hors-reseau absent : le site n'a pas été construit par make test (hors réseau)"
    mode = MARKER.read_text(encoding="utf-8")
    if namespace_possible():
        assert mode.startswith("espace de noms réseau vide"), mode
    else:
        warnings.warn(f"construction protégée par les seuls proxys : {mode}", stacklevel=1)


def test_no_page_loads_anything_from_outside_the_site():
    problems = []
    for page in sorted(SITE.rglob("*.html")):
        for match in LOADED.finditer(page.read_text(encoding="utf-8")):
            target = match.group(1) or match.group(2)
            if OUTSIDE.match(target):
                problems.append(f"{page.relative_to(SITE)} : {target}")
    assert not problems, "ressources chargées hors du site :\n  " + "\n  ".join(problems[:30])


def test_files_written_by_nbval_are_those_of_the_build():
    """nbval executes every notebook a second time with its downloads written apart
    (`_build/nbval/downloads`): the same bytes as the build's, figure by figure."""
    second = paths.ROOT / "_build" / "nbval" / "downloads"
    first = paths.BOOK / "downloads"
    assert second.is_dir(), f"{paths.relative(second)} absent : make test lance nbval avant ces tests"
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir()), "fichiers écrits différents entre les deux exécutions"
    differ = [n for n in names if (first / n).read_bytes() != (second / n).read_bytes()]
    assert not differ, f"octets différents entre la construction et nbval : {differ}"


def test_results_records_written_by_nbval_are_the_committed_ones():
    """nbval's second execution writes its results records apart (`_build/nbval/resultats`):
    the same bytes as the committed records, chapter by chapter."""
    second = paths.ROOT / "_build" / "nbval" / "resultats"
    assert second.is_dir(), f"{paths.relative(second)} absent : make test lance nbval avant ces tests"
    names = sorted(p.name for p in paths.RESULTS.glob("*.json"))
    assert names == sorted(p.name for p in second.glob("*.json"))
    differ = [n for n in names if (paths.RESULTS / n).read_bytes() != (second / n).read_bytes()]
    assert not differ, f"résultats différents entre la construction et nbval : {differ}"
