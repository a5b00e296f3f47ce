"""What a rule declared ``arrow=True`` (``checks.Rule``) calls: its columns are pyarrow string arrays,
its masks pyarrow (or numpy) booleans, and its findings come from :func:`findings_at`, the counterpart of
``checks.findings_where``. Nothing here imports pandas."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..report import Finding, Severity
from .checks import RECORD_KEY, Context

# The characters Python's str.isspace() accepts, as an RE2 character-class body (tested).
PY_SPACE = (
    r"\t\n\v\f\r \x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
)


def findings_at(
    ctx: Context,
    table: str,
    mask: Any,
    *,
    code: str,
    severity: Severity,
    field: str | None,
    check: str,
    value: Callable[[int], Any] | None = None,
    params: Callable[[int], dict[str, Any]] | None = None,
    rule_id: str | None = None,
) -> Iterator[Finding]:
    """:func:`findings_where` for a rule on arrow: one finding per row where ``mask`` (a pyarrow or
    numpy boolean array over the context's table; null is false) holds. ``value``/``params`` get the
    row's position in the context's table; its row number comes from ``Context.positions``."""
    import numpy as np

    if hasattr(mask, "to_numpy"):
        import pyarrow.compute as pc

        mask = pc.fill_null(mask, False).to_numpy(zero_copy_only=False)
    hits = np.flatnonzero(np.asarray(mask, dtype=bool))
    if not len(hits):
        return
    frame = ctx.tables[table]
    spec = ctx.spec(table)
    names = spec.field_names
    header = ctx.header(table)
    column = (
        header.index(field) + 1 if field in header else (names.index(field) + 1 if field in names else None)
    )
    if value is None and field in header and field not in frame.column_names:
        raise ctx.undeclared(table, field)  # the finding would show no value

    def cells(name: str | None) -> list[Any] | None:
        return frame.column(name).take(hits).to_pylist() if name in frame.column_names else None

    keys, shown = cells(RECORD_KEY), None if value else cells(field)
    at = ctx.positions.get(table)
    first = ctx.first_row.get(table, 2)
    for n, position in enumerate(hits.tolist()):
        cell = value(position) if value else (None if shown is None else shown[n])
        yield Finding(
            code=code,
            severity=severity,
            resource=table,
            path=spec.relpath,
            row=first + int(position if at is None else at[position]),
            field=field,
            column=column,
            key=None if keys is None else str(keys[n]) or None,
            value=None if cell is None else str(cell),
            rule=rule_id,
            check=check,
            params={k: str(v) for k, v in (params(position) if params else {}).items()},
        )


def distinct_values(column: Any) -> list[str]:
    """The distinct non-empty strings of a pyarrow string column, in the order they first appear."""
    import pyarrow.compute as pc

    return [v for v in pc.unique(column).to_pylist() if v]


def where_in(column: Any, values: Iterable[str]) -> Any:
    """Which cells of a pyarrow string column are among ``values``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.is_in(column, value_set=pa.array(list(values), pa.string()))


def blanks(column: Any) -> int:
    """How many cells of a pyarrow string column are empty."""
    import pyarrow.compute as pc

    return int(pc.sum(pc.equal(column, ""), min_count=0).as_py())
