"""Swedish domain rules for the 1:1 tables, as column functions over whole tables (or batches).

Each rule declares, in its ``@rule(...)``, the tables and columns it reads and its scope (see
``checks.Scope``); the streaming runner schedules it from that alone. A new check inside a rule that
reads another column adds that column to the rule's ``reads``; reading an undeclared one fails loudly.

The facts they rest on (ceilings, legal bases and their validity, shares) come from the code lists in
``datasets/`` (``stodtyper``, ``rattsliga_grunder``), not from constants here, so one table edit changes
the rule. See ../shared/DOMAIN.md for the sources.
"""

from __future__ import annotations

# Importing the modules registers their rules, in this order (the order of the findings).
# isort: off
from . import organisations, decisions, followup, text  # noqa: F401

# isort: on
from .decisions import financing, payments
from .organisations import EXPECTED_GROUP
from .text import CONDITIONAL_FIELDS, FORMULA_CANDIDATE, FORMULA_START

__all__ = [
    "CONDITIONAL_FIELDS",
    "EXPECTED_GROUP",
    "FORMULA_CANDIDATE",
    "FORMULA_START",
    "financing",
    "payments",
]
