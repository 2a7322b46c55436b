"""`sopdoc publish` seen in the browser: Material's version selector lists the published versions,
whether they were written into a folder (``--to``) or committed to a branch by mike."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import Visit, open_visit, serve
from tests.conftest import BASE_FILES, TODAY, run_sopdoc
from tests.gitrepo import GitRepo, git_environment

if TYPE_CHECKING:  # playwright itself is imported by the browser fixture, which says how to install it
    from playwright.sync_api import Browser

COMMITTER = ("Robot Publication", "robot@example.fr")


def publish_twice(root: Path, *target: str) -> None:
    for version in ("2026-10", "2026-11"):
        result = run_sopdoc(root, "publish", "--version", version, "--alias", "latest", "--today", TODAY, *target)
        assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two versions of a small content repository published both ways; mode → the folder a web server
    would serve. (The example's site is the subject of test_site.py; here only the versions matter.)"""
    root = tmp_path_factory.mktemp("published") / "content"
    git = GitRepo.create(root)
    for relpath, content in BASE_FILES.items():
        git.write(relpath, content)
    git.commit("Contenu", "2026-11-02T09:00:00+01:00")
    folder = tmp_path_factory.mktemp("published-folder") / "intranet"
    publish_twice(root, "--to", str(folder))
    with pytest.MonkeyPatch.context() as patch:
        for key in [key for key in os.environ if key.startswith("GIT_")]:
            patch.delenv(key)
        environment = git_environment("2026-11-25T10:00:00+01:00", COMMITTER)
        for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
                    "GIT_COMMITTER_DATE"):
            patch.setenv(key, environment[key])
        publish_twice(root)
    archive = subprocess.run(["git", "archive", "--format=tar", "gh-pages"], cwd=root, check=True,
                             capture_output=True, env=git_environment()).stdout
    branch = tmp_path_factory.mktemp("published-branch-files")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(branch, filter="data")
    return {"folder": folder, "branch": branch}


@pytest.fixture(params=["folder", "branch"])
def served(request: pytest.FixtureRequest, published: dict[str, Path], browser: Browser) -> Iterator[Visit]:
    server = serve(published[request.param])
    try:
        yield from open_visit(browser, next(server))
    finally:
        server.close()


def selector(visit: Visit) -> tuple[str, list[tuple[str, str]]]:
    """The version shown as current, and each listed version with its alias."""
    visit.page.wait_for_selector(".md-version__list .md-version__link", state="attached")
    current = visit.page.locator(".md-version__current").evaluate("button => button.firstChild.textContent")
    listed = visit.page.locator(".md-version__link").evaluate_all(
        "links => links.map(link => [link.firstChild.textContent,"
        " link.querySelector('.md-version__alias')?.textContent ?? ''])")
    return current, [(title, alias) for title, alias in listed]


def test_the_selector_lists_the_versions_newest_first(served: Visit) -> None:
    served.goto("/")  # index.html redirects to the default alias

    served.page.wait_for_url(f"{served.base_url}/latest/")
    assert selector(served) == ("2026-11", [("2026-11", "latest"), ("2026-10", "")])
    assert served.outside == []


def test_choosing_an_older_version_opens_it(served: Visit) -> None:
    served.goto("/latest/")
    selector(served)

    served.page.locator(".md-version__current").focus()  # opens the list
    served.page.locator(".md-version__link", has_text="2026-10").click()

    served.page.wait_for_url(f"{served.base_url}/2026-10/")
    assert selector(served) == ("2026-10", [("2026-11", "latest"), ("2026-10", "")])
    assert served.errors == []
