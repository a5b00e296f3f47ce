"""Names of people in free text (POLICY.md P4): the detector, its masking, and the engine's prefilter.

A name is reported when

- a role word (projektledare, kontaktperson, handläggare, VD, verksamhetschef, samordnare, ordförande, …,
  any case, inflected or compounded: ``delprojektledaren``) is followed, after at most a few linking words
  (``är``, ``för projektet``, ``:``), by capitalised words of which one is a known first name or surname; or
- a known first name (or several, or a hyphenated one) is followed by a known surname, both capitalised
  (``Anna Svensson``, ``Per-Olof Lindh``, ``ANNA SVENSSON``, a genitive ``Anna Svenssons``), or a first
  name common in Sweden by a capitalised word the list lacks (``Oskar Austnes``);

unless a word before or after makes them a place or an organisation (``Olof Palmes plats``, ``Anna Lindhs
väg``, ``Peter Eriksson AB``, ``Stiftelsen Anna Svensson``; ``Maria kyrka`` is no pair at all).

The known names are ``data/personnamn.tsv`` (built from names-dataset and Faker's Swedish lists by
``scripts/build_person_names.py``), read the first time a text needs them.

:data:`NAME_CANDIDATE` is an RE2 expression that every text the detector reports on matches (a
capitalised word, a space and a capital, or a role word's stem), so the streaming engine hands the rule
only the cells it matches; the property is tested against :func:`find_person_names`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# Letters of a word: ASCII, Latin-1 and Latin Extended-A (the name list holds only these).
LETTERS = "A-Za-zÀ-ÖØ-öø-ÿĀ-ſ"
_WORD = re.compile(rf"[{LETTERS}]+(?:['’\-][{LETTERS}]+)*")
# Role words, by stem: a word containing a stem, in any case, is a role word (inflections and compounds
# included), except the words in NOT_ROLES. Short stems must be the whole word (ROLE_WORDS).
ROLE_STEMS = ("ledare", "ledarna", "chef", "samordnar", "handläggar", "ordförand", "ansvarig", "koordinator",
              "direktör", "sekreterar", "kontaktperson", "kassör", "rektor", "medarbetar", "ledamot",
              "ledamöter", "projektägar", "kommunikatör", "utvärderar", "följeforskar", "manager",
              "coordinator", "kontakta", "kontakt")  # fmt: skip
ROLE_WORDS = ("vd", "ceo", "leds")
# Words that contain a stem and are not about a person.
NOT_ROLES = re.compile(r"(?:ansvarigt|ansvariga|kontakter|kontakterna|kontaktnät|kontaktytor|ansvarighet)\w*")
# Linking words allowed between a role word and the name.
LINKS = {"är", "blir", "var", "har", "varit", "heter", "för", "projektet", "projektets", "i", "på", "av",
         "och", "samt", "the", "is", "was", "nya", "nye", "vår", "vårt", "er", "ert"}  # fmt: skip
MAX_LINKS = 3
# A word after the name that makes it a place or an organisation (lower-cased; a compound ending in one of
# these counts too, e.g. "…gatan"): streets, squares, churches, schools, companies, associations.
PLACE_OR_ORG = frozenset({
    # streets, squares, places
    "gata", "gatan", "väg", "vägen", "torg", "torget", "plats", "platsen", "gränd", "gränden", "allé", "allén",
    "park", "parken", "terrass", "terrassen", "kaj", "kajen", "strand", "stranden", "backe", "backen",
    "stig", "stigen", "led", "leden", "bro", "bron", "udde", "udden", "ö", "ön", "berg", "berget", "fjäll",
    "fjället", "hamn", "hamnen", "brygga", "bryggan", "värld", "världen", "by", "byn",
    # buildings and institutions
    "kyrka", "kyrkan", "kapell", "kapellet", "församling", "församlingen", "skola", "skolan", "gymnasium",
    "gymnasiet", "förskola", "förskolan", "folkhögskola", "institut", "institutet", "museum", "museet",
    "sjukhus", "sjukhuset", "bibliotek", "biblioteket", "arena", "arenan", "hall", "hallen", "center",
    "centrum", "hus", "huset", "hem", "hemmet", "gård", "gården", "stuga", "stugan", "stugby", "lodge",
    "hotell", "hotel", "camping", "salen", "sal", "akademi", "akademin", "sällskap", "sällskapet",
})  # fmt: skip
# Organisations and businesses: a marker even where it is also a surname ("Jonas Persson Bygg").
ORGANISATION_WORDS = frozenset({
    "stiftelse", "stiftelsen", "fond", "fonden", "förening", "föreningen", "ab", "hb", "kb", "aktiebolag",
    "handelsbolag", "kommanditbolag", "ek", "ekonomisk", "ideell", "holding", "group", "invest",
    "consulting", "konsult", "bygg", "fastighet", "fastigheter", "destination", "åkeri", "bageri",
    "konditori", "måleri", "snickeri", "rökeri", "bryggeri", "mejeri", "el", "vvs", "service", "design",
    "foto", "media", "transport", "resor", "event", "café", "kafé", "restaurang", "handel", "livs",
    "förvaltning", "redovisning", "byrå", "teknik", "verkstad", "taxi", "frisör", "salong", "butik",
    "kiosk", "söner", "&", "pris", "priset", "stipendium", "stipendiet", "lantbruk",
})  # fmt: skip
# The same, before the name: "Stiftelsen Anna Svensson", "Restaurang Olof", "Sankt Olof".
BEFORE_PLACE_OR_ORG = frozenset({"stiftelsen", "föreningen", "fonden", "sankt", "st", "s:t", "villa", "hotell",
                                 "restaurang", "café", "kafé", "familjen"})  # fmt: skip
# A compound ending in one of these is a place ("Karl Johansgatan", "Anna Lindh-biblioteket").
_PLACE_OR_ORG = re.compile(
    r"\w*(?:gata|gatan|vägen|torget|platsen|parken|kyrkan|skolan|gymnasiet|biblioteket)"
)

COMMON_FIRST_RANK = 1000

# --- the prefilter (RE2, for the streaming engine) --------------------------------------------------
# Python's \s, spelled out for RE2 (the characters str.isspace() accepts).
SPACE = (
    r"\t\n\v\f\r \x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
)
_UPPER_RE2 = r"A-ZÀ-ÖØ-ÞĀ-ſ"  # looser than str.isupper() on LETTERS: Extended-A's lower case too
NAME_CANDIDATE = (
    rf"[{_UPPER_RE2}][{LETTERS}'’\-]*[{SPACE}]+[{_UPPER_RE2}]"
    rf"|(?i:{'|'.join(ROLE_STEMS)})"
    rf"|(?i:(?:^|[^{LETTERS}])(?:{'|'.join(ROLE_WORDS)})(?:$|[^{LETTERS}]))"
)

# NAME_CANDIDATE for Python's re: a quick test before the name list is read, looser than the detector. It
# looks only at a word's start (never right after a letter, or a letter and a hyphen or apostrophe), so
# it stays linear on a long run of capitals.
_QUICK_PAIR = re.compile(
    rf"(?<![{LETTERS}])(?<![{LETTERS}]['’\-])[{_UPPER_RE2}][{LETTERS}'’\-]*\s+[{_UPPER_RE2}]"
)
_QUICK_STEM = re.compile("|".join(ROLE_STEMS))  # on the lower-cased text
_QUICK_WORD = re.compile(rf"(?i:(?<![{LETTERS}])(?:{'|'.join(ROLE_WORDS)})(?![{LETTERS}]))")


def _may_hold_a_name(text: str) -> bool:
    return bool(_QUICK_PAIR.search(text) or _QUICK_STEM.search(text.lower()) or _QUICK_WORD.search(text))


@cache
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, surnames, common first names) of the shipped list, read once."""
    text = resources.files("oppnadata").joinpath("data/personnamn.tsv").read_text(encoding="utf-8")
    first: set[str] = set()
    last: set[str] = set()
    common: set[str] = set()
    for line in text.splitlines()[1:]:
        name, kind, rank, sources = line.split("\t")
        if kind == "efternamn":
            last.add(name)
            continue
        first.add(name)
        # Common in Sweden: a Swedish rank within COMMON_FIRST_RANK, or in Faker's Isof list.
        if "F" in sources or (rank and int(rank) <= COMMON_FIRST_RANK):
            common.add(name)
    return frozenset(first), frozenset(last), frozenset(common)


def known_names() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames) of the shipped list, title-cased."""
    first, last, _ = _lists()
    return first, last


def common_first() -> frozenset[str]:
    return _lists()[2]


def _capitalised(word: str) -> bool:
    """A capitalised word, or one in capitals that is no acronym (AB, LRF, EU are not names)."""
    if word.isupper():
        return len(word) > 3
    return word[0].isupper() and (word[1:].islower() or "-" in word or "'" in word)


def _normal(word: str) -> str:
    """``ANNA`` → ``Anna``, ``anna-karin`` stays as is (callers check capitals first)."""
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


def _is(word: str, names: frozenset[str]) -> bool:
    """Whether a capitalised word is in ``names``: as written, hyphenated parts each, or a genitive."""
    word = _normal(word.replace("’", "'"))
    if word in names:
        return True
    if word.endswith("s") and word[:-1] in names:  # genitive: Anna Svenssons
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(p in names for p in parts)


def _unknown_surname(words: list[re.Match[str]], i: int, j: int, common: frozenset[str]) -> bool:
    """A common first name, then a capitalised word the lists do not know: a surname they lack
    ("Oskar Austnes"), unless it is a first name, an acronym or a place or organisation word."""
    word = words[j].group(0)
    return (
        _normal(words[j - 1].group(0)) in common
        and word.isalpha()
        and word[0].isupper()
        and word[1:].islower()
        and len(word) >= 3
        and not _place_or_org(word)
    )


def _is_role(word: str) -> bool:
    lower = word.lower()
    if lower in ROLE_WORDS:
        return True
    return any(stem in lower for stem in ROLE_STEMS) and not NOT_ROLES.fullmatch(lower)


def _place_or_org(word: str | None) -> bool:
    """Whether the word after a name makes it a place or an organisation. A place word that is also a
    known surname, capitalised ("Anna Svensson Berg", "Per Strand"), is the surname."""
    if word is None:
        return False
    lower = word.lower()
    if lower in ORGANISATION_WORDS:
        return True
    if not (lower in PLACE_OR_ORG or _PLACE_OR_ORG.fullmatch(lower)):
        return False
    first, last = known_names()
    return not (word[:1].isupper() and (_is(word, last) or _is(word, first)))


def _before(text: str, words: list[re.Match[str]], i: int) -> str | None:
    """The word before words[i] when only a space separates them."""
    if i == 0 or not _spaced(text, words[i - 1].end(), words[i].start()):
        return None
    return words[i - 1].group(0)


def _spaced(text: str, end: int, start: int) -> bool:
    """Only white space between two words (so a name does not run over a comma or a full stop)."""
    gap = text[end:start]
    return bool(gap) and gap.isspace()


def _after(text: str, words: list[re.Match[str]], i: int) -> str | None:
    """The word after words[i] when only a space (or ``&``) separates them."""
    if i + 1 >= len(words):
        rest = text[words[i].end() :].strip()
        return "&" if rest.startswith("&") else None
    gap = text[words[i].end() : words[i + 1].start()]
    if gap.strip() == "&":
        return "&"
    return words[i + 1].group(0) if gap.isspace() else None


def find_person_names(text: str) -> list[str]:
    """Every person's name in ``text``, as written (the role word not included)."""
    if len(text) < 3 or not _may_hold_a_name(text):
        return []  # the name list is read only for a text that may hold a name
    words = list(_WORD.finditer(text))
    if len(words) < 2:
        return []
    first, last = known_names()
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        span = _pair(text, words, i, first, last) or _role(text, words, i, first, last)
        if span is None:
            i += 1
            continue
        start, end = span
        found.append((words[start].start(), words[end].end()))
        i = end + 1
    return [text[a:b] for a, b in found]


def _pair(text: str, words: list[re.Match[str]], i: int, first: frozenset[str], last: frozenset[str]
          ) -> tuple[int, int] | None:  # fmt: skip
    """First name(s) + surname(s) starting at words[i], as (first word, last word)."""

    def name(k: int, names: frozenset[str]) -> bool:
        return _capitalised(words[k].group(0)) and _is(words[k].group(0), names)

    def joined(k: int) -> bool:  # words[k] and words[k + 1] are separated by white space only
        return k + 1 < len(words) and _spaced(text, words[k].end(), words[k + 1].start())

    j = i
    while name(j, first) and joined(j):
        j += 1
    if j == i:
        return None
    if not name(j, last):
        if j - i >= 2 and name(j - 1, last):  # "Anna Björn": the last word of the run may be the surname
            j -= 1
        elif not _unknown_surname(words, i, j, common_first()):
            return None
    k = j
    while joined(k) and name(k + 1, last) and not _place_or_org(words[k + 1].group(0)):
        k += 1
    if (
        _place_or_org(_after(text, words, k))
        or (_before(text, words, i) or "").lower() in BEFORE_PLACE_OR_ORG
    ):
        return None
    return i, k


def _role(text: str, words: list[re.Match[str]], i: int, first: frozenset[str], last: frozenset[str]
          ) -> tuple[int, int] | None:  # fmt: skip
    """A role word at words[i], then (after linking words) capitalised words with a known name among them."""
    if not _is_role(words[i].group(0)):
        return None
    j = i + 1
    links = 0
    while j < len(words) and words[j].group(0).lower() in LINKS and not _capitalised(words[j].group(0)):
        j += 1
        links += 1
        if links > MAX_LINKS:
            return None
    if j >= len(words) or not _capitalised(words[j].group(0)):
        return None
    gap = text[words[j - 1].end() : words[j].start()]
    if len(gap) > 4 or any(c in gap for c in ".;!?\n"):
        return None
    k = j
    while (k + 1 < len(words) and k - j < 2 and _capitalised(words[k + 1].group(0))
           and _spaced(text, words[k].end(), words[k + 1].start())
           and not _place_or_org(words[k + 1].group(0))):  # fmt: skip
        k += 1
    if _place_or_org(words[j].group(0)):
        return None
    run = [w.group(0) for w in words[j : k + 1]]
    if not any(_is(w, first) or _is(w, last) for w in run):
        return None
    if _place_or_org(_after(text, words, k)):
        return None
    return j, k


def mask_name(value: str) -> str:
    """``Anna Svensson`` → ``A*** S***``: initials only, so a finding never repeats the name (P5)."""
    return " ".join(w[:1] + "***" for w in value.split())


def mask_names(text: str) -> str:
    for name in find_person_names(text):
        text = text.replace(name, mask_name(name))
    return text
