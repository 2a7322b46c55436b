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
        "home_no_plan": "Aucun plan lisible dans plans/.", "home_lag": "décalage {lag} mois",
        "home_target": "cible : {target}", "home_previous": "{value} en {month}",
        "home_trend_up": "en hausse depuis le cycle précédent",
        "home_trend_down": "en baisse depuis le cycle précédent",
        "home_trend_flat": "stable depuis le cycle précédent", "home_on_today": "au {date}",
        "home_all_indicators": "Tous les indicateurs, cycle par cycle", "home_alerts": "Alertes",
        "home_no_alert": "Aucune alerte.", "home_changes": "Dernières modifications des procédures",
        "home_no_changes": "Aucune révision enregistrée.",
        "home_errors": "{n} erreur(s) de validation dans {files} fichier(s) (sopdoc validate)",
        "home_errors_in": "{n} erreur(s) dans", "home_review_overdue": "Revue en retard :",
        "home_review_since": "à faire depuis le {date} ({days} j)",
        "home_overload": "Centre de charge surchargé dans le plan en cours :",
        "home_overload_peak": "{value} en {month}, {n} mois au-dessus du maximum",
        "home_overload_closed": "charge planifiée alors qu'il est fermé en {months}",
        "home_stale": "Donnée périmée du plan en cours :", "home_stale_age": "{days} j au {date} (maximum {max} j)",
        "home_action_overdue": "Action en retard :", "home_action_due": "échéance le {date}, {owner}",
        "home_detail": " : {detail}", "home_colon": " :",
        # -- site: plans, charts, indicators (fr) --
        "chart_no_data": "Aucune donnée", "chart_target": "Cible {value}",
        "chart_indicator_alt": "Graphique : {name}, cycle par cycle",
        "chart_load_max": "Charge maximale {value}",
        "chart_capacity_title": "Charge des centres de charge, PIC {month}",
        "chart_hours_title": "Demande et production en heures standard, PIC {month}",
        "chart_hours_alt": "Demande prévue, production planifiée et capacité totale de toutes les familles, en heures "
                           "standard, mois par mois, PIC {month}",
        "chart_capacity_alt": "Charge de chaque centre de charge, mois par mois, face à la charge maximale, "
                              "PIC {month}",
        "chart_demand_hours": "Demande prévue (h)", "chart_production_hours": "Production planifiée (h)",
        "chart_capacity_hours": "Capacité totale (h)",
        "ind_target_band": "de {low} à {high}", "ind_target_max": "au plus {value}",
        "ind_target_min": "au moins {value}", "ind_target_abs": "entre -{value} et +{value}",
        "ind_target_is": "Cible : {target}.", "ind_today_value": "Valeur au {date} :",
        "ind_group_forecast": "Qualité des prévisions", "ind_group_delivery": "Livraison et production",
        "ind_group_health": "Santé du plan", "ind_group_process": "Santé du processus",
        "ind_lag": "Décalage {lag} mois", "ind_no_family": "Aucune famille de ce type dans sopdoc.yaml.",
        "ind_intro": "Chaque indicateur sur les {count} cycles du PIC, de {first} à {last}, avec sa cible : un "
                     "graphique puis un tableau, le cycle le plus récent en haut. Les indicateurs de qualité des "
                     "prévisions, de livraison et de production portent sur les {window} mois clos avant chaque "
                     "cycle ; une valeur hors cible est signalée en couleur, une valeur non calculable est « n.d. » "
                     "(la raison s'affiche au survol).",
        "ind_desc_forecast-accuracy": "Précision des prévisions : 1 − WAPE, au moins 0, à chaque décalage (prévision "
                                      "faite ce nombre de mois avant le mois réalisé).",
        "ind_desc_wape": "Erreur absolue pondérée : Σ |prévision − demande| / Σ demande, toutes familles et tous mois "
                         "confondus.",
        "ind_desc_bias": "Biais : Σ (prévision − demande) / Σ demande ; positif quand on prévoit trop.",
        "ind_desc_tracking-signal": "Signal de suivi : Σ (demande − prévision) / écart absolu moyen, sur la fenêtre de "
                                    "suivi ; hors de la cible, l'erreur est systématique.",
        "ind_desc_fva": "Valeur ajoutée de la prévision : WAPE de la prévision naïve (dernière demande connue) moins "
                        "WAPE du PIC ; positive quand le PIC fait mieux.",
        "ind_desc_plan-churn": "Instabilité du plan : combien la prévision des trois prochains mois a bougé depuis le "
                               "plan approuvé du mois précédent.",
        "ind_desc_otif": "Lignes de commande livrées complètes et à l'heure / lignes dues.",
        "ind_desc_lead-time": "Délai de fabrication moyen en jours ouvrés, pondéré par la production.",
        "ind_desc_production-attainment": "Respect du plan de production : production réalisée, plafonnée au plan de "
                                          "référence de chaque famille et mois, / production planifiée.",
        "ind_desc_capacity-load": "Charge de chaque centre de charge dans le mois du cycle, telle que planifiée ce "
                                  "mois-là (heures standard / capacité) : vert sous 85\u00a0%, orange jusqu'au "
                                  "maximum, rouge au-delà.",
        "ind_desc_inventory-coverage": "Familles sur stock : couverture en semaines du stock projeté à la fin du "
                                       "mois du cycle ; en couleur hors de la plage de la famille.",
        "ind_desc_backlog-weeks": "Familles à la commande : carnet projeté à la fin du mois du cycle, en semaines de "
                                  "production ; en couleur au-dessus du maximum de la famille.",
        "ind_desc_actions-overdue": "Actions ouvertes du plan dont l'échéance est passée à la date de référence du "
                                    "plan.",
        "ind_desc_actions-on-time": "Part des actions soldées du plan qui l'ont été à leur échéance initiale.",
        "ind_desc_cycle-on-time": "Part des étapes du cycle faites à leur jour ouvré (étapes pas encore dues exclues).",
        "ind_desc_data-freshness": "Part des sources de données du plan dans leur âge maximal à la date de référence.",
        "ind_desc_reviews-on-time": "Part des procédures en vigueur dont la revue n'est pas en retard. Calculé à la "
                                    "date du jour : pas d'historique par cycle.",
        "ind_desc_training-coverage": "Part des personnes à former qui sont formées sur la révision en vigueur. "
                                      "Calculé à la date du jour : pas d'historique par cycle.",
        "plans_intro": "Un plan par mois, le plus récent en haut ; chaque plan approuvé est un enregistrement "
                       "qui ne change plus.",
        "plans_indicators_link": "Indicateurs, cycle par cycle", "plans_none": "Aucun plan lisible dans plans/.",
        "plan_month": "Mois", "plan_approved_on": "Approuvé le", "plan_approved_by": "Approuvé par",
        "plan_at_lag": "{name}, décalage {lag} mois", "plan_max_load": "Charge maximale",
        "plan_title": "PIC {month}", "plan_draft_banner": "Plan en préparation",
        "plan_draft_text": "Ce plan n'est pas approuvé : ses chiffres peuvent encore changer.",
        "plan_reference": "Date de référence", "plan_ref_approval": "date d'approbation",
        "plan_ref_today": "date du jour", "plan_back_to_index": "Tous les plans",
        "plan_summary": "Indicateurs du cycle", "plan_families": "Familles",
        "plan_unit": "unité : {unit}", "plan_band": "{label} : {band}",
        "plan_forecast": "Prévision", "plan_production": "Production", "plan_no_family": "Aucune famille dans ce plan.",
        "plan_capacity": "Charge des centres de charge",
        "plan_capacity_legend": "Charge planifiée / capacité, par mois : vert sous {high}, orange jusqu'à {maximum}, "
                                "rouge au-delà ; « fermé » : capacité nulle ce mois-là.",
        "plan_charts": "Graphiques", "plan_sources": "Sources de données",
        "plan_sources_age": "Âge des données au {date}, date de référence du plan.",
        "plan_source": "Source", "plan_description": "Description", "plan_as_of": "Données du",
        "plan_age_days": "Âge / maximum (jours)", "plan_stale": "périmée",
        "plan_fresh": "à jour", "plan_none": "Aucun.", "plan_cycle": "Étapes du cycle", "plan_step": "Étape",
        "plan_due": "Échéance", "plan_done_on": "Fait le", "plan_late": "en retard", "plan_on_time": "à l'heure",
        "plan_pending": "à venir", "plan_attendees": "Participants", "plan_assumptions": "Hypothèses",
        "plan_risks": "Risques", "plan_id": "Id", "plan_impact": "Impact", "plan_decisions": "Décisions",
        "plan_actions": "Actions", "plan_original_due": "initialement le {date}", "plan_closed": "fermé",
        "plan_strategy_mts": "Fabrication sur stock", "plan_strategy_mto": "Fabrication à la commande",
        "plan_cover_weeks": "Couverture (sem.)", "plan_backlog_weeks": "Carnet (sem.)",
        "plan_actuals": "Réalisé {month} : {values}.", "plan_actual_demand": "demande {value}",
        "plan_actual_production": "production {value}", "plan_actual_inventory": "stock {value}",
        "plan_actual_backlog": "carnet {value}", "plan_actual_lines": "lignes à l'heure {on_time} sur {due}",
        "plan_actual_lead_time": "délai {value} j", "plan_working_day": "J{n}", "plan_cycle_month": "Cycle",
        "plan_step_data-gathering": "Collecte des données", "plan_step_demand-review": "Revue de la demande",
        "plan_step_supply-review": "Revue de la production", "plan_step_reconciliation": "Réunion de pré-PIC",
        "plan_step_executive-review": "Revue de direction",
        "plan_impact_low": "faible", "plan_impact_medium": "moyen", "plan_impact_high": "élevé",
        "plan_action_open": "ouverte", "plan_action_done": "soldée", "plan_owner": "Responsable",
        # -- site: roles, training matrix, calendar, feed (fr) --
        "people": "Personnes", "count_people": "Effectif", "count_procedures": "Procédures possédées ou approuvées",
        "count_steps": "Étapes", "count_training": "Formations requises",
        "training_matrix_title": "Matrice de formation",
        "training_matrix_intro": "qui est formé sur quelle procédure en vigueur, une table par domaine",
        "role_people_heading": "Personnes", "no_people": "Personne n'a ce rôle.",
        "role_cycle_heading": "Étapes du cycle PIC", "step": "Étape", "next_due": "Prochaine échéance",
        "working_day_n": "J{n} ouvré", "role_steps_heading": "Ce que fait ce rôle, quand et comment",
        "no_steps": "Aucune étape d'une procédure en vigueur n'est confiée à ce rôle.",
        "role_procedures_heading": "Procédures dont le rôle est propriétaire ou approbateur",
        "responsibility": "Responsabilité", "duty_owner": "propriétaire", "duty_approver": "approbateur",
        "no_role_procedures": "Aucune procédure.",
        "role_training_heading": "Formations requises", "training_current": "À jour",
        "training_earlier": "Formés sur une révision antérieure", "training_never": "Jamais formés",
        "no_training": "Aucune procédure en vigueur ne demande de former ce rôle.",
        "matrix_intro": "Personnes × procédures en vigueur qui ont des rôles à former : une table par domaine, "
                        "seules les personnes concernées y figurent.",
        "matrix_legend": "✓ formé sur la révision en vigueur · (3) formé sur une révision antérieure, ici la 3 · "
                         "✗ jamais formé · case vide : formation non requise",
        "matrix_outdated": "formé sur la révision {trained}, pas sur la révision {revision}",
        "matrix_untrained": "jamais formé : révision {revision} à suivre",
        "matrix_coverage": "Formations à jour : {trained} sur {needed}.",
        "matrix_part": "{title} ({part}/{parts})", "matrix_nobody": "Personne ne tient ces rôles.",
        "matrix_empty": "Aucune procédure en vigueur n'a de rôle à former.",
        "training_matrix_area_title": "Matrice de formation : {area}",
        "matrix_by_area": "La matrice couvre {count} procédures en vigueur qui ont des rôles à former : une page par "
                          "domaine.",
        "matrix_area": "Domaine", "matrix_procedures": "Procédures", "matrix_up_to_date": "Formations à jour",
        "matrix_ratio": "{trained} sur {needed}",
        "calendar_heading": "Calendrier du PIC", "step_owner": "Responsable",
        "calendar_intro": "Les étapes des {count} prochains cycles, chacune à son jour ouvré (du lundi au vendredi, "
                          "hors jours fériés), et les revues de procédures à échéance du {first} au {last}.",
        "calendar_download": "Télécharger le calendrier (.ics)",
        "calendar_download_hint": "à importer dans Outlook, Thunderbird ou un agenda de téléphone",
        "calendar_cycle_heading": "Cycle de {month}", "calendar_reviews_heading": "Revues de procédures à échéance",
        "calendar_no_steps": "Le calendrier de sopdoc.yaml ne compte aucune étape.",
        "calendar_no_reviews": "Aucune revue de procédure à échéance sur la période.",
        "feed_link": "Flux Atom des révisions de procédures",
        "feed_title": "{organisation} — révisions des procédures",
        "feed_entry_title": "{id} révision {number} — {title}",
        "ics_calendar_name": "Calendrier PIC — {organisation}", "ics_step_summary": "PIC {month} — {title}",
        "ics_step_line": "Étape : {step} ({day})", "ics_owner_line": "Responsable : {owner}",
        "ics_procedure_line": "Procédure : {procedure}", "ics_review_summary": "Revue de procédure : {procedure}",
        "ics_revision_line": "Révision en vigueur : {revision}",
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
        "home_no_plan": "No readable plan in plans/.", "home_lag": "lag {lag}",
        "home_target": "target: {target}", "home_previous": "{value} in {month}",
        "home_trend_up": "up since the previous cycle", "home_trend_down": "down since the previous cycle",
        "home_trend_flat": "unchanged since the previous cycle", "home_on_today": "on {date}",
        "home_all_indicators": "All indicators, cycle by cycle", "home_alerts": "Alerts",
        "home_no_alert": "No alert.", "home_changes": "Latest procedure changes",
        "home_no_changes": "No revision recorded.",
        "home_errors": "{n} validation error(s) in {files} file(s) (sopdoc validate)",
        "home_errors_in": "{n} error(s) in", "home_review_overdue": "Review overdue:",
        "home_review_since": "due since {date} ({days} d)",
        "home_overload": "Work center overloaded in the current plan:",
        "home_overload_peak": "{value} in {month}, {n} month(s) above the maximum",
        "home_overload_closed": "load planned while closed in {months}",
        "home_stale": "Stale data source of the current plan:",
        "home_stale_age": "{days} d on {date} (maximum {max} d)",
        "home_action_overdue": "Action overdue:", "home_action_due": "due {date}, {owner}",
        "home_detail": ": {detail}", "home_colon": ":",
        # -- site: plans, charts, indicators (en) --
        "chart_no_data": "No data", "chart_target": "Target {value}",
        "chart_indicator_alt": "Chart: {name}, cycle by cycle",
        "chart_load_max": "Maximum load {value}", "chart_capacity_title": "Work center load, S&OP plan {month}",
        "chart_hours_title": "Demand and production in standard hours, S&OP plan {month}",
        "chart_hours_alt": "Forecast demand, planned production and total capacity of all families, in standard "
                           "hours, month by month, S&OP plan {month}",
        "chart_capacity_alt": "Load of each work center, month by month, against the maximum load, S&OP plan {month}",
        "chart_demand_hours": "Forecast demand (h)", "chart_production_hours": "Planned production (h)",
        "chart_capacity_hours": "Total capacity (h)",
        "ind_target_band": "from {low} to {high}", "ind_target_max": "at most {value}",
        "ind_target_min": "at least {value}", "ind_target_abs": "between -{value} and +{value}",
        "ind_target_is": "Target: {target}.", "ind_today_value": "Value on {date}:",
        "ind_group_forecast": "Forecast quality", "ind_group_delivery": "Delivery and production",
        "ind_group_health": "Plan health", "ind_group_process": "Process health",
        "ind_lag": "Lag {lag}", "ind_no_family": "No family of this kind in sopdoc.yaml.",
        "ind_intro": "Each indicator over the {count} S&OP cycles, from {first} to {last}, with its target: a chart "
                     "then a table, the latest cycle on top. Forecast, delivery and production indicators cover the "
                     "{window} closed months before each cycle; a value off target is coloured, a value that cannot "
                     "be computed is \"n/a\" (hover for the reason).",
        "ind_desc_forecast-accuracy": "Forecast accuracy: 1 − WAPE, at least 0, at each lag (the forecast made that "
                                      "many months before the actual month).",
        "ind_desc_wape": "Weighted absolute percentage error: Σ |forecast − demand| / Σ demand, pooled over families "
                         "and months.",
        "ind_desc_bias": "Bias: Σ (forecast − demand) / Σ demand; positive means over-forecasting.",
        "ind_desc_tracking-signal": "Tracking signal: Σ (demand − forecast) / mean absolute deviation over the "
                                    "tracking window; outside the target, the error is systematic.",
        "ind_desc_fva": "Forecast value added: WAPE of the naive forecast (last known demand) minus WAPE of the S&OP "
                        "forecast; positive when the S&OP forecast does better.",
        "ind_desc_plan-churn": "Plan churn: how much the next three months' forecast moved since the previous "
                               "approved plan.",
        "ind_desc_otif": "Order lines delivered in full and on time / order lines due.",
        "ind_desc_lead-time": "Average manufacturing lead time in working days, weighted by production.",
        "ind_desc_production-attainment": "Production attainment: actual production, capped at each family's plan of "
                                          "record per month, / planned production.",
        "ind_desc_capacity-load": "Load of each work center in the cycle month, as planned that month (standard "
                                  "hours / capacity): green below 85%, amber up to the maximum, red above.",
        "ind_desc_inventory-coverage": "Make-to-stock families: weeks of cover of the projected inventory at the end "
                                       "of the cycle month; coloured outside the family's range.",
        "ind_desc_backlog-weeks": "Make-to-order families: projected backlog at the end of the cycle month, in weeks "
                                  "of production; coloured above the family's maximum.",
        "ind_desc_actions-overdue": "Open actions of the plan past due on the plan's reference date.",
        "ind_desc_actions-on-time": "Share of the plan's done actions that were done by their original due date.",
        "ind_desc_cycle-on-time": "Share of the cycle's steps done by their working day (steps not due yet left out).",
        "ind_desc_data-freshness": "Share of the plan's data sources within their maximum age on the reference date.",
        "ind_desc_reviews-on-time": "Share of the procedures in force whose review is not overdue. Computed on "
                                    "today's date: no history per cycle.",
        "ind_desc_training-coverage": "Share of the people to train who are trained on the revision in force. "
                                      "Computed on today's date: no history per cycle.",
        "plans_intro": "One plan per month, the latest on top; an approved plan is a record that never changes.",
        "plans_indicators_link": "Indicators, cycle by cycle", "plans_none": "No readable plan in plans/.",
        "plan_month": "Month", "plan_approved_on": "Approved on", "plan_approved_by": "Approved by",
        "plan_at_lag": "{name}, lag {lag}", "plan_max_load": "Maximum load",
        "plan_title": "S&OP plan, {month}", "plan_draft_banner": "Plan in preparation",
        "plan_draft_text": "This plan is not approved: its figures may still change.",
        "plan_reference": "Reference date", "plan_ref_approval": "approval date",
        "plan_ref_today": "today", "plan_back_to_index": "All plans",
        "plan_summary": "Indicators of the cycle", "plan_families": "Families",
        "plan_unit": "unit: {unit}", "plan_band": "{label}: {band}",
        "plan_forecast": "Forecast", "plan_production": "Production", "plan_no_family": "No family in this plan.",
        "plan_capacity": "Work center load",
        "plan_capacity_legend": "Planned load / capacity per month: green below {high}, amber up to {maximum}, red "
                                "above; \"closed\": no capacity that month.",
        "plan_charts": "Charts", "plan_sources": "Data sources",
        "plan_sources_age": "Age of the data on {date}, the plan's reference date.",
        "plan_source": "Source", "plan_description": "Description", "plan_as_of": "As of",
        "plan_age_days": "Age / maximum (days)", "plan_stale": "stale",
        "plan_fresh": "fresh", "plan_none": "None.", "plan_cycle": "Cycle steps", "plan_step": "Step",
        "plan_due": "Due", "plan_done_on": "Done on", "plan_late": "late", "plan_on_time": "on time",
        "plan_pending": "not due yet", "plan_attendees": "Attendees", "plan_assumptions": "Assumptions",
        "plan_risks": "Risks", "plan_id": "Id", "plan_impact": "Impact", "plan_decisions": "Decisions",
        "plan_actions": "Actions", "plan_original_due": "originally {date}", "plan_closed": "closed",
        "plan_strategy_mts": "Make to stock", "plan_strategy_mto": "Make to order",
        "plan_cover_weeks": "Cover (weeks)", "plan_backlog_weeks": "Backlog (weeks)",
        "plan_actuals": "Actual {month}: {values}.", "plan_actual_demand": "demand {value}",
        "plan_actual_production": "production {value}", "plan_actual_inventory": "inventory {value}",
        "plan_actual_backlog": "backlog {value}", "plan_actual_lines": "lines on time {on_time} of {due}",
        "plan_actual_lead_time": "lead time {value} d", "plan_working_day": "WD{n}", "plan_cycle_month": "Cycle",
        "plan_step_data-gathering": "Data gathering", "plan_step_demand-review": "Demand review",
        "plan_step_supply-review": "Supply review", "plan_step_reconciliation": "Reconciliation",
        "plan_step_executive-review": "Executive review",
        "plan_impact_low": "low", "plan_impact_medium": "medium", "plan_impact_high": "high",
        "plan_action_open": "open", "plan_action_done": "done", "plan_owner": "Owner",
        # -- site: roles, training matrix, calendar, feed (en) --
        "people": "People", "count_people": "Headcount", "count_procedures": "Procedures owned or approved",
        "count_steps": "Steps", "count_training": "Training required",
        "training_matrix_title": "Training matrix",
        "training_matrix_intro": "who is trained on which procedure in force, one table per area",
        "role_people_heading": "People", "no_people": "Nobody holds this role.",
        "role_cycle_heading": "S&OP cycle steps", "step": "Step", "next_due": "Next due",
        "working_day_n": "working day {n}", "role_steps_heading": "What this role does, when and how",
        "no_steps": "No step of a procedure in force is given to this role.",
        "role_procedures_heading": "Procedures this role owns or approves",
        "responsibility": "Responsibility", "duty_owner": "owner", "duty_approver": "approver",
        "no_role_procedures": "No procedure.",
        "role_training_heading": "Training required", "training_current": "Up to date",
        "training_earlier": "Trained on an earlier revision", "training_never": "Never trained",
        "no_training": "No procedure in force requires training for this role.",
        "matrix_intro": "People × procedures in force that have roles to train: one table per area, listing only "
                        "the people concerned.",
        "matrix_legend": "✓ trained on the revision in force · (3) trained on an earlier revision, here 3 · "
                         "✗ never trained · empty: not required",
        "matrix_outdated": "trained on revision {trained}, not on revision {revision}",
        "matrix_untrained": "never trained: revision {revision} to follow",
        "matrix_coverage": "Training up to date: {trained} of {needed}.",
        "matrix_part": "{title} ({part}/{parts})", "matrix_nobody": "Nobody holds these roles.",
        "matrix_empty": "No procedure in force has roles to train.",
        "training_matrix_area_title": "Training matrix: {area}",
        "matrix_by_area": "The matrix covers {count} procedures in force that have roles to train: one page per area.",
        "matrix_area": "Area", "matrix_procedures": "Procedures", "matrix_up_to_date": "Training up to date",
        "matrix_ratio": "{trained} of {needed}",
        "calendar_heading": "S&OP calendar", "step_owner": "Owner",
        "calendar_intro": "The steps of the next {count} cycles, each on its working day (Monday to Friday, public "
                          "holidays excluded), and the procedure reviews due from {first} to {last}.",
        "calendar_download": "Download the calendar (.ics)",
        "calendar_download_hint": "to import into Outlook, Thunderbird or a phone's calendar",
        "calendar_cycle_heading": "{month} cycle", "calendar_reviews_heading": "Procedure reviews due",
        "calendar_no_steps": "The calendar of sopdoc.yaml has no step.",
        "calendar_no_reviews": "No procedure review due in the period.",
        "feed_link": "Atom feed of procedure revisions",
        "feed_title": "{organisation} — procedure revisions",
        "feed_entry_title": "{id} revision {number} — {title}",
        "ics_calendar_name": "S&OP calendar — {organisation}", "ics_step_summary": "S&OP {month} — {title}",
        "ics_step_line": "Step: {step} ({day})", "ics_owner_line": "Owner: {owner}",
        "ics_procedure_line": "Procedure: {procedure}", "ics_review_summary": "Procedure review: {procedure}",
        "ics_revision_line": "Revision in force: {revision}",
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
        """The label of ``key`` (the key itself when unknown), with ``values`` filled in."""
        label = self._labels.get(key)
        if label is None:
            return key
        return label.format(**values) if values else label

    # Babel is imported where it is used: its locale data costs a tenth of a second to import.

    def percent(self, value: float) -> str:
        from babel.numbers import format_percent

        # French: a no-break space before the sign, as Babel's own French pattern has it (a line never breaks
        # between a figure and its %)
        pattern = "#,##0.0\u00a0%" if self.language == "fr" else "#,##0.0%"
        return format_percent(value, locale=self.locale, format=pattern)

    def number(self, value: float, decimals: int = 1) -> str:
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, locale=self.locale, format=pattern)

    def date(self, value: dt.date) -> str:
        from babel.dates import format_date

        return format_date(value, format="long", locale=self.locale)
