"""The data step writes data/processed/ and the bibliography all at once: all old or all new.

Interrupted while it writes its temporary files, nothing changes; interrupted (Ctrl-C) while it
renames them, the renames finish first; killed after its journal, the next run finishes them,
and until then the chapters refuse to read. The last test sends a real SIGINT to a data step
at several moments of its run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from territoires import atomic, data, paths


def snapshot(files) -> dict[Path, bytes | None]:
    return {path: (path.read_bytes() if path.is_file() else None) for path in files}


@pytest.fixture
def three_files(tmp_path):
    files = {tmp_path / f"{name}.csv": f"ancien {name}\n".encode() for name in ("faits", "sources", "references")}
    for path, payload in files.items():
        path.write_bytes(payload)
    new = {path: payload.replace(b"ancien", b"nouveau") for path, payload in files.items()}
    return files, new, tmp_path / "journal.json"


def test_only_changed_files_are_touched(three_files):
    old, new, journal = three_files
    same = dict(new)
    first = next(iter(old))
    same[first] = old[first]
    changed = atomic.commit(same, journal)
    assert first not in changed and len(changed) == 2
    assert not journal.exists()


def test_interrupted_while_writing_temporaries_leaves_all_old(three_files, monkeypatch):
    old, new, journal = three_files
    real_write = Path.write_bytes
    calls = []

    def failing_write(self, payload):
        calls.append(self)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_write(self, payload)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(KeyboardInterrupt):
        atomic.commit(new, journal)
    monkeypatch.undo()
    assert snapshot(old) == old
    assert not journal.exists()
    atomic.discard_leftovers(next(iter(old)).parent)
    assert not list(next(iter(old)).parent.glob(".*.nouveau"))


def test_ctrl_c_during_the_renames_is_held_until_all_are_new(three_files, monkeypatch):
    old, new, journal = three_files

    def replace_then_ctrl_c(source, target):
        os.replace(source, target)
        signal.raise_signal(signal.SIGINT)  # as if the user pressed Ctrl-C right now

    monkeypatch.setattr(atomic, "_rename", replace_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        atomic.commit(new, journal)
    assert snapshot(new) == new
    assert not journal.exists()


def test_killed_after_the_journal_the_next_run_finishes(three_files, monkeypatch):
    old, new, journal = three_files
    done = []

    def die_after_one(source, target):
        if done:
            raise SystemExit("processus tué")  # stands for SIGKILL: nothing after runs
        done.append(target)
        os.replace(source, target)

    monkeypatch.setattr(atomic, "_rename", die_after_one)
    with pytest.raises(SystemExit):
        atomic.commit(new, journal)
    monkeypatch.undo()
    assert journal.exists()
    current = snapshot(old)
    assert current != old and current != new  # the mix a reader must never see
    assert atomic.recover(journal)
    assert snapshot(new) == new


def test_chapters_refuse_to_read_while_a_journal_is_pending(monkeypatch, tmp_path):
    journal = tmp_path / ".ecriture-en-cours.json"
    journal.write_text("[]", encoding="utf-8")
    monkeypatch.setattr(atomic, "JOURNAL", journal)
    data.clear_caches()
    with pytest.raises(RuntimeError, match="interrompue pendant l'écriture"):
        data.load("facts_enriched")
    data.clear_caches()


SCRIPT = """
import sys
from pathlib import Path
from territoires import pipeline
pipeline.build(Path(sys.argv[1]), Path(sys.argv[2]))
"""


@pytest.mark.full
def test_a_real_ctrl_c_at_any_moment_leaves_all_old_or_all_new(tmp_path):
    """SIGINT to a real data step at moments spread over its run (about 4 s)."""
    outputs = [paths.PROCESSED / p.name for p in sorted(paths.PROCESSED.glob("*.csv"))]
    new = {p.name: p.read_bytes() for p in outputs}
    new["references.bib"] = (paths.BOOK / "references.bib").read_bytes()
    outcomes = []
    for delay in (0.4, 1.4, 2.6, 3.4, 4.2):
        folder = tmp_path / f"essai-{delay}" / "processed"  # its journal goes in the folder above
        folder.mkdir(parents=True)
        old = {name: payload + b"# ancien\n" for name, payload in new.items()}
        for name, payload in old.items():
            (folder / name).write_bytes(payload)
        process = subprocess.Popen(
            [sys.executable, "-c", SCRIPT, str(folder), str(folder / "references.bib")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        now = {name: (folder / name).read_bytes() for name in new}
        assert now in (old, new), f"SIGINT après {delay} s : mélange d'anciennes et de nouvelles tables"
        outcomes.append("nouveau" if now == new else "ancien")
    assert "ancien" in outcomes, outcomes  # the interruptions did fall inside the run
