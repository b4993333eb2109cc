"""The code keeps its shape: no import circles, no screens found by name, every `type: ignore` explained."""

from __future__ import annotations

import re
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parent.parent / "accountmgr"



def import_circles() -> list[set[str]]:
    """Every group of accountmgr modules that import each other, directly or not (Tarjan's components)."""
    graph = grimp.build_graph("accountmgr", exclude_type_checking_imports=True)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in graph.modules or not imported.startswith("accountmgr"):
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                circles.append(component)

    for module in sorted(graph.modules):
        if module.startswith("accountmgr") and module not in index:
            visit(module)
    return circles


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert import_circles() == []


def sources() -> list[tuple[Path, str]]:
    return [(path, path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))]


def test_screens_are_imported_not_looked_up_by_name() -> None:
    # models/__init__.py loads a table module on first use of its class: data classes, not screens.
    found = [str(path.relative_to(PACKAGE)) for path, text in sources()
             if path.parts[-2] != "models" and ("import_module(" in text or "_screen_class" in text)]
    assert found == []


def test_every_type_ignore_names_its_error_and_says_why() -> None:
    unexplained = []
    for path, text in sources():
        for number, line in enumerate(text.splitlines(), 1):
            if "type: ignore" not in line:
                continue
            says_why = re.search(r"type: ignore\[[a-z-, ]+\]\s+#\s*\S", line)
            above = text.splitlines()[number - 2].strip() if number > 1 else ""
            if not says_why and not above.startswith("#"):
                unexplained.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert unexplained == []
