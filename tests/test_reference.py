"""The vendored references (tests/reference/) are complete, unchanged and usable: the DCAT tests lean on them."""

from __future__ import annotations

import hashlib
import json
import re

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from tests.helpers import DCAT_AP, DCAT_AP_SE_BUNDLE, DCAT_AP_SE_EXAMPLES, REFERENCE, REPO


def test_every_vendored_file_matches_the_checksum_in_the_readme() -> None:
    readme = (REFERENCE / "README.md").read_text(encoding="utf-8")
    listed = dict((path, digest) for digest, path in re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, re.M))
    present = {
        str(p.relative_to(REFERENCE)) for p in REFERENCE.rglob("*") if p.is_file() and p.name != "README.md"
    }
    assert listed and set(listed) == present
    for path, digest in listed.items():
        assert hashlib.sha256((REFERENCE / path).read_bytes()).hexdigest() == digest, path


def test_readme_names_source_version_and_licence_of_each_folder() -> None:
    readme = (REFERENCE / "README.md").read_text(encoding="utf-8")
    for folder in ("dcat-ap-3.0.1/", "dcat-ap-se/"):
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{folder}`"))
        assert "github" in row.lower() and "3.0.1" in row
        assert "licen" in row.lower()


def test_the_shapes_tell_a_conforming_example_from_a_broken_one() -> None:
    shapes = Graph().parse(DCAT_AP / "shapes.ttl", format="turtle")
    example = Graph().parse(DCAT_AP_SE_EXAMPLES / "exempel_obligatoriskt.ttl", format="turtle")
    assert validate(example, shacl_graph=shapes, inference="none")[0]
    broken = Graph()
    for triple in example:
        if triple[1] != DCTERMS.title or triple[0] != URIRef("https://example.com/dataset1"):
            broken.add(triple)
    assert len(broken) == len(example) - 1
    assert not validate(broken, shacl_graph=shapes, inference="none")[0]


def test_the_bundle_is_the_dcat_ap_se_specification() -> None:
    templates = json.loads(DCAT_AP_SE_BUNDLE.read_text(encoding="utf-8"))["templates"]
    properties = {t.get("property") for t in templates}
    assert {"dcterms:title", "dcterms:publisher", "dcat:distribution"} <= properties


def test_no_test_or_script_reads_outside_the_repository() -> None:
    """The suite is self-contained: nothing in tests/ or scripts/ points at ../shared or a parent folder."""
    offenders = []
    for path in [*(REPO / "tests").rglob("*.py"), *(REPO / "scripts").iterdir()]:
        if not path.is_file() or path.name == "test_reference.py":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if re.search(r"""["']shared["']|\.\./shared|parents\[2\]|REPO\.parent|ROOT\.parent""", text):
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
