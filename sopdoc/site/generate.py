"""The site as a plain tree of Markdown pages and assets, from the loaded repository.

Pure: `generate_site` returns path → content. Any MkDocs-compatible engine can build the tree;
`sopdoc build`, the MkDocs plugin and `sopdoc build --tree` all call this one function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import resources

from sopdoc.site import calendar_page, feed, home, indicators_page, plans, procedures, roles
from sopdoc.site.context import SiteContext

PageSource = Callable[[SiteContext], Iterator[tuple[str, str | bytes]]]

# Each module contributes its pages; the order is the order of the tree, not of the navigation.
SOURCES: list[PageSource] = [home.pages, procedures.pages, roles.pages, plans.pages, indicators_page.pages,
                             calendar_page.pages, feed.pages]

ASSETS = ("sopdoc.css", "sopdoc.js")


def generate_site(ctx: SiteContext) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for source in SOURCES:
        for path, content in source(ctx):
            if path in files:
                raise ValueError(f"two generators wrote {path}")
            files[path] = content
    for name in ASSETS:
        files[f"assets/{name}"] = resources.files("sopdoc.site").joinpath("assets", name).read_text(encoding="utf-8")
    return files
