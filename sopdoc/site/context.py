"""What every page generator receives: the loaded repository, its git history, the settings of
the site and shared helpers (labels, links, dates). Built once per site; pure from here on."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import quote, urlencode

from sopdoc.config import Organisation
from sopdoc.history import History, ProcedureHistory
from sopdoc.indicators import IndicatorReport, compute_indicators
from sopdoc.indicators.figures import Figure
from sopdoc.labels import Labels
from sopdoc.model import Procedure
from sopdoc.repository import Repository
from sopdoc.status import next_review

ROLE_PAGE_ID = re.compile(r"^[a-z][a-z0-9-]*$")  # a role id that is safe as a file name


@dataclass(frozen=True)
class SiteSettings:
    today: dt.date
    repo_url: str | None = None  # the forge's project page, for "propose a change" / "report a problem"
    edit_uri: str | None = None  # e.g. "edit/main/" (GitHub) or "-/edit/main/" (GitLab)
    content_prefix: str = ""  # the content root inside the git repository, for edit links
    site_url: str | None = None  # where the site is served (absolute links in the Atom feed)


@dataclass
class SiteContext:
    repo: Repository
    organisation: Organisation
    settings: SiteSettings
    history: History | None = None
    # (current path, revision number) → the file's text as that revision finally was
    old_texts: dict[tuple[str, int], str] = field(default_factory=dict)

    @cached_property
    def labels(self) -> Labels:
        return Labels(self.organisation.language)

    @cached_property
    def procedures(self) -> dict[str, Procedure]:
        return {procedure.id: procedure for procedure in sorted(self.repo.procedures, key=lambda p: p.id or "")
                if procedure.id}

    @cached_property
    def indicators(self) -> IndicatorReport | None:
        try:
            return compute_indicators(self.repo, None, self.settings.today)
        except Exception:
            return None

    def history_of(self, procedure: Procedure) -> ProcedureHistory | None:
        return self.history.by_path.get(procedure.path) if self.history else None

    def next_review(self, procedure: Procedure) -> dt.date | None:
        return next_review(procedure, self.organisation)

    def value(self, figure: Figure) -> str:
        """A figure as a reader sees it: percentages, days, weeks, counts, in the site's language."""
        labels = self.labels
        if figure.value is None:
            return labels("no_value")
        if figure.unit == "ratio" and figure.id != "tracking-signal":
            return labels.percent(figure.value)
        if figure.unit == "days":
            return f"{labels.number(figure.value)} {labels('days')}"
        if figure.unit == "count" or float(figure.value).is_integer():
            return labels.number(figure.value, 0)
        return labels.number(figure.value)

    def date(self, value: dt.date | None) -> str:
        return self.labels.date(value) if value else ""

    def actor(self, identifier: str | None) -> str:
        """A person's name, or a role's name with its people."""
        if identifier is None:
            return ""
        if identifier in self.organisation.people:
            return self.organisation.people[identifier].name
        role = self.organisation.roles.get(identifier)
        return role.name if role else identifier

    def role_page(self, identifier: str) -> str | None:
        """The page of a role in the tree, if the role is known and its id is safe as a file name."""
        if identifier in self.organisation.roles and ROLE_PAGE_ID.match(identifier):
            return f"roles/{identifier}.md"
        return None

    def edit_url(self, procedure: Procedure) -> str | None:
        if not self.settings.repo_url or self.settings.edit_uri is None:
            return None
        path = f"{self.settings.content_prefix}{procedure.path}"
        return f"{self.settings.repo_url.rstrip('/')}/{self.settings.edit_uri.strip('/')}/{quote(path)}"

    def issue_url(self, procedure: Procedure) -> str | None:
        """A new issue on the forge, prefilled with the procedure's id and revision."""
        if not self.settings.repo_url:
            return None
        base = self.settings.repo_url.rstrip("/")
        title = f"{procedure.id} (rév. {procedure.revision}) : "
        body = f"Procédure {procedure.id}, révision {procedure.revision} ({procedure.path}).\n\nProblème constaté :\n"
        if "gitlab" in base:
            return f"{base}/-/issues/new?" + urlencode({"issue[title]": title, "issue[description]": body})
        return f"{base}/issues/new?" + urlencode({"title": title, "body": body})
