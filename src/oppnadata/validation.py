"""``oppnadata validate``: the dialect gate, Table Schema semantics, domain rules and the privacy gate.

The result is a :class:`Report`; nothing here raises for bad data. A :class:`DescriptorError` means the
package itself could not be read (exit 2).
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import domain, privacy  # noqa: F401 - importing registers their rules
from .checks import RULES, Context, Rule, run_rules
from .descriptor import PackageSpec, load_package
from .dialect import MAX_LINE_BYTES, check_dialect, unique_labels
from .report import ProgressCallback, Report
from .tableschema import check_table_schema


def read_table(path: Path) -> pd.DataFrame:
    """A canonical CSV as strings: no type guessing, no NA conversion (the schema decides types).

    Every record keeps its place, so row numbers agree with frictionless's: ragged rows are padded or cut
    to the header (the Table Schema check reports them), blank rows stay as empty rows.
    """
    # The dialect gate caps lines at MAX_LINE_BYTES; the csv module's own default (128 KiB) is lower.
    csv.field_size_limit(max(csv.field_size_limit(), 4 * MAX_LINE_BYTES))
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        width = len(header)
        rows = [(row + [""] * (width - len(row)))[:width] for row in reader]
    columns = unique_labels(header)
    return (
        pd.DataFrame(rows, columns=columns, dtype=object)
        if rows
        else pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    )


def validate_package(
    package: PackageSpec,
    *,
    rules: Iterable[Rule] | None = None,
    engine: str = "stream",
    progress: ProgressCallback | None = None,
) -> Report:
    """Check every resource of ``package`` and return the findings.

    ``engine="stream"`` (the default) streams the tables through :mod:`oppnadata.engine`;
    ``engine="frictionless"`` is the reference: frictionless-py, then the rules on whole tables.
    """
    if engine == "stream":
        from .engine import validate_stream  # lazy: pyarrow

        return validate_stream(package, rules=rules, progress=progress)
    if engine != "frictionless":
        raise ValueError(f"unknown validation engine {engine!r} (stream or frictionless)")
    report = Report()
    readable: set[str] = set()
    for name, resource in package.resources.items():
        problems = check_dialect(resource)
        report.extend(problems)
        if not problems:
            readable.add(name)
    report.checks.append("dialect")

    report.extend(check_table_schema(package, readable))
    report.checks.append("table-schema")

    tables: dict[str, pd.DataFrame] = {}
    for name in sorted(readable):
        frame = read_table(package.resources[name].path)
        tables[name] = frame
        report.rows[name] = len(frame)
    ctx = Context(package=package, tables=tables)
    chosen = list(RULES if rules is None else rules)
    report.extend(run_rules(ctx, chosen))
    report.checks.extend(r.id for r in chosen)
    return report


def validate(
    path: Path,
    engine: str = "stream",
    progress: ProgressCallback | None = None,
    *,
    remember: bool = False,
) -> Report:
    """Load the package at ``path`` (a datapackage.json or its folder) and validate it. A release (its
    folder, its datapackage.json or its zip) also checks itself: see :mod:`oppnadata.releasecheck`.

    ``progress(table, rows done, findings so far)`` is called while the streaming engine reads; the
    library never writes progress itself (the command line passes a terminal progress line in).
    ``remember=True`` stores the default validation's verdict under its exact inputs
    (:mod:`oppnadata.verdicts`), for a build of the same bytes to reuse.
    """
    from .releasecheck import is_release, validate_release

    if is_release(path):
        return validate_release(path, functools.partial(validate_package, engine=engine))
    package = load_package(path)
    if not remember or engine != "stream":
        return validate_package(package, engine=engine, progress=progress)
    from .verdicts import Remembering

    memo = Remembering(package)  # hashes the inputs beside the validation
    report = validate_package(package, engine=engine, progress=progress)
    memo.store(report)
    return report
