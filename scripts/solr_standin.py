#!/usr/bin/env python3
"""A small Solr stand-in for the CKAN test harness.  TEST INFRASTRUCTURE ONLY.

CKAN 2.12 cannot run without a search index: ``package_create``/``update``/
``delete`` index the dataset inside the action and roll it back when Solr does
not answer.  No Solr distribution can be installed on the project's build
machines (no Docker, package registries only), so ``scripts/ckan-test-server``
points CKAN's ``solr_url`` at this stdlib HTTP server instead.  CKAN itself runs
unchanged.  **Production runs real Solr 9 with CKAN's own schema**
(``ckan/config/solr/schema.xml``); nothing here is meant for production.

What it answers, the way CKAN calls it through pysolr:

* ``POST <core>/update`` -- JSON document lists (and JSON ``add``/``delete``
  commands), XML ``<add><doc>``, ``<delete><id>``, ``<delete><query>``,
  ``<commit/>``, ``<optimize/>``.  Updates are visible at once (as with a very
  short autoSoftCommit); commit requests are accepted and change nothing.
* ``GET/POST <core>/select`` -- ``q``, ``fq`` (repeated), ``rows``, ``start``,
  ``sort``, ``fl``, ``defType`` (lucene, dismax, edismax), ``qf``, ``mm``,
  ``df``, ``q.op``, ``facet``, ``facet.field``, ``facet.limit``,
  ``facet.mincount``, ``facet.sort``; ``wt=json`` only.
* ``GET <core>/admin/ping``; ``GET <core>/schema?wt=schema.xml`` and
  ``<core>/admin/file/?file=schema.xml`` serve the schema file it was started
  with (CKAN's own), so CKAN's schema version check passes.

The query language is the Lucene standard syntax subset CKAN and its pages use:
``*:*``, ``field:value``, ``field:"a phrase"``, ``field:(a OR b)``, ``field:*``,
``field:[a TO b]``, ``+``/``-``/``NOT``/``AND``/``OR``, parentheses, trailing
``*`` wildcards.  Field types come from the schema: string fields match
exactly; in text fields a query word or phrase matches, case- and
accent-insensitively, at the start of a word (a rough stand-in for Solr's
stemming analysers: ``flood`` finds ``flooding``); dates are normalised like
Solr's.  Scores are simple sums of the matched fields' ``qf`` boosts, enough
for ``sort=score desc``; this is not Lucene's BM25 ranking.

Documents live in memory and, with ``--data``, in a JSON file rewritten after
every update so that a restarted stand-in keeps the index CKAN built.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fnmatch
import functools
import json
import os
import re
import sys
import threading
import time
import traceback
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class SolrError(Exception):
    """A request Solr would refuse with HTTP 400; the message mimics Solr's."""


# --------------------------------------------------------------------------- schema


@dataclass(frozen=True)
class FieldDef:
    name: str
    kind: str  # "string", "text", "date", "int", "float", "bool"
    stored: bool = True
    multi: bool = False
    required: bool = False
    default: str | None = None


_KINDS = {
    "TextField": "text",
    "DatePointField": "date",
    "TrieDateField": "date",
    "BoolField": "bool",
    "IntPointField": "int",
    "LongPointField": "int",
    "FloatPointField": "float",
    "DoublePointField": "float",
}


class Schema:
    """The parts of a Solr ``schema.xml`` that decide how fields match and return."""

    def __init__(self, xml_text: str) -> None:
        self.xml_text = xml_text
        root = ET.fromstring(xml_text)
        self.name = root.get("name", "")
        types: dict[str, tuple[str, bool]] = {}
        for el in root.iter():
            if el.tag.lower() == "fieldtype":
                cls = (el.get("class") or "").rsplit(".", 1)[-1]
                types[el.get("name", "")] = (_KINDS.get(cls, "string"), el.get("multiValued") == "true")

        def make(el: ET.Element) -> FieldDef:
            kind, multi = types.get(el.get("type", ""), ("string", False))
            return FieldDef(
                el.get("name", ""),
                kind,
                el.get("stored", "true") == "true",
                el.get("multiValued", str(multi).lower()) == "true",
                el.get("required") == "true",
                el.get("default"),
            )

        self.fields = {el.get("name", ""): make(el) for el in root.iter("field")}
        # Solr lets the longest dynamic pattern win.
        self.dynamic = sorted((make(el) for el in root.iter("dynamicField")), key=lambda f: -len(f.name))
        self.copy_fields = [(el.get("source", ""), el.get("dest", "")) for el in root.iter("copyField")]
        key = root.find("uniqueKey")
        self.unique_key = key.text.strip() if key is not None and key.text else "id"

    def field(self, name: str) -> FieldDef:
        if name in self.fields:
            return self.fields[name]
        for dyn in self.dynamic:
            if fnmatch.fnmatchcase(name, dyn.name):
                return FieldDef(name, dyn.kind, dyn.stored, dyn.multi)
        return FieldDef(name, "string", False, False)


# ------------------------------------------------------------------- value handling


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation: how text fields are compared."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^\w*?]+", " ", text).split())


_DATE_MATH = re.compile(r"NOW((?:[+-]\d+(?:YEAR|MONTH|DAY|HOUR|MINUTE|SECOND)S?)*)(/\w+)?$")
_UNITS = {"YEAR": 365 * 86400, "MONTH": 30 * 86400, "DAY": 86400, "HOUR": 3600, "MINUTE": 60, "SECOND": 1}


def solr_date(value: Any) -> str:
    """Normalise a date the way Solr stores it: UTC, ``Z``, millisecond precision."""
    text = str(value).strip()
    math = _DATE_MATH.match(text)
    if math:  # NOW, NOW-1DAY, NOW/DAY (units are approximate: MONTH=30 days)
        moment = dt.datetime.now(dt.UTC)
        for sign, num, unit in re.findall(r"([+-])(\d+)([A-Z]+?)S?(?=[+-]|$)", math.group(1)):
            moment += dt.timedelta(seconds=int(sign + num) * _UNITS[unit])
        if math.group(2):
            moment = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    else:
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise SolrError(f"Invalid Date String:'{text}'") from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    ms = moment.microsecond // 1000
    base = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{base}.{ms:03d}Z" if ms else f"{base}Z"


def order_key(fdef: FieldDef, value: Any) -> Any:
    """A key that orders stored values: Solr drops zero milliseconds from dates."""
    if fdef.kind == "date" and isinstance(value, str) and "." not in value:
        return value[:-1] + ".000Z"
    return value


def coerce(fdef: FieldDef, value: Any) -> Any:
    if isinstance(value, (dict, list)):
        raise SolrError(
            f"the Solr stand-in does not support atomic updates or child documents (field {fdef.name!r})"
        )
    if fdef.kind == "date":
        return solr_date(value)
    if fdef.kind in ("int", "float"):
        try:
            return int(value) if fdef.kind == "int" else float(value)
        except (TypeError, ValueError):
            raise SolrError(f"ERROR: [doc] Error adding field '{fdef.name}'='{value}'") from None
    if fdef.kind == "bool":
        return str(value).lower() == "true"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -------------------------------------------------------------------- query parsing

MUST, SHOULD, MUST_NOT = "+", "", "-"


@dataclass
class MatchAll:
    pass


@dataclass
class MatchNone:
    pass


@dataclass
class Term:
    fields: list[tuple[str, float]]  # (field, boost); several for dismax ``qf``
    text: str
    phrase: bool = False


@dataclass
class Range:
    fields: list[tuple[str, float]]
    low: str
    high: str
    incl_low: bool = True
    incl_high: bool = True


@dataclass
class Bool:
    clauses: list[tuple[str, Any]] = field(default_factory=list)
    min_should: int = 0


_TOKEN = re.compile(
    r"""
    (?P<ws>\s+) | (?P<lp>\() | (?P<rp>\)) | (?P<colon>:)
  | (?P<quoted>"(?:\\.|[^"\\])*")
  | (?P<range>[\[{][^\]}]*?\s+TO\s+[^\]}]*?[\]}])
  | (?P<boost>[\^~][\d.]*)
  | (?P<word>(?:\\.|[^\s():"\[\]{}^~\\])+)
""",
    re.VERBOSE,
)


def _tokens(query: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if not m:
            raise SolrError(f"org.apache.solr.search.SyntaxError: Cannot parse '{query}'")
        pos = m.end()
        kind = m.lastgroup or ""
        if kind in ("ws", "boost"):  # boosts and fuzziness do not change matching here
            continue
        text = m.group()
        if kind == "word" and text in ("AND", "&&", "OR", "||", "NOT"):
            kind = {"&&": "AND", "||": "OR"}.get(text, text)
        elif kind == "word" and text[0] in "+-!" and text not in "+-!":
            out.append(("mod", "!" if text[0] == "!" else text[0]))
            text = text[1:]
        elif kind == "word" and text in ("+", "-", "!"):
            kind = "mod"
        out.append((kind, text))
    return out


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


class QueryParser:
    """Lucene's classic query parser, reduced to what CKAN sends."""

    def __init__(self, default_fields: list[tuple[str, float]], op_and: bool) -> None:
        self.default_fields = default_fields
        self.op_and = op_and

    def parse(self, query: str) -> Any:
        if query.strip().startswith("{!"):
            raise SolrError("local parameters ({!...}) are not supported by the Solr stand-in")
        self.toks, self.pos = _tokens(query), 0
        node = self._bool(self.default_fields)
        if self.pos != len(self.toks):
            raise SolrError(f"org.apache.solr.search.SyntaxError: Cannot parse '{query}'")
        return node

    def _peek(self) -> tuple[str, str]:
        return self.toks[self.pos] if self.pos < len(self.toks) else ("end", "")

    def _bool(self, fields: list[tuple[str, float]]) -> Bool:
        node = Bool()
        while self._peek()[0] not in ("end", "rp"):
            conj = ""
            if self._peek()[0] in ("AND", "OR"):
                conj = self._peek()[0]
                self.pos += 1
            mod = ""
            while self._peek()[0] in ("mod", "NOT"):
                mod = "-" if self._peek()[1] in ("-", "!", "NOT") else "+"
                self.pos += 1
            self._add(node, conj, mod, self._clause(fields))
        return node

    def _add(self, node: Bool, conj: str, mod: str, query: Any) -> None:
        # Mirrors org.apache.lucene.queryparser.classic.QueryParserBase.addClause.
        clauses = node.clauses
        if clauses and conj == "AND" and clauses[-1][0] != MUST_NOT:
            clauses[-1] = (MUST, clauses[-1][1])
        if clauses and self.op_and and conj == "OR" and clauses[-1][0] != MUST_NOT:
            clauses[-1] = (SHOULD, clauses[-1][1])
        prohibited = mod == "-"
        if self.op_and:
            required = not prohibited and conj != "OR"
        else:
            required = mod == "+" or (conj == "AND" and not prohibited)
        clauses.append((MUST_NOT if prohibited else MUST if required else SHOULD, query))

    def _clause(self, fields: list[tuple[str, float]]) -> Any:
        kind, text = self._peek()
        if kind == "word" and self.pos + 1 < len(self.toks) and self.toks[self.pos + 1][0] == "colon":
            self.pos += 2
            name = _unescape(text)
            if name == "*" and self._peek() == ("word", "*"):
                self.pos += 1
                return MatchAll()
            fields = [(name, 1.0)]
            kind, text = self._peek()
        self.pos += 1
        if kind == "lp":
            node = self._bool(fields)
            if self._peek()[0] != "rp":
                raise SolrError("org.apache.solr.search.SyntaxError: missing ')'")
            self.pos += 1
            return node
        if kind == "quoted":
            return Term(fields, _unescape(text[1:-1]), phrase=True)
        if kind == "range":
            m = re.match(r"([\[{])\s*(.*?)\s+TO\s+(.*?)\s*([\]}])$", text, re.S)
            assert m
            return Range(
                fields,
                _unescape(m.group(2).strip('"')),
                _unescape(m.group(3).strip('"')),
                m.group(1) == "[",
                m.group(4) == "]",
            )
        if kind == "word":
            if text == "*" and fields == self.default_fields:
                return MatchAll()
            return Term(fields, text)  # escapes are resolved when matching (wildcards)
        raise SolrError(f"org.apache.solr.search.SyntaxError: unexpected '{text}'")


def min_should_match(spec: str, count: int) -> int:
    """Solr's ``mm`` rules, e.g. ``2<-1 5<80%`` (SolrPluginUtils.calculateMinShouldMatch)."""
    spec = spec.strip()
    if "<" in spec:
        result = count
        for part in spec.split():
            upper, value = part.split("<", 1)
            if count <= int(upper):
                break
            result = min_should_match(value, count)
        return result
    result = int(count * int(spec[:-1]) / 100) if spec.endswith("%") else int(spec)
    if result < 0:
        result = count + result
    return max(0, min(count, result))


# ------------------------------------------------------------------------ the index


class Index:
    """Documents by unique key, plus the copyField view that queries match against."""

    def __init__(self, schema: Schema, data_path: Path | None = None) -> None:
        self.schema = schema
        self.data_path = data_path
        self.docs: dict[str, dict[str, Any]] = {}
        self.indexed: dict[str, dict[str, list[Any]]] = {}
        self.lock = threading.RLock()
        self.version = int(time.time() * 1000) << 20
        if data_path and data_path.exists():
            for doc in json.loads(data_path.read_text("utf-8")):
                self._put(doc)

    # -- writing
    def add(self, docs: list[dict[str, Any]]) -> None:
        normalised = [self._normalise(d) for d in docs]  # all or nothing
        with self.lock:
            for doc in normalised:
                self.version += 1
                doc["_version_"] = coerce(self.schema.field("_version_"), self.version)
                self._put(doc)
            self._save()

    def _normalise(self, raw: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise SolrError("Expected a JSON object for a document")
        doc: dict[str, Any] = {}
        for name, value in raw.items():
            values = value if isinstance(value, list) else [value]
            fdef = self.schema.field(name)
            values = [coerce(fdef, v) for v in values if v is not None and v != ""]
            if not values:
                continue
            if fdef.multi:
                doc[name] = values
            elif len(values) > 1:
                raise SolrError(
                    f"ERROR: [doc={raw.get(self.schema.unique_key)}] multiple "
                    f"values encountered for non multiValued field {name}: {values}"
                )
            else:
                doc[name] = values[0]
        for fdef in self.schema.fields.values():
            if fdef.name not in doc and fdef.default is not None:
                doc[fdef.name] = coerce(fdef, fdef.default)
        if self.schema.unique_key not in doc:
            raise SolrError("Document is missing mandatory uniqueKey field: " + self.schema.unique_key)
        for fdef in self.schema.fields.values():
            if fdef.required and fdef.name not in doc:
                raise SolrError(f"[doc={doc[self.schema.unique_key]}] missing required field: {fdef.name}")
        return doc

    def _put(self, doc: dict[str, Any]) -> None:
        view: dict[str, list[Any]] = {k: list(v) if isinstance(v, list) else [v] for k, v in doc.items()}
        for source, dest in self.schema.copy_fields:
            for name, value in doc.items():
                if fnmatch.fnmatchcase(name, source):
                    view.setdefault(dest, []).extend(value if isinstance(value, list) else [value])
        key = str(doc[self.schema.unique_key])
        self.docs[key] = doc
        self.indexed[key] = view

    def delete_ids(self, ids: list[str]) -> None:
        with self.lock:
            for key in ids:
                self.docs.pop(key, None)
                self.indexed.pop(key, None)
            self._save()

    def delete_query(self, query: str) -> None:
        node = QueryParser([("text", 1.0)], op_and=False).parse(query)
        with self.lock:
            self.delete_ids([k for k, v in self.indexed.items() if self.score(node, v) is not None])

    def _save(self) -> None:
        if self.data_path:
            tmp = self.data_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(list(self.docs.values())), "utf-8")
            os.replace(tmp, self.data_path)

    # -- matching
    def score(self, node: Any, doc: dict[str, list[Any]]) -> float | None:
        """The document's score for ``node``, or None when it does not match."""
        if isinstance(node, MatchAll):
            return 1.0
        if isinstance(node, MatchNone):
            return None
        if isinstance(node, (Term, Range)):
            hits = [boost for name, boost in node.fields if self._match(node, name, doc)]
            return max(hits) if hits else None
        total, should_hits, has_positive = 0.0, 0, False
        for occur, sub in node.clauses:
            s = self.score(sub, doc)
            if occur == MUST:
                has_positive = True
                if s is None:
                    return None
                total += s
            elif occur == MUST_NOT:
                if s is not None:
                    return None
            else:
                has_positive = True
                if s is not None:
                    should_hits += 1
                    total += s
        if should_hits < node.min_should:
            return None
        if has_positive and not should_hits and all(o != MUST for o, _ in node.clauses):
            return None
        return total if has_positive else 1.0  # a purely negative query: all but those

    def _match(self, node: Term | Range, name: str, doc: dict[str, list[Any]]) -> bool:
        values = doc.get(name, [])
        fdef = self.schema.field(name)
        if isinstance(node, Range):
            return any(self._in_range(fdef, node, v) for v in values)
        raw = node.text
        if not node.phrase and raw == "*":
            return bool(values)
        wildcard = not node.phrase and re.search(r"(?<!\\)[*?]", raw) is not None
        text = raw if node.phrase else _unescape(raw)
        if fdef.kind == "text":
            wanted = fold(raw if wildcard else text)
            if not wanted:
                return False
            for value in values:
                have = fold(str(value))
                if wildcard and any(fnmatch.fnmatchcase(tok, wanted) for tok in have.split()):
                    return True
                if not wildcard and f" {wanted}" in f" {have}":  # word-prefix substring
                    return True
            return False
        if wildcard:
            pattern = re.sub(r"\\(.)", r"[\1]", raw)
            return any(fnmatch.fnmatchcase(str(v), pattern) for v in values)
        try:
            want = coerce(fdef, text)
        except SolrError:
            return False
        return any(v == want for v in values)

    @staticmethod
    def _in_range(fdef: FieldDef, node: Range, value: Any) -> bool:
        def bound(text: str) -> Any:
            if text == "*":
                return None
            return coerce(fdef, text)

        try:
            low, high = bound(node.low), bound(node.high)
        except SolrError:
            return False
        low, high, value = (None if x is None else order_key(fdef, x) for x in (low, high, value))
        if low is not None and (value < low or (value == low and not node.incl_low)):
            return False
        return high is None or value < high or (value == high and node.incl_high)

    # -- searching
    def select(self, params: dict[str, list[str]]) -> dict[str, Any]:
        def one(name: str, default: str | None = None) -> str | None:
            return params.get(name, [default])[-1]

        if one("wt", "json") not in ("json", None):
            raise SolrError(f"the Solr stand-in answers wt=json only, not wt={one('wt')}")
        op_and = (one("q.op") or "OR").upper() == "AND"
        df = [(one("df") or "text", 1.0)]
        def_type = one("defType") or "lucene"
        q = one("q")
        if def_type in ("dismax", "edismax"):
            qf = [
                (f.split("^")[0], float(f.split("^")[1]) if "^" in f else 1.0)
                for f in (one("qf") or df[0][0]).split()
            ]
            query = QueryParser(qf, op_and=False).parse(q or one("q.alt") or "*:*")
            if isinstance(query, Bool):
                shoulds = sum(1 for o, _ in query.clauses if o == SHOULD)
                query.min_should = min_should_match(one("mm") or ("100%" if op_and else "0%"), shoulds)
        elif def_type == "lucene":
            query = QueryParser(df, op_and).parse(q) if q else MatchNone()
        else:
            raise SolrError(f"Unknown query parser '{def_type}'")
        filters = [QueryParser(df, op_and).parse(f) for f in params.get("fq", []) if f.strip()]
        sort = self._sort_spec(one("sort") or "score desc")

        with self.lock:
            hits = []
            for key, doc in self.indexed.items():
                s = self.score(query, doc)
                if s is not None and all(self.score(f, doc) is not None for f in filters):
                    hits.append((key, s))
            for name, desc in reversed(sort):
                hits.sort(key=functools.partial(self._sort_key, name=name, desc=desc), reverse=desc)
            start, rows = int(one("start") or 0), int(one("rows") or 10)
            fl = (one("fl") or "*").replace(",", " ").split()
            docs = [self._fields(key, score, fl) for key, score in hits[start : start + rows]]
            body: dict[str, Any] = {
                "responseHeader": {
                    "status": 0,
                    "QTime": 0,
                    "params": {k: v[-1] if len(v) == 1 else v for k, v in params.items()},
                },
                "response": {"numFound": len(hits), "start": start, "numFoundExact": True, "docs": docs},
            }
            if "score" in fl:
                body["response"]["maxScore"] = max((s for _, s in hits), default=0.0)
            if (one("facet") or "false").lower() == "true":
                body["facet_counts"] = self._facets(params, [k for k, _ in hits], one)
        return body

    @staticmethod
    def _sort_spec(spec: str) -> list[tuple[str, bool]]:
        out = []
        for part in spec.split(","):
            bits = part.split()
            if len(bits) != 2 or bits[1].lower() not in ("asc", "desc"):
                raise SolrError(f"Can't determine a Sort Order (asc or desc) in sort spec '{part.strip()}'")
            out.append((bits[0], bits[1].lower() == "desc"))
        return out

    def _sort_key(self, hit: tuple[str, float], name: str, desc: bool) -> tuple[int, Any]:
        if name == "score":
            return (1, hit[1])
        values = self.indexed[hit[0]].get(name)
        if not values:  # sortMissingLast, whichever the direction
            return (0, "") if desc else (1, "")
        return (1 if desc else 0, order_key(self.schema.field(name), values[0]))

    def _fields(self, key: str, score: float, fl: list[str]) -> dict[str, Any]:
        doc = self.docs[key]
        out = {
            name: value
            for name, value in doc.items()
            if self.schema.field(name).stored and any(fnmatch.fnmatchcase(name, pat) for pat in fl)
        }
        if "score" in fl:
            out["score"] = score
        return out

    def _facets(self, params: dict[str, list[str]], keys: list[str], one: Any) -> dict[str, Any]:
        limit = int(one("facet.limit") or 100)
        mincount = int(one("facet.mincount") or 0)
        by_index = (one("facet.sort") or ("count" if limit > 0 else "index")) == "index"
        fields: dict[str, list[Any]] = {}
        for name in params.get("facet.field", []):
            counts: dict[Any, int] = {}
            if mincount == 0:  # Solr lists every indexed term, with zeros
                for doc in self.indexed.values():
                    for value in set(doc.get(name, [])):
                        counts.setdefault(value, 0)
            for key in keys:
                for value in set(self.indexed[key].get(name, [])):
                    counts[value] = counts.get(value, 0) + 1
            items = [(v, c) for v, c in counts.items() if c >= mincount]
            items.sort(key=(lambda i: str(i[0])) if by_index else (lambda i: (-i[1], str(i[0]))))
            if limit >= 0:
                items = items[:limit]
            fields[name] = [x for item in items for x in item]
        return {
            "facet_queries": {},
            "facet_fields": fields,
            "facet_ranges": {},
            "facet_intervals": {},
            "facet_heatmaps": {},
        }


# ------------------------------------------------------------------------- updates


def apply_update(index: Index, body: bytes, content_type: str) -> None:
    text = body.decode("utf-8").strip()
    if not text:
        return
    if "json" in content_type or text[0] in "[{":
        payload = json.loads(text)
        if isinstance(payload, list):
            index.add(payload)
            return
        commands = {"add", "delete", "commit", "optimize"}
        if not set(payload) <= commands:
            index.add([payload])
            return
        if "add" in payload:
            adds = payload["add"] if isinstance(payload["add"], list) else [payload["add"]]
            index.add([a["doc"] for a in adds])
        if "delete" in payload:
            dels = payload["delete"] if isinstance(payload["delete"], list) else [payload["delete"]]
            for d in dels:
                if isinstance(d, dict) and "query" in d:
                    index.delete_query(d["query"])
                else:
                    index.delete_ids([str(d["id"] if isinstance(d, dict) else d)])
        return
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        raise SolrError(f"Unexpected XML in update request: {err}") from None
    if root.tag == "add":
        docs = []
        for doc_el in root.findall("doc"):
            doc: dict[str, Any] = {}
            for f in doc_el.findall("field"):
                doc.setdefault(f.get("name", ""), []).append(f.text or "")
            docs.append({k: v[0] if len(v) == 1 else v for k, v in doc.items()})
        index.add(docs)
    elif root.tag == "delete":
        index.delete_ids([el.text or "" for el in root.findall("id")])
        for el in root.findall("query"):
            index.delete_query(el.text or "")
    elif root.tag not in ("commit", "optimize", "rollback"):
        raise SolrError(f"Unexpected update command <{root.tag}>")


# --------------------------------------------------------------------- HTTP server


class Handler(BaseHTTPRequestHandler):
    server_version = "SolrStandIn/1"
    protocol_version = "HTTP/1.1"  # every answer has a Content-Length
    server: StandInServer

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        self._send(status, json.dumps(payload).encode("utf-8"), "application/json;charset=utf-8")

    def _error(self, status: int, msg: str) -> None:
        self._json(
            status, {"responseHeader": {"status": status, "QTime": 0}, "error": {"msg": msg, "code": status}}
        )

    def do_GET(self) -> None:
        self._handle(b"")

    def do_POST(self) -> None:
        self._handle(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def _handle(self, body: bytes) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        prefix = f"/solr/{self.server.core}"
        path = url.path.rstrip("/")
        if not path.startswith(prefix):
            return self._error(404, f"no such core or path: {url.path}")
        action = path[len(prefix) :]
        ctype = self.headers.get("Content-Type", "")
        index = self.server.index
        try:
            if action == "/select":
                if body and "x-www-form-urlencoded" in ctype:
                    for k, v in urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True).items():
                        params.setdefault(k, []).extend(v)
                return self._json(200, index.select(params))
            if action == "/update":
                apply_update(index, body, ctype)
                return self._json(200, {"responseHeader": {"status": 0, "QTime": 0}})
            if action == "/admin/ping":
                return self._json(200, {"responseHeader": {"status": 0, "QTime": 0}, "status": "OK"})
            if (action == "/schema" and params.get("wt") == ["schema.xml"]) or (
                action == "/admin/file" and params.get("file") == ["schema.xml"]
            ):
                return self._send(200, index.schema.xml_text.encode("utf-8"), "application/xml;charset=utf-8")
            if action == "/schema":
                return self._json(
                    200, {"schema": {"name": index.schema.name, "uniqueKey": index.schema.unique_key}}
                )
            return self._error(404, f"the Solr stand-in does not serve {url.path}")
        except (SolrError, ValueError, KeyError) as err:
            return self._error(400, str(err))
        except Exception as err:  # a bug here: say so, as Solr answers 500, and keep serving
            traceback.print_exc()
            return self._error(500, f"Solr stand-in failed: {err!r}")

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], index: Index, core: str = "ckan", quiet: bool = False
    ) -> None:
        super().__init__(address, Handler)
        self.index, self.core, self.quiet = index, core, quiet


def make_server(
    host: str,
    port: int,
    schema_path: Path,
    core: str = "ckan",
    data_path: Path | None = None,
    quiet: bool = False,
) -> StandInServer:
    """A server ready for ``serve_forever()``; port 0 picks a free port."""
    schema = Schema(Path(schema_path).read_text("utf-8"))
    return StandInServer((host, port), Index(schema, data_path), core, quiet)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=58983)
    parser.add_argument("--core", default="ckan")
    parser.add_argument("--schema", type=Path, required=True, help="CKAN's ckan/config/solr/schema.xml")
    parser.add_argument("--data", type=Path, help="JSON file that keeps the documents")
    args = parser.parse_args(argv)
    server = make_server(args.host, args.port, args.schema, args.core, args.data)
    print(
        f"Solr stand-in (test infrastructure) serving /solr/{args.core} on "
        f"http://{args.host}:{server.server_address[1]}",
        file=sys.stderr,
        flush=True,
    )
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
