"""The two CSV flavours, written column-wise by arrow, are byte for byte what the csv module writes."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oppnadata.releasing import csvflavours

_CELL = st.text(alphabet=st.sampled_from(list("ab1 ,;\"\n\r\t=+-@.'åé")), max_size=6)
_TYPES = ("string", "number", "integer", "date")


def _reference_canonical(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\n")
    writer.writerow(list(frame.columns))
    writer.writerows(frame.itertuples(index=False))
    return buffer.getvalue().encode("utf-8")


def _reference_excel(frame: pd.DataFrame, schema: dict[str, object]) -> bytes:
    types = {f["name"]: f["type"] for f in schema["fields"]}  # type: ignore[attr-defined]
    ids = {
        c
        for c in frame.columns
        if types[c] == "string"
        and (frame[c] != "").any()
        and frame.loc[frame[c] != "", c].str.fullmatch("[0-9]+").all()
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False):
        writer.writerow(
            csvflavours.excel_cell(v, types[c], c in ids) for c, v in zip(frame.columns, row, strict=True)
        )
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


@given(
    columns=st.lists(st.sampled_from(_TYPES), min_size=1, max_size=4),
    rows=st.lists(st.lists(_CELL, min_size=4, max_size=4), max_size=12),
    digits=st.booleans(),
)
@settings(deadline=None, max_examples=150)
def test_both_flavours_are_the_csv_modules_bytes(
    columns: list[str], rows: list[list[str]], digits: bool
) -> None:
    names = [f"c{i}" for i in range(len(columns))]
    if digits:  # an identifier column (digits only): the Excel flavour wraps it ="…"
        rows = [[str(len(r[0])) * 3 if j == 0 else v for j, v in enumerate(r)] for r in rows]
    frame = pd.DataFrame([r[: len(names)] for r in rows], columns=names, dtype=object)
    schema = {"fields": [{"name": n, "type": t} for n, t in zip(names, columns, strict=True)]}
    table = pa.table({n: pa.array(frame[n].tolist(), pa.string()) for n in names})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csvflavours, "SLICE_ROWS", 5)  # several slices, and slice edges, in small tables
        for given_table in (frame, table):
            assert csvflavours.write_canonical(given_table) == _reference_canonical(frame)
            assert csvflavours.write_excel_sv(given_table, schema) == _reference_excel(frame, schema)


def test_a_record_of_one_empty_cell_is_quoted_as_csv_does() -> None:
    frame = pd.DataFrame({"a": ["", "x", ""]}, dtype=object)
    assert csvflavours.write_canonical(frame) == b'a\n""\nx\n""\n'


def test_read_canonical_is_read_table(tmp_path: pytest.TempPathFactory) -> None:
    from oppnadata.validating.validation import read_table

    path = tmp_path / "t.csv"  # type: ignore[operator]
    path.write_text('a,b,a\n1,2,3\n\n"x\ny",5\n1,2,3,4\n"q""r",,\n', encoding="utf-8")
    frame = read_table(path)
    table = csvflavours.read_canonical(path)
    assert table.column_names == list(frame.columns) == ["a", "b", "a#2"]
    assert table.to_pydict() == {c: frame[c].tolist() for c in frame.columns}
