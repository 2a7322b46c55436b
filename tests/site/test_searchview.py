"""Material's search reads a page the same whether its generated blocks are read as text or tag by tag.

The reference is Material's own parser on the whole page; `searchview` must give the same sections
(heading, id, title, text, excluded or not) on exact examples, on random pages (hypothesis: blocks and
the HTML around them drawn from what the parser treats specially), and on the bundled example site
(the search index of the shared build against MkDocs' own build).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser, SearchIndex
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config

from sopdoc import worker
from sopdoc.site import searchview, shared_build
from sopdoc.site.rawhtml import CLOSE, OPEN
from sopdoc.site.searchview import Block, Effect, split
from tests.conftest import TODAY, run_sopdoc
from tests.site.test_build import copy_example


def sections(parser: Any) -> list[tuple[str, dict[str, Any], str | None, str, str]]:
    return [(section.el.tag, section.el.attrs, section.id, "".join(section.title), "".join(section.text))
            for section in parser.data]


def material(content: str) -> list[tuple[str, dict[str, Any], str | None, str, str]]:
    parser = Parser()
    parser.feed(content)
    parser.close()
    return sections(parser)


def entries(content: str) -> list[dict[str, Any]]:
    """The search entries `searchview.add_entry` makes of a page with this HTML."""
    index = SearchIndex(lang=["fr"], separator="", pipeline=[], fields={})
    page = SimpleNamespace(content=content, meta={}, toc=[], url="p/", title="Page")
    searchview.add_entry(index, page)
    return index.entries


def material_entries(content: str) -> list[dict[str, Any]]:
    index = SearchIndex(lang=["fr"], separator="", pipeline=[], fields={})
    index.add_entry_from_context(SimpleNamespace(content=content, meta={}, toc=[], url="p/", title="Page"))
    return index.entries


def block(html: str) -> str:
    return f"{OPEN}{html}{CLOSE}"


STEPS = ("\n<table>\n<thead><tr><th>Qui</th> <th>Quand</th></tr></thead>\n<tbody>\n"
         "<tr><td>Planificateur</td> <td>J+1 &amp; J+2</td></tr>\n</tbody>\n</table>\n")
HISTORY = ('\n<table data-search-exclude>\n<tr><td>3</td> <td><code>37c68bac</code></td> '
           '<td><a href="r2.html">2</a></td></tr>\n</table>\n')
PAGE = ('<h1 id="t">PRO-1 — Revue</h1>\n<p>Avant.</p>\n' + block(STEPS) + '\n<h2 id="h">Historique</h2>\n'
        + block(HISTORY) + "\n<p>Après.</p>")


def test_a_simple_block_is_its_text() -> None:
    assert Block(STEPS).effect == Effect((("space", " "), ("text", "Qui Quand Planificateur J+1 &amp; J+2"),
                                          ("text", " ")))
    assert Block(HISTORY).effect == Effect((("space", " "),))  # all of it skipped
    assert Block("<b>a</b>").effect == Effect((("text", "a"),))
    assert Block("").effect == Effect(())
    assert Block("\n<p>Rôles : <a href=\"x/\">Chargé d&#39;affaires</a></p>\n<p> </p>").effect == Effect((
        ("space", " "), ("open", "<p>"), ("text", "Rôles : Chargé d'affaires"), ("close", "p"), ("space", " "),
        ("open", "<p>"), ("space", " "), ("close", "p")))


@pytest.mark.parametrize("opening", [
    '<div class="linenodiv">', "<div DATA-SEARCH-EXCLUDE>", '<div class="&#108;inenodiv">', "<div data-search-exclude=x>"])
def test_skipped_elements(opening: str) -> None:
    assert Block(f"{opening}1\n2</div><b>c</b>").effect == Effect((("text", "c"),))


def test_kept_tags_are_written_as_material_writes_them() -> None:
    # an empty <p> goes; the parser looks from the first <p> of the section
    text = ["x"]
    Block("<p> </p>").effect.apply(text)  # type: ignore[union-attr]
    assert text == ["x"]
    text = ["<p>", "a", "</p>"]
    Block("<p> </p>").effect.apply(text)  # type: ignore[union-attr]
    assert text == ["<p>", "a", "</p>", "<p>", " ", "</p>"]
    text = ["x"]
    Block("<p>a</p>").effect.apply(text)  # type: ignore[union-attr]
    assert text == ["x", "<p>", "a", "</p>"]


def test_the_page_is_read_through_placeholders() -> None:
    view, blocks = split(PAGE)
    assert view == ('<h1 id="t">PRO-1 — Revue</h1>\n<p>Avant.</p>\n'
                    f'{OPEN}<!--sopdoc-search-block 0-->{CLOSE}\n<h2 id="h">Historique</h2>\n'
                    f'{OPEN}<!--sopdoc-search-block 1-->{CLOSE}\n<p>Après.</p>')
    assert [b.html for b in blocks] == [STEPS, HISTORY]
    assert entries(PAGE) == material_entries(PAGE) == [
        {"location": "p/", "title": "PRO-1 — Revue",
         "text": "<p>Avant.</p> Qui Quand Planificateur J+1 &amp; J+2"},
        {"location": "p/#h", "title": "Historique", "text": "<p>Après.</p>"}]


@pytest.mark.parametrize("html", [
    "\n<h2 id=\"x\">Titre</h2>\n",  # a heading starts a section
    "\n<pre>a\n  b</pre>\n",  # white space kept
    "\n<table><tr><td>a</td></table>\n",  # tags that do not nest
    "\n<td/>\n",  # self-closing, not void
    "\n<span data-search-exclude/>a</span>\n",  # the parser closes it at once: "a" is not skipped
    "\n<table data-search-exclude><tr><td><table><tr><td>a</td></tr></table>b</td></tr></table>\n",  # mistaken
    "\n<p>a <!-- c --> b</p>\n",  # a comment
    "\n<span title=\"a>b\">c</span>\n",  # a > in an attribute value
    "\n<script>var a = '<b>';</script>\n",
    "\na < b\n",
])
def test_what_is_not_simple_stays_in_the_page(html: str) -> None:
    assert Block(html).effect is None
    page = f'<h1 id="t">T</h1>\n{block(html)}\n<p>fin</p>'
    assert split(page) == (page, [])
    assert entries(page) == material_entries(page)


def test_a_block_in_a_skipped_element_is_replayed_tag_by_tag() -> None:
    # the parser is inside an excluded element when it meets the block: the block's effect is not its text
    page = f'<h1 id="t">T</h1>\n<div data-search-exclude>\n{block(STEPS)}\n</div>\n<p>fin</p>'
    assert len(split(page)[1]) == 1
    assert entries(page) == material_entries(page) == [{"location": "p/", "title": "T", "text": "<p>fin</p>"}]


@pytest.mark.parametrize("before", [
    "<div data-search-exclude>\n",  # skipped
    "<pre>",  # white space kept
    '<h2 id="x">Titre ',  # inside a heading: the text goes to the title
    "",  # no section yet
])
def test_where_the_parser_is_not_clean_the_block_is_replayed(before: str, monkeypatch: pytest.MonkeyPatch) -> None:
    page = f'{before}{block(STEPS)}\n<p>fin</p>'
    if before:
        page = f'<h1 id="t">T</h1>\n{page}'
    monkeypatch.setattr(Effect, "apply", lambda self, text: pytest.fail("applied"))
    assert len(split(page)[1]) == 1
    assert entries(page) == material_entries(page)


def test_a_placeholder_already_in_the_page_leaves_the_page_as_it_is() -> None:
    page = f'<h1 id="t">T</h1>\n<!--sopdoc-search-block 0-->\n{block(STEPS)}'
    assert split(page) == (page, [])
    assert entries(page) == material_entries(page)


@pytest.mark.parametrize("before", [
    '<p title="a\n',  # a start tag that a quote of the block ends: the opening marker is not a comment
    '<p title="a>b\n',  # the same, with a ">" in the value: the view alone would read "b" and the block
    "<![CDATA[ x\n",  # a section that nothing in the page ends
])
def test_a_construct_the_block_might_end_leaves_the_page_as_it_is(before: str) -> None:
    link = block('\n<a href="r.html">deux</a> ]]>\n')
    page = f'<h1 id="t">T</h1>\n{before}{link}\ntrois</p>'
    assert len(split(page)[1]) == 1
    assert entries(page) == material_entries(page)
    assert read_view(page) is None


def test_a_placeholder_in_a_script_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    page = f'<h1 id="t">T</h1>\n<script>\n{block(STEPS)}\n</script>\n<p>fin</p>'
    assert len(split(page)[1]) == 1
    assert read_view(page) is None
    assert entries(page) == material_entries(page) == [{"location": "p/", "title": "T", "text": "<p>fin</p>"}]


TEXTS = st.sampled_from(["", "a", "b c", " ", "\n", " \n  ", "&amp;", "&lt;x&gt;", "é", "\xa0", "&nbsp;", "x\ny",
                         "&#60;", "1 & 2"])
NAMES = st.sampled_from(["table", "tr", "td", "div", "span", "a", "p", "code", "li", "ul", "pre", "h2", "b", "br",
                         "img", "hx", "object", "TD"])
ATTRIBUTES = st.sampled_from(["", ' class="x"', " data-search-exclude", ' class="linenodiv"', ' id="s1"',
                              ' title="a&gt;b"', " title='q\"'", " DATA-SEARCH-EXCLUDE", ' class="&#108;inenodiv"',
                              ' class="linenodiv" class="y"', " title=x", "/"])


def fragments(depth: int) -> st.SearchStrategy[str]:
    leaf = st.one_of(TEXTS, st.builds(lambda n, a: f"<{n}{a}>", NAMES, ATTRIBUTES),
                     st.builds(lambda n: f"</{n}>", NAMES), st.just("<!-- c -->"), st.just("<br/>"),
                     st.sampled_from(['<p title="a', "<p title='a>b", '"', "'", "<!-- c", "<![CDATA[ x", "]]>", "<?x",
                                      '<a href="r.html">', ">"]))
    if depth == 0:
        return leaf
    inner = st.lists(fragments(depth - 1), max_size=4).map("".join)
    element = st.builds(lambda n, a, body: f"<{n}{a}>{body}</{n}>", NAMES, ATTRIBUTES, inner)
    return st.one_of(leaf, element, element)


HTML = st.lists(fragments(2), max_size=6).map("".join)


def outcome(function: Any, *args: Any) -> Any:
    """What a function returns, or the type of what it raises: Material's parser fails on some HTML
    (an excluded ``<p>`` holding a ``<p>``), and then it must fail the same way."""
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001 - compared, not hidden
        return type(error)


def read_view(page: str) -> Any:
    view, blocks = split(page)
    parser = searchview._Parser(blocks)
    parser.feed(view)
    parser.close()
    return sections(parser) if parser.seen == len(blocks) else None


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=HTML, first=HTML, between=HTML, second=HTML, after=HTML, heading=st.booleans())
def test_random_pages_give_material_s_sections(before: str, first: str, between: str, second: str, after: str,
                                               heading: bool) -> None:
    page = ('<h1 id="t">T</h1>\n' if heading else "") + (
        f"{before}\n{block(first)}\n{between}\n{block(chr(10) + second + chr(10))}\n{after}")
    expected = outcome(material, page)
    assert outcome(read_view, page) in (expected, None)  # None: placeholders not all read, the page is read whole
    assert outcome(entries, page) == outcome(material_entries, page)


def all_here(pieces: int, here: Any, there: Any) -> dict[int, Any]:
    """`worker.share` with every piece done in this process: nothing received from another."""
    for piece in range(pieces):
        here(piece)
    return {}


PLAIN_TEXTS = st.sampled_from(["", "a", " ", "\n", "&amp;", "&#39;", "é", ">", "x&y", "&nbsp;", "1 &lt; 2", "&"])
PLAIN_NAMES = st.sampled_from(["a", "div", "P", "td", "br", "img", "h2", "Span", "hr"])
PLAIN_ATTRIBUTES = st.lists(st.sampled_from([
    ' class="x"', " CLASS='y'", " id=z", " data-search-exclude", ' title="a&gt;b"', ' href="r.html"', ' alt=""',
    " x=1", "\n\tlang = 'fr'", ' title="l\'audit"', " value=a&amp;b"]), max_size=3).map("".join)
PLAIN_TOKENS = st.one_of(
    PLAIN_TEXTS,
    st.builds(lambda name, attributes, end: f"<{name}{attributes}{end}>", PLAIN_NAMES, PLAIN_ATTRIBUTES,
              st.sampled_from(["", " ", " /"])),
    st.builds(lambda name: f"<{name}/>", PLAIN_NAMES),
    st.builds(lambda name, space: f"</{name}{space}>", PLAIN_NAMES, st.sampled_from(["", " ", "\n"])),
    st.sampled_from(["<!-- c -->", "<!--a-b-->", "<!---->", "<!--sopdoc-search-block 0-->"]))
OTHER_TOKENS = st.sampled_from(["<!DOCTYPE html>", "<a href=x/>", "<?pi?>", "a < b", "<script>x</script>", "<!--a--b-->",
                                "<!-- a -- >", "<p title=\"a>", "<a\x0bb>", "x\r\ny", "<br\u00a0/>", "<![CDATA[x]]>",
                                "<textarea>", "<a b=\"1\"c>", "</a b>", "</a/>"])


def recorded(html: str, plain: bool) -> Any:
    recorder = searchview._Recorder()
    if plain:
        return recorder.recorded if searchview._feed_plain(recorder, html) else None
    recorder.feed(html)
    recorder.close()
    return recorder.recorded


@settings(max_examples=1000, deadline=None)
@given(tokens=st.lists(PLAIN_TOKENS, max_size=12), other=st.one_of(st.none(), OTHER_TOKENS),
       where=st.integers(min_value=0, max_value=12))
def test_plain_html_is_read_as_html_parser_reads_it(tokens: list[str], other: str | None, where: int) -> None:
    if other is None:
        html = "".join(tokens)
        assert recorded(html, plain=True) == recorded(html, plain=False)
    else:  # anything else: nothing read, left to html.parser
        tokens.insert(min(where, len(tokens)), other)
        assert recorded("".join(tokens), plain=True) is None


def test_plain_html_events() -> None:
    html = '<p CLASS="a&amp;b" data-x>un &amp; deux<br/></P ><!-- c --><img alt=\'\' src=x.svg>fin'
    assert recorded(html, plain=True) == recorded(html, plain=False) == [
        ("start", ("p", [("class", "a&b"), ("data-x", None)])), ("data", "un & deux"), ("start", ("br", [])),
        ("end", "br"), ("end", "p"), ("comment", " c "), ("start", ("img", [("alt", ""), ("src", "x.svg")])),
        ("data", "fin")]


def test_the_example_site_has_material_s_search_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled example, built from its tree by MkDocs, then by the shared build (which reads pages
    through searchview) with every piece here: the same search index, and most blocks read as text."""
    example = copy_example(tmp_path / "example")
    tree = tmp_path / "tree"
    assert run_sopdoc(example, "build", "--today", TODAY, "--tree", str(tree)).exit_code == 0
    config = yaml.safe_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    config["markdown_extensions"].append("sopdoc.site.rawhtml")  # as `sopdoc build` configures it
    (tree / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    mkdocs_build.build(load_config(str(tree / "mkdocs.yml"), site_dir=str(tmp_path / "site-mkdocs")))

    applied: list[bool] = []
    original = Effect.apply

    def counted(self: Effect, text: list[str]) -> None:
        applied.append(True)
        original(self, text)

    monkeypatch.setattr(Effect, "apply", counted)
    monkeypatch.setattr(worker, "available", lambda: True)
    monkeypatch.setattr(worker, "share", all_here)
    shared_build.build(load_config(str(tree / "mkdocs.yml"), site_dir=str(tmp_path / "site-shared")))

    def index(site: str) -> Any:
        return json.loads((tmp_path / site / "search" / "search_index.json").read_text(encoding="utf-8"))

    assert index("site-shared") == index("site-mkdocs")
    # every block of the pages searched (not the plans' and roles' pages) was read as its text
    texts = [path.read_text(encoding="utf-8") for path in (tree / "docs").rglob("*.md")]
    markers = sum(text.count(OPEN) for text in texts if "\nsearch:\n  exclude: true\n" not in text)
    assert markers > 100 and len(applied) == markers
