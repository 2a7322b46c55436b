"""The changes feed: ``feed.xml``, an Atom feed of the most recent procedure revisions from git.

Built with ElementTree, so every value is escaped; characters XML 1.0 cannot carry are dropped. Ids
are ``urn:uuid:`` names derived from the organisation, the procedure, the revision and its commit,
so they stay the same wherever the site is published. Links are absolute when the site's URL is
known (``site_url`` in the settings), else relative to the feed, which sits at the site's root.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from sopdoc.calendar_ics import organisation_slug
from sopdoc.history import Revision
from sopdoc.model import Procedure
from sopdoc.site.context import SiteContext

FEED_FILE = "feed.xml"
MAX_ENTRIES = 50
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Entry:
    procedure: Procedure
    revision: Revision


def pages(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    yield FEED_FILE, feed_xml(ctx)


def recent_revisions(ctx: SiteContext, limit: int = MAX_ENTRIES) -> list[Entry]:
    """The ``limit`` most recent revisions of all procedures, newest first."""
    if ctx.history is None:
        return []
    by_path = {procedure.path: procedure for procedure in ctx.repo.procedures if procedure.id}
    entries = [Entry(by_path[path], revision) for path, history in ctx.history.by_path.items() if path in by_path
               for revision in history.revisions]
    entries.sort(key=lambda entry: (_utc(entry.revision.introduced.date), entry.procedure.id or "",
                                    entry.revision.number or 0), reverse=True)
    return entries[:limit]


def site_url(ctx: SiteContext) -> str:
    """The site's address ending with ``/`` when configured, else "" (links relative to the feed)."""
    url = ctx.settings.site_url
    return f"{url.rstrip('/')}/" if isinstance(url, str) and url.strip() else ""


def feed_xml(ctx: SiteContext) -> bytes:
    labels = ctx.labels
    base = site_url(ctx)
    slug = organisation_slug(ctx.organisation.name)
    entries = recent_revisions(ctx)
    updated = (_utc(entries[0].revision.introduced.date) if entries
               else dt.datetime.combine(ctx.settings.today, dt.time(0, 0), tzinfo=dt.UTC))
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: _clean(ctx.organisation.language)})
    _text(feed, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'sopdoc:{slug}:feed')}")
    _text(feed, "title", labels("feed_title", organisation=ctx.organisation.name))
    _text(feed, "updated", _timestamp(updated))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": _clean(f"{base}{FEED_FILE}")})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": _clean(base or "./")})
    _text(feed, "generator", "sopdoc")
    for entry in entries:
        feed.append(entry_element(ctx, entry, base, slug))
    ET.indent(feed)
    stream = io.BytesIO()
    ET.ElementTree(feed).write(stream, encoding="utf-8", xml_declaration=True)
    return stream.getvalue() + b"\n"


def entry_element(ctx: SiteContext, entry: Entry, base: str, slug: str) -> ET.Element:
    procedure, revision = entry.procedure, entry.revision
    commit = revision.introduced
    number = "?" if revision.number is None else str(revision.number)
    element = ET.Element("entry")
    name = f"sopdoc:{slug}:{procedure.id}:{number}:{commit.id}"
    _text(element, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}")
    _text(element, "title", ctx.labels("feed_entry_title", id=procedure.id, number=number,
                                       title=procedure.title or ""))
    ET.SubElement(element, "link", {"rel": "alternate", "type": "text/html",
                                    "href": _clean(f"{base}procedures/{quote(procedure.id or '')}/")})
    _text(element, "updated", _timestamp(_utc(commit.date)))
    author = ET.SubElement(element, "author")
    _text(author, "name", commit.author or "?")
    _text(element, "summary", revision.summary or commit.subject)
    return element


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _clean(value)
    return element


def _clean(value: str) -> str:
    """Text XML 1.0 can carry: ElementTree escapes markup but not forbidden control characters."""
    return _NOT_XML.sub("", value)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
