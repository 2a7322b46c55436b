"""The MkDocs plugin: a thin adapter so that `mkdocs build` and `mkdocs serve` at the repository
root show the generated site, with live reload while procedures and plans are edited. Also `EditLinks`,
which `sopdoc build` adds to its own configuration.

All the work is in `sopdoc.site.generate`; this plugin only replaces MkDocs' files with the
generated ones, adds the site's assets and settings, and watches the content folders. Engines
that ignore MkDocs plugins build the tree that `sopdoc build --tree DIR` writes instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from sopdoc.errors import UsageError
from sopdoc.repository import find_root, load_repository
from sopdoc.site.build import edit_uri, markdown_extensions, mkdocs_settings, read_user_config, site_context
from sopdoc.site.generate import edit_sources, generate_site

WATCHED = ("sopdoc.yaml", "training.yaml", "procedures", "plans")


class NoOptions(Config):
    """The options of a plugin that has none."""


class EditLinks(BasePlugin[NoOptions]):
    """Points the theme's "edit this page" button of each page at the repository file it shows
    (``edit_uris``: page → path in the repository, `sopdoc.site.generate.edit_sources`); a page without one
    gets no button, never a link to a file of the generated tree, which the repository does not hold.
    It acts on the list of files, before any page is read (`sopdoc.site.shared_build` shares it)."""

    NAME = "sopdoc/edit-links"

    def __init__(self, edit_uris: Mapping[str, str]) -> None:
        super().__init__()
        self.edit_uris = edit_uris

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        point_edit_buttons(files.documentation_pages(), self.edit_uris)
        return files


def point_edit_buttons(pages: Iterable[File], edit_uris: Mapping[str, str]) -> None:
    """Each page's "edit this page" target: the repository file it shows, or none (no button)."""
    for file in pages:
        file.edit_uri = edit_uris.get(file.src_uri)


class SopdocPluginConfig(Config):
    root = c.Optional(c.Type(str))  # the content repository (default: the folder of mkdocs.yml)
    today = c.Optional(c.Type(str))  # reference date YYYY-MM-DD (default: the system date)


class SopdocPlugin(BasePlugin[SopdocPluginConfig]):
    def __init__(self) -> None:
        self._files: dict[str, str | bytes] = {}
        self._edit_uris: dict[str, str] = {}
        self._root: Path | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        try:
            root = find_root(Path(self.config.root or Path(config.config_file_path or ".").parent))
            today = dt.date.fromisoformat(self.config.today) if self.config.today else dt.date.today()
            user = read_user_config(root)
            ctx = site_context(root, load_repository(root), today, user)
        except (UsageError, ValueError) as error:
            raise PluginError(f"sopdoc: {getattr(error, 'message', error)}") from None
        self._root = root
        self._files = generate_site(ctx)
        self._edit_uris = edit_sources(ctx)
        if user.get("repo_url") and "edit_uri" not in user and "edit_uri_template" not in user:
            config.edit_uri = edit_uri(user)  # not MkDocs' default, which assumes a docs/ folder
        settings = mkdocs_settings(ctx.organisation, {})
        config.theme["font"] = False
        for name in ("extra_css", "extra_javascript"):
            for asset in settings[name]:
                if asset not in config[name]:
                    config[name].append(asset)
        for extension in markdown_extensions({}):  # what the generated pages use, the raw HTML blocks included
            name, options = next(iter(extension.items())) if isinstance(extension, dict) else (extension, {})
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
            if options and name not in config.mdx_configs:
                config.mdx_configs[name] = options
        config.use_directory_urls = True  # the links inside the generated HTML blocks are written for it
        if not config.nav:
            config.nav = settings["nav"]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The generated pages and the theme's own files: whatever sits in docs_dir is not part of the site."""
        docs = Path(config.docs_dir).resolve()
        theme = [file for file in files
                 if file.abs_src_path and not Path(file.abs_src_path).resolve().is_relative_to(docs)]
        generated = [File.generated(config, path, content=content) for path, content in self._files.items()]
        point_edit_buttons(generated, self._edit_uris)
        return Files([*theme, *generated])

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self._root is not None:
            for name in WATCHED:
                if (self._root / name).exists():
                    server.watch(str(self._root / name))
        return server
