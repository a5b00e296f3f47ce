"""The exception tree: exceptions mean "could not run"; bad data is a report, never an exception.

Exit codes (see CONVENTIONS.md): 0 done, 1 the data or the target said no, 2 could not run.
"""

from __future__ import annotations


class OppnadataError(Exception):
    """Root of every error the tool raises on purpose. ``hint`` says what to do next."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class ConfigError(OppnadataError):
    """The publication config is missing, unreadable or incomplete."""


class DescriptorError(OppnadataError):
    """A datapackage.json or a table schema is missing, unreadable or unsafe (e.g. a path outside)."""


class RefusedError(OppnadataError):
    """The data or the target said no: blocking findings, a refused version, a rejected field."""

    exit_code = 1


class TargetError(OppnadataError):
    """A publishing target could not be reached after retries."""
