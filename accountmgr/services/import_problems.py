"""What is wrong with one line of an imported file, shared by reading, value parsing and importing."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """What is wrong with one row (line 1 is the header; line 0 is the file as a whole)."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"
