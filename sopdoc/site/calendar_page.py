"""Pages of the site: calendar_page (being written)."""

from __future__ import annotations

from collections.abc import Iterator

from sopdoc.site.context import SiteContext


def pages(ctx: SiteContext) -> Iterator[tuple[str, str | bytes]]:
    return iter(())
