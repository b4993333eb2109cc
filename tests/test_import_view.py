"""How the import screen words a plan's problems and counts."""

from __future__ import annotations

from accountmgr.screens.import_view import problem_lines
from accountmgr.services.import_problems import Problem


def test_the_first_problems_then_how_many_more() -> None:
    problems = [Problem(line, "Importo", f"“{line}.000” could be {line} or {line}000.") for line in range(2, 32)]
    problems.append(Problem(31, "Data chiusura", "03/04/2026 could be 3 April or March 4; write 2026-04-03."))
    text = problem_lines(problems, 8).plain.splitlines()
    assert text[0] == "31 problems in 30 rows:"
    assert text[1] == "  line 2, Importo: “2.000” could be 2 or 2000."
    assert len(text) == 1 + 8 + 1 and text[-1] == "  … and 23 more (c lists the first 20)."


def test_no_problem_is_no_text_and_one_is_singular() -> None:
    assert problem_lines([], 8).plain == ""
    assert problem_lines([Problem(0, "", "the file mixes currencies.")], 8).plain.splitlines()[0] == "1 problem in 1 row:"
