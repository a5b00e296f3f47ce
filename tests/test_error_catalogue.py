"""Every error the tool raises on purpose has its texts in the catalogue (src/oppnadata/messages/errors_*.py),
in Swedish and English, so `--lang sv` shows it in Swedish (issue 12 item 5).

Read from the source with ``ast``: a project error (``errors.OppnadataError`` or a subclass, found by walking the
class definitions) may only be made with ``X.coded("code", ...)``; a subclass with an ``__init__`` of its own
takes its texts with ``self._from_catalogue("code", ...)``. ``errors.py`` itself, which defines the mechanism,
is the one place that constructs errors from texts (``recoded`` copies an error with its code).
"""

from __future__ import annotations

import ast
import functools
import string
from pathlib import Path

import pytest

from oppnadata import messages
from tests.conftest import REPO

SOURCE = REPO / "src" / "oppnadata"
# Folders whose raise sites are not coded yet (this set only shrinks; empty when the work is done).
NOT_YET: set[str] = set()


@functools.cache
def _parsed() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(SOURCE.rglob("*.py"))}


def _trees() -> dict[Path, ast.Module]:
    return dict(_parsed())


def _name(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def _error_classes(trees: dict[Path, ast.Module]) -> dict[str, ast.ClassDef]:
    """Every class that derives from OppnadataError, by name (names are unique in src/oppnadata)."""
    found = {
        "OppnadataError": next(
            n for n in ast.walk(trees[SOURCE / "errors.py"]) if _is_class(n, "OppnadataError")
        )
    }
    classes = [node for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    grew = True
    while grew:
        grew = False
        for node in classes:
            if node.name not in found and any(_name(base) in found for base in node.bases):
                found[node.name] = node
                grew = True
    return found


def _is_class(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.ClassDef) and node.name == name


def _folder(path: Path) -> str:
    parts = path.relative_to(SOURCE).parts
    return parts[0] if len(parts) > 1 else "."


def _own_init_coded(node: ast.ClassDef) -> bool:
    """The class's own ``__init__`` (if any) takes its texts from the catalogue."""
    inits = [f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"]
    return all(
        any(isinstance(c, ast.Call) and _name(c.func) == "_from_catalogue" for c in ast.walk(init))
        for init in inits
    ) and bool(inits)


def _uncoded(trees: dict[Path, ast.Module]) -> list[str]:
    classes = _error_classes(trees)
    self_coding = {name for name, node in classes.items() if _own_init_coded(node)}
    bad = []
    for path, tree in trees.items():
        if (path.name == "errors.py" and path.parent == SOURCE) or _folder(path) in NOT_YET:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _name(node.func) in classes
                and _name(node.func) not in self_coding
            ):
                bad.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)[:90]}")
    return bad


def _literal_codes(trees: dict[Path, ast.Module]) -> list[tuple[str, str]]:
    """(code, where) of every ``.coded("code")`` and ``_from_catalogue("code")`` call with a literal code."""
    found = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _name(node.func) in ("coded", "_from_catalogue")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.append((str(node.args[0].value), f"{path.relative_to(REPO)}:{node.lineno}"))
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_project_error_is_made_from_the_catalogue() -> None:
    assert _uncoded(_trees()) == []


def test_the_check_sees_an_uncoded_error(tmp_path: Path) -> None:
    """The AST walk finds a plain ``raise DescriptorError("...")`` (the check can fail)."""
    trees = _trees()
    sample = tmp_path / "sample.py"
    sample.write_text('from oppnadata.errors import DescriptorError\nraise DescriptorError("no such file")\n')
    trees[SOURCE / "importing" / "sample.py"] = ast.parse(sample.read_text())
    assert any("DescriptorError('no such file')" in line for line in _uncoded(trees))


def test_every_coded_error_names_a_code_of_the_catalogue() -> None:
    missing = [f"{where}: {code}" for code, where in _literal_codes(_trees()) if code not in messages.ERRORS]
    assert missing == []


@pytest.mark.parametrize("code", sorted(messages.ERRORS))
def test_every_error_text_is_in_swedish_and_english_with_the_same_placeholders(code: str) -> None:
    entry = messages.ERRORS[code]
    assert entry.sv.strip() and entry.en.strip()
    assert entry.sv != entry.en
    assert bool(entry.hint_sv.strip()) == bool(entry.hint_en.strip())
    swedish = {"what" if name == "what_sv" else name for name in _fields(entry.sv) | _fields(entry.hint_sv)}
    assert swedish == _fields(entry.en) | _fields(entry.hint_en)


def test_every_catalogue_error_is_used() -> None:
    """Each code stands as a string literal somewhere in src/oppnadata outside messages/ (a raise site, or a
    helper's call like importing/mapping.py's ``_fail(path, where, "mapping-bad-top")``)."""
    used = set()
    for path, tree in _trees().items():
        if "messages" in path.relative_to(SOURCE).parts:
            continue
        used |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    assert sorted(set(messages.ERRORS) - used) == []


def test_error_codes_and_finding_codes_are_apart() -> None:
    assert set(messages.ERRORS) & set(messages.CATALOGUE) == set()
    areas = [set(area.ERRORS) for area in messages.ERROR_AREAS]
    assert sum(map(len, areas)) == len(messages.ERRORS)  # no code defined in two areas
