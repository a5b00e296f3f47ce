"""The streaming validation engine: the one validation path of ``oppnadata validate``.

It gives frictionless-py's findings — same codes, rows and fields; ``tests/conformance`` holds it to
them, with frictionless-py as the oracle — at a fraction of the time and memory, by streaming each
table once:

0. **Descriptor properties** (:mod:`.properties`): ``hash``/``bytes`` checked, the declared
   ``dialect`` honoured; what the reader cannot honour (another format, compression, comment rows …)
   is refused with a finding that names the property.
1. **Dialect gate** (:mod:`..dialect`): only UTF-8 CSV in the declared (else canonical) dialect is read.
2. **Order**: tables that others reference by foreign key (or that a lookup rule needs whole) stream
   first, so their key sets exist when the referencing table streams. A reference to the table itself
   or in a cycle gets a pre-pass that reads only the key columns.
3. **Read** (:mod:`.reader`): pyarrow's streaming CSV reader, every column a string, blocks of 1 MB
   joined into batches of ~50 000 rows; ragged records are re-parsed and put back in place, so row
   numbers are frictionless's (header = row 1, a multi-line quoted cell is one row).
4. **Table Schema** (:mod:`.tablecheck`, :mod:`.fields`): per batch, vectorised with pyarrow.compute;
   values off the canonical fast path (bad ones, exotic formats) go through frictionless's own cell
   reader, on distinct values only. Errors are the engine's own typed records
   (:class:`.tablecheck.SchemaError`), made findings by :func:`.findings.to_finding`; no text is parsed
   back. Unique fields and primary keys keep one key text per row and report duplicates when the table
   ends.
5. **Domain and privacy rules** (:mod:`.rules`), scheduled from each rule's declaration: per batch
   where a row's findings depend on the row alone or on tables looked up by key; once on the kept
   tables (only the columns the rules declare) where they sum across rows.

Memory holds a batch, the key texts and the kept columns, not the file: the peak grows with the number
of keys, not with the size of the table. Findings can be handed to a callback as they are found, and
progress to a callback the caller passes in (the command line passes :mod:`.progress`'s terminal line).
The library changes no process-wide state: allocator tuning (:func:`tune_allocators`) is the caller's
choice.

Deliberate differences from frictionless-py are listed, with their reasons, in
``tests/conformance/differences.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from ...descriptor import PackageSpec, ResourceSpec
from ...report import Finding, ProgressCallback, Report, Severity
from ..checks import RULES, Rule
from ..dialect import check_dialect, unique_labels
from .fields import SUPPORTED_TYPES
from .findings import strip_missing_references, to_finding
from .properties import CHECK, dialect_of, integrity, is_table, refusals, table_format
from .reader import BATCH_ROWS, BLOCK_SIZE, iter_batches, read_header
from .rules import COMPACT_FROM, RulePlan, RuleRunner, skipped
from .tablecheck import SchemaError, TableCheck, _as_list


def validate_stream(
    package: PackageSpec,
    *,
    rules: Iterable[Rule] | None = None,
    on_finding: Callable[[Finding], None] | None = None,
    progress: ProgressCallback | None = None,
    block_size: int = BLOCK_SIZE,
    batch_rows: int = BATCH_ROWS,
    compact_from: int = COMPACT_FROM,
) -> Report:
    """Check every resource of ``package`` and return the findings (see the module docstring)."""
    from .. import domain, privacy  # noqa: F401 - importing registers their rules

    report = Report()

    def emit(findings: Iterable[Finding]) -> None:
        for f in findings:
            report.add(f)
            if on_finding is not None:
                on_finding(f)

    readable: set[str] = set()
    for name, resource in package.resources.items():
        refused = refusals(resource)
        emit(refused)
        if any(f.field is None for f in refused):
            continue  # the file cannot be read as declared (a refused field is checked as plain text)
        emit(integrity(resource))
        if not is_table(resource):
            emit([Finding("not-a-table", Severity.INFO, resource=name, path=resource.relpath, check=CHECK,
                          params={"format": table_format(resource)})])  # fmt: skip
            continue
        dialect = dialect_of(resource)
        problems = check_dialect(resource, dialect.delimiter, dialect.quote_char)
        emit(problems)
        if not problems:
            readable.add(name)
    report.checks.append("dialect")

    schemas, skipped_fks = strip_missing_references(package, readable)
    for name in sorted(readable):
        unformatted = {f.field for f in refusals(package.resources[name]) if f.field}
        if unformatted:
            schemas[name] = {**schemas[name], "fields": [
                {**f, "format": "default"} if f.get("name") in unformatted else f
                for f in schemas[name].get("fields", [])]}  # fmt: skip
    headers = {name: _header(package.resources[name]) for name in readable}
    for name in sorted(readable):
        resource = package.resources[name]
        if not resource.has_schema:  # as frictionless, the header names the fields; nothing is typed
            schemas[name] = {"fields": [{"name": label, "type": "any"} for label in headers[name]]}
            emit([Finding("no-schema", Severity.INFO, resource=name, path=resource.relpath, check=CHECK)])
    emit(skipped_fks)
    bad_schema = _schema_problem(package, schemas)
    if bad_schema:
        emit([bad_schema])
    report.checks.append("table-schema")

    chosen = list(RULES if rules is None else rules)
    _stream(package, report, emit, schemas, headers, readable, chosen, bad_schema, progress, block_size,
            batch_rows, compact_from)  # fmt: skip
    report.checks.extend(r.id for r in chosen)
    if progress is not None and hasattr(progress, "close"):
        progress.close()
    return report


def _stream(package: PackageSpec, report: Report, emit: Callable[[Iterable[Finding]], None],
            schemas: dict[str, dict[str, Any]], headers: dict[str, list[str]], readable: set[str],
            chosen: list[Rule],
            bad_schema: Finding | None, progress: ProgressCallback | None, block_size: int,
            batch_rows: int, compact_from: int) -> None:  # fmt: skip
    """Stream every readable table: Table Schema checks and rules, batch by batch."""
    for r in chosen:
        finding = skipped(r, package, readable)
        if finding:
            emit([finding])
    labels = {name: unique_labels(headers[name]) for name in readable}
    plan = RulePlan(package, chosen, readable, labels, compact_from=compact_from)
    runner = RuleRunner(plan)

    requests = _key_requests(schemas)
    workers = ThreadPoolExecutor(max_workers=1, thread_name_prefix="table-schema")
    key_sets: dict[tuple[str, tuple[str, ...]], Any] = {}
    for name in _order(schemas, plan.order_after()):
        resource = package.resources[name]
        dialect = dialect_of(resource)
        check = TableCheck(resource, schemas[name], headers[name], requests.get(name, []),
                           has_header=dialect.header_row is not None, first_row=dialect.first_row)  # fmt: skip
        for fk in check.foreign_keys:
            ref = (fk.resource, tuple(fk.reference_fields))
            if ref not in key_sets:  # a reference to itself or in a cycle: read the keys first
                key_sets[ref] = _prepass(package.resources[fk.resource], schemas[fk.resource],
                                         headers[fk.resource], fk.reference_fields, block_size)  # fmt: skip
            check.key_sets[ref] = key_sets[ref]
        header = headers[name]
        schema_ok = not bad_schema
        if schema_ok:
            emit(_findings(check.header_errors(), resource, header))
        emit(runner.start_table(name))
        # The Table Schema check (pyarrow kernels, which release the GIL) runs in a second thread, a
        # batch ahead of the rules this thread runs: the two use both cores.
        pending: Future[list[Any]] | None = None
        for batch in iter_batches(resource.path, labels[name], block_size=block_size, batch_rows=batch_rows,
                                  dialect=dialect):  # fmt: skip
            if schema_ok:
                ahead = workers.submit(check.check_batch, batch)
            else:
                check.rows += batch.num_rows
            emit(runner.batch(name, batch.table, batch.first_row))
            if pending is not None:
                emit(_findings(pending.result(), resource, header))
            pending = ahead if schema_ok else None
            if progress is not None:
                progress(name, check.rows, len(report.findings))
        if pending is not None:
            emit(_findings(pending.result(), resource, header))
        if schema_ok:
            emit(_findings(check.finish(), resource, header))
        for fields_, _ in check.key_requests:
            key_sets[(name, tuple(fields_))] = check.key_set(fields_)
        report.rows[name] = check.rows
        emit(runner.end_table(name, check.rows))
    workers.shutdown()
    emit(runner.finish())


def tune_allocators() -> None:
    """Allocators for a streaming job that frees and takes back the same batch-sized memory over and over.

    - pyarrow: jemalloc returning freed pages after 100 ms, unless the user chose a pool. pyarrow's
      default mimalloc keeps the buffers of parsed blocks once freed (1M rows: ~540 against ~400 MB
      peak); returning them at once (decay 0) costs a page fault on every reuse (+1.5 s at 1M rows).
    - glibc (numpy's and pandas' arrays): keep arrays up to 64 MB on the heap and freed memory up to
      256 MB instead of mapping and unmapping each one (1M rows: ~150 000 fewer page faults).

    Process-wide, and only defaults: a pool or malloc setting chosen in the environment is kept.
    The library never calls this (it changes the whole process); the command line does, once, before a
    validation, and a program embedding oppnadata may choose to.
    """
    import os

    import pyarrow as pa

    if (
        not os.environ.get("ARROW_DEFAULT_MEMORY_POOL")
        and pa.default_memory_pool().backend_name == "mimalloc"
    ):
        try:
            pa.set_memory_pool(pa.jemalloc_memory_pool())
            pa.jemalloc_set_decay_ms(100)
        except (NotImplementedError, pa.ArrowNotImplementedError):
            pass
    if any(k.startswith("MALLOC_") for k in os.environ):
        return
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        libc.mallopt(m_mmap_threshold, 64 * 1024 * 1024)
        libc.mallopt(m_trim_threshold, 256 * 1024 * 1024)
    except (OSError, ValueError, AttributeError):
        return


def _findings(errors: Iterable[SchemaError], resource: ResourceSpec, header: list[str]) -> Iterator[Finding]:
    return (to_finding(error, resource, header) for error in errors)


V1_CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength"}


def _schema_problem(package: PackageSpec, schemas: dict[str, dict[str, Any]]) -> Finding | None:
    """A schema frictionless would refuse in its package (then no Table Schema check runs, as in
    frictionless).

    Schemas using only the common types and Table Schema v1 constraints pass without frictionless;
    anything else is handed to frictionless's own descriptor validation.
    """
    plain = all(
        str(f.get("type", "string") or "string") in SUPPORTED_TYPES
        and set(f.get("constraints") or {}) <= V1_CONSTRAINTS
        for schema in schemas.values()
        for f in schema.get("fields", [])
    )
    if plain or not schemas:
        return None
    import frictionless

    descriptor = {
        "name": package.name,
        "resources": [
            {"name": name, "path": package.resources[name].relpath, "schema": schemas[name], "format": "csv",
             "encoding": "utf-8"}
            for name in sorted(schemas)
        ],
    }  # fmt: skip
    try:
        frictionless.Package.from_descriptor(descriptor, basepath=str(package.root))
    except frictionless.FrictionlessException as err:
        return Finding(
            code="schema-error",
            severity=Severity.ERROR,
            check="table-schema",
            params={"detail": str(err.error.note or err.error.message)},
        )
    return None


def _header(resource: ResourceSpec) -> list[str]:
    """The labels the table is read with: its header record, or — for a file without a header (dialect
    ``header: false``) — the schema's field names, else ``field1`` … as frictionless names them."""
    dialect = dialect_of(resource)
    header = read_header(resource.path, dialect)
    if dialect.header_row is not None:
        return header
    if resource.fields:
        return [str(f["name"]) for f in resource.fields]
    width = len(read_header(resource.path, replace(dialect, header_row=1)))
    return [f"field{i}" for i in range(1, width + 1)]


def _key_requests(schemas: dict[str, dict[str, Any]]) -> dict[str, list[list[str]]]:
    """Referenced table → the field lists other tables' foreign keys look up in it."""
    requests: dict[str, list[list[str]]] = {}
    for name, schema in schemas.items():
        for fk in schema.get("foreignKeys", []) or []:
            reference = fk.get("reference") or {}
            target = reference.get("resource") or name
            fields_ = _as_list(reference.get("fields"))
            if target in schemas and fields_ not in requests.setdefault(target, []):
                requests[target].append(fields_)
    return requests


def _order(schemas: dict[str, dict[str, Any]], after: dict[str, set[str]]) -> list[str]:
    """Names sorted, with every referenced table before the tables that reference it (cycles broken)."""
    needs: dict[str, set[str]] = {name: set(after.get(name, set())) & set(schemas) for name in schemas}
    for name, schema in schemas.items():
        for fk in schema.get("foreignKeys", []) or []:
            target = (fk.get("reference") or {}).get("resource") or name
            if target != name and target in schemas:
                needs[name].add(target)
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order or name in visiting:
            return
        visiting.add(name)
        for dep in sorted(needs[name]):
            visit(dep)
        visiting.discard(name)
        order.append(name)

    for name in sorted(schemas):
        visit(name)
    return order


def _prepass(resource: ResourceSpec, schema: dict[str, Any], header: list[str], fields_: list[str],
             block_size: int) -> Any:  # fmt: skip
    """The key set of ``fields_`` in ``resource``, reading the whole table once without checking it."""
    dialect = dialect_of(resource)
    check = TableCheck(resource, schema, header, [fields_], has_header=dialect.header_row is not None,
                       first_row=dialect.first_row)  # fmt: skip
    for batch in iter_batches(resource.path, unique_labels(header), block_size=block_size, dialect=dialect):
        check.check_batch(batch)
    return check.key_set(fields_)
