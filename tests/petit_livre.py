"""A small Jupyter Book built in a temporary folder with the book's templates and static
files: for tests that must see real HTML without building the whole book."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from territoires import paths


def build(folder: Path, config: bytes, pages: dict[str, str], bibliography: str = "") -> Path:
    """Write `_config.yml`, the pages (`index` first: the root; paths without `.md`) and the
    bibliography, build with warnings as errors, return the HTML folder."""
    (folder / "_config.yml").write_bytes(config)
    shutil.copytree(paths.ROOT / "_templates", folder / "_templates")
    shutil.copytree(paths.BOOK / "_static", folder / "book" / "_static")
    (folder / "book" / "references.bib").write_text(bibliography, encoding="utf-8")
    names = list(pages)
    chapters = "".join(f"- file: {name}\n" for name in names[1:])
    (folder / "_toc.yml").write_text(f"format: jb-book\nroot: {names[0]}\nchapters:\n{chapters}", encoding="utf-8")
    for name, text in pages.items():
        (folder / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("jupyter-book")), "build", str(folder), "--warningiserror", "--keep-going"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return folder / "_build" / "html"
