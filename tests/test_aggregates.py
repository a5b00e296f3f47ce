"""Derived resources: reconciliation, the kommun split, the results aggregates, the transparency list."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import frictionless
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oppnadata.config import PublicationConfig, load_config
from oppnadata.releasing.aggregates import DIMENSIONS, DerivedTable, derive, sek_threshold, split_amount
from oppnadata.validating.validation import read_table
from tests.helpers import PACKAGE


@pytest.fixture(scope="module")
def config() -> PublicationConfig:
    return load_config(PACKAGE / "publication.yaml")


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {path.stem: read_table(path) for path in sorted((PACKAGE / "datasets").glob("*.csv"))}


@pytest.fixture(scope="module")
def derived(tables: dict[str, pd.DataFrame], config: PublicationConfig) -> dict[str, DerivedTable]:
    return {table.name: table for table in derive(tables, config)}


def _ints(series: pd.Series) -> pd.Series:
    return series.astype(int)


def _active(beslut: pd.DataFrame) -> pd.DataFrame:
    return beslut[beslut["status"] != "aterkallad"]


def _frictionless_valid(table: DerivedTable, folder: Path) -> frictionless.Report:
    csv = folder / f"{table.name}.csv"
    table.frame.to_csv(csv, index=False, encoding="utf-8", lineterminator="\n")
    resource = frictionless.Resource(
        path=csv.name,
        basepath=str(folder),
        schema=frictionless.Schema.from_descriptor(table.schema),
        format="csv",
        encoding="utf-8",
    )
    return resource.validate()


# ---------------------------------------------------------------------------------------- hand-made data

BESLUT_COLUMNS = read_table(PACKAGE / "datasets" / "beslut.csv").columns.tolist()


def _beslut(*rows: Mapping[str, str]) -> pd.DataFrame:
    base = {
        "stodform": "PROJ",
        "stodtyp": "projektstod",
        "rattslig_grund": "2003:596",
        "beslutsdatum": "2024-03-01",
        "stodmottagare": "Exempelbolaget AB",
        "organisationsnummer": "556036-0793",
        "juridisk_form": "aktiebolag",
        "mottagarkategori": "foretag",
        "kommunkod": "2380",
        "status": "pagaende",
    }
    records = [{c: {**base, **row}.get(c, "") for c in BESLUT_COLUMNS} for row in rows]
    return pd.DataFrame(records, columns=BESLUT_COLUMNS, dtype=object)


def _frame(columns: list[str], *rows: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame([list(r) for r in rows], columns=columns, dtype=object)


def _ftg(arende_id: str, belopp: int, **extra: str) -> dict[str, str]:
    return {
        "arende_id": arende_id,
        "stodform": "FTG",
        "stodtyp": "regionalt_investeringsstod",
        "rattslig_grund": "2022:1467",
        "beviljat_belopp": str(belopp),
        "foretagsstorlek": "litet",
        "sni_kod": "16230",
        "sni_version": "SNI2007",
        "stodinstrument": "bidrag",
        **extra,
    }


# ------------------------------------------------------------------------------------------------- split


def test_split_hand_case_gives_the_leftover_krona_to_the_largest_remainder() -> None:
    thirds = {"2303": Fraction(1, 3), "2305": Fraction(1, 3), "2309": Fraction(1, 3)}
    assert split_amount(100, thirds) == {"2303": 34, "2305": 33, "2309": 33}
    assert split_amount(-100, thirds) == {"2303": -34, "2305": -33, "2309": -33}
    # rounded shares that do not add up to 1 are normalised first
    rounded = {"2303": Fraction("0.333"), "2305": Fraction("0.333"), "2309": Fraction("0.333")}
    assert split_amount(1000, rounded) == {"2303": 334, "2305": 333, "2309": 333}
    assert split_amount(1001, {"2380": Fraction(3, 4), "2321": Fraction(1, 4)}) == {"2380": 751, "2321": 250}
    assert split_amount(7, {"2380": Fraction(1), "2321": Fraction(0)}) == {"2380": 7, "2321": 0}


@given(
    amount=st.integers(min_value=-(10**9), max_value=10**9),
    weights=st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=8).filter(any),
)
def test_split_always_adds_up(amount: int, weights: list[int]) -> None:
    shares = {f"23{i:02d}": Fraction(w) for i, w in enumerate(weights)}
    parts = split_amount(amount, shares)
    assert sum(parts.values()) == amount
    total = sum(weights)
    for key, weight in zip(shares, weights, strict=True):
        exact = Fraction(amount * weight, total)
        assert abs(parts[key] - exact) < 1  # never more than one krona from the exact quota


_ANDEL = st.sampled_from(
    ["1", "0.5", "0.333", "0.25", "0.1", "1e-1", "0.0001", "1e-15", "0", "-0.2", "", "x"]
)


@given(
    decisions=st.lists(
        st.tuples(
            st.integers(min_value=-(10**10), max_value=10**10),
            st.lists(st.tuples(st.sampled_from(["2303", "2305", "2309", "2380"]), _ANDEL), max_size=5),
        ),
        min_size=1,
        max_size=12,
    ),
    repeat=st.integers(min_value=1, max_value=3),
)
@settings(deadline=None, max_examples=200)
def test_the_vectorised_split_is_split_amount(
    decisions: list[tuple[int, list[tuple[str, str]]]], repeat: int
) -> None:
    """The build splits all amounts at once in integers; the result is split_amount's, case by case
    (positive shares summed per kommun, else all of it in beslut.kommunkod; several amounts a case)."""
    import pyarrow as pa

    from oppnadata.releasing.derived import columns, splitting

    cases = [f"2024{i:04d}" for i in range(len(decisions))]
    distribution = [(case, k, a) for case, (_, rows) in zip(cases, decisions, strict=True) for k, a in rows]
    tables = {
        "beslut": pa.table({"arende_id": cases, "kommunkod": ["2321"] * len(cases)}),
        "kommunfordelning": pa.table(
            {
                name: [row[i] for row in distribution]
                for i, name in enumerate(["arende_id", "kommunkod", "andel"])
            },
            schema=pa.schema([(n, pa.string()) for n in ("arende_id", "kommunkod", "andel")]),
        ),
    }
    amounts = [amount + r for (amount, _) in decisions for r in range(repeat)]
    of_case = [case for case in cases for _ in range(repeat)]
    row, kommun, part = splitting.split_over(
        pa.array(of_case), np.array(amounts, dtype=np.int64), splitting.shares_of(tables)
    )
    got: dict[int, dict[str, int]] = {}
    for i, k, p in zip(row.tolist(), kommun.to_pylist(), part.tolist(), strict=True):
        got.setdefault(i, {})[k] = p
    for i, (case, amount) in enumerate(zip(of_case, amounts, strict=True)):
        shares: dict[str, Fraction] = {}
        for c, k, a in distribution:
            share = columns.to_fraction(a)
            if c == case and share is not None and share > 0:
                shares[k] = shares.get(k, Fraction(0)) + share
        assert got[i] == split_amount(amount, shares or {"2321": Fraction(1)}), (case, amount)


def test_example_data_every_decision_split_adds_up(tables: dict[str, pd.DataFrame]) -> None:
    kf = tables["kommunfordelning"]
    for case, group in kf.groupby("arende_id"):
        amount = int(tables["beslut"].set_index("arende_id").at[case, "beviljat_belopp"])
        shares = {k: Fraction(a) for k, a in zip(group["kommunkod"], group["andel"], strict=True)}
        assert sum(split_amount(amount, shares).values()) == amount, case


# ------------------------------------------------------------------------------------------------ totals


def test_totals_reconcile_with_example_data(
    tables: dict[str, pd.DataFrame], derived: dict[str, DerivedTable]
) -> None:
    totals = derived["totaler_ar_stodform_kommun"].frame
    beslut, payments = tables["beslut"], tables["utbetalningar"]
    assert _ints(totals["beviljat_belopp"]).sum() == _ints(_active(beslut)["beviljat_belopp"]).sum()
    assert _ints(totals["utbetalt_belopp"]).sum() == _ints(payments["belopp"]).sum()
    # per year and support form as well
    active = _active(beslut).assign(
        ar=lambda f: f["beslutsdatum"].str[:4], b=lambda f: _ints(f["beviljat_belopp"])
    )
    expected = active.groupby(["ar", "stodform"])["b"].sum()
    got = totals.assign(b=_ints(totals["beviljat_belopp"])).groupby(["ar", "stodform"])["b"].sum()
    assert got[got != 0].to_dict() == expected.to_dict()
    paid = payments.merge(beslut[["arende_id", "stodform"]], on="arende_id").assign(
        b=lambda f: _ints(f["belopp"])
    )
    got_paid = totals.assign(b=_ints(totals["utbetalt_belopp"])).groupby(["ar", "stodform"])["b"].sum()
    assert got_paid[got_paid != 0].to_dict() == {
        k: v for k, v in paid.groupby(["ar", "stodform"])["b"].sum().items() if v
    }
    # a decision counts once in each kommun it concerns
    kf = tables["kommunfordelning"]
    assert _ints(totals["antal_beslut"]).sum() == kf[kf["arende_id"].isin(active["arende_id"])].shape[0]
    assert not totals.duplicated(["ar", "stodform", "kommunkod"]).any()


def test_totals_hand_case_split_fallback_and_withdrawn() -> None:
    tables = {
        "beslut": _beslut(
            {"arende_id": "20240001", "beviljat_belopp": "100", "kommunkod": "2380"},
            {
                "arende_id": "20240002",
                "beviljat_belopp": "50",
                "kommunkod": "2321",
            },  # no distribution: fallback
            {"arende_id": "20240003", "beviljat_belopp": "999", "status": "aterkallad"},
        ),
        "kommunfordelning": _frame(
            ["arende_id", "kommunkod", "andel"],
            ("20240001", "2303", "0.333"),
            ("20240001", "2305", "0.333"),
            ("20240001", "2380", "0.333"),
            ("20240003", "2380", "1"),
        ),
        "utbetalningar": _frame(
            ["arende_id", "ar", "typ", "belopp"],
            ("20240001", "2025", "utbetalning", "10"),
            ("20240003", "2024", "utbetalning", "5"),
            ("20240003", "2025", "aterkrav", "-5"),
        ),
    }
    [totals] = [t for t in derive(tables, _CONFIG) if t.name == "totaler_ar_stodform_kommun"]
    rows = {tuple(r[:3]): tuple(r[3:]) for r in totals.frame.itertuples(index=False)}
    assert rows == {
        ("2024", "PROJ", "2303"): ("", "1", "34", "0"),
        ("2024", "PROJ", "2305"): ("", "1", "33", "0"),
        ("2024", "PROJ", "2380"): ("", "1", "33", "5"),
        ("2024", "PROJ", "2321"): ("", "1", "50", "0"),
        ("2025", "PROJ", "2303"): ("", "0", "0", "4"),
        ("2025", "PROJ", "2305"): ("", "0", "0", "3"),
        ("2025", "PROJ", "2380"): ("", "0", "0", "-2"),
    }


# ----------------------------------------------------------------------------------------------- results


def test_results_each_dimension_adds_up_to_the_total(
    tables: dict[str, pd.DataFrame], derived: dict[str, DerivedTable]
) -> None:
    results = derived["resultatredovisning"].frame
    assert set(results["dimension"]) == set(DIMENSIONS)
    active = _active(tables["beslut"]).assign(
        ar=lambda f: f["beslutsdatum"].str[:4], b=lambda f: _ints(f["beviljat_belopp"])
    )
    expected = active.groupby(["ar", "stodform"]).agg(n=("b", "size"), b=("b", "sum"))
    frame = results.assign(n=_ints(results["antal_beslut"]), b=_ints(results["beviljat_belopp"]))
    for dimension, rows in frame.groupby("dimension"):
        got = rows.groupby(["ar", "stodform"])[["n", "b"]].sum()
        # CEO gender is a business-grant dimension only
        want = (
            expected[expected.index.get_level_values("stodform") == "FTG"]
            if dimension == "vd_kon"
            else expected
        )
        assert got.sort_index().to_dict() == want.sort_index().to_dict(), dimension
    assert set(frame.loc[frame["dimension"] == "vd_kon", "stodform"]) == {"FTG"}
    shares = frame["andel_av_belopp"].astype(float)
    assert shares.between(0, 1).all()


def test_results_regions_own_share_matches_a_hand_count(
    tables: dict[str, pd.DataFrame], derived: dict[str, DerivedTable]
) -> None:
    categories = tables["mottagarkategorier"]
    own_codes = set(categories.loc[categories["regionens_egen"] == "true", "kod"])
    assert own_codes == {"regionen", "regionagt_bolag"}
    active = _active(tables["beslut"])
    own = active[active["mottagarkategori"].isin(own_codes)]
    results = derived["resultatredovisning"].frame
    rows = results[(results["dimension"] == "regionens_egen") & (results["varde"] == "ja")]
    assert _ints(rows["beviljat_belopp"]).sum() == _ints(own["beviljat_belopp"]).sum() > 0
    assert _ints(rows["antal_beslut"]).sum() == len(own)
    # and for one year and form, the published share is the hand-computed one
    year, form = rows.iloc[0]["ar"], rows.iloc[0]["stodform"]
    same = active[(active["beslutsdatum"].str[:4] == year) & (active["stodform"] == form)]
    hand = _ints(same[same["mottagarkategori"].isin(own_codes)]["beviljat_belopp"]).sum()
    assert float(rows.iloc[0]["andel_av_belopp"]) == pytest.approx(
        hand / _ints(same["beviljat_belopp"]).sum(), abs=5e-5
    )


# ------------------------------------------------------------------------------------------ transparency


_CONFIG = load_config(PACKAGE / "publication.yaml")


def test_transparency_holds_exactly_the_ftg_decisions_over_the_threshold(
    tables: dict[str, pd.DataFrame], derived: dict[str, DerivedTable], config: PublicationConfig
) -> None:
    listed = derived["statligt_stod_transparens"].frame
    beslut = _active(tables["beslut"])
    limit = float(config.sek_per_eur) * config.state_aid_threshold_eur
    expected = beslut[(beslut["stodform"] == "FTG") & (_ints(beslut["beviljat_belopp"]) >= limit)]
    assert len(expected) > 0
    assert sorted(listed["arende_id"]) == sorted(expected["arende_id"])
    assert set(listed["nuts2"]) == {"SE32"}
    assert listed["nace_grupp"].str.fullmatch(r"[0-9]{2}\.[0-9]").all()
    assert set(listed["beviljande_myndighet"]) == {config.publisher.name}
    description = derived["statligt_stod_transparens"].description
    assert repr(config.sek_per_eur) in description and config.sek_per_eur_source in description


def test_transparency_boundary_at_exactly_the_threshold() -> None:
    config = replace(_CONFIG, sek_per_eur=11.43, state_aid_threshold_eur=100_000)
    assert sek_threshold(config) == 1_143_000
    tables = {
        "beslut": _beslut(
            _ftg("20240001", 1_143_000),  # exactly EUR 100 000: listed
            _ftg("20240002", 1_142_999),  # one krona short: not listed
            _ftg("20240003", 5_000_000, status="aterkallad"),  # withdrawn: not listed
            {"arende_id": "20240004", "beviljat_belopp": "5000000"},  # PROJ: not listed
            _ftg(
                "20240005",
                2_000_000,
                juridisk_form="enskild_naringsidkare",
                stodmottagare="Enskild näringsidkare",
                organisationsnummer="",
            ),
            _ftg(
                "20240006",
                2_000_000,
                juridisk_form="aktiebolag",
                organisationsnummer="850101-1234",
                stodmottagare="Namn som inte får synas",
                foretagsstorlek="stort",
                sni_kod="62",
                sni_version="SNI2025",
                kommunkod="2321",
            ),
        ),
        "kommuner": _frame(["kommunkod", "nuts3"], ("2380", "SE322"), ("2321", "SE322")),
    }
    listed = next(t for t in derive(tables, config) if t.name == "statligt_stod_transparens").frame
    assert listed["arende_id"].tolist() == ["20240001", "20240005", "20240006"]
    exact = listed.set_index("arende_id")
    assert exact.at["20240001", "stodelement_eur"] == "100000.00"
    assert exact.at["20240001", "stodelement_sek"] == "1143000"
    assert exact.at["20240001", "foretagstyp"] == "smf"
    assert exact.at["20240001", "nace_grupp"] == "16.2"
    assert exact.at["20240001", "nace_version"] == "NACE Rev. 2"
    assert exact.at["20240001", "nuts2"] == "SE32"
    for sole in ("20240005", "20240006"):  # a personnummer-shaped number never gets through
        assert exact.at[sole, "stodmottagare"] == "Enskild näringsidkare"
        assert exact.at[sole, "organisationsnummer"] == ""
    assert exact.at["20240006", "foretagstyp"] == "stort_foretag"
    assert exact.at["20240006", "nace_grupp"] == ""  # a division code has no group


# -------------------------------------------------------------------------------------- partial packages


def test_partial_package_without_payments_or_assessments(
    tables: dict[str, pd.DataFrame], config: PublicationConfig, tmp_path: Path
) -> None:
    partial = {k: v for k, v in tables.items() if k not in ("utbetalningar", "hallbarhet")}
    derived = {t.name: t for t in derive(partial, config)}
    assert set(derived) == {"totaler_ar_stodform_kommun", "resultatredovisning", "statligt_stod_transparens"}
    totals = derived["totaler_ar_stodform_kommun"].frame
    assert (totals["utbetalt_belopp"] == "").all()
    assert _ints(totals["beviljat_belopp"]).sum() == _ints(_active(tables["beslut"])["beviljat_belopp"]).sum()
    assert set(derived["resultatredovisning"].frame["dimension"]) == {"mottagarkategori", "regionens_egen"}
    for table in derived.values():
        report = _frictionless_valid(table, tmp_path)
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert derive({k: v for k, v in tables.items() if k != "beslut"}, config) == []


# ------------------------------------------------------------------------------------ schemas, determinism


def test_every_schema_is_bilingual_keyed_and_validates_its_frame(
    derived: dict[str, DerivedTable], tmp_path: Path
) -> None:
    assert list(derived) == ["totaler_ar_stodform_kommun", "resultatredovisning", "statligt_stod_transparens"]
    for name, table in derived.items():
        assert name.isascii() and name == name.lower()
        schema = table.schema
        for part in (schema, *schema["fields"]):
            for key in ("title", "title_en", "description", "description_en"):
                assert isinstance(part.get(key), str) and part[key].strip(), (name, part.get("name"), key)
        assert (table.title, table.description) == (schema["title"], schema["description"])
        assert schema["primaryKey"] and set(schema["primaryKey"]) <= {f["name"] for f in schema["fields"]}
        assert table.frame.columns.tolist() == [f["name"] for f in schema["fields"]]
        assert all(isinstance(v, str) for v in table.frame.to_numpy().ravel())
        frictionless.Schema.from_descriptor(schema)  # accepted
        report = _frictionless_valid(table, tmp_path)
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
        assert len(table.frame) > 0


def test_derivation_is_deterministic_and_ignores_input_row_order(
    tables: dict[str, pd.DataFrame], derived: dict[str, DerivedTable], config: PublicationConfig
) -> None:
    shuffled = {k: v.sample(frac=1, random_state=7).reset_index(drop=True) for k, v in tables.items()}
    again = {t.name: t for t in derive(shuffled, config)}
    for name, table in derived.items():
        pd.testing.assert_frame_equal(table.frame, again[name].frame)
        assert table.schema == again[name].schema


def test_the_frictionless_check_has_teeth(derived: dict[str, DerivedTable], tmp_path: Path) -> None:
    table = derived["totaler_ar_stodform_kommun"]
    broken = pd.concat([table.frame, table.frame.head(1)], ignore_index=True)  # a duplicated primary key
    broken.loc[0, "beviljat_belopp"] = "1 000"  # a thousands separator is not canonical
    report = _frictionless_valid(replace(table, frame=broken), tmp_path)
    assert {row[0] for row in report.flatten(["type"])} >= {"primary-key", "type-error"}
