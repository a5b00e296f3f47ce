"""The whole-pipeline mode of scripts/benchmark (``--pipeline``): validate, build and publish as whole
processes on generated packages of 1 000, 20 000 and 100 000 decisions, beside their floors.

For each size it writes, in a temporary folder (never in the repository), a package of every table from
the example generator's scale option (``scripts/generate_example_data.py --decisions N --out DIR``) with
the repository's descriptor, schemas and publication config. Then, one after the other, each measured
with os.wait4 (wall time, peak RSS of that process):

- floors, in the same run: the bare pyarrow parse of every table (all strings, as the engine reads
  them), the sha256 of the same bytes, and after the build the deflate (zlib level 9, as the release
  zip) of the release's files on two threads;
- wall time, CPU time (user + system, every thread) and peak RSS of each;
- ``oppnadata validate`` (its first run on a package, which checks the schemas with frictionless, is
  printed apart), ``frictionless validate`` (frictionless-py, the reference), ``oppnadata build`` (a
  first release) and ``oppnadata publish`` (the local portal) on the built output.

The machine's load average is printed with every size: on a shared machine, read the figures with it
(CPU time is the steadier figure there; wall time is what a quiet machine shows).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

PARSE_FLOOR = """
import csv, sys, pyarrow as pa, pyarrow.csv as c
rows = 0
for path in sys.argv[1:]:
    names = next(csv.reader(open(path, encoding="utf-8", newline="")))
    table = c.read_csv(path, parse_options=c.ParseOptions(newlines_in_values=True),
                       convert_options=c.ConvertOptions(column_types={n: pa.string() for n in names},
                                                        strings_can_be_null=False))
    rows += table.num_rows
print(rows)
"""

SHA256_FLOOR = """
import hashlib, sys
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        hashlib.file_digest(handle, "sha256")
"""

DEFLATE_FLOOR = """
import sys, zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
def deflate(path):
    data = path.read_bytes()
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return len(c.compress(data) + c.flush())
files = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.is_file())
with ThreadPoolExecutor(2) as pool:
    print(sum(pool.map(deflate, files)))
"""


def run(command: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a whole process; wall time and peak RSS from os.wait4 (this child only)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime  # all threads: on a loaded machine less distorted than wall time
    return {"wall": wall, "cpu": cpu, "rss_mb": usage.ru_maxrss / 1024, "exit": code, "output": output}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f}"


def make_package(target: Path, decisions: int) -> None:
    target.mkdir(parents=True)
    for name in ("datapackage.json", "publication.yaml"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "schemas", target / "schemas")
    generator = ROOT / "scripts" / "generate_example_data.py"
    subprocess.run(
        [sys.executable, str(generator), "--decisions", str(decisions), "--out", str(target / "datasets")],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _rows(paths: list[Path]) -> int:
    import csv

    total = 0
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            total += sum(1 for _ in csv.reader(handle)) - 1
    return total


def _line(name: str, result: dict[str, Any], note: str = "") -> str:
    status = "" if result["exit"] == 0 else f"  EXIT {result['exit']}"
    return (
        f"  {name:<34} {result['wall']:7.2f} s  cpu {result['cpu']:7.2f} s  peak RSS {result['rss_mb']:6.0f} MB"
        f"{status}  {note}"
    ).rstrip()


def pipeline(sizes: list[int], *, frictionless_above: int) -> list[str]:
    """Run every size; returns the summary rows (one a size)."""
    oppnadata = str(BIN / "oppnadata")
    summary = []
    with tempfile.TemporaryDirectory(prefix="oppnadata-pipeline-") as tmp:
        for decisions in sizes:
            pkg = Path(tmp) / f"{decisions}" / "package"
            print(f"\n== {decisions:,} decisions: generating ({load()})", flush=True)
            make_package(pkg, decisions)
            tables = sorted((pkg / "datasets").glob("*.csv"))
            rows = _rows(tables)
            size_mb = sum(p.stat().st_size for p in tables) / 1e6
            print(f"   {len(tables)} tables, {rows:,} rows, {size_mb:.0f} MB; {load()}", flush=True)
            env = {**os.environ, "OPPNADATA_CACHE_DIR": str(pkg.parent / "cache")}
            descriptor = str(pkg / "datapackage.json")
            out, releases, site = pkg.parent / "dist", pkg.parent / "releases", pkg.parent / "site"
            releases.mkdir()
            results: dict[str, dict[str, Any]] = {}
            results["parse"] = run([sys.executable, "-c", PARSE_FLOOR, *map(str, tables)])
            print(_line("floor: pyarrow parse, all tables", results["parse"]), flush=True)
            results["sha"] = run([sys.executable, "-c", SHA256_FLOOR, *map(str, tables)])
            print(_line("floor: sha256 of the same bytes", results["sha"]), flush=True)
            first = run([oppnadata, "validate", descriptor], env)
            print(_line("oppnadata validate (first run)", first, "checks the schemas too"), flush=True)
            results["validate"] = run([oppnadata, "validate", descriptor], env)
            print(_line("oppnadata validate", results["validate"]), flush=True)
            if decisions <= frictionless_above:
                results["frictionless"] = run([str(BIN / "frictionless"), "validate", descriptor], env)
                print(_line("frictionless validate", results["frictionless"]), flush=True)
            print(f"   {load()}", flush=True)
            build = [oppnadata, "build", descriptor, "--out", str(out), "--releases", str(releases)]
            results["build"] = run(build, env)
            print(_line("oppnadata build", results["build"]), flush=True)
            folders = [p for p in out.iterdir() if p.is_dir()] if out.is_dir() else []
            if folders:
                release_mb = sum(p.stat().st_size for p in folders[0].rglob("*") if p.is_file()) / 1e6
                results["deflate"] = run([sys.executable, "-c", DEFLATE_FLOOR, str(folders[0])])
                print(
                    _line(
                        "floor: zlib -9 of the release, 2 thr.", results["deflate"], f"({release_mb:.0f} MB)"
                    )
                )
            print(f"   {load()}", flush=True)
            publish = [oppnadata, "publish", descriptor, "--out", str(out), "--releases", str(releases),
                       "--site", str(site)]  # fmt: skip
            results["publish"] = run(publish, env)
            print(_line("oppnadata publish (portal)", results["publish"]), flush=True)
            for name, result in results.items():
                if result["exit"] != 0:
                    print(
                        f"   {name} exited {result['exit']}:\n{result['output'].decode(errors='replace')[-2000:]}"
                    )
            summary.append(_summary_row(decisions, rows, results, load()))
            shutil.rmtree(pkg.parent, ignore_errors=True)
    return summary


def _summary_row(decisions: int, rows: int, r: dict[str, dict[str, Any]], when: str) -> str:
    def cell(name: str) -> str:
        if name not in r:
            return "—"
        return f"{r[name]['wall']:.2f} s (cpu {r[name]['cpu']:.2f} s) / {r[name]['rss_mb']:.0f} MB"

    return (
        f"| {decisions:,} ({rows:,}) | {cell('validate')} | {cell('frictionless')} | {cell('parse')} | "
        f"{cell('sha')} | {cell('build')} | {cell('deflate')} | {cell('publish')} | {when} |"
    )


def main(sizes: list[int], frictionless_above: int) -> int:
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    summary = pipeline(sizes, frictionless_above=frictionless_above)
    print("\n| decisions (rows) | validate | frictionless validate | floor: pyarrow parse | floor: sha256 | "
          "build | floor: zlib -9, 2 threads | publish (portal) | after the size |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for row in summary:
        print(row)
    return 0
