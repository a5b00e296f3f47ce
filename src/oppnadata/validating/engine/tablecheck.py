"""Table Schema semantics over a stream of batches, error for error as frictionless-py reports them.

The errors are the engine's own typed records (:class:`SchemaError`: a code, the row, the field, the
value, the constraint and its declared value …), which :func:`.findings.to_finding` turns into findings;
the codes and rows are frictionless-py's (the conformance suite holds them to it). What frictionless
does per row, this does per batch:

- header: extra, missing, blank, duplicated and incorrect labels (by position, labels stripped; by name
  under a ``fieldsMatch`` other than ``exact``);
- cells: missing values, types and constraints (:mod:`.fields`), missing and extra cells, blank rows
  (a blank row replaces the row's other cell errors, as in frictionless);
- keys: ``unique`` fields and the primary key keep one canonical text per row (a pyarrow array, a few
  bytes a row) and report duplicates when the table ends, each against the previous occurrence; a
  primary key whose cells are all missing is reported at once; foreign keys are looked up in the
  referenced table's key set, built while that table streamed (or in a pre-pass reading only the key
  columns when the reference is to itself or runs in a cycle).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ...descriptor import ResourceSpec
from ...descriptor import missing_values as missing_values_of
from .fields import FieldCheck
from .reader import Batch

NULL_PART = "\x00"
SEPARATOR = "\x1f"


@dataclass
class SchemaError:
    """One Table Schema failure, as the engine found it (before it becomes a :class:`Finding`)."""

    code: str  # frictionless's error type (type-error, constraint-error, …) or a finer one of ours
    row: int | None = None  # the record's row number (the header's for a label)
    field: str | None = None  # the field's name; a key's field names joined by ","
    column: int | None = None  # the 1-based position of the cell (a key's first field's)
    value: str | None = None  # the cell as written (a label; a foreign key's typed cells joined)
    constraint: str | None = None  # constraint-error: the constraint that failed
    expected: str | None = None  # … and its value in the schema
    first_row: int | None = None  # unique-error, primary-key: the earlier row with the same key
    reference: str | None = None  # foreign-key: "resource.field,…" looked up
    cells: list[str] | None = None  # the record's cells (its key names the record in the finding)


@dataclass
class ForeignKey:
    fields: list[str]
    positions: list[int]
    resource: str
    reference_fields: list[str]


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def deduplicate(names: list[str]) -> list[str]:
    """frictionless's deduplicate_names: a repeated name gets a number."""
    out: list[str] = []
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    seen: dict[str, int] = {}
    for name in names:
        if counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            out.append(f"{name}{seen[name]}")
        else:
            out.append(name)
    return out


class TableCheck:
    """Checks one resource; feed it :class:`Batch` es, then call :meth:`finish`."""

    def __init__(self, resource: ResourceSpec, schema: dict[str, Any], header: list[str],
                 key_requests: list[list[str]], *, has_header: bool = True,
                 first_row: int = 2) -> None:  # fmt: skip
        self.resource = resource
        self.has_header = has_header  # False: ``header`` holds the field names, not a record of the file
        self.first_row = first_row  # the row number of the first data record
        self.schema = schema
        self.header = header
        self.labels = ["" if c is None else str(c).strip() for c in header]
        fields = list(schema.get("fields", []))
        self.schema_fields = fields
        missing_values = missing_values_of(schema.get("missingValues", [""]))
        # fieldsMatch (Table Schema v2): "exact" pairs labels and fields by position, the other modes
        # by name, and differ only in which mismatches they tolerate (as frictionless's Header).
        self.fields_match = str(schema.get("fieldsMatch") or "exact")
        if self.fields_match == "exact":
            matched = [fields[i] if i < len(fields) else None for i in range(len(self.labels))]
        else:
            by_name: dict[str, dict[str, Any]] = {}
            for f in fields:
                by_name.setdefault(str(f["name"]), f)
            matched = [by_name.get(label) for label in self.labels]
        self.matched = matched
        names = deduplicate(
            [f["name"] if f else label for f, label in zip(matched, self.labels, strict=False)]
        )
        self.names = names
        self.checks = [
            FieldCheck(f if f else {"name": name, "type": "any"}, missing_values, i + 1)
            for i, (f, name) in enumerate(zip(matched, names, strict=False))
        ]
        position = {name: i for i, name in enumerate(names)}
        self.unique = [
            i for i, c in enumerate(self.checks) if (c.descriptor.get("constraints") or {}).get("unique")
        ]
        pk = _as_list(schema.get("primaryKey"))
        self.pk = [position[n] for n in pk] if pk and all(n in position for n in pk) else []
        self.pk_names = pk
        self.foreign_keys: list[ForeignKey] = []
        for fk in schema.get("foreignKeys", []) or []:
            local = _as_list(fk.get("fields"))
            if not all(n in position for n in local):
                continue
            reference = fk.get("reference") or {}
            self.foreign_keys.append(
                ForeignKey(local, [position[n] for n in local], reference.get("resource") or resource.name,
                           _as_list(reference.get("fields")))
            )  # fmt: skip
        # Key texts other tables' foreign keys will look up: requested field lists → collected arrays.
        self.key_requests = [(fields_, [position.get(n) for n in fields_]) for fields_ in key_requests]
        self.collected: dict[tuple[str, ...], list[Any]] = {tuple(f): [] for f, _ in self.key_requests}
        self.unique_keys: dict[int, list[Any]] = {i: [] for i in self.unique}
        self.distinct_keys: dict[int, Any] = {}  # unique field → its distinct keys (after finish)
        self.pk_keys: list[Any] = []
        self.rows = 0
        # Raw cells kept for the findings reported at the end (duplicates): the key columns, and the
        # column whose value names the record in a finding (arende_id, else the primary key's first).
        key_field = "arende_id" if "arende_id" in header else next(iter(pk), None)
        kept = set(self.unique) | set(self.pk)
        if key_field in header:
            kept.add(header.index(key_field))
        self.raw: dict[int, list[Any]] = {i: [] for i in sorted(kept) if i < len(self.checks)}
        self.key_sets: dict[tuple[str, tuple[str, ...]], Any] = {}

    # --- the header -----------------------------------------------------------------------------

    def header_errors(self) -> list[SchemaError]:
        labels, fields = self.labels, self.schema_fields
        if not self.has_header:
            return []
        if not labels:
            return [SchemaError("blank-header", row=1)]
        if self.fields_match != "exact":
            return self._header_errors_by_name()
        errors = [
            SchemaError("extra-label", row=1, column=i + 1, value=label)
            for i, label in enumerate(labels)
            if i >= len(fields)
        ]
        errors += [
            SchemaError("missing-label", row=1, field=f["name"], column=i + 1)
            for i, f in enumerate(fields)
            if i >= len(labels)
        ]
        for i, (f, label) in enumerate(zip(fields, labels, strict=False)):
            current: str | None = label
            if not label:
                errors.append(SchemaError("blank-label", row=1, field=f["name"], column=i + 1))
            if label and label in labels[:i]:
                errors.append(
                    SchemaError("duplicate-label", row=1, field=f["name"], column=i + 1, value=label)
                )
                current = None
            if current and current != f["name"]:
                errors.append(SchemaError("incorrect-label", row=1, field=f["name"], column=i + 1,
                                          value=current))  # fmt: skip
        return errors

    def _header_errors_by_name(self) -> list[SchemaError]:
        """frictionless's header check when labels pair with fields by name: labels without a field
        (unless ``subset``/``partial``), fields without a label (only the required and primary-key ones
        under ``superset``/``partial``, numbered after the labels); no positional label checks."""
        labels, fields, mode = self.labels, self.schema_fields, self.fields_match
        errors = []
        if mode not in ("subset", "partial"):
            errors += [
                SchemaError("extra-label", row=1, column=i + 1, value=label)
                for i, (label, f) in enumerate(zip(labels, self.matched, strict=False))
                if f is None
            ]
        if mode == "partial" and fields and not any(self.matched):
            errors.append(SchemaError("unmatched-header", row=1))
        present = set(labels)
        pk = set(_as_list(self.schema.get("primaryKey")))
        unmatched = [f for f in fields if str(f["name"]) not in present]
        if mode in ("superset", "partial"):
            unmatched = [f for f in unmatched
                         if (f.get("constraints") or {}).get("required") or f["name"] in pk]  # fmt: skip
        errors += [
            SchemaError("missing-label", row=1, field=f["name"], column=len(labels) + 1 + k)
            for k, f in enumerate(unmatched)
        ]
        return errors

    # --- a batch --------------------------------------------------------------------------------

    def check_batch(self, batch: Batch) -> list[SchemaError]:
        import pyarrow as pa
        import pyarrow.compute as pc

        table = batch.table
        n = batch.num_rows
        first = batch.first_row
        self.rows += n
        width = len(self.checks)
        counts = {row - first: len(cells) for row, cells in batch.ragged.items()}
        want = set(self.unique) | set(self.pk)
        for fk in self.foreign_keys:
            want |= set(fk.positions)
        for _, positions in self.key_requests:
            want |= {p for p in positions if p is not None}

        # (position, stage, field index, order, error-maker)
        pending: list[tuple[int, int, int, int, Any]] = []
        blank = np.ones(n, dtype=bool)
        keys: dict[int, Any] = {}
        for i, check in enumerate(self.checks):
            absent = None
            if counts:
                absent = np.zeros(n, dtype=bool)
                for pos, count in counts.items():
                    absent[pos] = i >= count
            result = check.check(
                _contiguous(table.column(i)), absent, want_key=i in want, blanks_matter=bool(blank.any())
            )
            blank &= result.missing
            if i in want:
                keys[i] = result.key
            for pos, order, name in result.errors:
                kind = "type-error" if name == "type" else "constraint-error"
                pending.append((pos, 0, i, order, (kind, i, name)))
        for pos, count in counts.items():
            for number in range(width + 1, count + 1):
                pending.append((pos, 1, number, 0, ("extra-cell", number - 1, "")))
            for i in range(count, width):
                pending.append((pos, 2, i, 0, ("missing-cell", i, "")))
        blank_rows = np.flatnonzero(blank)
        if len(blank_rows):
            blank_set = set(blank_rows.tolist())
            pending = [p for p in pending if p[0] not in blank_set]
            pending += [(int(pos), 0, -1, 0, ("blank-row", -1, "")) for pos in blank_rows]

        for i in self.unique:
            self.unique_keys[i].append(keys[i])
        for i, chunks in self.raw.items():
            chunks.append(_contiguous(table.column(i)))
        if self.pk:
            composite, all_none = _compose([keys[i] for i in self.pk], pa, pc)
            if not (len(self.pk) == 1 and self.pk[0] in self.unique):  # else the unique keys serve
                self.pk_keys.append(composite)
            for at in np.flatnonzero(all_none):
                pending.append((int(at), 4, 0, 0, ("primary-key-missing", -1, "")))
        for fk in self.foreign_keys:
            key_set = self.key_sets.get((fk.resource, tuple(fk.reference_fields)))
            if key_set is None:
                continue
            composite, all_none = _compose([keys[i] for i in fk.positions], pa, pc)
            found = np.asarray(_member(composite, key_set, pa, pc).to_numpy(zero_copy_only=False), bool)
            for at in np.flatnonzero(~found & ~all_none):
                pending.append((int(at), 5, 0, 0, ("foreign-key", fk, "")))
        for fields_, positions in self.key_requests:
            parts = [keys[p] if p is not None else pa.nulls(n, pa.string()) for p in positions]
            composite, all_none = _compose(parts, pa, pc)
            self.collected[tuple(fields_)].append(composite)  # nulls dropped in key_set
        if not pending:
            return []
        pending.sort(key=lambda p: (p[0], p[1], p[2], p[3]))
        return self._errors(batch, pending, keys)

    def _errors(self, batch: Batch, pending: list[tuple[int, int, int, int, Any]],
                keys: dict[int, Any]) -> list[SchemaError]:  # fmt: skip
        import pyarrow as pa

        positions = sorted({p[0] for p in pending})
        rows = batch.table.take(pa.array(positions)).to_pylist()
        cells_of: dict[int, list[str]] = {}
        for pos, row in zip(positions, rows, strict=False):
            real = batch.ragged.get(batch.first_row + pos)
            cells_of[pos] = list(real) if real is not None else [str(v) for v in row.values()]
        errors = []
        for pos, _stage, _index, _order, (kind, index, name) in pending:
            cells = cells_of[pos]
            number = batch.first_row + pos
            if kind == "type-error":
                cell = cells[index] if index < len(cells) else None
                errors.append(
                    SchemaError(kind, number, self.checks[index].name, index + 1, cell, cells=cells)
                )
            elif kind == "constraint-error":
                check = self.checks[index]
                cell = cells[index] if index < len(cells) and name != "required" else None
                errors.append(SchemaError(kind, number, check.name, index + 1, cell, constraint=name,
                                          expected=str(check.constraints.get(name)), cells=cells))  # fmt: skip
            elif kind == "extra-cell":
                errors.append(SchemaError(kind, number, None, index + 1, cells[index], cells=cells))
            elif kind == "missing-cell":
                errors.append(SchemaError(kind, number, self.checks[index].name, index + 1, cells=cells))
            elif kind in ("blank-row", "primary-key-missing"):
                errors.append(SchemaError(kind, number, cells=cells))
            elif kind == "foreign-key":
                fk: ForeignKey = index
                values = [_typed_text(cells, p, self.checks[p], keys[p], pos) for p in fk.positions]
                errors.append(SchemaError(kind, number, ",".join(fk.fields), value=",".join(values), cells=cells,
                                          reference=f"{fk.resource}.{','.join(fk.reference_fields)}"))  # fmt: skip
        return errors

    # --- the end of the table -------------------------------------------------------------------

    def finish(self) -> list[SchemaError]:
        """Duplicates of unique fields and of the primary key, found when every key is known."""
        import pyarrow as pa

        found: list[tuple[int, int, str, int]] = []  # row, order, kind, field index
        duplicates = {}
        for i in self.unique:
            duplicates[i], self.distinct_keys[i] = _duplicates(self.unique_keys[i], pa, self.first_row)
        for i in self.unique:
            found += [(row, i, "unique-error", prev) for row, prev in duplicates[i]]
        if self.pk:
            shared = len(self.pk) == 1 and self.pk[0] in self.unique
            pairs = duplicates[self.pk[0]] if shared else _duplicates(self.pk_keys, pa, self.first_row)[0]
            found += [(row, len(self.checks), "primary-key", prev) for row, prev in pairs]
        if not found:
            return []
        found.sort()
        rows = sorted({row for row, *_ in found})
        taken = {i: pa.chunked_array(chunks, pa.string()).take(pa.array([r - self.first_row for r in rows])).to_pylist()
                 for i, chunks in self.raw.items()}  # fmt: skip
        cells_of = {}
        for k, row in enumerate(rows):
            cells = [""] * len(self.checks)
            for i, values in taken.items():
                cells[i] = values[k]
            cells_of[row] = cells
        errors = []
        for row, i, kind, previous in found:
            cells = cells_of[row]
            if kind == "unique-error":
                cell = _typed_str(self.checks[i], cells[i])
                errors.append(SchemaError(kind, row, self.checks[i].name, i + 1, cell, first_row=previous,
                                          cells=cells))  # fmt: skip
            else:
                errors.append(SchemaError(kind, row, first_row=previous, cells=cells))
        return errors

    def key_set(self, fields_: list[str]) -> Any:
        import pyarrow as pa
        import pyarrow.compute as pc

        chunks = self.collected.get(tuple(fields_)) or []
        single = [p for f, p in self.key_requests if f == fields_]
        if single and len(single[0]) == 1 and single[0][0] in self.distinct_keys:
            return self.distinct_keys[single[0][0]]  # a unique field's keys, made distinct in finish()
        if not chunks:
            return pa.array([], pa.string())
        return pc.unique(pc.drop_null(pa.chunked_array(chunks, pa.string())))


def _contiguous(column: Any) -> Any:
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def _member(values: Any, key_set: Any, pa: Any, pc: Any) -> Any:
    """``pc.is_in(values, value_set=key_set)``, hashing the smaller side.

    ``is_in`` builds a hash table of its value set on every call: against a referenced table of a
    million keys that is ~0.2 s per batch. When the batch is smaller, the keys are probed against the
    batch's distinct values instead, and the batch against the few keys found.
    """
    if len(values) >= len(key_set):
        return pc.is_in(values, value_set=key_set)
    wanted = pc.unique(values)
    present = pc.filter(key_set, pc.is_in(key_set, value_set=wanted))
    return pc.is_in(values, value_set=present)


def _compose(parts: list[Any], pa: Any, pc: Any) -> tuple[Any, np.ndarray]:
    """One key text per row from the fields' key texts, and the rows whose parts are all missing."""
    all_none = np.ones(len(parts[0]), dtype=bool)
    for part in parts:
        all_none &= np.asarray(pc.is_null(part).to_numpy(zero_copy_only=False), dtype=bool)
    if len(parts) == 1:
        return parts[0], all_none
    composite = pc.binary_join_element_wise(*parts, SEPARATOR, null_handling="replace",
                                            null_replacement=NULL_PART)  # fmt: skip
    return composite, all_none


def _duplicates(chunks: list[Any], pa: Any, first_row: int = 2) -> tuple[list[tuple[int, int]], Any]:
    """(row, previous row with the same key) for every repeated non-null key, in row order; and the
    distinct non-null keys."""
    if not chunks:
        return [], pa.array([], pa.string())
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(pa.chunked_array(chunks, pa.string()).combine_chunks())
    index = np.asarray(pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
    present = index >= 0
    if not present.any():  # every key null (an optional unique column left empty): nothing repeats
        return [], encoded.dictionary
    counts = np.bincount(index[present], minlength=len(encoded.dictionary))
    repeated = present & (counts[np.where(present, index, 0)] > 1)
    if not repeated.any():
        return [], encoded.dictionary
    where = np.flatnonzero(repeated)
    order = np.lexsort((where, index[where]))  # by key, then by row
    rows, keys = where[order] + first_row, index[where][order]
    same = keys[1:] == keys[:-1]
    pairs = sorted(zip(rows[1:][same].tolist(), rows[:-1][same].tolist(), strict=True))
    return pairs, encoded.dictionary


def _typed_text(cells: list[str], position: int, check: FieldCheck, key: Any, row: int) -> str:
    """How frictionless prints a foreign-key cell: str() of the typed value, '' when it is missing."""
    if key is None or key[row].as_py() is None:
        return ""
    return _typed_str(check, cells[position] if position < len(cells) else "")


def _typed_str(check: FieldCheck, raw: str) -> str:
    """str() of the value frictionless reads from ``raw`` (a string is itself)."""
    if check.type in ("string", "any"):
        return raw
    typed = check._slow_value(raw)[0]
    return "" if typed is None else str(typed)
