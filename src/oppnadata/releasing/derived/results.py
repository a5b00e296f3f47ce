"""``resultatredovisning``: the figures the results reporting under förordning (2024:99) asks for, by
year, support form, dimension and value (long format)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ...codes import BUSINESS, MISSING, WITHDRAWN
from .columns import col, decimal_text, integers_of, map_codes, sum_by, year_of
from .specs import COUNT, FORM, GRANTED, YEAR, Spec, spec_field

# Columns of hallbarhet reported for every decision (förordning 2024:99 items 2–4); vd_kon is FTG only.
ASSESSMENTS = (
    "ekonomisk_hallbarhet",
    "social_hallbarhet",
    "miljomassig_hallbarhet",
    "territoriellt_perspektiv",
    "territoriell_typ",
    "jamstalldhet",
    "integration",
    "miljo_och_klimat",
)
DIMENSIONS = (*ASSESSMENTS, "vd_kon", "mottagarkategori", "regionens_egen")


def results(tables: Mapping[str, pa.Table]) -> pd.DataFrame:
    """Decisions and granted amounts per year × stödform × dimension × value (long format)."""
    beslut = tables["beslut"]
    active = pc.not_equal(col(beslut, "status"), WITHDRAWN)

    def column(name: str) -> pa.Array:
        return pc.filter(col(beslut, name), active)

    cases, forms = column("arende_id"), column("stodform")
    kronor = integers_of(column("beviljat_belopp"), cases, "beslut")
    category = column("mottagarkategori")
    dimensions: list[tuple[str, pa.Array]] = [
        ("mottagarkategori", pc.if_else(pc.equal(category, ""), MISSING, category))
    ]
    if "mottagarkategorier" in tables:
        codes = tables["mottagarkategorier"]
        own = {
            kod: "ja" if flag.strip().lower() == "true" else "nej"
            for kod, flag in zip(
                col(codes, "kod").to_pylist(), col(codes, "regionens_egen").to_pylist(), strict=True
            )
        }
        if own:
            dimensions.append(("regionens_egen", map_codes(category, own, MISSING)))
    business = pc.equal(forms, BUSINESS)
    if "hallbarhet" in tables:
        hallbarhet = tables["hallbarhet"]
        # one row per case, the last one winning (as a dict built row by row would)
        reverse = pa.array(np.arange(hallbarhet.num_rows - 1, -1, -1, dtype=np.int64))
        keys = col(hallbarhet, "arende_id").take(reverse)
        found = pc.index_in(cases, value_set=keys)
        for name in (*ASSESSMENTS, "vd_kon"):
            if name in hallbarhet.column_names:
                values = pc.fill_null(pc.take(col(hallbarhet, name).take(reverse), found), "")
                values = pc.if_else(pc.equal(values, ""), MISSING, values)
            else:
                values = pa.repeat(pa.scalar(MISSING, pa.string()), len(cases))
            dimensions.append((name, values))
    years = year_of(column("beslutsdatum"))
    pieces = []
    for dimension, values in dimensions:
        keep = business if dimension == "vd_kon" else pa.repeat(pa.scalar(True), len(cases))
        pieces.append(
            (
                pc.filter(years, keep),
                pc.filter(forms, keep),
                pa.repeat(pa.scalar(dimension, pa.string()), int(pc.sum(keep).as_py() or 0)),
                pc.filter(values, keep),
                kronor[keep.to_numpy(zero_copy_only=False)],
            )
        )
    long = {
        "ar": pa.concat_arrays([p[0] for p in pieces]),
        "stodform": pa.concat_arrays([p[1] for p in pieces]),
        "dimension": pa.concat_arrays([p[2] for p in pieces]),
        "varde": pa.concat_arrays([p[3] for p in pieces]),
    }
    kr = np.concatenate([p[4] for p in pieces])
    sums = sum_by(long, {"kronor": kr, "one": np.ones(len(kr), dtype=np.int64)})
    totals: dict[tuple[str, ...], int] = defaultdict(int)
    for (year, stodform, dimension, _value), (amount, _count) in sums.items():
        totals[year, stodform, dimension] += amount
    order = {dimension: index for index, dimension in enumerate(DIMENSIONS)}
    ordered = sorted(sums, key=lambda k: (k[0], k[1], order[k[2]], k[3]))
    return pd.DataFrame(
        [
            [*key, str(sums[key][1]), str(sums[key][0]), _share(sums[key][0], totals[key[:3]])]
            for key in ordered
        ],
        columns=[
            "ar",
            "stodform",
            "dimension",
            "varde",
            "antal_beslut",
            "beviljat_belopp",
            "andel_av_belopp",
        ],
        dtype=object,
    )


def _share(part: int, whole: int) -> str:
    if whole == 0:
        return ""
    return decimal_text(Decimal(part) / Decimal(whole), "0.0001")


_SCALE = (
    "huvudsyfte, integrerat, beaktat, ej_relevant, ej_bedomt",
    "huvudsyfte (main purpose), integrerat (integrated), beaktat (considered), ej_relevant (not relevant), "
    "ej_bedomt (not assessed)",
)
RESULTS = Spec(
    name="resultatredovisning",
    title="Underlag för resultatredovisning enligt förordning (2024:99)",
    title_en="Figures for the results reporting under ordinance (2024:99)",
    description=(
        "Härledd tabell i långt format: antal beslut och beviljat belopp per beslutsår och stödform, fördelat på "
        "de dimensioner som resultatredovisningen av det regionala utvecklingsarbetet (förordning 2024:99) frågar "
        "efter: ekonomisk, social och miljömässig hållbarhet, territoriellt perspektiv och territoriell typ, "
        "jämställdhet, integration, miljö och klimat, VD:s kön (endast företagsstöd), mottagarkategori samt om "
        "mottagaren är regionen själv eller ett bolag eller en organisation som regionen äger eller är delägare i "
        "(regionens_egen). Hela beslutets belopp räknas, utan fördelning på kommuner. Återkallade beslut (status "
        "aterkallad) ingår inte. Inom en dimension summerar raderna för ett år och en stödform till årets och "
        "stödformens totala antal och belopp; beslut utan uppgift redovisas som uppgift_saknas. Dimensioner vars "
        "underlag saknas i paketet utelämnas."
    ),
    description_en=(
        "Derived table in long format: number of decisions and granted amount by decision year and support form, "
        "broken down by the dimensions the results reporting of regional development work (ordinance 2024:99) asks "
        "for: economic, social and environmental sustainability, territorial perspective and territorial type, "
        "gender equality, integration, environment and climate, the chief executive's sex (business grants only), "
        "recipient category, and whether the recipient is the region itself or a company or body the region owns "
        "or part-owns (regionens_egen). The whole amount of a decision counts, not split over municipalities. "
        "Withdrawn decisions (status aterkallad) are excluded. Within a dimension the rows of one year and support "
        "form add up to that year's and form's total number and amount; decisions without the information are "
        "shown as uppgift_saknas. Dimensions whose source table is missing from the package are left out."
    ),
    fields=(
        {
            **YEAR,
            "description": "Beslutsår (året i beslutsdatum).",
            "description_en": "Decision year (the year of the decision date).",
        },
        FORM,
        spec_field(
            "dimension",
            "string",
            "Dimension",
            "Dimension",
            "Vad raden delar upp efter: en kolumn i hallbarhet (" + ", ".join(ASSESSMENTS) + ", vd_kon), "
            "mottagarkategori eller regionens_egen.",
            "What the row breaks down by: a column of hallbarhet (" + ", ".join(ASSESSMENTS) + ", vd_kon), "
            "mottagarkategori or regionens_egen.",
            required=True,
            enum=list(DIMENSIONS),
        ),
        spec_field(
            "varde",
            "string",
            "Värde",
            "Value",
            f"Värdet i dimensionen: för bedömningarna {_SCALE[0]}; för territoriell_typ typerna i hallbarhet; för "
            "vd_kon kvinna, man eller uppgift_saknas; för mottagarkategori en kod i mottagarkategorier; för "
            "regionens_egen ja eller nej. uppgift_saknas när uppgiften saknas.",
            f"The value in the dimension: for the assessments {_SCALE[1]}; for territoriell_typ the types in "
            "hallbarhet; for vd_kon kvinna (woman), man or uppgift_saknas; for mottagarkategori a code in "
            "mottagarkategorier; for regionens_egen ja (yes) or nej (no). uppgift_saknas when not available.",
            required=True,
        ),
        COUNT,
        GRANTED,
        spec_field(
            "andel_av_belopp",
            "number",
            "Andel av beviljat belopp",
            "Share of granted amount",
            "Radens andel (0–1) av beviljat belopp för året, stödformen och dimensionen, avrundad till fyra "
            "decimaler (avrundade andelar summerar därför inte alltid exakt till 1). Tomt om beloppet är 0.",
            "The row's share (0–1) of the granted amount of the year, support form and dimension, rounded to four "
            "decimals (so rounded shares do not always add up exactly to 1). Empty if the total is 0.",
            minimum=0,
            maximum=1,
        ),
    ),
    primary_key=("ar", "stodform", "dimension", "varde"),
)
