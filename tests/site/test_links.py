"""Every link of the built example site leads somewhere: each relative ``href`` and ``src`` of each built
page names a file of the site, and its ``#fragment`` an element of that page.

MkDocs checks the links of Markdown pages, but not those of the generated HTML blocks
(`sopdoc.site.rawhtml`), written as final URLs by `sopdoc.site.rawhtml.href`: this test is their check.
Addresses of other hosts, ``mailto:`` and ``data:`` are out of scope (`test_build` checks that no page
loads anything from another host), and so are root-absolute paths, which only the 404 page uses.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sopdoc.repository import load_repository
from sopdoc.site.build import build_site
from tests.conftest import ROOT, TODAY


class _Page(HTMLParser):
    """The addresses (``href``, ``src``) and the element ids of one HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.addresses: list[str] = []
        self.ids: set[str] = set()
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.addresses.append(value)
            elif name in ("id", "name") and value:
                self.ids.add(value)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example with its git history (earlier revisions included), built once."""
    output = tmp_path_factory.mktemp("links") / "site"
    build_site(ROOT, load_repository(ROOT), dt.date.fromisoformat(TODAY), output)
    return output


def _is_local(address: str) -> bool:
    parts = urlsplit(address)
    return not parts.scheme and not parts.netloc and not address.startswith("/")


def broken_links(site: Path) -> tuple[int, list[str]]:
    """(links checked, ``page: address`` of each one that leads nowhere)."""
    pages: dict[Path, _Page] = {}

    def parsed(path: Path) -> _Page:
        if path not in pages:
            pages[path] = _Page(path.read_text(encoding="utf-8"))
        return pages[path]

    checked = 0
    broken = []
    for path in sorted(site.rglob("*.html")):
        for address in parsed(path).addresses:
            if not _is_local(address):
                continue
            checked += 1
            parts = urlsplit(address)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                broken.append(f"{path.relative_to(site).as_posix()}: {address}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parsed(target).ids:
                broken.append(f"{path.relative_to(site).as_posix()}: {address} (no such anchor)")
    return checked, broken


def test_every_relative_link_resolves(site: Path) -> None:
    checked, broken = broken_links(site)
    assert broken == []
    assert checked > 1000  # every page, and the thousands of links of the generated tables


def test_the_generated_tables_link_across_the_site(site: Path) -> None:
    """Links written in the HTML blocks, from pages at each depth, are among those checked."""
    plan = _Page((site / "plans" / "2026-11" / "index.html").read_text(encoding="utf-8")).addresses
    assert "../../indicators/#forecast-accuracy" in plan
    assert any(address.startswith("../../procedures/PRO-") for address in plan)
    assert "2026-11/" in _Page((site / "plans" / "index.html").read_text(encoding="utf-8")).addresses
    role = _Page((site / "roles" / "training-matrix" / "index.html").read_text(encoding="utf-8")).addresses
    assert any(address.startswith("../../procedures/PRO-") for address in role)
    home = _Page((site / "index.html").read_text(encoding="utf-8")).addresses
    assert any(address.startswith("procedures/PRO-") for address in home)


def test_a_broken_link_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">X</h2><a href="#x">ok</a><a href="../b/">gone</a>'
                                               '<a href="./#y">no anchor</a><img src="../outside.png">'
                                               '<a href="https://example.org/">elsewhere</a><a href="mailto:a@b">m</a>',
                                               encoding="utf-8")
    (tmp_path / "outside.png").write_text("", encoding="utf-8")
    assert broken_links(tmp_path / "a") == (4, ["index.html: ../b/", "index.html: ./#y (no such anchor)",
                                                "index.html: ../outside.png"])
