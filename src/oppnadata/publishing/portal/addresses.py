"""The site's addresses of the pages readers look up (relative to a language's root)."""

from __future__ import annotations

KIND_SLUG = {
    "mottagare": "mottagare",
    "kommun": "kommun",
    "stodtyp": "stodtyp",
    "strategiomrade": "strategiomrade",
}


def decision_slug(arende_id: str) -> str:
    return f"beslut/{arende_id}/index.html"


def group_slug(kind: str, key: str) -> str:
    return f"{KIND_SLUG[kind]}/{key}/index.html"
