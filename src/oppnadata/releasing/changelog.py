"""The diff in words: the text ``oppnadata diff`` prints and the release's changelog entry (Swedish and
English), from a :class:`oppnadata.releasing.diffing.Diff`."""

from __future__ import annotations

import json
from datetime import date as Date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .diffing import Diff, Key, RecordChange, SchemaChange


_TEXT: dict[str, dict[str, str]] = {
    "sv": {
        "first": "Ingen tidigare utgåva: {version} är den första versionen ({count} tabeller).",
        "title": "Ändringar {old} → {new}",
        "nothing": "Inga ändringar.",
        "resources_added": "Nya tabeller",
        "resources_removed": "Borttagna tabeller",
        "renamed": "Paketet har bytt namn: {old} → {new}",
        "package": "Paketets metadata",
        "table": "{table} (nyckel {key}; {old} → {new} rader)",
        "added": "tillagda",
        "corrected": "rättade",
        "withdrawn": "återkallade",
        "removed": "borttagna (fysiskt)",
        "schema": "schema",
        "metadata": "metadata",
        "unchanged": "Oförändrade tabeller",
        "more": "… och {count} till",
        "empty": "(tom)",
        "since": "Ändringar sedan {old}",
        "records": "poster",
        "schema_md": "Schema",
        "package_md": "Paketet",
        "field_added": "fält tillagt: {field} ({new})",
        "field_removed": "fält borttaget: {field} ({old})",
        "field_renamed": "fält omdöpt: {old} → {new} (antaget: samma plats och typ)",
        "fields_reordered": "fältordningen ändrad: {new}",
        "field_retyped": "fälttyp ändrad: {field} {old} → {new}",
        "constraint_tightened": "villkor skärpt: {field} {constraint} {change}",
        "constraint_loosened": "villkor lättat: {field} {constraint} {change}",
        "primary_key_changed": "primärnyckel ändrad: {old} → {new}",
        "foreign_key_added": "referens tillagd: {new}",
        "foreign_key_removed": "referens borttagen: {old}",
        "missing_values_changed": "värden för saknade uppgifter ändrade: {old} → {new}",
        "key-changed": "primärnyckeln är ändrad; posterna matchas på {matched_on}",
        "no-primary-key": "tabellen saknar primärnyckel; hela rader jämförs",
        "key-missing": "nyckeln {key} saknas i data; posterna jämfördes inte",
        "duplicate-keys": "{count} dubblerade nycklar i {side} version hoppades över",
    },
    "en": {
        "first": "No earlier release: {version} is the first version ({count} tables).",
        "title": "Changes {old} → {new}",
        "nothing": "No changes.",
        "resources_added": "New tables",
        "resources_removed": "Removed tables",
        "renamed": "The package was renamed: {old} → {new}",
        "package": "Package metadata",
        "table": "{table} (key {key}; {old} → {new} rows)",
        "added": "added",
        "corrected": "corrected",
        "withdrawn": "withdrawn",
        "removed": "removed (physically)",
        "schema": "schema",
        "metadata": "metadata",
        "unchanged": "Unchanged tables",
        "more": "… and {count} more",
        "empty": "(empty)",
        "since": "Changes since {old}",
        "records": "records",
        "schema_md": "Schema",
        "package_md": "Package",
        "field_added": "field added: {field} ({new})",
        "field_removed": "field removed: {field} ({old})",
        "field_renamed": "field renamed: {old} → {new} (assumed: same position and type)",
        "fields_reordered": "field order changed: {new}",
        "field_retyped": "field type changed: {field} {old} → {new}",
        "constraint_tightened": "constraint tightened: {field} {constraint} {change}",
        "constraint_loosened": "constraint loosened: {field} {constraint} {change}",
        "primary_key_changed": "primary key changed: {old} → {new}",
        "foreign_key_added": "reference added: {new}",
        "foreign_key_removed": "reference removed: {old}",
        "missing_values_changed": "missing-value markers changed: {old} → {new}",
        "key-changed": "the primary key changed; records are matched on {matched_on}",
        "no-primary-key": "the table has no primary key; whole rows are compared",
        "key-missing": "the key {key} is missing from the data; records were not compared",
        "duplicate-keys": "{count} duplicated keys in the {side} version were skipped",
    },
}


def _t(lang: str, name: str, **params: Any) -> str:
    return _TEXT["en" if lang == "en" else "sv"][name].format(**params)


def _show(value: Any, lang: str) -> str:
    if value is None or value == "":
        return _t(lang, "empty")
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


def describe_schema_change(change: SchemaChange, lang: str = "sv") -> str:
    old, new = _show(change.old, lang), _show(change.new, lang)
    if change.kind == "fields_reordered":
        new = ", ".join(change.new)
    delta = f"{old} → {new}"
    if change.constraint == "enum" and isinstance(change.old, list) and isinstance(change.new, list):
        delta = " ".join(
            [f"+{v}" for v in change.new if v not in change.old]
            + [f"−{v}" for v in change.old if v not in change.new]
        )
    return _t(
        lang, change.kind, field=change.field, old=old, new=new, constraint=change.constraint, change=delta
    )


def _key_text(key: Key) -> str:
    return "/".join(key)


def _listing(items: list[str], limit: int, lang: str, sep: str = ", ") -> str:
    shown = sep.join(items[:limit])
    return shown if len(items) <= limit else f"{shown}{sep}{_t(lang, 'more', count=len(items) - limit)}"


def render_text(result: Diff, lang: str = "sv", *, limit: int = 20) -> str:
    """The diff for a terminal: per changed table, what was added, corrected, withdrawn and removed."""
    if result.old is None:
        return _t(lang, "first", version=result.new.version, count=len(result.resources_added)) + "\n"
    lines = [
        _t(lang, "title", old=f"{result.old.name} {result.old.version}", new=f"{result.new.name} {result.new.version}"),
        f"  {result.old.label}",
        f"  {result.new.label}",
        "",
    ]  # fmt: skip
    if not result.changed:
        return "\n".join([*lines, _t(lang, "nothing")]) + "\n"
    if result.renamed:
        lines.append(_t(lang, "renamed", old=result.renamed[0], new=result.renamed[1]))
    for name in ("resources_added", "resources_removed"):
        if getattr(result, name):
            lines.append(f"{_t(lang, name)}: {', '.join(getattr(result, name))}")
    if result.metadata:
        lines.append(f"{_t(lang, 'package')}:")
        lines += [f"    {m.key}: {_show(m.old, lang)} → {_show(m.new, lang)}" for m in result.metadata]
    unchanged = []
    for name, t in sorted(result.tables.items()):
        if not t.changed:
            unchanged.append(name)
            continue
        if lines[-1]:
            lines.append("")
        lines.append(
            _t(lang, "table", table=name, key="+".join(t.primary_key), old=t.rows_old, new=t.rows_new)
        )
        lines += [f"  ! {_t(lang, code, **params)}" for code, params in t.notes]
        for sign, category in (("+", "added"), ("-", "removed")):
            keys = getattr(t, category)
            if keys:
                shown = _listing([_key_text(k) for k in keys], limit, lang)
                lines.append(f"  {sign} {_t(lang, category)} ({len(keys)}): {shown}")
        for sign, category in (("~", "corrected"), ("×", "withdrawn")):
            items: list[RecordChange] = getattr(t, category)
            if not items:
                continue
            lines.append(f"  {sign} {_t(lang, category)} ({len(items)}):")
            for item in items[:limit]:
                cells = "; ".join(
                    f"{c.field} {_show(c.old, lang)} → {_show(c.new, lang)}" for c in item.changes
                )
                lines.append(f"      {_key_text(item.key)}: {cells}")
            if len(items) > limit:
                lines.append(f"      {_t(lang, 'more', count=len(items) - limit)}")
        if t.schema:
            lines.append(f"  {_t(lang, 'schema')}:")
            lines += [f"      {describe_schema_change(c, lang)}" for c in t.schema]
        if t.metadata:
            lines.append(f"  {_t(lang, 'metadata')}:")
            for m in t.metadata:
                where = f"{m.field}." if m.field else ""
                lines.append(f"      {where}{m.key}: {_show(m.old, lang)} → {_show(m.new, lang)}")
    if unchanged:
        lines += ["", f"{_t(lang, 'unchanged')} ({len(unchanged)}): {', '.join(unchanged)}"]
    return "\n".join(lines) + "\n"


def _changelog_body(result: Diff, lang: str, limit: int, bump: str | None) -> list[str]:
    if result.old is None:
        return [_t(lang, "first", version=result.new.version, count=len(result.resources_added))]
    since = _t(lang, "since", old=result.old.version)
    lines = [since + (f" ({bump.upper()})." if bump else ".")]
    if not result.changed:
        return [*lines, "", _t(lang, "nothing")]
    lines.append("")
    package = []
    if result.renamed:
        package.append(_t(lang, "renamed", old=result.renamed[0], new=result.renamed[1]))
    for name in ("resources_added", "resources_removed"):
        if getattr(result, name):
            package.append(f"{_t(lang, name)}: {', '.join(f'`{n}`' for n in getattr(result, name))}")
    package += [f"{_t(lang, 'package')}: `{m.key}`" for m in result.metadata]
    if package:
        lines.append(f"- **{_t(lang, 'package_md')}**")
        lines += [f"  - {p}" for p in package]
    for name, t in sorted(result.tables.items()):
        if not t.changed:
            continue
        counts = ", ".join(f"{n} {_t(lang, c)}" for c, n in t.counts().items() if n)
        lines.append(f"- **{name}**" + (f": {counts}" if counts else ""))
        for category in ("added", "corrected", "withdrawn", "removed"):
            found: list[Any] = getattr(t, category)
            if not found:
                continue
            keys = [
                f"`{_key_text(k)}`"
                if isinstance(k, tuple)
                else f"`{_key_text(k.key)}` ({', '.join(c.field for c in k.changes)})"
                for k in found
            ]
            text = _listing(keys, limit, lang)
            lines.append(f"  - {_t(lang, category).capitalize()}: {text}")
        lines += [f"  - {_t(lang, 'schema_md')}: {describe_schema_change(c, lang)}" for c in t.schema]
        fields = sorted({f"`{m.field}.{m.key}`" if m.field else f"`{m.key}`" for m in t.metadata})
        if fields:
            lines.append(f"  - {_t(lang, 'metadata').capitalize()}: {', '.join(fields)}")
    return lines


def changelog_entry(
    result: Diff,
    version: str,
    date: Date | str,
    lang: str = "both",
    *,
    limit: int = 10,
    bump: str | None = None,
) -> str:
    """A Markdown section for CHANGELOG.md: ``lang`` ``sv``, ``en`` or ``both`` (Swedish, English beneath)."""
    lines = [f"## {version} – {date}", ""]
    if lang == "both":
        lines += ["### Svenska", "", *_changelog_body(result, "sv", limit, bump), ""]
        lines += ["### English", "", *_changelog_body(result, "en", limit, bump)]
    else:
        lines += _changelog_body(result, lang, limit, bump)
    return "\n".join(lines) + "\n"
