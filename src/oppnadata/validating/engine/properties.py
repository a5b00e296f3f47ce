"""The descriptor properties of a resource that say how its file is to be read, honoured or refused.

frictionless-py honours every property the Data Package standard defines. The engine reads one kind of
file, canonical CSV; for each property it either does what frictionless does or refuses the resource
with a finding that names the property — never ignores it:

- ``hash`` and ``bytes`` are honoured: the file is hashed and measured as frictionless does (v1
  ``"md5:…"``/``"sha256:…"``, a bare hex digest being md5), a mismatch is ``hash-count`` /
  ``byte-count`` and the table is still checked.
- ``dialect`` is honoured as frictionless reads it: ``delimiter``, ``quoteChar``, ``doubleQuote``,
  ``escapeChar``, ``header`` (false: no header, the first record is row 1), one ``headerRows`` entry
  (the records before it are skipped but keep their numbers), any ``lineTerminator``. What the reader
  cannot do — ``commentChar``, ``skipInitialSpace: true``, several header rows, ``nullSequence`` … — is
  ``unsupported-property`` and the table is not read (reading it otherwise would give false findings).
- ``format``: ``csv`` and ``tsv`` (tab-delimited unless the dialect says otherwise) are read; another
  table format, ``compression``, an ``encoding`` other than UTF-8, a multipart ``path`` and inline
  ``data`` are ``unsupported-property``: a JSON table is never parsed as CSV. A resource that is no
  table for frictionless (a PDF, a text, a JSON document without a schema) has only its ``bytes`` and
  ``hash`` checked, as frictionless does (``not-a-table``, info).
- A string field with a ``format`` frictionless needs an extra for (``wkt``: ``frictionless[wkt]``) is
  refused when the extra is absent, as frictionless refuses it, instead of crashing mid-table.

The findings carry the property (``dialect.delimiter``, ``format`` …) and its declared value; the
messages come from :mod:`oppnadata.messages` by code.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ...descriptor import ResourceSpec
from ...report import Finding, Severity
from .reader import CsvDialect

CHECK = "descriptor"
# Dialect properties that do not change how the cells are read (the reader takes \n, \r\n and \r).
NEUTRAL_DIALECT = {"lineTerminator", "caseSensitiveHeader", "csvddfVersion", "$schema", "name", "title",
                   "description"}  # fmt: skip
HASHES = ("md5", "sha1", "sha256", "sha512")
# The formats frictionless reads as tables (a resource in another format, without a schema, is a file).
TABLE_FORMATS = {"csv", "tsv", "xlsx", "xls", "ods", "jsonl", "ndjson", "parquet", "gsheets", "sqlite", "gz",
                 "zip", "bz2", "xz"}  # fmt: skip
CSV_MEDIATYPES = (None, "", "text/csv", "text/tab-separated-values")
UTF8 = ("utf-8", "utf8")
NEEDS_EXTRA = {"wkt": "tatsu"}  # string format → the module frictionless's extra brings


def _refusal(resource: ResourceSpec, prop: str, value: Any, *, field: str | None = None) -> Finding:
    return Finding(
        code="unsupported-property",
        severity=Severity.ERROR,
        resource=resource.name,
        path=resource.relpath or None,
        field=field,
        check=CHECK,
        value=None if value is None else str(value),
        params={"property": prop, "declared": _text(value)},
    )


def _text(value: Any) -> str:
    import json

    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def refusals(resource: ResourceSpec) -> list[Finding]:
    """Properties of ``resource`` that the engine cannot honour; empty: it reads the file."""
    raw = resource.descriptor
    found: list[Finding] = []
    if resource.inline:
        return [_refusal(resource, "data", "…")]
    if resource.multipart:
        return [_refusal(resource, "path", raw.get("path"))]
    if not is_table(resource):
        return []  # a document beside the tables: only its bytes and hash are checked, as frictionless does
    fmt = table_format(resource)
    if fmt not in ("csv", "tsv"):
        return [_refusal(resource, "format", fmt)]  # not CSV: nothing else applies
    if raw.get("mediatype") not in CSV_MEDIATYPES:
        found.append(_refusal(resource, "mediatype", raw.get("mediatype")))
    if raw.get("compression") not in (None, "", "no"):
        found.append(_refusal(resource, "compression", raw.get("compression")))
    encoding = raw.get("encoding")
    if encoding is not None and str(encoding).lower().replace("_", "-") not in UTF8:
        found.append(_refusal(resource, "encoding", encoding))
    found += _dialect(resource, raw.get("dialect"))
    for f in resource.fields:
        module = NEEDS_EXTRA.get(str(f.get("format") or "")) if f.get("type", "string") == "string" else None
        if module and not _importable(module):
            found.append(_refusal(resource, "format", f.get("format"), field=str(f.get("name"))))
    return found


def table_format(resource: ResourceSpec) -> str:
    """The resource's declared ``format``, else its file name's extension (as frictionless takes it)."""
    declared = resource.descriptor.get("format")
    if isinstance(declared, str) and declared:
        return declared.lower()
    name = resource.relpath.rsplit("/", 1)[-1].lower()
    for compressed in (".gz", ".zip", ".bz2", ".xz"):
        if name.endswith(compressed):
            return compressed[1:]
    return name.rsplit(".", 1)[-1] if "." in name else "csv"


def is_table(resource: ResourceSpec) -> bool:
    """Whether frictionless reads the resource as a table (else it checks only its bytes and hash): it
    declares ``type: table`` or a schema, or its format is one of the table formats."""
    declared = resource.descriptor.get("type")
    if declared is not None:
        return declared == "table"
    return resource.has_schema or table_format(resource) in TABLE_FORMATS


def _flat_dialect(dialect: dict[str, Any]) -> dict[str, Any]:
    """Data Package v1/v2 dialect properties; frictionless v5's own ``{"csv": {...}}`` form flattened."""
    flat = {k: v for k, v in dialect.items() if k != "csv"}
    if isinstance(dialect.get("csv"), dict):
        flat.update(dialect["csv"])
    return flat


def _dialect(resource: ResourceSpec, dialect: Any) -> list[Finding]:
    """The declared dialect properties the reader cannot honour (see :func:`dialect_of`)."""
    if dialect is None:
        return []
    if not isinstance(dialect, dict):  # a path to a dialect file: not read
        return [_refusal(resource, "dialect", dialect)]
    found = []
    flat = _flat_dialect(dialect)
    for key, value in flat.items():
        if key in NEUTRAL_DIALECT or _honoured(key, value, flat):
            continue
        found.append(_refusal(resource, f"dialect.{key}", value))
    return found


def _single(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 1 and value not in "\r\n"


def _honoured(key: str, value: Any, flat: dict[str, Any]) -> bool:
    if key == "delimiter":
        return _single(value)
    if key in ("quoteChar", "escapeChar"):
        return _single(value) or (key == "escapeChar" and value is None)
    if key == "doubleQuote":
        return isinstance(value, bool)
    if key == "header":
        return isinstance(value, bool) and (value or not flat.get("headerRows"))
    if key == "headerRows":
        return (isinstance(value, list) and len(value) == 1 and isinstance(value[0], int)
                and not isinstance(value[0], bool) and value[0] >= 1 and flat.get("header", True))  # fmt: skip
    if key == "skipInitialSpace":
        return value is False
    if key == "commentChar":
        return value is None
    return False  # commentRows, headerJoin, nullSequence, … and anything unknown: not honoured


def dialect_of(resource: ResourceSpec) -> CsvDialect:
    """The dialect the reader reads ``resource`` with (call after :func:`refusals` found nothing)."""
    raw = resource.descriptor.get("dialect")
    flat = _flat_dialect(raw) if isinstance(raw, dict) else {}
    header_row = None if flat.get("header", True) is False else int((flat.get("headerRows") or [1])[0])
    default = "\t" if table_format(resource) == "tsv" else ","  # as frictionless reads tsv
    return CsvDialect(
        delimiter=str(flat.get("delimiter", default)),
        quote_char=str(flat.get("quoteChar", '"')),
        double_quote=bool(flat.get("doubleQuote", True)),
        escape_char=flat.get("escapeChar"),
        header_row=header_row,
    )


def _importable(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None


def integrity(resource: ResourceSpec) -> list[Finding]:
    """``byte-count`` and ``hash-count`` for a file that differs from its declared ``bytes``/``hash``."""
    raw = resource.descriptor
    declared_hash = raw.get("hash")
    declared_bytes = raw.get("bytes")
    if (declared_hash is None and declared_bytes is None) or not resource.path.is_file():
        return []
    algorithm, _, digest = str(declared_hash or "").rpartition(":")
    algorithm = algorithm.lower() or "md5"
    found = []
    hasher = hashlib.new(algorithm) if algorithm in HASHES and declared_hash is not None else None
    size = 0
    with resource.path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            size += len(chunk)
            if hasher is not None:
                hasher.update(chunk)
    where: dict[str, Any] = {"resource": resource.name, "path": resource.relpath, "check": CHECK}
    if declared_bytes is not None and str(declared_bytes) != str(size):
        found.append(Finding("byte-count", Severity.ERROR, **where,
                             params={"declared": str(declared_bytes), "actual": str(size)}))  # fmt: skip
    if declared_hash is not None:
        if hasher is None:
            found.append(_refusal(resource, "hash", declared_hash))
        elif hasher.hexdigest() != digest.lower():
            found.append(Finding("hash-count", Severity.ERROR, **where,
                                 params={"declared": digest, "actual": hasher.hexdigest(),
                                         "algorithm": algorithm}))  # fmt: skip
    return found
