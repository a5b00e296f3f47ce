"""Rendering the pages on both cores: one process per language.

The Swedish and the English site have the same pages, so splitting by language halves the work evenly without
any coordination; the list's data files (the same in both languages) are split too: the search index in the
parent, the facet and row shards in the child. The catalog (every decision, read once) is built before the fork and shared copy-on-write; the
child renders English into the same staging folder and sends back what it wrote. Where ``fork`` is not
available (Windows, macOS's default) the pages are rendered in one process — the bytes are the same either way.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import sys
import traceback
from collections.abc import Collection, Sequence
from multiprocessing.connection import Connection
from typing import Any

from . import listing, texts
from .pages import Renderer
from .writer import SiteWriter


def render_pages(renderer: Renderer, writer: SiteWriter, skip: Collection[str]) -> int:
    """Write every page of ``renderer`` except those in ``skip``; returns the number of pages written."""
    renderer.prepare()
    context = _fork_context()
    if context is None or len(texts.LANGS) < 2:
        return _render(renderer, texts.LANGS, listing.SHARD_PARTS, writer, skip)
    reader, sender = context.Pipe(duplex=False)
    gc.freeze()  # the shared objects stay out of the child's collections (fewer copied memory pages)
    child = context.Process(
        target=_child, args=(renderer, texts.LANGS[1:], writer, skip, sender), daemon=True
    )
    child.start()
    sender.close()
    try:
        pages = _render(renderer, texts.LANGS[:1], (listing.INDEX_SHARDS,), writer, skip)
        outcome = reader.recv()
    except BaseException:
        child.terminate()
        raise
    finally:
        reader.close()
        child.join()
        gc.unfreeze()
    if outcome[0] == "error":
        raise outcome[1]
    _, count, paths, kept, changed = outcome
    writer.merge(paths, kept, changed)
    return pages + int(count)


def _render(
    renderer: Renderer,
    langs: Sequence[str],
    shards: Collection[str],
    writer: SiteWriter,
    skip: Collection[str],
) -> int:
    pages = 0
    for page in renderer.pages(langs, shards=shards):
        if page.path not in skip:
            writer.write(page.path, page.html.encode("utf-8"))
            pages += 1
    return pages


def _child(
    renderer: Renderer, langs: Sequence[str], writer: SiteWriter, skip: Collection[str], sender: Connection
) -> None:
    fresh = SiteWriter(writer.staging, writer.old)
    try:
        count = _render(renderer, langs, (listing.ROW_SHARDS,), fresh, skip)
        sender.send(("done", count, fresh.paths, fresh.kept, fresh.changed))
    except BaseException as err:  # reported to the parent, which raises it
        sender.send(("error", _portable(err)))
    finally:
        sender.close()


def _portable(err: BaseException) -> BaseException:
    """The child's exception as the parent can unpickle it (else a RuntimeError with its traceback)."""
    try:
        copy = pickle.loads(pickle.dumps(err))
        if isinstance(copy, BaseException):
            return copy
    except Exception:  # any unpicklable exception is reported as text instead
        pass
    return RuntimeError("".join(traceback.format_exception(err)))


def _fork_context() -> Any:
    if sys.platform == "win32" or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")
