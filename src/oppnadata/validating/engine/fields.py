"""One Table Schema field checked over a column batch: missing values, type, constraints, and keys.

Each column is split in three, vectorised with pyarrow.compute:

- *missing*: the cell is one of the schema's ``missingValues`` (or the record has no such cell);
- *fast*: the cell has the plain canonical form whose value is known exactly without Python
  (``-?[0-9]{1,18}`` for an integer, a calendar-valid ``YYYY-MM-DD`` for a date, a listed true/false
  value for a boolean, any text for a string …); its constraints are checked vectorised;
- *slow*: everything else. Its distinct values go through frictionless's own cell reader (imported only
  then), which returns the typed value and the names of the failed checks (``type`` or a constraint):
  the exact semantics, on the few values that need them. A value that frictionless's value reader plainly refuses (``int(cell.strip())``
  for an integer, ``strptime`` for a default date: the same calls) is a type error without the import.

A fast-path answer is only used where it provably agrees with frictionless; when a constraint or a
type option has no exact vectorised form (an ``enum`` on numbers, a ``groupChar``, a regular expression
RE2 would read differently, a value outside printable ASCII for a pattern) the value goes the slow way.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

import numpy as np

from ...descriptor import missing_values

ORDER = ["required", "minLength", "maxLength", "pattern", "minimum", "maximum",
         "exclusiveMinimum", "exclusiveMaximum", "enum"]  # fmt: skip
INT_FAST = r"^-?[0-9]{1,18}$"
NUMBER_FAST = r"^-?[0-9]+(\.[0-9]+)?$"
DATE_FAST = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
# A calendar-valid date of year 0001-9999, except 29 February (leap years are checked apart).
DATE_VALID = (
    r"^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-"
    r"((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8]))$"
)
LEAP_DAY = r"^[0-9]{4}-02-29$"
YEAR_FAST = r"^[0-9]{4}$"
PRINTABLE_ASCII = r"^[\x20-\x7e]*$"
# Regular-expression syntax on which Python's re and RE2 agree for printable-ASCII text.
_RE2_SAFE = re.compile(r"^(?:[^\\\[{(]|\\[dDwWsSbB.\-/\\+*?()\[\]{}|^$]|\[(?!:)|\{(?!,)|\((?![?])|\(\?:)*$")
_SIG_DIGITS = 15
SUPPORTED_TYPES = {"string", "integer", "number", "boolean", "date", "datetime", "time", "year",
                   "yearmonth", "duration", "geopoint", "geojson", "array", "object", "list", "any"}  # fmt: skip


def canonical(value: Any) -> str | None:
    """A text form under which two typed cells are equal exactly when Python says they are.

    Keys (unique, primary, foreign) compare typed values as frictionless does: ``1 == Decimal('1.0')``,
    ``'1' != 1``, a date is not a string.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "n:1" if value else "n:0"
    if isinstance(value, int):
        return f"n:{value}"
    if isinstance(value, (Decimal, float)):
        number = Decimal(value) if isinstance(value, float) else value
        if not number.is_finite():
            return f"x:{number}"
        if number == number.to_integral_value():
            return f"n:{int(number)}"
        return f"n:{format(number.normalize(), 'f')}"
    if isinstance(value, str):
        return f"s:{value}"
    kind = type(value).__name__
    iso = getattr(value, "isoformat", None)
    return f"{kind}:{iso()}" if iso else f"{kind}:{value!r}"


class FieldCheck:
    """Checks one field; ``number`` is its 1-based position in the header."""

    def __init__(self, descriptor: dict[str, Any], schema_missing: list[str], number: int) -> None:
        self.descriptor = descriptor
        self.name = str(descriptor["name"])
        self.number = number
        self.type = str(descriptor.get("type", "string") or "string")
        self.format = str(descriptor.get("format", "default") or "default")
        missing = descriptor.get("missingValues")
        self.missing_values = schema_missing if missing is None else missing_values(missing)
        constraints = descriptor.get("constraints") or {}
        self.constraints = {k: v for k, v in constraints.items() if v is not None and k in ORDER}
        self.required = bool(self.constraints.get("required"))
        self._reader: Any = None
        self._cache: dict[str, tuple[Any, list[str]]] = {}
        self._all_slow = not self._fast_possible()
        self.true_values = [str(v) for v in descriptor.get("trueValues", ["true", "True", "TRUE", "1"])]
        self.false_values = [str(v) for v in descriptor.get("falseValues", ["false", "False", "FALSE", "0"])]
        self._bounds = self._fast_bounds()
        # Text that any value satisfies: only its blanks count (towards blank rows).
        self.trivial = self.type in ("string", "any") and self.format == "default" and not self.constraints

    # --- planning -------------------------------------------------------------------------------

    def _fast_possible(self) -> bool:
        c = set(self.constraints) - {"required"}
        if self.type == "string":
            if self.format not in ("default", *_FORMATS):
                return False
            enum = self.constraints.get("enum")
            if enum is not None and not all(isinstance(v, str) for v in enum):
                return False
            pattern = self.constraints.get("pattern")
            return not (pattern is not None and not isinstance(pattern, str))
        if self.type == "any":
            return not c
        if self.type == "integer":
            return not (c & {"enum"}) and self.descriptor.get("bareNumber", True) is True
        if self.type == "number":
            options = {"decimalChar", "groupChar", "bareNumber", "floatNumber"}
            return not (c & {"enum"}) and not (options & set(self.descriptor))
        if self.type in ("date", "year"):
            return self.format == "default" and not (c & {"enum"})
        if self.type == "boolean":
            return not (c & {"enum"})
        return False

    def _fast_bounds(self) -> dict[str, Any]:
        """Bounds compared vectorised; an uncastable or too precise bound sends values the slow way."""
        bounds: dict[str, Any] = {}
        if self._all_slow:
            return bounds
        for name in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if name not in self.constraints:
                continue
            typed = _cast_bound(self.type, self.constraints[name])
            if typed is None:
                self._all_slow = True
                return {}
            bounds[name] = typed
        return bounds

    # --- the exact (frictionless) path ----------------------------------------------------------

    def _frictionless_reader(self) -> Any:
        import frictionless  # lazy: only values off the fast path need it

        schema = frictionless.Schema.from_descriptor(
            {"fields": [self.descriptor], "missingValues": self.missing_values}
        )
        return schema.fields[0].create_cell_reader()

    def _slow_value(self, cell: str) -> tuple[Any, list[str]]:
        """(typed value, failed checks) for one raw cell, as frictionless reads it: each check is
        ``"type"`` or a constraint's name (the keys of frictionless's notes, never their text)."""
        hit = self._cache.get(cell)
        if hit is None and self._not_of_type(cell):
            # frictionless's cell reader gives exactly this when its value reader returns None.
            hit = (None, ["type"])
        if hit is None:
            if self._reader is None:
                self._reader = self._frictionless_reader()
            typed, notes = self._reader(cell)
            hit = (typed, list(notes or {}))
            if len(self._cache) < 200_000:
                self._cache[cell] = hit
        return hit

    def _not_of_type(self, cell: str) -> bool:
        """True when frictionless's value reader for this field returns None for ``cell``: its own code
        for an integer without options (``int(cell.strip())``) and a date of the default format
        (``strptime``), so a plainly bad value needs no frictionless import. False: ask frictionless."""
        if self.type == "integer" and self.descriptor.get("bareNumber", True) is True:
            try:
                int(cell.strip())
            except Exception:  # as broad as frictionless's reader: any failure is "not of the type"
                return True
            return False
        if self.type == "date" and self.format == "default":
            try:
                datetime.strptime(cell, "%Y-%m-%d")
            except Exception:  # as broad as frictionless's reader: any failure is "not of the type"
                return True
            return False
        return False

    # --- a batch --------------------------------------------------------------------------------

    def check(
        self, column: Any, absent: np.ndarray | None, *, want_key: bool, blanks_matter: bool = True
    ) -> FieldResult:
        """Check ``column`` (a pyarrow string array); ``absent`` marks records without this cell.

        ``blanks_matter=False`` says no row of the batch can be blank any more (another cell has a value),
        so a text field without constraints has nothing to check at all.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        n = len(column)
        if not blanks_matter and not want_key and self.trivial and absent is None:
            return FieldResult(n, np.zeros(n, dtype=bool))
        missing = _np(pc.is_in(column, value_set=pa.array(self.missing_values, pa.string())))
        if absent is not None:
            missing |= absent
        result = FieldResult(n, missing)
        if self.required and missing.any():
            result.add(np.flatnonzero(missing), "required")
        fast = np.zeros(n, dtype=bool)
        if not self._all_slow:
            fast, notes = self._fast(column, pc, pa)
            fast &= ~missing
            for mask, name in notes:
                hits = mask & fast
                if hits.any():
                    result.add(np.flatnonzero(hits), name)
        slow = ~missing & ~fast
        if want_key:
            result.key = self._fast_key(column, fast, pc, pa)
        if slow.any():
            self._check_slow(column, slow, result, want_key, pa, pc)
        if want_key and self.type == "number":
            result.key = self._python_keys(column, missing | result.type_error, pa, pc)
        return result

    def _fast(self, column: Any, pc: Any, pa: Any) -> tuple[np.ndarray, list[tuple[np.ndarray, str]]]:
        """The cells on the fast path, and the constraint failures among all cells (masked later)."""
        notes: list[tuple[np.ndarray, str]] = []
        t = self.type
        n = len(column)
        if t in ("string", "any"):
            fast = np.ones(n, dtype=bool)
            if t == "string" and self.format in _FORMATS:
                fast = _format_ok(column, _FORMATS[self.format](), pc, pa)
            if "minLength" in self.constraints or "maxLength" in self.constraints:
                lengths = np.asarray(pc.utf8_length(column).to_numpy(zero_copy_only=False))
                if "minLength" in self.constraints:
                    notes.append((lengths < int(self.constraints["minLength"]), "minLength"))
                if "maxLength" in self.constraints:
                    notes.append((lengths > int(self.constraints["maxLength"]), "maxLength"))
            if "pattern" in self.constraints:
                pattern = str(self.constraints["pattern"])
                if _RE2_SAFE.match(pattern):
                    # On printable ASCII, RE2 and Python's re agree on this syntax: a match and a
                    # failure are both exact; any other text is checked by Python.
                    printable = _np(pc.match_substring_regex(column, PRINTABLE_ASCII))
                    matched = _np(pc.match_substring_regex(column, f"^(?:^{pattern}$)"))
                    fast &= printable
                    notes.append((~matched, "pattern"))
                else:
                    fast[:] = False
            if "enum" in self.constraints:
                ok = _np(pc.is_in(column, value_set=pa.array(self.constraints["enum"], pa.string())))
                notes.append((~ok, "enum"))
            return fast, notes
        if t == "boolean":
            values = pa.array(self.true_values + self.false_values, pa.string())
            return _np(pc.is_in(column, value_set=values)), notes
        if t in ("integer", "number", "year"):
            regex = {"integer": INT_FAST, "number": NUMBER_FAST, "year": YEAR_FAST}[t]
            fast = _np(pc.match_substring_regex(column, regex))
            if t == "number":  # at most 15 significant digits: a float64 compares them exactly
                fast &= np.asarray(pc.utf8_length(column).to_numpy(zero_copy_only=False)) <= _SIG_DIGITS
            if self._bounds:
                values = np.zeros(n, dtype="float64" if t == "number" else "int64")
                if fast.any():
                    picked = pc.filter(column, pa.array(fast))
                    cast = pc.cast(picked, pa.float64() if t == "number" else pa.int64())
                    values[fast] = cast.to_numpy(zero_copy_only=False)
                notes.extend(self._compare_bounds(values))
            return fast, notes
        if t == "date":
            fast = _np(pc.match_substring_regex(column, DATE_VALID))
            leap_day = _np(pc.match_substring_regex(column, LEAP_DAY))
            if leap_day.any():
                fast |= _leap_days(column, leap_day, pc, pa)
            if self._bounds:
                days = np.zeros(n, dtype="int64")
                if fast.any():
                    picked = pc.filter(column, pa.array(fast))
                    parsed = pc.cast(pc.strptime(picked, format="%Y-%m-%d", unit="s"), pa.date32())
                    days[fast] = parsed.cast(pa.int32()).to_numpy(zero_copy_only=False)
                notes.extend(self._compare_bounds(days))
            return fast, notes
        return np.zeros(n, dtype=bool), notes

    def _compare_bounds(self, values: np.ndarray) -> list[tuple[np.ndarray, str]]:
        tests = {
            "minimum": lambda b: values < b,
            "maximum": lambda b: values > b,
            "exclusiveMinimum": lambda b: values <= b,
            "exclusiveMaximum": lambda b: values >= b,
        }
        return [(tests[name](bound), name) for name, bound in self._bounds.items()]

    def _fast_key(self, column: Any, fast: np.ndarray, pc: Any, pa: Any) -> Any:
        """Canonical key text (see :func:`canonical`) of the fast cells; null elsewhere."""
        off = pa.array(~fast)
        none = pa.scalar(None, pa.string())
        t = self.type
        if t in ("string", "any"):
            text = pc.binary_join_element_wise("s:", column, "")
        elif t in ("integer", "year"):
            ints = pc.cast(pc.if_else(off, "0", column), pa.int64())
            text = pc.binary_join_element_wise("n:", pc.cast(ints, pa.string()), "")
        elif t == "date":
            text = pc.binary_join_element_wise("date:", column, "")
        elif t == "boolean":
            truth = pc.is_in(column, value_set=pa.array(self.true_values, pa.string()))
            text = pc.if_else(truth, "n:1", "n:0")
        else:
            return pa.nulls(len(column), pa.string())
        return pc.if_else(off, none, text)

    def _python_keys(self, column: Any, off: np.ndarray, pa: Any, pc: Any) -> Any:
        """Keys computed by Python on the distinct values (numbers compare as Decimals)."""
        encoded = pc.dictionary_encode(column)
        keys = [canonical(self._slow_value(v)[0]) for v in encoded.dictionary.to_pylist()]
        text = pc.take(pa.array(keys, pa.string()), encoded.indices)
        return pc.if_else(pa.array(off), pa.scalar(None, pa.string()), text)

    def _check_slow(self, column: Any, slow: np.ndarray, result: FieldResult, want_key: bool, pa: Any,
                    pc: Any) -> None:  # fmt: skip
        positions = np.flatnonzero(slow)
        cells = pc.take(column, pa.array(positions)).to_pylist()
        keys: list[Any] | None = None
        if want_key and self.type != "number":
            keys = result.key.to_pylist()
        for position, cell in zip(positions, cells, strict=False):
            typed, failed = self._slow_value(cell)
            p = int(position)
            for name in failed:
                if name == "type":
                    result.type_error[p] = True
                result.add_one(p, name)
            if typed is None and not failed:
                result.missing[p] = True  # frictionless reads it as missing
            if keys is not None:
                keys[p] = canonical(typed)
        if keys is not None:
            result.key = pa.array(keys, pa.string())


class FieldResult:
    """What one field's check found in a batch: blanks, type errors, sparse notes, and keys."""

    def __init__(self, n: int, missing: np.ndarray) -> None:
        self.n = n
        self.missing = missing
        self.type_error = np.zeros(n, dtype=bool)
        self.key: Any = None
        # (position, order, check): "type" or the constraint that failed; order sorts one cell's
        # failures the way frictionless lists them
        self.errors: list[tuple[int, int, str]] = []

    def add(self, positions: np.ndarray, name: str) -> None:
        order = ORDER.index(name)
        self.errors.extend((int(p), order, name) for p in positions)

    def add_one(self, position: int, name: str) -> None:
        self.errors.append((position, -1 if name == "type" else _order(name), name))

    def sorted_errors(self) -> list[tuple[int, int, str]]:
        return sorted(self.errors)


def _order(name: str) -> int:
    """Where a constraint frictionless checked sorts among a cell's failures (one it added: last)."""
    return ORDER.index(name) if name in ORDER else len(ORDER)


def _uri_check() -> Any:
    """frictionless's ``uri`` format: rfc3986 with a scheme (the same calls, without frictionless)."""
    import rfc3986
    from rfc3986 import exceptions, validators

    def ok(cell: str) -> bool:
        validator = validators.Validator().require_presence_of("scheme")
        try:
            validator.validate(rfc3986.uri_reference(cell))
        except exceptions.ValidationError:
            return False
        return True

    return ok


def _email_check() -> Any:
    import validators

    return lambda cell: bool(validators.email(cell))


def _uuid_check() -> Any:
    import validators

    return lambda cell: bool(validators.uuid(cell))


_FORMATS = {"uri": _uri_check, "email": _email_check, "uuid": _uuid_check}


def _format_ok(column: Any, ok: Any, pc: Any, pa: Any) -> np.ndarray:
    """The format check on the distinct values of the column, mapped back to rows."""
    encoded = pc.dictionary_encode(column)
    verdicts = pa.array([ok(v) for v in encoded.dictionary.to_pylist()], pa.bool_())
    return _np(pc.take(verdicts, encoded.indices))


def _cast_bound(kind: str, value: Any) -> Any:
    """A bound as the fast path compares it; None when only frictionless can say (then all go slow)."""
    text = str(value)
    if isinstance(value, bool):
        return None
    if kind in ("integer", "year") and re.fullmatch(r"-?[0-9]{1,18}", text):
        return int(text)
    if kind == "number" and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        number = Decimal(text)
        return float(number) if len(number.as_tuple().digits) <= _SIG_DIGITS else None
    if kind == "date" and re.fullmatch(DATE_FAST, text):
        return int(np.datetime64(text, "D").astype("int64"))
    return None


def _np(array: Any) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype=bool)


def _leap_days(column: Any, leap_day: np.ndarray, pc: Any, pa: Any) -> np.ndarray:
    """29 February of a leap year (pyarrow's strptime would roll a non-leap 02-29 over to March)."""
    year = _ints(pc.utf8_slice_codeunits(column, 0, 4), leap_day, pc, pa)
    return leap_day & (year >= 1) & (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))


def _ints(column: Any, fast: np.ndarray, pc: Any, pa: Any) -> np.ndarray:
    safe = pc.if_else(pa.array(fast), column, "0")
    return np.asarray(pc.cast(safe, pa.int64()).to_numpy(zero_copy_only=False))
