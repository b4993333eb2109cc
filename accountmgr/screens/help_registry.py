"""The screens whose keys the help screen lists, in display order (imported when help first opens).

Add a screen with one import and one entry. The help screen reads each class's ``BINDINGS`` (with their
descriptions) and its optional ``HELP_TEXT`` class attribute (rules worth knowing on that screen).
"""

from __future__ import annotations

from textual.dom import DOMNode

from accountmgr.screens.account_form import AccountFormScreen
from accountmgr.screens.account_summary import AccountSummaryScreen
from accountmgr.screens.action_form import ActionForm
from accountmgr.screens.panes.agenda_pane import AgendaScreen
from accountmgr.screens.assessment import AssessmentScreen
from accountmgr.screens.conflict import ConflictScreen
from accountmgr.screens.panes.dmu_pane import DmuPane
from accountmgr.screens.dmu_profile import DmuProfileScreen
from accountmgr.screens.export_portfolio import ExportPortfolioScreen
from accountmgr.screens.find import FindScreen
from accountmgr.screens.form_base import FormScreen
from accountmgr.screens.four_questions import FourQuestionsScreen
from accountmgr.screens.import_data import ImportScreen
from accountmgr.screens.import_field import ImportFieldScreen
from accountmgr.screens.import_file import ImportFileScreen
from accountmgr.screens.import_sheet import ImportSheetScreen
from accountmgr.screens.import_summary import ImportSummaryScreen
from accountmgr.screens.matrices import MatricesScreen
from accountmgr.screens.method_guide import MethodGuideScreen
from accountmgr.screens.panes.opportunities_pane import OpportunitiesPane
from accountmgr.screens.opportunity_form import OpportunityForm
from accountmgr.screens.move_under import MoveUnderScreen
from accountmgr.screens.panes.plan_pane import PlanPane
from accountmgr.screens.portfolio import PortfolioScreen
from accountmgr.screens.review_mode import ReviewModeScreen
from accountmgr.screens.score_explain import ScoreExplainScreen
from accountmgr.screens.steps.field_pane import FieldPane
from accountmgr.screens.steps.monitoring import MonitoringPane
from accountmgr.screens.steps.programmes_box import ProgrammesBox
from accountmgr.screens.steps.record_table import RecordTable
from accountmgr.screens.steps.relationship import RelationshipPane
from accountmgr.screens.steps.strategy_tables import DoneRecordTable
from accountmgr.screens.panes.team_pane import TeamScreen
from accountmgr.screens.team_matrix import TeamMatrixScreen
from accountmgr.screens.panes.team_member_pane import TeamMemberScreen
from accountmgr.screens.value_settings_form import ValueSettingsFormScreen
from accountmgr.screens.weights_form import WeightsFormScreen
from accountmgr.screens.welcome import WelcomeScreen
from accountmgr.screens.panes.whitespace_pane import WhitespaceScreen
from accountmgr.screens.workspace import StepList, WorkspaceScreen
from accountmgr.widgets.virtual_table import VirtualTable

HELP_SCREENS: list[type[DOMNode]] = [
    PortfolioScreen,
    MatricesScreen,
    WelcomeScreen,
    AccountFormScreen,
    ScoreExplainScreen,
    AccountSummaryScreen,
    WeightsFormScreen,
    ValueSettingsFormScreen,
    VirtualTable,
    # Other screens: append one line each below.
    AgendaScreen,
    WhitespaceScreen,
    OpportunitiesPane,
    OpportunityForm,
    PlanPane,
    ActionForm,
    DmuPane,
    MoveUnderScreen,
    DmuProfileScreen,
    TeamScreen,
    TeamMemberScreen,
    TeamMatrixScreen,
    ReviewModeScreen,
    ExportPortfolioScreen,
    ImportFileScreen,
    ImportScreen,
    ImportFieldScreen,
    ImportSummaryScreen,
    ImportSheetScreen,
    WorkspaceScreen,
    StepList,
    FieldPane,
    ProgrammesBox,
    RecordTable,
    DoneRecordTable,
    RelationshipPane,
    MonitoringPane,
    AssessmentScreen,
    FourQuestionsScreen,
    MethodGuideScreen,
    FormScreen,
    ConflictScreen,
    FindScreen,
]
"""Every screen (and pane) shown in help, in display order."""
