#!/usr/bin/env python3
"""Measure the person-name detector (POLICY.md P4): false positives and recall, by hand:

    .venv/bin/python scripts/measure_person_names.py              # the repository's package
    .venv/bin/python scripts/measure_person_names.py PATH/TO/PACKAGE

Prints
- for the package's free text (every string column privacy-free-text scans for names): cells, distinct
  values, cells the engine's prefilter passes, and the names found — in the example data every hit is a
  false positive, since the generator writes no names (the names found are printed masked);
- for ``tests/fixtures/names/platser_och_organisationer.txt``: the places and organisations, each alone
  and in three sentences, taken for a person (false-positive rate);
- for ``tests/fixtures/names/meningar.tsv``: the names found, per group (recall), and the misses masked;
- the time and memory it takes to load the name list, and the detector's time per text.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oppnadata.validating import personnames, privacy  # noqa: E402
from oppnadata.validating.privacy import FREE_TEXT_OR_NAME  # noqa: E402
from tests.test_person_names import PLACE_SENTENCES, places, sentences  # noqa: E402


def package_text(root: Path) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    cells = candidates = 0
    distinct: set[str] = set()
    hits = []
    for schema_path in sorted((root / "schemas").glob("*.yaml")):
        table = schema_path.stem
        data = root / "datasets" / f"{table}.csv"
        if not data.exists():
            continue
        schema = yaml.safe_load(schema_path.read_text(encoding="utf-8"))
        columns = [f["name"] for f in schema["fields"] if f.get("type", "string") in ("string", "any")
                   and not f["name"].endswith("organisationsnummer") and privacy.scans_names(f["name"])]  # fmt: skip
        with data.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for column in columns:
            values = [r[column] for r in rows if r.get(column)]
            cells += len(values)
            distinct.update(values)
            matched = pc.match_substring_regex(pa.array(values, pa.string()), FREE_TEXT_OR_NAME)
            candidates += sum(bool(m) for m in matched.to_pylist())
            for value in values:
                hits += [
                    (table, column, personnames.mask_name(h)) for h in personnames.find_person_names(value)
                ]
    print(f"package {root}: {cells} free-text cells ({len(distinct)} distinct), {candidates} pass the "
          f"prefilter, {len(hits)} names found")  # fmt: skip
    for hit in hits[:20]:
        print("   ", *hit)


def place_names() -> None:
    items = places()
    texts = [t.format(x=x) for x in items for t in PLACE_SENTENCES]
    wrong = [t for t in texts if personnames.find_person_names(t)]
    print(f"places and organisations: {len(items)} names, {len(texts)} texts, {len(wrong)} taken for a person "
          f"({len(wrong) / len(texts):.1%})")  # fmt: skip
    for text in wrong[:20]:
        print("   ", text)


def recall() -> None:
    total: Counter[str] = Counter()
    found: Counter[str] = Counter()
    misses = []
    for row in sentences():
        hits = personnames.find_person_names(row["mening"])
        for name in row["namn"].split("|"):
            total[row["grupp"]] += 1
            if name in hits:
                found[row["grupp"]] += 1
            else:
                misses.append((row["grupp"], personnames.mask_name(name)))
    for group in total:
        print(f"recall {group}: {found[group]}/{total[group]} = {found[group] / total[group]:.1%}")
    all_found, all_total = sum(found.values()), sum(total.values())
    print(f"recall all: {all_found}/{all_total} = {all_found / all_total:.1%}")


def cost() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()
    personnames.known_names()
    personnames.common_first()
    load = time.process_time() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    text = "Projektledare Anna Svensson samordnar arbetet med kommunerna och Region Jämtland Härjedalen."
    start = time.process_time()
    for _ in range(10_000):
        personnames.find_person_names(text)
    per_text = (time.process_time() - start) / 10_000
    print(
        f"name list: load {load * 1000:.0f} ms CPU, peak RSS +{grown:.0f} MB; detector {per_text * 1e6:.0f} µs per text"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", nargs="?", type=Path, default=ROOT)
    args = parser.parse_args()
    cost()
    package_text(args.package)
    place_names()
    recall()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
