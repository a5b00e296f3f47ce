"""The exception tree: exceptions mean "could not run"; bad data is a report, never an exception.

Exit codes (see CONVENTIONS.md): 0 done, 1 the data or the target said no, 2 could not run.
"""

from __future__ import annotations

from typing import Self, TypeVar

E = TypeVar("E", bound="OppnadataError")


class OppnadataError(Exception):
    """Root of every error the tool raises on purpose. ``hint`` says what to do next."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code: str | None = None
        self.params: dict[str, object] = {}

    @classmethod
    def coded(cls, code: str, /, **params: object) -> Self:
        """An error whose texts stand in ``messages.ERRORS`` under ``code``, in Swedish and English.

        ``params`` fill the texts' placeholders (file, row, column, key, value …). Every error the tool raises
        is made this way (tests/test_error_catalogue.py checks it), so the CLI can show it in either language.
        """
        from .messages import error_text

        message, hint = error_text(code, params, "en")
        error = cls(message, hint=hint or None)
        error.code, error.params = code, params
        return error

    def _from_catalogue(self, code: str, **params: object) -> None:
        """For a subclass with an ``__init__`` of its own: take message and hint from the catalogue's ``code``."""
        from .messages import error_text

        message, hint = error_text(code, params, "en")
        OppnadataError.__init__(self, message, hint=hint or None)
        self.code, self.params = code, params

    def recoded(self, cls: type[E]) -> E:
        """The same error (texts, code and params) as an instance of ``cls``, e.g. a descriptor error as a
        mapping error."""
        error = cls(self.message, hint=self.hint)
        error.code, error.params = self.code, self.params
        return error

    def text(self, lang: str = "en") -> tuple[str, str | None]:
        """The message and hint in ``lang``: from the catalogue for a coded error, else as raised (English)."""
        if self.code is None:
            return self.message, self.hint
        from .messages import error_text

        message, hint = error_text(self.code, self.params, lang)
        return message, hint or None

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
