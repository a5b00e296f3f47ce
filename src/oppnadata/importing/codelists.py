"""The code lists an import maps values onto (kommuner, stödtyper, …): a value found by any of its spellings."""

from __future__ import annotations

import re

from .mapping import Lookup


class CodeLists:
    """The package's code lists by table, each indexed once per lookup (``by`` columns → ``returns``)."""

    def __init__(self, code_lists: dict[str, list[dict[str, str]]]) -> None:
        self.code_lists = code_lists
        self._indexes: dict[tuple[str, str], dict[str, str]] = {}

    def index(self, lookup: Lookup) -> dict[str, str]:
        cache_key = (lookup.table, ",".join(lookup.by) + "→" + lookup.returns)
        if cache_key not in self._indexes:
            table: dict[str, str] = {}
            for entry in self.code_lists.get(lookup.table, []):
                for column in lookup.by:
                    if entry.get(column):
                        table.setdefault(fold(entry[column]), entry.get(lookup.returns, ""))
            self._indexes[cache_key] = table
        return self._indexes[cache_key]

    def code_row(self, lookup: Lookup, returned: str) -> dict[str, str]:
        return next(
            (e for e in self.code_lists.get(lookup.table, []) if e.get(lookup.returns) == returned), {}
        )

    def resolve(self, lookup: Lookup, text: str) -> str | None:
        table = self.index(lookup)
        candidates = [text]
        if lookup.strip:
            stripped = re.sub(lookup.strip, "", text).strip()
            candidates += [stripped, stripped[:-1] if stripped.endswith("s") else stripped]
        for candidate in candidates:
            if fold(candidate) in table:
                return table[fold(candidate)]
        return None


def fold(text: str) -> str:
    """A value as compared: spaces collapsed, case folded."""
    return " ".join(text.split()).casefold()


def lookup_value(values: dict[str, str], text: str) -> str | None:
    """``text`` looked up in a mapping's ``values`` table, compared folded."""
    if not values:
        return None
    folded = {fold(k): v for k, v in values.items()}
    return folded.get(fold(text))
