"""pandas, loaded by a validate run only when one of its rules uses it.

pyarrow (26) imports pandas on its own, from C, the first time almost anything converts Python objects
(``pa.array``, ``pa.scalar``, a compute call with a Python value, ``to_numpy``), only to recognise
pandas objects among them: 0.3-0.6 s and some 60 MB on every validation, though the rules that read
every table run on arrow and a package without the domain tables never makes a pandas object.

:func:`defer_pandas` (the ``validate`` command: a choice of the program, like ``tune_allocators``)
installs an import hook that refuses exactly those imports: ones that do not come from an ``import``
statement (or ``importlib.import_module``) in Python code. Any such statement, in the rules on pandas
or anywhere else, imports pandas as usual and removes the hook; pyarrow then finds pandas the next time
it converts a frame (``to_pandas``, ``from_pandas`` retry the import), and the rules hand pandas
objects to pyarrow only through those.
"""

from __future__ import annotations

import dis
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

_IMPORT_NAME = dis.opmap["IMPORT_NAME"]


def _from_python_import() -> bool:
    """Whether the import under way was asked for by Python code (an ``import`` statement or
    ``importlib.import_module``), rather than by a C extension calling the import machinery."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith("<frozen importlib"):
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None:
        return True
    if frame.f_code.co_filename.replace("\\", "/").endswith("importlib/__init__.py"):
        return True
    return frame.f_code.co_code[frame.f_lasti] == _IMPORT_NAME


class _PandasGate:
    """A meta path finder: refuses pandas to C callers, steps aside at the first Python import."""

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != "pandas":
            return None
        if _from_python_import():
            remove()
            return None  # the other finders find it
        raise ModuleNotFoundError("pandas is deferred until a rule imports it", name=name)


_GATE = _PandasGate()


def defer_pandas() -> None:
    """Refuse pyarrow's own import of pandas for the rest of the process, until Python code imports it."""
    if "pandas" not in sys.modules and _GATE not in sys.meta_path:
        sys.meta_path.insert(0, _GATE)


def remove() -> None:
    if _GATE in sys.meta_path:
        sys.meta_path.remove(_GATE)


__all__ = ["defer_pandas"]
