"""What a conversion holds while it runs: the source rows, the converted tables and findings, and the view of the
converter that the column and dependent-table helpers (``columns``, ``dependents``) work through."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..report import Finding, Severity
from .mapping import FieldSpec, Lookup, Mapping
from .reading import Cell, SourceTable
from .values import Canonical, NumberFormat


@dataclass
class Converted:
    tables: dict[str, list[Canonical]] = field(default_factory=lambda: defaultdict(list))
    findings: list[Finding] = field(default_factory=list)
    redactions: Counter[str] = field(default_factory=Counter)
    numbers: NumberFormat | None = None
    source_rows: int = 0
    skipped_rows: int = 0


class Row:
    """One source row: its cells by column name, its spreadsheet row number and the case it belongs to."""

    def __init__(
        self, cells: dict[str, Cell], number: int, index: int = 0, origin: SideOrigin | None = None
    ) -> None:
        self.cells = cells
        self.number = number
        self.index = index  # its place among the source's rows
        self.key: str | None = None
        self.origin = origin  # a row of a sheet read on its own (not the main sheet)


@dataclass(frozen=True)
class SideOrigin:
    """Where a row of a sheet read on its own lives: the sheet's label, and its columns' positions and
    headers by the mapping's names."""

    label: str
    positions: dict[str, int]
    headers: dict[str, str]


class ConversionState(Protocol):
    """What ``columns`` and ``dependents`` read and call of the converter (``convert.Converter`` is one)."""

    source: SourceTable
    mapping: Mapping
    labels: list[str]
    index: dict[str, int]
    existing: dict[str, dict[str, dict[str, str]]]
    out: Converted
    financiers: dict[str, list[Row]] | None

    def finding(
        self,
        code: str,
        severity: Severity,
        *,
        row: Row | None = None,
        column: str | None = None,
        value: Any = None,
        target: str = "beslut",
        rule: str | None = None,
        **params: Any,
    ) -> None: ...

    def table_of(self, spec: FieldSpec) -> str: ...

    def required(self, spec: FieldSpec) -> bool: ...

    def resolve(self, lookup: Lookup, text: str) -> str | None: ...

    def scrub(
        self, text: str, row: Row, column: str | None, target: str, field: str | None = None
    ) -> str: ...

    def reported(self, row: Row, column: str | None) -> bool: ...

    def _orgnr(self, text: str, row: Row, column: str | None, values: dict[str, str]) -> str: ...
