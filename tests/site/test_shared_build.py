"""MkDocs' build with the pages shared between two processes writes what MkDocs' own build writes.

The sharing itself is `sopdoc.worker.share` (tested in tests/test_worker.py). Here `alternate` stands in
for it, deterministically: every odd piece is done by ``there`` in a forked process of its own, its
value sent back pickled, every even piece is done ``here``. One test uses `worker.share` itself.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from sopdoc import worker
from sopdoc.site import shared_build

PAGES = 12


def alternate(pieces: int, here: Callable[[int], None], there: Callable[[int], Any]) -> dict[int, Any]:
    received = {}
    for piece in range(pieces):
        if piece % 2:
            received[piece] = elsewhere(there, piece)
        else:
            here(piece)
    return received


def elsewhere(function: Callable[[int], Any], piece: int) -> Any:
    """``function(piece)`` in a forked process: nothing it changes is seen here but its value."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 1
        try:
            os.close(read)
            with open(write, "wb") as stream:
                stream.write(pickle.dumps(function(piece)))
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    with open(read, "rb") as stream:
        payload = stream.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0
    return pickle.loads(payload)


def write_docs(folder: Path, *, extra: dict[str, str] | None = None, settings: dict[str, Any] | None = None) -> Path:
    """A small MkDocs project: a home page in the navigation, PAGES pages that link to each other's
    sections, with Material and its search, as sopdoc configures them."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Accueil\n\nVoir [la page 3](p03.md#etapes).\n", encoding="utf-8")
    for number in range(1, PAGES + 1):
        following = number % PAGES + 1
        (docs / f"p{number:02d}.md").write_text(
            f"---\ntitle: Page {number}\n---\n# Procédure {number}\n\n## Étapes\n\n- Vérifier le stock {number}\n"
            f"- Valider la commande\n\n## Suite\n\nVoir [la suivante](p{following:02d}.md#suite).\n",
            encoding="utf-8")
    for name, text in (extra or {}).items():
        (docs / name).write_text(text, encoding="utf-8")
    config = {"site_name": "Essai", "theme": {"name": "material", "language": "fr", "font": False},
              "plugins": ["search"], "nav": [{"Accueil": "index.md"}], "markdown_extensions": [{"toc": {"permalink": True}}],
              "validation": {"nav": {"omitted_files": "ignore"}}, **(settings or {})}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return folder / "mkdocs.yml"


def snapshot(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def build_both(project: Path, monkeypatch: pytest.MonkeyPatch, share: Callable[..., dict[int, Any]] = alternate,
               strict: bool = False) -> tuple[Path, Path]:
    """The project built by MkDocs into site-mkdocs, then shared into site-shared."""
    mkdocs_build.build(load_config(str(project), site_dir=str(project.parent / "site-mkdocs"), strict=strict))
    monkeypatch.setattr(worker, "available", lambda: True)
    monkeypatch.setattr(worker, "share", share)
    monkeypatch.setattr(shared_build, "PAGES_PER_PIECE", 1)
    shared_build.build(load_config(str(project), site_dir=str(project.parent / "site-shared"), strict=strict))
    return project.parent / "site-mkdocs", project.parent / "site-shared"


def test_the_shared_build_writes_what_mkdocs_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain, shared = build_both(write_docs(tmp_path), monkeypatch)
    assert snapshot(shared) == snapshot(plain)
    index = json.loads((shared / "search" / "search_index.json").read_text(encoding="utf-8"))
    # pages from both sides, in MkDocs' page order: home, then p01 … p12, each with its two sections
    assert [doc["location"] for doc in index["docs"]][:7] == [
        "", "p01/", "p01/#etapes", "p01/#suite", "p02/", "p02/#etapes", "p02/#suite"]
    assert len(index["docs"]) == 1 + 3 * PAGES
    assert "Vérifier le stock 1" in (shared / "p01" / "index.html").read_text(encoding="utf-8")  # piece 1: there


def test_with_a_real_forked_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain, shared = build_both(write_docs(tmp_path), monkeypatch, share=worker.share)
    assert snapshot(shared) == snapshot(plain)


def test_a_warning_in_the_other_process_fails_a_strict_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pieces of one page, in order: index (here), p01 (there), p02 (here)…: p01's broken link is a warning
    # of the other process, counted here
    project = write_docs(tmp_path)
    (project.parent / "docs" / "p01.md").write_text("# Un\n\n[perdu](absente.md)\n", encoding="utf-8")
    with pytest.raises(Abort) as plain:
        mkdocs_build.build(load_config(str(project), site_dir=str(tmp_path / "site-mkdocs"), strict=True))
    monkeypatch.setattr(worker, "available", lambda: True)
    monkeypatch.setattr(worker, "share", alternate)
    monkeypatch.setattr(shared_build, "PAGES_PER_PIECE", 1)
    with pytest.raises(Abort) as shared:
        shared_build.build(load_config(str(project), site_dir=str(tmp_path / "site-shared"), strict=True))
    assert str(shared.value) == str(plain.value) == "Aborted with 1 warnings in strict mode!"


def test_links_to_missing_anchors_are_checked_across_processes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # p02 (done here) links to an anchor p01 (done there) lacks, p03 (there) to one p04 (here) lacks
    project = write_docs(tmp_path, settings={"validation": {"nav": {"omitted_files": "ignore"},
                                                            "anchors": "warn"}})
    docs = project.parent / "docs"
    (docs / "p02.md").write_text("# Deux\n\n[x](p01.md#nulle-part) [y](p01.md#etapes)\n\n## Suite\n", encoding="utf-8")
    (docs / "p03.md").write_text("# Trois\n\n[z](p04.md#ailleurs) [w](p04.md#suite)\n\n## Étapes\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        build_both(project, monkeypatch)
    messages = [record.getMessage() for record in caplog.records if "anchor" in record.getMessage()]
    expected = [f"Doc file '{page}' contains a link '{link}', but the doc '{target}' does not contain an anchor "
                f"'#{anchor}'." for page, link, target, anchor in (("p02.md", "p01.md#nulle-part", "p01.md", "nulle-part"),
                                                                    ("p03.md", "p04.md#ailleurs", "p04.md", "ailleurs"))]
    assert messages == expected + expected  # by MkDocs' build, then by the shared one


def test_other_plugins_or_hooks_get_mkdocs_own_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "hooks.py").write_text("def on_page_markdown(markdown, **kwargs):\n    return markdown\n",
                                       encoding="utf-8")
    project = write_docs(tmp_path, settings={"hooks": [str(tmp_path / "hooks.py")]})
    calls: list[str] = []
    monkeypatch.setattr(shared_build.mkdocs_build, "build", lambda config: calls.append(config.site_dir))
    monkeypatch.setattr(worker, "available", lambda: True)
    config = load_config(str(project), site_dir=str(tmp_path / "site"))
    assert not shared_build.shareable(config)
    shared_build.build(config)
    assert calls == [str(tmp_path / "site")]
    assert shared_build.shareable(load_config(str(write_docs(tmp_path / "plain")), site_dir=str(tmp_path / "s2")))


NESTED = {"a.md": "# A\n\nVers [d](b/c/d.md).\n", "z.md": "# Z\n", "b/index.md": "# B\n", "b/a.md": "# B A\n",
          "b/c/d.md": "# D\n\n## Section\n", "img/x.svg": "<svg></svg>\n",
          "b/c.md": "# B C\n"}


def test_files_given_in_memory_build_as_the_same_files_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # MkDocs reads the folder; the shared build, given the same files in memory and an empty folder,
    # lists them in the same order (a folder's files, index first, then its subfolders): the same site
    written = write_docs(tmp_path / "written")
    for name, text in NESTED.items():
        (written.parent / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (written.parent / "docs" / name).write_text(text, encoding="utf-8")
    mkdocs_build.build(load_config(str(written), site_dir=str(tmp_path / "site-mkdocs")))
    docs = written.parent / "docs"
    given = {path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8")
             for path in sorted(docs.rglob("*")) if path.is_file()}
    empty = write_docs(tmp_path / "memory")
    for path in (empty.parent / "docs").iterdir():
        path.unlink()
    monkeypatch.setattr(worker, "available", lambda: True)
    monkeypatch.setattr(worker, "share", alternate)
    monkeypatch.setattr(shared_build, "PAGES_PER_PIECE", 1)
    shared_build.build(load_config(str(empty), site_dir=str(tmp_path / "site-shared")), given,
                       lambda: pytest.fail("nothing to write: the shared build reads the files in memory"))
    assert snapshot(tmp_path / "site-shared") == snapshot(tmp_path / "site-mkdocs")
    index = json.loads((tmp_path / "site-shared" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [doc["location"] for doc in index["docs"] if "#" not in doc["location"]] == [
        "", "a/", "p01/", "p02/", "p03/", "p04/", "p05/", "p06/", "p07/", "p08/", "p09/", "p10/", "p11/", "p12/",
        "z/", "b/", "b/a/", "b/c/", "b/c/d/"]


def test_two_files_for_one_place_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "available", lambda: True)
    for given in ({"b/index.md": "# B\n", "b/README.md": "# B\n"}, {"index.md": "# Autre accueil\n"}):
        with pytest.raises(ValueError, match="goes where another file goes"):
            shared_build.build(load_config(str(write_docs(tmp_path / str(len(given)))),
                                           site_dir=str(tmp_path / "site")), given)


def test_mkdocs_own_build_gets_the_files_written_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = write_docs(tmp_path)
    written: list[str] = []
    monkeypatch.setattr(worker, "available", lambda: False)
    monkeypatch.setattr(shared_build.mkdocs_build, "build", lambda config: written.append("built"))
    shared_build.build(load_config(str(project), site_dir=str(tmp_path / "site")), {"x.md": "# X\n"},
                       lambda: written.append("written"))
    assert written == ["written", "built"]


def test_pieces_cover_every_page_once_in_order() -> None:
    for pages in (1, 7, 8, 9, 2142, 5000):
        pieces = shared_build._pieces(pages)
        covered = [index for number in range(pieces) for index in shared_build._piece(number, pages)]
        assert covered == list(range(pages))
        assert pieces == min(worker.MAX_PIECES, -(-pages // shared_build.PAGES_PER_PIECE))
    assert shared_build._pieces(0) == 0
