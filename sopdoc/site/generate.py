"""The site as a plain tree of Markdown pages and assets, from the loaded repository.

Pure: `generate_site` returns path → content. Any MkDocs-compatible engine can build the tree;
`sopdoc build`, the MkDocs plugin and `sopdoc build --tree` all call these functions.

The tree has two parts: the Markdown pages (and the files they link to), which MkDocs renders, and
static files that MkDocs only copies: the earlier revisions of the procedures (standalone HTML) and
the plans' charts (SVG).
`sopdoc build` writes the static part in a second process while MkDocs renders the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import resources
from urllib.parse import quote

from sopdoc.site import calendar_page, feed, home, indicators_page, plans, procedures, roles
from sopdoc.site.context import SiteContext

PageSource = Callable[[SiteContext], Iterator[tuple[str, str | bytes]]]

# Each module contributes its pages; the order is the order of the tree, not of the navigation.
SOURCES: list[PageSource] = [home.pages, procedures.pages, roles.pages, plans.pages, indicators_page.pages,
                             calendar_page.pages, feed.pages]
# Files no page needs at build time (pages link to them from HTML blocks): MkDocs copies them as they are.
STATIC_SOURCES: list[PageSource] = [procedures.revision_files, plans.chart_files]

ASSETS = ("sopdoc.css", "sopdoc.js")


def generate_site(ctx: SiteContext) -> dict[str, str | bytes]:
    """The whole tree."""
    return _collect(ctx, [*SOURCES, *STATIC_SOURCES])


def generate_pages(ctx: SiteContext) -> dict[str, str | bytes]:
    """The pages, their assets and the files they link to: everything but `generate_static`."""
    return _collect(ctx, SOURCES)


def generate_static(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    """The static files, one at a time (thousands of earlier revisions at scale)."""
    for source in STATIC_SOURCES:
        yield from source(ctx)


def edit_sources(ctx: SiteContext) -> dict[str, str]:
    """Page → the file of the content repository it shows, as the theme's "edit this page" button needs it
    (MkDocs' ``File.edit_uri``: a path in the git repository, URL-quoted): a procedure's page → its
    Markdown file, a plan's page → its YAML file. The other pages gather many files: none, no button."""
    prefix = ctx.settings.content_prefix
    sources = {procedures.page_path(procedure): quote(prefix + procedure.path) for procedure in ctx.procedures.values()}
    sources.update({plans.page_path(cycle): quote(prefix + cycle.plan.path) for cycle in indicators_page.cycles(ctx)})
    return sources


def _collect(ctx: SiteContext, sources: list[PageSource]) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for source in sources:
        for path, content in source(ctx):
            if path in files:
                raise ValueError(f"two generators wrote {path}")
            files[path] = content
    for name in ASSETS:
        files[f"assets/{name}"] = resources.files("sopdoc.site").joinpath("assets", name).read_text(encoding="utf-8")
    return files
