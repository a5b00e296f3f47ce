"""Every Swedish and English text of the tool, in one place, by area.

- findings (bad data is a report): ``files``, ``schema``, ``domain``, ``privacy``, ``importing``, merged in
  ``CATALOGUE`` and rendered by ``render``. Templates use ``{field}``, ``{value}``, ``{resource}``, ``{path}``,
  ``{key}`` and the finding's own params; a missing name renders as ``?`` rather than failing.
- errors ("could not run", "refused": ``errors.OppnadataError.coded(code, **params)``), by stage:
  ``errors_general``, ``errors_importing``, ``errors_validating``, ``errors_releasing``, ``errors_publishing``,
  merged in ``ERRORS`` and rendered by ``error_text``. An error keeps its English text as ``message`` and
  ``hint`` (for logs and library callers); the CLI shows ``text(lang)``.
- the command line's own lines and labels: ``lines``.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import (
    domain,
    errors_general,
    errors_importing,
    errors_publishing,
    errors_releasing,
    errors_validating,
    files,
    importing,
    lines,
    privacy,
    schema,
)
from .base import Defaulting, Message
from .schema import TYPE_HINTS, VALUE_REQUIRED

__all__ = [
    "CATALOGUE",
    "ERRORS",
    "TYPE_HINTS",
    "VALUE_REQUIRED",
    "Message",
    "error_text",
    "label",
    "line",
    "render",
]

FINDING_AREAS = (files, schema, domain, privacy, importing)
ERROR_AREAS = (errors_general, errors_importing, errors_validating, errors_releasing, errors_publishing)

CATALOGUE: dict[str, Message] = {code: m for area in FINDING_AREAS for code, m in area.MESSAGES.items()}
ERRORS: dict[str, Message] = {code: m for area in ERROR_AREAS for code, m in area.ERRORS.items()}

FALLBACK = Message("{code}: {detail}", "{code}: {detail}")


def _pick(entry: Message, values: Mapping[str, str], lang: str) -> tuple[str, str]:
    if lang == "en":
        return entry.en.format_map(values), entry.hint_en.format_map(values)
    return entry.sv.format_map(values), entry.hint_sv.format_map(values)


def render(code: str, params: Mapping[str, str], lang: str = "sv") -> tuple[str, str]:
    """The message and the hint for a finding, in ``lang`` (``sv`` or ``en``)."""
    values = Defaulting({k: str(v) for k, v in params.items()})
    values.setdefault("code", code)
    return _pick(CATALOGUE.get(code, FALLBACK), values, lang)


def _what_sv(what: str) -> str:
    """The Swedish of a raise site's ``what`` ("The package descriptor", "The schema of resource 'beslut'")."""
    if what in errors_general.WHAT_SV:
        return errors_general.WHAT_SV[what]
    for start, swedish in errors_general.WHAT_SV_PREFIXES.items():
        if what.startswith(start):
            return swedish + what.removeprefix(start)
    return what


def error_text(code: str, params: Mapping[str, object], lang: str = "sv") -> tuple[str, str]:
    """The message and hint of error ``code`` in ``lang`` (``sv`` or ``en``)."""
    values = Defaulting({k: str(v) for k, v in params.items()})
    if "what" in values:
        values.setdefault("what_sv", _what_sv(values["what"]))
    return _pick(ERRORS[code], values, lang)


def label(key: str, lang: str) -> str:
    """The label before an error's message or hint (``error``, ``hint``)."""
    sv, en = lines.LABELS[key]
    return en if lang == "en" else sv


def line(key: str, lang: str, **params: object) -> str:
    """One of the command line's own lines, in ``lang``."""
    sv, en = lines.LINES[key]
    return (en if lang == "en" else sv).format(**params)
