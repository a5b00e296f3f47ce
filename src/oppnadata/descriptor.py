"""Reading a data package safely: ``datapackage.json``, its resources' paths and their YAML/JSON schemas.

Nothing here touches the network: a schema or table on a URL is refused, and so is a path that leaves the
package's folder (``../``, absolute paths, symlinks pointing outside).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from .errors import DescriptorError
from .fileio import sha256_bytes

DESCRIPTOR_NAME = "datapackage.json"
MAX_DESCRIPTOR_BYTES = 5 * 1024 * 1024
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors/aliases: a schema never needs them, and they are the way to a
    'billion laughs' document that explodes once it is expanded."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases are not allowed in schemas", event.start_mark
            )
        return super().compose_node(parent, index)


def _load_yaml(text: str) -> Any:
    """Safe YAML without aliases: with libyaml's parser when PyYAML has it (several times faster), the
    events checked for an alias before anything is built."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return yaml.load(text, Loader=_NoAliasLoader)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, AliasEvent):
            line = event.start_mark.line + 1 if event.start_mark is not None else "?"
            raise yaml.composer.ComposerError(
                None, None, f"YAML aliases are not allowed in schemas (line {line})"
            )
    return yaml.load(text, Loader=loader)


@dataclass
class ResourceSpec:
    """One table of the package: where its file is and what its schema says."""

    name: str
    relpath: str
    path: Path
    schema: dict[str, Any]
    schema_ref: str | None
    descriptor: dict[str, Any]

    @property
    def fields(self) -> list[dict[str, Any]]:
        return list(self.schema.get("fields", []))

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    def field(self, name: str) -> dict[str, Any] | None:
        return next((f for f in self.fields if f.get("name") == name), None)

    @property
    def has_schema(self) -> bool:
        """False for a resource whose descriptor declares no schema (its header names the columns)."""
        return "schema" in self.descriptor

    @property
    def inline(self) -> bool:
        """True for a resource whose rows are in the descriptor (``data``), not in a file."""
        return "path" not in self.descriptor and "data" in self.descriptor

    @property
    def multipart(self) -> bool:
        """True for a resource whose ``path`` is a list of files (read one after the other)."""
        return isinstance(self.descriptor.get("path"), list)

    @property
    def primary_key(self) -> list[str]:
        pk = self.schema.get("primaryKey") or []
        return [pk] if isinstance(pk, str) else list(pk)


@dataclass
class PackageSpec:
    root: Path
    descriptor_path: Path
    descriptor: dict[str, Any]
    resources: dict[str, ResourceSpec] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.descriptor.get("name", "package"))

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))


def read_structured(path: Path, *, what: str) -> Any:
    """Parse a local JSON or YAML file (by extension) with a size cap and no YAML aliases."""
    try:
        size = path.stat().st_size
        if size > MAX_DESCRIPTOR_BYTES:
            raise DescriptorError.coded(
                "descriptor-too-large", what=what, path=path, size=size, limit=MAX_DESCRIPTOR_BYTES
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise DescriptorError.coded("file-not-found", what=what, path=path) from err
    except UnicodeDecodeError as err:
        raise DescriptorError.coded("descriptor-not-utf8", what=what, path=path) from err
    except OSError as err:
        raise DescriptorError.coded(
            "descriptor-unreadable", what=what, path=path, error=err.strerror
        ) from err
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            return _load_yaml(text)
        return json.loads(text)
    except (yaml.YAMLError, json.JSONDecodeError) as err:
        raise DescriptorError.coded("descriptor-unparsable", what=what, path=path, error=err) from err
    except RecursionError as err:
        raise DescriptorError.coded("descriptor-too-deep", what=what, path=path) from err
    except ValueError as err:  # e.g. an integer of thousands of digits
        raise DescriptorError.coded("descriptor-unparsable", what=what, path=path, error=err) from err


def safe_local_path(root: Path, ref: Any, *, what: str) -> Path:
    """Resolve ``ref`` inside ``root``; refuse URLs, absolute paths and anything that escapes."""
    if not isinstance(ref, str) or not ref.strip():
        raise DescriptorError.coded("path-not-relative", what=what, ref=repr(ref))
    if _REMOTE.match(ref):
        raise DescriptorError.coded("path-remote", what=what, ref=ref)
    if Path(ref).is_absolute() or ref.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", ref):
        raise DescriptorError.coded("path-absolute", what=what, ref=ref)
    root_resolved = root.resolve()
    resolved = (root / ref).resolve()
    if not resolved.is_relative_to(root_resolved):
        raise DescriptorError.coded("path-outside", what=what, ref=ref, root=root)
    return resolved


TABLE_SCHEMA_V2 = "https://datapackage.org/profiles/2.0/tableschema.json"


def check_schema(name: str, schema: dict[str, Any], package_profile: Any = None) -> None:
    """Refuse a schema that is not a valid Table Schema (frictionless's metadata check): a table cannot be
    checked against it, so this is 'could not run', not a finding.

    A schema frictionless accepted is remembered (:func:`_passed`), by its content and frictionless's
    version, so the next run on the same schemas does not import frictionless (~0.3 s) at all.
    """
    if isinstance(package_profile, str) and "/2." in package_profile and "$schema" not in schema:
        # The package's Data Package v2 reaches its schemas (v2 forms such as missingValues objects).
        schema = {**schema, "$schema": TABLE_SCHEMA_V2}
    marker = _passed(schema)
    if marker is not None and marker.exists():
        return
    import frictionless  # lazy: a heavy import

    report = frictionless.Schema.validate_descriptor(schema)
    if not report.valid:
        problems = "; ".join(sorted({str(e.note or e.message) for e in report.errors}))
        raise DescriptorError.coded("schema-invalid", name=name, problems=problems)
    if marker is not None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass  # a read-only or missing cache only costs the check next time


def missing_values(declared: Any) -> list[str]:
    """The missing-value strings of a ``missingValues`` list: Table Schema v1 strings, or v2 objects
    ``{"value": "-", "label": "..."}`` (the label is documentation, the value is what the cell holds)."""
    if not isinstance(declared, list):
        return [""]
    return [str(v.get("value", "")) if isinstance(v, dict) else str(v) for v in declared]


def check_package_metadata(descriptor: dict[str, Any], where: Path) -> None:
    """Refuse a package whose metadata frictionless finds invalid against the Data Package standard (a
    name that is not a slug, a licence with neither name nor path, ``missingValues`` at package level
    …), as :func:`check_schema` refuses a schema: frictionless then checks no table either.

    Remembered like :func:`check_schema`, so an unchanged descriptor does not import frictionless.
    """
    plain = descriptor
    marker = _passed(plain, "package-checks")
    if marker is not None and marker.exists():
        return
    import frictionless  # lazy: a heavy import

    report = frictionless.Package.validate_descriptor(plain)
    if not report.valid:
        problems = "; ".join(sorted({f"{e.type}: {e.note or e.message}" for e in report.errors}))
        raise DescriptorError.coded("package-invalid", where=where, problems=problems)
    if marker is not None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass


def cache_dir() -> Path:
    """Where oppnadata remembers what it need not compute again: ``$OPPNADATA_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/oppnadata``, else ``~/.cache/oppnadata``."""
    import os

    if os.environ.get("OPPNADATA_CACHE_DIR"):
        return Path(os.environ["OPPNADATA_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "oppnadata"


def _passed(schema: dict[str, Any], kind: str = "schema-checks") -> Path | None:
    """The file marking that frictionless accepted this exact schema (None: it cannot be named)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        text = json.dumps(schema, sort_keys=True, ensure_ascii=False, allow_nan=False)
        checker = version("frictionless")
    except (TypeError, ValueError, PackageNotFoundError, RecursionError):
        return None
    digest = sha256_bytes(f"frictionless {checker}\n{text}".encode())
    return cache_dir() / kind / digest


def load_package(path: Path) -> PackageSpec:
    """Read ``datapackage.json`` (or a folder holding one) and the schemas it names."""
    descriptor_path = path / DESCRIPTOR_NAME if path.is_dir() else path
    descriptor = read_structured(descriptor_path, what="The package descriptor")
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DescriptorError.coded("package-no-resources", path=descriptor_path)
    root = descriptor_path.parent
    package = PackageSpec(root=root, descriptor_path=descriptor_path, descriptor=descriptor)
    for index, raw in enumerate(descriptor["resources"]):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise DescriptorError.coded(
                "package-resource-without-name", path=descriptor_path, number=index + 1
            )
        name = raw["name"]
        if name in package.resources:
            raise DescriptorError.coded("package-resource-name-twice", path=descriptor_path, name=name)
        relpath = raw.get("path")
        if isinstance(relpath, list) and relpath:  # multipart: each part safe; refused by the engine, by name
            for part in relpath:
                safe_local_path(root, part, what=f"A path of resource {name!r}")
            relpath, file_path = "", root
        elif "path" not in raw and "data" in raw:  # inline rows: refused by the engine, by name
            relpath, file_path = "", root
        else:
            file_path = safe_local_path(root, relpath, what=f"The path of resource {name!r}")
        schema_ref = raw.get("schema")
        if schema_ref is None and "schema" not in raw:
            schema: Any = {"fields": []}  # no schema: the engine reads the header as the field names
        elif isinstance(schema_ref, dict):
            schema = schema_ref
            schema_ref = None
        else:
            schema_path = safe_local_path(root, schema_ref, what=f"The schema of resource {name!r}")
            schema = read_structured(schema_path, what=f"The schema of resource {name!r}")
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            raise DescriptorError.coded("schema-no-fields", name=name)
        for f in schema["fields"]:
            if not isinstance(f, dict) or not isinstance(f.get("name"), str):
                raise DescriptorError.coded("schema-field-without-name", name=name)
        if "schema" in raw:
            check_schema(name, schema, descriptor.get("$schema"))
        package.resources[name] = ResourceSpec(
            name=name,
            relpath=str(relpath),
            path=file_path,
            schema=schema,
            schema_ref=schema_ref,
            descriptor=raw,
        )
    check_package_metadata(descriptor, descriptor_path)
    return package
