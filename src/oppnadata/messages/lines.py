"""The command line's own lines and labels, in Swedish and English."""

from __future__ import annotations

# The labels the CLI puts before an error's message and hint.
LABELS = {"error": ("Fel", "Error"), "hint": ("Åtgärd", "Hint")}

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
    "findings-written": (
        "Skrev {count} fynd till {path} ({errors} error, {warnings} warning, {infos} info)",
        "Wrote {count} findings to {path} ({errors} error, {warnings} warning, {infos} info)",
    ),
    "version-recorded": (
        "Version {version} registrerad i {path} (sha256 {sha256}); den ändras aldrig mer.",
        "Version {version} recorded in {path} (sha256 {sha256}); it never changes again.",
    ),
    "version-as-recorded": (
        "Version {version} är utgiven ({path}, sha256 {sha256}); publiceras som den är.",
        "Version {version} is released ({path}, sha256 {sha256}); published as recorded.",
    ),
    "bump-needed": ("Kräver versionshöjning: {bump}", "Version bump needed: {bump}"),
    "bump-none": ("ingen", "none"),
    "built": ("Byggde {folder} ({files} filer)", "Built {folder} ({files} files)"),
    "built-zip": ("  zip:    {path}", "  zip:    {path}"),
    "built-sha256": ("  sha256: {sha256}", "  sha256: {sha256}"),
    "built-previous": ("  föregående utgåva: {previous}", "  previous release: {previous}"),
    "built-first": ("ingen (första utgåvan)", "none (first release)"),
    "built-remembered": (
        "  validering: utfallet av `oppnadata validate` på samma byte (kördes inte igen)",
        "  validation: the verdict of `oppnadata validate` on the same bytes (not run again)",
    ),
    "release-recorded": ("{path} (registrerad); sha256 {sha256}", "{path} (recorded); sha256 {sha256}"),
    "release-identical": (
        "{path} (redan registrerad, identisk); sha256 {sha256}",
        "{path} (already recorded, identical); sha256 {sha256}",
    ),
    "dcat-written": (
        "Skrev {rdf} och {ttl} ({count} utgåvor; nyaste {newest}),\noch samma i DCAT-AP 3.0.1:s form i {ap}",
        "Wrote {rdf} and {ttl} ({count} releases; newest {newest}),\nand the same in DCAT-AP 3.0.1's form in {ap}",
    ),
    "serving": (
        "Visar {site}/ på {url}index.html (Ctrl+C avslutar)",
        "Serving {site}/ at {url}index.html (Ctrl+C to stop)",
    ),
    "retracted": (
        "Version {version} drogs tillbaka {date}: {file} borttagen ur {releases}; gravsten {tombstone} "
        "(sha256 {sha256})",
        "Version {version} retracted on {date}: {file} removed from {releases}; tombstone {tombstone} "
        "(sha256 {sha256})",
    ),
    "retracted-already": (
        "Version {version} var redan tillbakadragen {date}.",
        "Version {version} was already retracted on {date}.",
    ),
    "retracted-next": (
        "Nästa steg: rätta datan, kör `oppnadata bump` och `oppnadata publish`: nästa version innehåller rättelsen.",
        "Next: fix the data, run `oppnadata bump` and `oppnadata publish`: the next version carries the fix.",
    ),
}
