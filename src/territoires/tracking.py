"""What a step really read and wrote, so that a build re-runs exactly what depends on a change.

A step (the data step, or one notebook in its own kernel) runs under an audit hook
(`sys.addaudithook`) that records every file of the project it opens, every folder it lists
and every file it writes. After the step, the package modules it imported are added to what
it read. The build keeps, for each step, the content hash of each of those files: the step is
out of date as soon as one of them changes, whatever the change (a raw value, a line of the
package, a scenario file added to a listed folder).

The hook code is plain text (`HOOK_SOURCE`) so that it can be installed in a Jupyter kernel
as well as in this process.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import paths

# Folders whose content never decides a result: the environment (keyed by requirements.txt
# instead), build outputs, caches and version control.
IGNORED_PARTS = {".venv", "_build", ".git", "__pycache__", ".ipynb_checkpoints", "node_modules", ".ruff_cache"}

HOOK_SOURCE = r"""
def _territoires_install_tracker(root):
    import os, sys
    seen = {"read": set(), "write": set(), "list": set()}
    root = os.path.realpath(root)

    def inside(path):
        try:
            path = os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            return None
        return path if path == root or path.startswith(root + os.sep) else None

    def hook(event, args):
        if event == "open":
            path, mode, flags = args
            if isinstance(path, int) or path is None:
                return
            found = inside(path)
            if found is None:
                return
            writing = (mode and any(c in mode for c in "wax+")) or (
                mode is None and flags and flags & (os.O_WRONLY | os.O_RDWR))
            seen["write" if writing else "read"].add(found)
        elif event == "os.rename":
            found = inside(args[1])
            if found is not None:
                seen["write"].add(found)
        elif event in ("os.listdir", "os.scandir"):
            target = args[0]
            if isinstance(target, int):
                return
            found = inside("." if target is None else target)
            if found is not None:
                seen["list"].add(found)

    sys.addaudithook(hook)
    return seen
"""

REPORT_SOURCE = r"""
def _territoires_report(seen, root, out):
    import json, os, sys
    root = os.path.realpath(root)
    modules = set()
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path:
            path = os.path.realpath(path)
            if path.startswith(root + os.sep) and path.endswith(".py"):
                modules.add(path)
    # the import system scans the folders of sys.path and of packages: not an input of the step
    scanned = {os.path.realpath(p or ".") for p in sys.path} | {os.path.dirname(m) for m in modules}
    report = {kind: sorted(paths) for kind, paths in seen.items()}
    report["read"] = sorted(set(report["read"]) | modules)
    report["list"] = sorted(set(report["list"]) - scanned)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(report, handle)
"""


def _relevant(path: Path, root: Path) -> str | None:
    """Project-relative POSIX path, or None for files that never decide a result."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        return None
    if any(part in IGNORED_PARTS or part.startswith(".") and part not in {".", ".."} for part in relative.parts):
        return None
    return relative.as_posix()


def file_digest(path: Path) -> str:
    """Content hash of a file, or "absent"."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "absent"
    except IsADirectoryError:
        return "dossier"


def listing_digest(folder: Path) -> str:
    """Hash of the names in a folder (a file added or removed changes it), or "absent"."""
    try:
        names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    except (FileNotFoundError, NotADirectoryError):
        return "absent"
    return hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()


@dataclass
class Footprint:
    """Hashes of what one step read, listed and wrote, relative to the project root."""

    reads: dict[str, str] = field(default_factory=dict)
    listings: dict[str, str] = field(default_factory=dict)
    writes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_report(
        cls,
        report: dict,
        root: Path = paths.ROOT,
        extra_writes: tuple[Path, ...] = (),
        exclude: frozenset = frozenset(),
        extra_reads: tuple[Path, ...] = (),
    ) -> Footprint:
        """`exclude`: project paths that are not inputs (a notebook reading its own file: its
        code is checked apart, and its outputs are what the step writes)."""
        root = root.resolve()
        footprint = cls()
        written = {Path(p) for p in report.get("write", [])} | {Path(p).resolve() for p in extra_writes}
        for path in sorted(written):
            name = _relevant(path, root)
            if name is not None and path.is_file():
                footprint.writes[name] = file_digest(path)
        for raw in [*report.get("read", []), *(str(Path(p).resolve()) for p in extra_reads)]:
            path = Path(raw)
            name = _relevant(path, root)
            # a file the step wrote is its output, not its input
            if name is not None and name not in footprint.writes and name not in exclude and path.is_file():
                footprint.reads[name] = file_digest(path)
        for raw in report.get("list", []):
            path = Path(raw)
            name = _relevant(path, root) if path != root else "."
            if name is not None:
                footprint.listings[name] = listing_digest(path)
        return footprint

    def changes(self, root: Path = paths.ROOT) -> list[str]:
        """What differs now from when the step ran: inputs changed, outputs changed or gone."""
        found = []
        for name, digest in sorted(self.reads.items()):
            if file_digest(root / name) != digest:
                found.append(f"{name} modifié")
        for name, digest in sorted(self.listings.items()):
            if listing_digest(root / name) != digest:
                found.append(f"{name}/ : fichiers ajoutés ou retirés")
        for name, digest in sorted(self.writes.items()):
            if file_digest(root / name) != digest:
                found.append(f"{name} (produit) absent ou modifié")
        return found

    def to_json(self) -> dict:
        return {"reads": self.reads, "listings": self.listings, "writes": self.writes}

    @classmethod
    def from_json(cls, payload: dict) -> Footprint:
        return cls(dict(payload["reads"]), dict(payload["listings"]), dict(payload["writes"]))


# What runs a step is not an input of it: a change there re-runs nothing.
MACHINERY = {"territoires.build", "territoires.execution", "territoires.tracking"}


class InProcess:
    """Track what a step run in this process reads and writes (the data step)."""

    _seen: dict | None = None  # the audit hook is permanent: install it once, reset it per step

    def __enter__(self) -> InProcess:
        if InProcess._seen is None:
            namespace: dict = {}
            exec(HOOK_SOURCE, namespace)  # noqa: S102 — our own constant code
            InProcess._seen = namespace["_territoires_install_tracker"](str(paths.ROOT))
        for kind in InProcess._seen.values():
            kind.clear()
        return self

    def __exit__(self, *exc) -> None:
        seen = InProcess._seen or {}
        modules = {
            str(Path(m.__file__).resolve())
            for name, m in list(sys.modules.items())
            if getattr(m, "__file__", None) and str(m.__file__).endswith(".py") and name not in MACHINERY
        }
        scanned = {str(Path(p or ".").resolve()) for p in sys.path} | {str(Path(m).parent) for m in modules}
        self.report = {
            "read": sorted(set(seen.get("read", ())) | modules),
            "write": sorted(seen.get("write", ())),
            "list": sorted(set(seen.get("list", ())) - scanned),
        }


def environment_key() -> str:
    """What every step depends on besides its files: the pinned packages and the Python version."""
    lock = file_digest(paths.ROOT / "requirements.txt")
    return hashlib.sha256(f"{lock}|{sys.version_info[:3]}".encode()).hexdigest()[:16]


def load_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def save_state(path: Path, state: dict) -> None:
    text = json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    paths.write_atomic(path, text.encode("utf-8"))
