"""A column of labelled fields that shows each service error at its own field.

Panes and modal forms describe their fields once (:class:`FieldDef`); the
values go to the services as text, which validate them with the entity's field
spec, so a form never holds rules of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from accountmgr.services.money import format_money
from accountmgr.widgets.plain import line, lines, options, plain


@dataclass(frozen=True)
class FieldDef:
    """One field of a form: its service field name, what the user reads, and how it is edited."""

    name: str
    label: str
    kind: str = "input"
    """'input' (one line), 'text' (several lines), 'select' (one of *choices*) or 'money'."""
    choices: Sequence[tuple[str, str]] = ()
    placeholder: str = ""
    hint: str = ""


def display_value(value: Any, kind: str = "input") -> str:
    """A stored value as the text a field shows."""
    if value is None:
        return ""
    if kind == "money":
        return format_money(value, symbol=False, blank="")
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def values_of(row: Any, fields: Iterable[FieldDef]) -> dict[str, str]:
    """The display text of each field taken from a record (or a mapping)."""
    get = row.get if isinstance(row, Mapping) else (lambda name: getattr(row, name, None))
    return {f.name: display_value(get(f.name), f.kind) for f in fields}


class FieldForm(Vertical):
    """Labelled inputs for *fields*, with an error line under each; tracks what changed since loading."""

    DEFAULT_CSS = """
    FieldForm { height: auto; }
    FieldForm .field-label { margin-top: 1; text-style: bold; }
    FieldForm .field-hint { color: $text-muted; }
    FieldForm .field-error { color: $error; text-style: bold; display: none; }
    FieldForm .field-error.shown { display: block; }
    FieldForm TextArea { height: 5; }
    FieldForm Input.-invalid, FieldForm TextArea.-invalid { border: tall $error; }
    """

    def __init__(self, fields: Sequence[FieldDef], values: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fields = list(fields)
        self._loaded: dict[str, str] = self._shown(values or {})

    def compose(self) -> ComposeResult:
        for f in self.fields:
            yield Label(f.label, classes="field-label")
            if f.hint:
                yield Static(f.hint, classes="field-hint")
            yield self._editor(f, self._loaded.get(f.name, ""))
            yield Static("", id=f"err-{f.name}", classes="field-error")

    def _editor(self, f: FieldDef, value: str) -> Widget:
        widget_id = f"f-{f.name}"
        if f.kind == "text":
            return TextArea(value, id=widget_id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        if f.kind == "select":
            known = {choice_value for _label, choice_value in f.choices}
            return Select(
                options(f.choices), id=widget_id, allow_blank=True, prompt=f.placeholder or "Not set",
                value=value if value in known else Select.NULL,
            )
        # No select-on-focus: a stray key must not replace a whole saved value.
        return Input(value, id=widget_id, placeholder=f.placeholder, select_on_focus=False)

    def _shown(self, values: Mapping[str, str]) -> dict[str, str]:
        """Every field's stored text as the editors show it: control characters (in data written before input
        was cleaned) as visible marks, so that an untouched field never counts as changed."""
        shown = {f.name: "" for f in self.fields} | dict(values)
        for f in self.fields:
            if f.kind == "text":
                shown[f.name] = lines(shown[f.name])
            elif f.kind != "select":
                shown[f.name] = line(shown[f.name])
        return shown

    def editor(self, name: str) -> Widget:
        return self.query_one(f"#f-{name}")

    def _read(self, f: FieldDef) -> str:
        widget = self.editor(f.name)
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Select):
            return "" if widget.is_blank() else str(widget.value)
        assert isinstance(widget, Input)
        return widget.value

    def current(self) -> dict[str, str]:
        """Every field's text as it stands on screen."""
        return {f.name: self._read(f) for f in self.fields}

    def changed(self) -> dict[str, str]:
        """Only the fields the user changed since the last load."""
        return {
            name: value for name, value in self.current().items()
            if value.strip() != self._loaded.get(name, "").strip()
        }

    def load(self, values: Mapping[str, str]) -> None:
        """Show *values* and take them as the saved state."""
        self._loaded = self._shown(values)
        self.clear_errors()
        self.set_values(self._loaded)

    def set_values(self, values: Mapping[str, str]) -> None:
        """Show *values* in their fields (others untouched) without taking them as saved: they count as edits."""
        for f in self.fields:
            if f.name not in values:
                continue
            widget = self.editor(f.name)
            value = values[f.name]
            if isinstance(widget, TextArea):
                widget.load_text(value)
            elif isinstance(widget, Select):
                known = {choice_value for _label, choice_value in f.choices}
                widget.value = value if value in known else Select.NULL
            elif isinstance(widget, Input):
                widget.value = value

    def mark_saved(self) -> None:
        self._loaded = self.current()

    def show_error(self, field: str | None, message: str) -> None:
        """Put *message* under *field* (or under the first field when the error names none) and focus it."""
        self.clear_errors()
        names = [f.name for f in self.fields]
        target = field if field in names else names[0]
        error = self.query_one(f"#err-{target}", Static)
        error.update(plain(message, newlines=True))  # messages quote what was typed or stored: never markup
        error.add_class("shown")
        widget = self.editor(target)
        widget.add_class("-invalid")
        widget.focus()

    def clear_errors(self) -> None:
        for error in self.query(".field-error"):
            error.remove_class("shown")
        for f in self.fields:
            self.editor(f.name).remove_class("-invalid")

    def focus_first(self) -> None:
        if self.fields:
            self.editor(self.fields[0].name).focus()
