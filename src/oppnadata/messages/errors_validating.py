"""Errors of validation (src/oppnadata/validating/) — a rule declared wrongly (a programming error in a rule)."""

from __future__ import annotations

from .base import Message

_RULE_HINT_SV = "Rätta regelns deklaration @rule(...) i validating/ (se README.md, 'Adding a rule')."
_RULE_HINT_EN = "Fix the rule's @rule(...) declaration in validating/ (see README.md, 'How to add a rule')."


def _rule(sv: str, en: str) -> Message:
    return Message("regeln {rule!r}: " + sv, "rule {rule!r}: " + en, _RULE_HINT_SV, _RULE_HINT_EN)


ERRORS: dict[str, Message] = {
    "rule-cross-streams": _rule(
        "en CROSS-regel anger tabellen den strömmar (streams=), en av dem den läser.",
        "a CROSS rule names the table it streams (streams=), one of its reads",
    ),
    "rule-streams-not-cross": _rule(
        "streams= och joins= är till för CROSS-regler.", "streams= and joins= are for CROSS rules"
    ),
    "rule-joins": _rule(
        "joins= anger tabeller regeln läser, andra än den den strömmar.",
        "joins= names tables the rule reads, other than the one it streams",
    ),
    "rule-merge": _rule(
        "en BATCH-regel, och bara en BATCH-regel, anger hur dess fynd slås ihop (merge=).",
        "a BATCH rule, and only a BATCH rule, says how its findings merge (merge=)",
    ),
    "rule-candidates": _rule("candidates= är till för ROW-regler.", "candidates= is for ROW rules"),
    "rule-needs": _rule("needs= anger tabeller regeln läser.", "needs= names tables the rule reads"),
    "rule-undeclared-column": Message(
        "regeln {rule!r} läser kolumnen {column!r} i tabellen {table!r} men deklarerar den inte.",
        "rule {rule!r} reads column {column!r} of table {table!r} but does not declare it",
        "lägg till {column!r} i reads={{{table!r}: (...)}} i regelns deklaration @rule(...)",
        "add {column!r} to reads={{{table!r}: (...)}} in the rule's @rule(...) declaration",
    ),
    "rule-cross-other-table": Message(
        "regeln {rule!r} (CROSS, streams={table!r}) rapporterade en rad i {other!r}.",
        "rule {rule!r} (CROSS, streams={table!r}) reported a row of {other!r}",
        "en CROSS-regel rapporterar rader i tabellen den strömmar; deklarera scope=Scope.TABLE",
        "a CROSS rule reports rows of the table it streams; declare scope=Scope.TABLE",
    ),
}
