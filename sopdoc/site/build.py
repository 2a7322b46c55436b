"""The edges of the site: gather git history, write the generated tree, configure and run MkDocs,
and swap the built site into place.

`sopdoc build` never relies on the MkDocs plugin: it writes the tree to a temporary folder and
builds it with a configuration derived from the repository's ``mkdocs.yml`` (or a built-in one).
The output folder is replaced only if sopdoc made it (it carries a marker file), atomically.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sopdoc.config import Organisation
from sopdoc.errors import UsageError
from sopdoc.files import exists, replace_folder, scratch_folder, write_atomic
from sopdoc.gitio import GitRepository
from sopdoc.history import GitPass, assemble, read_git
from sopdoc.labels import Labels
from sopdoc.repository import Repository, procedure_files
from sopdoc.site import indicators_page
from sopdoc.site.context import SiteContext, SiteSettings
from sopdoc.site.generate import edit_sources, generate_pages, generate_site, generate_static
from sopdoc.site.rawhtml import NAME as RAW_HTML
from sopdoc import worker

MARKER = ".sopdoc-site"  # in a built site: the folder is sopdoc's to replace
MKDOCS_FILE = "mkdocs.yml"


def site_context(root: Path, repo: Repository, today: dt.date, user_config: dict[str, Any],
                 git_pass: GitPass | None = None) -> SiteContext:
    """Everything the pages need, git history and the earlier revisions' texts included. ``git_pass``:
    `read_git`'s pass with its blobs kept, done while the repository loaded (`read_site_git`); without
    it, the pass is done here."""
    if repo.organisation is None:
        raise UsageError("sopdoc.yaml cannot be read; run `sopdoc validate` and fix it first")
    history = None
    old_texts: dict[tuple[str, int], str] = {}
    prefix = ""
    try:
        gitrepo: GitRepository | None = GitRepository(root)
    except UsageError:
        gitrepo = None  # not under git: a site without revision history
    if gitrepo is not None:
        prefix = f"{gitrepo.prefix}/" if gitrepo.prefix else ""
        if git_pass is None:
            git_pass = read_git(gitrepo, [procedure.path for procedure in repo.procedures], keep_blobs=True)
        history = assemble(git_pass, repo.procedures)
        wanted = [(path, revision.number, revision.blob)
                  for path, item in history.by_path.items() for revision in item.revisions
                  if revision.number is not None]
        missing = [blob_id for *_, blob_id in wanted if blob_id not in git_pass.blobs]
        blobs = {**git_pass.blobs, **dict(zip(missing, gitrepo.read_blobs(missing), strict=True))}
        for path, number, blob_id in wanted:
            if (blob := blobs.get(blob_id)) is not None:
                old_texts[(path, number)] = blob.decode("utf-8", "replace")
    for procedure in repo.procedures:  # the working tree is the current revision
        if procedure.revision is not None:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                old_texts[(procedure.path, procedure.revision)] = (root / procedure.path).read_text(encoding="utf-8")
    settings = SiteSettings(today=today, repo_url=user_config.get("repo_url"), edit_uri=edit_uri(user_config),
                            content_prefix=prefix, site_url=user_config.get("site_url"))
    return SiteContext(repo, repo.organisation, settings, history, old_texts)


def edit_uri(user: dict[str, Any]) -> str | None:
    """Where the forge edits a file, after ``repo_url``: the user's ``edit_uri``, or ``edit/main/`` (MkDocs'
    own default, ``edit/master/docs/`` on GitHub, assumes a ``docs`` folder this repository does not have)."""
    if not user.get("repo_url"):
        return None
    value = user.get("edit_uri", "edit/main/")
    return value if isinstance(value, str) else None


def read_site_git(root: Path) -> GitPass | None:
    """The site's one pass over git (every procedure file's history, the blobs kept for the earlier
    revisions), or None outside a git repository. `sopdoc build` runs it beside the loading
    (`sopdoc.repository.load_beside`)."""
    try:
        gitrepo = GitRepository(root)
    except UsageError:
        return None
    return read_git(gitrepo, procedure_files(root), keep_blobs=True)


def write_tree(files: dict[str, str | bytes], docs: Path) -> None:
    write_files(files.items(), docs)


def read_user_config(root: Path) -> dict[str, Any]:
    """The repository's mkdocs.yml as a mapping (MkDocs' own YAML loader: !ENV, !relative…)."""
    path = root / MKDOCS_FILE
    if not path.exists():
        return {}
    from mkdocs.utils.yaml import yaml_load

    with path.open("rb") as stream:
        loaded = yaml_load(stream)
    return loaded if isinstance(loaded, dict) else {}


def markdown_extensions(user: dict[str, Any], *, raw_html: bool = True) -> list[Any]:
    """The user's Markdown extensions (or sopdoc's), plus `sopdoc.site.rawhtml` unless ``raw_html`` is
    false: the tree renders the same without it, only slower."""
    extensions = list(user.get("markdown_extensions") or [
        "tables", "fenced_code", "admonition", "attr_list", "def_list", {"toc": {"permalink": True}}])
    if raw_html and not any(extension == RAW_HTML or (isinstance(extension, dict) and RAW_HTML in extension)
                            for extension in extensions):
        extensions.append(RAW_HTML)
    return extensions


def mkdocs_settings(organisation: Organisation, user: dict[str, Any], *, versioned: bool = False,
                    raw_html: bool = True) -> dict[str, Any]:
    """The configuration of the generated tree: the user's mkdocs.yml, made intranet-safe.

    ``versioned``: the site is deployed as one version among others (`sopdoc publish`), so Material
    shows its version selector, fed by the ``versions.json`` beside the version folders. ``raw_html``:
    see `markdown_extensions` (false for the standalone tree, which must build without sopdoc)."""
    language = organisation.language
    labels = Labels(language)
    theme = dict(user.get("theme") or {}) if isinstance(user.get("theme"), dict) else {}
    theme.setdefault("name", "material")
    theme.setdefault("language", language)
    theme["font"] = False  # no Google Fonts: the intranet has no internet
    features = list(theme.get("features") or [])
    for feature in ("navigation.sections", "navigation.indexes", "navigation.prune", "navigation.top"):
        if feature not in features:
            features.append(feature)
    theme["features"] = features
    plugins: list[Any] = [plugin for plugin in user.get("plugins") or ["search"]
                          if plugin != "sopdoc" and not (isinstance(plugin, dict) and "sopdoc" in plugin)]
    plugins = [plugin for plugin in plugins if plugin not in ("social", "privacy") and not (
        isinstance(plugin, dict) and ({"social", "privacy"} & plugin.keys()))]
    if not any(plugin == "search" or (isinstance(plugin, dict) and "search" in plugin) for plugin in plugins):
        plugins.append("search")
    settings = {key: value for key, value in user.items() if key not in ("docs_dir", "site_dir", "plugins", "INHERIT")}
    if user.get("repo_url") and "edit_uri_template" not in user:
        settings["edit_uri"] = edit_uri(user)  # the same as sopdoc's "propose a change" link
    extra = dict(user.get("extra") or {}) if isinstance(user.get("extra"), dict) else {}
    extra.setdefault("generator", False)  # no "Made with Material" link to the internet in the footer
    if versioned:
        version = dict(extra.get("version") or {}) if isinstance(extra.get("version"), dict) else {}
        extra["version"] = {**version, "provider": "mike", "alias": version.get("alias", True)}
    settings.update({
        "site_name": user.get("site_name") or organisation.name,
        "theme": theme,
        "plugins": plugins,
        "use_directory_urls": True,
        "extra_css": [*(user.get("extra_css") or []), "assets/sopdoc.css"],
        "extra_javascript": [*(user.get("extra_javascript") or []), "assets/sopdoc.js"],
        "markdown_extensions": markdown_extensions(user, raw_html=raw_html),
        "nav": user.get("nav") or [
            {labels("home"): "index.md"},
            {labels("procedures_title"): "procedures/index.md"},
            {labels("roles_title"): "roles/index.md"},
            {labels("plans_title"): "plans/index.md"},
            {labels("indicators_title"): "indicators.md"},
            {labels("calendar_title"): "calendar.md"},
        ],
        "validation": {"nav": {"omitted_files": "ignore"}, "links": {"not_found": "warn"}},
        "extra": extra,
    })
    return settings


def build_site(root: Path, repo: Repository, today: dt.date, output: Path, *, strict: bool = False,
               versioned: bool = False, git_pass: GitPass | None = None) -> int:
    """Generate, build with MkDocs, and put the site at ``output``; returns the number of pages.
    ``versioned``: see `mkdocs_settings` (`sopdoc publish`); ``git_pass``: see `site_context`."""
    _check_output(root, output)
    user = read_user_config(root)
    ctx = site_context(root, repo, today, user, git_pass)
    with scratch_folder(output.parent, "build") as work:  # beside the output: the site is renamed into place
        indicators_page.cycles(ctx)  # the pages and the plan charts need them: computed once, before the fork
        static = _StaticFiles(ctx, work, fork=_can_fork())
        try:
            files = generate_pages(ctx)
            docs = work / "docs"
            docs.mkdir(exist_ok=True)  # the pages go to MkDocs in memory; written here only for MkDocs' own build
            config = _load_config(mkdocs_settings(ctx.organisation, user, versioned=versioned), docs,
                                  work / "site", strict)
            from sopdoc.site import shared_build

            with _frozen_heap():
                shared_build.build(config, files, lambda: write_tree(files, docs), edit_sources(ctx))
            static.finish(work / "site")
        finally:
            static.stop()
        (work / "site" / MARKER).write_text("built by sopdoc; `sopdoc build` replaces this folder\n", encoding="utf-8")
        _swap(work / "site", output, work / "previous")
    return sum(1 for path in files if path.endswith(".md"))


class _StaticFiles:
    """The static part of the tree (`generate_static`), written while the pages are generated and MkDocs
    renders them: by a forked process into a folder of its own, moved into the built site afterwards; or,
    where fork is not available, written here and now into the docs folder, for MkDocs to copy."""

    def __init__(self, ctx: SiteContext, work: Path, *, fork: bool) -> None:
        """``work``: the scratch folder holding ``docs``; the forked process writes into ``work/static``."""
        self.folder = work / "static"
        self.process: multiprocessing.process.BaseProcess | None = None
        if fork:
            self.process = multiprocessing.get_context("fork").Process(
                target=write_files, args=(generate_static(ctx), self.folder), name="sopdoc-static", daemon=True)
            self.process.start()
        else:
            write_files(generate_static(ctx), work / "docs")

    def finish(self, site: Path) -> None:
        if self.process is None:
            return
        self.process.join()
        if self.process.exitcode != 0:
            raise RuntimeError(f"writing the earlier revisions failed (exit code {self.process.exitcode})")
        for folder, _, names in os.walk(self.folder):
            target = site / Path(folder).relative_to(self.folder)
            target.mkdir(parents=True, exist_ok=True)
            for name in names:
                os.replace(Path(folder) / name, target / name)

    def stop(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join()


GC_THRESHOLD = (10_000, 20, 100)  # gc.set_threshold while MkDocs builds; Python's default is (700, 10, 10)


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """What is loaded and generated lives until the end of the build: out of the cyclic garbage
    collector's scans while MkDocs renders thousands of pages (a full scan of that heap, repeated as
    MkDocs' pages accumulate, cost about a third of the Markdown time at 2,000 procedures). The
    youngest generation is also collected less often: each page's Markdown converter is garbage in
    cycles, a few thousand objects, and collecting every 700 allocations cost 0.4 s a process at that
    size (2,200 collections; 100 at `GC_THRESHOLD`)."""
    gc.collect()
    gc.freeze()
    threshold = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _can_fork() -> bool:
    """Where a forked process is safe and has a CPU of its own (`sopdoc.worker.available`)."""
    return worker.available()


def write_files(files: Iterable[tuple[str, str | bytes]], folder: Path) -> None:
    made: set[Path] = set()
    for relpath, content in files:
        target = folder / relpath
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def write_standalone_tree(root: Path, repo: Repository, today: dt.date, target: Path) -> int:
    """The generated tree and a plain mkdocs.yml in ``target``: buildable by any MkDocs-compatible engine."""
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty; choose a new folder for the tree")
    user = read_user_config(root)
    ctx = site_context(root, repo, today, user)
    files = generate_site(ctx)
    write_tree(files, target / "docs")
    import yaml

    settings = {**mkdocs_settings(ctx.organisation, user, raw_html=False), "docs_dir": "docs"}
    if settings.get("repo_url"):  # a page of this tree is not a file of the repository: no edit button
        settings["edit_uri"] = ""
        settings.pop("edit_uri_template", None)
    write_atomic(target / MKDOCS_FILE, yaml.safe_dump(settings, allow_unicode=True, sort_keys=False))
    return len(files)


def _load_config(settings: dict[str, Any], docs: Path, site: Path, strict: bool) -> Any:
    import yaml
    from mkdocs.config import load_config

    config_file = docs.parent / MKDOCS_FILE
    config_file.write_text(yaml.safe_dump({**settings, "docs_dir": str(docs), "site_dir": str(site),
                                           "strict": strict}, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    return load_config(str(config_file))


SOURCE_FOLDERS = ("procedures", "plans", "templates", "schemas", ".git")  # never an output, nor inside one


def _check_output(root: Path, output: Path) -> None:
    """The output is replaced as a whole: only a missing or empty folder, or one sopdoc built (it holds the
    marker), never the repository, its sources or a symbolic link someone made."""
    resolved = output.resolve()
    if resolved == root.resolve() or root.resolve().is_relative_to(resolved):
        raise UsageError(f"{output} holds the repository itself; choose another output folder")
    for source in SOURCE_FOLDERS:
        if resolved.is_relative_to((root / source).resolve()):
            raise UsageError(f"{output} is in the repository's {source}/ folder; choose another output folder")
    if output.is_symlink():
        raise UsageError(f"{output} is a symbolic link; give the folder it points to, {resolved}, as the output")
    if exists(output) and not output.is_dir():
        raise UsageError(f"{output} is a file; choose a folder for the site")
    if output.exists() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise UsageError(f"{output} exists and was not built by sopdoc; remove it or choose another output folder")
    output.parent.mkdir(parents=True, exist_ok=True)


def _swap(new: Path, output: Path, previous: Path) -> None:
    """Put ``new`` at ``output`` atomically (`replace_folder`); the old site goes away once the new one is there."""
    replace_folder(new, output, previous)
