"""How to cite a release: ``CITATION.cff`` (type: dataset) and ready-to-paste texts in Swedish and English,
plus the release's README that puts them in front of a reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import yaml

from ..config import PublicationConfig


@dataclass(frozen=True)
class Citation:
    title: str
    title_en: str
    version: str
    date: str  # ISO date of the release
    publisher: str
    url: str  # the version's IRI and landing page
    zip_url: str
    dataset_iri: str  # the dataset, whatever the version
    license: str
    keywords: tuple[str, ...]
    abstract: str
    example_data: bool

    @classmethod
    def from_descriptor(
        cls, descriptor: dict[str, Any], config: PublicationConfig, when: datetime
    ) -> Citation:
        from ..publishing.dcat import Iris

        iris = Iris(config)
        name, version = descriptor["name"], descriptor["version"]
        licenses = descriptor.get("licenses") or [{}]
        return cls(
            title=str(descriptor.get("title", name)),
            title_en=str(descriptor.get("title_en", descriptor.get("title", name))),
            version=str(version),
            date=when.date().isoformat(),
            publisher=config.publisher.name,
            url=iris.version(str(version)),  # the version's IRI is its landing page
            zip_url=config.url(f"releases/{name}-{version}.zip"),
            dataset_iri=iris.dataset(),
            license=str(licenses[0].get("name", "CC0-1.0")),
            keywords=tuple(str(k) for k in descriptor.get("keywords", [])),
            abstract=str(descriptor.get("description", "")),
            example_data=bool(descriptor.get("exempeldata")),
        )

    def text(self, lang: str = "sv") -> str:
        year = self.date[:4]
        if lang == "en":
            return (
                f"{self.publisher} ({year}). {self.title_en} (version {self.version}) [Data set]. "
                f"Published {self.date}. {self.url}"
            )
        return (
            f"{self.publisher} ({year}). {self.title} (version {self.version}) [Datamängd]. "
            f"Publicerad {self.date}. {self.url}"
        )

    def cff(self) -> str:
        data = {
            "cff-version": "1.2.0",
            "message": (
                "Citera dessa data så här. / If you use this data, please cite it as below."
                + (
                    " EXEMPELDATA: genererade rader, inte verkliga beslut. / EXAMPLE DATA: generated rows, "
                    "not real decisions."
                    if self.example_data
                    else ""
                )
            ),
            "type": "dataset",
            # the version in the title too: cffconvert's BibTeX and RIS have no field for it
            "title": f"{self.title}, version {self.version}",
            "version": self.version,
            "date-released": self.date,
            "authors": [{"name": self.publisher}],
            "license": self.license,
            "url": self.url,
            "repository-artifact": self.zip_url,
            "identifiers": [
                {
                    "type": "url",
                    "value": self.url,
                    "description": "Versionens IRI och sida / the version's IRI and landing page (DCAT-AP-SE)",
                },
                {
                    "type": "url",
                    "value": self.dataset_iri,
                    "description": "Datamängden, alla versioner / the dataset, every version (DCAT-AP-SE)",
                },
            ],
            "keywords": list(self.keywords),
            "abstract": self.abstract,
        }
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)

    def zenodo(self) -> dict[str, Any]:
        """The Zenodo deposit metadata (``.zenodo.json``): what cffconvert's Zenodo output has, plus what it
        cannot say (``upload_type``, the landing page, the dataset IRI)."""
        return {
            "upload_type": "dataset",
            "title": f"{self.title}, version {self.version}",
            "version": self.version,
            "publication_date": self.date,
            "creators": [{"name": self.publisher}],
            "description": self.abstract,
            "keywords": list(self.keywords),
            "license": {"id": self.license},
            "access_right": "open",
            "related_identifiers": [
                {"identifier": self.url, "relation": "isIdenticalTo", "scheme": "url"},
                {"identifier": self.dataset_iri, "relation": "isVersionOf", "scheme": "url"},
                {"identifier": self.zip_url, "relation": "hasPart", "scheme": "url"},
            ],
        }


def release_readme(descriptor: dict[str, Any], cite: Citation) -> str:
    """The README inside a release: what it is, how to cite it, what the files are."""
    lines = [f"# {descriptor.get('title', descriptor['name'])}", ""]
    if descriptor.get("exempeldata"):
        lines += [
            "> **EXEMPELDATA** — raderna är genererade och är inte Region Jämtland Härjedalens verkliga beslut.",
            "> **EXAMPLE DATA** — the rows are generated and are not the region's real decisions.",
            "",
        ]
    lines += [
        f"Version {descriptor['version']}, {cite.date}. Licens / licence: {cite.license}.",
        "",
        "## Citera / Cite",
        "",
        cite.text("sv"),
        "",
        cite.text("en"),
        "",
        "## Filer / Files",
        "",
        "| fil / file | innehåll / contents |",
        "|---|---|",
        "| `datapackage.json` | beskrivning med storlek och sha256 för varje fil / descriptor with size and sha256 of every file |",
        "| `data/*.csv` | tabellerna: UTF-8, komma, decimalpunkt / the tables: UTF-8, comma, decimal point |",
        "| `data/excel-sv/*.csv` | samma tabeller för svenska kalkylprogram: semikolon, decimalkomma, BOM / the same for Swedish spreadsheets |",
        "| `schemas/` | Table Schema för varje tabell / a Table Schema for each table |",
        "| `CHANGELOG.md`, `diff.json` | ändringar mot föregående version / changes since the previous version |",
        "| `CITATION.cff`, `citation.json`, `.zenodo.json` | hur versionen citeras / how to cite the version |",
        "| `quality.json` | kontroller som körts och antal fynd / checks run and findings |",
        "| `dcat/` | DCAT-AP-SE-beskrivning / DCAT-AP-SE description |",
        "",
    ]
    return "\n".join(lines)
