"""Start-up stays lean: what the first screen does not need is imported when first used, not at start.

Each check runs in a fresh interpreter (this test process has imported everything already). The heavy modules
below cost tens to hundreds of milliseconds each on the way to the first paint: the PostgreSQL driver, Markdown,
TOML writing, migrations, the plan and chart modules, and building every table class.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from accountmgr.db import Database

HEAVY = (
    "psycopg",
    "markdown_it",
    "rich.markdown",
    "tomli_w",
    "alembic",
    "openpyxl",
    "icalendar",
    "accountmgr.services.account_plan",
    "accountmgr.services.plan_export",
    "accountmgr.services.plan_html",
    "accountmgr.services.charts_svg",
    "accountmgr.services.review_pack",
    "accountmgr.services.importer",
    "accountmgr.services.demo",
)
"""Modules no part of start-up may import."""


def _loaded_after(code: str) -> list[str]:
    """The HEAVY modules (and the table classes) loaded once *code* has run in a fresh interpreter (or, if *code*
    sets ``loaded_at_paint``, among those names)."""
    report = (
        "import json, sys\n"
        f"heavy = {HEAVY + ('accountmgr.models.tables',)!r}\n"
        "names = globals().get('loaded_at_paint') or sys.modules\n"
        "print('LOADED ' + json.dumps(sorted(m for m in heavy if m in names)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code + "\n" + report], capture_output=True, text=True,
                            check=True, timeout=120)
    line = next(line for line in result.stdout.splitlines() if line.startswith("LOADED "))
    return json.loads(line[len("LOADED "):])


def test_importing_the_app_imports_nothing_heavy() -> None:
    loaded = _loaded_after(
        "import accountmgr.app, accountmgr.cli, accountmgr.screens.portfolio, accountmgr.screens.review_mode"
    )
    assert loaded == []


@pytest.mark.parametrize("progressive", [False, True], ids=["small portfolio", "large portfolio"])
def test_the_first_paint_imports_nothing_heavy(demo_db: Database, progressive: bool) -> None:
    """The real start (command line → app → portfolio painted), a small portfolio read whole before the first
    paint, a large one (here pretended) painted first and scored in the background."""
    code = f"""
import sys
import accountmgr.app, accountmgr.cli
import accountmgr.screens.portfolio as screen_module
import accountmgr.services.portfolio as service
if {progressive!r}:
    screen_module.PROGRESSIVE_FROM = service.PROGRESSIVE_FROM = 5
loaded_at_paint = []
original = screen_module.PortfolioScreen.on_mount
def on_mount(self):
    original(self)
    def painted():
        loaded_at_paint.extend(sorted(sys.modules))
        self.app.exit()
    self.call_after_refresh(painted)
screen_module.PortfolioScreen.on_mount = on_mount
run = accountmgr.app.AccountManagerApp.run
accountmgr.app.AccountManagerApp.run = lambda self, **kw: run(self, headless=True, **kw)
sys.argv = ["accountmgr", "--db", {str(demo_db.path)!r}, "--as", "Marco Bianchi"]
try:
    accountmgr.cli.main()
except SystemExit:
    pass
assert loaded_at_paint, "the portfolio was never painted"
"""
    assert _loaded_after(code) == []
