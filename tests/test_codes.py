"""codes: the data codes the pipeline branches on, named once and checked against the Table Schemas' enums."""

from __future__ import annotations

from typing import Any

import yaml

from oppnadata import codes, fileio
from oppnadata.publishing.portal import texts
from oppnadata.releasing.derived import specs
from tests.helpers import PACKAGE


def _enum(table: str, field: str) -> list[Any]:
    schema = yaml.safe_load((PACKAGE / "schemas" / f"{table}.yaml").read_text(encoding="utf-8"))
    (found,) = [f for f in schema["fields"] if f["name"] == field]
    return list(found["constraints"]["enum"])


def test_the_status_codes_are_the_schema_enum() -> None:
    assert list(codes.STATUSES) == _enum("beslut", codes.STATUS_FIELD)
    assert codes.WITHDRAWN == "aterkallad"
    beslut = yaml.safe_load((PACKAGE / "schemas" / "beslut.yaml").read_text(encoding="utf-8"))
    assert codes.WITHDRAWAL_DATE_FIELD in [f["name"] for f in beslut["fields"]]


def test_the_support_forms_are_the_schema_enum_and_the_derived_tables() -> None:
    assert list(codes.SUPPORT_FORMS) == _enum("beslut", "stodform")
    assert codes.MISSING in _enum("hallbarhet", "vd_kon")
    assert specs.FORM["constraints"]["enum"] == list(codes.SUPPORT_FORMS)


def test_every_code_has_a_portal_label_in_both_languages() -> None:
    assert set(texts.STATUS) == set(codes.STATUSES)
    assert set(texts.STODFORM) == set(codes.SUPPORT_FORMS)
    for sv, en in [*texts.STATUS.values(), *texts.STODFORM.values()]:
        assert sv and en and sv != en


def test_one_sha256_for_bytes_and_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.bin"
    data = bytes(range(256)) * 5000  # > 1 MiB: more than one chunk
    path.write_bytes(data)
    assert fileio.sha256_file(path) == fileio.sha256_bytes(data)
    assert fileio.sha256_bytes(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    from oppnadata.releasing import packaging, releasecheck, releases

    assert releases.sha256_file is packaging.sha256_file is fileio.sha256_file
    assert releasecheck.sha256_bytes is fileio.sha256_bytes
