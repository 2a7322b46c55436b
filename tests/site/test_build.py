"""`sopdoc build` on the bundled example, the tree any MkDocs builds, and `mkdocs build` with the plugin.

The built site must work on an intranet with no internet access: no page may load anything from
another host, and the search index must be French.
"""

from __future__ import annotations

import gc
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from sopdoc import worker
from sopdoc.site import build, indicators_page
from tests.conftest import EXAMPLE, ROOT, TODAY, run_sopdoc
from tests.conftest import copy_example as copy_files

# Identifiers that look like addresses but are never fetched: XML namespaces and vocabularies.
IDENTIFIERS = re.compile(r"https?://(www\.w3\.org/|www\.sitemaps\.org/schemas/|schema\.org\b|purl\.org/dc/|"
                         r"ogp\.me/ns)")
# Addresses inside Material's own scripts on code paths a sopdoc site never takes (each named here, so
# that a new one in an upgrade of the theme shows up); the browser tests check that nothing is fetched.
THEME_DORMANT = {
    "https://unpkg.com/resize-observer-polyfill": "polyfill for browsers without ResizeObserver (all have it)",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "only for pages with Mermaid diagrams (none)",
    "https://api.github.com/repos/": "repository facts, only when repo_url is a GitHub project",
    "https://api.github.com/users/": "repository facts, only when repo_url is a GitHub user",
    "https://${e}/api/v4/projects/": "repository facts, only when repo_url is a GitLab project",
    "https://bit.ly/2s3ChXG": "a link in a console message of the search worker, never fetched",
}
URL = re.compile(r"""https?://[^\s"'`<>)\\]+""")
# attributes whose value is an address the browser loads or follows
URL_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "data", "poster", "background", "cite",
                  "xlink:href", "manifest", "icon", "ping"}


def copy_example(target: Path) -> Path:
    """The bundled example (and its mkdocs.yml when there is one) in a folder of its own."""
    return copy_files(target, (*EXAMPLE, "mkdocs.yml"))


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes()
            for path in sorted(folder.rglob("*"))}


def mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Plain MkDocs, as a separate program (the load cache stays in the tests' own folder)."""
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=cwd, capture_output=True, text=True,
                          check=False, env={**os.environ, "NO_COLOR": "1"})


def plugin_names(config: dict[str, object]) -> list[str]:
    plugins = config.get("plugins") or []
    assert isinstance(plugins, list | dict)
    return [name if isinstance(name, str) else next(iter(name)) for name in plugins]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("build") / "example")


@pytest.fixture(scope="module")
def built(example: Path) -> tuple[Path, str]:
    """``sopdoc build`` run once at the example's root: the site folder and what the command said."""
    result = run_sopdoc(example, "build", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    return example / "site", result.stderr


# -- sopdoc build ------------------------------------------------------------------------------------------------


def test_build_writes_the_site_into_site(built: tuple[Path, str]) -> None:
    site, said = built
    pages = sorted(path.relative_to(site).parent.as_posix() for path in site.rglob("index.html"))
    assert said.splitlines()[-1] == f"built {len(pages)} pages into {site}"
    for page in (".", "procedures", "procedures/PRO-PIC-002", "procedures/PRO-QUA-006", "plans", "roles"):
        assert page in pages
    assert (site / ".sopdoc-site").is_file()
    assert (site / "404.html").is_file()
    assert (site / "sitemap.xml").is_file()


def test_the_search_index_is_french(built: tuple[Path, str]) -> None:
    index = json.loads((built[0] / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["fr"]
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert titles["procedures/PRO-PIC-002/"] == "PRO-PIC-002 — Revue de la demande"
    assert '"search.result.other": "# documents trouv\\u00e9s"' in (built[0] / "index.html").read_text(
        encoding="utf-8")


class _Addresses(html.parser.HTMLParser):
    """Every address in a page's attributes, inline styles and inline scripts (``links``: hyperlinks too)."""

    def __init__(self, links: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._inline = False
        self._links = links

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inline = tag in ("script", "style")
        for name, value in attrs:
            if value is None or (tag == "a" and name == "href" and not self._links):
                continue
            if name in URL_ATTRIBUTES or name == "style" or (name == "content" and "url=" in value.lower()):
                self.found.extend(URL.findall(value))

    def handle_endtag(self, tag: str) -> None:
        self._inline = False

    def handle_data(self, data: str) -> None:
        if self._inline:
            self.found.extend(URL.findall(data))


def _without_comments(code: str) -> str:
    """CSS or JavaScript without its comments (licence headers and source notes name many sites) and
    without inline ``data:`` images (icons whose SVG carries its own licence comment)."""
    code = re.sub(r"/\*.*?\*/", "", code, flags=re.DOTALL)
    code = re.sub(r"""url\(\s*(["'])data:.*?\1\s*\)""", "url()", code, flags=re.DOTALL)
    return re.sub(r"(?m)^\s*//.*$", "", code)


def outside_addresses(site: Path, *, links: bool = True) -> list[str]:
    """``file: address`` for every http(s) address in the site's pages, styles and scripts that is not an
    identifier or a known dormant path of the theme; ``links=False`` leaves out hyperlinks (``<a href>``),
    which load nothing."""
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            parser = _Addresses(links)
            parser.feed(path.read_text(encoding="utf-8"))
            addresses = parser.found
        elif path.suffix in (".css", ".js"):
            addresses = URL.findall(_without_comments(path.read_text(encoding="utf-8")))
        else:
            continue
        theme = relative.startswith("assets/javascripts/")
        found.extend(f"{relative}: {address}" for address in addresses if not IDENTIFIERS.match(address)
                     and not (theme and any(address.startswith(dormant) for dormant in THEME_DORMANT)))
    return found


def test_no_page_references_another_host(built: tuple[Path, str]) -> None:
    assert outside_addresses(built[0]) == []


def test_the_scan_sees_what_a_page_would_load(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<link href="https://fonts.googleapis.com/css?family=Roboto"><svg xmlns="http://www.w3.org/2000/svg"></svg>'
        '<a href="https://squidfunk.github.io/mkdocs-material/">Material</a>'
        '<div style="background: url(http://cdn.example/x.png)"></div>', encoding="utf-8")
    icon = """.i{background:url("data:image/svg+xml,<svg><!-- https://icons.example --></svg>")}"""
    (tmp_path / "a.css").write_text(f"/* http://licence.example */ @import url('https://cdn.example/a.css');{icon}",
                                    encoding="utf-8")
    assert outside_addresses(tmp_path) == [
        "a.css: https://cdn.example/a.css",
        "index.html: https://fonts.googleapis.com/css?family=Roboto",
        "index.html: https://squidfunk.github.io/mkdocs-material/",
        "index.html: http://cdn.example/x.png",
    ]
    assert "index.html: https://squidfunk.github.io/mkdocs-material/" not in outside_addresses(tmp_path, links=False)


def test_refuses_an_output_folder_it_did_not_build(example: Path, tmp_path: Path) -> None:
    output = tmp_path / "documents"
    output.mkdir()
    (output / "rapport.pdf").write_bytes(b"%PDF-1.7")
    (output / "notes").mkdir()
    (output / "notes" / "a.txt").write_text("à garder", encoding="utf-8")
    before = snapshot(tmp_path)

    result = run_sopdoc(example, "build", "--today", TODAY, "--output", str(output))

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"Error: {output} exists and was not built by sopdoc; remove it or choose another "
                             "output folder\n")
    assert snapshot(tmp_path) == before


def test_replaces_its_own_output_atomically(example: Path, built: tuple[Path, str], tmp_path: Path) -> None:
    output = tmp_path / "site"
    shutil.copytree(built[0], output)  # a site sopdoc built: it carries the marker
    (output / "stale.html").write_text("old page", encoding="utf-8")
    first = output.stat().st_ino

    result = run_sopdoc(example, "build", "--today", TODAY, "--output", str(output))

    assert result.exit_code == 0, result.stderr
    assert not (output / "stale.html").exists()
    assert output.stat().st_ino != first  # a new folder renamed into place, not the old one emptied
    assert (output / ".sopdoc-site").is_file()
    assert [path.name for path in tmp_path.iterdir()] == ["site"]  # no scratch folder left behind


def test_a_failed_build_leaves_the_previous_site(built: tuple[Path, str], tmp_path: Path) -> None:
    output = tmp_path / "site"
    shutil.copytree(built[0], output)
    before = snapshot(output)
    broken = copy_example(tmp_path / "broken")
    page = broken / "procedures" / "demand" / "PRO-PIC-002.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nVoir [la page absente](absente.md).\n", encoding="utf-8")

    result = run_sopdoc(broken, "build", "--today", TODAY, "--strict", "--output", str(output))

    assert result.exit_code == 1  # MkDocs' "Aborted with 1 warnings in strict mode!"
    assert snapshot(output) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["broken", "site"]


# -- the tree, built by plain MkDocs -----------------------------------------------------------------------------


def test_the_written_tree_builds_with_plain_mkdocs_without_the_plugin(example: Path, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    result = run_sopdoc(example, "build", "--today", TODAY, "--tree", str(tree))
    assert result.exit_code == 0, result.stderr
    config = yaml.safe_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "sopdoc" not in plugin_names(config)
    assert config["docs_dir"] == "docs"

    built = mkdocs("build", "--strict", "-f", str(tree / "mkdocs.yml"), "-d", str(tmp_path / "out"), cwd=tmp_path)

    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "procedures" / "PRO-PIC-002" / "index.html").is_file()
    assert not (tmp_path / "out" / "procedures" / "PRO-PIC-002" / "r3.html").exists()  # no git history here


# -- mkdocs build at the root, with the plugin --------------------------------------------------------------------


def test_mkdocs_build_at_the_root_uses_the_plugin(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    config_file = root / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) if config_file.exists() else None
    if not config or "sopdoc" not in plugin_names(config):
        # the repository's own mkdocs.yml does not use the plugin: the smallest one that does
        config_file.write_text("site_name: Mécanique Précise du Jura\ndocs_dir: procedures\n"
                               "theme: {name: material, language: fr, font: false}\nplugins: [sopdoc, search]\n",
                               encoding="utf-8")

    built = mkdocs("build", "--strict", cwd=root)

    assert built.returncode == 0, built.stderr
    site = root / "site"
    assert (site / "procedures" / "PRO-PIC-002" / "index.html").is_file()
    assert "PRO-PIC-002 — Revue de la demande" in (site / "procedures" / "PRO-PIC-002" / "index.html").read_text(
        encoding="utf-8")
    assert json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["lang"] == ["fr"]
    # only generated pages: the procedures' source files are not published as they are
    assert not list(site.rglob("*.md"))
    # the theme's own files are there, and the generated pages' extensions are on (anchors)
    assert list((site / "assets" / "stylesheets").glob("main.*.min.css"))
    assert list((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    plan = (site / "plans" / "2026-11" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="capacity">' in plan and "{#capacity}" not in plan
    # no font, script, style or image from another host (sopdoc build also leaves out links to the internet)
    assert outside_addresses(site, links=False) == []


# -- the theme's "edit this page" button ---------------------------------------------------------------------------

EDIT_BUTTON = re.compile(r'<a href="([^"]*)" title="[^"]*" class="md-content__button md-icon" rel="edit">')
FORGE = "https://github.com/mpj/procedures"


def with_edit_buttons(root: Path) -> Path:
    """The example with a forge (a GitHub project, for which MkDocs would assume ``edit/master/docs/``) and
    Material's edit button turned on."""
    (root / "mkdocs.yml").write_text(
        f"site_name: Mécanique Précise du Jura\nrepo_url: {FORGE}\ndocs_dir: procedures\n"
        "theme: {name: material, language: fr, font: false, features: [content.action.edit]}\n"
        "plugins: [sopdoc, search]\n", encoding="utf-8")
    return root


def edit_buttons(site: Path) -> dict[str, list[str]]:
    pages = ["procedures/PRO-DEM-001", "plans/2025-01", "procedures", "roles", "roles/demand-planner", "indicators", ""]
    return {page: EDIT_BUTTON.findall((site / page / "index.html").read_text(encoding="utf-8")) for page in pages}


# a procedure's page and a plan's page edit their source files; pages that gather many files have no button
EXPECTED_EDIT_BUTTONS = {
    "procedures/PRO-DEM-001": [f"{FORGE}/edit/main/procedures/demand/PRO-DEM-001.md"],
    "plans/2025-01": [f"{FORGE}/edit/main/plans/2025-01.yaml"],
    "procedures": [], "roles": [], "roles/demand-planner": [], "indicators": [], "": []}


@pytest.mark.parametrize("shared", [True, False])
def test_edit_buttons_open_the_file_a_page_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   shared: bool) -> None:
    root = with_edit_buttons(copy_example(tmp_path / "example"))
    if not shared:  # MkDocs' own build, as with a plugin sopdoc does not know
        monkeypatch.setattr(worker, "available", lambda: False)
    result = run_sopdoc(root, "build", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert edit_buttons(root / "site") == EXPECTED_EDIT_BUTTONS


def test_edit_buttons_with_the_plugin_at_the_root(tmp_path: Path) -> None:
    root = with_edit_buttons(copy_example(tmp_path / "example"))
    built = mkdocs("build", "--strict", cwd=root)
    assert built.returncode == 0, built.stderr
    assert edit_buttons(root / "site") == EXPECTED_EDIT_BUTTONS


def test_the_written_tree_has_no_edit_buttons(tmp_path: Path) -> None:
    # its pages are files of the tree, not of the repository: no button rather than a link to nothing
    root = with_edit_buttons(copy_example(tmp_path / "example"))
    result = run_sopdoc(root, "build", "--today", TODAY, "--tree", str(tmp_path / "tree"))
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load((tmp_path / "tree" / "mkdocs.yml").read_text(encoding="utf-8"))["edit_uri"] == ""
    built = mkdocs("build", "--strict", "-f", str(tmp_path / "tree" / "mkdocs.yml"), "-d", str(tmp_path / "out"),
                   cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert edit_buttons(tmp_path / "out") == dict.fromkeys(EXPECTED_EDIT_BUTTONS, [])


def test_edit_uri_follows_the_users_settings() -> None:
    assert build.edit_uri({}) is None
    assert build.edit_uri({"repo_url": FORGE}) == "edit/main/"
    assert build.edit_uri({"repo_url": "https://forge.example.fr/x", "edit_uri": "-/edit/dev/"}) == "-/edit/dev/"


def test_the_heap_is_frozen_and_collected_less_often_while_mkdocs_builds() -> None:
    before = gc.get_threshold()
    with build._frozen_heap():
        assert gc.get_threshold() == build.GC_THRESHOLD == (10_000, 20, 100)
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_cycles_are_computed_once_for_the_pages_and_the_forked_static_files(
        example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = tmp_path / "calls"  # a file: the forked process's calls are seen here too
    compute = indicators_page.compute_cycles

    def counted(*args: Any) -> Any:
        with calls.open("a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()}\n")
        return compute(*args)

    monkeypatch.setattr(indicators_page, "compute_cycles", counted)
    monkeypatch.setattr(build, "_can_fork", lambda: True)
    assert run_sopdoc(example, "build", "--today", TODAY, "--output", str(tmp_path / "site")).exit_code == 0
    assert calls.read_text(encoding="utf-8") == f"{os.getpid()}\n"
    assert list((tmp_path / "site" / "plans" / "2026-11").glob("*.svg"))  # the charts, drawn from the cycles
