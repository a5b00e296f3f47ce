"""Swedish identifiers, wrapped around python-stdnum: organisation numbers, personnummer, samordningsnummer.

Also the detectors for personal data in free text (identity numbers, e-mail addresses, phone numbers) and
the masking that every report applies, so that no output repeats the personal data it found.
"""

from __future__ import annotations

import re
from functools import lru_cache

from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr as stdnum_orgnr
from stdnum.se import personnummer as stdnum_personnummer

from .validating import personnames

# A candidate identity number: 6 or 8 date digits, an optional separator, 4 digits.
# Not preceded or followed by another digit (so longer numbers are not cut into pieces).
_ID_CANDIDATE = re.compile(r"(?<![0-9])((?:19|20)?[0-9]{6})([-+ ]?)([0-9]{4})(?![0-9])")
# Bounded like the RFC's lengths (local part ≤ 64, domain ≤ 253), so the search stays linear on any text.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9.\-]{1,253}\.[A-Za-z]{2,24}")
# Swedish phone numbers: +46 / 0046 / a leading 0, then groups of digits with spaces or hyphens. Not the
# decimals of a number (3496.00185948, 14,0 63,0 in a WKT string) nor a segment of a UUID or other
# hyphenated hex string (123e4567-e89b-…-426614174000).
_PHONE = re.compile(
    r"(?<![0-9\w])(?<![0-9][.,])(?<![0-9A-Fa-f]-)"
    r"(?:\+46|0046|0)[\s\-]?(?:\(0\)[\s\-]?)?\(?[0-9]{1,3}\)?(?:[\s\-]?[0-9]{2,4}){2,4}"
    r"(?![0-9])(?![.,][0-9])(?!-[0-9A-Fa-f])"
)
_UUID = re.compile(r"[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}")

# Legal-form group (first digit of an organisation number), per Bolagsverket.
LEGAL_FORM_GROUPS: dict[str, str] = {
    "1": "dödsbon",
    "2": "stat, region, kommun, församling",
    "3": "utländska företag",
    "5": "aktiebolag",
    "6": "enkla bolag",
    "7": "ekonomiska föreningar, bostadsrättsföreningar",
    "8": "ideella föreningar och stiftelser",
    "9": "handelsbolag, kommanditbolag",
}


def _digits(value: str) -> str:
    return re.sub(r"[^0-9]", "", value)


@lru_cache(maxsize=65536)
def is_personnummer(value: str) -> bool:
    """True when ``value`` is a valid personnummer (10 or 12 digits, any separator)."""
    return _as_personal_id(value) == "personnummer"


@lru_cache(maxsize=65536)
def is_samordningsnummer(value: str) -> bool:
    """True when ``value`` is a valid samordningsnummer (a personnummer with day + 60)."""
    return _as_personal_id(value) == "samordningsnummer"


def personal_id_kind(value: str) -> str | None:
    """``'personnummer'``, ``'samordningsnummer'`` or None."""
    return _as_personal_id(value)


@lru_cache(maxsize=65536)
def _as_personal_id(value: str) -> str | None:
    match = _ID_CANDIDATE.fullmatch(value.strip())
    if not match:
        return None
    date, sep, tail = match.groups()
    sep = "+" if sep == "+" else "-"
    day = int(date[-2:])
    if 61 <= day <= 91:
        # A samordningsnummer: the day is the birth day + 60. stdnum checks the date, so give it the
        # real day, then check the Luhn digit on the number as written.
        real = f"{date[:-2]}{day - 60:02d}{sep}{tail}"
        try:
            stdnum_personnummer.get_birth_date(real)
        except StdnumError:
            return None
        return "samordningsnummer" if luhn.is_valid(_digits(date + tail)[-10:]) else None
    if stdnum_personnummer.is_valid(f"{date}{sep}{tail}"):
        return "personnummer"
    return None


def looks_like_personal_id(value: str) -> bool:
    """True for a date-shaped ID (valid month and day or day + 60), whatever its check digit.

    A mistyped personnummer is still personal data, so masking uses this looser test.
    """
    match = _ID_CANDIDATE.fullmatch(value.strip())
    if not match:
        return False
    date = match.group(1)[-6:]
    month, day = int(date[2:4]), int(date[4:6])
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


def orgnr_problem(value: str) -> str | None:
    """Why ``value`` is not a valid organisation number, or None when it is.

    Returns one of ``'format'``, ``'check-digit'``, ``'personnummer'`` (a sole trader's number,
    i.e. personal data), ``'group'`` (digits 3-4 below 20).
    """
    digits = _digits(value)
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if len(digits) != 10 or not re.fullmatch(r"[0-9]{6}-?[0-9]{4}|(16)?[0-9]{10}", value.strip()):
        return "personnummer" if personal_id_kind(value) else "format"
    if personal_id_kind(value):
        return "personnummer"
    try:
        stdnum_orgnr.validate(digits)
    except StdnumError:
        return "check-digit"
    if int(digits[2:4]) < 20:
        return "group"
    return None


def legal_form_group(value: str) -> str:
    """The first digit of an organisation number (its legal-form group)."""
    return _digits(value)[:1]


# --- personal data in free text -------------------------------------------------------------


def find_personal_ids(text: str) -> list[tuple[str, str]]:
    """Every valid personnummer / samordningsnummer in ``text`` as ``(kind, matched_text)``."""
    found = []
    for match in _ID_CANDIDATE.finditer(text):
        kind = personal_id_kind(match.group(0))
        if kind:
            found.append((kind, match.group(0)))
    return found


def find_emails(text: str) -> list[str]:
    return _EMAIL.findall(text)


def find_phones(text: str) -> list[str]:
    phones = []
    uuids = [m.span() for m in _UUID.finditer(text)] if "-" in text else []
    for match in _PHONE.finditer(text):
        if any(a <= match.start() < b for a, b in uuids):
            continue
        digits = _digits(match.group(0).replace("(0)", ""))
        if digits.startswith("46"):
            digits = "0" + digits[2:]
        elif digits.startswith("0046"):
            digits = "0" + digits[4:]
        # A Swedish number has 8 to 10 digits with its leading 0; a year range or amount does not start with 0.
        # A valid identity number is reported as one (P1), not as a phone.
        if 8 <= len(digits) <= 10 and personal_id_kind(match.group(0)) is None:
            phones.append(match.group(0))
    return phones


def mask_personal_id(value: str) -> str:
    """``811218-9876`` → ``811218-****``: the date part stays, the last four digits never."""
    match = _ID_CANDIDATE.fullmatch(value.strip())
    if not match:
        return "****"
    return f"{match.group(1)}{match.group(2) or '-'}****"


def mask_email(value: str) -> str:
    domain = value.rsplit("@", 1)[-1]
    return f"***@{domain}"


def mask_phone(value: str) -> str:
    return value[:3] + re.sub(r"[0-9]", "*", value[3:])


def mask_text(text: str) -> str:
    """Mask every identity number (valid or only date-shaped), e-mail address, phone number and
    person's name (``personnames``)."""
    text = _EMAIL.sub(lambda m: mask_email(m.group(0)), text)
    text = _ID_CANDIDATE.sub(
        lambda m: mask_personal_id(m.group(0)) if looks_like_personal_id(m.group(0)) else m.group(0),
        text,
    )
    for phone in find_phones(text):
        text = text.replace(phone, mask_phone(phone))
    return personnames.mask_names(text)
