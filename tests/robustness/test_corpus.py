"""A corpus of nasty files, each with the exact findings it gives: (path, line, column, rule).

Files whose bytes matter (NUL bytes, UTF-16, latin-1, CR LF, a byte order mark) are stored in
``corpus/``; the others are written by the tests, the 6 MB one included. Every case also goes through
`harness.check_repository`: `sopdoc kpi` and the site generator must survive it too.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CONFIG, PLAN, PROCEDURE_1, ContentRepo
from tests.robustness.harness import check_repository

pytestmark = pytest.mark.filterwarnings("ignore::ImportWarning")  # pygal's import hook (see test_mutations)

CORPUS = Path(__file__).parent / "corpus"
P1 = "procedures/demand/PRO-PIC-001.md"
PLAN_FILE = "plans/2026-11.yaml"
TRAINING_FILE = "training.yaml"
NEW_PLAN = "plans/2026-12.yaml"
NEW_PROCEDURE = "procedures/demand/PRO-PIC-009.md"

Finding = tuple[str, int, int, str]
# What a procedure PRO-PIC-001 that cannot be read takes with it: the references to it.
P1_UNREADABLE = [("sopdoc.yaml", 28, 77, "unknown-reference"), ("training.yaml", 1, 32, "unknown-reference")]
# What a training.yaml that cannot be read takes with it: the training of mmartin.
UNTRAINED = [(P1, 10, 18, "training-gap")]


def findings(repo: ContentRepo) -> list[Finding]:
    return check_repository(repo.root).keys()


def messages(repo: ContentRepo) -> list[str]:
    return [finding["message"] for finding in check_repository(repo.root).findings]


# --------------------------------------------------------------------------- YAML 1.1 traps, in every kind of field

TRAPS = [
    # text fields: a boolean, a number or a date where text is due → "quote it"
    (P1, "title: Revue de la demande", "title: on", [(P1, 3, 8, "schema")], 'quote it: "on"'),
    (P1, "owner: demand-planner", "owner: no", [(P1, 7, 8, "schema")], 'quote it: "no"'),
    (P1, "when: J+4", "when: yes", [(P1, 14, 33, "schema")], 'quote it: "yes"'),
    (P1, "when: J+4", "when: 12:30", [(P1, 14, 33, "schema")], "the number 750 from '12:30'; quote it"),
    (P1, "title: Revue de la demande", "title: 010", [(P1, 3, 8, "schema")], "the number 8 from '010'; quote it"),
    (P1, "title: Revue de la demande", "title: .nan", [(P1, 3, 8, "schema")], 'quote it: ".nan"'),
    ("sopdoc.yaml", "organisation: Atelier Test", "organisation: off", [("sopdoc.yaml", 1, 15, "schema")],
     'quote it: "off"'),
    ("sopdoc.yaml", "{name: Gérante}", "{name: yes}", [("sopdoc.yaml", 5, 27, "schema")], 'quote it: "yes"'),
    (PLAN_FILE, "status: approved", "status: on", [(PLAN_FILE, 2, 9, "schema")], 'quote it: "on"'),
    (TRAINING_FILE, "trainer: jdupont", "trainer: off", [(TRAINING_FILE, 1, 85, "schema")], 'quote it: "off"'),
    # keys
    (P1, "id: PRO-PIC-001\n", "id: PRO-PIC-001\non: x\n", [(P1, 3, 1, "schema")], 'unknown field True; quote it: "on"'),
    ("sopdoc.yaml", "  supply-planner: {name: Ordonnanceur}\n",
     "  supply-planner: {name: Ordonnanceur}\n  no: {name: Non}\n",
     [("sopdoc.yaml", 8, 3, "schema")], "key the boolean false from 'no' in roles must be text; quote it: \"no\""),
    # numbers YAML 1.1 reads otherwise than they look: octal, base 60, an exponent read as text
    (P1, "revision: 2", "revision: 010", [(P1, 6, 11, "schema")], "YAML 1.1 reads 010 as the octal number 8"),
    ("sopdoc.yaml", "horizon_months: 3", "horizon_months: 03",
     [(PLAN_FILE, line, 5, "plan-horizon") for line in (7, 8, 11, 12)] + [("sopdoc.yaml", 31, 19, "schema")],
     "YAML 1.1 reads 03 as the octal number 3"),  # the horizon falls back to 18 months
    (PLAN_FILE, "lines_due: 10,", "lines_due: 010,", [(PLAN_FILE, 6, 70, "schema")], "octal number 8"),
    (PLAN_FILE, "lead_time_days: 5}", "lead_time_days: 1:30}", [(PLAN_FILE, 6, 108, "schema")],
     "reads 1:30 as the base-60 (sexagesimal) number 90"),
    (PLAN_FILE, "2026-12: 100, 2027", "2026-12: .nan, 2027", [(PLAN_FILE, 7, 39, "schema")], "finite number, got nan"),
    (PLAN_FILE, "2026-12: 100, 2027", "2026-12: 1e999, 2027", [(PLAN_FILE, 7, 39, "schema")],
     "got '1e999'; YAML 1.1 reads an exponent without a dot and a sign as text"),
    (PLAN_FILE, "2026-12: 100, 2027", "2026-12: 1.0e+999, 2027", [(PLAN_FILE, 7, 39, "schema")],
     "finite number, got inf"),
    # huge numbers: a finding, never an OverflowError in the indicators
    (PLAN_FILE, "2026-12: 100, 2027", "2026-12: 1" + "0" * 400 + ", 2027", [(PLAN_FILE, 7, 39, "schema")],
     "is too large (over 10^15)"),
    (PLAN_FILE, "2026-12: 100, 2027", "2026-12: 1.0e+300, 2027", [(PLAN_FILE, 7, 39, "schema")], "too large"),
    ("sopdoc.yaml", "hours_per_month: 1000", "hours_per_month: 1" + "0" * 400, [("sopdoc.yaml", 26, 43, "schema")],
     "too large"),
    (PLAN_FILE, "2026-12: 100, 2027", "2026-12: " + "1" * 5000 + ", 2027", [(PLAN_FILE, 7, 39, "schema")],
     "… (5,000 characters)"),  # past Python's 4,300-digit limit: text, quoted short
    (PLAN_FILE, "2026-12: 100, 2027", "2026-12: 0x" + "f" * 4000 + ", 2027", [(PLAN_FILE, 7, 39, "schema")],
     "must be a number"),
    # dates out of range or that do not exist
    (P1, "effective: 2026-03-02", "effective: 0000-01-01", [(P1, 9, 12, "schema")], "0000-01-01 is not a real date"),
    (P1, "effective: 2026-03-02", "effective: 10000-01-01", [(P1, 9, 12, "schema")], "must be a date YYYY-MM-DD"),
    (P1, "effective: 2026-03-02", "effective: 2026-02-29", [(P1, 9, 12, "schema")], "2026-02-29 is not a real date"),
    (P1, "effective: 2026-03-02", "effective: 9999-12-31", [(P1, 9, 12, "schema")],
     "9999-12-31 is out of range (years 1900 to 2999)"),  # + 12 months would not be a date
    (P1, "effective: 2026-03-02", "effective: 1899-12-31", [(P1, 9, 12, "schema")], "out of range"),
    (PLAN_FILE, "month: 2026-11", "month: 0000-11", [(PLAN_FILE, 1, 8, "schema")], "0000-11 is out of range"),
    (PLAN_FILE, "date: 2026-11-13", "date: 2026-02-29", [(PLAN_FILE, 3, 31, "schema")], "not a real date"),
    (TRAINING_FILE, "date: 2026-03-09", "date: 10000-01-01", [(TRAINING_FILE, 1, 64, "schema")], "YYYY-MM-DD"),
    # scalars PyYAML's own constructors choke on: plain text here
    (PLAN_FILE, "2026-12: 100, 2027", "2026-12: =, 2027", [(PLAN_FILE, 7, 39, "schema")], "got '='"),
    (PLAN_FILE, "2026-12: 100, 2027", "2026-12: <<, 2027", [(PLAN_FILE, 7, 39, "schema")], "got '<<'"),
    (PLAN_FILE, "2026-12: 100, 2027", "2026-12: !!bool maybe, 2027", [(PLAN_FILE, 7, 39, "schema")], "got 'maybe'"),
    (PLAN_FILE, "2026-12: 100, 2027", "2026-12: !!int '', 2027", [(PLAN_FILE, 7, 39, "schema")], "got ''"),
    (P1, "effective: 2026-03-02", "effective: !!timestamp garbage", [(P1, 9, 12, "schema")],
     "garbage is not a real date"),
    (P1, "title: Revue de la demande", "title: !!map x", [], ""),
]


@pytest.mark.parametrize(("relpath", "old", "new", "expected", "message"), TRAPS,
                         ids=[f"{relpath.split('/')[-1]}:{new[:24]}" for relpath, _, new, *_ in TRAPS])
def test_yaml_traps(repo: ContentRepo, relpath: str, old: str, new: str, expected: list[Finding],
                    message: str) -> None:
    repo.replace(relpath, old, new)
    outcome = check_repository(repo.root)
    assert outcome.keys() == expected
    assert all(message in finding["message"] for finding in outcome.findings if finding["rule"] == "schema")


@pytest.mark.parametrize("quantity", ["1" + "0" * 400, "1.0e+300", ".inf", "0x" + "f" * 4000])
def test_huge_numbers_leave_the_indicators_computed(repo: ContentRepo, quantity: str) -> None:
    """A figure too large is a finding; the indicators go on without it (10**400 / 3 raised OverflowError)."""
    repo.replace(PLAN_FILE, "2026-12: 100, 2027", f"2026-12: {quantity}, 2027")
    repo.replace("sopdoc.yaml", "hours_per_unit: {TOUR: 0.5}", f"hours_per_unit: {{TOUR: {quantity}}}")
    outcome = check_repository(repo.root)
    assert [finding["rule"] for finding in outcome.findings] == ["schema", "schema"]
    assert outcome.kpi is not None and outcome.kpi["month"] == "2026-11"


# --------------------------------------------------------------------------- bytes that matter (stored in corpus/)

STORED = [
    ("nul-in-front-matter.md", P1, [(P1, 3, 13, "yaml-syntax"), *P1_UNREADABLE], "control characters are not allowed"),
    ("nul-in-body.md", P1, [], ""),
    ("training-utf16-bom.yaml", TRAINING_FILE, [*UNTRAINED, (TRAINING_FILE, 1, 1, "yaml-syntax")],
     "file is not UTF-8 (byte 0xff); save it as UTF-8"),
    ("config-latin1.yaml", "sopdoc.yaml", [("sopdoc.yaml", 5, 28, "yaml-syntax")], "(byte 0xe9)"),
    # CR LF line endings: lines and columns as an editor shows them
    ("plan-crlf.yaml", PLAN_FILE, [(PLAN_FILE, 4, 1, "plan-family-missing"), (PLAN_FILE, 9, 3, "unknown-reference")],
     ""),
    # a byte order mark and CR LF: the front matter and the body (unsafe-html) placed right
    ("procedure-bom-crlf.md", P1, [(P1, 7, 8, "unknown-reference"), (P1, 22, 6, "unsafe-html")], ""),
]


@pytest.mark.parametrize(("name", "relpath", "expected", "message"), STORED, ids=[case[0] for case in STORED])
def test_stored_files(repo: ContentRepo, name: str, relpath: str, expected: list[Finding], message: str) -> None:
    repo.write_bytes(relpath, (CORPUS / name).read_bytes())
    outcome = check_repository(repo.root)
    assert outcome.keys() == expected
    assert all(message in finding["message"] for finding in outcome.findings if finding["path"] == relpath)


def test_the_stored_bytes_are_intact() -> None:
    """A checkout that converts line endings would make the cases above pass for the wrong reasons."""
    assert (CORPUS / "plan-crlf.yaml").read_bytes().count(b"\r\n") == PLAN.count("\n")
    assert (CORPUS / "procedure-bom-crlf.md").read_bytes().startswith(b"\xef\xbb\xbf---\r\n")
    assert (CORPUS / "training-utf16-bom.yaml").read_bytes().startswith(b"\xff\xfe")
    assert b"\x00" in (CORPUS / "nul-in-front-matter.md").read_bytes()


@pytest.mark.parametrize(("separator", "where"), [("\u2028", "LS"), ("\u2029", "PS"), ("\x85", "NEL"), ("\r", "CR")])
def test_unusual_line_breaks_do_not_shift_lines(repo: ContentRepo, separator: str, where: str) -> None:
    """libyaml also breaks lines at LS, PS, NEL and a lone CR; git, GitHub and the Markdown rules do not."""
    del where
    text = (PROCEDURE_1.replace("title: Revue de la demande", f'title: "Revue{separator}de la demande"')
            .replace("owner: demand-planner", "owner: demand-planer")
            .replace("effective: 2026-03-02\n", "effective: 2026-03-02\neffective: 2026-03-03\n"))
    repo.write_bytes(P1, text.encode("utf-8"))  # as bytes: reading text back would turn a lone CR into LF
    assert findings(repo) == [(P1, 7, 8, "unknown-reference"), (P1, 10, 1, "yaml-duplicate-key")]
    assert "first at line 9" in messages(repo)[1]


def test_a_syntax_error_at_the_end_of_a_file_without_a_final_newline(repo: ContentRepo) -> None:
    """libyaml places it on a line after the last one: it is reported at the end of the last line."""
    repo.write_bytes("sopdoc.yaml", b"organisation: Atelier Test\nl")
    assert findings(repo) == [("sopdoc.yaml", 2, 2, "yaml-syntax")]


# --------------------------------------------------------------------------- the file system

symlinks = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")


@symlinks
def test_a_symbolic_link_out_of_the_repository_is_not_read(repo: ContentRepo, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(PROCEDURE_1.replace("PRO-PIC-001", "PRO-PIC-009"), encoding="utf-8")
    (repo.root / NEW_PROCEDURE).symlink_to(secret)
    (repo.root / "plans" / "2026-12.yaml").symlink_to("/etc/passwd")
    assert findings(repo) == [(NEW_PLAN, 1, 1, "yaml-unsafe"), (NEW_PROCEDURE, 1, 1, "yaml-unsafe")]
    assert messages(repo)[0] == "symbolic link points outside the repository; not read"


@symlinks
def test_symbolic_link_loops_and_dangling_links(repo: ContentRepo) -> None:
    folder = repo.root / "procedures" / "demand"
    (folder / "loop.md").symlink_to("loop.md")
    (folder / "a.md").symlink_to("b.md")
    (folder / "b.md").symlink_to("a.md")
    (folder / "gone.md").symlink_to("nowhere.md")
    (repo.root / "procedures" / "up").symlink_to("..")  # a folder loop: not followed
    assert findings(repo) == [(f"procedures/demand/{name}.md", 1, 1, "yaml-syntax")
                              for name in ("a", "b", "gone", "loop")]
    assert messages(repo) == ["cannot read file: symbolic link loop"] * 2 + [
        "cannot read file: No such file or directory", "cannot read file: symbolic link loop"]


@symlinks
def test_a_symbolic_link_inside_the_repository_is_read(repo: ContentRepo) -> None:
    target = repo.root / "shared" / "PRO-PIC-002.md"
    target.parent.mkdir()
    (repo.root / "procedures/executive/PRO-PIC-002.md").rename(target)
    (repo.root / "procedures/executive/PRO-PIC-002.md").symlink_to("../../shared/PRO-PIC-002.md")
    assert findings(repo) == []


def test_folders_named_like_files(repo: ContentRepo) -> None:
    (repo.root / NEW_PLAN).mkdir()
    (repo.root / "procedures" / "demand" / "PRO-PIC-009.md").mkdir()
    assert findings(repo) == []
    (repo.root / TRAINING_FILE).unlink()
    (repo.root / TRAINING_FILE).mkdir()
    assert findings(repo) == [*UNTRAINED, (TRAINING_FILE, 1, 1, "yaml-syntax")]
    assert messages(repo)[1] == "cannot read file: Is a directory"


def test_a_file_name_with_spaces_and_accents(repo: ContentRepo) -> None:
    relpath = "procedures/demand/Procédure revue.md"
    repo.write(relpath, PROCEDURE_1.replace("PRO-PIC-001", "PRO-PIC-003"))
    assert findings(repo) == [(relpath, 2, 5, "filename-mismatch"), (relpath, 10, 18, "training-gap")]
    text = repo.validate()
    assert text.stdout.splitlines()[0] == (f"{relpath}:2:5: error: procedure PRO-PIC-003 is in Procédure revue.md; "
                                           "name the file PRO-PIC-003.md [filename-mismatch]")
    assert json.loads(repo.validate("--format", "json").stdout)["diagnostics"][0]["path"] == relpath
    github = repo.validate("--format", "github").stdout.splitlines()[0]
    assert github.startswith(f"::error file={relpath},line=2,col=5,title=filename-mismatch::")


# --------------------------------------------------------------------------- empty, cut short, too big, too deep


@pytest.mark.parametrize(("relpath", "content", "expected", "message"), [
    (NEW_PROCEDURE, "", [(NEW_PROCEDURE, 1, 1, "yaml-syntax")], "no front matter"),
    (NEW_PROCEDURE, "---\n", [(NEW_PROCEDURE, 1, 1, "yaml-syntax")], "the front matter opened on line 1 is not closed"),
    (P1, PROCEDURE_1.replace("---\n## Objet", "## Objet"), [(P1, 1, 1, "yaml-syntax"), *P1_UNREADABLE],
     "the front matter opened on line 1 is not closed; add a line '---' after its fields"),
    (NEW_PLAN, "", [(NEW_PLAN, 1, 1, "schema")], "(document) must be a mapping of fields"),
    (NEW_PLAN, "---\n", [(NEW_PLAN, 2, 1, "schema")], "(document) must be a mapping of fields"),
    ("sopdoc.yaml", "", [("sopdoc.yaml", 1, 1, "schema")], "(document) must be a mapping of fields"),
    ("sopdoc.yaml", "---", [("sopdoc.yaml", 1, 4, "schema")], "(document) must be a mapping of fields"),
], ids=["empty procedure", "procedure of only ---", "unclosed front matter", "empty plan", "plan of only ---",
        "empty sopdoc.yaml", "sopdoc.yaml of only ---"])
def test_empty_and_unclosed(repo: ContentRepo, relpath: str, content: str, expected: list[Finding],
                            message: str) -> None:
    repo.write(relpath, content)
    outcome = check_repository(repo.root)
    assert outcome.keys() == expected
    assert message in next(finding["message"] for finding in outcome.findings if finding["path"] == relpath)


@pytest.mark.parametrize("content", ["", "\n\n", "---\n", "# Formations : aucune pour l'instant\n"])
def test_an_empty_training_log_is_no_records_yet(repo: ContentRepo, content: str) -> None:
    """A company starting out has no training records: not an error, only the people still to train."""
    repo.write(TRAINING_FILE, content)
    assert check_repository(repo.root).keys() == UNTRAINED


def test_a_file_over_5_mb_is_not_read(repo: ContentRepo) -> None:
    repo.write_bytes(NEW_PLAN, b"month: 2026-12\n# " + b"x" * (6 * 1024 * 1024) + b"\n")
    assert findings(repo) == [(NEW_PLAN, 1, 1, "yaml-unsafe")]
    assert messages(repo) == ["file is 6.0 MB, over the 5 MB limit; not read"]


def test_very_long_lines(repo: ContentRepo) -> None:
    repo.replace(P1, "title: Revue de la demande", "title: " + "x" * 200_000)
    assert findings(repo) == []
    repo.replace(P1, "title: x", 'title: "x')  # a quote never closed: found where the stream ends
    assert findings(repo) == [(P1, 18, 1, "yaml-syntax"), *P1_UNREADABLE]


def test_long_bodies_are_scanned_in_linear_time(repo: ContentRepo) -> None:
    """Runs of backticks, tildes or brackets that made the unsafe-html searches quadratic (hours)."""
    hostile = "".join(("`" * 300_000, "\n", "~" * 300_000, "\n", "<b:" * 100_000, "\n", "```\n````\n" * 30_000,
                       "{:" * 100_000, "\n", "`a` " * 100_000, "\n", "\n" * 100_000))
    repo.write(P1, PROCEDURE_1 + hostile + "<script>x</script>\n")
    started = time.monotonic()
    assert findings(repo) == [(P1, 22 + hostile.count("\n"), 1, "unsafe-html")]
    assert time.monotonic() - started < 60  # about a second; the quadratic searches took hours


@pytest.mark.parametrize(("depth", "expected"), [
    (49, [(PLAN_FILE, 13, 15, "schema")]),  # the root mapping and 49 lists: 50 levels, read
    (50, [(PLAN_FILE, 13, 63, "yaml-unsafe")]),  # 51 levels: refused at the 51st
])
def test_nesting_at_the_limit(repo: ContentRepo, depth: int, expected: list[Finding]) -> None:
    repo.write(PLAN_FILE, PLAN + "assumptions: " + "[" * depth + "]" * depth + "\n")
    assert findings(repo) == expected


@pytest.mark.parametrize(("addition", "expected", "message"), [
    ("assumptions: [&a [1,1,1,1,1,1,1,1,1,1], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a], "
     "&c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b], [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]]\n",
     [(PLAN_FILE, 13, 135, "yaml-unsafe")], "aliases expand the document past 10,000 nodes"),
    ("risks: !!python/object/apply:os.system [echo]\n", [(PLAN_FILE, 13, 8, "yaml-unsafe")],
     "tag !!python/object/apply:os.system is not allowed; remove it"),
    ("---\nmonth: 2026-12\n", [(PLAN_FILE, 13, 1, "yaml-syntax")], "more than one YAML document in the file; keep one"),
    ("base: &b {x: 1}\nother:\n  <<: *b\n", [(PLAN_FILE, 13, 1, "schema"), (PLAN_FILE, 14, 1, "schema")],
     "unknown field"),  # `<<` is not a merge here: a key like another
], ids=["alias bomb", "python tag", "two documents", "merge key"])
def test_unsafe_yaml(repo: ContentRepo, addition: str, expected: list[Finding], message: str) -> None:
    repo.write(PLAN_FILE, PLAN + addition)
    assert findings(repo) == expected
    assert all(message in text for text in messages(repo))


# --------------------------------------------------------------------------- active content Markdown lets through

# Each body renders as live HTML with Python-Markdown (fenced_code on); unsafe-html took each for code.
HOSTILE_BODIES = [
    ("````\n<script>alert(1)</script>\n```\n", 2, 1),  # a fence is closed by the same fence only
    ("~~~ <script>alert(1)</script>\n~~~\n", 1, 5),  # nor is a line with HTML after ~~~ a fence
    ("\\`<script>alert(1)</script>\\`\n", 1, 3),  # an escaped backtick opens no code span
    ("<div>\n`<script>alert(1)</script>`\n</div>\n", 2, 2),  # inline code is not code in an HTML block
    ("``x\n`a``<script>alert(1)</script>`\n", 2, 5),  # spans pair across lines, in one paragraph
    ("# Titre {: onclick=\"alert(1)\" }\n", 1, 12),  # attr_list writes any attribute
    ("[x](https://erp.local){: href=\"javascript:alert(1)\" }\n", 1, 31),
]


@pytest.mark.parametrize(("body", "line", "column"), HOSTILE_BODIES, ids=[body[:20] for body, *_ in HOSTILE_BODIES])
def test_active_content_hidden_as_code_is_found(repo: ContentRepo, body: str, line: int, column: int) -> None:
    repo.write(P1, PROCEDURE_1 + body)
    assert findings(repo) == [(P1, 21 + line, column, "unsafe-html")]


def test_files_with_a_byte_order_mark_and_crlf_are_clean(repo: ContentRepo) -> None:
    """The fixture's own files saved by a Windows editor give nothing, a fenced example of HTML included
    (Python-Markdown reads CR LF as LF: the fence is closed, its content is code)."""
    body = "```html\n<script>alert(1)</script>\n```\n"
    repo.write_bytes("sopdoc.yaml", b"\xef\xbb\xbf" + CONFIG.replace("\n", "\r\n").encode("utf-8"))
    repo.write_bytes(P1, b"\xef\xbb\xbf" + (PROCEDURE_1 + body).replace("\n", "\r\n").encode("utf-8"))
    assert findings(repo) == []
