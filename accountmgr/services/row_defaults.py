"""Every column's default for a table class, for rows written with Core inserts (the demo, its loyalty part)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import SQLModel


def _defaults_spec(model: type[SQLModel]) -> tuple[dict[str, Any], dict[str, Callable[[], Any]]]:
    fixed: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    for name, info in model.model_fields.items():
        if name == "id":
            continue
        if info.default_factory is not None:
            # pydantic types a factory as maybe taking the validated data; ours take nothing.
            factories[name] = info.default_factory  # type: ignore[assignment]
        elif not info.is_required():
            fixed[name] = info.default
    return fixed, factories


def row_defaults(model: type[SQLModel]) -> dict[str, Any]:
    """Every column's default, as the ORM would fill it (Core inserts do not know pydantic defaults)."""
    fixed, factories = _defaults_spec(model)
    return {**fixed, **{name: make() for name, make in factories.items()}}
