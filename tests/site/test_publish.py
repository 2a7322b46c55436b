"""`sopdoc publish`: versions in mike's layout, into a plain folder (``--to``) or a git branch (mike)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from sopdoc.site.publish import VersionEntry, add_version, redirect_page, versions_json
from tests.conftest import TODAY, ContentRepo
from tests.gitrepo import GitRepo, git_environment

COMMITTER = ("Robot Publication", "robot@example.fr")
DATE = "2026-11-25T10:00:00+01:00"

INDEX_TO_LATEST = """\
<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Redirection</title>
<meta http-equiv="refresh" content="0; url=latest/">
</head>
<body><a href="latest/">latest/</a></body>
</html>
"""

VERSIONS_TWO = """\
[
  {
    "version": "2026-11",
    "title": "2026-11",
    "aliases": [
      "latest"
    ]
  },
  {
    "version": "2026-10",
    "title": "2026-10",
    "aliases": []
  }
]
"""


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` → its bytes (None for a folder)."""
    return {path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes()
            for path in sorted(folder.rglob("*"))}


def material_config(page: Path) -> dict[str, object]:
    """The configuration Material's scripts read, from a built page."""
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                      page.read_text(encoding="utf-8"))
    assert match, f"no Material configuration in {page}"
    config: dict[str, object] = json.loads(match.group(1))
    return config


def publish(repo: ContentRepo, *args: str) -> tuple[int, str, str]:
    result = repo.run("publish", "--today", TODAY, *args)
    return result.exit_code, result.stdout, result.stderr


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


# -- the pure parts ----------------------------------------------------------------------------------------------


def test_an_alias_moves_to_the_new_version_and_the_newest_comes_first() -> None:
    entries = add_version([VersionEntry("2026-09", "2026-09", ()), VersionEntry("2026-10", "2026-10", ("latest",))],
                          "2026-11", ["latest"])
    assert entries == (VersionEntry("2026-11", "2026-11", ("latest",)), VersionEntry("2026-10", "2026-10", ()),
                       VersionEntry("2026-09", "2026-09", ()))


def test_republishing_a_version_keeps_its_aliases() -> None:
    entries = add_version([VersionEntry("2026-11", "2026-11", ("latest", "stable"))], "2026-11", [])
    assert entries == (VersionEntry("2026-11", "2026-11", ("latest", "stable")),)


def test_versions_json_is_mikes_format_with_sorted_aliases() -> None:
    text = versions_json([VersionEntry("2026-11", "2026-11", ("stable", "latest"))])
    assert json.loads(text) == [{"version": "2026-11", "title": "2026-11", "aliases": ["latest", "stable"]}]
    assert text.endswith("]\n")


def test_the_redirect_escapes_its_target() -> None:
    assert 'url=a&quot;b/"' in redirect_page('a"b/')


# -- into a folder -----------------------------------------------------------------------------------------------


def test_two_versions_into_a_folder(repo: ContentRepo, tmp_path: Path) -> None:
    target = tmp_path / "intranet"
    code, out, err = publish(repo, "--version", "2026-10", "--alias", "latest", "--to", str(target))
    assert (code, out) == (0, "2026-10 [latest]\n"), err
    older = (target / "2026-10").stat().st_ino
    older_files = snapshot(target / "2026-10")

    code, out, err = publish(repo, "--version", "2026-11", "--alias", "latest", "--to", str(target))
    assert (code, out) == (0, "2026-11 [latest]\n2026-10\n"), err
    pages = int(re.fullmatch(rf"published 2026-11 \(latest\) into {re.escape(str(target))} \((\d+) pages\)",
                             last_line(err)).group(1))  # type: ignore[union-attr]
    assert pages == sum(1 for _ in (target / "2026-11").rglob("index.html"))
    assert sorted(path.name for path in target.iterdir()) == [
        ".sopdoc-publish.json", "2026-10", "2026-11", "index.html", "latest", "versions.json"]
    assert (target / "versions.json").read_text(encoding="utf-8") == VERSIONS_TWO
    assert (target / "index.html").read_text(encoding="utf-8") == INDEX_TO_LATEST
    assert json.loads((target / ".sopdoc-publish.json").read_text(encoding="utf-8"))["owned"] == [
        "2026-10", "2026-11", "index.html", "latest", "versions.json"]
    # the alias is a full copy of the version it points to; the older version was not touched
    assert snapshot(target / "latest") == snapshot(target / "2026-11")
    assert (target / "2026-10").stat().st_ino == older
    assert snapshot(target / "2026-10") == older_files
    # Material's version selector is on, and the folders carry no build marker
    assert material_config(target / "2026-11" / "index.html")["version"] == {"alias": True, "provider": "mike"}
    assert material_config(target / "latest" / "procedures" / "PRO-PIC-001" / "index.html")["base"] == "../.."
    assert not list(target.rglob(".sopdoc-site"))
    # readable by a web server running as another user
    mask = os.umask(0o022)
    os.umask(mask)
    for name in ("versions.json", "index.html"):
        assert (target / name).stat().st_mode & 0o777 == 0o666 & ~mask


def test_republishing_replaces_only_that_version_and_its_aliases(repo: ContentRepo, tmp_path: Path) -> None:
    target = tmp_path / "intranet"
    publish(repo, "--version", "2026-10", "--to", str(target))
    publish(repo, "--version", "2026-11", "--alias", "latest", "--to", str(target))
    (target / "2026-11" / "stale.html").write_text("old", encoding="utf-8")
    (target / "latest" / "stale.html").write_text("old", encoding="utf-8")
    (target / "notes.txt").write_text("the intranet team's notes", encoding="utf-8")
    (target / "archives").mkdir()
    (target / "archives" / "2019.pdf").write_bytes(b"%PDF")
    replaced = (target / "2026-11").stat().st_ino
    kept = snapshot(target / "2026-10")

    code, out, err = publish(repo, "--version", "2026-11", "--to", str(target))

    assert (code, out) == (0, "2026-11 [latest]\n2026-10\n"), err
    assert not (target / "2026-11" / "stale.html").exists()
    assert not (target / "latest" / "stale.html").exists()
    assert (target / "2026-11").stat().st_ino != replaced  # a new folder renamed into place
    assert snapshot(target / "2026-10") == kept
    assert (target / "notes.txt").read_text(encoding="utf-8") == "the intranet team's notes"
    assert (target / "archives" / "2019.pdf").read_bytes() == b"%PDF"
    assert sorted(path.name for path in target.iterdir()) == [
        ".sopdoc-publish.json", "2026-10", "2026-11", "archives", "index.html", "latest", "notes.txt",
        "versions.json"]  # no staging folder left behind
    # the first publish had no alias: index.html went to its version; an alias given later takes over
    assert (target / "index.html").read_text(encoding="utf-8") == INDEX_TO_LATEST


def test_without_alias_the_first_version_is_the_default(repo: ContentRepo, tmp_path: Path) -> None:
    target = tmp_path / "intranet"
    publish(repo, "--version", "2026-10", "--to", str(target))
    assert (target / "index.html").read_text(encoding="utf-8") == redirect_page("2026-10/")
    publish(repo, "--version", "2026-11", "--to", str(target))
    assert (target / "index.html").read_text(encoding="utf-8") == redirect_page("2026-10/")
    assert json.loads((target / "versions.json").read_text(encoding="utf-8")) == [
        {"version": "2026-11", "title": "2026-11", "aliases": []},
        {"version": "2026-10", "title": "2026-10", "aliases": []}]


def test_a_failed_build_leaves_the_published_folder_as_it_was(repo: ContentRepo, tmp_path: Path) -> None:
    target = tmp_path / "intranet"
    publish(repo, "--version", "2026-11", "--alias", "latest", "--to", str(target))
    before = snapshot(target)
    repo.replace("procedures/demand/PRO-PIC-001.md", "Décrire la revue de la demande.",
                 "Décrire la revue de la demande (voir [la page absente](absente.md)).")

    code, _, _ = publish(repo, "--version", "2026-11", "--alias", "latest", "--strict", "--to", str(target))

    assert code == 1  # MkDocs: "Aborted with 1 warnings in strict mode!"
    assert snapshot(target) == before


@pytest.mark.parametrize("foreign", ["versions.json", "index.html", "latest", "2026-11"])
def test_never_replaces_what_it_did_not_write(repo: ContentRepo, tmp_path: Path, foreign: str) -> None:
    target = tmp_path / "intranet"
    target.mkdir()
    if "." in foreign:
        (target / foreign).write_text("someone else's", encoding="utf-8")
    else:
        (target / foreign).mkdir()
        (target / foreign / "index.html").write_text("someone else's", encoding="utf-8")
    before = snapshot(target)

    code, out, err = publish(repo, "--version", "2026-11", "--alias", "latest", "--to", str(target))

    assert (code, out) == (2, "")
    assert err == (f"Error: {target / foreign} not published by sopdoc; move it away or publish into another "
                   "folder (sopdoc never replaces what it did not write)\n")
    assert snapshot(target) == before


def test_an_alias_cannot_take_a_versions_name(repo: ContentRepo, tmp_path: Path) -> None:
    target = tmp_path / "intranet"
    publish(repo, "--version", "2026-10", "--to", str(target))
    before = snapshot(target)
    code, _, err = publish(repo, "--version", "2026-11", "--alias", "2026-10", "--to", str(target))
    assert code == 2
    assert err == "Error: cannot publish 2026-11: alias '2026-10' already specified as a version\n"
    assert snapshot(target) == before


@pytest.mark.parametrize(("args", "message"), [
    (["--version", "../up"], "version '../up' is not a plain folder name; use letters, digits, '.', '-' or '_' "
                             "(e.g. --version 2026-11 --alias latest)"),
    (["--version", "2026-11", "--alias", "versions.json"],
     "alias 'versions.json' is not a plain folder name; use letters, digits, '.', '-' or '_' "
     "(e.g. --version 2026-11 --alias latest)"),
    (["--version", "2026-11", "--alias", "2026-11"], "'2026-11' is both the version and an alias; give the alias "
                                                     "another name"),
    (["--version", "2026-11", "--alias", "latest", "--alias", "latest"], "the same alias is given twice"),
    (["--version", "2026-11", "--to", "out", "--branch", "pages"],
     "--to writes into a folder and --branch is about git: choose one"),
    (["--version", "2026-11", "--to", "out", "--push"],
     "--to writes into a folder and --push is about git: choose one"),
])
def test_bad_requests_are_usage_errors(repo: ContentRepo, tmp_path: Path, args: list[str], message: str) -> None:
    code, out, err = publish(repo, *args, *([] if "--to" in args else ["--to", str(tmp_path / "out")]))
    assert (code, out, err) == (2, "", f"Error: {message}\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("inside", [".", "procedures", "plans/archive"])
def test_never_publishes_over_the_repository(repo: ContentRepo, inside: str) -> None:
    target = repo.root / inside
    code, _, err = publish(repo, "--version", "2026-11", "--to", str(target))
    assert code == 2
    assert "publish into another folder" in err
    assert not list(repo.root.rglob("versions.json"))


# -- into a git branch, with mike ----------------------------------------------------------------------------------


@pytest.fixture
def git_repo(repo: ContentRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """The small repository under git, committed, and mike's committer identity in the environment."""
    for key in list(os.environ):
        if key.startswith("GIT_"):
            monkeypatch.delenv(key)
    environment = git_environment(DATE, COMMITTER)
    for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
                "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(key, environment[key])
    git = GitRepo.create(repo.root)
    git.commit("Contenu initial", "2026-11-02T09:00:00+01:00")
    return git


def test_two_versions_on_a_branch(repo: ContentRepo, git_repo: GitRepo) -> None:
    head = git_repo.git("rev-parse", "--short", "HEAD").strip()
    code, out, err = publish(repo, "--version", "2026-10", "--alias", "latest")
    assert (code, out) == (0, "2026-10 [latest]\n"), err
    code, out, err = publish(repo, "--version", "2026-11", "--alias", "latest")
    assert (code, out) == (0, "2026-11 [latest]\n2026-10\n"), err
    commit = git_repo.git("rev-parse", "gh-pages").strip()
    committed, advice = err.strip().splitlines()[-2:]
    assert re.fullmatch(rf"committed 2026-11 \(latest\) to the branch gh-pages \(\d+ pages, commit {commit[:10]}\)",
                        committed)
    assert advice == "publish it with `git push origin gh-pages` (or use --push)"

    assert git_repo.git("ls-tree", "--name-only", "gh-pages").split() == [
        ".nojekyll", "2026-10", "2026-11", "index.html", "latest", "versions.json"]
    assert git_repo.git("show", "gh-pages:versions.json") == VERSIONS_TWO
    # the alias is a copy (a tree identical to its version's), not a symbolic link
    assert git_repo.git("ls-tree", "gh-pages", "latest").split()[:2] == ["040000", "tree"]
    assert git_repo.git("rev-parse", "gh-pages:latest") == git_repo.git("rev-parse", "gh-pages:2026-11")
    assert 'url=latest/"' in git_repo.git("show", "gh-pages:index.html")
    page = git_repo.git("show", "gh-pages:2026-11/index.html")
    assert '"version": {"alias": true, "provider": "mike"}' in page
    assert git_repo.git("ls-tree", "-r", "--name-only", "gh-pages").count(".sopdoc-site") == 0
    assert git_repo.git("log", "--format=%s|%cn|%cI", "gh-pages").splitlines() == [
        f"Publish 2026-11 (latest) from {head} with sopdoc 0.1.0|Robot Publication|{DATE}",
        f"Default version: latest (sopdoc publish)|Robot Publication|{DATE}",
        f"Publish 2026-10 (latest) from {head} with sopdoc 0.1.0|Robot Publication|{DATE}",
    ]
    # the working tree and the current branch are untouched
    assert git_repo.git("status", "--porcelain") == ""
    assert git_repo.git("rev-parse", "--abbrev-ref", "HEAD").strip() == "main"


def test_a_branch_of_ones_choice(repo: ContentRepo, git_repo: GitRepo) -> None:
    code, out, err = publish(repo, "--version", "2026-11", "--branch", "intranet")
    assert (code, out) == (0, "2026-11\n"), err
    assert git_repo.git("ls-tree", "--name-only", "intranet").split() == [
        ".nojekyll", "2026-11", "index.html", "versions.json"]
    assert 'url=2026-11/"' in git_repo.git("show", "intranet:index.html")
    assert subprocess.run(["git", "rev-parse", "--verify", "--quiet", "gh-pages"], cwd=repo.root, check=False,
                          capture_output=True).returncode == 1


def test_the_branch_needs_a_committer(repo: ContentRepo, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GIT_COMMITTER_NAME")
    code, out, err = publish(repo, "--version", "2026-11")
    assert (code, out) == (2, "")
    assert err == ("Error: git has no user.name to commit the site with: run `git config user.name …` "
                   "(or set GIT_COMMITTER_NAME)\n")
    assert git_repo.git("branch", "--list").split() == ["*", "main"]


def test_the_branch_needs_git(repo: ContentRepo) -> None:
    code, _, err = publish(repo, "--version", "2026-11")
    assert code == 2
    assert err == (f"Error: {repo.root} is not inside a git repository; run `git init` there, or clone the "
                   "content repository\n")


def test_the_same_site_again_commits_nothing(repo: ContentRepo, git_repo: GitRepo) -> None:
    publish(repo, "--version", "2026-11", "--alias", "latest")
    before = git_repo.git("rev-parse", "gh-pages")
    code, out, err = publish(repo, "--version", "2026-11", "--alias", "latest")
    assert (code, out) == (0, "2026-11 [latest]\n"), err
    assert last_line(err) == "2026-11 (latest) is already on the branch gh-pages as built: nothing to commit"
    assert git_repo.git("rev-parse", "gh-pages") == before


def test_push_sends_the_branch_to_origin(repo: ContentRepo, git_repo: GitRepo, tmp_path: Path) -> None:
    remote = GitRepo(tmp_path / "remote.git")
    remote.root.mkdir()
    remote.git("init", "-q", "--bare")
    git_repo.git("remote", "add", "origin", str(remote.root))

    code, out, err = publish(repo, "--version", "2026-11", "--alias", "latest", "--push")

    assert (code, out) == (0, "2026-11 [latest]\n"), err
    assert last_line(err) == "pushed gh-pages to origin"
    assert remote.git("rev-parse", "gh-pages") == git_repo.git("rev-parse", "gh-pages")


def test_the_branch_follows_origin_first(repo: ContentRepo, git_repo: GitRepo, tmp_path: Path) -> None:
    """As on a CI runner: the published versions live on origin, the local branch is behind."""
    remote = GitRepo(tmp_path / "remote.git")
    remote.root.mkdir()
    remote.git("init", "-q", "--bare")
    git_repo.git("remote", "add", "origin", str(remote.root))
    publish(repo, "--version", "2026-10", "--alias", "latest", "--push")
    git_repo.git("branch", "-D", "gh-pages")
    git_repo.git("fetch", "-q", "origin")

    code, out, err = publish(repo, "--version", "2026-11", "--alias", "latest")

    assert (code, out) == (0, "2026-11 [latest]\n2026-10\n"), err
