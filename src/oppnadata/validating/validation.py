"""``oppnadata validate``: the dialect gate, Table Schema semantics, domain rules and the privacy gate.

The result is a :class:`Report`; nothing here raises for bad data. A :class:`DescriptorError` means the
package itself could not be read (exit 2).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..descriptor import PackageSpec, load_package
from ..report import ProgressCallback, Report
from .checks import Rule
from .dialect import csv_field_limit, unique_labels

if TYPE_CHECKING:
    import pandas as pd


def read_table(path: Path) -> pd.DataFrame:
    """A canonical CSV as strings: no type guessing, no NA conversion (the schema decides types).

    Every record keeps its place, so row numbers agree with frictionless's: ragged rows are padded or cut
    to the header (the Table Schema check reports them), blank rows stay as empty rows.
    """
    import pandas as pd

    with csv_field_limit(), path.open(encoding="utf-8", newline="") as handle:
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
    progress: ProgressCallback | None = None,
) -> Report:
    """Check every resource of ``package`` and return the findings: the streaming engine
    (:mod:`oppnadata.validating.engine`), the one validation path. frictionless-py is its test oracle
    (``tests/conformance``), not a second engine."""
    from .engine import validate_stream  # lazy: pyarrow

    return validate_stream(package, rules=rules, progress=progress)


def validate(
    path: Path,
    progress: ProgressCallback | None = None,
    *,
    remember: bool = False,
) -> Report:
    """Load the package at ``path`` (a datapackage.json or its folder) and validate it. A release (its
    folder, its datapackage.json or its zip) also checks itself: see :mod:`oppnadata.releasing.releasecheck`.

    ``progress(table, rows done, findings so far)`` is called while the streaming engine reads; the
    library never writes progress itself (the command line passes a terminal progress line in).
    ``remember=True`` stores the default validation's verdict under its exact inputs
    (:mod:`oppnadata.validating.verdicts`), for a build of the same bytes to reuse.
    """
    from ..releasing.releasecheck import is_release, validate_release

    if is_release(path):
        return validate_release(path, validate_package)
    package = load_package(path)
    if not remember:
        return validate_package(package, progress=progress)
    from .verdicts import Remembering

    memo = Remembering(package)  # hashes the inputs beside the validation
    report = validate_package(package, progress=progress)
    memo.store(report)
    return report
