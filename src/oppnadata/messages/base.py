"""The shape of a text entry and the pieces several areas share."""

from __future__ import annotations

from dataclasses import dataclass

IMPORT_HINT_SV = (
    "Läs tillbaka filen med `{command}` (ingen mappning behövs för paketets egna tabeller; flera filer "
    "i ett kommando), som känner igen teckenkodning, avgränsare och decimaltecken."
)
IMPORT_HINT_EN = (
    "Read the file back with `{command}` (the package's own tables need no mapping; several files in one "
    "command), which detects encoding, delimiter and decimal mark."
)


@dataclass(frozen=True)
class Message:
    """A text in Swedish and English, and what to do about it (the hint) in both."""

    sv: str
    en: str
    hint_sv: str = ""
    hint_en: str = ""


class Defaulting(dict[str, str]):
    """Template values where a missing name renders as ``?`` rather than failing."""

    def __missing__(self, key: str) -> str:
        return "?"
