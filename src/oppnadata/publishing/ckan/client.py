"""The one place that talks HTTP to a CKAN catalogue: a wrapper around a ``ckanapi.RemoteCKAN``.

It counts every request and upload (the tests and the issue note report them), retries what is safe
to retry with backoff, turns ckanapi's and requests' exceptions into the tool's own (exit 1: the
catalogue said no; exit 2: it could not be reached) and keeps the API token out of every message.

What is safe to retry: any call that never reached the server (connection refused, connect
timeout), any call the server answered with a 5xx (CKAN actions run in one database transaction,
so a failed action changed nothing), and reads whatever happened. A write whose answer was lost
(read timeout, connection reset) is *not* repeated: it may have been applied. The publish then
stops, and the next run reads the catalogue and finishes or cleans up (see apply.py).
"""

from __future__ import annotations

import ast
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ckanapi
import requests

from ... import __version__
from ...errors import OppnadataError, RefusedError, TargetError

USER_AGENT = f"oppnadata/{__version__}"
READ_SUFFIXES = ("_show", "_list", "_search", "_list_for_user")


class CkanRefused(RefusedError):
    """The catalogue answered no: a validation error, a missing permission, an unknown token."""

    def __init__(self, message: str, *, hint: str | None = None, errors: dict[str, Any] | None = None):
        super().__init__(message, hint=hint)
        self.errors = errors or {}

    @property
    def is_match_conflict(self) -> bool:
        """package_revise's ``match`` failed: someone changed the dataset since we read it."""
        return "match" in self.errors


class CkanNotFound(RefusedError):
    """The catalogue has no such object (the planner treats this as "to be created")."""


@dataclass
class CallStats:
    """Requests sent (per action, retries included), uploads and uploaded bytes."""

    calls: Counter[str] = field(default_factory=Counter)
    uploads: int = 0
    upload_bytes: int = 0
    retries: int = 0

    @property
    def total(self) -> int:
        return sum(self.calls.values())

    @property
    def writes(self) -> int:
        return sum(n for action, n in self.calls.items() if not is_read(action))

    def summary(self) -> str:
        return (
            f"{self.total} API calls ({self.writes} writes, {self.retries} retries), "
            f"{self.uploads} uploads ({self.upload_bytes} bytes)"
        )


def is_read(action: str) -> bool:
    return action == "status_show" or action.endswith(READ_SUFFIXES)


class CkanClient:
    """Calls CKAN actions through ``remote`` (a ``ckanapi.RemoteCKAN`` or anything with its
    ``call_action``), counting, retrying and redacting."""

    def __init__(
        self,
        remote: Any,
        *,
        retries: int = 4,
        backoff: float = 0.5,
        timeout: tuple[float, float] = (10.0, 300.0),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.remote = remote
        self.url = str(getattr(remote, "address", "")).rstrip("/")
        token = getattr(remote, "apikey", None)
        self._secrets = [str(token)] if token else []
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.sleep = sleep
        self.stats = CallStats()

    @classmethod
    def connect(cls, url: str, token: str, **options: Any) -> CkanClient:
        return cls(ckanapi.RemoteCKAN(url, apikey=token, user_agent=USER_AGENT), **options)

    def __repr__(self) -> str:  # never the token
        return f"CkanClient({self.url!r})"

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def call(self, action: str, data: dict[str, Any] | None = None, *, upload: Path | None = None,
             filename: str | None = None) -> Any:  # fmt: skip
        """Call ``action``; with ``upload``, send that file (as ``filename``) in the same request."""
        data = dict(data or {})
        for attempt in range(self.retries + 1):
            self.stats.calls[action] += 1
            try:
                if upload is None:
                    return self.remote.call_action(action, data, requests_kwargs={"timeout": self.timeout})
                with upload.open("rb") as handle:
                    result = self.remote.call_action(
                        action,
                        data,
                        files={"upload": (filename or upload.name, handle)},
                        requests_kwargs={"timeout": self.timeout},
                    )
                self.stats.uploads += 1
                self.stats.upload_bytes += upload.stat().st_size
                return result
            except ckanapi.ValidationError as err:
                raise self._validation(action, err) from err
            except ckanapi.NotAuthorized as err:
                raise CkanRefused.coded(
                    "ckan-not-authorized", action=action, detail=self._message(err)
                ) from err
            except ckanapi.NotFound as err:
                raise CkanNotFound.coded("ckan-not-found", action=action, detail=self._message(err)) from err
            except (ckanapi.SearchIndexError, ckanapi.CKANAPIError) as err:
                status = _status(err)
                if (status is None or status >= 500) and attempt < self.retries:
                    self._wait(attempt)
                    continue
                raise TargetError.coded(
                    "ckan-failed",
                    url=self.url,
                    action=action,
                    status=f" (HTTP {status})" if status else "",
                    detail=self._short(err),
                ) from err
            except requests.RequestException as err:
                if (is_read(action) or _not_sent(err)) and attempt < self.retries:
                    self._wait(attempt)
                    continue
                raise self._unreachable(action, err, attempt) from err
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, attempt: int) -> None:
        self.stats.retries += 1
        self.sleep(self.backoff * (2**attempt))

    def _unreachable(self, action: str, err: requests.RequestException, attempt: int) -> TargetError:
        kind = type(err).__name__
        if _not_sent(err) or is_read(action):
            return TargetError.coded("ckan-unreachable", url=self.url, kind=kind, attempts=attempt + 1)
        return TargetError.coded("ckan-stopped-answering", url=self.url, action=action, kind=kind)

    def _message(self, err: Exception) -> str:
        arg = err.args[0] if err.args else ""
        if isinstance(arg, dict):
            arg = arg.get("message") or arg
        return self.redact(str(arg))

    def _short(self, err: Exception) -> str:
        text = self.redact(str(err.args[0] if err.args else err))
        return text if len(text) <= 300 else text[:300] + " …"

    def _validation(self, action: str, err: ckanapi.ValidationError) -> CkanRefused:
        errors = err.error_dict if isinstance(err.error_dict, dict) else {"error": err.error_dict}
        errors = {k: v for k, v in errors.items() if k != "__type"}
        fields = "; ".join(f"{key}: {text}" for key, text in flatten_errors(errors))
        refused = CkanRefused.coded("ckan-rejected", action=action, fields=self.redact(fields))
        refused.errors = errors
        return refused


def flatten_errors(errors: Any, prefix: str = "") -> list[tuple[str, str]]:
    """CKAN's error dict, field by field: ``{"resources": [{}, {"url": ["Missing value"]}]}`` →
    ``[("resources[1].url", "Missing value")]``."""
    if isinstance(errors, dict):
        out: list[tuple[str, str]] = []
        for key, value in errors.items():
            out += flatten_errors(value, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(errors, list):
        if all(isinstance(e, str) for e in errors):
            return [(prefix or "error", " ".join(errors))] if errors else []
        out = []
        for index, value in enumerate(errors):
            out += flatten_errors(value, f"{prefix}[{index}]")
        return out
    return [(prefix or "error", str(errors))]


def _status(err: Exception) -> int | None:
    """The HTTP status in a ckanapi error (``CKANAPIError(repr([url, status, body]))``)."""
    if isinstance(err, ckanapi.SearchIndexError):
        return 500
    try:
        parsed = ast.literal_eval(str(err.args[0])) if err.args else None
    except (ValueError, SyntaxError):
        return None
    if isinstance(parsed, list) and len(parsed) >= 2 and isinstance(parsed[1], int):
        return parsed[1]
    return None


def _not_sent(err: requests.RequestException) -> bool:
    """True when the request never reached the server, so repeating it cannot apply it twice."""
    if isinstance(err, requests.ConnectTimeout):
        return True
    if isinstance(err, requests.ConnectionError):
        reason = getattr(err.args[0], "reason", None) if err.args else None
        text = f"{type(reason).__name__} {reason}"
        return "NewConnectionError" in text or "Connection refused" in text
    return False


def read_token(token_file: Path | None, environ: dict[str, str]) -> str:
    """The API token from ``token_file`` (first line) or ``CKAN_API_TOKEN``; never from an argument."""
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except OSError as err:
            raise OppnadataError.coded(
                "ckan-token-file-unreadable", path=token_file, kind=type(err).__name__
            ) from err
        if not token:
            raise OppnadataError.coded("ckan-token-file-empty", path=token_file)
        return token
    token = environ.get("CKAN_API_TOKEN", "").strip()
    if not token:
        raise OppnadataError.coded("ckan-no-token")
    return token
