"""The built example site in headless Chromium: what a reader sees and what the browser does."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from tests.browser.conftest import INJECTED, NEW_SENTENCE, OLD_SENTENCE, REVISED, Example, Visit
from tests.conftest import TODAY, run_sopdoc

SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2212": "-"})


def text(value: str) -> str:
    """Text as compared: no-break spaces as spaces, the minus sign as a hyphen, runs of space as one."""
    return " ".join(value.translate(SPACES).split())


def french(figure: dict[str, Any]) -> str:
    """An indicator's value as the site writes it in French: 93,6 %, -1,6, 5,4 (days), 1 (count)."""
    value = figure["value"]
    if figure["unit"] == "ratio" and figure["id"] != "tracking-signal":
        return f"{value * 100:.1f}".replace(".", ",") + " %"
    if figure["unit"] == "count":
        return f"{value:.0f}"
    return f"{value:.1f}".replace(".", ",")


def table_rows(visit: Visit, header: list[str]) -> list[list[str]]:
    """The body rows of the article's table with this header row."""
    for table in visit.page.locator("article table").all():
        rows = [[text(cell.inner_text()) for cell in row.locator("th, td").all()] for row in table.locator("tr").all()]
        if rows and rows[0] == header:
            return rows[1:]
    raise AssertionError(f"no table headed {header} on {visit.page.url}")


def search(visit: Visit, query: str) -> tuple[str, list[str]]:
    """Type ``query`` into Material's search box; the result summary and the result pages' paths."""
    box = visit.page.locator(".md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=10)  # the search reacts to key strokes
    visit.page.wait_for_function(
        "() => /\\d|Aucun/.test(document.querySelector('.md-search-result__meta')?.textContent ?? '')")
    summary = visit.page.locator(".md-search-result__meta").inner_text()
    links = [link.get_attribute("href") or "" for link in visit.page.locator(".md-search-result__item > a").all()]
    return summary, [link.removeprefix(visit.base_url) for link in links]


def test_home_shows_the_indicators_of_the_latest_plan(visit: Visit, example: Example) -> None:
    report = json.loads(run_sopdoc(example.root, "kpi", "--format", "json", "--today", TODAY).stdout)
    headline = yaml.safe_load((example.root / "sopdoc.yaml").read_text(encoding="utf-8"))["kpi"]["lags"][0]
    totals = {record["id"]: record for record in report["indicators"]
              if record["family"] is None and record["work_center"] is None and record["month"] is None
              and record["lag"] in (None, headline)}
    visit.goto("/")

    cards = {card.get_attribute("data-indicator"): text(card.inner_text())
             for card in visit.page.locator("[data-indicator]").all()}

    assert report["month"] == "2026-11"
    assert {"forecast-accuracy", "otif"} <= cards.keys()
    for identifier, shown in cards.items():
        assert identifier in totals, f"card {identifier!r} is not an indicator of `sopdoc kpi`"
        assert french(totals[identifier]) in shown, f"{identifier}: {shown!r}"


def test_a_procedure_shows_its_steps_and_its_revision_history(visit: Visit, example: Example) -> None:
    config = yaml.safe_load((example.root / "sopdoc.yaml").read_text(encoding="utf-8"))
    front = yaml.safe_load((example.root / REVISED).read_text(encoding="utf-8").split("---\n")[1])
    visit.goto("/procedures/PRO-PIC-002/")

    assert table_rows(visit, ["Qui", "Quand", "Quoi", "Comment", "Résultat"]) == [
        [config["roles"][step["who"]]["name"], step["when"], step["what"], step.get("how", ""), step["output"]]
        for step in front["steps"]]
    assert table_rows(visit, ["Révision", "Date", "Auteur", "Résumé", "Commit"]) == [
        ["4", "2 mars 2026", "Julie Dupont", "Ajout de la justification obligatoire des corrections de prévision",
         example.revision_4_commit[:8]],
        ["3", "1 septembre 2025", "Julie Dupont",
         "Revue trimestrielle du portefeuille (lancements et arrêts) inscrite à l'ordre du jour",
         example.revision_3_commit[:8]],
    ]
    article = visit.page.locator("article").inner_text()
    assert NEW_SENTENCE in article and OLD_SENTENCE not in article


def test_an_earlier_revision_opens_as_it_was(visit: Visit) -> None:
    visit.goto("/procedures/PRO-PIC-002/")
    history = visit.page.locator("article table", has=visit.page.locator("th", has_text="Auteur"))

    history.get_by_role("link", name="3", exact=True).click()

    visit.page.wait_for_url(re.compile(r"/procedures/PRO-PIC-002/r3\.html$"))
    body = text(visit.page.locator("body").inner_text())
    assert "Révision 3, remplacée : la révision en vigueur est la 4." in body
    assert OLD_SENTENCE in body and NEW_SENTENCE not in body.split("Différences")[0]
    assert visit.page.locator("h1").inner_text() == "PRO-PIC-002 — Revue de la demande"


def test_search_finds_french_words_offline(visit: Visit) -> None:
    visit.goto("/")

    summary, pages = search(visit, "justification")

    assert re.fullmatch(r"\d+ documents trouvés", summary), summary
    assert "/procedures/PRO-PIC-002/" in pages
    summary, pages = search(visit, "approvisionnement")
    assert re.fullmatch(r"\d+ documents trouvés", summary), summary
    assert "/procedures/PRO-PIC-003/" in pages
    assert visit.outside == []


def test_a_plan_page_shows_its_charts(visit: Visit) -> None:
    visit.goto("/plans/2026-11/")

    charts = visit.page.locator("article img[src$='.svg']")

    assert charts.count() >= 1, "no SVG chart on the plan page"
    for chart in charts.all():
        chart.scroll_into_view_if_needed()  # charts load lazily, when they come into view
        src, width, height = chart.evaluate("""image => image.decode().then(
            () => [image.getAttribute('src'), image.naturalWidth, image.naturalHeight],
            () => [image.getAttribute('src'), 0, 0])""")
        assert width > 0 and height > 0, f"{src} did not load"


def test_injected_html_does_not_run(visit: Visit, example: Example) -> None:
    assert "<script>window.__pwned = 1</script>" in (example.root / INJECTED).read_text(encoding="utf-8")
    visit.goto("/procedures/PRO-PIC-001/")

    article = visit.page.locator("article")

    assert "<script>window.__pwned = 1</script>" in article.inner_text()  # shown as text
    assert article.locator("script, [onerror], a[href^='javascript:']").count() == 0
    assert visit.page.evaluate("typeof window.__pwned") == "undefined"
    search(visit, "pwned")  # the search results show the page's text too
    assert visit.page.evaluate("typeof window.__pwned") == "undefined"


def test_no_request_leaves_the_machine(visit: Visit) -> None:
    visit.goto("/")
    sections = visit.page.locator(".md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link").evaluate_all(
        "links => links.map(link => new URL(link.href).pathname)")
    assert len(sections) >= 2, sections
    for path in dict.fromkeys([*sections, "/procedures/PRO-PIC-002/", "/procedures/PRO-PIC-002/r3.html",
                               "/procedures/PRO-PIC-001/", "/plans/2026-11/"]):
        visit.page.goto(visit.base_url + path)  # whatever its status: other tests check the pages themselves
    visit.goto("/")
    search(visit, "prévision")
    visit.page.wait_for_load_state("networkidle")

    assert visit.outside == []
    assert visit.errors == []


def test_the_harness_sees_requests_to_other_hosts(visit: Visit) -> None:
    """The check above would catch a font, script or image from another host."""
    visit.goto("/")
    visit.page.evaluate("""() => new Promise(done => {
        const image = new Image(); image.onload = image.onerror = done; image.src = "https://fonts.example.org/x.png";
    })""")
    assert visit.outside == ["https://fonts.example.org/x.png"]
