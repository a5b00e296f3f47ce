"""``oppnadata serve``: the static site on localhost (standard library only), for a look in a browser."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import DescriptorError


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the stdlib's own class attribute
        **SimpleHTTPRequestHandler.extensions_map,
        ".csv": "text/csv; charset=utf-8",
        ".json": "application/json",
        ".ttl": "text/turtle; charset=utf-8",
        ".rdf": "application/rdf+xml",
        ".md": "text/markdown; charset=utf-8",
        ".cff": "application/yaml",
        ".sha256": "text/plain; charset=utf-8",
        ".zip": "application/zip",
    }


def make_server(site: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server for ``site`` bound to ``host:port`` (port 0: any free port); not started."""
    if not (site / "index.html").is_file():
        raise DescriptorError(
            f"{site} holds no portal (no index.html)",
            hint="Run `oppnadata publish` first (or pass the folder with --site).",
        )
    handler = functools.partial(_Handler, directory=str(site.resolve()))
    return ThreadingHTTPServer((host, port), handler)


def serve(
    site: Path, host: str = "127.0.0.1", port: int = 8000, *, ready: Callable[[str], None] | None = None
) -> None:
    """Serve ``site`` until interrupted; ``ready`` gets the address once the server listens."""
    server = make_server(site, host, port)
    with server:
        bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        if ready:
            ready(f"http://{shown}:{bound_port}/")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
