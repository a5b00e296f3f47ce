"""A progress line for long validations on a terminal: table, rows done, rate, findings so far."""

from __future__ import annotations

import time
from typing import TextIO


class TerminalProgress:
    """Rewrites one stderr line at most every ``interval`` seconds; silent for the first second."""

    def __init__(self, stream: TextIO, *, interval: float = 0.5, quiet_for: float = 1.0) -> None:
        self.stream = stream
        self.interval = interval
        self.start = time.monotonic()
        self.quiet_until = self.start + quiet_for
        self.last = 0.0
        self.shown = False
        self.done = 0
        self.table = ""
        self.table_rows = 0

    def __call__(self, table: str, rows: int, findings: int) -> None:
        if table != self.table:
            self.done += self.table_rows
            self.table = table
        self.table_rows = rows
        now = time.monotonic()
        if now < self.quiet_until or now - self.last < self.interval:
            return
        self.last = now
        total = self.done + rows
        rate = total / max(now - self.start, 1e-9)
        self.stream.write(
            f"\r\x1b[K{table}: {rows:,} rader · {total:,} totalt · {rate:,.0f} rader/s · {findings:,} fynd"
        )
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
