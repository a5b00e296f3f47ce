"""Synthetic release records for the DCAT tests: small descriptors written here, never the repository's data."""

from __future__ import annotations

import hashlib
from typing import Any

from oppnadata.publishing.dcat import ReleaseRecord, Retraction


def resource(name: str, path: str, table: str, flavour: str, data: bytes, fmt: str = "csv") -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "flavour": flavour,
        "table": table,
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/json",
        "encoding": "utf-8-sig" if flavour == "excel-sv" else "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "schema": f"schemas/{table}.json",
        "title": f"Tabellen {table} ({flavour})",
        "title_en": f"The table {table} ({flavour})",
        "description": f"Tabellen {table} som CSV.",
        "description_en": f"The table {table} as CSV.",
    }


def descriptor(version: str, created: str, end: str = "2025-12-31") -> dict[str, Any]:
    resources = []
    for table in ("beslut", "utbetalningar", "kommuner"):
        body = f"{table},{version}\n".encode()
        resources.append(resource(table, f"data/{table}.csv", table, "canonical", body))
        resources.append(
            resource(
                f"{table}-excel-sv", f"data/excel-sv/{table}.csv", table, "excel-sv", b"\xef\xbb\xbf" + body
            )
        )
    resources.append(
        resource("summor", "data/summor.json", "summor", "canonical", b'{"summor": []}', fmt="json")
    )
    return {
        "name": "hit-gar-pengarna",
        "id": "0b0f9c2e-5d1e-4c55-9b0a-3f6c4f1b2a10",
        "version": version,
        "created": created,
        "title": "Hit går pengarna – 1:1-medel i Jämtlands län",
        "title_en": "Where the money goes – 1:1 funds in Jämtland county",
        "description": "Beslut om och utbetalningar av regionala utvecklingsmedel (1:1).",
        "description_en": "Decisions on and payments of regional development funds (1:1).",
        "keywords": ["regional utveckling", "projektstöd", "företagsstöd"],
        "keywords_en": ["regional development", "project grants", "business grants"],
        "licenses": [
            {
                "name": "CC0-1.0",
                "path": "http://creativecommons.org/publicdomain/zero/1.0/",
                "title": "CC0 1.0",
            }
        ],
        "exempeldata": True,
        "temporal": {"start": "2018-01-01", "end": end},
        "resources": resources,
    }


def record(
    version: str,
    created: str,
    end: str = "2025-12-31",
    previous: str | None = None,
    retracted: Retraction | None = None,
) -> ReleaseRecord:
    name = f"hit-gar-pengarna-{version}.zip"
    desc = descriptor(version, created, end)
    desc["previous_version"] = previous
    sha1 = {res["path"]: hashlib.sha1(res["path"].encode()).hexdigest() for res in desc["resources"]}
    sha1[name] = hashlib.sha1(name.encode()).hexdigest()
    return ReleaseRecord(
        desc, name, 4096, hashlib.sha256(name.encode()).hexdigest(), sha1=sha1, retracted=retracted
    )


def releases() -> list[ReleaseRecord]:
    """Two releases, given newest first on purpose: the order of the input must not matter."""
    return [
        record("1.1.0", "2027-03-01T00:00:00Z", "2026-12-31", previous="1.0.0"),
        record("1.0.0", "2026-11-26T00:00:00Z"),
    ]
