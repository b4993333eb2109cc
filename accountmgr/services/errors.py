"""The one error type the services raise for anything a user did wrong."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal a salesperson understands; ``field`` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotFound(DomainError):
    """The record asked for does not exist (or no longer does)."""
