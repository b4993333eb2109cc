"""The Textual app: bindings, command palette, theme and screen routing. Kept small.

Screens reach each other only through the routing methods here
(``open_account``, ``open_review``, ``show_guide``, ``open_agenda``,
``open_team``, ``export_portfolio``, ``import_data``, ``show_accounts``),
which import their screen when first used (start-up time matters); an import
that fails is a bug and fails loudly.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Keymap
from textual.filter import LineFilter
from textual.screen import ModalScreen, Screen

from accountmgr.db import Database
from accountmgr.keys import key_of
from accountmgr.screens import remembered
from accountmgr.widgets.key_order import KeysInOrder
from accountmgr.widgets.refusal import ActionT, read_only_message, say_refused, writes
from accountmgr.widgets.bindings import bind

if TYPE_CHECKING:
    from accountmgr.services.identity import Me

WATCH_SECONDS = 1.0
"""How often the app looks for changes other windows and commands made (a cheap read of new log entries)."""


def _app_commands() -> type:
    from accountmgr.screens.palette import AppCommands

    return AppCommands


def _find_commands() -> type:
    from accountmgr.screens.find_commands import FindCommands

    return FindCommands


def opens_screen(action: ActionT) -> ActionT:
    """An app action that opens a screen of its own (find, agenda, team, guide, settings…): while a form or dialog
    is open it opens nothing and says to finish that first, so a screen never stacks on a half-filled form (the
    same for its key and its palette entry)."""

    @functools.wraps(action)
    def guarded(self: AccountManagerApp, *args: Any, **kwargs: Any) -> Any:
        if self.modal_in_the_way():
            return None
        return action(self, *args, **kwargs)

    guarded.opens_screen = True  # type: ignore[attr-defined]  # read by the palette, which leaves these out over a form
    return guarded  # type: ignore[return-value]  # functools.wraps keeps the action's signature; mypy cannot see it


class AccountManagerApp(KeysInOrder):
    """accountmgr's terminal UI over one open database (keys and pastes handled in the order they came)."""

    theme_restored = False
    """True once the remembered theme is applied: from then on a theme chosen is remembered."""

    TITLE = "accountmgr"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {_app_commands, _find_commands}
    BINDINGS = [
        bind("help", "help", "Help"),
        bind("theme", "toggle_dark", "Light/dark", show=False),
        # Priority, as find: over a form or dialog these keys reach the app, which says to finish it first (a form's
        # own keys never use them: one vocabulary).
        bind("guide", "show_guide", "Method guide", show=False, priority=True),
        bind("quit", "quit", "Quit", show=False),
        bind("palette", "command_palette", "Palette", show=False, priority=True),
        bind("agenda", "open_agenda", "Agenda", show=False, priority=True),
        bind("team", "open_team", "Team", show=False, priority=True),
        # Priority: handled before the focused widget sees the key, so text typed straight after it reaches the box.
        bind("search", "find", "Find anything: accounts, people, opportunities, actions", show=False, priority=True),
    ]

    def __init__(self, db: Database, *, me: Me | None = None, ask_who: bool = False) -> None:
        super().__init__()
        self.db = db
        """The open database every screen works on (through the services)."""
        self.me = me
        """Who works in this app (an ``identity.Me``): their changes are logged under their name; None: nobody yet."""
        self.ask_who = ask_who
        """Ask "who are you?" at start (a first run on this database with several people, or none, on the team)."""
        from accountmgr.widgets.visible_controls import VisibleControls

        self._visible_controls = VisibleControls()
        """Applied to every rendered line (one instance: Textual caches filtered lines per filter)."""
        self.unsaved: set[str] = set()
        """What holds edits not yet saved (e.g. "account form"); screens add and remove their own names."""
        # The file name only (a server's address without its password): enough to tell databases apart, and
        # stable in snapshots.
        self.sub_title = f"{db.name} · read-only" if db.read_only else db.name
        if me is not None:
            from accountmgr.services import identity

            identity.act_as(db, me)
            self._show_me()
        from accountmgr.services.portfolio import PROGRESSIVE_FROM, active_count, preload_portfolio

        # A small portfolio is read while the app starts; a large one after its first page is
        # painted (the portfolio screen), so that reading it does not slow the first paint.
        self.portfolio_preload = preload_portfolio(db) if active_count(db) < PROGRESSIVE_FROM else None
        """The portfolio being read while the app starts; the portfolio screen takes it once."""
        self.log_seen = 0
        """The newest activity-log entry looked at: what other processes logged after it is news."""
        self.keymap_problems = self.apply_user_keymap()
        """Lines of the user's keymap file left out, said once the app shows."""

    def get_default_screen(self) -> Screen:
        from accountmgr.screens.portfolio import PortfolioScreen

        return PortfolioScreen()

    def on_mount(self) -> None:
        from accountmgr.services.watch import latest_id
        from accountmgr.services.portfolio import active_count

        self.log_seen = latest_id(self.db)
        remembered.start(self)  # the theme (and a word if the settings file is damaged)
        self.theme_restored = True
        self.set_interval(WATCH_SECONDS, self.look_for_changes_elsewhere, name="changes-elsewhere")
        if self.db.read_only:  # said once here; every write key says it again instead of opening a form
            self.notify(f"{read_only_message(self)} You can look around and export.", severity="warning",
                        markup=False, timeout=10)

        for problem in self.keymap_problems:
            self.notify(problem, severity="warning", timeout=15)
        if active_count(self.db, archived_too=True) == 0:
            from accountmgr.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        if self.ask_who and self.me is None and not self.db.read_only:
            self.ask_who_i_am()

    def apply_user_keymap(self) -> list[str]:
        """Apply the user's keymap.toml (see services/keymap.py); returns the lines left out, one sentence each."""
        from accountmgr.services.keymap import load_keymap

        keymap = load_keymap()
        self.set_keymap(keymap.keys)
        return keymap.problems

    def set_keymap(self, keymap: Keymap) -> None:
        """Remap keys by binding id; the vocabulary records it too, so every hint and help text names the new key."""
        from accountmgr import keys

        keys.set_active(dict(keymap))
        super().set_keymap(keymap)

    def on_unmount(self) -> None:
        """The vocabulary's record of the keymap ends with the app (another app in this process reads its own)."""
        from accountmgr import keys

        keys.set_active({})

    def update_keymap(self, keymap: Keymap) -> None:
        """Remap more keys (merged with those remapped already), as ``set_keymap``."""
        from accountmgr import keys

        keys.set_active({**keys.active_keymap(), **keymap})
        super().update_keymap(keymap)

    # -- who is me ------------------------------------------------------------
    def ask_who_i_am(self, then: Any = None) -> None:
        """Ask the user's name (added to the team, or picked from it); *then(me)* once chosen."""
        from accountmgr.screens.who_am_i import WhoAmIScreen

        def chosen(me: Me | None) -> None:
            if me is None:
                return
            self.me = me
            self._show_me()
            self.refresh_portfolio()  # a name typed in is a new team member: the owner filter knows them
            self.notify(f"Hello {me.name}: your changes are logged under your name.")
            if then is not None:
                then(me)

        self.push_screen(WhoAmIScreen(), callback=chosen)

    def _show_me(self) -> None:
        base = f"{self.db.name} · read-only" if self.db.read_only else self.db.name
        self.sub_title = f"{base} · {self.me.name}" if self.me is not None else base

    # -- changes made by other windows and commands ------------------------------
    def look_for_changes_elsewhere(self) -> None:
        """Ask the activity log what other processes changed since last time; tell the open screens."""
        from accountmgr.services.watch import changed_elsewhere

        self.log_seen, changes = changed_elsewhere(self.db, self.log_seen)
        if not changes:
            return
        for screen in list(self.screen_stack):
            handler = getattr(screen, "changed_elsewhere", None)
            if callable(handler) and screen.is_mounted:
                handler(changes)

    # -- routing ------------------------------------------------------------
    def open_account(self, account_id: int, step: str | None = None, select: int | None = None) -> None:
        """Open an account's workspace (at *step*, a–l, with the record *select* of that step selected and focused)."""
        from accountmgr.screens.workspace import WorkspaceScreen

        remembered.account_opened(self, account_id)

        self.push_screen(WorkspaceScreen(account_id, step=step, select=select))

    def open_review(self, account_id: int, account_ids: list[int] | None = None) -> None:
        """Open the read-only review mode of one account (for meetings).

        *account_ids* is the portfolio's current order and filter, which next/previous account follow
        (default: every active account by name).
        """
        from accountmgr.screens.review_mode import ReviewModeScreen

        self.push_screen(ReviewModeScreen(account_id, account_ids))

    def show_guide(self, topic: str | None = None) -> None:
        """Open the method guide, at *topic* when given."""
        from accountmgr.screens.method_guide import MethodGuideScreen

        self.push_screen(MethodGuideScreen(topic) if topic else MethodGuideScreen())

    def open_agenda(self) -> None:
        from accountmgr.screens.panes.agenda_pane import AgendaScreen

        self.push_screen(AgendaScreen())

    def open_whitespace(self, account_id: int | None = None) -> None:
        """Open the white-space matrix: the portfolio, or one account's departments."""
        from accountmgr.screens.panes.whitespace_pane import WhitespaceScreen

        self.push_screen(WhitespaceScreen(account_id))

    def open_team(self) -> None:
        from accountmgr.screens.panes.team_pane import TeamScreen

        self.push_screen(TeamScreen())

    def export_portfolio(self) -> None:
        """Export every account plan (the export screen runs it in the background)."""
        from accountmgr.screens.export_portfolio import ExportPortfolioScreen

        self.push_screen(ExportPortfolioScreen())

    def import_data(self) -> None:
        """Import customer data: choose the file, then check and import it on the import screen."""
        from accountmgr.screens.import_data import ImportScreen
        from accountmgr.screens.import_file import ImportFileScreen

        def finished(imported: bool | None) -> None:
            from accountmgr.screens.welcome import WelcomeScreen

            # Once something came in the database is no longer empty: the welcome has done its job.
            if imported and isinstance(self.screen, WelcomeScreen):
                self.pop_screen()

        def picked(path: Any) -> None:
            if path is not None:
                self.push_screen(ImportScreen(path), callback=finished)

        self.push_screen(ImportFileScreen(), callback=picked)

    def show_accounts(self, account_ids: set[int] | frozenset[int], label: str) -> None:
        """Back to the portfolio (closing every screen above it) showing only *account_ids*, named *label*."""
        from accountmgr.screens.portfolio import PortfolioScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, PortfolioScreen):
            self.pop_screen()
        if isinstance(self.screen, PortfolioScreen):
            self.screen.show_only(account_ids, label)

    def new_account(self) -> None:
        """Create an account in the form; a new account opens in its workspace at step a."""
        from accountmgr.screens.account_form import AccountFormScreen

        def created(account_id: int | None) -> None:
            if account_id is not None:
                self.refresh_portfolio()
                self.open_account(account_id, "a")

        self.push_screen(AccountFormScreen(), callback=created)

    def refresh_portfolio(self) -> None:
        """Reload the portfolio (it sits at the bottom of the screen stack)."""
        from accountmgr.screens.portfolio import PortfolioScreen

        for screen in self.screen_stack:
            if isinstance(screen, PortfolioScreen):
                screen.reload()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then ours: a control character from stored text never reaches the terminal."""
        return [*super().get_line_filters(), self._visible_controls]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is plain text: messages carry names and notes, which must show as typed."""
        from accountmgr.services.safe_text import printable

        super().notify(
            printable(message, newlines=True), title=printable(title, single_line=True), severity=severity,
            timeout=timeout, markup=False,
        )

    # -- actions --------------------------------------------------------------
    def modal_in_the_way(self) -> bool:
        """True (and said in a short message) when a form, a dialog or the palette is open (the palette closes
        before the entry chosen in it runs)."""
        if not isinstance(self.screen, ModalScreen):
            return False
        self.notify(f"Finish or close what is open first ({key_of('save')} saves a form, {key_of('back')} closes).",
                    severity="warning", timeout=4)
        return True

    def action_help(self) -> None:
        """Show every key of every screen."""
        from accountmgr.screens.help import HelpScreen

        from accountmgr.screens.help import context_classes

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(context_classes(self.screen)))

    def watch_theme(self, theme: str) -> None:
        """Remember the theme chosen (F2 or the palette), for this database."""
        if self.theme_restored:  # not the default theme set while the app is built, before the remembered one
            remembered.theme_changed(self, theme)

    @opens_screen
    def action_find(self, text: str = "") -> None:
        """Find anything: accounts, people of every DMU, opportunities and actions; Enter goes there."""
        from accountmgr.screens.find import FindScreen

        if not isinstance(self.screen, FindScreen):
            self.push_screen(FindScreen(text), callback=self.go_to_found)

    def go_to_found(self, found: Any) -> None:
        """Open what find anything chose: its account's workspace at the step holding it, with it selected."""
        if found is None:
            return
        from accountmgr.screens.workspace import WorkspaceScreen

        screen = self.screen
        if isinstance(screen, WorkspaceScreen) and screen.account_id == found.account_id and found.step:
            self.call_later(screen.open_at, found.step, found.record_id)
            return
        self.open_account(found.account_id, step=found.step, select=found.record_id)

    def action_toggle_dark(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    @opens_screen
    @writes
    def action_new_account(self) -> None:
        self.new_account()

    @opens_screen
    def action_open_agenda(self) -> None:
        self.open_agenda()

    @opens_screen
    def action_open_whitespace(self) -> None:
        self.open_whitespace()

    @opens_screen
    def action_open_team(self) -> None:
        self.open_team()

    @opens_screen
    def action_open_team_matrix(self) -> None:
        """The team matrix (potential × commitment), from anywhere."""
        from accountmgr.screens.team_matrix import TeamMatrixScreen

        self.push_screen(TeamMatrixScreen())

    @opens_screen
    def action_guide_topic(self, topic: str) -> None:
        """The method guide at a named part (palette entries)."""
        self.show_guide(topic)

    @opens_screen
    def action_show_guide(self, topic: str | None = None) -> None:
        """The method guide at *topic*, else at the part that matches the current screen (its ``guide_topic()``)."""
        if topic is None:
            here = getattr(self.screen, "guide_topic", None)
            topic = here() if callable(here) else None
        self.show_guide(topic)

    @opens_screen
    @writes
    def action_stale_limit(self) -> None:
        """Set after how many days without contact a key player counts as stale (DMU coverage)."""
        from accountmgr.screens.coverage_panel import StaleLimitScreen

        self.push_screen(StaleLimitScreen(), lambda days: self.refresh_portfolio() if days is not None else None)

    @opens_screen
    def action_export_portfolio(self) -> None:
        self.export_portfolio()

    @opens_screen
    def action_import_data(self) -> None:
        self.import_data()

    @opens_screen
    def action_review_mode(self) -> None:
        """Review mode for the account on screen (a workspace, a profile…) or selected in the portfolio."""
        from accountmgr.screens.portfolio import PortfolioScreen

        if isinstance(self.screen, PortfolioScreen):
            # The portfolio knows its rows' order and filter, which next/previous account follow.
            self.screen.action_review()
            return
        account_id = getattr(self.screen, "account_id", None)
        if not isinstance(account_id, int):
            from accountmgr.services.portfolio import first_page

            # The first account by name, read on an index: the whole portfolio's figures are not needed here.
            rows, _total = first_page(self.db, 1)
            if not rows:
                self.notify("There is no account to review yet.", severity="warning")
                return
            account_id = rows[0].id
        self.open_review(account_id)

    @opens_screen
    @writes
    def action_edit_weights(self) -> None:
        """Edit the attractiveness weights; the portfolio is rescored when they are saved."""
        from accountmgr.screens.weights_form import WeightsFormScreen

        def saved(changed: bool | None) -> None:
            if changed:
                self.refresh_portfolio()
                self.notify("Attractiveness weights saved; the portfolio is rescored.")

        self.push_screen(WeightsFormScreen(), callback=saved)

    @opens_screen
    def action_edit_recovery_guidelines(self) -> None:
        """The recovery guidelines: who may act on a complaint, up to what, how fast; churn is rescored on close."""
        from accountmgr.screens.recovery_guidelines import RecoveryGuidelinesScreen

        self.push_screen(RecoveryGuidelinesScreen(),
                         callback=lambda changed: self.refresh_portfolio() if changed else None)

    @opens_screen
    @writes
    def action_edit_value_settings(self) -> None:
        """Edit the lifetime-value settings and RFMT weights; the portfolio is rescored when they are saved."""
        from accountmgr.screens.value_settings_form import ValueSettingsFormScreen

        def saved(changed: bool | None) -> None:
            if changed:
                self.refresh_portfolio()
                self.notify("Lifetime-value settings and RFMT weights saved; the portfolio is rescored.")

        self.push_screen(ValueSettingsFormScreen(), callback=saved)

    @opens_screen
    @writes
    def action_load_demo(self) -> None:
        """Fill the database with the demo portfolio."""
        from accountmgr.services.demo import load_demo
        from accountmgr.services.errors import DomainError

        try:
            summary = load_demo(self.db)
        except DomainError as error:
            say_refused(self, error)
            return
        self.refresh_portfolio()
        self.notify(f"Loaded the demo portfolio ({summary.accounts} accounts).")

    def has_unsaved_work(self) -> bool:
        """True when a screen has registered unsaved edits (``app.unsaved``)."""
        return bool(self.unsaved)

    async def action_quit(self) -> None:
        """Quit at once, or ask first when something is unsaved."""
        if not self.has_unsaved_work():
            self.exit()
            return
        from accountmgr.screens.confirm import ConfirmScreen

        what = ", ".join(sorted(self.unsaved))
        question = f"You have unsaved changes ({what}). Quit and lose them?"

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(ConfirmScreen(question, yes="Quit", no="Keep editing"), callback=answered)


def make_app(db: Database, *, me: Me | None = None, ask_who: bool = False) -> AccountManagerApp:
    """Build the app on *db* (tests pass a temporary database), worked in by *me*; *ask_who* asks who that is."""
    return AccountManagerApp(db, me=me, ask_who=ask_who)
