"""Human labels in French and English, and numbers and dates formatted with Babel per language."""

from __future__ import annotations

import datetime as dt

LOCALES = {"fr": "fr_FR", "en": "en_GB"}

_LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "wape": "WAPE", "forecast-accuracy": "Précision", "bias": "Biais", "tracking-signal": "Signal de suivi",
        "fva": "Valeur ajoutée (FVA)", "plan-churn": "Instabilité du plan", "otif": "OTIF",
        "lead-time": "Délai de fabrication", "production-attainment": "Respect du plan de production",
        "capacity-load": "Charge / capacité", "inventory-coverage": "Couverture du stock (semaines)",
        "backlog-weeks": "Carnet (semaines)", "projected-inventory": "Stock projeté",
        "projected-backlog": "Carnet projeté", "reviews-on-time": "Revues à jour",
        "training-coverage": "Formations à jour", "actions-overdue": "Actions en retard",
        "actions-on-time": "Actions soldées à temps", "cycle-on-time": "Étapes du cycle à l'heure",
        "data-freshness": "Données à jour",
        "title": "Indicateurs du PIC {month}", "total": "Total", "family": "Famille", "target": "Cible",
        "work_center": "Centre de charge", "forecast_section": "Qualité des prévisions, décalage {lag} mois",
        "signal_section": "Suivi des prévisions, décalage {lag} mois",
        "delivery_section": "Livraison et production", "load_section": "Charge des centres de charge",
        "stock_section": "Stock et carnet projetés", "process_section": "Santé du processus",
        "window_row": "Mois utilisés", "no_value": "n.d.", "days": "j", "weeks": "sem.",
        "reasons": "Non calculés", "indicator": "Indicateur", "value": "Valeur",
        "reviews_title": "Revues de procédures à faire", "procedure": "Procédure", "title_col": "Titre",
        "owner": "Propriétaire", "next_review": "Prochaine revue", "state": "État", "overdue": "en retard",
        "due_soon": "à faire", "days_left": "dans {days} j", "days_late": "depuis {days} j",
        "nothing_due": "Aucune revue à faire dans les {days} prochains jours.",
        "training_title": "Formations à faire", "person": "Personne", "role": "Rôle",
        "revision": "Révision", "trained_on": "Formé sur", "none": "aucune",
        "all_trained": "Tout le monde est formé sur la révision en vigueur.",
        "date_col": "Date", "author": "Auteur", "commit": "Commit", "summary": "Résumé",
        "uncommitted": "Copie de travail : révision {revision}, pas encore enregistrée dans git.",
        "no_history": "Aucune révision enregistrée dans git.",
        "shallow_history": "Historique incomplet : le clone git est superficiel (shallow).",
        "n_errors": "{n} erreur(s)", "n_warnings": "{n} avertissement(s)", "n_files": "{n} fichiers",
        "procedures_heading": "Procédures", "retrain_heading": "À former sur la nouvelle révision",
        "plans_heading": "Plans", "indicators_heading": "Indicateurs qui bougent (cycle {month})",
        "findings_heading": "Constats", "before": "Avant", "after": "Après", "file_col": "Fichier",
        "severity": "Gravité", "rule": "Règle", "message": "Message",
        "change_added": "ajoutée", "change_revised": "révisée", "change_retired": "retirée",
        "change_reviewed": "revue sans changement", "change_renamed": "renommée", "change_edited": "modifiée",
        "change_deleted": "supprimée", "change_changed": "modifié",
        "retired_banner": "Procédure retirée", "retired_text": "Cette procédure n'est plus en vigueur.",
        "superseded_by": "Elle est remplacée par", "draft_banner": "Projet",
        "draft_text": "Cette procédure est un projet : elle n'est pas encore en vigueur.",
        "printed_on": "imprimé le", "uncontrolled_copy": "copie non maîtrisée une fois imprimée",
        "status": "Statut", "approver": "Approbateur", "effective": "En vigueur depuis",
        "status_active": "en vigueur", "status_draft": "projet", "status_retired": "retirée",
        "status_approved": "approuvé", "steps_heading": "Qui fait quoi, quand, comment", "who": "Qui",
        "when": "Quand", "what": "Quoi", "how": "Comment", "output": "Résultat",
        "training_roles": "Rôles à former", "indicators_field": "Indicateurs", "related": "Procédures liées",
        "unsafe_body": "Contenu bloqué",
        "unsafe_body_text": "Le texte contient du HTML actif (script, événement ou lien javascript:) ; il est affiché "
                            "tel quel. Corrigez-le (voir sopdoc validate).",
        "history_heading": "Historique des révisions", "procedures_title": "Procédures",
        "other_area": "Autres", "propose_change": "Proposer une modification",
        "report_problem": "Signaler un problème",
        "old_revision_banner": "Révision {number}, remplacée : la révision en vigueur est la {current}.",
        "current_revision_link": "Voir la révision en vigueur",
        "diff_heading": "Différences entre la révision {number} et la révision {next}",
        "current_plan": "Plan en cours", "approved_on": "approuvé le", "home": "Accueil",
        "roles_title": "Rôles", "plans_title": "Plans", "indicators_title": "Indicateurs",
        "calendar_title": "Calendrier",
        # -- site: home (fr) --
        # -- site: plans, charts, indicators (fr) --
        # -- site: roles, training matrix, calendar, feed (fr) --
        # -- site: versions, publish (fr) --
    },
    "en": {
        "wape": "WAPE", "forecast-accuracy": "Accuracy", "bias": "Bias", "tracking-signal": "Tracking signal",
        "fva": "Forecast value added", "plan-churn": "Plan churn", "otif": "OTIF",
        "lead-time": "Lead time", "production-attainment": "Production attainment",
        "capacity-load": "Capacity load", "inventory-coverage": "Inventory cover (weeks)",
        "backlog-weeks": "Backlog (weeks)", "projected-inventory": "Projected inventory",
        "projected-backlog": "Projected backlog", "reviews-on-time": "Reviews on time",
        "training-coverage": "Training coverage", "actions-overdue": "Actions overdue",
        "actions-on-time": "Actions done on time", "cycle-on-time": "Cycle steps on time",
        "data-freshness": "Data freshness",
        "title": "S&OP indicators {month}", "total": "Total", "family": "Family", "target": "Target",
        "work_center": "Work center", "forecast_section": "Forecast quality, lag {lag}",
        "signal_section": "Forecast tracking, lag {lag}",
        "delivery_section": "Delivery and production", "load_section": "Work center load",
        "stock_section": "Projected inventory and backlog", "process_section": "Process health",
        "window_row": "Months used", "no_value": "n/a", "days": "d", "weeks": "wk",
        "reasons": "Not computed", "indicator": "Indicator", "value": "Value",
        "reviews_title": "Procedure reviews due", "procedure": "Procedure", "title_col": "Title",
        "owner": "Owner", "next_review": "Next review", "state": "State", "overdue": "overdue",
        "due_soon": "due", "days_left": "in {days} d", "days_late": "for {days} d",
        "nothing_due": "No review due in the next {days} days.",
        "training_title": "Training to do", "person": "Person", "role": "Role",
        "revision": "Revision", "trained_on": "Trained on", "none": "none",
        "all_trained": "Everyone is trained on the current revision.",
        "date_col": "Date", "author": "Author", "commit": "Commit", "summary": "Summary",
        "uncommitted": "Working copy: revision {revision}, not committed yet.",
        "no_history": "No revision committed to git.",
        "shallow_history": "Incomplete history: the git clone is shallow.",
        "n_errors": "{n} error(s)", "n_warnings": "{n} warning(s)", "n_files": "{n} files",
        "procedures_heading": "Procedures", "retrain_heading": "To train on the new revision",
        "plans_heading": "Plans", "indicators_heading": "Indicators that moved (cycle {month})",
        "findings_heading": "Findings", "before": "Before", "after": "After", "file_col": "File",
        "severity": "Severity", "rule": "Rule", "message": "Message",
        "change_added": "added", "change_revised": "revised", "change_retired": "retired",
        "change_reviewed": "reviewed, unchanged", "change_renamed": "renamed", "change_edited": "edited",
        "change_deleted": "deleted", "change_changed": "changed",
        "retired_banner": "Retired procedure", "retired_text": "This procedure is no longer in force.",
        "superseded_by": "It is superseded by", "draft_banner": "Draft",
        "draft_text": "This procedure is a draft: it is not in force yet.",
        "printed_on": "printed on", "uncontrolled_copy": "uncontrolled copy once printed",
        "status": "Status", "approver": "Approver", "effective": "Effective",
        "status_active": "active", "status_draft": "draft", "status_retired": "retired",
        "status_approved": "approved", "steps_heading": "Who does what, when, how", "who": "Who",
        "when": "When", "what": "What", "how": "How", "output": "Output",
        "training_roles": "Roles to train", "indicators_field": "Indicators", "related": "Related procedures",
        "unsafe_body": "Content blocked",
        "unsafe_body_text": "The text holds active HTML (script, event or javascript: link); it is shown as plain "
                            "text. Fix it (see sopdoc validate).",
        "history_heading": "Revision history", "procedures_title": "Procedures",
        "other_area": "Other", "propose_change": "Propose a change",
        "report_problem": "Report a problem",
        "old_revision_banner": "Revision {number}, superseded: the revision in force is {current}.",
        "current_revision_link": "See the revision in force",
        "diff_heading": "Differences between revision {number} and revision {next}",
        "current_plan": "Current plan", "approved_on": "approved on", "home": "Home",
        "roles_title": "Roles", "plans_title": "Plans", "indicators_title": "Indicators",
        "calendar_title": "Calendar",
        # -- site: home (en) --
        # -- site: plans, charts, indicators (en) --
        # -- site: roles, training matrix, calendar, feed (en) --
        # -- site: versions, publish (en) --
    },
}


class Labels:
    """Labels, numbers and dates of one language (``fr`` or ``en``)."""

    def __init__(self, language: str) -> None:
        self.language = language if language in _LABELS else "en"
        self.locale = LOCALES[self.language]
        self._labels = _LABELS[self.language]

    def __call__(self, key: str, **values: object) -> str:
        return self._labels.get(key, key).format(**values)

    # Babel is imported where it is used: its locale data costs a tenth of a second to import.

    def percent(self, value: float) -> str:
        from babel.numbers import format_percent

        return format_percent(value, locale=self.locale, format="#,##0.0 %" if self.language == "fr" else "#,##0.0%")

    def number(self, value: float, decimals: int = 1) -> str:
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, locale=self.locale, format=pattern)

    def date(self, value: dt.date) -> str:
        from babel.dates import format_date

        return format_date(value, format="long", locale=self.locale)
