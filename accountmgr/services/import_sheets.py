"""The sheets of an Excel workbook a user may import from (the import screen lists them to choose one)."""

from __future__ import annotations

import io
from pathlib import Path

from accountmgr.services.errors import DomainError


def sheet_names(path: Path | str) -> list[str]:
    """The workbook's visible sheets, in order (all of them if every one is hidden); DomainError if unreadable."""
    import openpyxl

    path = Path(path).expanduser()
    try:
        data = path.read_bytes()
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    except OSError as error:
        raise DomainError(f"Cannot read {path.name} ({error.strerror or error}).") from None
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise DomainError(f"{path.name} cannot be read as an Excel workbook ({error}).") from None
    try:
        # As the import reads them: hidden sheets hold an application's own data.
        visible = [ws.title for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        return visible or list(workbook.sheetnames)
    finally:
        workbook.close()
