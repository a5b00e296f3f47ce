"""Faults while publishing to the real CKAN, and secrets (issue 8, items 2 and 3).

A small HTTP proxy on loopback stands between the publish and the test CKAN and, for chosen
requests, drops the connection before CKAN sees the request, drops it after CKAN has applied it
(the answer is lost), answers 500, or answers slower than the client's timeout. After each fault the
catalogue must still present one version consistently, and a re-run must complete.
"""

from __future__ import annotations

import http.client
import logging
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlparse

import ckanapi
import pytest
from click.testing import CliRunner

from oppnadata.cli import main
from oppnadata.errors import TargetError
from oppnadata.publishing.ckan import CkanClient
from tests.ckan_fixtures import CkanServer
from tests.ckan_sites import (
    CORRECTED,
    Site,
    assert_consistent,
    cli,
    correct_one_table_and_bump,
    publish,
    set_version,
    site_fixture,  # noqa: F401  (the `site` fixture)
)

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "accept-encoding"}

Fault = Callable[
    [int, str], str | None
]  # (request number, action) → None | drop-before | drop-after | 500 | slow


class FaultProxy:
    """Forwards HTTP requests to CKAN; ``fault`` decides, per request, what goes wrong."""

    def __init__(self, upstream: str, fault: Fault, delay: float = 3.0) -> None:
        self.upstream = urlparse(upstream)
        self.fault = fault
        self.delay = delay
        self.count = 0
        self.log: list[tuple[int, str, str]] = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                proxy.handle(self)

            def do_POST(self) -> None:
                proxy.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        action = request.path.rsplit("/", 1)[-1].split("?")[0]
        with self.lock:
            self.count += 1
            number = self.count
        fault = self.fault(number, action)
        self.log.append((number, action, fault or "ok"))
        if fault == "drop-before":
            request.close_connection = True  # CKAN never sees it; the client sees the line go dead
            return
        if fault == "500":
            page = b"<html><body>Internal Server Error</body></html>"
            request.send_response(500)
            request.send_header("Content-Type", "text/html")
            request.send_header("Content-Length", str(len(page)))
            request.end_headers()
            request.wfile.write(page)
            return
        if fault == "slow":
            time.sleep(self.delay)
        upstream = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=120)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        upstream.request(request.command, request.path, body=body, headers=headers)
        answer = upstream.getresponse()
        content = answer.read()
        upstream.close()
        if fault == "drop-after":
            request.close_connection = True  # CKAN applied it; the answer is lost
            return
        try:
            request.send_response(answer.status)
            for key, value in answer.getheaders():
                if key.lower() not in HOP_BY_HOP:
                    request.send_header(key, value)
            request.send_header("Content-Length", str(len(content)))
            request.end_headers()
            request.wfile.write(content)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            request.close_connection = True


@pytest.fixture
def proxy_for(ckan_server: CkanServer) -> Iterator[Callable[..., FaultProxy]]:
    proxies: list[FaultProxy] = []

    def make(fault: Fault, delay: float = 3.0) -> FaultProxy:
        proxies.append(FaultProxy(ckan_server.url, fault, delay))
        return proxies[-1]

    yield make
    for proxy in proxies:
        proxy.close()


def through(proxy: FaultProxy, server: CkanServer, **options: Any) -> CkanClient:
    remote = ckanapi.RemoteCKAN(proxy.url, apikey=server.token)
    return CkanClient(remote, **{"retries": 2, "backoff": 0.01, **options})


def on(action: str, nth: int, kind: str) -> Fault:
    """The ``nth`` call of ``action`` (1-based) meets ``kind``; every other request passes."""
    seen: dict[str, int] = {}

    def fault(number: int, name: str) -> str | None:
        seen[name] = seen.get(name, 0) + 1
        return kind if name == action and seen[name] == nth else None

    return fault


def publish_through(site: Site, server: CkanServer, client: CkanClient) -> Any:
    return publish(site, server, client=client)


# --------------------------------------------------------------------------- lost connections


@pytest.mark.parametrize(
    ("action", "nth", "kind", "reused", "left_pending"),
    [
        ("resource_create", 3, "drop-before", 2, 2),  # CKAN stopped mid-upload: the 3rd never arrived
        ("resource_create", 3, "drop-after", 3, 3),  # the 3rd was stored, its answer lost
        ("package_revise", 2, "drop-before", 6, 6),  # the switch never arrived
    ],
)
def test_connection_lost_mid_publish_leaves_the_previous_version_and_rerun_completes(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN, proxy_for: Callable[..., FaultProxy],
    action: str, nth: int, kind: str, reused: int, left_pending: int,
) -> None:  # fmt: skip
    publish(site, ckan_server)
    correct_one_table_and_bump(site)
    proxy = proxy_for(on(action, nth, kind))
    with pytest.raises(TargetError) as failure:
        publish_through(site, ckan_server, through(proxy, ckan_server))
    assert f"stopped answering during {action}" in str(failure.value)
    assert "Run the same command again" in str(failure.value)
    dataset = assert_consistent(ckan, site, "1.0.0")
    assert sum(r.get("oppnadata_status") == "pending" for r in dataset["resources"]) == left_pending

    outcome, client, _ = publish(site, ckan_server)
    assert outcome.applied and len(outcome.plan.reuse) == reused and client.stats.uploads == 6 - reused
    dataset = assert_consistent(ckan, site, "1.1.0")
    assert not [r for r in dataset["resources"] if r.get("oppnadata_status") == "pending"]


def test_switch_applied_but_its_answer_lost_then_rerun_finds_it_done(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN, proxy_for: Callable[..., FaultProxy]
) -> None:
    publish(site, ckan_server)
    correct_one_table_and_bump(site)
    proxy = proxy_for(on("package_revise", 2, "drop-after"))
    with pytest.raises(TargetError, match="may or may not have been made"):
        publish_through(site, ckan_server, through(proxy, ckan_server))
    assert_consistent(ckan, site, "1.1.0")
    outcome, client, _ = publish(site, ckan_server)
    assert not outcome.applied and client.stats.writes == 0


# --------------------------------------------------------------------------- 500s and slow answers


def test_passing_500s_are_retried_and_the_publish_completes(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN, proxy_for: Callable[..., FaultProxy]
) -> None:
    publish(site, ckan_server)
    correct_one_table_and_bump(site)
    failing = {4, 5, 8}  # the claim twice (the third attempt passes), and the second upload
    proxy = proxy_for(lambda number, action: "500" if number in failing else None)
    outcome, client, _ = publish_through(site, ckan_server, through(proxy, ckan_server))
    assert outcome.applied and client.stats.retries == 3 and client.stats.uploads == 6
    assert_consistent(ckan, site, "1.1.0")


def test_persistent_500s_fail_clearly_and_change_nothing(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN, proxy_for: Callable[..., FaultProxy]
) -> None:
    publish(site, ckan_server)
    correct_one_table_and_bump(site)
    proxy = proxy_for(lambda number, action: "500" if action == "resource_create" else None)
    with pytest.raises(TargetError, match=r"failed resource_create \(HTTP 500\)"):
        publish_through(site, ckan_server, through(proxy, ckan_server))
    assert_consistent(ckan, site, "1.0.0")
    outcome, _, _ = publish(site, ckan_server)
    assert outcome.applied
    assert_consistent(ckan, site, "1.1.0")


def test_answers_slower_than_the_timeout(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN, proxy_for: Callable[..., FaultProxy]
) -> None:
    publish(site, ckan_server)
    correct_one_table_and_bump(site)
    # a slow read is simply asked again
    proxy = proxy_for(on("package_show", 1, "slow"), delay=2.5)
    outcome, client, _ = publish_through(site, ckan_server, through(proxy, ckan_server, timeout=(2.0, 1.0)))
    assert outcome.applied and client.stats.retries == 1
    assert_consistent(ckan, site, "1.1.0")

    # a slow write is not repeated blindly (it may have been applied): stop, and the re-run finishes
    path = site.repo / "datasets" / "rapporter.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(CORRECTED[1], CORRECTED[0]), encoding="utf-8")
    set_version(site, "1.2.0")
    proxy = proxy_for(on("resource_create", 2, "slow"), delay=2.5)
    with pytest.raises(TargetError, match="stopped answering during resource_create"):
        publish_through(site, ckan_server, through(proxy, ckan_server, timeout=(2.0, 1.0)))
    time.sleep(2)  # the proxy delivers the slow upload after the client gave up
    assert_consistent(ckan, site, "1.1.0")
    outcome, client, _ = publish(site, ckan_server)
    assert outcome.applied and len(outcome.plan.reuse) == 2 and client.stats.uploads == 4
    assert_consistent(ckan, site, "1.2.0")


# --------------------------------------------------------------------------- tokens and secrets


def admin_name(ckan: ckanapi.RemoteCKAN) -> str:
    return next(u["name"] for u in ckan.action.user_list() if u["sysadmin"])


def test_a_revoked_token_exits_1_and_the_catalogue_is_untouched(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN
) -> None:
    admin = admin_name(ckan)
    issued = ckan.action.api_token_create(user=admin, name=f"revoke-me-{uuid.uuid4().hex[:6]}")
    code, output = cli(site, ckan_server, token=issued["token"])
    assert code == 0, output
    ckan.action.api_token_revoke(jti=issued["id"])
    before = ckan.action.package_show(id=site.name)
    correct_one_table_and_bump(site)
    code, output = cli(site, ckan_server, token=issued["token"])
    assert code == 1, output
    assert "may not publish datasets" in output and "revoked" in output
    assert issued["token"] not in output
    assert ckan.action.package_show(id=site.name) == before


def test_the_token_never_appears_in_output_logs_tracebacks_or_files(
    site: Site, ckan_server: CkanServer, ckan: ckanapi.RemoteCKAN, caplog: pytest.LogCaptureFixture
) -> None:
    token = ckan_server.token
    caplog.set_level(logging.DEBUG)
    code, output = cli(site, ckan_server)  # a whole first publish, with every library logging at DEBUG
    assert code == 0, output
    correct_one_table_and_bump(site)
    code, more = cli(site, ckan_server, "--dry-run")
    assert code == 0, more
    assert token not in output + more
    assert caplog.records and not [r for r in caplog.records if token in r.getMessage()]
    for path in site.repo.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path

    # failures with --debug: the traceback (and every chained exception) is free of the token too
    for ckan_url in (ckan_server.url, "http://127.0.0.1:9"):
        result = CliRunner().invoke(
            main, ["--debug", "publish", str(site.descriptor), "--target", "ckan", "--out", str(site.dist),
                   "--ckan-url", ckan_url, "--lang", "en"],
            env={"CKAN_API_TOKEN": token + "-not-valid", "CKAN_URL": None},
        )  # fmt: skip
        assert result.exit_code != 0 and result.exception is not None
        text = "".join(traceback.format_exception(result.exception)) + result.output
        assert token not in text and repr(result.exception).find(token) < 0
    client = CkanClient.connect(ckan_server.url, token)
    assert token not in repr(client) and client.redact(f"x{token}y") == "x***y"
