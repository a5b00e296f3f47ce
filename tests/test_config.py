"""publication.yaml: the accessibility statement's facts (DIGG's required fields) are read and checked."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from oppnadata.config import load_config
from oppnadata.errors import ConfigError

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "package" / "publication.yaml"


def _with(tmp_path: Path, **accessibility: object) -> Path:
    data = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    for key, value in accessibility.items():
        if value is None:
            data["accessibility"].pop(key)
        else:
            data["accessibility"][key] = value
    target = tmp_path / "publication.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def test_the_statement_facts_are_read(tmp_path: Path) -> None:
    config = load_config(_with(tmp_path, email=None))
    a11y = config.accessibility
    assert a11y is not None
    assert (a11y.compliance, a11y.method) == ("delvis", "sjalvskattning")
    assert a11y.assessed == "2026-12-02" and a11y.updated == "2026-12-02"
    # Without their own, readers reach the publication's contact.
    assert (a11y.email, a11y.telephone) == (config.contact.email, config.contact.telephone)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"compliance": "nästan"},
            "'accessibility.compliance' is 'nästan'; it must be one of helt, delvis, inte",
        ),
        ({"method": "gissning"}, "must be one of sjalvskattning, extern_granskning"),
        ({"assessed": "2 december"}, "'accessibility.assessed' is '2 december', not a date"),
        ({"updated": None}, "the key 'accessibility.updated' is missing"),
        ({"service_name": None}, "the key 'accessibility.service_name' is missing"),
    ],
)
def test_a_bad_statement_fact_says_which_key(tmp_path: Path, change: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_config(_with(tmp_path, **change))
