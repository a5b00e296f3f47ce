"""DIGG's DCAT-AP-SE check, test side: the DCAT-AP-SE 3.0.1 RDForms bundle read and applied to a graph the way
RDForms' validator does it (``graphReport`` in rdforms ``src/model/validate.js`` and the matching in
``src/model/engine.js``), which is what dataportal.se's validator runs.

What is modelled, as RDForms does it:

- Every resource typed with a class of ``TYPE2TEMPLATE`` is checked against that class's template (a resource with
  two such types is checked twice, once per type, as ``graphReport`` does).
- Matching: a strict pass, then a *fuzzy* pass that also binds values of the wrong node type, pattern or value
  (then marked ``nodetype``, ``pattern``, ``value``, ``constraints``). Each triple is bound to at most one item
  (RDForms' "dibbs"), in the order the template lists its items.
- Choices: a value outside a fixed list of choices is a ``value`` error; a choice without fixed choices (looked up
  in the graph or a remote vocabulary) accepts any value of the right node type.
- Cardinality per item with a property: below ``min`` an error (``min``), below ``pref`` a warning (``pref``), above
  ``max`` an error (``many``). A layout group without a property (e.g. the format alternatives, ``disjoint``) is an
  error only when more than one alternative holds a value (``atmostonechild``) — *and*, stricter than RDForms
  (whose report skips items without a property), below its ``min`` (``min``): the bundle says the format is
  mandatory, so its absence is reported.
- Items that are ``deprecated`` or depend on another value (``deps``, e.g. the high-value-dataset category) are not
  checked; an issue inside a nested resource that is itself checked is reported with that resource only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

NS = {
    "adms": "http://www.w3.org/ns/adms#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcatap": "http://data.europa.eu/r5r/",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "geodcat": "http://data.europa.eu/930/",
    "locn": "http://www.w3.org/ns/locn#",
    "odrs": "http://schema.theodi.org/odrs#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "vc": "http://www.w3.org/2006/vcard/ns#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# The classes dataportal.se's validator checks, each with its template in the bundle.
TYPE2TEMPLATE = {
    "dcat:Catalog": "dcat:Catalog",
    "dcat:Dataset": "dcat:Dataset",
    "dcat:DatasetSeries": "dcat:DatasetSeries",
    "dcat:Distribution": "dcat:Distribution",
    "dcat:DataService": "dcat:DataService",
    "vcard:Organization": "dcat:contactPoint",
    "vcard:Individual": "dcat:contactPoint",
    "vcard:Kind": "dcat:contactPoint",
    "foaf:Agent": "dcat:foaf:Agent",
    "foaf:Person": "dcat:foaf:Agent",
    "foaf:Organization": "dcat:foaf:Agent",
    "dcterms:LicenseDocument": "dcterms:LicenseDocument",
    "dcterms:Standard": "dcterms:Standard",
    "foaf:Document": "foaf:Document",
}
MANDATORY_TYPES = ("dcat:Catalog", "dcat:Dataset")
LABELS = [URIRef(NS[p] + n) for p, n in (("rdfs", "label"), ("skos", "prefLabel"), ("dcterms", "title"),
                                          ("foaf", "name"), ("vcard", "fn"))]  # fmt: skip


def expand(name: str) -> str:
    prefix, sep, local = name.partition(":")
    if sep and prefix in NS and not local.startswith("//"):
        return NS[prefix] + local
    return name


@dataclass(frozen=True)
class Issue:
    resource: str
    type: str
    template: str
    path: str  # the item's template id (and its property)
    code: str  # min, pref, many, value, nodetype, pattern, datatype, constraints, atmostonechild


@dataclass
class Report:
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    missing_types: list[str] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return len(self.errors) + len(self.missing_types)

    def summary(self) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        for issue in self.errors:
            counts[(issue.path, issue.code)] = counts.get((issue.path, issue.code), 0) + 1
        return dict(sorted(counts.items()))


class Bundle:
    """The templates of an RDForms bundle, with ``extends`` resolved."""

    def __init__(self, path: Path) -> None:
        self.templates: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["templates"]
        self.by_id = {t["id"]: t for t in self.templates if "id" in t}

    def resolve(self, item: Any) -> dict[str, Any]:
        t = self.by_id[item] if isinstance(item, str) else item
        if "extends" in t and t["extends"] in self.by_id:
            return {**self.resolve(t["extends"]), **{k: v for k, v in t.items() if k != "extends"}}
        return dict(t)

    def children(self, item: dict[str, Any]) -> list[dict[str, Any]]:
        return [self.resolve(i) for i in item.get("items", [])]


class _Binding:
    def __init__(
        self, item: dict[str, Any], parent: _Binding | None, root: Any, value: Any, code: str = "correct"
    ):
        self.item, self.parent, self.root, self.value, self.code = item, parent, root, value, code
        self.children: dict[int, list[_Binding]] = {}

    @property
    def is_group(self) -> bool:
        return self.item.get("type") == "group"

    def valid(self) -> bool:
        if self.is_group:
            if self.item.get("property") is None:
                return any(b.valid() for bs in self.children.values() for b in bs)
            return self.value is not None
        return self.value is not None and str(self.value) != ""


class _Matcher:
    def __init__(self, bundle: Bundle, graph: Graph) -> None:
        self.bundle, self.g = bundle, graph
        self.dibbs: set[tuple[Any, Any, Any]] = set()
        self.fuzzy = False

    def match(self, resource: Any, template: dict[str, Any]) -> _Binding:
        root = _Binding(template, None, resource, resource)
        self._children(root)
        self.fuzzy = True
        self._children(root)
        self.fuzzy = False
        return root

    def _children(self, pb: _Binding) -> None:
        if self.fuzzy:
            for bs in list(pb.children.values()):
                for b in bs:
                    if b.is_group:
                        self._children(b)
        for index, item in enumerate(self.bundle.children(pb.item)):
            if self.fuzzy and item.get("property") is None:
                continue
            self._item(pb, index, item)

    def _add(self, pb: _Binding, index: int, binding: _Binding) -> None:
        pb.children.setdefault(index, []).append(binding)

    def _item(self, pb: _Binding, index: int, item: dict[str, Any]) -> None:
        kind, prop = item.get("type"), item.get("property")
        if kind == "group" and prop is None:
            if index not in pb.children:
                layout = _Binding(item, pb, pb.root, None)
                self._add(pb, index, layout)
                self._children(layout)
            return
        if prop is None or kind not in ("group", "text", "choice"):
            return
        predicate = URIRef(expand(prop))
        for obj in sorted(self.g.objects(pb.root, predicate), key=str):
            triple = (pb.root, predicate, obj)
            if triple in self.dibbs:
                continue
            nt, dt, pm = _nodetype_ok(item, obj), _datatype_ok(item, obj), _pattern_ok(item, obj)
            if kind == "group":
                if not ((pm and nt) or self.fuzzy):
                    continue
                constraints = self._constraints(obj, item)
                if constraints is None and not self.fuzzy:
                    continue
                code = "correct" if nt else "nodetype"
                if not pm:
                    code = "pattern"
                elif constraints is None:
                    code = "constraints"
                self.dibbs.add(triple)
                group = _Binding(item, pb, obj, obj, code)
                self._add(pb, index, group)
                if code == "correct":
                    self._children(group)
            elif kind == "text":
                if not pm or not ((nt and dt) or self.fuzzy):
                    continue
                self.dibbs.add(triple)
                code = "correct" if nt else "nodetype"
                if not dt:
                    code = "datatype"
                self._add(pb, index, _Binding(item, pb, pb.root, obj, code))
            else:
                if not ((nt and dt and pm) or self.fuzzy):
                    continue
                mismatch = self._choice(item, obj)
                if mismatch is None:
                    continue
                self.dibbs.add(triple)
                code = "correct" if nt else "nodetype"
                if not dt:
                    code = "datatype"
                elif not pm:
                    code = "pattern"
                elif mismatch:
                    code = "value"
                self._add(pb, index, _Binding(item, pb, pb.root, obj, code))

    def _choice(self, item: dict[str, Any], obj: Any) -> bool | None:
        """None: no choice found (not bound); False: a known choice; True: a value outside the fixed list."""
        choices = item.get("choices")
        if choices:
            if any(expand(str(c.get("value"))) == str(obj) for c in choices):
                return False
            strict = "strictmatch" in [s.lower() for s in item.get("styles", [])]
            return True if (not strict or self.fuzzy) else None
        # choices looked up elsewhere (the graph, a vocabulary): any value is accepted, labelled or not
        if any(True for p in LABELS for _ in self.g.objects(obj, p)):
            return False
        return False if self.fuzzy else None

    def _constraints(self, node: Any, item: dict[str, Any]) -> list[Any] | None:
        found: list[Any] = []
        for key, wanted in (item.get("constraints") or {}).items():
            predicate = URIRef(expand(key))
            values = wanted if isinstance(wanted, list) else [wanted]
            hits = [v for v in values if (node, predicate, URIRef(expand(v))) in self.g]
            if not hits:
                return None
            found.extend(hits)
        return found


def _nodetype_ok(item: dict[str, Any], obj: Any) -> bool:
    nodetype = item.get("nodetype") or item.get("nodeType")
    if nodetype is None and item.get("type") == "group":
        nodetype = "RESOURCE"
    if nodetype in ("LITERAL", "ONLY_LITERAL", "PLAIN_LITERAL", "LANGUAGE_LITERAL", "DATATYPE_LITERAL"):
        return isinstance(obj, Literal)
    if nodetype == "RESOURCE":
        return isinstance(obj, URIRef | BNode)
    if nodetype == "URI":
        return isinstance(obj, URIRef)
    if nodetype == "BLANK":
        return isinstance(obj, BNode)
    return False


def _datatype_ok(item: dict[str, Any], obj: Any) -> bool:
    wanted = item.get("datatype") if item.get("nodetype") == "DATATYPE_LITERAL" else None
    if not wanted:
        return True
    wanted = [expand(w) for w in (wanted if isinstance(wanted, list) else [wanted])]
    return isinstance(obj, Literal) and str(obj.datatype) in wanted


def _pattern_ok(item: dict[str, Any], obj: Any) -> bool:
    pattern = item.get("pattern")
    if pattern is None:
        return True
    value = str(obj)
    template = item.get("valueTemplate")
    if template and "$1" in template:
        gist = re.fullmatch(re.escape(template).replace(re.escape("$1"), "(.*)"), value)
        value = gist.group(1) if gist else value
    try:
        return re.fullmatch(f"^{pattern}$", value) is not None
    except re.error:
        return True


def _label(item: dict[str, Any]) -> str:
    name = item.get("id") or "?"
    return f"{name} ({item['property']})" if item.get("property") else name


class _Reporter:
    def __init__(self, bundle: Bundle, resource: Any, others: set[Any]) -> None:
        self.bundle, self.resource, self.others = bundle, resource, others
        self.errors: list[tuple[_Binding, str, str]] = []
        self.warnings: list[tuple[_Binding, str, str]] = []

    def report(self, gb: _Binding, first: bool = False) -> None:
        if gb.code != "correct":
            return
        item = gb.item
        if not (first or gb.valid() or item.get("property") is None):
            return
        styles = [s.lower() for s in item.get("styles", [])]
        items = self.bundle.children(item)
        if "disjoint" in styles or "atmostonechild" in styles:
            valid = sum(1 for bs in gb.children.values() for b in bs if b.valid())
            if valid > 1:
                gb.code = "atmostonechild"
                self.errors.append((gb, _label(item), "atmostonechild"))
        else:
            for index, child in enumerate(items):
                if _skipped(child):
                    continue
                bindings = gb.children.get(index, [])
                valid = sum(1 for b in bindings if b.valid())
                card = child.get("cardinality") or {}
                if child.get("property") is None:
                    if child.get("type") == "group" and card.get("min", 0) > valid:
                        self.errors.append((gb, _label(child), "min"))
                    continue
                if card.get("min") is not None and card["min"] > valid:
                    self.errors.append((gb, _label(child), "min"))
                elif card.get("pref") is not None and card["pref"] > valid:
                    self.warnings.append((gb, _label(child), "pref"))
                if card.get("max") is not None and card["max"] < valid:
                    self.errors.append((gb, _label(child), "many"))
        for _index, bindings in sorted(gb.children.items()):
            for b in bindings:
                if b.code != "correct":
                    self.errors.append((b, _label(b.item), b.code))
                if not _skipped(b.item) and b.is_group:
                    self.report(b)

    def included(self, binding: _Binding) -> bool:
        b: _Binding | None = binding
        while b is not None:
            root = b.value if b.is_group and b.item.get("property") is not None else b.root
            if root == self.resource:
                return True
            if root in self.others:
                return False
            b = b.parent
        return True


def _skipped(item: dict[str, Any]) -> bool:
    return bool(item.get("deps")) or "deprecated" in [s.lower() for s in item.get("styles", [])]


def validate(graph: Graph, bundle: Bundle) -> Report:
    """The report dataportal.se's validator would give for ``graph``: errors and warnings per resource."""
    report = Report()
    found: dict[str, list[Any]] = {}
    for cls in TYPE2TEMPLATE:
        found[cls] = sorted(set(graph.subjects(RDF.type, URIRef(expand(cls)))), key=str)
    every = {r for rs in found.values() for r in rs}
    for cls, resources in found.items():
        template = bundle.resolve(TYPE2TEMPLATE[cls])
        for resource in resources:
            root = _Matcher(bundle, graph).match(resource, template)
            reporter = _Reporter(bundle, resource, every - {resource})
            reporter.report(root, first=True)
            for target, issues in ((report.errors, reporter.errors), (report.warnings, reporter.warnings)):
                for binding, path, code in issues:
                    if reporter.included(binding):
                        target.append(Issue(str(resource), cls, TYPE2TEMPLATE[cls], path, code))
    report.missing_types = [cls for cls in MANDATORY_TYPES if not found[cls]]
    return report


if __name__ == "__main__":  # python tests/digg_validator.py FEED.rdf BUNDLE.json
    import sys

    feed = Graph().parse(sys.argv[1])
    result = validate(feed, Bundle(Path(sys.argv[2])))
    print(f"{result.error_count} errors, {len(result.warnings)} warnings")
    for (path, code), n in result.summary().items():
        print(f"  {n:4} × {code:15} {path}")
    for (path, code), n in sorted(
        {
            (w.path, w.code): sum(1 for x in result.warnings if x.path == w.path) for w in result.warnings
        }.items()
    ):
        print(f"  warning {n:4} × {code:6} {path}")
