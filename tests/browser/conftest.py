"""Browser tests: the built site in real headless Chromium (Debian's), driven by Playwright.

The content is the bundled example, copied into a real git repository where PRO-PIC-002 has two
committed revisions and PRO-PIC-001 carries injected HTML that must not run. The site is served
by a local ``http.server`` thread on 127.0.0.1; every request the browser makes is routed, and
any that would leave 127.0.0.1 is recorded and refused. One browser per test module.

Chromium is never downloaded: the tests fail, saying how to install Debian's package, when
``/usr/bin/chromium`` is missing.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import TODAY, copy_example, run_sopdoc
from tests.gitrepo import GitRepo

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
# What Chromium needs on these machines: no sandbox as root, no GPU, and no background connections
# (the network is closed: they would be refused, many at a time).
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

REVISED = "procedures/demand/PRO-PIC-002.md"
INJECTED = "procedures/demand/PRO-PIC-001.md"
# PRO-PIC-002: the sentence revision 4 introduced, and the one revision 3 had in its place
NEW_SENTENCE = "Depuis la révision 4, une correction sans justification écrite n'est pas examinée."
OLD_SENTENCE = "Les corrections sont présentées oralement en séance par les chargés d'affaires."
REVISION_4_CHANGE = """\
  - revision: 4
    date: 2026-03-02
    summary: Ajout de la justification obligatoire des corrections de prévision
"""
UNSAFE_SECTION = """

## Essai de contenu actif

<script>window.__pwned = 1</script>

<img src="absent.png" onerror="window.__pwned = 2">

[Ouvrir](javascript:window.__pwned=3)
"""
REVISION_3_DATE = "2025-09-01T09:00:00+02:00"
REVISION_4_DATE = "2026-03-02T09:00:00+01:00"


@dataclass(frozen=True)
class Example:
    """The example content repository under git, and its two commits."""

    root: Path
    git: GitRepo
    revision_3_commit: str
    revision_4_commit: str


@dataclass
class Visit:
    """A browser page, with every request refused for leaving 127.0.0.1 and every script error."""

    page: Page
    base_url: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, f"{path}: {response.status if response else 'no response'}"


def revision_3_text(current: str) -> str:
    """PRO-PIC-002 as revision 3 was: no revision-4 entry, an earlier sentence, an earlier date."""
    assert NEW_SENTENCE in current and REVISION_4_CHANGE in current
    return (current.replace("revision: 4\n", "revision: 3\n", 1)
            .replace("effective: 2026-03-02", "effective: 2025-09-01", 1)
            .replace("last_review: 2026-03-02", "last_review: 2025-09-01", 1)
            .replace(REVISION_4_CHANGE, "", 1)
            .replace(NEW_SENTENCE, OLD_SENTENCE, 1))


def make_example(root: Path) -> Example:
    """Copy the bundled example into ``root`` and commit it twice: PRO-PIC-002 at revision 3, then 4."""
    copy_example(root)
    injected = root / INJECTED
    injected.write_text(injected.read_text(encoding="utf-8") + UNSAFE_SECTION, encoding="utf-8")
    git = GitRepo.create(root)
    current = (root / REVISED).read_text(encoding="utf-8")
    git.write(REVISED, revision_3_text(current))
    first = git.commit("Exemple : procédures, plans et formations", REVISION_3_DATE)
    git.write(REVISED, current)
    second = git.commit("PRO-PIC-002 révision 4 : justification des corrections", REVISION_4_DATE)
    return Example(root, git, first, second)


@pytest.fixture(scope="package")
def example(tmp_path_factory: pytest.TempPathFactory) -> Example:
    return make_example(tmp_path_factory.mktemp("browser") / "example")


@pytest.fixture(scope="package")
def site(example: Example, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("browser-site") / "site"
    result = run_sopdoc(example.root, "build", "--today", TODAY, "--output", str(output))
    assert result.exit_code == 0, result.stderr
    return output


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # the browser may drop a request it no longer needs
            super().handle_error(request, client_address)


def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) until the generator is closed; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="package")
def base_url(site: Path) -> Iterator[str]:
    """The site served while the browser tests run; stopped after them, so that the rest of the suite
    runs without its thread (`sopdoc.worker.available` is false beside any other thread)."""
    yield from serve(site)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, shared by the tests of a module."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests run in Debian's Chromium; install it with "
                    "`apt-get install chromium` (as root; .ci/run does it), never a downloaded browser",
                    pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is missing: install the test extra, `pip install -e '.[test]'` (make test does)",
                    pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


def open_visit(browser: Browser, base_url: str) -> Iterator[Visit]:
    """A fresh browser context whose requests outside 127.0.0.1 are refused and recorded."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    visit = Visit(page, base_url)

    def route(request_route: Route) -> None:
        url = request_route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            visit.outside.append(url)
            request_route.abort()
        else:
            request_route.continue_()

    context.route("**/*", route)
    page.on("pageerror", lambda error: visit.errors.append(f"{page.url}: {error}"))
    try:
        yield visit
    finally:
        context.close()


@pytest.fixture
def visit(browser: Browser, base_url: str) -> Iterator[Visit]:
    yield from open_visit(browser, base_url)
