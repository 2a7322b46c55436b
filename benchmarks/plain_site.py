"""Write the reference site for bench_site.py: N bare Markdown pages built by plain MkDocs + Material.

Usage:
    python benchmarks/plain_site.py DIR N [--seed 1]

DIR must be empty or absent. Written:
  DIR/docs/index.md                       a short home page
  DIR/docs/procedures/index.md            one table per area (5 areas, like sopdoc's procedure index),
                                          a row and a link per page
  DIR/docs/procedures/PRO-<AREA>-NNNN.md  N pages: an H1 title and four H2 sections of one paragraph
                                          each, about 400 words of French text (a procedure body's size)
  DIR/mkdocs.yml                          the navigation of sopdoc's site: the index pages only (home,
                                          procedures); the N pages are reached from the procedure index
  DIR/mkdocs-full-nav.yml                 the same site with every page in the navigation, one section
                                          per area (for information)

Both configurations use sopdoc's built-in theme settings: material, language fr, font false, features
navigation.sections, navigation.indexes, navigation.prune and navigation.top, the search plugin, the
same Markdown extensions (tables, admonition, attr_list, def_list, toc with permalinks) and no
generator link. Build with `mkdocs build -f DIR/mkdocs.yml` (the site goes to DIR/site). The text is a
function of N and the seed only.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import yaml

AREAS = {"DEM": "Demande", "APP": "Approvisionnement", "REC": "Réconciliation", "DIR": "Direction",
         "SUP": "Support"}
SECTIONS = ("Objet", "Domaine d'application", "Déroulement", "Points de vigilance")
WORDS_PER_PAGE = 400
SUBJECTS = ("Le responsable de la procédure", "La coordinatrice PIC", "Le chef d'atelier", "L'acheteuse",
            "Le responsable commercial", "La responsable qualité", "Le technicien méthodes")
VERBS = ("consolide", "vérifie", "valide", "met à jour", "compare", "archive", "transmet", "analyse")
OBJECTS = ("le plan de production", "le budget des ventes", "la charge du poste EDM", "les écarts de prévision",
           "le plan d'actions", "les besoins en composants", "le tableau de bord du PIC", "les stocks de sécurité")
TAILS = ("avant la revue mensuelle", "dans le délai indiqué", "avec l'accord écrit de la production",
         "sur le serveur qualité", "à partir des gammes standards", "en fin de mois",
         "lorsque l'écart dépasse dix pour cent", "pour chaque famille de produits")
TITLE_VERBS = ("Revue", "Préparation", "Validation", "Suivi", "Consolidation", "Mise à jour", "Contrôle")
TITLE_OBJECTS = ("du plan de demande", "des capacités", "des stocks de sécurité", "du budget de production",
                 "des risques majeurs", "des écarts de prévision", "du plan d'approvisionnement")

THEME: dict[str, Any] = {
    "name": "material",
    "language": "fr",
    "font": False,
    "features": ["navigation.sections", "navigation.indexes", "navigation.prune", "navigation.top"],
}
MARKDOWN_EXTENSIONS: list[Any] = ["tables", "admonition", "attr_list", "def_list", {"toc": {"permalink": True}}]


def paragraph(rng: random.Random, words: int) -> str:
    """Sentences of French S&OP prose, about ``words`` words."""
    sentences: list[str] = []
    count = 0
    while count < words - 6:  # sentences are 10-15 words: stop close to the target, not past it
        sentence = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def page_ids(n: int) -> list[tuple[str, str]]:
    """(page id, area code) for N pages spread evenly over the areas."""
    codes = list(AREAS)
    return [(f"PRO-{codes[i % len(codes)]}-{i // len(codes) + 1:04d}", codes[i % len(codes)]) for i in range(n)]


def page_text(rng: random.Random, title: str) -> str:
    per_section = WORDS_PER_PAGE // len(SECTIONS)
    body = "".join(f"## {section}\n\n{paragraph(rng, per_section)}\n\n" for section in SECTIONS)
    return f"# {title}\n\n{body}"


def settings(nav: list[Any]) -> dict[str, Any]:
    return {
        "site_name": "Site de référence (MkDocs seul)",
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": True,
        "theme": THEME,
        "plugins": ["search"],
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "extra": {"generator": False},
        "validation": {"nav": {"omitted_files": "ignore"}, "links": {"not_found": "warn"}},
        "nav": nav,
    }


def bodies(content: Path) -> dict[str, tuple[str, str]]:
    """The procedures of a content repository as bare pages: id → (title, the body under an H1 title),
    front matter removed, the Markdown exactly as written."""
    found: dict[str, tuple[str, str]] = {}
    for path in sorted((content / "procedures").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        front, _, body = text.removeprefix("---\n").partition("\n---\n")
        meta = yaml.safe_load(front) if text.startswith("---\n") else {}
        title = str(meta.get("title") or path.stem) if isinstance(meta, dict) else path.stem
        found[path.stem] = (title, f"# {path.stem} — {title}\n\n{body}")
    return found


def write(out: Path, n: int, seed: int = 1, content: Path | None = None) -> int:
    """Write the tree and both configurations; returns the number of Markdown files. With ``content``,
    the pages are that repository's own procedure bodies (`bodies`) instead of generated prose."""
    rng = random.Random(seed)
    docs = out / "docs" / "procedures"
    docs.mkdir(parents=True)
    own = bodies(content) if content is not None else {}
    pages = [(page, page.split("-")[1]) for page in own] if own else page_ids(n)
    titles: dict[str, str] = {}
    for page, _ in pages:
        if own:
            titles[page], text = own[page]
        else:
            titles[page] = f"{rng.choice(TITLE_VERBS)} {rng.choice(TITLE_OBJECTS)}"
            text = page_text(rng, titles[page])
        (docs / f"{page}.md").write_text(text, encoding="utf-8")
    index = ["# Procédures\n"]
    for code, name in {**AREAS, **{area: area for _, area in pages if area not in AREAS}}.items():
        rows = [f"| [{page}]({page}.md) | {titles[page]} | Coordinatrice PIC | 1 | 13 novembre 2026 | Active |"
                for page, area in pages if area == code]
        if rows:
            index += [f"## {name}\n", "| Procédure | Titre | Responsable | Révision | En vigueur | Statut |",
                      "|---|---|---|---|---|---|", *rows, ""]
    (docs / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    (out / "docs" / "index.md").write_text(
        "# Accueil\n\nLes [procédures](procedures/index.md) de l'entreprise.\n", encoding="utf-8")
    small = [{"Accueil": "index.md"}, {"Procédures": "procedures/index.md"}]
    full = [{"Accueil": "index.md"}, {"Procédures": ["procedures/index.md", *[
        {name: [f"procedures/{page}.md" for page, area in pages if area == code]}
        for code, name in {**AREAS, **{area: area for _, area in pages if area not in AREAS}}.items()
        if any(area == code for _, area in pages)]]}]
    for name, nav in (("mkdocs.yml", small), ("mkdocs-full-nav.yml", full)):
        (out / name).write_text(yaml.safe_dump(settings(nav), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(pages) + 2


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("dir", type=Path)
    ap.add_argument("n", type=int, help="number of pages (bench_site.py: the number of procedures)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    if a.n < 1:
        ap.error("N must be at least 1")
    if a.dir.exists() and any(a.dir.iterdir()):
        ap.error(f"{a.dir} is not empty")
    count = write(a.dir, a.n, a.seed)
    print(f"wrote {count} Markdown pages and mkdocs.yml, mkdocs-full-nav.yml into {a.dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
