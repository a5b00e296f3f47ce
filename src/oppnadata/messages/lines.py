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
}
