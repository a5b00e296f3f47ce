"""``oppnadata serve``: the static site on localhost (standard library only), for a look in a browser."""

from __future__ import annotations

import contextlib
import functools
import gzip
import os
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ...errors import DescriptorError


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
    compressed = (".html", ".js", ".css", ".svg", ".json", ".rdf", ".ttl")  # as a static host gzips them

    def do_GET(self) -> None:
        """Pages, scripts and data shards gzipped when the browser accepts it (as any static host does);
        everything else (the downloads) byte for byte as the stdlib sends it."""
        path = self.translate_path(self.path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or not path.endswith(self.compressed) or not os.path.isfile(path):
            super().do_GET()
            return
        try:
            with open(path, "rb") as handle:
                body = gzip.compress(handle.read(), 6, mtime=0)
        except OSError:
            super().do_GET()
            return
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


def make_server(site: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server for ``site`` bound to ``host:port`` (port 0: any free port); not started."""
    if not (site / "index.html").is_file():
        raise DescriptorError.coded("portal-no-site", site=site)
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
