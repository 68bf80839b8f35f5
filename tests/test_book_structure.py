"""Every section of every page carries an explicit, unique label; the table of contents,
the citation file and the bibliography stay consistent with the repository."""

import json
import re
from pathlib import Path

import yaml

from territoires import paths

LABEL = re.compile(r"^\(([A-Za-z0-9_.:-]+)\)=\s*$")
HEADING = re.compile(r"^#{1,6} ")


def toc_files() -> list[Path]:
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc["parts"]:
        files += [chapter["file"] for chapter in part["chapters"]]
    return [paths.ROOT / f for f in files]


def markdown_of(path: Path) -> list[str]:
    """Markdown text of a page: the .md file, or the Markdown cells of the notebook."""
    md, nb = path.with_suffix(".md"), path.with_suffix(".ipynb")
    if md.exists():
        return [md.read_text(encoding="utf-8")]
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def headings_and_labels(text: str):
    """(line, heading, label just before it or None) for each heading outside ``` fences."""
    in_fence, previous = False, None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("```"):
            in_fence = not in_fence if stripped == "```" or not in_fence else in_fence
        elif not in_fence and HEADING.match(line):
            match = LABEL.match(previous or "")
            yield number, stripped, match.group(1) if match else None
        if stripped:
            previous = stripped


def test_every_page_of_the_toc_exists():
    for page in toc_files():
        assert page.with_suffix(".md").exists() or page.with_suffix(".ipynb").exists(), page


def test_every_section_has_an_explicit_label():
    missing = []
    for page in toc_files():
        for text in markdown_of(page):
            for _line, heading, label in headings_and_labels(text):
                if label is None:
                    missing.append(f"{paths.relative(page)}: « {heading} » sans étiquette (label)=")
    assert not missing, "\n".join(missing)


def test_labels_are_unique_across_the_book():
    seen: dict[str, str] = {}
    duplicates = []
    for page in toc_files():
        for text in markdown_of(page):
            for line in text.splitlines():
                match = LABEL.match(line.strip())
                if match:
                    label = match.group(1)
                    if label in seen:
                        duplicates.append(f"{label}: {seen[label]} et {paths.relative(page)}")
                    seen[label] = paths.relative(page)
    assert not duplicates, "\n".join(duplicates)


def test_labels_follow_the_page_prefix_convention():
    """Section labels of a chapter start with the chapter's own label, so they cannot collide."""
    wrong = []
    for page in toc_files():
        labels = [
            LABEL.match(line.strip()).group(1)
            for text in markdown_of(page)
            for line in text.splitlines()
            if LABEL.match(line.strip())
        ]
        if not labels:
            wrong.append(f"{paths.relative(page)}: aucune étiquette")
            continue
        root = labels[0]
        wrong += [f"{paths.relative(page)}: {label}" for label in labels[1:] if not label.startswith(root + "-")]
    assert not wrong, "\n".join(wrong)


def test_citation_file_is_valid_and_versioned_like_the_package():
    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "message", "title", "authors", "version", "license", "type"):
        assert key in cff, f"CITATION.cff : champ {key} manquant"
    assert cff["cff-version"] == "1.2.0"
    assert all("name" in a or "family-names" in a for a in cff["authors"])
    pyproject = (paths.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{cff["version"]}"' in pyproject


def test_bibliography_lists_every_source():
    bib = (paths.BOOK / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@misc\{([^,]+),", bib, flags=re.M))
    rows = (paths.RAW / "sources.csv").read_text(encoding="utf-8").splitlines()[1:]
    sources = {line.split(",", 1)[0] for line in rows}
    assert keys == sources


def test_config_files_have_no_duplicate_keys():
    """YAML keeps the last of two equal keys silently: a setting written twice is a setting lost."""
    import yaml

    class StrictLoader(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
        duplicated = sorted({k for k in keys if keys.count(k) > 1})
        assert not duplicated, f"clés en double ligne {node.start_mark.line + 1} : {duplicated}"
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    for name in ("_config.yml", "_toc.yml"):
        yaml.load((paths.ROOT / name).read_text(encoding="utf-8"), StrictLoader)


def test_no_code_is_shown_to_the_reader_by_default():
    """At most two folded code toggles a page (the assumptions, the call to the model); the rest
    of the code is removed from the page (the notebook, downloadable, keeps it)."""
    import nbformat

    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        codes = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        tags = [set(c.metadata.get("tags", [])) for c in codes]
        assert all(t & {"hide-input", "remove-input"} for t in tags), f"{path.name} : code affiché en clair"
        assert sum("hide-input" in t for t in tags) <= 2, f"{path.name} : plus de deux blocs de code à déplier"
