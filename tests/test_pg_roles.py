"""The README's roles: the owner creates the schema, a writer edits, a reader gets the database read-only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import select

from accountmgr.db import ReadOnlyError, open_database
from accountmgr.models.tables import Account

README = Path(__file__).parent.parent / "README.md"


def _readme_sql() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- team-roles-sql[^>]*-->\n```sql\n(.*?)```", text, re.S)
    assert block is not None, "the README lost its roles block"
    lines = [line.split("--", 1)[0] for line in block.group(1).splitlines()]
    return [statement.strip() for statement in "\n".join(lines).split(";") if statement.strip()]


@pytest.fixture(scope="module")
def team_db(pg_server) -> str:  # noqa: ANN001
    """The README's SQL run on the test cluster: the ``accounts`` database, its roles and grants."""
    where: str = "postgres"
    for statement in _readme_sql():
        if statement.startswith("\\connect"):
            where = statement.split()[1]
            continue
        pg_server.execute(statement, dbname=where)
    return where


def test_the_readme_roles_work_as_it_says(pg_server, team_db: str, run_main, tmp_path: Path) -> None:  # noqa: ANN001
    owner = open_database(pg_server.url(team_db, user="accountmgr_owner"), create=True)
    owner.close()

    writer = open_database(pg_server.url(team_db, user="anna"))
    try:
        assert writer.read_only is False and writer.label.startswith("postgresql://anna@/accounts")
        with writer.session() as session:
            session.add(Account(name="Brennero Foods"))
    finally:
        writer.close()

    reader = open_database(pg_server.url(team_db, user="sofia"))
    try:
        assert reader.read_only and reader.read_only_reason == "the role sofia may not write it"
        with reader.session() as session:
            assert [a.name for a in session.exec(select(Account))] == ["Brennero Foods"]
        with pytest.raises(ReadOnlyError) as refused:
            with reader.session() as session:
                session.add(Account(name="Atlas Aerospace Parts"))
        assert str(refused.value) == (
            f"{reader.label} is open read-only (the role sofia may not write it), so changes cannot be saved.")
    finally:
        reader.close()

    code, out, err = run_main("--db", pg_server.url(team_db, user="sofia"), "demo")
    assert code == 1 and out == ""
    assert err.strip() == (f"accountmgr: postgresql://sofia@/accounts?host={pg_server.socket_dir} cannot be written "
                           "(the role sofia may not write it), so nothing was changed.")

    sofia = pg_server.url(team_db, user="sofia")
    code, out, err = run_main("--db", sofia, "backup", "-o", str(tmp_path / "copy.dump"))
    assert code == 0, err
    assert err == f"accountmgr: {sofia} is open read-only (the role sofia may not write it).\n"
    assert out == f"Backed up {sofia} to {tmp_path / 'copy.dump'}.\n"
    assert (tmp_path / "copy.dump").read_bytes()[:5] == b"PGDMP"
