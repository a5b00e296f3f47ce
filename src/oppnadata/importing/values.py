"""Parsing cells: Swedish numbers (decimal comma, space / no-break-space / dot thousands), dates, case ids.

Each parser returns the canonical text or raises :class:`ValueProblem` naming what went wrong, so the
caller can turn it into a finding with the source position.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .reading import SPACES, Cell

_CURRENCY = re.compile(r"(?i)\s*(kr\.?|kronor|sek|:-)\s*$")
_CURRENCY_PREFIX = re.compile(r"(?i)^\s*(sek|kr\.?)\s*")


def strip_currency(text: str) -> str:
    """``450 000 kr``, ``SEK 450 000``, ``450 000:-`` → ``450 000``."""
    return _CURRENCY_PREFIX.sub("", _CURRENCY.sub("", text.strip()))


_SPACE_CLASS = "[ \u00a0\u202f]"
_COMMA_DECIMAL = re.compile(rf"^[-−]?\d{{1,3}}(?:(?:{_SPACE_CLASS}|\.)\d{{3}})*,\d+$|^[-−]?\d+,\d+$")
_DOT_DECIMAL = re.compile(r"^[-−]?\d{1,3}(?:,\d{3})*\.\d+$|^[-−]?\d+\.\d+$")
_GROUPED = re.compile(rf"^[-−]?\d{{1,3}}(?:({_SPACE_CLASS}|\.|,)\d{{3}})+(?:[.,]\d+)?$")


class ValueProblem(ValueError):
    """A cell that cannot be parsed; ``code`` is the finding code, ``params`` its parameters."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class NumberFormat:
    """The decimal mark and thousands separators of the export's numbers."""

    def __init__(self, decimal: str = ",", thousands: Iterable[str] = (), how: str = "") -> None:
        self.decimal = decimal
        self.thousands = list(thousands)
        self.how = how

    def parse(self, value: Cell) -> Decimal:
        if isinstance(value, bool) or value is None:
            raise ValueProblem("import-bad-number")
        if isinstance(value, int | float):
            return Decimal(str(value))
        if not isinstance(value, str):
            raise ValueProblem("import-bad-number")
        text = strip_currency(value).replace("−", "-")
        for space in SPACES:
            text = text.replace(space, "")
        grouping = "." if self.decimal == "," else ","
        text = text.replace(grouping, "").replace(self.decimal, ".")
        try:
            return Decimal(text)
        except InvalidOperation as err:
            raise ValueProblem("import-bad-number") from err


def detect_number_format(values: Iterable[Cell], *, decimal: str | None = None) -> NumberFormat:
    """Guess the decimal mark and thousands separators from the text cells of the number columns."""
    texts = [strip_currency(v) for v in values if isinstance(v, str) and v.strip()]
    thousands: set[str] = set()
    comma_votes = dot_votes = 0
    for text in texts:
        for space in SPACES:
            if re.search(rf"\d{space}\d{{3}}", text):
                thousands.add(space)
        # Two or more groups of three (1,200,000 / 1.200.000) are thousands, so the other mark is the
        # decimal one; a single group (450,000 or 0,125) is ambiguous and not counted.
        if re.fullmatch(r"[-−]?[1-9]\d{0,2}(,\d{3}){2,}", text):
            dot_votes += 1
        elif re.fullmatch(r"[-−]?[1-9]\d{0,2}(\.\d{3}){2,}", text) or (
            _COMMA_DECIMAL.match(text) and not re.fullmatch(r"[-−]?\d{1,3},\d{3}", text)
        ):
            comma_votes += 1
        elif _DOT_DECIMAL.match(text) and not re.fullmatch(r"[-−]?\d{1,3}\.\d{3}", text):
            dot_votes += 1
    if decimal:
        how = "given"
        chosen = decimal
    elif dot_votes > comma_votes:
        chosen, how = ".", f"dot:{dot_votes}"
    elif comma_votes:
        chosen, how = ",", f"comma:{comma_votes}"
    else:
        chosen, how = ",", "default"
    grouping = "." if chosen == "," else ","
    if any(m and m.group(1) == grouping for m in (_GROUPED.match(t) for t in texts)):
        thousands.add(grouping)
    order = [*SPACES, ".", ","]
    return NumberFormat(chosen, sorted(thousands, key=order.index), how)


# No amount in SEK is this large; beyond it a number is a typo or hostile (and Decimal.quantize would fail).
MAX_AMOUNT = Decimal(10) ** 15


def parse_integer(value: Cell, numbers: NumberFormat) -> tuple[int, bool]:
    """Whole kronor: the integer and whether it had to be rounded."""
    number = numbers.parse(value)
    if abs(number) >= MAX_AMOUNT:
        raise ValueProblem("import-bad-number")
    rounded = int(number.quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    return rounded, rounded != number


_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d %H:%M:%S",
                 "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%Y.%m.%d")  # fmt: skip
# Excel counts days from 1899-12-30 (its 1900 leap-year bug included); 20 000 – 80 000 is 1954 – 2119.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_SERIALS = range(20_000, 80_000)


def excel_serial(value: Cell) -> str | None:
    """An Excel date serial (a number, or digits as text) as an ISO date; None when it is not one."""
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        if not re.fullmatch(r"\d{5}(\.\d+)?", text):
            return None
        value = float(text)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if int(value) not in _EXCEL_SERIALS:
        return None
    return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()


def parse_date(value: Cell, fmt: str | None = None) -> str:
    """An ISO date from a date cell or text: ISO, ``yyyymmdd``, ``dd.mm.yyyy``, an Excel serial, or the
    mapping's ``format``."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool) and 19000101 <= value <= 21001231:
        value = str(int(value))  # yyyymmdd read as a number
    serial = excel_serial(value)
    if serial is not None:
        return serial
    if not isinstance(value, str):
        raise ValueProblem("import-bad-date")
    text = " ".join(value.split())
    for candidate in (fmt,) if fmt else _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, candidate).date().isoformat()
        except ValueError:
            continue
    raise ValueProblem("import-bad-date")


def parse_year(value: Cell) -> int:
    if (isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()) or (
        isinstance(value, str) and re.fullmatch(r"\s*(19|20)\d{2}\s*", value)
    ):
        year = int(value)
    else:
        raise ValueProblem("import-bad-year")
    if not 1990 <= year <= 2100:
        raise ValueProblem("import-bad-year")
    return year


def as_text(value: Cell) -> str:
    """A cell as text: numbers without a spurious '.0', dates in ISO form, whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).replace("\u00a0", " ").replace("\u202f", " ").split())


@dataclass
class Canonical:
    """One canonical row and which of its cells are defaults or approximations (not read from the export)."""

    values: dict[str, str]
    approx: set[str] = field(default_factory=set)
    source_row: int = 0


def same_value(parse: str, date_format: str | None, a: Cell, b: Cell, numbers: NumberFormat | None) -> bool:
    """Two cells say the same thing: as written, or as the number or date they parse to (``900 000,00`` and
    ``900000``; ``2023-03-01`` and an Excel date)."""
    if as_text(a) == as_text(b):
        return True
    try:
        if parse == "integer" and numbers is not None:
            return parse_integer(a, numbers) == parse_integer(b, numbers)
        if parse == "date":
            return parse_date(a, date_format) == parse_date(b, date_format)
    except ValueProblem:
        return False
    return False
