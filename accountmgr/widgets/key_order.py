"""Keys and pastes handled one at a time, in the order they arrived, so a burst or a paste arrives whole.

Textual hands a printable key to the focused widget at once, but runs a key *binding* (Backspace, Ctrl+U, Tab,
Enter in a list, Ctrl+S) only after the key has travelled up to the app, or, for priority bindings, before the
keys already handed on were handled. When keys arrive faster than that round trip (a paste without bracketed
paste, a fast typist, a macro, a loaded machine), they are applied out of order: Ctrl+U then ``2.2m`` clears the
field *after* the text went in, ``2.2m`` then Ctrl+S saves the field before the last characters, text typed
right after picking from a list goes to the list that is closing. (Textual issue #6605.)

:class:`KeysInOrder` (the app's base class) holds each key or paste until the previous one has been handled: a
marker posted behind it to the widget that received it comes back up to the app after the key did, and the
next key is handed on only once the focus has settled on a widget that is on screen (after picking from a list
the focus moves back to the list's field a few messages later). A key that opens or closes a screen (Ctrl+S
meeting a conflict opens a question) is done with the screen it was sent to: the next key waits only for the new
screen to be ready, not for the one below, which may be busy restyling itself for a while.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from textual import events
from textual.app import App, ScreenStackError
from textual.dom import NoScreen
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

MAX_ROUNDS = 6
"""How many round trips a key may take to settle (picking from a list needs three or four)."""
STUCK_SECONDS = 1.0
"""Hand on the next key anyway after this long: a last resort (a screen change already releases a key whose
screen closed); no key should ever be held for good. Not shorter: on a busy laptop a round trip through a
screen that is restyling itself can take half a second, and releasing then puts keys out of order again."""


class KeyHandled(Message):
    """Posted behind a key to the widget that received it; reaching the app means that key was handled."""

    def __init__(self, ticket: int) -> None:
        super().__init__()
        self.ticket = ticket


class KeysInOrder(App[None]):
    """An app whose keys and pastes are handled one after the other, never overtaking each other."""

    _waiting_input: deque[events.Event] | None = None
    _in_flight: Widget | None = None
    """What the key being handled went to; the next key waits until it is done."""
    _typing_into: Widget | None = None
    """The widget that was handed characters it handles itself (typing), not yet known to be done with them."""
    _ticket = 0
    _rounds = 0
    _stuck_timer: Timer | None = None
    _watching_screens = False

    def keys_pending(self) -> bool:
        """True while keys or pastes received are still being handled (tests wait on it after a burst)."""
        return bool(self._waiting_input) or (self._in_flight is not None and self._in_flight.is_attached)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if self._waiting_input is None:
                self._waiting_input = deque()
            self._waiting_input.append(event)
            if self._in_flight is not None and not self._in_flight.is_attached:
                self._in_flight = None  # its screen closed while the key was on its way: nothing to wait for
            if self._in_flight is None:
                await self._hand_on_next()
            return
        await super().on_event(event)

    async def _hand_on_next(self) -> None:
        """Handle waiting keys in order: typed characters go straight on; any other key waits its turn."""
        app = self
        while self._waiting_input and self._in_flight is None:
            event = self._waiting_input[0]
            target = app.focused or app.screen
            typed = isinstance(event, events.Key) and target.check_consume_key(event.key, event.character)
            if typed and self._typing_into in (None, target):
                # Characters the widget takes itself are queued in its own order: no need to wait between them.
                self._waiting_input.popleft()
                await super().on_event(event)
                self._typing_into = target
                continue
            if self._typing_into is not None:
                # Before a key that may move the focus or run an action, the characters typed must be in.
                typing_into, self._typing_into = self._typing_into, None
                if typing_into.is_attached and self._wait_for(typing_into, bubble=False):
                    return
                continue
            self._waiting_input.popleft()
            self._watch_screens()
            screen = self._top_screen()
            await super().on_event(event)  # Textual's own handling: bindings, forwarding
            now = self._top_screen()
            if now is not screen and now is not None:
                # The key opened or closed a screen (a priority binding runs here): the next key is for that one.
                self._wait_for(now, bubble=True)
            elif target.is_attached:
                self._wait_for(target, bubble=True)

    def _watch_screens(self) -> None:
        if not self._watching_screens:
            self._watching_screens = True
            self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """A screen opened or closed while a key was being handled (its binding ran on the way up): stop waiting for
        the screen the key went to and wait, instead, for the new one to be ready."""
        in_flight = self._in_flight
        if in_flight is None:
            return
        try:
            same = in_flight.screen is screen
        except NoScreen:  # the key's widget has left the screens altogether
            same = False
        if not same:
            self._wait_for(screen, bubble=True)

    def _top_screen(self) -> Screen[Any] | None:
        try:
            return self.screen
        except ScreenStackError:  # shutting down
            return None

    def _wait_for(self, target: Widget, *, bubble: bool) -> bool:
        """Hold the next key until *target* has handled what it was given (and, with *bubble*, the app too)."""
        app = self
        self._ticket += 1
        self._rounds = 0
        ticket = self._ticket
        if bubble:
            posted = target.post_message(KeyHandled(ticket))
        else:
            posted = target.call_later(app.call_later, self._done, ticket)
        if not posted:
            return False
        self._in_flight = target
        if self._stuck_timer is not None:
            self._stuck_timer.stop()
        # The timer only asks the app to go on: it runs in its own task, which stopping it would cancel.
        self._stuck_timer = app.set_timer(STUCK_SECONDS, lambda: app.call_later(self._done, ticket),
                                          name="keys-in-order")
        return True

    def on_key_handled(self, message: KeyHandled) -> None:
        """A key came back up: hand on the next one once what it set off (focus moves) has run."""
        message.stop()
        if message.ticket == self._ticket and self._in_flight is not None:
            self.call_later(self._settle, message.ticket)  # after the callbacks queued meanwhile

    async def _settle(self, ticket: int) -> None:
        app = self
        if ticket != self._ticket or self._in_flight is None:
            return
        self._rounds += 1
        focused = app.focused
        if self._rounds < MAX_ROUNDS and (not app.screen.is_mounted or (focused is not None and not _shown(focused))):
            # The focus is on a widget that is closing (a list just picked from) or the screen is still
            # opening: another round trip lets the focus settle first.
            target = focused if focused is not None and focused.is_attached else app.screen
            if target.post_message(KeyHandled(ticket)):
                self._in_flight = target
                return
        await self._done(ticket)

    async def _done(self, ticket: int) -> None:
        """The key (or the typing) numbered *ticket* is handled: go on with the next."""
        if ticket != self._ticket or self._in_flight is None:
            return
        self._in_flight = None
        if self._stuck_timer is not None:
            self._stuck_timer.stop()
            self._stuck_timer = None
        await self._hand_on_next()


def _shown(widget: Widget) -> bool:
    """Whether *widget* and every container above it are displayed."""
    node: Any = widget
    while node is not None and isinstance(node, Widget):
        if not node.display:
            return False
        node = node.parent
    return True
