"""Loading a content repository: the same repository whether a forked child parsed part of it or not."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from sopdoc import worker
from sopdoc.errors import UsageError
from sopdoc.loading import Document
from sopdoc.repository import (
    ALL_KINDS,
    Repository,
    configured_country,
    load_beside,
    load_repository,
    procedure_files,
)
from tests.conftest import copy_example


def _places(document: Document) -> list[tuple[Any, ...]]:
    """Where every top-level key and value and every item of a top-level list is, as rules ask for it."""
    data = document.data
    paths: list[tuple[Any, ...]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            paths.append((key,))
            if isinstance(value, list):
                paths += [(key, index) for index in range(len(value))]
    elif isinstance(data, list):
        paths += [(index,) for index in range(len(data))]
    return [(path, document.positions.of_key(path), document.positions.of_value(path)) for path in paths]


def snapshot(repo: Repository) -> dict[str, Any]:
    documents = [procedure.document for procedure in repo.procedures] + [plan.document for plan in repo.plans]
    if repo.training_document is not None:
        documents.append(repo.training_document)
    return {
        "files": repo.files,
        "diagnostics": repo.diagnostics,
        "organisation": repo.organisation,
        "procedures": repo.procedures,
        "plans": repo.plans,
        "training": repo.training,
        "documents": [(d.path, d.data, d.body, d.body_line, _places(d)) for d in documents],
    }


def damage(root: Path) -> None:
    """Files that cannot be parsed, and findings of the schema, spread over the repository."""
    procedures = sorted((root / "procedures").rglob("*.md"))
    plans = sorted((root / "plans").glob("*.yaml"))
    procedures[0].write_text("no front matter\n", encoding="utf-8")
    procedures[3].write_bytes(b"---\nid: \xff\n---\n")
    text = procedures[-1].read_text(encoding="utf-8")
    procedures[-1].write_text(text.replace("revision:", "revision: on\nrevisions:", 1), encoding="utf-8")
    plans[0].write_text("month: [2026-01\n", encoding="utf-8")
    text = plans[-1].read_text(encoding="utf-8")
    plans[-1].write_text(text.replace("status:", "status: approuvé\nstatut:", 1), encoding="utf-8")
    with (root / "training.yaml").open("a", encoding="utf-8") as stream:
        stream.write("- {person: x, procedure: PRO-X-1, revision: 010, date: 2026-02-30}\n")


@pytest.mark.parametrize("damaged", [False, True])
def test_a_child_parsing_part_of_the_files_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          damaged: bool) -> None:
    monkeypatch.setenv("SOPDOC_CACHE", "off")
    root = copy_example(tmp_path / "repo")
    if damaged:
        damage(root)
    alone = load_repository(root, parallel_min_bytes=1 << 60)
    shared = load_repository(root, parallel_min_bytes=0)
    assert snapshot(shared) == snapshot(alone)
    assert len(alone.diagnostics) > 5 if damaged else alone.diagnostics == ()


def test_the_cache_gives_the_same_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOPDOC_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_example(tmp_path / "repo")
    damage(root)
    first = load_repository(root, parallel_min_bytes=0)
    again = load_repository(root)  # every file from the cache
    assert snapshot(again) == snapshot(first)


def test_training_needs_are_worked_out_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOPDOC_CACHE", "off")
    repo = load_repository(copy_example(tmp_path / "repo"))
    assert repo.training_needs is repo.training_needs
    assert {need.procedure.id for need in repo.training_needs} <= {procedure.id for procedure in repo.procedures}


def test_a_child_is_used_only_with_two_cpus_and_no_other_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # earlier tests may leave a server thread
    assert worker.available()
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0})
    assert not worker.available()
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not worker.available()
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not worker.available()


@pytest.mark.parametrize("fork", [True, False])
def test_work_beside_the_loading_gives_its_value_and_the_same_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool) -> None:
    monkeypatch.setenv("SOPDOC_CACHE", "off")
    monkeypatch.setattr(worker, "available", lambda: fork)
    root = copy_example(tmp_path / "repo")
    damage(root)
    parent = os.getpid()
    repo, (side, second) = load_beside(root, ALL_KINDS, lambda: (procedure_files(root), os.getpid() == parent),
                                       lambda: "second", parallel_min_bytes=0)
    assert snapshot(repo) == snapshot(load_repository(root))
    assert second == "second"
    files, here = side
    assert files == sorted(path.relative_to(root).as_posix() for path in (root / "procedures").rglob("*.md"))
    assert len(files) == 26
    if not fork:  # with a child, either process may have taken it
        assert here is True


def test_an_error_beside_the_loading_is_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOPDOC_CACHE", "off")
    root = copy_example(tmp_path / "repo")

    def fail() -> None:
        raise UsageError("git log failed: no")

    for parallel_min_bytes in (0, None):  # a child, or everything here for so small a repository
        with pytest.raises(UsageError) as raised:
            load_beside(root, ALL_KINDS, fail, parallel_min_bytes=parallel_min_bytes)
        assert raised.value.message == "git log failed: no"


def test_with_little_to_parse_the_jobs_run_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOPDOC_CACHE", "off")
    root = copy_example(tmp_path / "repo")
    parent = os.getpid()
    repo, values = load_beside(root, ALL_KINDS, os.getpid, lambda: os.getpid() == parent)
    assert values == [parent, True]
    assert snapshot(repo) == snapshot(load_repository(root))


def test_the_country_is_read_before_loading(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "repo")
    assert configured_country(root) == "FR"
    config = root / "sopdoc.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("country: FR", "country: DE"), encoding="utf-8")
    assert configured_country(root) == "DE"
    config.write_text("organisation: [\n", encoding="utf-8")
    assert configured_country(root) == "FR"  # unreadable: the default (the loading reports the file)
    config.unlink()
    assert configured_country(root) == "FR"
