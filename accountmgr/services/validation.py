"""Field converters: raw input (form text, CSV cell, JSON value) → typed value, or a DomainError at the field.

Services describe each entity's fields once as ``{name: converter}`` and call
:func:`clean`; forms, the CLI importer and the demo loader all go through it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from typing import Any

from accountmgr.models.enums import LabelledEnum
from accountmgr.services import clock
from accountmgr.services.errors import DomainError
from accountmgr.services.money import parse_money
from accountmgr.services.text_clean import clean_text

Converter = Callable[[Any, str], Any]
"""Takes (raw value, field name) and returns the typed value or raises DomainError."""

FIELD_LABELS: dict[str, str] = {}
"""Names users read for field names, shared by every entity (register with :func:`register_labels`)."""

_spec_labels: ContextVar[Mapping[str, str]] = ContextVar("spec_labels", default={})
"""Labels of the spec being cleaned right now, which win over the shared ones."""


class FieldSpec(dict[str, "Converter"]):
    """A field spec with labels of its own, for fields whose name means something else elsewhere."""

    def __init__(self, converters: Mapping[str, "Converter"], *, labels: Mapping[str, str]) -> None:
        super().__init__(converters)
        self.labels = dict(labels)


def register_labels(labels: Mapping[str, str]) -> None:
    """Add shared labels; one field name must read the same for every entity.

    Two services giving one name two labels would make messages depend on
    import order, so that is refused at import time (and a test imports them all).
    """
    for field, text in labels.items():
        existing = FIELD_LABELS.get(field)
        if existing is not None and existing != text:
            raise ValueError(f"field {field!r} is labelled both {existing!r} and {text!r}; use a FieldSpec label")
        FIELD_LABELS[field] = text


def label(field: str) -> str:
    own = _spec_labels.get()
    if field in own:
        return own[field]
    return FIELD_LABELS.get(field, field.replace("_cents", "").replace("_id", "").replace("_", " ").capitalize())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(*, required: bool = False, max_length: int = 10_000, multiline: bool = False) -> Converter:
    """Text cleaned of invisible characters (see :func:`clean_text`); one line unless ``multiline``."""

    def convert(value: Any, field: str) -> str:
        result = "" if value is None else clean_text(str(value), multiline=multiline)
        if required and not result:
            raise DomainError(f"{label(field)} is required.", field)
        if len(result) > max_length:
            raise DomainError(f"{label(field)} is too long (at most {max_length} characters).", field)
        return result

    return convert


def integer(low: int | None = None, high: int | None = None, *, required: bool = False) -> Converter:
    def convert(value: Any, field: str) -> int | None:
        if _blank(value):
            if required:
                raise DomainError(f"{label(field)} is required.", field)
            return None
        try:
            number = int(str(value).strip().rstrip("%")) if not isinstance(value, int) else value
        except ValueError:
            raise DomainError(f"{label(field)} must be a whole number, not “{value}”.", field) from None
        if isinstance(number, bool):
            raise DomainError(f"{label(field)} must be a whole number.", field)
        if (low is not None and number < low) or (high is not None and number > high):
            raise DomainError(f"{label(field)} must be between {low} and {high}, not {number}.", field)
        return number

    return convert


def percentage(*, required: bool = False) -> Converter:
    return integer(0, 100, required=required)


def money(*, required: bool = False) -> Converter:
    def convert(value: Any, field: str) -> int | None:
        cents = parse_money(value, field=field)
        if cents is None and required:
            raise DomainError(f"{label(field)} is required.", field)
        return cents

    return convert


def choice(enum_cls: type[LabelledEnum], *, required: bool = True) -> Converter:
    def convert(value: Any, field: str) -> Any:
        if _blank(value):
            if required:
                raise DomainError(f"{label(field)} is required.", field)
            return None
        if isinstance(value, enum_cls):
            return value
        try:
            return enum_cls.parse(str(value))
        except ValueError:
            options = ", ".join(m.label for m in enum_cls)
            raise DomainError(f"{label(field)} must be one of: {options} (not “{value}”).", field) from None

    return convert


def choices(enum_cls: type) -> Converter:
    """Several members: a list, or text separated by commas or semicolons. Stored as values."""

    def convert(value: Any, field: str) -> list[str]:
        if _blank(value):
            return []
        items: Iterable[Any] = re.split(r"[;,]", value) if isinstance(value, str) else value
        one = choice(enum_cls)
        result: list[str] = []
        for item in items:
            if _blank(item):
                continue
            member = one(item, field).value
            if member not in result:
                result.append(member)
        return result

    return convert


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y")


def parse_date(value: Any, field: str | None = None) -> date | None:
    """ISO dates, 31/12/2026, 'today', 'tomorrow', 'yesterday', '+7' or '-30' (days from today)."""
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    lowered = raw.lower()
    relative = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if lowered in relative:
        return clock.today() + timedelta(days=relative[lowered])
    match = re.fullmatch(r"([+-]\d+)\s*d?", lowered)
    if match:
        return clock.today() + timedelta(days=int(match.group(1)))
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise DomainError(f"“{raw}” is not a date (use YYYY-MM-DD, e.g. {clock.today():%Y-%m-%d}).", field)


def date_(*, required: bool = False) -> Converter:
    def convert(value: Any, field: str) -> date | None:
        result = parse_date(value, field)
        if result is None and required:
            raise DomainError(f"{label(field)} is required.", field)
        return result

    return convert


def parse_datetime(value: Any, field: str | None = None) -> datetime | None:
    """'2026-12-01 14:30', '2026-12-01' (09:00), or any date form of :func:`parse_date` with a time."""
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, second=0, microsecond=0)
    raw = str(value).strip().replace("T", " ")
    match = re.fullmatch(r"(.+?)\s+(\d{1,2})[:.](\d{2})", raw)
    day_part, hour, minute = (match.group(1), int(match.group(2)), int(match.group(3))) if match else (raw, 9, 0)
    day = parse_date(day_part, field)
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise DomainError(f"“{raw}” has no valid time of day (use HH:MM).", field)
    assert day is not None
    return datetime(day.year, day.month, day.day, hour, minute)


def datetime_(*, required: bool = False) -> Converter:
    def convert(value: Any, field: str) -> datetime | None:
        result = parse_datetime(value, field)
        if result is None and required:
            raise DomainError(f"{label(field)} is required.", field)
        return result

    return convert


def boolean() -> Converter:
    def convert(value: Any, field: str) -> bool:
        if isinstance(value, bool):
            return value
        if _blank(value):
            return False
        lowered = str(value).strip().lower()
        if lowered in ("1", "yes", "y", "true", "x", "on"):
            return True
        if lowered in ("0", "no", "n", "false", "off"):
            return False
        raise DomainError(f"{label(field)} must be yes or no, not “{value}”.", field)

    return convert


def clean(raw: Mapping[str, Any], spec: Mapping[str, Converter], *, partial: bool = False) -> dict[str, Any]:
    """Convert every field of *raw* by *spec*. Unknown fields are a programming error.

    With ``partial`` only the given fields are converted (an update); otherwise
    missing fields are converted from None so required ones are reported.
    """
    unknown = set(raw) - set(spec)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")
    names = [name for name in spec if name in raw] if partial else list(spec)
    token = _spec_labels.set(getattr(spec, "labels", {}))
    try:
        return {name: spec[name](raw.get(name), name) for name in names}
    finally:
        _spec_labels.reset(token)
