"""Generate a synthetic but valid sopdoc content repository (SPEC section 1) for benchmarks.

Usage:
    python benchmarks/generate.py OUT_DIR --size S|M|L [--seed 1] [--force] [--git COMMITS|auto]
    python benchmarks/generate.py OUT_DIR --procedures N --plans M --families F [--seed 1] [--force]

Presets: S = 50 procedures, 24 plans, 6 families; M = 500, 60, 12; L = 2000, 120, 20.
Explicit --procedures/--plans/--families override the preset. The output is a function of the
parameters and the seed only (random.Random(seed)). OUT_DIR must be empty unless --force.

Written: sopdoc.yaml, procedures/<area>/<ID>.md, plans/<YYYY-MM>.yaml (consecutive months ending
at 2026-11, all approved), training.yaml, and .sopdoc-bench.json (parameters, written last: its
presence means the data set is complete).

Structure: `build()` returns a `Repository` model; the file text of each state comes from
`org_text()`, `procedure_text(p, revision=k)` (the procedure as it was at revision k, k = 1 …
p.revision: earlier revisions had fewer steps, in the front matter and in the body's lists),
`plan_text(plan, approved=False|True)` (draft, then record) and
`training_text(entries)` (any prefix of the append-only log). `final_files()` is the last state.

--git COMMITS (or `auto`: S 200, M 1,000, L 3,000 by --size) writes the same files as a git
repository (branch main, checked out) whose history has exactly COMMITS commits and ends with
exactly those files; .sopdoc-bench.json stays untracked (listed in .git/info/exclude) and also
records the commit count, renames, revisions and head. The history, all of it a function of the
seed (same seed, same commit ids):
  - an import commit: sopdoc.yaml and every procedure at revision 1;
  - revisions, 1–3 procedures a commit (each revision k ≥ 2 is the text of
    `procedure_text(p, revision=k)`); review-only commits that add `last_review`; about 1.2 % of the
    procedures are moved to another area (folder and `area` field) by one of their revisions, and
    0.8 % are kept at the root of procedures/ until a filing commit moves them to their area
    folder (renames, followed by `git log -M`);
  - per plan, a draft commit on its data-gathering day and an approval commit on its approval day;
  - appends to training.yaml (about 5 % of the commits; the rest is set by the 1–3 grouping).
Dates: the import is two weeks before the first plan's cycle month; content dated before it (the
procedures go back to 2014) is committed, in order, during the following `Timeline.catch_up` days
(at most 60), later content on its own date (a little late at first, see `Timeline`); weekdays,
08:00–18:00 Paris time, strictly increasing. Authors: the first person of 8 roles of sopdoc.yaml; committer: one fixed
identity. One `git fast-import` process (no user or system git configuration) writes it all.
"""

from __future__ import annotations

import argparse
import calendar
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

SIZES: dict[str, tuple[int, int, int]] = {"S": (50, 24, 6), "M": (500, 60, 12), "L": (2000, 120, 20)}
LAST_PLAN = 2026 * 12 + 10  # month index (year * 12 + month - 1) of 2026-11
REF = date(2026, 11, 20)  # "now" of the generated content: no change or review after this day
HORIZON = 18
MARKER = ".sopdoc-bench.json"
GENERATOR_VERSION = 1

# --------------------------------------------------------------------------- YAML writing


class Flow(dict):  # type: ignore[type-arg]
    """A mapping written on one line: {a: 1, b: 2}."""


_PLAIN = re.compile(r"[^\W_][\w .'()/%+«»’°&@-]*")
_STR_TAG = "tag:yaml.org,2002:str"


_RESOLVER = yaml.resolver.Resolver()


@lru_cache(maxsize=65536)
def _text(s: str) -> str:
    """A string as a YAML scalar: plain when YAML 1.1 reads it back as the same string, else quoted."""
    if re.fullmatch(r"\d{4}-\d{2}", s):  # month keys and values stay plain (YYYY-MM is a string)
        return s
    plain = (
        _PLAIN.fullmatch(s) is not None
        and not s.endswith(" ")
        and s.lower() not in ("y", "n")
        and not re.fullmatch(r"[-+.]?\d[\w.:+-]*", s)  # numbers of YAML 1.1 or 1.2
    )
    if plain and _RESOLVER.resolve(yaml.ScalarNode, s, (True, False)) == _STR_TAG:  # type: ignore[no-untyped-call]
        return s
    return json.dumps(s, ensure_ascii=False)


def scalar(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, date):
        return v.isoformat()
    return _text(str(v))


def _inline(v: Any) -> bool:
    if isinstance(v, Flow) or not isinstance(v, (dict, list)) or not v:
        return True
    return isinstance(v, list) and not any(isinstance(x, (dict, list)) for x in v)


def _flow(v: Any) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{scalar(k)}: {_flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_flow(x) for x in v) + "]"
    return scalar(v)


def _block(obj: Any, ind: str, out: list[str]) -> None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            if _inline(v):
                out.append(f"{ind}{scalar(k)}: {_flow(v)}")
            else:
                out.append(f"{ind}{scalar(k)}:")
                _block(v, ind + "  ", out)
        return
    for item in obj:
        if _inline(item):
            out.append(f"{ind}- {_flow(item)}")
        else:
            sub: list[str] = []
            _block(item, ind + "  ", sub)
            sub[0] = f"{ind}- {sub[0][len(ind) + 2 :]}"
            out.extend(sub)


def dump(obj: Any) -> str:
    out: list[str] = []
    _block(obj, "", out)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- vocabulary

# fmt: off
ROLES = {"general-manager": "Gérante", "demand-planner": "Responsable ADV et prévisions",
         "supply-planner": "Responsable ordonnancement et approvisionnements",
         "planning-coordinator": "Coordinatrice PIC et contrôle de gestion",
         "sales-manager": "Responsable commercial", "sales": "Chargé d'affaires",
         "production-manager": "Responsable de production", "workshop-lead": "Chef d'atelier",
         "methods-engineer": "Technicien méthodes", "purchasing": "Acheteuse",
         "quality-manager": "Responsable qualité", "logistics": "Responsable magasin et expéditions",
         "operator": "Opérateur régleur", "maintenance": "Technicien de maintenance",
         "hr-manager": "Responsable ressources humaines"}
# people per role beyond the first one of each role (about 60 people in all)
ROLE_WEIGHTS = {"operator": 16, "sales": 6, "workshop-lead": 5, "methods-engineer": 4, "logistics": 3,
                "purchasing": 3, "maintenance": 3, "demand-planner": 1, "supply-planner": 2,
                "quality-manager": 2}
FIRST = (  # noqa: SIM905
    "Julie Marc Paul Sophie Thomas Claire Lucas Antoine François Yann Hugo Émilie Nadia Valérie Karim "
    "Camille Léa Nicolas Julien Sandrine Mathieu Céline Romain Aurélie Damien Inès Olivier Laure "
    "Sébastien Manon Bruno Chloé Kevin Agnès Rémi Hélène Loïc Margaux Serge Anaïs"
).split()
LAST = (  # noqa: SIM905
    "Dupont Martin Leroux Garnier Bernard Faure Roux Girard Blanc Chevalier Mercier Bonnet Morel Lambert "
    "Perrin Fontaine Rousseau Vincent Muller Lefèvre Fournier Guérin Boyer Gauthier André Masson Sanchez "
    "Henry Nicolas Roussel Mathieu Clément Gaillard Barbier Arnaud Martinez Picard Brun Colin Renaud "
    "Aubert Vidal Marchand Dumas Meunier Lemoine Robin Moulin Jacquet Carré"
).split()
AREAS = {"demand": ("Demande", "DEM"), "supply": ("Approvisionnement et capacités", "APP"),
         "reconciliation": ("Rapprochement pré-PIC", "RAP"), "executive": ("Revue de direction", "DIR"),
         "support": ("Processus support", "SUP")}
FAMILIES = [("AXES", "Axes et arbres rectifiés"), ("BAGUES", "Bagues et entretoises"),
            ("DECO", "Pièces décolletées"), ("BRIDES", "Brides et supports fraisés"),
            ("CORPS", "Corps de vannes usinés sur plan client"),
            ("OUTIL", "Outillages spéciaux et prototypes"), ("PIGNONS", "Pignons et engrenages taillés"),
            ("RACCORDS", "Raccords hydrauliques"), ("PLATINES", "Platines et plaques usinées"),
            ("GOUPILLES", "Goupilles et axes de précision"), ("MOYEUX", "Moyeux et flasques"),
            ("VIS", "Vis et écrous spéciaux"), ("CARTERS", "Carters fraisés"),
            ("DOUILLES", "Embouts et douilles"), ("LEVIERS", "Leviers et biellettes"),
            ("SUPPORTS", "Supports moteur mécano-soudés"), ("CANNELES", "Arbres cannelés"),
            ("PISTONS", "Pistons et chemises"), ("BUSES", "Buses et injecteurs"),
            ("CAMES", "Cames et excentriques"), ("PINCES", "Pinces de serrage"),
            ("MANDRINS", "Mandrins expansibles")]
WORK_CENTERS = [("TOUR-CN", "Tournage CN"), ("FRAIS-CN", "Fraisage CN 3 et 5 axes"),
                ("RECT", "Rectification cylindrique et plane"), ("DECOLL", "Décolletage"),
                ("CTRL", "Contrôle tridimensionnel et finition"), ("EDM", "Électroérosion à fil"),
                ("TAILL", "Taillage d'engrenages"), ("SOUD", "Soudage et assemblage")]
CALENDAR = [("data-gathering", 2, "demand-planner", "demand", "Collecte et fiabilisation des données PIC"),
            ("demand-review", 4, "demand-planner", "demand", "Revue de la demande"),
            ("supply-review", 6, "supply-planner", "supply", "Revue des capacités et des approvisionnements"),
            ("reconciliation", 8, "planning-coordinator", "reconciliation", "Rapprochement pré-PIC"),
            ("executive-review", 10, "general-manager", "executive", "Revue de direction PIC")]
AREA_ROLES = {
    "demand": ["demand-planner", "sales-manager", "sales", "planning-coordinator"],
    "supply": ["supply-planner", "production-manager", "workshop-lead", "methods-engineer", "purchasing",
               "logistics", "operator", "maintenance"],
    "reconciliation": ["planning-coordinator", "demand-planner", "supply-planner", "production-manager"],
    "executive": ["general-manager", "planning-coordinator", "sales-manager", "production-manager"],
    "support": ["quality-manager", "hr-manager", "maintenance", "methods-engineer", "logistics", "operator"],
}
INDICATORS = {
    "demand": ["forecast-accuracy", "wape", "bias", "tracking-signal", "fva", "plan-churn"],
    "supply": ["capacity-load", "production-attainment", "inventory-coverage", "backlog-weeks", "lead-time"],
    "reconciliation": ["plan-churn", "capacity-load", "inventory-coverage", "backlog-weeks", "otif"],
    "executive": ["otif", "forecast-accuracy", "production-attainment", "cycle-on-time"],
    "support": ["reviews-on-time", "training-coverage", "data-freshness", "actions-overdue",
                "actions-on-time"],
}
ACTIONS = ["Préparation", "Contrôle", "Mise à jour", "Validation", "Analyse", "Suivi", "Revue",
           "Consolidation", "Archivage", "Traitement", "Planification", "Correction"]
OBJECTS = {
    "demand": ["des prévisions commerciales", "des commandes spéciales", "du carnet de commandes",
               "des hypothèses de marché", "des prévisions des grands comptes", "des écarts de prévision",
               "des demandes de prix", "des nouveaux produits"],
    "supply": ["des charges machines", "des approvisionnements matière", "des ordres de fabrication",
               "de la sous-traitance traitement thermique", "des stocks de sécurité",
               "des délais fournisseurs", "des plannings d'atelier", "des temps standards"],
    "reconciliation": ["des scénarios de charge", "des arbitrages stock et service", "du plan de production",
                       "des écarts entre demande et capacité", "des propositions d'investissement"],
    "executive": ["des décisions PIC", "des indicateurs de performance", "du plan d'actions",
                  "des risques majeurs", "du budget de production"],
    "support": ["des formations au poste", "des documents qualité", "des habilitations",
                "des audits internes", "des non-conformités", "des données de base ERP",
                "de la maintenance préventive"],
}
WHEN = ["J+1", "J+2", "J+3", "J-1 avant la revue", "Chaque lundi", "1er jour ouvré du mois",
        "Avant le 5 du mois", "À réception de la commande", "En fin de mois", "Sous 48 h", "Chaque semaine",
        "Le jour de la revue"]
VERBS = ["Extraire", "Vérifier", "Consolider", "Saisir", "Analyser", "Valider", "Diffuser", "Archiver",
         "Comparer", "Corriger", "Présenter", "Mettre à jour"]
HOW = ["Formulaire {form}, une ligne par famille", "Export ERP, requête {form}", "Tableur partagé {form}",
       "Réunion de 30 minutes, compte rendu sur le modèle {form}", "Module planification de l'ERP",
       "Check-list {form} signée", "Tableau de bord du PIC, onglet {form}"]
OUTPUTS = ["Plan de demande non contraint", "Liste des écarts commentée", "Charge par poste de travail",
           "Compte rendu signé", "Plan de production mis à jour", "Tableau des indicateurs",
           "Liste des actions avec responsables", "Fichier archivé sur le serveur qualité",
           "Commandes fournisseurs"]
SUMMARIES = ["Ajout d'une étape de contrôle", "Mise à jour des responsabilités suite à la réorganisation",
             "Clarification du format de sortie", "Intégration du nouveau formulaire",
             "Suppression de la double saisie", "Alignement sur le calendrier PIC",
             "Prise en compte de l'audit interne", "Changement d'outil de planification",
             "Ajout des critères d'escalade", "Précision des délais"]
SENTENCES = [
    "Cette procédure décrit qui fait quoi, quand et comment pour {t}.",
    "Elle s'applique à toutes les familles de produits, y compris {fam}.",
    "Le responsable de la procédure, {owner}, veille à sa bonne application et propose les évolutions.",
    "Les données utilisées proviennent de l'ERP et sont extraites le premier jour ouvré du mois.",
    "Toute anomalie constatée est signalée au responsable et tracée dans le registre des actions.",
    "Les quantités sont exprimées dans l'unité de la famille, en général des pièces.",
    "La charge est calculée à partir des gammes standards et comparée à la capacité du poste {wc}.",
    "En cas d'écart supérieur à dix pour cent, une analyse des causes est menée avant la revue suivante.",
    "Les hypothèses retenues sont notées dans le plan du mois afin de pouvoir les vérifier a posteriori.",
    "Le résultat est présenté lors de la revue mensuelle et validé par la direction.",
    "Les documents produits sont conservés trois ans sur le serveur qualité.",
    "Un nouvel arrivant est formé par son responsable avant d'appliquer seul la procédure.",
    "La procédure est revue au moins une fois par an, ou plus tôt si l'organisation change.",
    "Les indicateurs associés sont suivis chaque mois et comparés aux objectifs fixés dans sopdoc.yaml.",
    "Une commande urgente ne contourne pas le processus sans accord écrit de la production.",
    "Le poste {wc} étant souvent le goulot, sa charge fait l'objet d'une attention particulière.",
    "Les prévisions des clients importants sont confrontées à leurs programmes de livraison.",
    "Une copie imprimée de ce document n'est plus maîtrisée : seule la version en ligne fait foi.",
    "Les écarts répétés sur {fam} sont analysés avec le service commercial.",
    "Chaque étape est réalisée dans le délai indiqué, faute de quoi la revue suivante est décalée.",
]
RISKS = ["Retard fournisseur barres inox", "Absence prolongée d'un régleur", "Panne de la rectifieuse",
         "Hausse du prix de l'acier", "Perte possible d'un client important",
         "Saturation du traitement thermique", "Retard de livraison d'une machine neuve",
         "Qualité instable chez un sous-traitant"]
DECISIONS = ["Samedi travaillé sur {wc}", "Sous-traitance partielle de {fam}",
             "Constitution d'un stock avant l'été", "Recrutement d'un intérimaire sur {wc}",
             "Report de la maintenance de {wc}", "Priorité donnée aux commandes de {fam}",
             "Gel du plan de production à quatre semaines"]
ACTION_TEXT = ["Négocier un second fournisseur", "Mettre à jour les temps de gamme de {fam}",
               "Former un second régleur sur {wc}", "Fiabiliser l'extraction des commandes",
               "Relancer le client sur ses prévisions", "Chiffrer l'achat d'une machine pour {wc}",
               "Réviser le stock de sécurité de {fam}"]
ASSUMPTIONS = ["Hausse de 5 % des commandes du client Alpha à partir de janvier",
               "Fermeture de trois semaines en août", "Prix de l'acier stable sur le trimestre",
               "Pas de nouvelle référence avant l'été", "Délai du traitement thermique ramené à dix jours"]
SOURCES = [("erp-orders", "Extraction ERP commandes", "demand-planner"),
           ("erp-stock", "Stocks fin de mois ERP", "logistics"),
           ("erp-production", "Déclarations de production", "production-manager"),
           ("crm-pipeline", "Opportunités CRM pondérées", "sales-manager"),
           ("mes-hours", "Heures machine relevées par le MES", "methods-engineer"),
           ("supplier-lead-times", "Délais fournisseurs confirmés", "purchasing")]
# fmt: on

# --------------------------------------------------------------------------- model


def month_str(i: int) -> str:
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def add_months(d: date, n: int) -> date:
    i = d.year * 12 + d.month - 1 + n
    y, m = divmod(i, 12)
    return date(y, m + 1, min(d.day, 28))


def working_day(i: int, n: int) -> date:
    """The n-th Monday-to-Friday day of month index i (public holidays ignored)."""
    d = date(i // 12, i % 12 + 1, 1)
    while True:
        if d.weekday() < 5:
            n -= 1
            if n == 0:
                return d
        d += timedelta(days=1)


@dataclass
class Procedure:
    id: str
    title: str
    area: str
    status: str
    owner: str
    approver: str
    training_roles: list[str]
    indicators: list[str]
    related: list[str]
    steps: list[dict[str, str]]
    changes: list[tuple[int, date, str]]  # oldest first: (revision, date, summary)
    body: str
    superseded_by: str | None = None
    last_review: date | None = None
    review_interval_months: int | None = None
    prose: list[str] = field(default_factory=list)  # the body's paragraphs (`body_text`)
    role_names: dict[str, str] = field(default_factory=dict)  # the steps' roles, id → name

    @property
    def revision(self) -> int:
        return len(self.changes)

    @property
    def path(self) -> str:
        return f"procedures/{self.area}/{self.id}.md"


@dataclass
class Repository:
    org: dict[str, Any]
    procedures: list[Procedure]
    plans: list[dict[str, Any]] = field(default_factory=list)
    training: list[dict[str, Any]] = field(default_factory=list)


def _people(rng: random.Random) -> dict[str, dict[str, Any]]:
    roles = list(ROLES) + [r for r, w in ROLE_WEIGHTS.items() for _ in range(w)]
    people: dict[str, dict[str, Any]] = {}
    for role in roles:
        while True:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            ascii_ = unicodedata.normalize("NFKD", f"{first[0]}{last}").encode("ascii", "ignore").decode().lower()
            pid = ascii_ if ascii_ not in people else f"{ascii_}{len(people)}"
            if not any(p["name"] == f"{first} {last}" for p in people.values()):
                break
        extra = ["sales"] if role == "sales-manager" else []
        people[pid] = Flow(name=f"{first} {last}", email=f"{pid[0]}.{pid[1:]}@example.fr", roles=[role, *extra])
    return people


def _families(rng: random.Random, n: int, wcs: list[str]) -> dict[str, dict[str, Any]]:
    fams: dict[str, dict[str, Any]] = {}
    for k in range(n):
        key, name = FAMILIES[k % len(FAMILIES)]
        fid = f"FAM-{key}" if k < len(FAMILIES) else f"FAM-{key}-{k // len(FAMILIES) + 1}"
        mts = rng.random() < 0.65 if k > 1 else k == 0
        used = rng.sample(wcs, rng.randint(1, min(4, len(wcs))))
        scale = 0.3 if mts else 2.5
        fam: dict[str, Any] = {
            "name": name,
            "unit": "pcs",
            "strategy": "mts" if mts else "mto",
            "hours_per_unit": Flow({w: max(0.001, round(scale * rng.uniform(0.05, 1.5), 3)) for w in wcs if w in used}),
        }
        lo = rng.randint(1, 3)
        fam["inventory_weeks" if mts else "backlog_weeks"] = (
            Flow(min=lo, max=lo + rng.randint(3, 5)) if mts else Flow(max=rng.randint(4, 10))
        )
        fams[fid] = fam
    return fams


def _org(rng: random.Random, families: int) -> tuple[dict[str, Any], dict[str, float]]:
    wcs = WORK_CENTERS[: rng.randint(5, 8)]
    fams = _families(rng, families, [w for w, _ in wcs])
    base = {f: rng.uniform(400, 12000) / (40 if d["strategy"] == "mto" else 1) for f, d in fams.items()}
    centers: dict[str, Any] = {}
    for w, name in wcs:
        load = sum(base[f] * d["hours_per_unit"].get(w, 0) for f, d in fams.items())
        centers[w] = Flow(name=name, hours_per_month=int(math.ceil(load / rng.uniform(0.65, 0.85) / 10) * 10) or 400)
    org = {
        "organisation": "Mécanique Générale Synthétique",
        "language": "fr",
        "country": "FR",
        "roles": {r: Flow(name=n) for r, n in ROLES.items()},
        "people": _people(rng),
        "areas": {a: Flow(name=n) for a, (n, _) in AREAS.items()},
        "families": fams,
        "work_centers": centers,
        "calendar": [
            Flow(step=s, working_day=d, owner=o, procedure=f"PRO-PIC-{k + 1:03d}")
            for k, (s, d, o, _, _) in enumerate(CALENDAR)
        ],
        "plan": {"horizon_months": HORIZON},
        "review": {"interval_months": 12, "warn_days": 30},
        "kpi": {
            "lags": [1, 3],
            "window_months": 3,
            "tracking_window_months": 6,
            "targets": {
                "forecast_accuracy": 0.8,
                "otif": 0.95,
                "production_attainment": 0.95,
                "capacity_load_max": 1.0,
                "bias_abs_max": 0.1,
                "tracking_signal_abs_max": 4,
            },
        },
        "rules": Flow(),
    }
    return org, base


def _body(rng: random.Random, p: Procedure, org: dict[str, Any]) -> str:
    """Draws the procedure's prose (kept in ``p.prose``, with the names of its steps' roles) and returns the
    current body, `body_text(p, p.steps)`."""
    fams = [d["name"].lower() for d in org["families"].values()]
    ctx = {"t": p.title.lower(), "owner": org["roles"][p.owner]["name"].lower(), "fam": "", "wc": ""}

    def para(k: int) -> str:
        out = []
        for s in rng.sample(SENTENCES, k):
            ctx["fam"], ctx["wc"] = rng.choice(fams), rng.choice(list(org["work_centers"]))
            out.append(s.format(**ctx))
        return " ".join(out)

    p.role_names = {s["who"]: org["roles"][s["who"]]["name"] for s in p.steps}
    p.prose = [para(2), para(3), para(4), para(4)]
    while len(body_text(p, p.steps).split()) < 380:
        p.prose.append(para(3))
    return body_text(p, p.steps)


def body_text(p: Procedure, steps: list[dict[str, str]]) -> str:
    """The body of the procedure when it had these steps: its lists of responsibilities, steps and records
    follow the steps, so a revision that added a step changed the body too; the prose stays."""
    objet, domaine, tail, vigilance, *extra = p.prose
    roles = sorted({s["who"] for s in steps})
    parts = [
        f"## Objet\n\n{objet}",
        f"## Domaine d'application\n\n{domaine}",
        "## Responsabilités\n\n"
        + "\n".join(f"- **{p.role_names[r]}** : {s['what'].lower()}." for r in roles for s in steps if s["who"] == r),
        "## Déroulement\n\n"
        + "\n".join(f"{k}. {s['what']} ({s['when']}) : {s['how']}." for k, s in enumerate(steps, 1))
        + f"\n\n{tail}",
        "## Enregistrements\n\n" + "\n".join(f"- {s['output']}" for s in steps),
        f"## Points de vigilance\n\n{vigilance}",
        *extra,
    ]
    return "\n\n".join(parts) + "\n"


def _definite(obj: str) -> str:
    """'des prévisions' -> 'les prévisions', 'du carnet' -> 'le carnet', 'de la x' -> 'la x'."""
    for a, b in (("des ", "les "), ("du ", "le "), ("de la ", "la "), ("de l'", "l'")):
        if obj.startswith(a):
            return b + obj[len(a) :]
    return obj


def _procedures(rng: random.Random, n: int, org: dict[str, Any]) -> list[Procedure]:
    areas = list(AREAS)
    counts = {a: 0 for a in areas}
    specs: list[tuple[str, str, str, str]] = []  # id, area, title, owner
    for k, (_, _, owner, area, title) in enumerate(CALENDAR):
        specs.append((f"PRO-PIC-{k + 1:03d}", area, title, owner))
    width = max(3, len(str(n)))
    for _ in range(n - len(CALENDAR)):
        area = rng.choices(areas, weights=[3, 3, 1, 1, 2])[0]
        counts[area] += 1
        title = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS[area])}"
        specs.append((f"PRO-{AREAS[area][1]}-{counts[area]:0{width}d}", area, title, rng.choice(AREA_ROLES[area])))
    status = {pid: "active" for pid, *_ in specs}
    for pid, *_ in specs[len(CALENDAR) :]:
        x = rng.random()
        status[pid] = "retired" if x < 0.03 else "draft" if x < 0.06 else "active"
    active = [pid for pid, s in status.items() if s == "active"]
    procs: list[Procedure] = []
    for pid, area, title, owner in specs:
        revs = rng.choices(range(1, 9), weights=[30, 25, 18, 12, 7, 4, 2, 2])[0]
        if status[pid] == "draft":
            revs = 1
        start = (REF - date(2014, 1, 1)).days
        offsets = sorted(rng.sample(range(1, start), revs), reverse=True)
        if status[pid] == "active" and rng.random() < 0.5:  # about half were revised in the last 12 months
            offsets[-1] = rng.randint(1, 360)
        offsets = sorted(set(offsets), reverse=True)
        changes = [
            (r, REF - timedelta(days=o), "Création de la procédure" if r == 1 else rng.choice(SUMMARIES))
            for r, o in enumerate(offsets, 1)
        ]
        others = [r for r in AREA_ROLES[area] if r != owner]
        steps = [
            {
                "who": owner if k == 0 or rng.random() < 0.4 else rng.choice(others),
                "when": rng.choice(WHEN),
                "what": f"{rng.choice(VERBS)} {_definite(rng.choice(OBJECTS[area]))}",
                "how": rng.choice(HOW).format(form=f"FOR-{AREAS[area][1]}-{rng.randint(1, 40):02d}"),
                "output": rng.choice(OUTPUTS),
            }
            for k in range(rng.randint(3, 8))
        ]
        p = Procedure(
            id=pid,
            title=title,
            area=area,
            status=status[pid],
            owner=owner,
            approver=rng.choice(["general-manager", "quality-manager"]),
            training_roles=sorted({owner, *rng.sample(AREA_ROLES[area], rng.randint(0, 2))}),
            indicators=rng.sample(INDICATORS[area], rng.randint(0, 3)),
            related=sorted(set(rng.sample(active, min(len(active), rng.randint(0, 3)))) - {pid}),
            steps=steps,
            changes=changes,
            body="",
        )
        if pid.startswith("PRO-PIC-"):
            p.related = [f"PRO-PIC-{k:03d}" for k in range(1, 6) if f"PRO-PIC-{k:03d}" != pid][:2]
        if p.status == "retired":
            p.superseded_by = rng.choice([a for a in active if a.split("-")[1] == AREAS[area][1]] or active)
        if rng.random() < 0.1:
            p.review_interval_months = rng.choice([6, 24])
        interval = p.review_interval_months or 12
        effective = changes[-1][1]
        if p.status == "active" and add_months(effective, interval) <= REF + timedelta(days=7):
            p.last_review = max(effective, REF - timedelta(days=rng.randint(7, min(330, interval * 30 - 20))))
        p.body = _body(rng, p, org)
        procs.append(p)
    return procs


def _season(t: int) -> float:
    mo = t % 12 + 1
    return (1 + 0.1 * math.sin(2 * math.pi * (mo - 3) / 12)) * (0.6 if mo == 8 else 0.85 if mo == 12 else 1.0)


def _by_role(org: dict[str, Any]) -> dict[str, list[str]]:
    by_role: dict[str, list[str]] = {}
    for pid, person in org["people"].items():
        for r in person["roles"]:
            by_role.setdefault(r, []).append(pid)
    return by_role


@dataclass
class _Family:
    """A family's simulated history: what the plans report and plan."""

    id: str
    mts: bool
    expected: Callable[[int], float]  # mean demand of month index t
    target_weeks: float
    lot: float  # mean quantity per order line
    lead: float  # mean lead time, working days
    stock: float  # end-of-month inventory (mts) or backlog (mto) of the last closed month
    planned: int  # production planned for the current month by the previous plan

    def figures(self, rng: random.Random, m: int) -> dict[str, Any]:
        """Actuals of month m-1, forecast and production of months m … m+H-1."""
        demand = max(0, round(self.expected(m - 1) * rng.gauss(1, 0.1)))
        made = max(0, round(self.planned * rng.uniform(0.9, 1.03)))
        self.stock = max(0.0, self.stock + (made - demand if self.mts else demand - made))
        due = round(demand / self.lot)
        actuals = {"demand": demand, "production": made,
                   "inventory" if self.mts else "backlog": round(self.stock),
                   "lines_due": due, "lines_on_time": round(due * rng.uniform(0.86, 1.0)),
                   "lead_time_days": round(self.lead * rng.uniform(0.85, 1.2), 1)}  # fmt: skip
        bias = rng.gauss(0, 0.03)
        forecast = {
            month_str(t): max(0, round(self.expected(t) * (1 + bias + rng.gauss(0, 0.03 + 0.01 * (t - m)))))
            for t in range(m, m + HORIZON)
        }
        level, production = float(round(self.stock)), {}
        for t, q in forecast.items():  # steer projected inventory / backlog towards the target coverage
            gap = self.target_weeks * q * 12 / 52 - level
            production[t] = max(0, round(q + 0.5 * (gap if self.mts else -gap)))
            level += (production[t] - q) if self.mts else (q - production[t])
        self.planned = production[month_str(m)]
        return {"actuals": actuals, "forecast": forecast, "production": production}


def _actions(
    rng: random.Random, register: list[dict[str, Any]], approved: date, previous: date
) -> list[dict[str, Any]]:
    """Carry the action register forward: done ones leave, some open ones get done or a new due date."""
    out: list[dict[str, Any]] = []
    for old in register:
        if old["status"] == "done":
            continue
        a = Flow(old)
        if rng.random() < 0.5 or len(register) > 8:
            done = min(approved, a["due"] + timedelta(days=rng.randint(-10, 5)))
            a |= {"status": "done", "done": max(done, previous + timedelta(days=1))}
        elif a["due"] < approved:
            a.setdefault("original_due", a["due"])
            a["due"] = approved + timedelta(days=rng.randint(14, 45))
        out.append(a)
    return out


def _plans(rng: random.Random, n: int, org: dict[str, Any], base: dict[str, float]) -> list[dict[str, Any]]:
    centers, people, by_role = org["work_centers"], list(org["people"]), _by_role(org)
    fam_ids = list(org["families"])
    boss = by_role["general-manager"][0]
    first = LAST_PLAN - n + 1
    families = []
    for f, d in org["families"].items():
        mts, growth = d["strategy"] == "mts", rng.uniform(-0.003, 0.006)
        weeks = d["inventory_weeks"] if mts else d["backlog_weeks"]

        def expected(t: int, b: float = base[f], g: float = growth) -> float:
            return b * (1 + g) ** (t - first) * _season(t)

        families.append(_Family(
            f, mts, expected, (weeks.get("min", 0) + weeks["max"]) / 2,
            lot=rng.uniform(20, 150) if mts else rng.uniform(1, 8),
            lead=rng.uniform(3, 10) if mts else rng.uniform(10, 30),
            stock=expected(first) * 0.8, planned=round(expected(first - 1)),
        ))  # fmt: skip
    risks: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    plans = []
    previous = working_day(first - 1, 12)
    for m in range(first, first + n):
        ms = month_str(m)
        cycle, day = [], working_day(m, 1)
        for step, wd, owner, _, _ in CALENDAR:
            day = max(day, working_day(m, wd + (rng.random() < 0.15)))
            attendees = sorted({*by_role[owner][:1], *rng.sample(people, rng.randint(1, 4))})
            cycle.append(Flow(step=step, done=day, attendees=attendees))
        approved = day + timedelta(days=rng.choice([0, 0, 1, 3]))
        sources = [
            Flow(id=s, description=d, owner=o, as_of=working_day(m, rng.randint(1, 2)), max_age_days=7)
            for s, d, o in rng.sample(SOURCES, rng.randint(3, 5))
        ]
        figures = {fam.id: fam.figures(rng, m) for fam in families}
        shutdowns = [t for t in range(m, m + HORIZON) if t % 12 in (7, 11)]  # August and December
        capacity = {
            w: Flow({month_str(t): round(c["hours_per_month"] * (0.5 if t % 12 == 7 else 0.8)) for t in shutdowns})
            for w, c in centers.items()
        }

        def text(s: str) -> str:
            return s.format(fam=rng.choice(fam_ids), wc=rng.choice(list(centers)))

        risks = [r for r in risks if rng.random() < 0.6][:5]
        risks += [
            Flow(id=f"R-{ms}-{k}", description=text(rng.choice(RISKS)), owner=rng.choice(list(ROLES)),
                 impact=rng.choice(["low", "medium", "high"]))
            for k in range(1, rng.randint(2, 3))
        ]  # fmt: skip
        decisions = [
            Flow(id=f"D-{ms}-{k}", description=text(rng.choice(DECISIONS)), owner=boss, date=approved)
            for k in range(1, rng.randint(2, 4))
        ]
        actions = _actions(rng, actions, approved, previous) + [
            Flow(id=f"A-{ms}-{k}", description=text(rng.choice(ACTION_TEXT)), owner=rng.choice(people),
                 due=approved + timedelta(days=rng.randint(14, 60)), status="open")
            for k in range(1, rng.randint(2, 4))
        ]  # fmt: skip
        previous = approved
        keys = ("id", "description", "owner", "due", "original_due", "status", "done")
        plan: dict[str, Any] = {
            "month": ms, "status": "approved", "approved": Flow(by=boss, date=approved),
            "data_sources": sources, "cycle": cycle, "families": figures, "capacity": capacity,
            "assumptions": rng.sample(ASSUMPTIONS, rng.randint(0, 2)), "risks": list(risks),
            "decisions": decisions, "actions": [Flow({k: a[k] for k in keys if k in a}) for a in actions],
        }  # fmt: skip
        if not plan["assumptions"]:
            del plan["assumptions"]
        plans.append(plan)
    return plans


def _training(rng: random.Random, org: dict[str, Any], procs: list[Procedure]) -> list[dict[str, Any]]:
    """Training on the current revision (97 %) and the previous one (50 %), in date order."""
    by_role = _by_role(org)
    entries: list[dict[str, Any]] = []
    for p in procs:
        if p.status == "draft":
            continue
        trainees = sorted({x for r in p.training_roles for x in by_role.get(r, [])})
        trainer = by_role[p.owner][0]
        for rev, day, _ in p.changes[-2:]:
            for person in trainees:
                if rng.random() < (0.97 if rev == p.revision else 0.5):
                    when = min(REF, day + timedelta(days=rng.randint(1, 30)))
                    who = trainer if trainer != person else by_role["quality-manager"][0]
                    entries.append(Flow(person=person, procedure=p.id, revision=rev, date=when, trainer=who))
    entries.sort(key=lambda e: (e["date"], e["procedure"], e["person"]))
    return entries


def build(procedures: int, plans: int, families: int, seed: int) -> Repository:
    if procedures < len(CALENDAR) or plans < 1 or families < 1:
        raise ValueError(f"need at least {len(CALENDAR)} procedures, 1 plan and 1 family")
    rng = random.Random(seed)
    org, base = _org(rng, families)
    procs = _procedures(rng, procedures, org)
    repo = Repository(org, procs, _plans(rng, plans, org, base))
    repo.training = _training(rng, org, procs)
    return repo


# --------------------------------------------------------------------------- file texts


def org_text(repo: Repository) -> str:
    return "# Organisation générée par benchmarks/generate.py (données synthétiques).\n" + dump(repo.org)


def procedure_text(p: Procedure, revision: int | None = None) -> str:
    """The file as it was at `revision` (default: current); earlier revisions had fewer steps (front matter
    and body)."""
    rev = revision or p.revision
    changes = [c for c in p.changes if c[0] <= rev]
    fm: dict[str, Any] = {
        "id": p.id,
        "title": p.title,
        "area": p.area,
        "status": p.status if rev == p.revision else "active",
        "revision": rev,
        "owner": p.owner,
        "approver": p.approver,
    }
    if fm["status"] != "draft":
        fm["effective"] = changes[-1][1]
    if p.last_review and rev == p.revision:
        fm["last_review"] = p.last_review
    if p.review_interval_months:
        fm["review_interval_months"] = p.review_interval_months
    fm["training_roles"] = p.training_roles
    fm |= {k: v for k, v in (("indicators", p.indicators), ("related", p.related)) if v}
    if p.superseded_by and rev == p.revision:
        fm["superseded_by"] = p.superseded_by
    fm["steps"] = p.steps[: max(3, len(p.steps) - (p.revision - rev))]
    fm["changes"] = [{"revision": r, "date": d, "summary": s} for r, d, s in reversed(changes)]
    return f"---\n{dump(fm)}---\n{p.body if rev == p.revision else body_text(p, fm['steps'])}"


def plan_text(plan: dict[str, Any], approved: bool = True) -> str:
    if not approved:
        plan = {k: v for k, v in plan.items() if k != "approved"} | {"status": "draft"}
    return dump(plan)


def training_text(entries: list[dict[str, Any]]) -> str:
    return "# Registre des formations : ajout seulement, une entrée n'est jamais modifiée.\n" + dump(entries)


def final_files(repo: Repository) -> dict[str, str]:
    files = {"sopdoc.yaml": org_text(repo)}
    files |= {p.path: procedure_text(p) for p in repo.procedures}
    files |= {f"plans/{plan['month']}.yaml": plan_text(plan) for plan in repo.plans}
    files["training.yaml"] = training_text(repo.training)
    return files


def write_files(out: Path, files: dict[str, str]) -> int:
    total = 0
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode()
        path.write_bytes(data)
        total += len(data)
    return total


# --------------------------------------------------------------------------- git history

GIT_COMMITS: dict[str, int] = {"S": 200, "M": 1000, "L": 3000}
GIT_HISTORY_VERSION = 2  # bump when the same seed would give another history
BRANCH = "main"
COMMITTER = "Forge intranet <forge@example.fr>"  # one fixed committer (the forge's web editor), dates as authored
# The authors: the first person of each of these roles in sopdoc.yaml (8 people).
AUTHOR_ROLES = ("quality-manager", "planning-coordinator", "general-manager", "demand-planner",
                "supply-planner", "production-manager", "methods-engineer", "hr-manager")
AREA_AUTHOR = {"demand": "demand-planner", "supply": "supply-planner", "reconciliation": "planning-coordinator",
               "executive": "general-manager", "support": "quality-manager"}
MOVED_SHARE = 0.012  # share of procedures that one of their revisions moved to another area (folder and field)
FILED_SHARE = 0.008  # share of procedures first kept at the root of procedures/, later filed in their area folder
TRAINING_SHARE = 0.05  # of the commits: appends to the training log (the rest is procedures and plans)
IMPORT, REVISION, MOVE, REVIEW, TRAINING, PLAN = range(6)  # event kinds, in their order within one day
TRAINING_HEADER = training_text([])[:-1]  # training_text(entries) is this header + dump(entries)


def git_env() -> dict[str, str]:
    """The environment of every git process: no user or system configuration, no inherited GIT_* variable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return env | {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _weekday(d: date) -> date:
    """Saturday and Sunday move to the next Monday."""
    return d + timedelta(days=7 - d.weekday() if d.weekday() >= 5 else 0)


@dataclass
class Timeline:
    """Content dates → commit days.

    The history starts with the import commit on `start`, two weeks before the first plan's cycle month.
    Content dated before the import (older revisions, reviews and training records: the generated
    procedures go back to 2014) is re-entered in its original order during the `catch_up` days after the
    import; content of the next 2 × `catch_up` days is committed up to `catch_up` days late, and later
    content on its own date. The order of content dates is kept. Weekend days move to the next Monday.
    """

    start: date
    first: date  # the earliest content date
    catch_up: int  # ≥ 1

    def day(self, d: date) -> date:
        c = self.catch_up
        if d < self.start:  # the back catalogue, on days 1 … c after the import
            offset = 1 + (d - self.first).days * c // max(1, (self.start - self.first).days)
        elif d < self.start + timedelta(days=2 * c):  # days 0 … 2c - 1 squeezed into c + 1 … 2c - 1
            offset = c + 1 + (d - self.start).days * (c - 1) // (2 * c)
        else:
            offset = (d - self.start).days
        return _weekday(self.start + timedelta(days=offset))


@dataclass
class Event:
    """One change of the content; a commit holds one or more events of one kind."""

    day: date  # the commit day
    natural: date  # the content's own date (a `changes`, `last_review`, training or plan date)
    kind: int
    seq: int
    proc: Procedure | None = None  # REVISION, MOVE, REVIEW
    revision: int = 0  # REVISION: the revision it introduces
    plan: dict[str, Any] | None = None  # PLAN
    approved: bool = False  # PLAN: the approval (else the draft)
    entries: int = 0  # TRAINING: length of the training log after this commit

    @property
    def key(self) -> tuple[date, date, int, int]:
        return (self.day, self.natural, self.kind, self.seq)


@dataclass
class GitHistory:
    """The commits, oldest first, and how the renamed procedures lived before their rename."""

    commits: list[list[Event]]
    start: date
    moved: dict[str, tuple[str, int]]  # procedure id → (earlier area, revision that moved it to its area)
    filed: set[str]  # procedure ids kept at the root of procedures/ until a MOVE event

    @property
    def renames(self) -> int:
        return len(self.moved) + len(self.filed)


def _group(events: list[Event], seed: int, x: float) -> list[list[Event]]:
    """Consecutive events of one kind, distinct procedures, within a week: 1–3 per commit, each commit taking
    up to 1 + Binomial(2, x) events (x = 0: one procedure per commit; x = 1: three when they qualify)."""
    rng = random.Random(f"sopdoc-git-groups-{seed}")  # the same draws for every x: fewer commits as x grows
    groups: list[list[Event]] = []
    size = 0
    for e in events:
        last = groups[-1] if groups else None
        if (
            last is not None
            and e.kind == last[0].kind
            and len(last) < size
            and (e.day - last[0].day).days <= 7
            and all(x.proc is not e.proc for x in last)
        ):
            last.append(e)
        else:
            groups.append([e])
            size = 1 + (rng.random() < x) + (rng.random() < x)
    return groups


def _grouping(events: list[Event], seed: int, budget: int) -> list[list[Event]]:
    """The least grouping (smallest x, by bisection) that makes at most `budget` commits, or x = 1."""
    low, high = 0.0, 1.0
    if len(_group(events, seed, low)) <= budget:
        return _group(events, seed, low)
    for _ in range(20):
        mid = (low + high) / 2
        low, high = (low, mid) if len(_group(events, seed, mid)) <= budget else (mid, high)
    return _group(events, seed, high)


def plan_history(repo: Repository, commits: int, seed: int) -> GitHistory:
    """Choose the events and group them into exactly `commits` commits (ValueError if impossible)."""
    rng = random.Random(f"sopdoc-git-{seed}")
    procs = repo.procedures
    movable = [p for p in procs if p.revision >= 2 and not p.id.startswith("PRO-PIC-")]
    chosen = rng.sample(movable, min(len(movable), max(2, round(len(procs) * MOVED_SHARE))))
    moved = {p.id: (rng.choice([a for a in AREAS if a != p.area]), rng.randint(2, p.revision)) for p in chosen}
    rest = [p for p in procs if p.id not in moved]
    filed = rng.sample(rest, min(len(rest), max(2, round(len(procs) * FILED_SHARE))))

    y, m = map(int, repo.plans[0]["month"].split("-"))
    start = _weekday(date(y, m, 1) - timedelta(days=14))
    first = min((c[1] for p in procs for c in p.changes), default=start)
    timeline = Timeline(start, first, catch_up=max(1, min(60, (REF - start).days // 10)))

    seq = iter(range(1 << 62))
    events: list[Event] = []  # procedure events: revisions, reviews, filing moves
    for p in procs:
        events += [Event(timeline.day(d), d, REVISION, next(seq), p, k) for k, d, _ in p.changes[1:]]
        if p.last_review:
            events.append(Event(timeline.day(p.last_review), p.last_review, REVIEW, next(seq), p))
    campaign = start + timedelta(days=timeline.catch_up + int((REF - start).days * rng.uniform(0.2, 0.6)))
    for j, p in enumerate(filed):  # the filing campaign: about one procedure a day
        day = _weekday(min(REF, campaign + timedelta(days=j)))
        events.append(Event(day, day, MOVE, next(seq), p))
    events.sort(key=lambda e: e.key)

    plans: list[Event] = []
    for plan in repo.plans:
        draft, approval = plan["cycle"][0]["done"], plan["approved"]["date"]
        plans.append(Event(_weekday(draft), draft, PLAN, next(seq), plan=plan))
        plans.append(Event(_weekday(approval), approval, PLAN, next(seq), plan=plan, approved=True))

    n_entries, fixed = len(repo.training), 1 + len(plans)
    lowest = 1 if n_entries else 0

    goal = min(n_entries, max(lowest, round(commits * TRAINING_SHARE)))  # training appends wanted
    groups = _grouping(events, seed, commits - fixed - goal)
    n_training = commits - fixed - len(groups)
    if not lowest <= n_training <= n_entries:
        fewest = fixed + lowest + len(_group(events, seed, 1.0))
        most = fixed + n_entries + len(_group(events, seed, 0.0))
        raise ValueError(f"this content needs between {fewest:,} and {most:,} commits, not {commits:,}")

    training: list[Event] = []
    for j in range(n_training):  # the log in n_training appends of about equal size, each on its last date
        n = (j + 1) * n_entries // n_training
        d = repo.training[n - 1]["date"]
        training.append(Event(timeline.day(d), d, TRAINING, next(seq), entries=n))
    ordered = sorted([*groups, *([e] for e in training), *([e] for e in plans)], key=lambda g: g[0].key)
    return GitHistory([[Event(start, start, IMPORT, -1)], *ordered], start, moved, {p.id for p in filed})


def _utc_offset(d: date) -> int:
    """Seconds east of UTC in France on day d (summer time from the last Sunday of March to that of October)."""

    def last_sunday(month: int) -> date:
        end = date(d.year, month, 31)
        return end - timedelta(days=(end.weekday() + 1) % 7)

    return 7200 if last_sunday(3) <= d < last_sunday(10) else 3600


def _timestamps(history: GitHistory, seed: int) -> list[str]:
    """`<unix time> <+hhmm>` of each commit: strictly increasing, office hours, spread over each day."""
    rng = random.Random(f"sopdoc-git-times-{seed}")
    days = [c[0].day for c in history.commits]
    out: list[str] = []
    k = 0
    while k < len(days):
        count = 1
        while k + count < len(days) and days[k + count] == days[k]:  # commits of one day are consecutive
            count += 1
        slot = 10 * 3600 // count
        if slot < 2:
            raise ValueError(f"too many commits on {days[k]}")
        offset = _utc_offset(days[k])
        midnight = calendar.timegm(days[k].timetuple()) - offset
        for i in range(count):
            seconds = 8 * 3600 + i * slot + int(rng.uniform(0.1, 0.9) * slot)
            out.append(f"{midnight + seconds} +{offset // 3600:02d}00")
        k += count
    return out


class _Tree:
    """The files of the content repository as the history goes, and each event's file operations."""

    def __init__(self, repo: Repository, history: GitHistory, final: dict[str, str]) -> None:
        self.repo, self.history, self.final = repo, history, final
        self.files: dict[str, str] = {}
        self.where: dict[str, str] = {}  # procedure id → its path now
        self.revision: dict[str, int] = {}  # procedure id → its revision now
        self.unfiled = set(history.filed)

    def write(self, path: str, text: str) -> tuple[str, str | None]:
        self.files[path] = text
        return path, text

    def delete(self, path: str) -> tuple[str, str | None]:
        del self.files[path]
        return path, None

    def revise(self, p: Procedure, k: int) -> list[tuple[str, str | None]]:
        """Revision k of p (1: the first version, written by the import), moved with its area if it was."""
        earlier, moved_at = self.history.moved.get(p.id, (p.area, 0))
        area = earlier if k < moved_at else p.area
        q = p if area == p.area else replace(p, area=area)
        if k == p.revision and p.last_review:  # the review-only commit adds last_review later
            q = replace(q, last_review=None)
        if self.revision.get(p.id, 0) != k - 1:
            raise AssertionError(f"{p.id}: revision {k} after {self.revision.get(p.id)}")
        self.revision[p.id] = k
        path = f"procedures/{p.id}.md" if p.id in self.unfiled else f"procedures/{area}/{p.id}.md"
        ops = [self.delete(self.where[p.id])] if self.where.get(p.id, path) != path else []
        self.where[p.id] = path
        return [*ops, self.write(path, procedure_text(q, k))]

    def apply(self, e: Event) -> list[tuple[str, str | None]]:
        if e.kind == IMPORT:
            ops = [self.write("sopdoc.yaml", self.final["sopdoc.yaml"])]
            return ops + [op for p in self.repo.procedures for op in self.revise(p, 1)]
        if e.kind == REVISION and e.proc:
            return self.revise(e.proc, e.revision)
        if e.kind == REVIEW and e.proc:
            if self.revision[e.proc.id] != e.proc.revision:
                raise AssertionError(f"{e.proc.id}: review before its last revision")
            return [self.write(self.where[e.proc.id], self.final[e.proc.path])]
        if e.kind == MOVE and e.proc:
            old = self.where[e.proc.id]
            self.unfiled.discard(e.proc.id)
            self.where[e.proc.id] = f"procedures/{e.proc.area}/{e.proc.id}.md"
            return [self.write(self.where[e.proc.id], self.files[old]), self.delete(old)]
        if e.kind == PLAN and e.plan:
            path = f"plans/{e.plan['month']}.yaml"
            return [self.write(path, self.final[path] if e.approved else plan_text(e.plan, approved=False))]
        raise AssertionError(f"unexpected event {e}")  # TRAINING: handled by the stream (blob marks)


def _message(commit: list[Event], history: GitHistory) -> str:
    e = commit[0]
    ids = ", ".join(x.proc.id for x in commit if x.proc)
    if e.kind == IMPORT:
        return "Import initial : organisation et procédures existantes (première révision)\n"
    if e.kind == REVISION:
        lines = []
        for x in commit:
            assert x.proc is not None
            line = f"{x.proc.id} rév. {x.revision} : {x.proc.changes[x.revision - 1][2]}"
            earlier, moved_at = history.moved.get(x.proc.id, ("", 0))
            if moved_at == x.revision:
                line += f" ; déplacée de procedures/{earlier}/ vers procedures/{x.proc.area}/"
            lines.append(line)
        return lines[0] + "\n" if len(lines) == 1 else f"Révision de {ids}\n\n" + "".join(f"- {x}\n" for x in lines)
    if e.kind == REVIEW:
        return f"Revue périodique sans modification : {ids}\n"
    if e.kind == MOVE:
        return f"Classement dans le dossier de leur domaine : {ids}\n"
    assert e.plan is not None
    return f"Plan PIC {e.plan['month']} : {'approuvé' if e.approved else 'brouillon'}\n"


def _data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def fast_import_stream(
    repo: Repository, history: GitHistory, seed: int, files: dict[str, str]
) -> Iterator[bytes | memoryview]:
    """The `git fast-import` input of the whole history; checks that it ends with `files` (`final_files(repo)`).

    The training log only grows, so each of its versions is a prefix of the last one; they are written
    first, one after the other, as marked blobs, so that fast-import stores each as a delta of the
    previous one, and the commits refer to them by mark.
    """
    by_role = _by_role(repo.org)
    authors = {role: by_role[role][0] for role in AUTHOR_ROLES}
    people = repo.org["people"]
    full = training_text(repo.training).encode()
    ends: list[int] = []  # ends[n - 1]: length of the log of the first n entries (one line per entry)
    i = full.find(b"\n", len(TRAINING_HEADER.encode())) if repo.training else -1
    while i >= 0:
        ends.append(i + 1)
        i = full.find(b"\n", i + 1)
    if len(ends) != len(repo.training) or (ends and training_text(repo.training[:1]).encode() != full[: ends[0]]):
        raise AssertionError("a training record does not take exactly one line")
    yield b"feature done\n"
    appends = [c[0] for c in history.commits if c[0].kind == TRAINING]
    view = memoryview(full)
    for mark, e in enumerate(appends, 1):
        yield b"blob\nmark :%d\ndata %d\n" % (mark, ends[e.entries - 1])
        yield view[: ends[e.entries - 1]]
        yield b"\n"
    tree = _Tree(repo, history, files)
    if not repo.training:
        tree.files["training.yaml"] = training_text([])
    mark, logged = 0, 0
    for commit, when in zip(history.commits, _timestamps(history, seed), strict=True):
        e = commit[0]
        ops: list[bytes] = []
        if e.kind == TRAINING:
            mark += 1
            ops.append(b"M 100644 :%d training.yaml\n" % mark)
            message = f"Formations : {e.entries - logged} enregistrements, jusqu'au {e.natural.isoformat()}\n"
            logged = e.entries
            author = authors["hr-manager"]
        else:
            for x in commit:
                for path, text in tree.apply(x):
                    ops.append(f"D {path}\n".encode() if text is None
                               else f"M 100644 inline {path}\n".encode() + _data(text.encode()))
            message = _message(commit, history)
            if e.kind == REVISION and e.proc:
                author = authors.get(e.proc.owner) or authors[AREA_AUTHOR[e.proc.area]]
            elif e.kind == PLAN and e.plan:
                author = e.plan["approved"]["by"] if e.approved else authors["planning-coordinator"]
            else:
                author = authors["quality-manager"]
        person = people[author]
        head = (f"commit refs/heads/{BRANCH}\nauthor {person['name']} <{person['email']}> {when}\n"
                f"committer {COMMITTER} {when}\n")
        yield head.encode() + _data(message.encode()) + b"".join(ops) + b"\n"
    if repo.training:
        tree.files["training.yaml"] = full.decode()
    if tree.files != files:
        raise AssertionError("the history does not end with the files of final_files()")
    yield b"done\n"


def write_git(out: Path, repo: Repository, files: dict[str, str], history: GitHistory, seed: int) -> str:
    """Write `history` as a git repository in `out` (new or empty), checked out; it ends with `files`
    (`final_files(repo)`). Returns the commit id of the branch's head."""
    env = git_env()
    subprocess.run(["git", "init", "--quiet", f"--initial-branch={BRANCH}", str(out)], check=True, env=env)
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=out, stdin=subprocess.PIPE, env=env)
    assert proc.stdin is not None
    try:
        for chunk in fast_import_stream(repo, history, seed, files):
            proc.stdin.write(chunk)
        proc.stdin.close()
    except BrokenPipeError:
        pass  # fast-import stopped: its own message says why
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    if proc.wait() != 0:
        raise RuntimeError(f"git fast-import failed (exit {proc.returncode})")
    subprocess.run(["git", "checkout", "--quiet", "--force", BRANCH], cwd=out, check=True, env=env)
    exclude = out / ".git" / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    with exclude.open("a") as f:
        f.write(f"/{MARKER}\n")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=out, check=True, env=env, capture_output=True, text=True)
    return head.stdout.strip()


def _clear(out: Path, git: bool) -> str | None:
    """Make `out` ready for new output (--force); an error message when it cannot be."""
    try:
        meta = json.loads((out / MARKER).read_text())
    except (OSError, ValueError):
        meta = None
    if meta is not None:  # our own earlier output: clear it so no stale file remains
        (out / MARKER).unlink()
        for sub in ("procedures", "plans", *((".git",) if "commits" in meta else ())):
            shutil.rmtree(out / sub, ignore_errors=True)
    if git and (out / ".git").exists():
        return f"{out} holds a git repository that generate.py did not write: choose another OUT_DIR"
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--size", choices=SIZES, default="S")
    ap.add_argument("--procedures", type=int)
    ap.add_argument("--plans", type=int)
    ap.add_argument("--families", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--force", action="store_true", help="write into a non-empty OUT_DIR")
    ap.add_argument("--git", metavar="COMMITS",
                    help="write a git repository with a history of COMMITS commits ('auto': "
                    + ", ".join(f"{s} {n:,}" for s, n in GIT_COMMITS.items()) + " by --size)")
    a = ap.parse_args(argv)
    n_proc, n_plans, n_fam = SIZES[a.size]
    params = {
        "procedures": a.procedures or n_proc,
        "plans": a.plans or n_plans,
        "families": a.families or n_fam,
        "seed": a.seed,
    }
    commits = None
    if a.git is not None:
        commits = GIT_COMMITS[a.size] if a.git == "auto" else int(a.git) if a.git.isdigit() else 0
        if commits < 1:
            ap.error(f"--git takes a number of commits or 'auto', not {a.git!r}")
    start = time.perf_counter()
    try:  # everything that can refuse the parameters, before OUT_DIR is touched
        repo = build(**params)
        history = plan_history(repo, commits, a.seed) if commits is not None else None
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if a.out.exists() and any(a.out.iterdir()):
        if not a.force:
            print(f"error: {a.out} is not empty (use --force)", file=sys.stderr)
            return 2
        problem = _clear(a.out, history is not None)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
    files = final_files(repo)
    extra: dict[str, Any] = {}
    if history is None:
        size = write_files(a.out, files)
    else:
        a.out.mkdir(parents=True, exist_ok=True)
        head = write_git(a.out, repo, files, history, a.seed)
        size = sum(len(text.encode()) for text in files.values())
        extra = {"git_history": GIT_HISTORY_VERSION, "commits": len(history.commits), "renames": history.renames,
                 "revisions": sum(p.revision for p in repo.procedures), "branch": BRANCH, "head": head}
    meta = params | {"generator": GENERATOR_VERSION, "files": len(files), "bytes": size} | extra
    (a.out / MARKER).write_text(json.dumps(meta, indent=1) + "\n")
    git = f", {extra['commits']:,} commits ({extra['renames']} renames)" if extra else ""
    print(f"{a.out}: {len(files)} files, {size / 1e6:.1f} MB{git} in {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
