"""Errors ("could not run", "refused") of the top level: the CLI itself, config, descriptors, files."""

from __future__ import annotations

from .base import Message

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
