"""The site generator fed hostile names and texts renders them inert.

Every free text of the repository (organisation, roles, people, families, units, work centers, areas,
procedure titles, steps and change summaries, plan assumptions, risks, decisions, actions, data
sources, cycle notes, commit messages) is set to a hostile string, then to a plain word. Each generated
Markdown page is read as MkDocs reads it (front matter apart) and converted with Python-Markdown: the
hostile site must have no script, no event attribute, no ``javascript:`` link, no element our
templates do not write, and exactly the HTML structure of the plain site. ``{{ 7*7 }}`` stays text.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import markdown.extensions.admonition
import markdown.extensions.attr_list
import markdown.extensions.def_list
import markdown.extensions.fenced_code
import markdown.extensions.tables
import markdown.extensions.toc  # imported before pygal's import hook is in place (see test_mutations)
import pytest
import yaml
from mkdocs.utils.meta import get_data

from sopdoc.repository import load_repository
from sopdoc.site.build import site_context
from sopdoc.site.generate import generate_site
from tests.conftest import BASE_FILES, CONFIG, PROCEDURE_1
from tests.gitrepo import GitRepo
from tests.robustness.harness import DRAFT_PLAN, DRAFT_PLAN_FILE, TODAY_DATE, write_files

pytestmark = pytest.mark.filterwarnings("ignore::ImportWarning")

EXTENSIONS = ["tables", "admonition", "attr_list", "def_list", "toc", "fenced_code"]  # MkDocs' usual set

TEMPLATE_SUM = "{{ 7*7 }}"
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "| a | b |",
    TEMPLATE_SUM,
    "{% raw %}",
    "[x](javascript:alert(1))",
    "`code` and ``` fences",
    "line one\nline two\n\n# heading",
    "<iframe src=//evil></iframe>",
    "{: onclick=alert(1) }",
    "<https://evil.example> ![img](javascript:alert(1))",
    "&lt;script&gt; &#106;avascript: \\",
    "*a* _b_ **c** ~~d~~ <!-- e",
    "</td></tr></table><b>",
    "---",
    "\u202eevil\u202c \u200b e\u0301 \U0001f600",
    "'single' \"double\"",
    "<style>body{display:none}</style>",
    "javascript:alert(1)",
    "{{ '<script>' }} {# comment #}",
]

# Elements that Python-Markdown or our templates write; nothing else may appear.
ALLOWED = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "strong", "em", "code", "pre", "ul", "ol", "li", "table",
           "thead", "tbody", "tr", "th", "td", "div", "span", "hr", "br", "img", "dl", "dt", "dd", "blockquote",
           "article", "small", "details", "summary", "figure", "figcaption", "abbr", "time", "sup", "sub"}
STANDALONE = ALLOWED | {"html", "head", "meta", "title", "link", "body"}  # an earlier revision's own HTML page


# --------------------------------------------------------------------------- the two repositories


def _front(text: str) -> tuple[dict[str, Any], str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _markdown(front: dict[str, Any], body: str) -> str:
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body


def repository(value: Callable[[int], str]) -> dict[str, bytes]:
    """The fixture's repository and the plan being prepared, every free text set to ``value(n)``."""
    count = itertools.count()

    def text() -> str:
        return value(next(count))

    config = yaml.safe_load(CONFIG)
    config["organisation"] = text()
    config["areas"] = {area: {"name": text()} for area in ("demand", "supply", "executive")}
    for table in ("roles", "people", "work_centers"):
        for item in config[table].values():
            item["name"] = text()
    for family in config["families"].values():
        family["name"], family["unit"] = text(), text()
    files = {"sopdoc.yaml": yaml.safe_dump(config, allow_unicode=True, sort_keys=False)}
    for relpath in ("procedures/demand/PRO-PIC-001.md", "procedures/executive/PRO-PIC-002.md"):
        front, body = _front(BASE_FILES[relpath])
        front["title"] = text()
        for step in front["steps"]:
            step.update(when=text(), what=text(), how=text(), output=text())
        for change in front["changes"]:
            change["summary"] = text()
        files[relpath] = _markdown(front, body)
    for relpath, source in (("plans/2026-11.yaml", BASE_FILES["plans/2026-11.yaml"]), (DRAFT_PLAN_FILE, DRAFT_PLAN)):
        plan = yaml.safe_load(source)
        plan["assumptions"] = [text(), text()]
        for name in ("risks", "decisions", "actions", "data_sources"):
            for item in plan.setdefault(name, []):
                item["description"] = text()
        for entry in plan.get("cycle", []):
            entry["notes"] = text()
        files[relpath] = yaml.safe_dump(plan, allow_unicode=True, sort_keys=False)
    files["training.yaml"] = BASE_FILES["training.yaml"]
    return {relpath: content.encode("utf-8") for relpath, content in files.items()}


def hostile(index: int) -> str:
    return HOSTILE[index % len(HOSTILE)]


def plain(index: int) -> str:
    return f"Valeur {index}"


def site(root: Path) -> dict[str, str | bytes]:
    return generate_site(site_context(root, load_repository(root), TODAY_DATE, {}))


# --------------------------------------------------------------------------- reading pages as MkDocs does


class Elements(HTMLParser):
    """The elements of an HTML text: (tag, attribute names), and what the attributes hold."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.structure: list[tuple[str, tuple[str, ...]]] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.structure.append((tag, tuple(sorted(name for name, _ in attrs))))
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def render(page: str) -> tuple[dict[str, Any], str]:
    body, meta = get_data(page)
    return meta, markdown.markdown(body, extensions=EXTENSIONS)


def elements(html_text: str) -> Elements:
    parser = Elements()
    parser.feed(html_text)
    parser.close()
    return parser


_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def active_content(html_text: str, allowed: set[str] = ALLOWED) -> Iterator[str]:
    """What in a page would run or load something: scripts, event attributes, script links, unknown elements."""
    found = elements(html_text)
    for tag, _ in found.structure:
        if tag not in allowed:
            yield f"<{tag}>"
    for tag, name, value in found.attributes:
        if name.lower().startswith("on"):
            yield f"<{tag} {name}=…>"
        if name.lower() in ("href", "src", "action", "formaction", "data", "xlink:href") and re.match(
                r"(javascript|vbscript|data):", _INVISIBLE.sub("", html.unescape(value)), re.IGNORECASE):
            yield f"<{tag} {name}={value!r}>"


# --------------------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, str | bytes], dict[str, str | bytes]]]:
    """The generated site of the hostile repository and of the plain one, page by page."""
    hostile_site = site(write_files(tmp_path_factory.mktemp("hostile"), repository(hostile)))
    plain_site = site(write_files(tmp_path_factory.mktemp("plain"), repository(plain)))
    assert sorted(hostile_site) == sorted(plain_site)
    return {path: (hostile_site[path], plain_site[path]) for path in hostile_site}


def test_the_hostile_repository_is_valid(tmp_path: Path) -> None:
    """The hostile texts are legitimate values: only the site's escaping stands between them and a reader."""
    from tests.robustness.harness import validate_json

    root = write_files(tmp_path, repository(hostile))
    exit_code, payload = validate_json(root)
    assert [d for d in payload["diagnostics"] if d["severity"] == "error"] == [] and exit_code == 0


def test_markdown_pages_have_nothing_active(pages: dict[str, tuple[Any, Any]]) -> None:
    checked = 0
    for path, (page, _) in pages.items():
        if not path.endswith(".md"):
            continue
        assert isinstance(page, str)
        _, page_html = render(page)
        assert list(active_content(page_html)) == [], path
        checked += 1
    assert checked >= 10


def test_hostile_texts_change_no_element(pages: dict[str, tuple[Any, Any]]) -> None:
    """Element for element, the hostile site is the plain site: no value opened, closed or added one."""
    for path, (hostile_page, plain_page) in pages.items():
        if path.endswith(".md"):
            assert elements(render(hostile_page)[1]).structure == elements(render(plain_page)[1]).structure, path


def test_front_matter_titles_survive_as_data(pages: dict[str, tuple[Any, Any]]) -> None:
    """A title with quotes, colons or newlines stays one YAML string in the page's front matter."""
    for path, (page, _) in pages.items():
        if path.endswith(".md") and page.startswith("---\n"):
            meta, _ = render(page)
            assert isinstance(meta.get("title"), str), path
    meta, _ = render(pages["procedures/PRO-PIC-001.md"][0])
    front, _ = _front(repository(hostile)["procedures/demand/PRO-PIC-001.md"].decode())
    assert meta["title"] == f"PRO-PIC-001 — {front['title']}"


def test_jinja_delimiters_stay_text(pages: dict[str, tuple[Any, Any]]) -> None:
    shown = [path for path, (page, _) in pages.items() if path.endswith(".md")
             and TEMPLATE_SUM in "".join(elements(render(page)[1]).text)]
    assert "procedures/index.md" in shown and len(shown) >= 3
    for path in shown:
        text = "".join(elements(render(pages[path][0])[1]).text)
        assert "49" not in text.replace("2049", ""), path


def test_charts_have_nothing_active(pages: dict[str, tuple[Any, Any]]) -> None:
    """The SVG charts carry family and work center names in legends and titles: as text only."""
    charts = 0
    for path, (content, _) in pages.items():
        if path.endswith(".svg"):
            text = content.decode("utf-8") if isinstance(content, bytes) else content
            found = elements(text)
            assert "script" not in {tag for tag, _ in found.structure}, path
            assert [name for _, name, _ in found.attributes if name.lower().startswith("on")] == [], path
            assert not [value for _, name, value in found.attributes if name.lower().endswith("href")
                        and value.strip().lower().startswith("javascript:")], path
            charts += 1
    assert charts >= 1


def test_a_title_with_an_emoji_keeps_its_front_matter(tmp_path: Path) -> None:
    """Jinja's tojson wrote an astral character as a surrogate pair (\\ud83d\\udd27), which MkDocs' YAML
    refuses: the page lost its title and showed its front matter."""
    root = write_files(tmp_path, {**{relpath: text.encode() for relpath, text in BASE_FILES.items()},
                                  "procedures/demand/PRO-PIC-001.md": PROCEDURE_1.replace(
                                      "title: Revue de la demande", "title: Maintenance \U0001f527").encode()})
    meta, _ = render(str(site(root)["procedures/PRO-PIC-001.md"]))
    assert meta.get("title") == "PRO-PIC-001 — Maintenance \U0001f527"


def test_list_markers_in_names_stay_text(tmp_path_factory: pytest.TempPathFactory) -> None:
    markers = ["---", "- x", "1. x", "2026. Atelier", "- - -"]
    marked = site(write_files(tmp_path_factory.mktemp("markers"), repository(lambda n: markers[n % len(markers)])))
    plain_site = site(write_files(tmp_path_factory.mktemp("plain"), repository(plain)))
    for path, page in marked.items():
        if path.endswith(".md"):
            found = elements(render(str(page))[1]).structure
            assert found == elements(render(str(plain_site[path]))[1]).structure, path


def test_texts_on_several_lines_stop_nothing(tmp_path: Path) -> None:
    """A name or title on two lines (a YAML block scalar, a quoted \\n) is valid text."""
    from tests.conftest import TODAY, run_sopdoc

    root = write_files(tmp_path, repository(lambda n: f"ligne {n}\nsuite\r\nfin"))
    assert run_sopdoc(root, "calendar", "--today", TODAY).exit_code == 0
    assert "procedures/PRO-PIC-001.md" in site(root)


# --------------------------------------------------------------------------- bodies, and earlier revisions

BODIES = [
    "```html\n<script>alert(1)</script>\n```\n",  # documented code: shown, inert
    "Voir `<script>` dans le code.\n",
    "<script>alert(1)</script>\n",  # refused by unsafe-html: shown as text
    "````\n<script>alert(1)</script>\n```\n",
    "~~~ <script>alert(1)</script>\n~~~\n",
    "\\`<script>alert(1)</script>\\`\n",
    "<div>\n`<script>alert(1)</script>`\n</div>\n",
    "# Titre {: onclick=\"alert(1)\" }\n",
    "[x](https://erp.local){: href=\"javascript:alert(1)\" }\n",
    "``x\n`a``<img src=x onerror=alert(1)>`\n",
]


@pytest.mark.parametrize("body", BODIES, ids=[body[:16] for body in BODIES])
def test_procedure_bodies_render_inert(tmp_path: Path, body: str) -> None:
    root = write_files(tmp_path, {**{relpath: text.encode() for relpath, text in BASE_FILES.items()},
                                  "procedures/demand/PRO-PIC-001.md": (PROCEDURE_1 + body).encode()})
    _, page_html = render(str(site(root)["procedures/PRO-PIC-001.md"]))
    assert list(active_content(page_html)) == []


def test_a_tilde_fence_is_inert_with_the_sites_own_extensions(tmp_path: Path) -> None:
    """unsafe-html takes a fence for code, as fenced_code does: the site's own Markdown must have it."""
    from sopdoc.site.build import mkdocs_settings

    body = "~~~\n[x](javascript:alert(1))\n~~~\n"
    root = write_files(tmp_path, {**{relpath: text.encode() for relpath, text in BASE_FILES.items()},
                                  "procedures/demand/PRO-PIC-001.md": (PROCEDURE_1 + body).encode()})
    ctx = site_context(root, load_repository(root), TODAY_DATE, {})
    page = str(generate_site(ctx)["procedures/PRO-PIC-001.md"])
    names, configs = [], {}
    for entry in mkdocs_settings(ctx.organisation, {})["markdown_extensions"]:  # MkDocs' form: name or {name: config}
        for name, config in (entry.items() if isinstance(entry, dict) else [(entry, {})]):
            names.append(name)
            configs[name] = config
    page_html = markdown.markdown(get_data(page)[0], extensions=names, extension_configs=configs)
    assert list(active_content(page_html)) == []


def test_earlier_revisions_render_inert(tmp_path: Path) -> None:
    """An earlier revision's page (HTML, from git) with a hostile title, summary, author and body."""
    repo = GitRepo.create(tmp_path / "content")
    for relpath, text in BASE_FILES.items():
        repo.write(relpath, text)
    front, body = _front(PROCEDURE_1)
    front.update(title=HOSTILE[0], revision=1, changes=[{"revision": 1, "date": dt.date(2025, 1, 6),
                                                         "summary": HOSTILE[1]}])
    repo.write("procedures/demand/PRO-PIC-001.md", _markdown(front, body + "\n<img src=x onerror=alert(1)>\n"))
    repo.commit(HOSTILE[5], "2025-01-06T10:00:00+01:00", author=('"><script>alert(1)</script>', "x@example.fr"))
    repo.write("procedures/demand/PRO-PIC-001.md", PROCEDURE_1)
    repo.commit(HOSTILE[2], "2026-03-02T10:00:00+01:00")
    generated = site(repo.root)
    revision = generated["procedures/PRO-PIC-001/r1.html"]
    assert isinstance(revision, str)
    assert list(active_content(revision, STANDALONE)) == [] and "&lt;script&gt;alert(1)&lt;/script&gt;" in revision
    _, page_html = render(str(generated["procedures/PRO-PIC-001.md"]))
    assert list(active_content(page_html)) == []
