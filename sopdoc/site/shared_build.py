"""MkDocs' build, with the pages shared between this process and a forked one.

MkDocs renders its pages one after the other, on one CPU: at 2,000 procedures that is most of the
site's build time. Here the steps are MkDocs' own (`mkdocs.commands.build.build`, MkDocs 1.6) with the
same plugin events, except that the loop over the pages (Markdown, then the theme's template, then
the write) goes through `sopdoc.worker.share`: each piece is a run of consecutive pages, done by
whichever process takes it, and what the other process learnt comes back with the piece:

- the search entries of its pages (Material's search plugin), put back in MkDocs' page order, so the
  search index is the one a plain build writes;
- the anchors each page holds and the links to anchors it has, for MkDocs' anchor check, which runs
  here over every page once all are done, as in a plain build;
- the number of warnings it logged, for ``strict``.

Material's search reads each page through `sopdoc.site.searchview`: the same entries, faster. The
documentation files can be given in memory (`build`'s ``generated``), as MkDocs 1.6's generated files.

The pages listed in the navigation are read and converted before the pieces, here (the forked process
gets them as they are): every page's navigation shows their titles. Static files are copied before the
pages, as MkDocs does, so that a page still wins over a static file of the same name.

Only for configurations whose plugins are all known here (Material's search, `EditLinks`); with any other
plugin or hook, whose state across pages cannot be merged, it is MkDocs' own build. If the forked process fails,
`sopdoc.worker.share` does its pieces here: the site never depends on it.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable, Mapping
from typing import Any

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from sopdoc import worker
from sopdoc.site import searchview
from sopdoc.site.plugin import EditLinks

log = logging.getLogger("mkdocs.commands.build")

SHAREABLE_PLUGINS = frozenset({"material/search", "sopdoc/edit-links"})
PAGES_PER_PIECE = 8


def shareable(config: MkDocsConfig) -> bool:
    """Whether every plugin's state is one this module merges, and no hook is configured."""
    return set(config.plugins) <= SHAREABLE_PLUGINS and not config.hooks


def build(config: MkDocsConfig, generated: Mapping[str, str | bytes] | None = None,
          write_docs: Callable[[], None] | None = None, edit_uris: Mapping[str, str] | None = None) -> None:
    """Build the site as `mkdocs.commands.build.build` does; the pages shared where possible.

    ``generated``: documentation files (path → content) given in memory, beside those of the docs
    folder, as MkDocs 1.6's generated files (read where a written file would be, in its place in the
    walk of the folder). MkDocs' own build, where it runs instead, reads only the folder: ``write_docs``
    is then called first, to write them there. ``edit_uris``: see `EditLinks`."""
    if edit_uris is not None:
        config.plugins[EditLinks.NAME] = EditLinks(edit_uris)
    if not shareable(config) or not worker.available():
        if generated and write_docs is not None:
            write_docs()
        mkdocs_build.build(config)
        return
    warnings = _WarningCounter()
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        _build(config, warnings, generated or {})
    except Exception as error:
        config.plugins.on_build_error(error=error)
        if isinstance(error, BuildError):
            log.error(str(error))
            raise Abort("Aborted with a BuildError!") from None
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)


def _build(config: MkDocsConfig, warnings: _WarningCounter, generated: Mapping[str, str | bytes]) -> None:
    start = time.monotonic()
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    utils.clean_directory(config.site_dir)
    files = get_files(config)
    destinations = {file.dest_uri for file in files}
    for src_uri in sorted(generated, key=_walk_order):
        file = File.generated(config, src_uri, content=generated[src_uri])
        file.generated_by = None  # as a file of the folder: the same edit link, the same log lines
        if file.dest_uri in destinations:  # MkDocs drops one of two such files of the folder, with a warning
            raise ValueError(f"{src_uri} goes where another file goes ({file.dest_uri})")
        destinations.add(file.dest_uri)
        files.append(file)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)

    inclusion = InclusionLevel.is_included
    pages = []
    for file in files.documentation_pages(inclusion=inclusion):
        if file.page is None and file.inclusion.is_not_in_nav():  # type: ignore[no-untyped-call]
            Page(None, file, config)
        assert file.page is not None
        pages.append(file.page)
    for page in nav.pages:  # their titles are in every page's navigation
        mkdocs_build._populate_page(page, config, files)
    env = config.plugins.on_env(env, config=config, files=files)
    files.copy_static_files(inclusion=inclusion)
    for template in config.theme.static_templates:
        mkdocs_build._build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        mkdocs_build._build_extra_template(template, files, config, nav)

    doc_files = files.documentation_pages(inclusion=inclusion)
    search = _search_index(config)
    if search is not None:  # the same entries, generated blocks read as text (sopdoc.site.searchview)
        search.add_entry_from_context = functools.partial(searchview.add_entry, search)
    populated = {id(page) for page in nav.pages}
    entries: dict[int, list[Any]] = {}

    def do(number: int) -> None:
        for index in _piece(number, len(pages)):
            page = pages[index]
            if id(page) not in populated:
                mkdocs_build._populate_page(page, config, files)
            before = len(search.entries) if search is not None else 0
            excluded = page.file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
            mkdocs_build._build_page(page, config, doc_files, nav, env, excluded=excluded)
            if search is not None:
                entries[index] = search.entries[before:]
                del search.entries[before:]

    def there(number: int) -> _PieceResult:
        counted = dict(warnings.counts)
        do(number)
        done = {index: (entries.pop(index, []), pages[index].present_anchor_ids,
                        _anchor_links(pages[index].links_to_anchors)) for index in _piece(number, len(pages))}
        return _PieceResult(done, {level: count - counted.get(level, 0) for level, count in warnings.counts.items()})

    received = worker.share(_pieces(len(pages)), do, there)
    for result in received.values():
        for level, count in result.warnings.items():
            warnings.counts[level] = warnings.counts.get(level, 0) + count
        for index, (page_entries, present, links) in result.pages.items():
            entries[index] = page_entries
            pages[index].present_anchor_ids = present
            pages[index].links_to_anchors = None if links is None else {
                files.get_file_from_path(uri) or _missing(uri): anchors for uri, anchors in links.items()}
    if search is not None:
        search.entries.extend(entry for index in range(len(pages)) for entry in entries.get(index, []))

    log_level = config.validation.links.anchors
    for file in doc_files:
        assert file.page is not None
        file.page.validate_anchor_links(files=files, log_level=log_level)
    config.plugins.on_post_build(config=config)
    if config.strict and (counts := [(level, count) for level, count in warnings.counts.items() if count]):
        raise Abort(f"Aborted with {', '.join(f'{count} {level.lower()}s' for level, count in counts)} in strict mode!")
    log.info(f"Documentation built in {time.monotonic() - start:.2f} seconds")


class _PieceResult:
    """What a piece done in the forked process tells this one."""

    def __init__(self, pages: dict[int, tuple[list[Any], set[str] | None, dict[str, dict[str, str]] | None]],
                 warnings: dict[str, int]) -> None:
        self.pages = pages
        self.warnings = warnings


class _WarningCounter(logging.Handler):
    """Counts MkDocs' warnings and errors by level, in each process, as MkDocs' own counter does for
    ``strict`` in its build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        self.counts[record.levelname] = self.counts.get(record.levelname, 0) + 1


def _walk_order(src_uri: str) -> tuple[tuple[int, Any], ...]:
    """Where `get_files` would list the file: a folder's files first (``index`` or ``README`` before the
    others, then by name), then its subfolders by name, each in the same order."""
    *folders, name = src_uri.split("/")
    return (*((1, folder) for folder in folders), (0, (os.path.splitext(name)[0] not in ("index", "README"), name)))


def _pieces(pages: int) -> int:
    return min(worker.MAX_PIECES, -(-pages // PAGES_PER_PIECE)) if pages else 0


def _piece(number: int, pages: int) -> range:
    """The pages of piece ``number``: consecutive, as even as the number of pieces allows."""
    count = _pieces(pages)
    return range(number * pages // count, (number + 1) * pages // count)


def _search_index(config: MkDocsConfig) -> Any:
    plugin = config.plugins.get("material/search")
    return getattr(plugin, "search_index", None) if plugin is not None else None


def _anchor_links(links: dict[Any, dict[str, str]] | None) -> dict[str, dict[str, str]] | None:
    """Page.links_to_anchors with each target file as its source path (files do not cross processes)."""
    return None if links is None else {file.src_uri: anchors for file, anchors in links.items()}


def _missing(uri: str) -> Any:
    raise RuntimeError(f"the other process linked to {uri}, which is not among this build's files")
