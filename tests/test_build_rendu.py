"""The HTML render re-reads every page when a module the Sphinx extensions run has changed."""

from __future__ import annotations

from territoires import build


def test_a_changed_extension_module_rereads_every_page(tmp_path, monkeypatch):
    """Sphinx re-reads only the pages whose source changed: after a change to a module the
    extensions run (typography, citations), the next render reads them all."""
    state = tmp_path / "rendu.json"
    assert build.extensions_changed(state)  # never rendered
    build._record_render(state)
    assert not build.extensions_changed(state)
    copy = tmp_path / "src"
    copy.mkdir()
    for name in build.EXTENSIONS:
        (copy / name).write_bytes((build.HERE / name).read_bytes())
    monkeypatch.setattr(build, "HERE", copy)
    assert not build.extensions_changed(state)
    (copy / "sphinx_typographie.py").write_text("# changé\n", encoding="utf-8")
    assert build.extensions_changed(state)
