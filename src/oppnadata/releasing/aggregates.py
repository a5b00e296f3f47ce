"""Derived resources of a release: totals, results-report aggregates and the state-aid transparency list.

Input is the package's tables as all-string frames (``validation.read_table``), output is one
:class:`DerivedTable` per derived resource, each with its own Table Schema and a frame of canonical strings.
Everything is computed with exact integer / fraction arithmetic and sorted, so the same input gives the same
bytes. Tables may be missing (a partial package): a derived table is left out when its sources are.

Each derived table is a module of :mod:`.derived`; this one lists them in the release's order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from ..config import PublicationConfig
from .derived.columns import as_arrow
from .derived.results import ASSESSMENTS, DIMENSIONS, RESULTS, results
from .derived.specs import Spec, table_schema
from .derived.splitting import split_amount
from .derived.totals import TOTALS, totals
from .derived.transparency import sek_threshold, transparency, transparency_spec

__all__ = [
    "ASSESSMENTS",
    "DIMENSIONS",
    "RESULTS",
    "TOTALS",
    "DerivedTable",
    "derive",
    "derived_schemas",
    "sek_threshold",
    "split_amount",
]

# How a derived table's rows are computed: from the package's tables (arrow, all strings) and the config.
Rows = Callable[[Mapping[str, pa.Table], PublicationConfig], pd.DataFrame]


@dataclass(frozen=True)
class DerivedTable:
    """One derived resource: its name, Table Schema and canonical string frame (columns in schema order)."""

    name: str
    schema: dict[str, Any]
    frame: pd.DataFrame
    title: str
    title_en: str
    description: str
    description_en: str


def derive(tables: Mapping[str, Any], config: PublicationConfig) -> list[DerivedTable]:
    """Every derived table the given ``tables`` (arrow tables or pandas frames of strings) allow, in a
    fixed order."""
    if "beslut" not in tables:
        return []
    tables = {name: as_arrow(table) for name, table in tables.items()}
    return [_table(spec(config), rows(tables, config)) for spec, rows in _derived_tables()]


def derived_schemas(config: PublicationConfig, tables: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Name → Table Schema of every derived table a package holding ``tables`` gets, without computing a row
    (``oppnadata bump`` compares them with the last release's)."""
    if "beslut" not in tables:
        return {}
    specs = [spec(config) for spec, _ in _derived_tables()]
    return {spec.name: table_schema(spec) for spec in specs}


def _derived_tables() -> tuple[tuple[Callable[[PublicationConfig], Spec], Rows], ...]:
    """Every derived table, in the release's order: its spec (from the config) and how its rows are computed.
    A new derived table is one line here (plus its module in :mod:`.derived`); build and bump read this."""
    return (
        (lambda config: TOTALS, lambda tables, config: totals(tables)),
        (lambda config: RESULTS, lambda tables, config: results(tables)),
        (transparency_spec, transparency),
    )


def _table(spec: Spec, frame: pd.DataFrame) -> DerivedTable:
    columns = [field["name"] for field in spec.fields]
    return DerivedTable(
        name=spec.name,
        schema=table_schema(spec),
        frame=frame[columns].reset_index(drop=True),
        title=spec.title,
        title_en=spec.title_en,
        description=spec.description,
        description_en=spec.description_en,
    )
