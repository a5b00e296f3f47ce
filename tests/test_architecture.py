"""The layout reads like the pipeline: no import circles inside src/oppnadata, and modules of a readable size.

The import graph is read from the source (``ast``): every import counts, at module level, inside a function
(a lazy import that dodges a circle at run time is still a circle in the design) and under ``TYPE_CHECKING``.
``from . import x`` is an edge to the submodule ``x``, not to the package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

SOURCE = REPO / "src" / "oppnadata"

MAX_LINES = 500
# Modules still over MAX_LINES (lines on 2026-12-02), to be split; every other module must stay within it.
LONG_MODULES: dict[str, int] = {}


def _modules(root: Path) -> dict[str, Path]:
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imports(name: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found = sub if sub in modules else target
                if found in modules:
                    yield found


def import_graph(root: Path) -> dict[str, set[str]]:
    modules = _modules(root)
    return {name: set(_imports(name, path, modules)) - {name} for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_import_circles_in_the_package() -> None:
    found = circles(import_graph(SOURCE))
    assert not found, "\n".join(
        " ↔ ".join(c) + "".join(f"\n    {m} → {sorted(import_graph(SOURCE)[m] & set(c))}" for m in c)
        for c in found
    )


def test_the_circle_finder_finds_lazy_and_type_checking_circles(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "from .a import A\n",
        "a.py": "from . import b\nA = 1\n",
        "b.py": "def f():\n    from .a import A\n    return A\n",  # a lazy import closes a ↔ b
        "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .sub.d import D\n",
        "sub/__init__.py": "",
        "sub/d.py": "from ..c import C\nfrom .. import e\n",  # c ↔ sub.d under TYPE_CHECKING
        "e.py": "import pkg.sub\n",  # a submodule importing its package is no circle by itself
    }
    for relpath, text in files.items():
        (package / relpath).write_text(text, encoding="utf-8")
    graph = import_graph(package)
    assert (
        graph["pkg"] == {"pkg.a"} and graph["pkg.a"] == {"pkg.b"} and graph["pkg.sub.d"] == {"pkg.c", "pkg.e"}
    )
    assert circles(graph) == [["pkg.a", "pkg.b"], ["pkg.c", "pkg.sub.d"]]


def test_modules_stay_readable() -> None:
    sizes = {
        path.relative_to(SOURCE).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in SOURCE.rglob("*.py")
    }
    too_long = {
        name: lines for name, lines in sizes.items() if lines > MAX_LINES and name not in LONG_MODULES
    }
    assert not too_long, f"split these modules (over {MAX_LINES} lines): {too_long}"
