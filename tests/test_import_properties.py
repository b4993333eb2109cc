"""Property-based checks of the import's handling of user text: any name goes in once and comes back unchanged."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accountmgr.db import open_database
from accountmgr.models import OpportunityStatus
from accountmgr.services.import_rows import read_stage, read_status
from accountmgr.services.errors import DomainError
from accountmgr.services.import_write import ImportRefused
from accountmgr.services.importer import import_file

NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=40,
).filter(lambda text: any(ch.isalnum() for ch in text))


@given(st.text(max_size=30))
def test_any_stage_word_is_read_as_won_lost_or_open(word: str) -> None:
    reading = read_stage(word)
    assert reading.status in tuple(OpportunityStatus)
    assert read_status(word) in (None, *OpportunityStatus)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(NAMES, min_size=1, max_size=4))
def test_any_account_names_go_in_once_and_a_second_import_changes_nothing(
    tmp_path_factory, _empty_template: Path, names: list[str],  # noqa: ANN001
) -> None:
    folder = tmp_path_factory.mktemp("prop")
    shutil.copyfile(_empty_template, folder / "x.db")
    db = open_database(folder / "x.db")
    try:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(["Account Name", "Industry"])
        for name in names:
            writer.writerow([name, "Food"])
        path = folder / "accounts.csv"
        path.write_text(text.getvalue(), encoding="utf-8")
        try:
            first = import_file(db, path)
        except DomainError as exc:  # a refusal is a line problem or one sentence, never a crash
            if isinstance(exc, ImportRefused):
                assert all(p.line >= 2 for p in exc.problems)
            else:  # e.g. control characters that make the file look binary
                assert len(str(exc).splitlines()) == 1
            return
        assert first.count("account").new >= 1
        again = import_file(db, path)
        assert again.count("account").new == 0 and again.count("account").updated == 0
    finally:
        db.close()
