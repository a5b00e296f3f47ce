"""Streaming a canonical CSV in batches of string columns, with the row numbers frictionless gives.

pyarrow's streaming reader parses the file block by block with every column typed as a string (no type
guessing, no null conversion). Rows whose cell count differs from the header are handed to an
``invalid_row_handler``: it records their raw text and record number and drops them from pyarrow's
batch; the reader re-parses them with :mod:`csv`, pads or cuts them to the header (as
``validation.read_table`` does) and puts them back in their place, so every record keeps its row number
and the Table Schema check knows how many cells it really had.

Row numbers count records, as frictionless does: the header is row 1, a multi-line quoted cell is one
row, an empty line is a (blank) row.
"""

from __future__ import annotations

import csv
import io
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..dialect import csv_field_limit

BLOCK_SIZE = 1 << 20  # bytes per parsed block (pyarrow's peak memory grows with it)
BATCH_ROWS = 50_000  # rows per checked batch: blocks are joined until a batch has this many


@dataclass(frozen=True)
class CsvDialect:
    """How the cells of a CSV are written: what a resource's ``dialect`` declares, as the reader takes it.
    ``header_row`` is the record holding the labels (1-based), None when the file has no header."""

    delimiter: str = ","
    quote_char: str | None = '"'
    double_quote: bool = True
    escape_char: str | None = None
    header_row: int | None = 1

    def csv_options(self) -> dict[str, Any]:
        """The same dialect for Python's csv module."""
        if self.quote_char is None:
            return {"delimiter": self.delimiter, "quoting": csv.QUOTE_NONE, "escapechar": self.escape_char}
        return {"delimiter": self.delimiter, "quotechar": self.quote_char, "doublequote": self.double_quote,
                "escapechar": self.escape_char}  # fmt: skip

    @property
    def first_row(self) -> int:
        """The row number of the first data record (frictionless counts every record of the file)."""
        return (self.header_row or 0) + 1


CANONICAL = CsvDialect()


@dataclass
class Batch:
    """A run of consecutive records: ``table`` (string columns named by ``labels``) holds rows
    ``first_row`` … ``first_row + len - 1``. ``ragged`` maps the row number of each record whose
    cell count differs from the header to the cells it really had."""

    first_row: int
    table: Any  # pyarrow.Table
    ragged: dict[int, list[str]] = field(default_factory=dict)

    @property
    def num_rows(self) -> int:
        return int(self.table.num_rows)


def read_header(path: Path, dialect: CsvDialect = CANONICAL) -> list[str]:
    """The header record of the file, unstripped (frictionless strips labels; the caller decides);
    empty when the dialect says the file has none."""
    if dialect.header_row is None:
        return []
    with csv_field_limit(), path.open(encoding="utf-8", newline="") as handle:
        for number, record in enumerate(csv.reader(handle, **dialect.csv_options()), start=1):
            if number == dialect.header_row:
                return record
    return []


def iter_batches(
    path: Path,
    labels: list[str],
    *,
    block_size: int = BLOCK_SIZE,
    batch_rows: int = BATCH_ROWS,
    columns: list[str] | None = None,
    dialect: CsvDialect = CANONICAL,
) -> Iterator[Batch]:
    """Batches of at least ``batch_rows`` records (the last may be shorter) after the header.
    ``columns`` limits the columns read (key pre-passes)."""
    blocks = _blocks(path, labels, block_size=block_size, columns=columns, dialect=dialect)
    return _prefetched(_joined(blocks, batch_rows))


def _joined(blocks: Iterator[Batch], batch_rows: int) -> Iterator[Batch]:
    import pyarrow as pa

    waiting: list[Batch] = []
    rows = 0
    for batch in blocks:
        waiting.append(batch)
        rows += batch.num_rows
        if rows >= batch_rows:
            yield _join(waiting, pa)
            waiting, rows = [], 0
    if waiting:
        yield _join(waiting, pa)


_DONE = object()


def _prefetched(blocks: Iterator[Batch]) -> Iterator[Batch]:
    """Parse and join in a background thread (pyarrow releases the GIL), so that overlaps the checks.

    A hand-off, not a buffer: the thread parses the next batch while this one is checked, then waits
    until it is taken, so memory holds two batches, not more.
    """
    chunks: queue.Queue[Any] = queue.Queue(maxsize=1)
    taken = threading.Semaphore(0)
    stop = threading.Event()

    def hand_over(item: Any) -> bool:
        chunks.put(item)
        while not taken.acquire(timeout=0.1):
            if stop.is_set():
                return False
        return True

    def produce() -> None:
        try:
            for block in blocks:
                if stop.is_set() or not hand_over(block):
                    return
            chunks.put(_DONE)
        except BaseException as err:  # handed to the consumer, raised there
            chunks.put(err)

    thread = threading.Thread(target=produce, name="csv-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = chunks.get()
            taken.release()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


def _join(batches: list[Batch], pa: Any) -> Batch:
    if len(batches) == 1:
        return batches[0]
    ragged: dict[int, list[str]] = {}
    for b in batches:
        ragged.update(b.ragged)
    table = pa.concat_tables([b.table for b in batches]).combine_chunks()
    return Batch(batches[0].first_row, table, ragged)


def _blocks(path: Path, labels: list[str], *, block_size: int, columns: list[str] | None,
            dialect: CsvDialect) -> Iterator[Batch]:  # fmt: skip
    """One batch per block pyarrow parses."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    width = len(labels)
    if width == 0:
        return
    ragged: list[tuple[int, str]] = []

    def on_invalid(row: Any) -> str:
        ragged.append((int(row.number), row.text))
        return "skip"

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            use_threads=False,
            block_size=block_size,
            column_names=labels,
            skip_rows_after_names=dialect.header_row or 0,
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=dialect.delimiter,
            quote_char=dialect.quote_char or False,
            double_quote=dialect.double_quote,
            escape_char=dialect.escape_char or False,
            newlines_in_values=True,
            ignore_empty_lines=False,
            invalid_row_handler=on_invalid,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in labels},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
            include_columns=columns,
        ),
    )
    names = columns or labels
    next_row = dialect.first_row
    for record_batch in reader:
        n = record_batch.num_rows
        if not n:
            continue  # every record of the block was ragged: they join the next batch
        end = next_row + n - 1
        taken = 0
        while taken < len(ragged) and ragged[taken][0] <= end + 1:
            end += 1
            taken += 1
        mine, ragged[:] = ragged[:taken], ragged[taken:]
        table = pa.Table.from_batches([record_batch])
        yield _merge(table, next_row, end, mine, labels, names, width, dialect)
        next_row = end + 1
    if ragged:
        end = next_row + len(ragged) - 1
        empty = pa.table({c: pa.array([], pa.string()) for c in names})
        yield _merge(empty, next_row, end, ragged, labels, names, width, dialect)


def _merge(
    table: Any, first: int, last: int, ragged: list[tuple[int, str]], labels: list[str],
    names: list[str], width: int, dialect: CsvDialect = CANONICAL,
) -> Batch:  # fmt: skip
    """Put the ragged records back among the parsed ones, padded or cut to the header."""
    if not ragged:
        return Batch(first, table)
    import pyarrow as pa

    real: dict[int, list[str]] = {}
    fixed: list[list[str]] = []
    for number, text in ragged:
        with csv_field_limit():
            cells = next(csv.reader(io.StringIO(text, newline=""), **dialect.csv_options()), [])
        real[number] = cells
        fixed.append((cells + [""] * (width - len(cells)))[:width])
    index = [labels.index(c) for c in names]
    extra = pa.table(
        {c: pa.array([row[i] for row in fixed], pa.string()) for c, i in zip(names, index, strict=False)}
    )
    ragged_numbers = {number for number, _ in ragged}
    good_numbers = [r for r in range(first, last + 1) if r not in ragged_numbers]
    # Position of every row number in the concatenation [parsed rows, ragged rows].
    position = {r: i for i, r in enumerate(good_numbers)}
    position.update({number: len(good_numbers) + i for i, (number, _) in enumerate(ragged)})
    order = pa.array([position[r] for r in range(first, last + 1)], pa.int64())
    combined = pa.concat_tables([table, extra]).take(order)
    return Batch(first, combined, real)
