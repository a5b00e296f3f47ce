"""``oppnadata import SOURCE --draft-mapping OUT.yaml``: a mapping drafted from an export's headers and a
sample of its values, for the maintainer to review.

A header is placed by the shipped mappings' column names (known aliases, compared as the import compares
them), else by fuzzy matching (difflib) against those names, and checked against what its values look
like (organisation numbers, amounts, dates, municipalities, case ids, free text). A guess that is fuzzy or
that its values do not bear out is marked ``# OSÄKER`` in the file. Contact-looking columns go under
``personal_columns``; what could not be placed is printed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import identifiers
from ..fileio import write_atomically
from ..validating.privacy import CONTACT_COLUMN
from .columns import header_key, loose_header_key
from .mapping import load_mapping
from .reading import read_source
from .values import as_text, parse_date

SHIPPED = Path(__file__).resolve().parents[3] / "mappings"
SAMPLE = 200
# What each canonical field's values look like (checked on the sample).
KINDS = {
    "arende_id": "case_id", "organisationsnummer": "orgnr", "beviljat_belopp": "amount",
    "stodberattigande_kostnader": "amount", "beslutsdatum": "date", "startdatum": "date", "slutdatum": "date",
    "aterkallelsedatum": "date", "kommunkod": "municipality", "sammanfattning": "text", "projektnamn": "text",
    "stodmottagare": "text",
}  # fmt: skip
# Words a header for the field usually contains, when no known name fits (checked against the values).
STEMS = {
    "arende_id": ("arende", "projektid"), "organisationsnummer": ("orgnr", "organisationsn", "orgn"),
    "stodmottagare": ("mottagare", "sokande", "projektagare"), "beviljat_belopp": ("beviljad", "beviljat"),
    "stodberattigande_kostnader": ("budget", "totalkostnad", "stodberattigande"),
    "projektnamn": ("projektnamn", "projekttitel", "rubrik"), "sammanfattning": ("beskrivning", "sammanfattning"),
    "startdatum": ("start",), "slutdatum": ("slut",), "beslutsdatum": ("beslutsdatum", "beslutad"),
    "kommunkod": ("kommun",), "status": ("status",), "resultatkedja": ("insatsomrade", "resultatkedja"),
    "finansiering": ("finansi",), "diarienummer": ("diarie", "dnr"),
}  # fmt: skip
MISSING = {"", "uppgift saknas", "information saknas", "-", "null", "saknas"}
PARSE = {"case_id": "case_id", "orgnr": "orgnr", "amount": "integer", "date": "date", "text": "text"}
_KOMMUNER = ("ragunda", "bräcke", "krokom", "strömsund", "åre", "berg", "härjedalen", "östersund")


@dataclass
class Draft:
    path: Path
    placed: dict[str, tuple[str, bool, str]] = field(default_factory=dict)  # field → (column, sure, why)
    personal: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    base: str = ""
    in_export: list[str] = field(default_factory=list)  # the export's own personal columns
    suggested: list[str] = field(default_factory=list)  # guesses too weak to write
    aliases: dict[str, list[str]] = field(default_factory=dict)  # the shipped mappings' names per field

    def render(self, lang: str = "sv") -> str:
        sv = lang != "en"
        lines = [
            f"{'Utkast skrivet' if sv else 'Draft written'}: {self.path} "
            f"({'utgår från' if sv else 'based on'} {self.base})",
            f"  {'Placerade' if sv else 'Placed'}: {len(self.placed)} "
            f"({sum(1 for _, sure, _ in self.placed.values() if not sure)} {'osäkra' if sv else 'uncertain'})",
            f"  {'Personkolumner (läses aldrig)' if sv else 'Personal columns (never read)'}: "
            f"{', '.join(self.in_export) or '-'}",
        ]
        if self.unplaced:
            lines.append(
                f"  {'Kunde inte placeras' if sv else 'Could not be placed'}: {', '.join(self.unplaced)}"
            )
        lines.append(
            "Granska utkastet (sök efter OSÄKER) och importera med --mapping."
            if sv
            else "Review the draft (look for OSÄKER) and import with --mapping."
        )
        return "\n".join(lines) + "\n"


def _looks(kind: str, values: list[Any]) -> float:
    """The share of the sample that looks like ``kind``."""
    values = [v for v in values if v is not None and as_text(v).casefold() not in MISSING]
    texts = [as_text(v) for v in values]
    if not texts:
        return 0.0

    def ok(text: str, raw: Any) -> bool:
        if kind == "case_id":
            return bool(re.fullmatch(r"\d{6}|\d{8}", text.replace(" ", "")))
        if kind == "orgnr":
            digits = re.sub(r"\D", "", text)
            return len(digits) in (10, 12) and (
                identifiers.orgnr_problem(f"{digits[-10:-4]}-{digits[-4:]}") is None
                or bool(identifiers.personal_id_kind(text))
            )
        if kind == "amount":
            return bool(re.fullmatch(r"(?i)(sek\s*)?-?[\d\s\u00a0\u202f.,]+(kr|sek|:-)?", text)) and any(
                c.isdigit() for c in text
            )
        if kind == "date":
            try:
                parse_date(raw)
                return True
            except ValueError:
                return False
        if kind == "municipality":
            return any(k in text.casefold() for k in _KOMMUNER) or bool(re.fullmatch(r"23\d\d", text))
        return len(text) > 3 and not text.replace(" ", "").isdigit()

    return sum(
        ok(t, v) for t, v in zip(texts, [v for v in values if v is not None and as_text(v)], strict=False)
    ) / len(texts)


def _known(mapping_paths: list[Path]) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """Every column name the shipped mappings read, by canonical field; and the mapping texts."""
    names: dict[str, list[str]] = {}
    for path in mapping_paths:
        mapping = load_mapping(path)
        for spec in (*mapping.beslut, *mapping.hallbarhet):
            for column in spec.columns:
                names.setdefault(spec.name, []).append(column)
        if mapping.utbetalningar:
            pay = mapping.utbetalningar
            names.setdefault("utbetalningar.year", []).extend((pay.year, *pay.alternatives[0]))
            names.setdefault("utbetalningar.amount", []).extend((pay.amount, *pay.alternatives[1]))
        if mapping.finansiering and mapping.finansiering.column:
            fin = mapping.finansiering
            names.setdefault("finansiering", []).extend((fin.column, *fin.alternatives))
    return names, {}


def _find(
    name: str, aliases: list[str], candidates: list[str], fuzzy: bool, every_alias: set[str]
) -> list[tuple[str, str]]:
    """The headers that may be the field, best first: a known name; or similar names, then names with the
    field's usual words."""
    if not fuzzy:
        exact = {header_key(a) for a in aliases} | {loose_header_key(a) for a in aliases}
        found = [h for h in candidates if header_key(h) in exact or loose_header_key(h) in exact]
        return [(h, "känt namn / known name") for h in found[:1]]
    by_key = {header_key(h): h for h in candidates if header_key(h) not in every_alias}
    out: list[tuple[str, str]] = []
    for key in (header_key(name.split(".")[-1]), *(header_key(a) for a in aliases)):
        for close in difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.75):
            out.append((by_key[close], "liknande namn / similar name"))
    for stem in STEMS.get(name.split(".")[0], ()):
        out += [
            (h, f"namnet innehåller {stem!r} / the name contains {stem!r}")
            for k, h in by_key.items()
            if stem in k
        ]
    return list(dict.fromkeys(out))


def draft_mapping(
    source: Path,
    out: Path,
    *,
    into: Path = Path("datasets"),
    encoding: str | None = None,
    delimiter: str | None = None,
    shipped: Path = SHIPPED,
) -> Draft:
    """Write a draft mapping for ``source`` to ``out``; the shipped mapping closest to the export is its
    base (its rules, values and defaults), with the export's own column names put in."""
    table = read_source(source, encoding=encoding, delimiter=delimiter)
    paths = sorted(shipped.glob("*.yaml"))
    known, _ = _known(paths)
    samples = {h: [r[i] for r in table.rows[:SAMPLE]] for i, h in enumerate(table.header) if h}
    draft = Draft(path=out, aliases=known)
    claimed: set[str] = set()
    personal_names = {header_key(n) for p in paths for n in load_mapping(p).personal_columns}
    for header in samples:
        if header_key(header) in personal_names or CONTACT_COLUMN.search(
            header.replace("-", "_").replace(" ", "_")
        ):
            draft.personal.append(header)
            claimed.add(header)
    # First every known name (so a fuzzy guess never takes a column another field is known by), then
    # similar names and, for identifiers and municipalities, what the values look like.
    every_alias = {
        k for aliases in known.values() for a in aliases for k in (header_key(a), loose_header_key(a))
    }
    for fuzzy in (False, True):
        for name, aliases in known.items():
            if name in draft.placed:
                continue
            candidates = [h for h in samples if h not in claimed]
            options = _find(name, aliases, candidates, fuzzy, every_alias)
            kind = KINDS.get(name)
            fitting = [o for o in options if not kind or _looks(kind, samples[o[0]]) >= 0.8]
            if fuzzy and options and not fitting:  # similar names whose values do not bear them out
                draft.suggested.append(
                    f"{name} ← {options[0][0]}? ({options[0][1]}; värdena liknar inte {kind})"
                )
            chosen: list[tuple[str | None, str]] = [*(fitting or options), (None, "")]
            found, why = chosen[0]
            if found is None and fuzzy and kind in ("case_id", "orgnr", "municipality"):
                best = max(candidates, key=lambda h: _looks(kind, samples[h]), default=None)
                if best is not None and _looks(kind, samples[best]) >= 0.8:
                    found, why = best, "värdena ser ut som / the values look like " + kind
            if found is None or (fuzzy and not fitting and kind and why.startswith(("liknande", "namnet"))):
                continue
            sure = not fuzzy
            if kind and _looks(kind, samples[found]) < 0.8:
                sure, why = False, f"{why}; värdena liknar inte {kind} / the values do not look like {kind}"
            draft.placed[name] = (found, sure, why)
            claimed.add(found)
    draft.unplaced = [h for h in samples if h not in claimed]
    # The base: the shipped mapping that reads most of the placed columns.
    # The base: the shipped mapping whose column names are most like the export's headers.
    scores: dict[Path, float] = {}
    for path in paths:
        names = [header_key(c) for c in load_mapping(path).source_columns()]
        scores[path] = sum(
            max((difflib.SequenceMatcher(None, header_key(h), c).ratio() for c in names), default=0.0)
            for h in samples
        )
    base = max(paths, key=lambda p: scores[p])
    draft.base = base.name
    read = {header_key(c) for c in load_mapping(base).source_columns()} | {
        header_key(c) for c in load_mapping(base).ignore_columns
    }
    draft.unplaced = [h for h in draft.unplaced if header_key(h) not in read]
    draft.in_export = list(draft.personal)
    draft.personal = list(dict.fromkeys([*draft.personal, *load_mapping(base).personal_columns]))
    write_atomically(out, _yaml(base, draft, table.detected.sheet))
    return draft


def _yaml(base: Path, draft: Draft, sheet: str | None) -> str:
    """The base mapping's text with each placed field's column replaced by the export's name."""
    text = base.read_text(encoding="utf-8")
    lines = [
        f"# UTKAST / DRAFT written by oppnadata import --draft-mapping from {base.name}: review every line",
        "# marked OSÄKER (uncertain), then run oppnadata import SOURCE --mapping THIS_FILE.",
        *[f"# Kunde inte placeras / not placed: {h}" for h in draft.unplaced],
        *[f"# FÖRSLAG (ej infört) / suggestion (not applied): {g}" for g in draft.suggested],
    ]
    out = [*lines, ""]
    section = ""
    for line in text.splitlines():
        top = re.match(r"^([a-z_]+):", line)
        if top:
            section = top.group(1)
        if section == "personal_columns" and top:
            out.append(f"personal_columns: {_flow(draft.personal)}")
            continue
        if section == "personal_columns" and line[:1].isspace():
            continue
        field_line = re.match(r"^(  )([a-z_]+):(.*)$", line)
        if field_line and section in ("beslut", "hallbarhet") and field_line.group(2) in draft.placed:
            column, sure, why = draft.placed[field_line.group(2)]
            rest = re.sub(
                r"column: (\[[^\]]*\]|[^,}]+)", f"column: {_quote(column)}", field_line.group(3), count=1
            )
            if rest == field_line.group(3) and "column:" not in rest:
                rest = field_line.group(3)
            note = "" if sure else f"  # OSÄKER: {why}"
            out.append(f"  {field_line.group(2)}:{rest}{note}")
            continue
        deeper = re.match(r"^(      +)column: (.*)$", line)
        if deeper and section == "beslut":
            listed = {header_key(c.strip(" '\"")) for c in deeper.group(2).strip("[]").split(",")}
            other = next(
                (
                    f
                    for f, aliases in draft.aliases.items()
                    if f in draft.placed and listed & {header_key(a) for a in aliases}
                ),
                None,
            )
            if other is not None:
                out.append(f"{deeper.group(1)}column: {_quote(draft.placed[other][0])}")
                continue
        column_line = re.match(r"^(\s+)column: (.*)$", line)
        if column_line and section in ("beslut", "hallbarhet") and out:
            owner = next(
                (m.group(1) for m in (re.match(r"^  ([a-z_]+):", o) for o in reversed(out)) if m), None
            )
            if owner in draft.placed and len(column_line.group(1)) == 4:
                column, sure, why = draft.placed[owner]
                note = "" if sure else f"  # OSÄKER: {why}"
                out.append(f"{column_line.group(1)}column: {_quote(column)}{note}")
                continue
        dependent = {"finansiering": "finansiering", "kommunfordelning": "kommunkod"}.get(section)
        if dependent in draft.placed and re.match(r"^  column:", line):
            column, sure, why = draft.placed[dependent]
            out.append(f"  column: {_quote(column)}" + ("" if sure else f"  # OSÄKER: {why}"))
            continue
        pay = re.match(r"^  (year|amount):", line)
        if section == "utbetalningar" and pay and f"utbetalningar.{pay.group(1)}" in draft.placed:
            column, sure, why = draft.placed[f"utbetalningar.{pay.group(1)}"]
            out.append(f"  {pay.group(1)}: {_quote(column)}" + ("" if sure else f"  # OSÄKER: {why}"))
            continue
        if section == "source" and re.match(r"^  sheet:", line) and sheet:
            out.append(f"  sheet: {_quote(sheet)}")
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(_quote(i) for i in items) + "]"
