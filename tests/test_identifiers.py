from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.se import personnummer

from oppnadata import identifiers as ids


def with_check_digit(nine: str) -> str:
    return f"{nine[:6]}-{nine[6:]}{luhn.calc_check_digit(nine)}"


def test_known_organisation_numbers_are_valid() -> None:
    for number in ("232100-0214", "202100-6149", "212000-0142", "556036-0793"):
        assert ids.orgnr_problem(number) is None, number


def test_wrong_check_digit_is_reported() -> None:
    assert ids.orgnr_problem("556036-0794") == "check-digit"


def test_a_personnummer_is_not_an_organisation_number() -> None:
    assert ids.orgnr_problem("811218-9876") == "personnummer"


def test_samordningsnummer_is_recognised() -> None:
    number = with_check_digit("811278987")  # born 1981-12-18, day + 60
    assert ids.personal_id_kind(number) == "samordningsnummer"
    assert ids.personal_id_kind("19" + number) == "samordningsnummer"
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert ids.personal_id_kind(wrong) is None


@given(
    st.dates(
        min_value=__import__("datetime").date(1901, 1, 1), max_value=__import__("datetime").date(2020, 12, 31)
    ),
    st.integers(min_value=0, max_value=999),
)
def test_personnummer_agrees_with_stdnum(date, serial: int) -> None:  # type: ignore[no-untyped-def]
    nine = f"{date:%y%m%d}{serial:03d}"
    number = with_check_digit(nine)
    assert ids.is_personnummer(number) == personnummer.is_valid(number)
    assert ids.orgnr_problem(number) == "personnummer"


@given(
    st.integers(min_value=20, max_value=99),
    st.text("0123456789", min_size=6, max_size=6),
    st.sampled_from("25789"),
)
def test_generated_organisation_numbers_are_valid(group: int, rest: str, first: str) -> None:
    nine = f"{first}{rest[0]}{group:02d}{rest[1:]}"
    assert ids.orgnr_problem(with_check_digit(nine)) is None


def test_free_text_detectors() -> None:
    text = "Ring 070-123 45 67 eller +46 63 14 75 00, mejla anna.svensson@firma.se; pnr 19811218-9876."
    assert ids.find_emails(text) == ["anna.svensson@firma.se"]
    assert ids.find_phones(text) == ["070-123 45 67", "+46 63 14 75 00"]
    assert ids.find_personal_ids(text) == [("personnummer", "19811218-9876")]


def test_amounts_years_and_case_ids_are_not_phones() -> None:
    text = "Beviljat 1 500 000 kr för 2018-2020, ärende 20200940, RUN/640/2017, 2024-03-15."
    assert ids.find_phones(text) == []
    assert ids.find_personal_ids(text) == []


def test_mask_text_hides_every_personal_value() -> None:
    text = "anna.svensson@firma.se 070-123 45 67 19811218-9876 811218-9875"
    masked = ids.mask_text(text)
    for secret in ("anna.svensson", "123 45 67", "9876", "9875"):
        assert secret not in masked
    assert "811218-****" in masked and "***@firma.se" in masked


def test_mask_keeps_organisation_numbers() -> None:
    assert ids.mask_text("556036-0793") == "556036-0793"
