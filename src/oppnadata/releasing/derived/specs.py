"""How a derived table is described: its spec (name, titles, descriptions, fields, key) and the Table
Schema written from it, and the fields several derived tables share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...codes import SUPPORT_FORMS


@dataclass(frozen=True)
class Spec:
    name: str
    title: str
    title_en: str
    description: str
    description_en: str
    fields: tuple[dict[str, Any], ...]
    primary_key: tuple[str, ...]


def spec_field(
    name: str, type_: str, title: str, title_en: str, text: str, text_en: str, **constraints: Any
) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": name,
        "type": type_,
        "title": title,
        "description": text,
        "title_en": title_en,
        "description_en": text_en,
    }
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(spec: Spec) -> dict[str, Any]:
    return {
        "title": spec.title,
        "description": spec.description,
        "title_en": spec.title_en,
        "description_en": spec.description_en,
        "missingValues": [""],
        "primaryKey": list(spec.primary_key),
        "fields": [dict(field) for field in spec.fields],
    }


YEAR = spec_field(
    "ar", "integer", "År", "Year",
    "Beslutsår (året i beslutsdatum) för beviljat belopp och antal beslut; utbetalningsår för utbetalt belopp.",
    "Decision year (the year of the decision date) for granted amount and number of decisions; payment year for "
    "amount paid.",
    required=True, minimum=2000, maximum=2100,
)  # fmt: skip
FORM = spec_field(
    "stodform", "string", "Stödform", "Support form",
    "PROJ projektstöd, FTG företagsstöd, KS stöd till kommersiell service.",
    "PROJ project grant, FTG business grant, KS support for commercial service.",
    required=True, enum=list(SUPPORT_FORMS),
)  # fmt: skip
COUNT = spec_field(
    "antal_beslut", "integer", "Antal beslut", "Number of decisions",
    "Antal beslut, utom återkallade.", "Number of decisions, withdrawn decisions excluded.",
    required=True, minimum=0,
)  # fmt: skip
GRANTED = spec_field(
    "beviljat_belopp", "integer", "Beviljat belopp (kr)", "Granted amount (SEK)",
    "Beviljat belopp i kronor från 1:1-anslaget, utom återkallade beslut.",
    "Granted amount in Swedish kronor from the 1:1 appropriation, withdrawn decisions excluded.",
    required=True, minimum=0,
)  # fmt: skip
