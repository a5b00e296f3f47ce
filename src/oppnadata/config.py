"""The publication config (``publication.yaml``): publisher, contact, base URL, links, CKAN organisation.

This module is the only reader of that file; every URL or name of these kinds comes from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from .errors import ConfigError

CONFIG_FILENAME = "publication.yaml"


@dataclass(frozen=True)
class Link:
    url: str
    title: str
    title_en: str
    description: str = ""
    description_en: str = ""


@dataclass(frozen=True)
class Publisher:
    name: str
    name_en: str
    organisationsnummer: str
    uri: str
    type: str
    homepage: str
    description: str = ""
    description_en: str = ""


@dataclass(frozen=True)
class Contact:
    name: str
    name_en: str
    email: str
    telephone: str = ""  # with country code, e.g. +46 63 14 75 00
    street_address: str = ""
    postal_code: str = ""
    locality: str = ""
    country: str = ""


@dataclass(frozen=True)
class Standard:
    """A specification the dataset conforms to (DCAT ``dct:conformsTo``)."""

    uri: str
    title: str
    title_en: str
    description: str = ""
    description_en: str = ""


COMPLIANCE = ("helt", "delvis", "inte")  # DIGG: helt, delvis or inte förenlig med lagkraven
METHODS = ("sjalvskattning", "extern_granskning")


@dataclass(frozen=True)
class Accessibility:
    """The facts of the accessibility statement (``tillganglighet/``) that DIGG requires and only the region
    knows: the service's name, how far it complies, when and how that was assessed, when the statement was last
    updated, and where readers reach the region (defaults: the contact's e-mail and telephone)."""

    service_name: str
    service_name_en: str
    compliance: str  # one of COMPLIANCE
    assessed: str  # ISO date of the assessment
    updated: str  # ISO date the statement was last updated
    method: str  # one of METHODS
    email: str
    telephone: str = ""
    response_time: str = ""
    response_time_en: str = ""


@dataclass(frozen=True)
class CkanSettings:
    organization: str
    organization_title: str
    organization_description: str
    organization_description_en: str
    url: str = ""  # the catalogue's address, for the portal's API examples (optional)


@dataclass(frozen=True)
class PublicationConfig:
    publisher: Publisher
    contact: Contact
    base_url: str
    links: dict[str, Link]
    projektbanken_case_url: str
    ckan: CkanSettings
    spatial: dict[str, str]
    temporal_start: str
    sek_per_eur: float
    sek_per_eur_source: str
    state_aid_threshold_eur: int
    conforms_to: tuple[Standard, ...] = ()
    accessibility: Accessibility | None = None
    path: Path | None = field(default=None, compare=False)

    def url(self, relative: str = "") -> str:
        """An absolute URL under ``base_url`` (every IRI and download URL derives from it)."""
        return self.base_url + relative.lstrip("/")

    def projektbanken_case(self, arende_id: str) -> str:
        return self.projektbanken_case_url.replace("{arende_id}", str(arende_id))


def _get(data: dict[str, Any], dotted: str, path: Path) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node or node[part] in (None, ""):
            raise ConfigError.coded("config-key-missing", path=path, key=dotted, file=path.name)
        node = node[part]
    return node


def _link(data: dict[str, Any], key: str, path: Path) -> Link:
    raw = _get(data, f"links.{key}", path)
    return Link(
        url=_absolute(_get(data, f"links.{key}.url", path), f"links.{key}.url", path),
        title=str(_get(data, f"links.{key}.title", path)),
        title_en=str(_get(data, f"links.{key}.title_en", path)),
        description=str(raw.get("description", "")),
        description_en=str(raw.get("description_en", "")),
    )


def _optional(data: dict[str, Any], dotted: str) -> str:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or node.get(part) in (None, ""):
            return ""
        node = node[part]
    return str(node)


def _standards(data: dict[str, Any], path: Path) -> tuple[Standard, ...]:
    raw = (data.get("dcat") or {}).get("conforms_to") or []
    if not isinstance(raw, list):
        raise ConfigError.coded("config-standards-not-list", path=path)
    found = []
    for index, entry in enumerate(raw):
        key = f"dcat.conforms_to[{index}]"
        if not isinstance(entry, dict) or not all(entry.get(k) for k in ("uri", "title", "title_en")):
            raise ConfigError.coded("config-standard-incomplete", path=path, key=key)
        found.append(
            Standard(
                uri=_absolute(entry["uri"], f"{key}.uri", path),
                title=str(entry["title"]),
                title_en=str(entry["title_en"]),
                description=str(entry.get("description") or ""),
                description_en=str(entry.get("description_en") or ""),
            )
        )
    return tuple(found)


def _accessibility(data: dict[str, Any], path: Path, contact: Contact) -> Accessibility:
    def choice(key: str, allowed: tuple[str, ...]) -> str:
        value = str(_get(data, f"accessibility.{key}", path))
        if value not in allowed:
            raise ConfigError.coded(
                "config-bad-choice", path=path, key=key, value=repr(value), choices=", ".join(allowed)
            )
        return value

    def day(key: str) -> str:
        value = str(_get(data, f"accessibility.{key}", path))
        try:
            date.fromisoformat(value)
        except ValueError as err:
            raise ConfigError.coded("config-bad-date", path=path, key=key, value=repr(value)) from err
        return value

    return Accessibility(
        service_name=str(_get(data, "accessibility.service_name", path)),
        service_name_en=str(_get(data, "accessibility.service_name_en", path)),
        compliance=choice("compliance", COMPLIANCE),
        assessed=day("assessed"),
        updated=day("updated"),
        method=choice("method", METHODS),
        email=_optional(data, "accessibility.email") or contact.email,
        telephone=_optional(data, "accessibility.telephone") or contact.telephone,
        response_time=_optional(data, "accessibility.response_time"),
        response_time_en=_optional(data, "accessibility.response_time_en"),
    )


def _absolute(value: Any, key: str, path: Path) -> str:
    text = str(value)
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError.coded("config-bad-url", path=path, key=key, value=repr(text))
    return text


def load_config(path: Path) -> PublicationConfig:
    """Read and check ``publication.yaml``. Raises ConfigError saying which key to fix."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise ConfigError.coded("config-not-found", path=path, file=CONFIG_FILENAME) from err
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError.coded("config-unreadable", path=path, error=err) from err
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ConfigError.coded("config-not-yaml", path=path, error=err) from err
    if not isinstance(data, dict):
        raise ConfigError.coded("config-not-mapping", path=path)

    base_url = _absolute(_get(data, "base_url", path), "base_url", path)
    if not base_url.endswith("/"):
        base_url += "/"
    case_url = _absolute(
        _get(data, "links.projektbanken.case_url", path), "links.projektbanken.case_url", path
    )
    if "{arende_id}" not in case_url:
        raise ConfigError.coded("config-case-url-placeholder", path=path)
    contact = Contact(
        name=str(_get(data, "contact.name", path)),
        name_en=str(_get(data, "contact.name_en", path)),
        email=str(_get(data, "contact.email", path)),
        telephone=_optional(data, "contact.telephone"),
        street_address=_optional(data, "contact.address.street"),
        postal_code=_optional(data, "contact.address.postal_code"),
        locality=_optional(data, "contact.address.locality"),
        country=_optional(data, "contact.address.country"),
    )
    return PublicationConfig(
        publisher=Publisher(
            name=str(_get(data, "publisher.name", path)),
            name_en=str(_get(data, "publisher.name_en", path)),
            organisationsnummer=str(_get(data, "publisher.organisationsnummer", path)),
            uri=_absolute(_get(data, "publisher.uri", path), "publisher.uri", path),
            type=_absolute(_get(data, "publisher.type", path), "publisher.type", path),
            homepage=_absolute(_get(data, "publisher.homepage", path), "publisher.homepage", path),
            description=_optional(data, "publisher.description"),
            description_en=_optional(data, "publisher.description_en"),
        ),
        contact=contact,
        base_url=base_url,
        links={
            key: _link(data, key, path) for key in ("hit_gar_pengarna", "projektbanken", "analysportal_norr")
        },
        projektbanken_case_url=case_url,
        ckan=CkanSettings(
            organization=str(_get(data, "ckan.organization", path)),
            organization_title=str(_get(data, "ckan.organization_title", path)),
            organization_description=str(_get(data, "ckan.organization_description", path)),
            organization_description_en=str(_get(data, "ckan.organization_description_en", path)),
            url=str((data.get("ckan") or {}).get("url") or ""),
        ),
        spatial={k: str(v) for k, v in _get(data, "coverage.spatial", path).items()},
        temporal_start=str(_get(data, "coverage.temporal_start", path)),
        sek_per_eur=float(_get(data, "state_aid.sek_per_eur", path)),
        sek_per_eur_source=str(_get(data, "state_aid.sek_per_eur_source", path)),
        state_aid_threshold_eur=int(_get(data, "state_aid.threshold_eur", path)),
        conforms_to=_standards(data, path),
        accessibility=_accessibility(data, path, contact),
        path=path,
    )
