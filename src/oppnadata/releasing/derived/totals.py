"""``totaler_ar_stodform_kommun``: granted and paid per year, support form and municipality."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ...codes import WITHDRAWN
from ...errors import RefusedError
from .columns import col, integers_of, lookup, map_codes, sum_by, year_of
from .specs import COUNT, FORM, GRANTED, YEAR, Spec, spec_field
from .splitting import shares_of, split_over


def totals(tables: Mapping[str, pa.Table]) -> pd.DataFrame:
    """Granted and paid per year × stödform × kommun (amounts split over kommuner by largest remainder)."""
    beslut = tables["beslut"]
    shares = shares_of(tables)
    active = pc.not_equal(col(beslut, "status"), WITHDRAWN)
    cases = pc.filter(col(beslut, "arende_id"), active)
    amounts = integers_of(pc.filter(col(beslut, "beviljat_belopp"), active), cases, "beslut")
    row, kommun, part = split_over(cases, amounts, shares)
    take = pa.array(row, type=pa.int64())
    granted = sum_by(
        {
            "ar": year_of(pc.filter(col(beslut, "beslutsdatum"), active)).take(take),
            "stodform": pc.filter(col(beslut, "stodform"), active).take(take),
            "kommun": kommun,
        },
        {"part": part, "one": np.ones(len(row), dtype=np.int64)},
    )
    paid: dict[tuple[str, ...], tuple[int, ...]] = {}
    has_payments = "utbetalningar" in tables
    if has_payments:
        payments = tables["utbetalningar"]
        form = lookup(tables, "beslut", "arende_id", "stodform")
        cases = col(payments, "arende_id")
        unknown = pc.invert(pc.is_in(cases, value_set=pa.array(list(form), type=pa.string())))
        if pc.any(unknown).as_py():
            case = pc.filter(cases, unknown)[0].as_py()
            raise RefusedError.coded("build-payment-unknown-case", case=case)
        amounts = integers_of(col(payments, "belopp"), cases, "utbetalningar")
        row, kommun, part = split_over(cases, amounts, shares)
        take = pa.array(row, type=pa.int64())
        paid = sum_by(
            {
                "ar": pc.utf8_trim_whitespace(col(payments, "ar")).take(take),
                "stodform": map_codes(cases, form, "").take(take),
                "kommun": kommun,
            },
            {"part": part},
        )
    names = lookup(tables, "kommuner", "kommunkod", "kommunnamn")
    keys = sorted(set(granted) | set(paid))
    return pd.DataFrame(
        [
            [
                *key,
                names.get(key[2], ""),
                str(granted.get(key, (0, 0))[1]),
                str(granted.get(key, (0, 0))[0]),
                str(paid.get(key, (0,))[0]) if has_payments else "",
            ]
            for key in keys
        ],
        columns=[
            "ar",
            "stodform",
            "kommunkod",
            "kommunnamn",
            "antal_beslut",
            "beviljat_belopp",
            "utbetalt_belopp",
        ],
        dtype=object,
    )


_ROUNDING = (
    "Avrundning: varje belopp fördelas i hela kronor med största-restmetoden. Andelarna normeras så att de "
    "summerar till 1, varje kommun får heltalsdelen av belopp × andel och de kronor som blir över går en i taget "
    "till de kommuner som har störst decimalrest (vid lika rest den lägsta kommunkoden). Kommunernas delar av ett "
    "beslut eller en utbetalning summerar därför exakt till dess belopp."
)
_ROUNDING_EN = (
    "Rounding: every amount is split in whole kronor by the largest-remainder method. The shares are normalised to "
    "add up to 1, each municipality gets the whole part of amount × share, and the kronor left over go one at a "
    "time to the municipalities with the largest fractional remainders (ties: the lowest municipality code). The "
    "municipalities' parts of a decision or payment therefore add up exactly to its amount."
)

TOTALS = Spec(
    name="totaler_ar_stodform_kommun",
    title="Beviljat och utbetalt per år, stödform och kommun",
    title_en="Granted and paid by year, support form and municipality",
    description=(
        "Härledd tabell. Beviljat belopp och antal beslut per beslutsår, utbetalt belopp (netto efter återkrav) per "
        "utbetalningsår, per stödform och kommun. Återkallade beslut (status aterkallad) ingår inte i beviljat "
        "belopp eller antal beslut; det som ändå betalats ut eller återkrävts för dem ingår i utbetalt belopp. "
        "Ett beslut fördelas på kommuner enligt kommunfordelning, eller helt på beslutets huvudsakliga kommun "
        "(kommunkod i beslut) om fördelning saknas. Ett beslut som gäller flera kommuner räknas i antal beslut "
        "för var och en av dem. " + _ROUNDING
    ),
    description_en=(
        "Derived table. Granted amount and number of decisions by decision year, amount paid (net of recoveries) "
        "by payment year, by support form and municipality. Withdrawn decisions (status aterkallad) are excluded "
        "from the granted amount and the number of decisions; whatever was still paid or recovered for them is in "
        "the amount paid. A decision is split over municipalities by kommunfordelning, or wholly on its main "
        "municipality (kommunkod in beslut) when there is no distribution. A decision covering several "
        "municipalities counts in the number of decisions of each. " + _ROUNDING_EN
    ),
    fields=(
        YEAR,
        FORM,
        spec_field(
            "kommunkod",
            "string",
            "Kommunkod",
            "Municipality code",
            "Kommunkod enligt SCB (kod i kommuner).",
            "Statistics Sweden municipality code (code in kommuner).",
            required=True,
            pattern="^23[0-9]{2}$",
        ),
        spec_field(
            "kommunnamn",
            "string",
            "Kommunnamn",
            "Municipality name",
            "Kommunens namn enligt kommuner.",
            "Name of the municipality as in kommuner.",
        ),
        {
            **COUNT,
            "description": "Antal beslut som avser kommunen, utom återkallade.",
            "description_en": "Number of decisions concerning the municipality, withdrawn decisions excluded.",
        },
        {
            **GRANTED,
            "description": GRANTED["description"] + " Kommunens del enligt fördelningen.",
            "description_en": GRANTED["description_en"] + " The municipality's part under the distribution.",
        },
        spec_field(
            "utbetalt_belopp",
            "integer",
            "Utbetalt belopp (kr)",
            "Amount paid (SEK)",
            "Utbetalt under året i kronor, netto efter återkrav (kan vara negativt). Kommunens del enligt "
            "fördelningen. Tomt om paketet saknar utbetalningar.",
            "Paid during the year in Swedish kronor, net of recoveries (can be negative). The municipality's part "
            "under the distribution. Empty if the package has no utbetalningar.",
        ),
    ),
    primary_key=("ar", "stodform", "kommunkod"),
)
