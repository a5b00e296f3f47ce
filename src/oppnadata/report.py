"""Bad data is a report: typed findings with severity, file, row, column, key, value and a fix.

Every value and parameter that enters a finding is masked for personal data (identity numbers, e-mail
addresses, phone numbers) when the finding is made, so no report, log or file repeats what it found.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum
from typing import Any

from .identifiers import mask_text
from .messages import render

# How a validation reports progress: (table, rows done, findings so far); the CLI passes one in.
ProgressCallback = Callable[[str, int, int], None]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
SEVERITY_SV = {Severity.ERROR: "fel", Severity.WARNING: "varning", Severity.INFO: "info"}


def column_letter(number: int) -> str:
    """1 → A, 27 → AA: the spreadsheet column of a 1-based column number."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Finding:
    """One problem in the data. ``row`` is the spreadsheet row number (the header is row 1)."""

    code: str
    severity: Severity
    resource: str | None = None
    path: str | None = None
    row: int | None = None
    field: str | None = None
    column: int | None = None
    key: str | None = None
    value: str | None = None
    rule: str | None = None
    check: str | None = None
    params: Mapping[str, str] = dataclass_field(default_factory=dict)

    def __post_init__(self) -> None:
        # The privacy guarantee: nothing personal survives into a finding.
        if self.value is not None:
            object.__setattr__(self, "value", mask_text(str(self.value)))
        if self.key is not None:
            object.__setattr__(self, "key", mask_text(str(self.key)))
        object.__setattr__(self, "params", {k: mask_text(str(v)) for k, v in dict(self.params).items()})

    @property
    def column_letter(self) -> str | None:
        return column_letter(self.column) if self.column else None

    def texts(self, lang: str = "sv") -> tuple[str, str]:
        params = {
            "field": self.field or "",
            "value": self.value if self.value else ("(empty)" if lang == "en" else "(tomt)"),
            "resource": self.resource or "",
            "path": self.path or "",
            "key": self.key or "",
            "rule": self.rule or "",
            **self.params,
        }
        return render(self.code, params, lang)

    def to_dict(self, lang: str = "sv") -> dict[str, Any]:
        message, hint = self.texts(lang)
        return {
            "code": self.code,
            "severity": str(self.severity),
            "resource": self.resource,
            "path": self.path,
            "row": self.row,
            "field": self.field,
            "column": self.column_letter,
            "key": self.key,
            "value": self.value,
            "rule": self.rule,
            "check": self.check or self.code,
            "message": message,
            "hint": hint,
        }


@dataclass
class Report:
    """The findings of one validation, and what was checked."""

    findings: list[Finding] = dataclass_field(default_factory=list)
    rows: dict[str, int] = dataclass_field(default_factory=dict)
    checks: list[str] = dataclass_field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    @property
    def valid(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def counts(self) -> dict[str, int]:
        counter = Counter(str(f.severity) for f in self.findings)
        return {str(s): counter.get(str(s), 0) for s in Severity}

    def sorted(self) -> list[Finding]:
        return sorted(
            self.findings,
            key=lambda f: (
                SEVERITY_ORDER[f.severity],
                f.resource or "",
                f.row or 0,
                f.column or 0,
                f.code,
            ),
        )

    def summary(self) -> list[dict[str, Any]]:
        """Per check and table: findings, records affected and their share of the table's rows."""
        groups: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
        for f in self.findings:
            groups[(f.check or f.code, str(f.severity), f.resource or "")].append(f)
        out = []
        for (check, severity, resource), items in sorted(groups.items()):
            affected = len({f.row for f in items if f.row is not None})
            total = self.rows.get(resource, 0)
            out.append(
                {
                    "check": check,
                    "severity": severity,
                    "resource": resource or None,
                    "findings": len(items),
                    "records": affected,
                    "share": round(affected / total, 4) if total and affected else 0.0,
                }
            )
        return out

    def to_dict(self, lang: str = "sv") -> dict[str, Any]:
        return {
            "valid": self.valid,
            "counts": self.counts(),
            "rows": dict(self.rows),
            "checks": list(self.checks),
            "summary": self.summary(),
            "findings": [f.to_dict(lang) for f in self.sorted()],
        }


# --- renderers -------------------------------------------------------------------------------

CSV_COLUMNS = [
    "severity", "code", "resource", "path", "row", "column", "field",
    "key", "value", "rule", "message", "hint",
]  # fmt: skip


def to_json(report: Report, lang: str = "sv") -> str:
    """The report as indented JSON, one finding a line (json's C encoder writes each: indenting them all
    takes its pure-Python encoder, ~30 µs a finding)."""
    data = report.to_dict(lang)
    findings = data.pop("findings")
    head = json.dumps(data, ensure_ascii=False, indent=2)[: -len("\n}")]
    if not findings:
        return head + ',\n  "findings": []\n}\n'
    items = ",\n".join("    " + json.dumps(f, ensure_ascii=False) for f in findings)
    return head + ',\n  "findings": [\n' + items + "\n  ]\n}\n"


def to_csv(report: Report, lang: str = "sv") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for finding in report.sorted():
        writer.writerow(finding.to_dict(lang))
    return buffer.getvalue()


def to_text(report: Report, lang: str = "sv", *, limit: int | None = 200) -> str:
    """A readable listing for the terminal: one block per finding, then the summary."""
    sv = lang != "en"
    lines: list[str] = []
    findings = report.sorted()
    shown = findings if limit is None else findings[:limit]
    for f in shown:
        message, hint = f.texts(lang)
        severity = SEVERITY_SV[f.severity] if sv else str(f.severity)
        where = [p for p in (f.path or f.resource,) if p]
        if f.row is not None:
            where.append(f"{'rad' if sv else 'row'} {f.row}")
        if f.field:
            col = f" ({f.column_letter})" if f.column_letter else ""
            where.append(f"{'kolumn' if sv else 'column'} {f.field}{col}")
        if f.key:
            where.append(f"arende_id {f.key}")
        lines.append(f"{severity.upper()} [{f.code}] {', '.join(where)}")
        lines.append(f"  {message}")
        if hint:
            lines.append(f"  → {hint}")
    if limit is not None and len(findings) > limit:
        rest = len(findings) - limit
        lines.append(
            f"… och {rest} fynd till (använd --format json eller csv för alla)"
            if sv
            else f"… and {rest} more findings (use --format json or csv for all)"
        )
    if report.findings:
        lines.append("")
        lines.append("Sammanfattning per kontroll:" if sv else "Summary per check:")
        for row in report.summary():
            share = f"{row['share'] * 100:.1f} %"
            severity = SEVERITY_SV[Severity(row["severity"])] if sv else row["severity"]
            lines.append(
                f"  {severity:<8} {row['check']:<28} {row['resource'] or '-':<18} "
                f"{row['findings']:>6} {'fynd' if sv else _noun(row['findings'], 'finding')}, "
                f"{row['records']:>6} {'poster' if sv else _noun(row['records'], 'record')} ({share})"
            )
    counts = report.counts()
    total_rows = sum(report.rows.values())
    if sv:
        verdict = "GILTIG" if report.valid else "OGILTIG: fel som blockerar publicering"
        lines.append(
            f"{verdict} — {counts['error']} fel, {counts['warning']} "
            f"{'varning' if counts['warning'] == 1 else 'varningar'}, {counts['info']} info; "
            f"{len(report.rows)} {'tabell' if len(report.rows) == 1 else 'tabeller'}, "
            f"{total_rows} {'rad' if total_rows == 1 else 'rader'} kontrollerade."
        )
    else:
        verdict = "VALID" if report.valid else "INVALID: errors block publication"
        lines.append(
            f"{verdict} — {_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}, "
            f"{counts['info']} info; {_plural(len(report.rows), 'table')}, {_plural(total_rows, 'row')} checked."
        )
    return "\n".join(lines) + "\n"


def _noun(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _plural(count: int, word: str) -> str:
    return f"{count} {_noun(count, word)}"
