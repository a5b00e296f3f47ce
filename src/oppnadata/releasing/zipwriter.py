"""The release's zip: deterministic (entries sorted, fixed time and mode) and byte for byte what ``zipfile``'s
own ``writestr`` writes at level 9, with the members deflated in worker threads while the build goes on."""

from __future__ import annotations

import os
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

CHUNK = 1 << 20  # bytes read and deflated at a time: zlib's output does not depend on how its input is cut


class Deflater:
    """Deflates the release's files in worker threads (zlib releases the GIL) while the build goes on
    writing them; :func:`write_zip` takes the results in its fixed order. A worker reads its file back from
    disk a chunk at a time, so what stays in memory is the compressed bytes, never a whole member."""

    def __init__(self, threads: int | None = None) -> None:
        self.workers = max(1, min(threads or os.cpu_count() or 1, 8))
        self.pool = ThreadPoolExecutor(self.workers, thread_name_prefix="deflate")
        self.results: dict[str, Future[tuple[int, int, bytes]]] = {}

    def add(self, relpath: str, path: Path) -> None:
        """Deflate the file at ``path`` (written in full) as the member ``relpath``."""
        self.results[relpath] = self.pool.submit(_deflate_file, path)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def write_zip(folder: Path, zip_path: Path, when: datetime, *, deflater: Deflater | None = None) -> None:
    """A deterministic zip of ``folder`` (entries under ``<folder name>/``, sorted, fixed time and mode).

    Members are deflated (level 9) in parallel threads — those ``deflater`` already has from the build,
    the rest queued here — and written in the fixed order; the bytes are exactly those of ``zipfile``'s own
    ``writestr``."""
    stamp = max(when, datetime(1980, 1, 1, tzinfo=UTC)).timetuple()[:6]
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    own = deflater is None
    pool = Deflater() if deflater is None else deflater
    try:
        names = [path.relative_to(folder).as_posix() for path in files]
        for name, path in zip(names, files, strict=True):
            if name not in pool.results:
                pool.add(name, path)
        with zipfile.ZipFile(zip_path, "w") as archive:
            for name, path in zip(names, files, strict=True):
                size, crc, packed = pool.results.pop(name).result()
                info = zipfile.ZipInfo(f"{folder.name}/{name}", stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o100644 << 16
                info.create_system = 3
                if size * 1.05 > zipfile.ZIP64_LIMIT:  # zip64 headers: let zipfile write them
                    archive.writestr(info, path.read_bytes(), compresslevel=9)
                else:
                    _write_deflated(archive, info, size, crc, packed)
    finally:
        if own:
            pool.close()


def _deflate_file(path: Path) -> tuple[int, int, bytes]:
    """What ``zipfile`` computes for a member: size, CRC-32 and raw deflate at level 9 (the same calls, fed
    a chunk at a time)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    size, crc, packed = 0, 0, []
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            size += len(chunk)
            crc = zlib.crc32(chunk, crc)
            packed.append(compressor.compress(chunk))
    packed.append(compressor.flush())
    return size, crc, b"".join(packed)


def _write_deflated(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int, crc: int, packed: bytes
) -> None:
    """Append an already deflated member as ``ZipFile.writestr`` would (seekable file, no zip64): local
    header with the final CRC and sizes, the data, and the entry for the central directory."""
    info.file_size, info.compress_size, info.CRC = size, len(packed), crc
    info.flag_bits = 0x00
    fp = archive.fp
    assert fp is not None
    fp.seek(archive.start_dir)
    info.header_offset = fp.tell()
    archive._writecheck(info)  # type: ignore[attr-defined]
    archive._didModify = True  # type: ignore[attr-defined]
    fp.write(info.FileHeader(False))
    fp.write(packed)
    archive.start_dir = fp.tell()
    archive.filelist.append(info)
    archive.NameToInfo[info.filename] = info
