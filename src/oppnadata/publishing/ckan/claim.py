"""The publish claim: a dataset extra that says "a publish is under way", set with ``package_revise``'s
``match`` (compare-and-swap on ``metadata_modified``), so of two publishes started at once exactly one
holds it and the other stops cleanly.

A claim left behind by a run that died is stale, and the next run takes it over: when it has expired,
or when it was made on this machine by a process that no longer runs (or by this very process, in a
publish that has ended). The machine is recorded as a hash, never by name: the extra is public.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from ...fileio import sha256_bytes

LEASE = timedelta(hours=1)
ACTIVE: set[str] = set()  # claim ids of publishes running in this process


def _host() -> str:
    return sha256_bytes(socket.gethostname().encode())[:12]


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Claim:
    id: str
    version: str
    host: str
    pid: int
    started: str
    expires: str

    @classmethod
    def new(cls, version: str) -> Claim:
        now = _now()
        return cls(
            uuid.uuid4().hex, version, _host(), os.getpid(), now.isoformat(), (now + LEASE).isoformat()
        )

    @classmethod
    def parse(cls, text: str | None) -> Claim | None:
        if not text:
            return None
        try:
            data = json.loads(text)
            return cls(**{k: data[k] for k in ("id", "version", "host", "pid", "started", "expires")})
        except (ValueError, TypeError, KeyError):
            # unreadable: treat as a claim that has expired, so it never blocks for good
            return cls("unreadable", "?", "?", 0, "?", "1970-01-01T00:00:00+00:00")

    def dumps(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def is_stale(self) -> bool:
        try:
            if datetime.fromisoformat(self.expires) <= _now():
                return True
        except ValueError:
            return True
        if self.host != _host():
            return False
        if self.pid == os.getpid():
            return self.id not in ACTIVE
        return not _alive(self.pid)

    def describe(self) -> str:
        return f"version {self.version}, started {self.started}, claim expires {self.expires}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
