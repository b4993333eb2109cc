"""The app's own entries in the command palette (ctrl+p), beside Textual's system commands.

Each entry runs an action string: ``app.…`` actions are always offered; a bare
action (``toggle_view``) is offered only on screens that define ``action_<name>``,
and runs there. A screen may also offer entries of its own by defining
``palette_commands() -> list[PaletteEntry]``.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import ModalScreen

from accountmgr.keys import ref, spell
from accountmgr.widgets.plain import highlight, line, plain
from accountmgr.widgets.typed_app import app_of, database_of


class PaletteEntry(NamedTuple):
    """One command: what the user reads, a line of help, and the action it runs."""

    title: str
    help: str
    action: str


PALETTE_ENTRIES: list[PaletteEntry] = [
    PaletteEntry("Find anything… (accounts, people, opportunities, actions)",
                 f"Search every account by name, title, e-mail or text; {ref('open')} goes there ({ref('search')})", "app.find"),
    PaletteEntry("New account", "Create an account, then step through the method from step a", "app.new_account"),
    PaletteEntry("Help: keys of every screen", f"Show the help screen ({ref('help')})", "app.help"),
    PaletteEntry("Toggle light / dark theme", f"Switch between the light and the dark theme ({ref('theme')})", "app.toggle_dark"),
    PaletteEntry("Load the demo portfolio", "Fill this database with the demo accounts", "app.load_demo"),
    PaletteEntry("Attractiveness weights", "How much each part counts in the attractiveness score",
                 "app.edit_weights"),
    PaletteEntry("Recovery guidelines (complaints)", "Who may act on a complaint, up to what compensation, how fast "
                 f"— by nature of complaint and value segment ({ref('recovery')})", "app.edit_recovery_guidelines"),
    PaletteEntry("Method guide: the DMU's informal structure", "Influence lines and competitor leanings",
                 "app.show_guide('informal')"),
    PaletteEntry("Method guide: complaints and recovery", "Recovery guidelines by nature of complaint and "
                 "value of the customer", "app.show_guide('recovery')"),
    PaletteEntry("Lifetime value and RFMT settings", "Discount rate, horizon and the weights of recency, frequency, "
                 "monetary value and tenure", "app.edit_value_settings"),
    PaletteEntry("Agenda: planned actions of all accounts", f"Open the agenda ({ref('agenda')})", "app.open_agenda"),
    PaletteEntry("Our team", f"Open the team: our people and the relationships they own ({ref('team')})", "app.open_team"),
    PaletteEntry("Method guide", f"The ARTAX method: steps, levels and sales approach ({ref('guide')})", "app.show_guide"),
    PaletteEntry("Export all account plans (whole portfolio)", "Write every account plan as Markdown, with a summary linking them", "app.export_portfolio"),
    # Other screens' app-level entries: append below, one PaletteEntry each.
    PaletteEntry("Method guide: loyalty tree, KPIs and improvement projects",
                 "Loyalty ← satisfaction ← drivers ← KPIs ← processes; step l draws it", "app.guide_topic('loyalty-tree')"),
    PaletteEntry("Method guide: perceived vs technical quality", "Measure both and act on the gap",
                 "app.guide_topic('quality')"),
    PaletteEntry("Method guide: customer lifetime value", "Net present value of the expected margin; the three "
                 "ways to differentiate customers", "app.guide_topic('clv')"),
    PaletteEntry("Method guide: RFMT", "Recency, frequency, monetary value and tenure, with your weights",
                 "app.guide_topic('rfmt')"),
    PaletteEntry("Team matrix: potential × commitment", "Top guns, bulldozers, challenges and problems, with how to "
                 "manage each", "app.open_team_matrix"),
    PaletteEntry("Method guide: our own people (potential × commitment, incentives)",
                 "Employee relationship management in the sources' terms", "app.guide_topic('erm')"),
    PaletteEntry("Method guide: programmes (customer service, loyalty, one-to-one)",
                 "The three programmes and how the app suggests them", "app.guide_topic('programmes')"),
    PaletteEntry("Import customer data… (CRM export or spreadsheet)",
                 "Accounts, people, opportunities, products or the team from a CSV or Excel file", "app.import_data"),
    PaletteEntry("White space: cross-selling matrix", "Our offerings against every account", "app.open_whitespace"),
    PaletteEntry("Stale-contact limit (DMU coverage)", "Days without contact before a key player counts as stale", "app.stale_limit"),
    PaletteEntry("Review mode", "The account plan read-only and full screen, for meetings (this account, or the "
                 "portfolio from the top)", "app.review_mode"),
]
"""App-level palette entries, in the order shown when the palette opens."""


def _action_name(action: str) -> tuple[str | None, str]:
    """('app', 'open_team') for 'app.open_team'; (None, 'sort') for "sort('name')"."""
    head = action.split("(", 1)[0]
    namespace, _, name = head.rpartition(".")
    return (namespace or None), name


def available(entry: PaletteEntry, screen: object) -> bool:
    """App actions are always available; bare ones only where the screen defines them."""
    namespace, name = _action_name(entry.action)
    return namespace is not None or hasattr(screen, f"action_{name}")


def opens_a_screen(entry: PaletteEntry, app: object) -> bool:
    """Whether *entry* runs an app action that opens a screen of its own (find, agenda, team, guide, settings…)."""
    namespace, name = _action_name(entry.action)
    return namespace == "app" and bool(getattr(getattr(app, f"action_{name}", None), "opens_screen", False))


class AppCommands(Provider):
    """accountmgr's commands and 'Open account: <name>' for every account."""

    async def startup(self) -> None:
        from accountmgr.services.portfolio import account_names

        self._accounts = account_names(database_of(self))
        """(id, name) of every account that is not archived."""

    @property
    def over_a_form(self) -> bool:
        """Opened over a form or dialog: screens that open on their own (and accounts) wait until it is closed."""
        return isinstance(self.screen, ModalScreen)

    def _entries(self) -> list[PaletteEntry]:
        entries = [entry for entry in PALETTE_ENTRIES if available(entry, self.screen)
                   and not (self.over_a_form and opens_a_screen(entry, self.app))]
        if self._accounts:
            # The demo loads only into an empty database: offering it otherwise leads nowhere.
            entries = [entry for entry in entries if entry.action != "app.load_demo"]
        screen_entries = getattr(self.screen, "palette_commands", None)
        if callable(screen_entries):
            entries = list(screen_entries()) + entries
        return entries

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, action, self.screen)

    def _open(self, account_id: int) -> None:
        self.app.call_later(app_of(self).open_account, account_id)

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(plain(entry.title), partial(self._run, entry.action), text=line(entry.title),
                               help=spell(entry.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(score, highlight(matcher, entry.title), partial(self._run, entry.action),
                          text=line(entry.title), help=spell(entry.help))
        async for hit in self._account_hits(query):
            yield hit

    async def _account_hits(self, query: str) -> Hits:
        """Accounts by name: substring matches first; fuzzy matching too while the portfolio is small."""
        wanted = query.lower().removeprefix("open ").removeprefix("account ").strip()
        if not wanted or self.over_a_form:
            return
        matcher = self.matcher(wanted)
        fuzzy = len(self._accounts) <= 3000
        shown = 0
        for account_id, name in self._accounts:
            lowered = name.lower()
            if wanted in lowered:
                score = 0.9 if lowered.startswith(wanted) else 0.75
            elif fuzzy:
                score = matcher.match(name) * 0.7
                if score <= 0:
                    continue
            else:
                continue
            yield Hit(
                score,
                plain(f"Open account: {name}"),
                partial(self._open, account_id),
                text=line(f"Open account: {name}"),
                help="Open its workspace",
            )
            shown += 1
            if shown >= 40:
                return
