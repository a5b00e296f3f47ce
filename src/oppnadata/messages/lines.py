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
}
