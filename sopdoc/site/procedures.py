"""Procedure pages: the index by area, one page per procedure with its revision history, and each
earlier revision as a standalone page with the differences to the next one."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

import markdown
from markupsafe import escape

from sopdoc.loading import split_front_matter
from sopdoc.model import INDICATORS, Procedure
from sopdoc.rules.content import find_unsafe_html, scan_unsafe_html
from sopdoc.site.context import SiteContext
from sopdoc.site.rawhtml import MARKER as RAW_MARKER
from sopdoc.site.rawhtml import href
from sopdoc.site.render import render

MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "admonition", "attr_list", "toc", "def_list"]


def pages(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    yield "procedures/index.md", index_page(ctx)
    for procedure in ctx.procedures.values():
        yield page_path(procedure), procedure_page(ctx, procedure)


def revision_files(ctx: SiteContext) -> Iterator[tuple[str, str]]:
    """The earlier revisions of every procedure: standalone HTML files, not MkDocs pages."""
    bodies = BodyRenderer()
    for procedure in ctx.procedures.values():
        yield from revision_pages(ctx, procedure, bodies)


def _common(ctx: SiteContext) -> dict[str, Any]:
    return {"t": ctx.labels, "actor": ctx.actor, "date": ctx.date}


def index_page(ctx: SiteContext) -> str:
    areas = []
    for area, name in ctx.organisation.areas.items():
        rows = [_row(ctx, procedure) for procedure in ctx.procedures.values() if procedure.area == area]
        if rows:
            areas.append({"name": name, "rows": rows})
    others = [_row(ctx, p) for p in ctx.procedures.values() if p.area not in ctx.organisation.areas]
    if others:
        areas.append({"name": ctx.labels("other_area"), "rows": others})
    return render("procedures_index.md.j2", areas=areas, **_common(ctx))


def _row(ctx: SiteContext, procedure: Procedure) -> dict[str, Any]:
    due = ctx.next_review(procedure)
    return {
        "id": procedure.id, "title": procedure.title or "", "owner": ctx.actor(procedure.owner),
        "revision": procedure.revision or "", "effective": ctx.date(procedure.effective),
        "next_review": ctx.date(due), "status": procedure.status or "draft",
        "overdue": procedure.status == "active" and due is not None and due < ctx.settings.today,
    }


def procedure_page(ctx: SiteContext, procedure: Procedure) -> str:
    page = page_path(procedure)
    due = ctx.next_review(procedure)
    links = [(label, url) for label, url in ((ctx.labels("propose_change"), ctx.edit_url(procedure)),
                                             (ctx.labels("report_problem"), ctx.issue_url(procedure))) if url]
    return render(
        "procedure.md.j2",
        procedure=procedure,
        next_review=due,
        overdue=procedure.status == "active" and due is not None and due < ctx.settings.today,
        today_text=ctx.date(ctx.settings.today),
        links=links,
        training_roles=[(ctx.actor(role), _link(page, ctx.role_page(role))) for role, _ in procedure.training_roles],
        indicators=[(ctx.labels(indicator) if indicator in INDICATORS else indicator,
                     href(page, "indicators.md", indicator)) for indicator, _ in procedure.indicators],
        related=[(f"{identifier} {ctx.procedures[identifier].title or ''}".strip() if identifier in ctx.procedures
                  else identifier, _link(page, f"procedures/{identifier}.md" if identifier in ctx.procedures else None))
                 for identifier, _ in procedure.related],
        # a body holding a marker of generated HTML would let raw HTML through: shown as code
        unsafe=any(True for _ in find_unsafe_html(procedure)) or RAW_MARKER in procedure.document.body,
        body=procedure.document.body.strip(),
        fence=_fence_for(procedure.document.body),
        revisions=_revisions(ctx, procedure),
        **_common(ctx),
    )


def _link(page: str, target: str | None) -> str | None:
    """The URL of ``target`` from ``page``; none when the target has no page (the text is shown alone)."""
    return href(page, target) if target else None


def _fence_for(text: str) -> str:
    """A code fence longer than any run of backticks in ``text``: nothing inside can close it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _revisions(ctx: SiteContext, procedure: Procedure) -> list[dict[str, Any]]:
    history = ctx.history_of(procedure)
    if history is None:
        return []
    rows = []
    for revision in history.revisions:
        number = revision.number
        has_page = number is not None and number != procedure.revision and (procedure.path, number) in ctx.old_texts
        rows.append({
            "number": "?" if number is None else number,
            "date": ctx.date(revision.introduced.date.date()),
            "author": revision.introduced.author,
            "summary": revision.summary or revision.introduced.subject,
            "commit": revision.introduced.short,
            "page": href(page_path(procedure), revision_path(procedure, number))
            if has_page and number is not None else None,
        })
    return rows


def revision_pages(ctx: SiteContext, procedure: Procedure,
                   bodies: BodyRenderer | None = None) -> Iterator[tuple[str, str]]:
    """Each earlier revision as it finally was, with the differences to the revision after it."""
    bodies = (bodies or BodyRenderer()).for_procedure()
    history = ctx.history_of(procedure)
    if history is None:
        return
    revisions = history.revisions  # newest first
    for index, revision in enumerate(revisions):
        number = revision.number
        text = ctx.old_texts.get((procedure.path, number)) if number is not None else None
        if number is None or number == procedure.revision or text is None:
            continue
        newer = revisions[index - 1] if index > 0 else None
        newer_text = ctx.old_texts.get((procedure.path, newer.number)) if newer and newer.number is not None else None
        yield revision_path(procedure, number), render(
            "revision.html.j2",
            language=ctx.organisation.language,
            procedure_id=procedure.id,
            title=_title_of(text) or procedure.title or "",
            number=number,
            current=procedure.revision,
            date=ctx.date(revision.introduced.date.date()),
            author=revision.introduced.author,
            commit=revision.last.short,
            body_html=bodies.html(_body_of(text)),
            diff=_diff(text, newer_text) if newer_text is not None else [],
            next_number=newer.number if newer else None,
            t=ctx.labels,
        )


def page_path(procedure: Procedure) -> str:
    return f"procedures/{procedure.id}.md"


def revision_path(procedure: Procedure, number: int) -> str:
    return f"procedures/{procedure.id}/r{number}.html"


def _title_of(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("title:"):
            return line.removeprefix("title:").strip().strip("\"'")
    return None


class BodyRenderer:
    """Earlier bodies as HTML: one Markdown converter for all, and each distinct body of a procedure
    converted once (a revision that changed only the front matter, its steps or its dates, left the body
    as it was). Bodies repeat within one procedure only: what is kept is forgotten at the next one."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
        self._done: dict[str, str] = {}

    def for_procedure(self) -> BodyRenderer:
        self._done.clear()
        return self

    def html(self, body: str) -> str:
        """The body as HTML; escaped text if it holds unsafe HTML."""
        done = self._done.get(body)
        if done is None:
            if any(True for _ in scan_unsafe_html(body)):
                done = f"<pre>{escape(body)}</pre>"
            else:
                done = self._markdown.reset().convert(body)
            self._done[body] = done
        return done


def _diff(old: str, new: str) -> list[tuple[str, str]]:
    """Unified differences of two whole files, each line tagged add, del, hunk or same (escaped by the
    template)."""
    lines = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        kind = "hunk" if line.startswith("@@") else "add" if line.startswith("+") else (
            "del" if line.startswith("-") else "same")
        lines.append((kind, line))
    return lines


def _body_of(text: str) -> str:
    parts = split_front_matter(text)
    return parts[1] if parts else text
