"""SVG snapshots of the DMU pane on the demo portfolio, under the frozen clock."""

from __future__ import annotations

from accountmgr.screens.panes.dmu_pane import DmuPane
from accountmgr.services.accounts import find_account
from pane_host import pane_app

PaneApp = pane_app(DmuPane)


def test_dmu_table(demo_db, snap_compare):
    """Brennero Foods' seven people sorted by name, with short role codes, attitude signs (++ + 0 - --), owners,
    coverage depth and last contact with days since; Irene Costa's 75-day-old contact in red and her leaning cut with
    an ellipsis; no sideways scrolling: the columns that do not fit (title, style, department) named for the
    highlighted person under the table; below, an AMBER coverage panel with Irene's four gaps."""
    app = PaneApp(demo_db, find_account(demo_db, "Brennero Foods").id)
    assert snap_compare(app, terminal_size=(120, 36))


def test_org_chart(demo_db, snap_compare):
    """The same DMU as an org chart: Paolo Brennero (CEO) at the top, Chiara Valli under him with three reports,
    each line ending in [roles], an attitude sign, an influence letter and * for the inner circle; Irene Costa
    flagged "! gaps" and ⚑ leaning to Accenture Industry X; dotted "┄┄┄▸ influences …" leaves (Irene → Chiara,
    Paolo → Federica, Luca ◂┄┄▸ Davide both ways) apart from the reporting branches; the legend below explains every
    mark, and the coverage panel lists Irene's sway over Chiara as a gap."""
    app = PaneApp(demo_db, find_account(demo_db, "Brennero Foods").id)
    assert snap_compare(app, terminal_size=(120, 36), press=["v"])


def test_coverage_panel_of_a_red_account(demo_db, snap_compare):
    """Helvetia Pharma Logistics: a RED badge with the reasons for it, and the gap list focused with red (!!) gaps
    first, each naming the person and the rule they break."""
    app = PaneApp(demo_db, find_account(demo_db, "Helvetia Pharma Logistics").id)
    assert snap_compare(app, terminal_size=(120, 36), press=["G"])
