"""The screens whose keys the help screen lists, imported only when help opens.

Add a screen with one line: ``("accountmgr.screens.module", "ClassName")``.
The help screen reads each class's ``BINDINGS`` (with their descriptions) and
its optional ``HELP_TEXT`` class attribute (rules worth knowing on that screen).
"""

from __future__ import annotations

HELP_SCREENS: list[tuple[str, str]] = [
    ("accountmgr.screens.portfolio", "PortfolioScreen"),
    ("accountmgr.screens.matrices", "MatricesScreen"),
    ("accountmgr.screens.welcome", "WelcomeScreen"),
    ("accountmgr.screens.account_form", "AccountFormScreen"),
    ("accountmgr.screens.score_explain", "ScoreExplainScreen"),
    ("accountmgr.screens.account_summary", "AccountSummaryScreen"),
    ("accountmgr.screens.weights_form", "WeightsFormScreen"),
    ("accountmgr.screens.value_settings_form", "ValueSettingsFormScreen"),
    ("accountmgr.widgets.virtual_table", "VirtualTable"),
    # Other screens: append one line each below.
    ("accountmgr.screens.panes.agenda_pane", "AgendaScreen"),
    ("accountmgr.screens.panes.whitespace_pane", "WhitespaceScreen"),
    ("accountmgr.screens.panes.opportunities_pane", "OpportunitiesPane"),
    ("accountmgr.screens.opportunity_form", "OpportunityForm"),
    ("accountmgr.screens.panes.plan_pane", "PlanPane"),
    ("accountmgr.screens.action_form", "ActionForm"),
    ("accountmgr.screens.panes.dmu_pane", "DmuPane"),
    ("accountmgr.screens.move_under", "MoveUnderScreen"),
    ("accountmgr.screens.dmu_profile", "DmuProfileScreen"),
    ("accountmgr.screens.panes.team_pane", "TeamScreen"),
    ("accountmgr.screens.panes.team_member_pane", "TeamMemberScreen"),
    ("accountmgr.screens.team_matrix", "TeamMatrixScreen"),
    ("accountmgr.screens.review_mode", "ReviewModeScreen"),
    ("accountmgr.screens.export_portfolio", "ExportPortfolioScreen"),
    ("accountmgr.screens.import_file", "ImportFileScreen"),
    ("accountmgr.screens.import_data", "ImportScreen"),
    ("accountmgr.screens.import_field", "ImportFieldScreen"),
    ("accountmgr.screens.import_summary", "ImportSummaryScreen"),
    ("accountmgr.screens.import_sheet", "ImportSheetScreen"),
    ("accountmgr.screens.workspace", "WorkspaceScreen"),
    ("accountmgr.screens.workspace", "StepList"),
    ("accountmgr.screens.steps.field_pane", "FieldPane"),
    ("accountmgr.screens.steps.programmes_box", "ProgrammesBox"),
    ("accountmgr.screens.steps.record_table", "RecordTable"),
    ("accountmgr.screens.steps.strategy_tables", "DoneRecordTable"),
    ("accountmgr.screens.steps.relationship", "RelationshipPane"),
    ("accountmgr.screens.steps.monitoring", "MonitoringPane"),
    ("accountmgr.screens.assessment", "AssessmentScreen"),
    ("accountmgr.screens.four_questions", "FourQuestionsScreen"),
    ("accountmgr.screens.method_guide", "MethodGuideScreen"),
    ("accountmgr.screens.form_base", "FormScreen"),
    ("accountmgr.screens.conflict", "ConflictScreen"),
]
"""(module path, class name) of every screen shown in help, in display order."""
