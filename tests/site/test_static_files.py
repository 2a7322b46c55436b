"""The static part of the site (earlier revisions): written by a forked process while MkDocs renders
the pages, or in line where fork is not available; the same files land in the site either way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sopdoc.repository import load_repository
from sopdoc.site import build as site_build
from sopdoc.site.build import build_site, site_context
from sopdoc.site.generate import generate_pages, generate_site, generate_static
from tests.test_history import build

TODAY = dt.date(2026, 11, 25)


def built_files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in site.rglob("*")
            if path.is_file() and path.parent.name == "PRO-PIC-001"}


def test_the_tree_is_the_pages_and_the_static_files(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    ctx = site_context(repo.root, load_repository(repo.root), TODAY, {})
    static = dict(generate_static(ctx))
    assert sorted(static) == ["procedures/PRO-PIC-001/r1.html", "procedures/PRO-PIC-001/r2.html"]
    assert generate_site(ctx) == generate_pages(ctx) | static
    assert not static.keys() & generate_pages(ctx).keys()


@pytest.mark.parametrize("fork", [True, False])
def test_earlier_revisions_land_in_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool) -> None:
    repo = build(tmp_path / "content")
    monkeypatch.setattr(site_build, "_can_fork", lambda: fork)
    build_site(repo.root, load_repository(repo.root), TODAY, tmp_path / "site")
    files = built_files(tmp_path / "site" / "procedures")
    assert sorted(files) == ["PRO-PIC-001/index.html", "PRO-PIC-001/r1.html", "PRO-PIC-001/r2.html"]
    ctx = site_context(repo.root, load_repository(repo.root), TODAY, {})
    static = dict(generate_static(ctx))
    assert files["PRO-PIC-001/r2.html"].decode() == static["procedures/PRO-PIC-001/r2.html"]
    page = files["PRO-PIC-001/index.html"].decode()
    assert '<a href="r2.html">2</a>' in page and '<a href="r1.html">1</a>' in page
    assert not (tmp_path / "site" / "static").exists()


def test_a_failure_in_the_static_process_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = build(tmp_path / "content")
    monkeypatch.setattr(site_build, "_can_fork", lambda: True)

    def broken(ctx: object) -> object:
        raise OSError("disk full")
        yield  # a generator, like the real one

    monkeypatch.setattr(site_build, "generate_static", broken)
    with pytest.raises(RuntimeError, match="writing the earlier revisions failed"):
        build_site(repo.root, load_repository(repo.root), TODAY, tmp_path / "site")
    assert not (tmp_path / "site").exists()
