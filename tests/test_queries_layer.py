"""SQL has one owner: the queries layer. Services, screens and widgets call its functions."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import accountmgr

PACKAGE = Path(accountmgr.__file__).parent
STATEMENT_BUILDERS = {"select", "text", "insert", "update", "delete", "func", "literal_column", "exists", "union"}
SQL_TEXT = re.compile(r"^\s*(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|WITH\s+\w+\s+AS)\b")
"""SQL as this code base writes it (upper-case keywords), not a label such as "Select an account from…"."""
STORAGE_ONLY = re.compile(r"^\s*(PRAGMA|VACUUM|BEGIN)\b", re.IGNORECASE)
"""Engine settings and transaction modes, not statements over the data: they stay with the storage code."""


def _outside_queries() -> list[Path]:
    return sorted(
        path for folder in ("services", "screens", "widgets") for path in (PACKAGE / folder).rglob("*.py")
    )


def _offences(path: Path, root: Path = PACKAGE) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("sqlalchemy", "sqlmodel"):
            found += [f"imports {alias.name}" for alias in node.names if alias.name in STATEMENT_BUILDERS]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.match(node.value):
            found.append(f"SQL text {node.value.strip()[:40]!r}")
        elif isinstance(node, ast.Attribute) and node.attr == "exec_driver_sql":
            found.append("exec_driver_sql")
    return [f"{path.relative_to(root)}: {offence}" for offence in found]


def test_no_statement_is_built_outside_the_queries_layer() -> None:
    offences = [offence for path in _outside_queries() for offence in _offences(path)]
    assert offences == []


def test_the_scan_recognises_statements(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from sqlmodel import select\nfrom sqlalchemy import func, text\nQ = '''\n  SELECT id FROM account'''\n"
        "conn.exec_driver_sql(Q)\nwidget.select(1)\nlabel = 'Select an account from the list'\n",
        encoding="utf-8",
    )
    assert len(_offences(sample, tmp_path)) == 5
