"""Write a set of files all at once: a reader sees them all old or all new, never a mix.

The new contents are first written beside their targets as hidden temporary files. A journal
listing the renames to do is then written (atomically): from that moment the change is decided.
The renames follow with Ctrl-C held back (a SIGINT received meanwhile is raised once they are
done), then the journal is removed. If the process dies before the journal exists, the
temporary files are discarded and the old contents stay; if it dies after, `recover` finishes
the renames. Every reader of the processed data calls `recover` (or refuses to read) first.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from . import paths

JOURNAL = paths.DATA / ".ecriture-en-cours.json"
_rename = os.replace  # one name for the renames of a commit (tests interrupt them there)


@contextlib.contextmanager
def sigint_held() -> Iterator[None]:
    """Hold back Ctrl-C for the duration of the block, then raise it if one came."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals are only delivered to the main thread
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            raise KeyboardInterrupt


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.nouveau")


def commit(files: Mapping[Path, bytes], journal: Path = JOURNAL) -> list[Path]:
    """Replace the given files together; only those whose bytes change are touched
    (their modification time then tells the build what changed). Returns the changed paths."""
    recover(journal)
    for folder in sorted({Path(t).parent for t in files}):
        discard_leftovers(folder)  # from a run that died before its journal: the old contents stand
    changed = []
    for target, payload in files.items():
        target = Path(target)
        if target.is_file() and target.read_bytes() == payload:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _temporary(target).write_bytes(payload)
        changed.append(target)
    if not changed:
        return []
    plan = [[str(_temporary(t)), str(t)] for t in changed]
    paths.write_atomic(journal, json.dumps(plan, ensure_ascii=False).encode("utf-8"))
    with sigint_held():
        _apply(plan, journal)
    return changed


def _apply(plan: list[list[str]], journal: Path) -> None:
    for source, target in plan:
        if os.path.exists(source):
            _rename(source, target)
    journal.unlink(missing_ok=True)


def recover(journal: Path = JOURNAL) -> bool:
    """Finish a commit that was interrupted after its journal was written. True if one was."""
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except json.JSONDecodeError:
        # write_atomic never leaves half a journal: an unreadable one was damaged by hand
        message = f"{paths.relative(journal)} illisible : supprimer ce fichier et relancer make book"
        raise RuntimeError(message) from None
    with sigint_held():
        _apply(plan, journal)
    return True


def discard_leftovers(folder: Path) -> None:
    """Remove temporary files of a commit that died before its journal (old contents stand)."""
    for leftover in Path(folder).glob(".*.nouveau"):
        leftover.unlink()
