"""Errors of releasing (src/oppnadata/releasing/): building, recording, retracting, versioning, comparing releases."""

from __future__ import annotations

from .base import Message

_ZIP_HINT_SV = "En utgåvas zip-fil innehåller en mapp <namn>-<version>/ med relativa sökvägar; bygg om den med `oppnadata build`."
_ZIP_HINT_EN = (
    "A release zip holds one folder <name>-<version>/ with relative paths; rebuild it with `oppnadata build`."
)


def _entry(sv: str, en: str) -> Message:
    """A zip entry that may not be read (diffsides.zip_members)."""
    return Message(
        "{path}: zip-posten {entry!r} " + sv + "; vägras.",
        "{path}: the zip entry {entry!r} " + en + "; refused",
        _ZIP_HINT_SV,
        _ZIP_HINT_EN,
    )


_FIX_SV = "Kör `oppnadata validate` och rätta de blockerande fynden innan du bygger."
_FIX_EN = "Run `oppnadata validate` and fix the blocking findings before building."
_BROKEN_SV = (
    "Kontrollera utgåvan: bygg om den med `oppnadata build`, eller ladda ned den (zip-filen) på nytt."
)
_BROKEN_EN = "Check the release: rebuild it with `oppnadata build`, or download it (its zip) again."

ERRORS: dict[str, Message] = {
    # --- building (packaging.py, derived/) --------------------------------------------------------
    "build-blocking-findings": Message(
        "Datan har {errors} blockerande fynd; ingen utgåva byggdes.",
        "The data has {errors} blocking findings; no release was built",
        "Kör `oppnadata validate` och rätta felen den listar.",
        "Run `oppnadata validate` and fix the errors it lists.",
    ),
    "build-created-not-iso": Message(
        "datapackage.json: 'created' är inte en ISO-tidpunkt: {created}",
        "datapackage.json: 'created' is not an ISO date-time: {created}",
        "Skriv den som 2026-11-26T00:00:00Z (eller kör `oppnadata bump`).",
        "Write it as 2026-11-26T00:00:00Z (or run `oppnadata bump`).",
    ),
    "build-no-date": Message(
        "datapackage.json har inget utgivningsdatum ('created') och SOURCE_DATE_EPOCH är inte satt.",
        "datapackage.json has no release date ('created') and SOURCE_DATE_EPOCH is not set",
        "Kör `oppnadata bump` för att sätta version och utgivningsdatum, eller lägg till 'created'.",
        "Run `oppnadata bump` to set version and release date, or add 'created'.",
    ),
    "build-no-version": Message(
        "datapackage.json har ingen 'version'.",
        "datapackage.json has no 'version'",
        "Kör `oppnadata bump`.",
        "Run `oppnadata bump`.",
    ),
    "build-version-retracted": Message(
        "Version {version} drogs tillbaka {date} ({reason}); dess nummer används aldrig igen.",
        "Version {version} was retracted on {date} ({reason}); its number is never used again",
        "Kör `oppnadata bump` för att ge den rättade datan nästa version, och publicera den sedan.",
        "Run `oppnadata bump` to give the corrected data the next version, then publish it.",
    ),
    "build-released-changed": Message(
        "{release} är redan utgiven (releases/{file}) och datan eller metadatan har ändrats sedan dess; en utgiven "
        "version byggs aldrig om med annat innehåll, så inget byggdes eller publicerades.",
        "{release} is already released (releases/{file}) and the data or metadata has changed since; a released "
        "version is never rebuilt with other content, so nothing was built or published",
        "Kör `oppnadata bump` för att ge den ändrade datan en ny version, och publicera (eller bygg) sedan igen.",
        "Run `oppnadata bump` to give the changed data a new version, then publish (or build) again.",
    ),
    "build-not-whole-number": Message(
        "{what}: {value} är inte ett heltal.",
        "{what}: {value} is not a whole number",
        _FIX_SV,
        _FIX_EN,
    ),
    "build-payment-unknown-case": Message(
        "utbetalningar: ärendet {case} finns inte i beslut, så dess utbetalning kan inte placeras.",
        "utbetalningar: the case {case} is not in beslut, so its payment cannot be placed",
        "Kör `oppnadata validate` och rätta fynden om främmande nycklar (foreign-key) innan du bygger.",
        "Run `oppnadata validate` and fix the foreign-key findings before building.",
    ),
    # --- the recorded releases (releases.py) --------------------------------------------------------
    "release-tombstone-unreadable": Message(
        "{path} är inte en läsbar tillbakadragning.",
        "{path} is not a readable retraction record",
        "Återställ den från git: en gravsten ska stå kvar som `oppnadata retract` skrev den.",
        "Restore it from git: a tombstone must stay as `oppnadata retract` wrote it.",
    ),
    "release-retract-no-reason": Message(
        "En tillbakadragning behöver ett skäl.",
        "A retraction needs a reason",
        'Ange det med --reason "…".',
        'Give it with --reason "…".',
    ),
    "release-version-unknown": Message(
        "Version {version} av {name} finns inte i {releases} (utgivna: {known}).",
        "Version {version} of {name} is not in {releases} (released: {known})",
        "Ange en utgiven version; `ls releases/` listar dem.",
        "Give a released version; `ls releases/` lists them.",
    ),
    "release-sha256-mismatch": Message(
        "{path} stämmer inte med sin registrerade sha256.",
        "{path} does not match its recorded sha256",
        "En utgiven fil får aldrig ändras: återställ den (och dess .sha256) från git.",
        "A released file must never change: restore it (and its .sha256) from git.",
    ),
    "release-other-content": Message(
        "{file} är redan utgiven med annat innehåll.",
        "{file} is already released with other content",
        "En utgiven version ändras aldrig: kör `oppnadata bump` och bygg igen.",
        "A released version is immutable: run `oppnadata bump` and build again.",
    ),
    "release-unreadable-zip": Message(
        "{path} är inte en läsbar utgåva (ingen giltig {member}).",
        "{path} is not a readable release (no valid {member})",
        "Återställ filen från git, eller ta bort den tillsammans med dess .sha256.",
        "Restore the file from git, or remove it together with its .sha256.",
    ),
    "release-descriptor-not-object": Message(
        "{path}: {member} är inte ett JSON-objekt.",
        "{path}: {member} is not a JSON object",
        "Återställ filen från git, eller ta bort den tillsammans med dess .sha256.",
        "Restore the file from git, or remove it together with its .sha256.",
    ),
    "release-not-zip": Message(
        "{path} är inte en zip-fil.",
        "{path} is not a zip file",
        "Ladda ned utgåvan igen.",
        "Download the release again.",
    ),
    # --- versioning (versioning.py) -------------------------------------------------------------
    "bump-bad-date": Message(
        "Utgivningsdatumet {date} är inte ett datum (ÅÅÅÅ-MM-DD).",
        "The release date {date} is not a date (YYYY-MM-DD)",
        "Ange datumet som ÅÅÅÅ-MM-DD, t.ex. --date 2026-12-03.",
        "Give the date as YYYY-MM-DD, e.g. --date 2026-12-03.",
    ),
    "bump-not-descriptor": Message(
        "{path} är inte en paketbeskrivning.",
        "{path} is not a data package descriptor",
        "datapackage.json ska vara ett JSON-objekt med 'name', 'version' och 'resources'.",
        "datapackage.json must be a JSON object with 'name', 'version' and 'resources'.",
    ),
    "bump-release-without-version": Message(
        "Utgåvan {release} har ingen version i sin datapackage.json.",
        "The release {release} has no version in its datapackage.json",
        "Återställ utgåvan från git; en utgåva ändras aldrig.",
        "Restore the release from git; a release never changes.",
    ),
    # --- comparing releases (diffsides.py) ------------------------------------------------------
    "diff-table-twice": Message(
        "{where}: två kanoniska tabeller innehåller tabellen {table!r}.",
        "{where}: two canonical resources hold the table {table!r}",
        _BROKEN_SV,
        _BROKEN_EN,
    ),
    "diff-table-missing": Message(
        "Tabellen {path} finns inte.",
        "The table {path} does not exist",
        "Kontrollera utgåvans mapp.",
        "Check the release folder.",
    ),
    "diff-table-unreadable": Message(
        "Tabellen {path} är inte UTF-8-text som kan läsas som CSV: {error}",
        "The table {path} is not UTF-8 text that can be read as CSV: {error}",
        _BROKEN_SV,
        _BROKEN_EN,
    ),
    "diff-entry-nul": _entry("innehåller en NUL-byte", "contains a NUL byte"),
    "diff-entry-backslash": _entry("innehåller ett omvänt snedstreck", "contains a backslash"),
    "diff-entry-absolute": _entry("är en absolut sökväg", "is an absolute path"),
    "diff-entry-climbs": _entry("klättrar ut ur sin mapp med '..'", "climbs out of its folder with '..'"),
    "diff-entry-symlink": _entry("är en symbolisk länk", "is a symbolic link"),
    "diff-entry-too-large": _entry("är större än {limit} byte", "is larger than {limit} bytes"),
    "diff-entry-twice": Message(
        "{path}: zip-filen innehåller {name!r} två gånger; vägras.",
        "{path}: the zip holds {name!r} twice; refused",
        _ZIP_HINT_SV,
        _ZIP_HINT_EN,
    ),
    "diff-zip-not-one-folder": Message(
        "{path}: zip-filens filer ligger inte alla i en mapp; vägras.",
        "{path}: the zip's files are not all inside one folder; refused",
        _ZIP_HINT_SV,
        _ZIP_HINT_EN,
    ),
    "diff-ref-not-relative": Message(
        "{path}: {what_sv} måste vara en relativ sökväg inne i utgåvan, fick {ref}.",
        "{path}: {what} must be a relative path inside the release, got {ref}",
        _BROKEN_SV,
        _BROKEN_EN,
    ),
    "diff-ref-outside": Message(
        "{path}: {what_sv} ({ref}) pekar utanför utgåvans mapp; vägras.",
        "{path}: {what} ({ref}) points outside the release folder; refused",
        _BROKEN_SV,
        _BROKEN_EN,
    ),
    "diff-ref-not-in-zip": Message(
        "{path}: {what_sv} ({ref}) finns inte i zip-filen.",
        "{path}: {what} ({ref}) is not in the zip",
        _BROKEN_SV,
        _BROKEN_EN,
    ),
    "diff-descriptor-too-large": Message(
        "{path}: {member} är större än en beskrivning får vara.",
        "{path}: {member} is larger than a descriptor may be",
        _BROKEN_SV,
        _BROKEN_EN,
    ),
    "diff-descriptor-unparsable": Message(
        "{path}: {member} kan inte tolkas: {error}",
        "{path}: {member} cannot be parsed: {error}",
        _BROKEN_SV,
        _BROKEN_EN,
    ),
    "diff-release-missing": Message(
        "Utgåvan {path} finns inte.",
        "The release {path} does not exist",
        "Kontrollera sökvägen.",
        "Check the path.",
    ),
    "diff-not-zip": Message(
        "{path} är inte en läsbar zip-fil: {error}",
        "{path} is not a readable zip file: {error}",
        _BROKEN_SV,
        _BROKEN_EN,
    ),
    "diff-no-descriptor": Message(
        "{path}: ingen {descriptor} i mappen {root}/ i zip-filen.",
        "{path}: no {descriptor} in the folder {root}/ of the zip",
        _BROKEN_SV,
        _BROKEN_EN,
    ),
    "diff-not-descriptor": Message(
        "{path}: {member} är inte en paketbeskrivning.",
        "{path}: {member} is not a data package descriptor",
        _BROKEN_SV,
        _BROKEN_EN,
    ),
    "diff-resource-without-name": Message(
        "{path}: {member} har en tabell utan namn.",
        "{path}: {member} has a resource without a name",
        _BROKEN_SV,
        _BROKEN_EN,
    ),
    "diff-schema-no-fields": Message(
        "{path}: schemat för tabellen {name!r} har ingen lista 'fields'.",
        "{path}: the schema of resource {name!r} has no 'fields' list",
        _BROKEN_SV,
        _BROKEN_EN,
    ),
    "diff-member-unreadable": Message(
        "{path}: {member} är inte UTF-8-text som kan läsas som CSV: {error}",
        "{path}: {member} is not UTF-8 text that can be read as CSV: {error}",
        _BROKEN_SV,
        _BROKEN_EN,
    ),
}
