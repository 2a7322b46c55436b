"""`sopdoc new procedure` and `sopdoc new plan`: whole files and outputs, in real git repositories."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from sopdoc.authoring import area_code, carry_series, next_procedure_id
from tests.conftest import BASE_FILES, CONFIG, run_sopdoc
from tests.gitrepo import GitRepo

DATE = "2026-11-20T10:00:00+01:00"


def content_repository(root: Path, files: dict[str, str]) -> GitRepo:
    """A content repository committed in git, so that a test can see every file a command touched."""
    repo = GitRepo.create(root)
    for relpath, text in files.items():
        repo.write(relpath, text)
    repo.commit("Contenu de départ", DATE)
    return repo


def untracked(repo: GitRepo) -> list[str]:
    """``git status`` in short form: what changed since the commit."""
    return repo.git("status", "--porcelain", "--untracked-files=all").splitlines()


@pytest.fixture
def base(tmp_path: Path) -> GitRepo:
    return content_repository(tmp_path / "content", BASE_FILES)


# --------------------------------------------------------------------------- procedures

NEW_PROCEDURE = """\
---
id: PRO-DEM-001
title: Revue des prévisions
area: demand
status: draft                  # draft | active | retired
revision: 1                    # +1 à chaque modification du contenu
owner: demand-planner
# Pour passer la procédure en active : approver (rôle qui approuve) et effective (date d'application).
# approver: general-manager
# effective: AAAA-MM-JJ
training_roles: []             # rôles à former sur la révision en vigueur
indicators: []                 # indicateurs dont la procédure répond, ex. [forecast-accuracy, otif]
related: []                    # procédures liées, ex. [PRO-PIC-002]
steps: []                      # qui fait quoi, quand et comment ; une étape par élément :
#  - who: demand-planner
#    when: J+3
#    what: Ce qui est fait
#    how: Avec quel formulaire, quelle règle
#    output: Ce qui en sort
changes:                       # une entrée par révision, la plus récente en tête
  - revision: 1
    date: 2026-11-25
    summary: Création de la procédure
---
## Objet

À rédiger : pourquoi cette procédure existe et ce qu'elle garantit, en deux ou trois phrases.

## Domaine d'application

À rédiger : les familles de produits, les ateliers et les personnes concernés.

## Déroulement

À rédiger : les étapes dans l'ordre, avec les règles de décision et les cas particuliers.

## Enregistrements

À rédiger : les documents produits, où ils sont classés et combien de temps ils sont gardés.
"""


def front_matter(path: Path) -> dict[str, object]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(loaded, dict)
    return loaded


def test_new_procedure_whole_file(base: GitRepo) -> None:
    result = run_sopdoc(base.root, "new", "procedure", "--area", "demand", "--title", "Revue des prévisions",
                        "--today", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert result.stdout == "procedures/demand/PRO-DEM-001.md\n"
    assert (base.root / "procedures/demand/PRO-DEM-001.md").read_text(encoding="utf-8") == NEW_PROCEDURE
    assert untracked(base) == ["?? procedures/demand/PRO-DEM-001.md"]
    validation = run_sopdoc(base.root, "validate", "--today", "2026-11-25")
    assert (validation.exit_code, validation.stdout) == (0, "")


def test_new_procedure_prints_its_path_from_a_subfolder(base: GitRepo) -> None:
    result = run_sopdoc(base.root / "procedures" / "demand", "new", "procedure", "--area", "executive",
                        "--title", "Arbitrages")
    assert result.stdout == "../executive/PRO-DIR-001.md\n"


def test_default_ids_follow_the_highest_of_the_area(base: GitRepo) -> None:
    def new(area: str) -> str:
        result = run_sopdoc(base.root, "new", "procedure", "--area", area, "--title", "Titre")
        assert result.exit_code == 0, result.output
        return result.stdout.strip()

    base.write("procedures/supply/PRO-SUP-007.md", "not even front matter\n")  # broken, but its id is taken
    assert [new("demand"), new("demand"), new("supply"), new("reconciliation"), new("support")] == [
        "procedures/demand/PRO-DEM-001.md", "procedures/demand/PRO-DEM-002.md", "procedures/supply/PRO-SUP-008.md",
        "procedures/reconciliation/PRO-REC-001.md", "procedures/support/PRO-QUA-001.md"]


def test_area_codes_and_numbering() -> None:
    assert [area_code(area) for area in ("demand", "supply", "reconciliation", "executive", "support",
                                         "maintenance", "hse-2", "qa")] == [
        "DEM", "SUP", "REC", "DIR", "QUA", "MAI", "HSE", "QA"]
    assert next_procedure_id("demand", ["PRO-DEM-001", "PRO-DEM-009", "PRO-DEM-X", "PRO-SUP-020"]) == "PRO-DEM-010"
    assert next_procedure_id("maintenance", []) == "PRO-MAI-001"


def test_owner_defaults_to_the_area_owner_else_the_first_role(base: GitRepo) -> None:
    run_sopdoc(base.root, "new", "procedure", "--area", "executive", "--title", "A")
    run_sopdoc(base.root, "new", "procedure", "--area", "supply", "--title", "B")
    run_sopdoc(base.root, "new", "procedure", "--area", "supply", "--title", "C", "--owner", "supply-planner",
               "--id", "PRO-APPRO-001")
    assert front_matter(base.root / "procedures/executive/PRO-DIR-001.md")["owner"] == "general-manager"
    assert front_matter(base.root / "procedures/supply/PRO-SUP-001.md")["owner"] == "general-manager"  # first role
    assert front_matter(base.root / "procedures/supply/PRO-APPRO-001.md")["owner"] == "supply-planner"


HOSTILE_TITLES = ["yes", "no", "on", "10:30", "a: b", "{{ x }}", "{% raw %}", "<script>alert(1)</script>",
                  "# pas un commentaire", "- pas une liste", "'guillemets'", '"doubles"', "2026-11-25", "null", "~",
                  "Revue: demande, offre [v2] {brouillon}", " espace", "deux\nlignes", "1e3", "0x10"]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_are_written_exactly(base: GitRepo, title: str) -> None:
    result = run_sopdoc(base.root, "new", "procedure", "--area", "demand", "--title", title)
    assert result.exit_code == 0, result.output
    written = base.root / "procedures/demand/PRO-DEM-001.md"
    assert front_matter(written)["title"] == title
    findings = json.loads(run_sopdoc(base.root, "validate", "--format", "json", "--today", "2026-11-25").stdout)
    assert findings["diagnostics"] == []


@pytest.mark.parametrize(("args", "message"), [
    (("--id", "PRO-PIC-001"), "Error: procedure PRO-PIC-001 already exists; choose another id\n"),
    (("--id", "pro-dem-1"), "Error: 'pro-dem-1' is not a procedure id: upper case with dashes, e.g. PRO-DEM-005\n"),
    (("--owner", "jdupont"), "Error: 'jdupont' is not a role of sopdoc.yaml; a procedure is owned by a role\n"),
    (("--title", " "), "Error: the title is empty; give the procedure a title with --title\n"),
])
def test_new_procedure_refusals_write_nothing(base: GitRepo, args: tuple[str, ...], message: str) -> None:
    result = run_sopdoc(base.root, "new", "procedure", "--area", "demand", "--title", "Titre", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert untracked(base) == []


def test_unknown_area_names_the_known_ones(base: GitRepo) -> None:
    result = run_sopdoc(base.root, "new", "procedure", "--area", "demande", "--title", "Titre")
    assert result.exit_code == 2
    assert result.stderr == ("Error: unknown area 'demande' (did you mean 'demand'?); the areas of sopdoc.yaml are: "
                             "demand, supply, reconciliation, executive, support\n")


def test_an_existing_file_is_never_overwritten(base: GitRepo) -> None:
    base.write("procedures/executive/PRO-DEM-001.md", "pas encore de front matter\n")  # another area, same id
    result = run_sopdoc(base.root, "new", "procedure", "--area", "demand", "--title", "T", "--id", "PRO-DEM-001")
    assert result.exit_code == 2
    assert "PRO-DEM-001 already exists" in result.stderr
    assert not (base.root / "procedures/demand/PRO-DEM-001.md").exists()
    assert (base.root / "procedures/executive/PRO-DEM-001.md").read_text() == "pas encore de front matter\n"


# --------------------------------------------------------------------------- plans

PLAN_2026_11 = """\
month: 2026-11
status: approved
approved: {by: jdupont, date: 2026-11-13}
data_sources:
  - {id: erp-orders, description: "Commandes, expéditions", owner: demand-planner, as_of: 2026-11-03, max_age_days: 7}
  - {id: stock, as_of: 2026-11-03}
cycle:
  - {step: demand-review, done: 2026-11-05, attendees: [mmartin]}
families:
  FAM-A:
    actuals: {demand: 100, production: 90, inventory: 40, lines_due: 10, lines_on_time: 9, lead_time_days: 5}
    forecast: {2026-11: 100, 2026-12: 110, 2027-01: 120}
    production: {2026-11: 100, 2026-12: 105, 2027-01: 115.5}
  FAM-B:
    actuals: {demand: 10, production: 10, backlog: 20, lines_due: 4, lines_on_time: 4, lead_time_days: 12}
    forecast: {2026-11: 10, 2026-12: 11, 2027-01: 12}
    production: {2026-11: 10, 2026-12: 10, 2027-01: 13}
capacity:
  TOUR: {2026-11: 800, 2027-01: 700}
assumptions: [Hausse de 5 % chez Alpha, "Fermeture : du 24 décembre au 1er janvier"]
risks:
  - {id: R-1, description: Retard fournisseur, owner: supply-planner, impact: high}
  - {id: R-2, description: "yes"}
decisions:
  - {id: D-2026-11-1, description: Samedi travaillé, owner: jdupont, date: 2026-11-13}
actions:
  - {id: A-1, description: Second fournisseur, owner: pleroux, due: 2026-12-15, original_due: 2026-11-30, status: open}
  - {id: A-2, description: Former les régleurs, owner: mmartin, due: 2026-11-20, status: done, done: 2026-11-18}
  - {id: A-3, description: "Tarifs : mise à jour", owner: jdupont, due: 2027-01-15, status: open}
"""

TO_FILL = [
    "data_sources[0].as_of", "data_sources[1].as_of",
    *(f"families.FAM-A.actuals.{key}" for key in
      ("demand", "production", "inventory", "lines_due", "lines_on_time", "lead_time_days")),
    *(f"families.FAM-B.actuals.{key}" for key in
      ("demand", "production", "backlog", "lines_due", "lines_on_time", "lead_time_days")),
]


@pytest.fixture
def planned(tmp_path: Path) -> GitRepo:
    return content_repository(tmp_path / "plans", {**BASE_FILES, "plans/2026-11.yaml": PLAN_2026_11})


def test_new_plan_rolls_the_latest_plan_forward(planned: GitRepo) -> None:
    result = run_sopdoc(planned.root, "new", "plan", "2026-12")
    assert result.exit_code == 0, result.output
    assert untracked(planned) == ["?? plans/2026-12.yaml"]
    text = (planned.root / "plans/2026-12.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/plan.schema.json\n")
    assert yaml.safe_load(text) == {
        "month": "2026-12",
        "status": "draft",
        "data_sources": [
            {"id": "erp-orders", "description": "Commandes, expéditions", "owner": "demand-planner", "as_of": None,
             "max_age_days": 7},
            {"id": "stock", "as_of": None},
        ],
        "cycle": [],
        "families": {
            "FAM-A": {
                "actuals": {"demand": None, "production": None, "inventory": None, "lines_due": None,
                            "lines_on_time": None, "lead_time_days": None},
                "forecast": {"2026-12": 110, "2027-01": 120, "2027-02": 120},
                "production": {"2026-12": 105, "2027-01": 115.5, "2027-02": 115.5},
            },
            "FAM-B": {
                "actuals": {"demand": None, "production": None, "backlog": None, "lines_due": None,
                            "lines_on_time": None, "lead_time_days": None},
                "forecast": {"2026-12": 11, "2027-01": 12, "2027-02": 12},
                "production": {"2026-12": 10, "2027-01": 13, "2027-02": 13},
            },
        },
        "capacity": {"TOUR": {"2027-01": 700}},
        "assumptions": ["Hausse de 5 % chez Alpha", "Fermeture : du 24 décembre au 1er janvier"],
        "risks": [{"id": "R-1", "description": "Retard fournisseur", "owner": "supply-planner", "impact": "high"},
                  {"id": "R-2", "description": "yes"}],
        "decisions": [],
        "actions": [
            {"id": "A-1", "description": "Second fournisseur", "owner": "pleroux", "due": dt.date(2026, 12, 15),
             "original_due": dt.date(2026, 11, 30), "status": "open"},
            {"id": "A-3", "description": "Tarifs : mise à jour", "owner": "jdupont", "due": dt.date(2027, 1, 15),
             "status": "open"},
        ],
    }
    placeholders = [line for line in text.splitlines() if line.endswith("# À RENSEIGNER")]
    assert len(placeholders) == len(TO_FILL)
    assert all("null" in line for line in placeholders)


def test_new_plan_output_lists_exactly_what_validate_reports(planned: GitRepo) -> None:
    result = run_sopdoc(planned.root, "new", "plan", "2026-12")
    listed = result.stdout.splitlines()
    assert listed[:3] == [
        "plans/2026-12.yaml: rolled forward from plans/2026-11.yaml",
        "carried: 2 data sources, 2 assumptions, 2 risks, 2 open actions; not carried: 1 done action, 1 decision",
        "to fill in: 14 values written null and marked « À RENSEIGNER »",
    ]
    places = [line.rsplit(": ", 1) for line in listed[3:]]
    assert [field for _, field in places] == TO_FILL
    validation = run_sopdoc(planned.root, "validate", "--today", "2026-12-01", "--format", "json")
    diagnostics = json.loads(validation.stdout)["diagnostics"]
    assert [f"{d['path']}:{d['line']}:{d['column']}" for d in diagnostics] == [place for place, _ in places]
    assert {d["rule"] for d in diagnostics} == {"schema"}
    assert [d["message"].split(" must be ")[0] for d in diagnostics] == TO_FILL


def test_months_without_a_plan_are_skipped_and_said(planned: GitRepo) -> None:
    result = run_sopdoc(planned.root, "new", "plan", "2027-02")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "plans/2027-02.yaml: rolled forward from plans/2026-11.yaml (2 months without a plan skipped)")
    rolled = yaml.safe_load((planned.root / "plans/2027-02.yaml").read_text(encoding="utf-8"))
    assert rolled["families"]["FAM-A"]["forecast"] == {"2027-02": 120, "2027-03": 120, "2027-04": 120}
    assert rolled["capacity"] == {}


def test_rolls_from_the_latest_plan_before_the_month(tmp_path: Path) -> None:
    repo = content_repository(tmp_path / "c", {**BASE_FILES, "plans/2026-11.yaml": PLAN_2026_11,
                                               "plans/2027-01.yaml": PLAN_2026_11.replace("month: 2026-11",
                                                                                          "month: 2027-01")})
    result = run_sopdoc(repo.root, "new", "plan", "2026-12")
    assert result.stdout.splitlines()[0] == "plans/2026-12.yaml: rolled forward from plans/2026-11.yaml"


def test_a_family_new_in_sopdoc_yaml_gets_placeholders(tmp_path: Path) -> None:
    config = CONFIG.replace("work_centers:", "  FAM-C:\n    name: Neuf\n    unit: pcs\n    strategy: mto\n"
                                             "work_centers:")
    repo = content_repository(tmp_path / "c", {**BASE_FILES, "sopdoc.yaml": config})
    result = run_sopdoc(repo.root, "new", "plan", "2026-12")
    assert "new family FAM-C: forecast and production to fill in" in result.stdout
    rolled = yaml.safe_load((repo.root / "plans/2026-12.yaml").read_text(encoding="utf-8"))
    assert rolled["families"]["FAM-C"]["forecast"] == {"2026-12": None, "2027-01": None, "2027-02": None}
    assert result.stdout.count("families.FAM-C.") == 6 + 3 + 3


def test_a_family_gone_from_sopdoc_yaml_is_not_carried(tmp_path: Path) -> None:
    start, end = CONFIG.index("  FAM-B:"), CONFIG.index("work_centers:")
    repo = content_repository(tmp_path / "c", {**BASE_FILES, "sopdoc.yaml": CONFIG[:start] + CONFIG[end:]})
    result = run_sopdoc(repo.root, "new", "plan", "2026-12")
    assert result.exit_code == 0, result.output
    assert "not carried: family FAM-B, no longer in sopdoc.yaml" in result.stdout.splitlines()
    rolled = yaml.safe_load((repo.root / "plans/2026-12.yaml").read_text(encoding="utf-8"))
    assert list(rolled["families"]) == ["FAM-A"]


def test_carry_series() -> None:
    horizon = ("2026-12", "2027-01", "2027-02")
    assert carry_series({"2026-11": 1, "2026-12": 2, "2027-01": 0}, horizon) == (
        ("2026-12", 2), ("2027-01", 0), ("2027-02", 0))
    assert carry_series({"2027-02": 5}, horizon) == (("2026-12", None), ("2027-01", None), ("2027-02", 5))
    assert carry_series({}, horizon) == (("2026-12", None), ("2027-01", None), ("2027-02", None))


@pytest.mark.parametrize(("month", "message"), [
    ("2026-11", "Error: the plan of 2026-11 already exists (plans/2026-11.yaml); sopdoc never overwrites a plan\n"),
    ("2026-10", "Error: no plan before 2026-10 to roll forward; write the first plan by hand (see "
                "templates/plan.yaml.j2 and the documentation of the plan format)\n"),
])
def test_new_plan_refusals_write_nothing(planned: GitRepo, month: str, message: str) -> None:
    result = run_sopdoc(planned.root, "new", "plan", month)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert untracked(planned) == []


def test_a_month_must_be_a_month(planned: GitRepo) -> None:
    result = run_sopdoc(planned.root, "new", "plan", "2026-13")
    assert result.exit_code == 2
    assert "'2026-13' is not a month; write YYYY-MM" in result.stderr


def test_a_broken_previous_plan_is_not_rolled_forward(planned: GitRepo) -> None:
    planned.write("plans/2026-11.yaml", PLAN_2026_11.replace("due: 2027-01-15", "due: 2027-01-32"))
    result = run_sopdoc(planned.root, "new", "plan", "2026-12")
    assert result.exit_code == 2
    assert result.stderr == ("Error: plans/2026-11.yaml has 1 problem(s) that would be lost in the new plan; run "
                             "`sopdoc validate`, fix them, then roll it forward\n")
    assert not (planned.root / "plans/2026-12.yaml").exists()
