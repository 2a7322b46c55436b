"""The changes feed: an Atom feed of procedure revisions from a real git history, parsed back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from sopdoc.repository import load_repository
from sopdoc.site import feed
from sopdoc.site.build import site_context
from sopdoc.site.context import SiteContext
from tests.conftest import BASE_FILES, PROCEDURE_1
from tests.gitrepo import GitRepo
from tests.test_history import build

TODAY = dt.date(2026, 11, 25)
NS = {"atom": "http://www.w3.org/2005/Atom"}


def context(root: Path) -> SiteContext:
    return site_context(root, load_repository(root), TODAY, {})


def parsed(ctx: SiteContext) -> ET.Element:
    content = dict(feed.pages(ctx))["feed.xml"]
    assert isinstance(content, bytes)
    assert content.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    return ET.fromstring(content)


def entries(root: ET.Element) -> list[dict[str, str | None]]:
    return [{
        "title": entry.findtext("atom:title", namespaces=NS),
        "link": entry.find("atom:link", NS).get("href"),  # type: ignore[union-attr]
        "updated": entry.findtext("atom:updated", namespaces=NS),
        "author": entry.findtext("atom:author/atom:name", namespaces=NS),
        "summary": entry.findtext("atom:summary", namespaces=NS),
    } for entry in root.findall("atom:entry", NS)]


def test_revisions_newest_first_with_relative_links(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    root = parsed(context(repo.root))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert root.findtext("atom:title", namespaces=NS) == "Atelier Test — révisions des procédures"
    assert root.findtext("atom:updated", namespaces=NS) == "2026-04-01T06:30:00Z"
    assert [(link.get("rel"), link.get("href")) for link in root.findall("atom:link", NS)] == [
        ("self", "feed.xml"), ("alternate", "./")]
    # the review-only commit of June 2025 belongs to revision 1: no entry of its own
    assert entries(root) == [
        {"title": "PRO-PIC-001 révision 3 — Revue de la demande", "link": "procedures/PRO-PIC-001/",
         "updated": "2026-04-01T06:30:00Z", "author": "Julie Dupont",
         "summary": "Passage au service approvisionnement"},
        {"title": "PRO-PIC-001 révision 2 — Revue de la demande", "link": "procedures/PRO-PIC-001/",
         "updated": "2026-03-02T10:00:00Z", "author": "Paul Leroux", "summary": "Justification des corrections"},
        {"title": "PRO-PIC-001 révision 1 — Revue de la demande", "link": "procedures/PRO-PIC-001/",
         "updated": "2025-01-06T08:00:00Z", "author": "Julie Dupont", "summary": "Création"},
    ]
    ids = [entry.findtext("atom:id", namespaces=NS) or "" for entry in root.findall("atom:entry", NS)]
    assert len(set(ids)) == 3 and all(identifier.startswith("urn:uuid:") for identifier in ids)
    assert ids == [entry.findtext("atom:id", namespaces=NS)
                   for entry in parsed(context(repo.root)).findall("atom:entry", NS)]  # stable


def test_the_most_recent_revisions_across_procedures(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "content")
    for relpath, text in BASE_FILES.items():
        repo.write(relpath, text)
    repo.commit("Dépôt initial", "2026-01-06T09:00:00+01:00")
    repo.write("procedures/executive/PRO-PIC-002.md", BASE_FILES["procedures/executive/PRO-PIC-002.md"]
               .replace("revision: 1", "revision: 2")
               .replace("changes:\n", "changes:\n  - {revision: 2, date: 2026-02-02, summary: Ordre du jour}\n"))
    repo.commit("Ordre du jour", "2026-02-02T09:00:00+01:00", ("Marc Martin", "m.martin@example.fr"))
    ctx = context(repo.root)
    recent = feed.recent_revisions(ctx, limit=2)
    assert [(entry.procedure.id, entry.revision.number) for entry in recent] == [
        ("PRO-PIC-002", 2), ("PRO-PIC-002", 1)]  # same date as PRO-PIC-001's: by id, newest first
    assert [entry["title"] for entry in entries(parsed(ctx))] == [
        "PRO-PIC-002 révision 2 — Revue de direction", "PRO-PIC-002 révision 1 — Revue de direction",
        "PRO-PIC-001 révision 2 — Revue de la demande"]
    assert feed.MAX_ENTRIES == 50


def test_absolute_links_when_the_site_url_is_known(tmp_path: Path) -> None:
    repo = build(tmp_path / "content")
    ctx = context(repo.root)
    ctx.settings = dataclasses.replace(ctx.settings, site_url="https://intranet.example/pic")
    root = parsed(ctx)
    assert [link.get("href") for link in root.findall("atom:link", NS)] == [
        "https://intranet.example/pic/feed.xml", "https://intranet.example/pic/"]
    assert entries(root)[0]["link"] == "https://intranet.example/pic/procedures/PRO-PIC-001/"


def test_without_git_the_feed_is_empty_and_valid(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    for relpath, text in BASE_FILES.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text, encoding="utf-8")
    parsed_feed = parsed(context(root))
    assert entries(parsed_feed) == []
    assert parsed_feed.findtext("atom:updated", namespaces=NS) == "2026-11-25T00:00:00Z"


def test_every_value_is_escaped(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "content")
    for relpath, text in BASE_FILES.items():
        repo.write(relpath, text)
    hostile = (PROCEDURE_1
               .replace("title: Revue de la demande", "title: \"<script>alert(1)</script> & ]]> \\x01\"")
               .replace("summary: Justification des corrections", "summary: \"</summary><entry>x</entry> &amp;\""))
    repo.write("procedures/demand/PRO-PIC-001.md", hostile)
    repo.commit("<b>Commit</b> & \"quotes\"", "2026-11-20T10:00:00+01:00", ("A & B \"C\" <D>", "ab@example.fr"))
    content = dict(feed.pages(context(repo.root)))["feed.xml"]
    assert isinstance(content, bytes)
    assert b"<script" not in content and b"\x01" not in content
    assert entries(ET.fromstring(content)) == [
        {"title": "PRO-PIC-002 révision 1 — Revue de direction", "link": "procedures/PRO-PIC-002/",
         "updated": "2026-11-20T09:00:00Z", "author": "A & B \"C\" D", "summary": "Création"},
        {"title": "PRO-PIC-001 révision 2 — <script>alert(1)</script> & ]]> ", "link": "procedures/PRO-PIC-001/",
         "updated": "2026-11-20T09:00:00Z", "author": "A & B \"C\" D", "summary": "</summary><entry>x</entry> &amp;"},
    ]
