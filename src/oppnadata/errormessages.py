"""The texts of "could not run" and "refused" errors (``errors.OppnadataError`` with a ``code``) and of the command
line's own lines, in Swedish (default) and English — beside ``messages``, which holds the findings' texts.

An error raised with ``OppnadataError.coded(code, **params)`` keeps its English text as ``message`` and ``hint``
(for logs and library callers); the CLI shows ``text(lang)``. An error raised with a plain English message is
shown as it is in both languages, until its text is moved here.
"""

from __future__ import annotations

from collections.abc import Mapping

from .messages import Message

# The labels the CLI puts before an error's message and hint.
LABELS = {"error": ("Fel", "Error"), "hint": ("Åtgärd", "Hint")}

ERRORS: dict[str, Message] = {
    "file-not-found": Message(
        "{what_sv} {path} finns inte.",
        "{what} {path} does not exist",
        "Kontrollera sökvägen.",
        "Check the path.",
    ),
    "config-not-found": Message(
        "Publiceringsinställningarna {path} finns inte.",
        "The publication config {path} does not exist",
        "Skapa {file} bredvid datapackage.json (kopiera repositoriets egen).",
        "Create {file} beside datapackage.json (copy the repository's own).",
    ),
    "version-malformed": Message(
        "Versionen {version} är inte på formen MAJOR.MINOR.PATCH.",
        "The version {version} is not of the form MAJOR.MINOR.PATCH",
        "Sätt 'version' i datapackage.json till t.ex. 1.2.0 (inga inledande nollor, inget tillägg), "
        "eller kör `oppnadata bump`.",
        "Set 'version' in datapackage.json to e.g. 1.2.0 (no leading zeros, no suffix), or run `oppnadata bump`.",
    ),
    "version-backwards": Message(
        "Versionen går bakåt: {old} är utgiven, datapackage.json säger {new}.",
        "The version goes backwards: {old} was released, datapackage.json says {new}",
        "Sätt en version över {old}, eller kör `oppnadata bump`.",
        "Set a version above {old}, or run `oppnadata bump`.",
    ),
    "unexpected": Message(
        "oväntat {kind}: {detail}",
        "unexpected {kind}: {detail}",
        "kör igen med `oppnadata --debug ...` och rapportera spårutskriften (traceback).",
        "run again with `oppnadata --debug ...` and report the traceback.",
    ),
    "interrupted": Message(
        "Avbrutet; inget lämnades halvskrivet.",
        "Interrupted; nothing was left half-written.",
    ),
}

# What a file is, in Swedish, for "file-not-found" (the English is the raise site's ``what``).
WHAT_SV = {
    "The package descriptor": "Paketbeskrivningen",
    "The mapping file": "Mappningsfilen",
}

# The command line's own lines.
LINES = {
    "version-stands": (
        "Versionen {version} gäller redan; datapackage.json lämnas orörd.",
        "The version {version} stands; datapackage.json left as it is.",
    ),
    "version-written": (
        "Version {old} → {new} skriven i {path}.",
        "Version {old} → {new} written to {path}.",
    ),
}


class _Defaulting(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def error_text(code: str, params: Mapping[str, object], lang: str = "sv") -> tuple[str, str]:
    """The message and hint of error ``code`` in ``lang`` (``sv`` or ``en``)."""
    entry = ERRORS[code]
    values = _Defaulting({k: str(v) for k, v in params.items()})
    if "what" in values:
        values.setdefault("what_sv", WHAT_SV.get(values["what"], values["what"]))
    if lang == "en":
        return entry.en.format_map(values), entry.hint_en.format_map(values)
    return entry.sv.format_map(values), entry.hint_sv.format_map(values)


def label(key: str, lang: str) -> str:
    sv, en = LABELS[key]
    return en if lang == "en" else sv


def line(key: str, lang: str, **params: object) -> str:
    sv, en = LINES[key]
    return (en if lang == "en" else sv).format(**params)
