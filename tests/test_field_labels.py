"""Field names read the same in every message, whichever services were imported first."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import accountmgr.services
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError


def test_every_service_imports_without_a_label_conflict() -> None:
    for module in pkgutil.iter_modules(accountmgr.services.__path__):
        importlib.import_module(f"accountmgr.services.{module.name}")


def test_conflicting_shared_labels_are_refused() -> None:
    v.register_labels({"budget_code": "Budget code"})
    with pytest.raises(ValueError, match="budget_code"):
        v.register_labels({"budget_code": "Cost centre"})


def test_a_spec_label_wins_only_inside_its_own_spec() -> None:
    from accountmgr.services.accounts import ACCOUNT_FIELDS
    from accountmgr.services.portfolio import WEIGHT_FIELDS

    with pytest.raises(DomainError, match="^Strategic value weight must be between 0 and 100"):
        v.clean({"strategic_value": "101"}, WEIGHT_FIELDS, partial=True)
    with pytest.raises(DomainError, match="^Strategic value must be between 1 and 5"):
        v.clean({"strategic_value": "6"}, ACCOUNT_FIELDS, partial=True)
    assert v.label("strategic_value") == "Strategic value"
