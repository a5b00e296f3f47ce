"""The rules' shared machinery (``checks``): the fast column helpers give exactly what the plain pandas
expressions they replace give, on any column (the streaming engine and the frictionless path both use them).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oppnadata.validating.checks import lookup, per_distinct, to_date, to_float, to_int

CELLS = st.sampled_from(["", "0", "1", "-5", "2.5", "1e400", "12,5", "x", "2020-01-01", "2020-02-30",
                         "2024-02-29", "2023-02-29", "0999-12-31", "projektstod", "PROJ"])  # fmt: skip
COLUMNS = st.lists(CELLS | st.text(max_size=6), max_size=3000)


def _series(cells: list[str], dtype: str) -> pd.Series:
    return pd.Series(cells, dtype=dtype)


@settings(max_examples=60, deadline=None)
@given(COLUMNS, st.sampled_from(["str", "object"]))
def test_conversions_on_distinct_values_equal_the_direct_ones(cells: list[str], dtype: str) -> None:
    series = _series(cells * 3, dtype)  # repeated: the distinct-value path is taken above 1024 rows
    with np.errstate(all="ignore"):
        direct_float = pd.to_numeric(series.where(series != ""), errors="coerce").astype("float64")
    direct_date = pd.to_datetime(series.where(series != ""), errors="coerce", format="%Y-%m-%d")
    pd.testing.assert_series_equal(to_float(series), direct_float)
    pd.testing.assert_series_equal(to_date(series), direct_date)
    assert to_int(series).dtype == "Int64"


def test_per_distinct_keeps_the_index_and_the_missing_cells() -> None:
    series = pd.Series(["a", None, "b"] * 1000, index=range(5, 3005), dtype="str", name="kol")
    result = per_distinct(series, lambda s: s.str.upper())
    pd.testing.assert_series_equal(result, series.str.upper())


MAPPINGS = [
    pd.Series({"a": 1.5, "b": 2.0}),
    pd.Series({"a": "X", "c": "Y"}, dtype="str"),
    pd.Series({"a": "X", "c": None}, dtype="object"),
    pd.Series({"a": pd.Timestamp("2020-01-01"), "b": pd.NaT}),
    pd.Series({"a": True, "b": False}),
    pd.Series({1: "int key"}),  # never matches a text cell: plain map
    pd.Series(dtype="float64"),  # empty
]


@pytest.mark.parametrize("mapping", MAPPINGS, ids=lambda m: str(m.dtype))
@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "c", "", "1", "å"]), max_size=200), st.sampled_from(["str", "object"])
)
def test_lookup_equals_map(mapping: pd.Series, cells: list[str], dtype: str) -> None:
    series = _series(cells, dtype)
    pd.testing.assert_series_equal(lookup(series, mapping), series.map(mapping))
