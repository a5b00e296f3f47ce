"""Only recorded releases are published; a published byte never changes; `check` says whether releases/, the
portal and (in tests/test_ckan_retract.py) CKAN agree; `retract` takes a version down and leaves a tombstone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from oppnadata.config import load_config
from oppnadata.publishing.dcat import Iris
from oppnadata.publishing.dcatnodes import ADMS, DCAT
from oppnadata.releasing.versioning import next_version
from tests.published import NAME, Published, copy_repo, edit_one_cell, make_published, publish, run, tree


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    return make_published(tmp_path_factory.mktemp("published"))


def test_publish_serves_the_recorded_release_and_says_so(published: Published) -> None:
    code, output = published.first
    assert code == 0, output
    assert "Version 1.0.0 is released (" in output and "published as recorded" in output
    recorded = (published.releases / f"{NAME}-1.0.0.zip.sha256").read_text().split()[0]
    assert recorded in output
    assert (published.site / "releases" / f"{NAME}-1.0.0.zip").read_bytes() == (
        published.releases / f"{NAME}-1.0.0.zip"
    ).read_bytes()


def test_an_edit_without_a_bump_is_refused_and_changes_no_published_byte(published: Published) -> None:
    code, output = published.refused
    assert code == 1, output
    assert "already released" in output and "nothing was built or published" in output
    assert "Run `oppnadata bump`" in output
    assert published.site_after_refusal == published.site_before_refusal
    assert sorted(p.name for p in published.releases.iterdir()) == [
        f"{NAME}-1.0.0.zip",
        f"{NAME}-1.0.0.zip.sha256",
        f"{NAME}-{published.version}.zip",
        f"{NAME}-{published.version}.zip.sha256",
    ]


def test_publish_records_a_new_version_first(published: Published) -> None:
    code, output = published.second
    assert code == 0, output
    recorded = (published.releases / f"{NAME}-{published.version}.zip.sha256").read_text().split()[0]
    assert (
        f"Version {published.version} recorded in {published.releases / f'{NAME}-{published.version}.zip'} (sha256 {recorded})"
        in output
    )
    assert f"versions 1.0.0, {published.version} (latest {published.version})" in output
    # the 1.0.0 bytes the portal serves are still the recorded ones
    for version in ("1.0.0", published.version):
        zip_name = f"{NAME}-{version}.zip"
        assert (published.site / "releases" / zip_name).read_bytes() == (
            published.releases / zip_name
        ).read_bytes()


def test_editing_a_published_version_again_is_refused(published: Published, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(published.repo, repo)
    before = tree(repo / "site"), tree(repo / "releases")
    edit_one_cell(repo, " igen")
    code, output = publish(repo)
    assert code == 1 and f"hit-gar-pengarna-{published.version} is already released" in output
    code, output = run("release", str(repo / "datapackage.json"), "--out", str(repo / "dist"))
    assert code == 1
    assert (tree(repo / "site"), tree(repo / "releases")) == before


def test_check_says_releases_and_portal_agree_and_names_a_disagreement(
    published: Published, tmp_path: Path
) -> None:
    code, output = run("check", str(published.repo / "datapackage.json"), "--site", str(published.site))
    assert code == 0, output
    assert "All agree: 2 versions, the same sha256 in releases/, site/." in output
    site = tmp_path / "site"
    shutil.copytree(published.site, site)
    served = site / "releases" / f"{NAME}-1.0.0.zip"
    data = bytearray(served.read_bytes())
    data[len(data) // 2] ^= 0xFF
    served.write_bytes(bytes(data))
    (site / "releases" / published.version / "data" / "beslut.csv").write_text("changed", encoding="utf-8")
    code, output = run(
        "check", str(published.repo / "datapackage.json"), "--site", str(site), "--format", "json"
    )
    assert code == 1
    result = json.loads(output)
    assert result["agree"] is False
    problems = {v["version"]: " ".join(v["problems"]) for v in result["versions"]}
    assert f"the portal's releases/{NAME}-1.0.0.zip has sha256" in problems["1.0.0"]
    assert (
        f"releases/{published.version}/data/beslut.csv differs from the release zip"
        in problems[published.version]
    )


def test_the_feed_has_only_recorded_releases(published: Published, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(published.repo, repo)
    edit_one_cell(repo, " förhandsvisning")
    code, output = run("bump", str(repo / "datapackage.json"), "--date", "2026-12-05")
    assert code == 0, output
    code, output = run("build", str(repo / "datapackage.json"), "--out", str(repo / "dist"))
    assert code == 0, output  # built, not recorded: not in the feed
    target = tmp_path / "feed"
    code, output = run(
        "dcat", str(repo / "datapackage.json"), "--out", str(repo / "dist"), "--to", str(target)
    )
    assert code == 0, output
    graph = Graph().parse(target / "catalog.ttl")
    versions = {str(v) for v in graph.objects(None, DCAT.version)}
    assert versions == {"1.0.0", published.version}  # the next one is built, not recorded


# ---------------------------------------------------------------------------------------------- retract


@pytest.fixture(scope="module")
def retracted(published: Published, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    repo = tmp_path_factory.mktemp("retracted") / "repo"
    shutil.copytree(published.repo, repo)
    code, output = run("retract", published.version, "--reason", "Personuppgifter publicerades av misstag i beslut.csv",
                       "--date", "2026-12-02", "--package", str(repo / "datapackage.json"),
                       "--site", str(repo / "site"), "--lang", "en")  # fmt: skip
    return repo, code, output


def test_retract_takes_the_files_out_of_releases_and_the_portal(
    retracted: tuple[Path, int, str], published: Published
) -> None:
    repo, code, output = retracted
    assert code == 0, output
    sha = (published.releases / f"{NAME}-{published.version}.zip.sha256").read_text().split()[0]
    assert (
        f"Version {published.version} retracted on 2026-12-02: {NAME}-{published.version}.zip removed"
        in output
        and sha in output
    )
    assert sorted(p.name for p in (repo / "releases").iterdir()) == [
        f"{NAME}-1.0.0.zip",
        f"{NAME}-1.0.0.zip.sha256",
        f"{NAME}-{published.version}.retracted.json",
    ]
    site = repo / "site"
    assert not (site / "releases" / f"{NAME}-{published.version}.zip").exists()
    assert sorted(
        p.relative_to(site).as_posix() for p in (site / "releases" / published.version).rglob("*")
    ) == [f"releases/{published.version}/index.html"]
    assert not any(f"{published.version}/data" in p.as_posix() for p in site.rglob("*.csv"))
    # the tombstone: reason, date, sha256 and citation, at the URL the citation named
    page = (site / "releases" / published.version / "index.html").read_text(encoding="utf-8")
    cited = json.loads(
        (published.site / "releases" / published.version / "citation.json").read_text(encoding="utf-8")
    )
    for text in (
        "Personuppgifter publicerades av misstag i beslut.csv",
        "2026-12-02",
        sha,
        cited["sv"],
        cited["en"],
    ):
        assert text in page.replace("&amp;", "&").replace("&#39;", "'")
    code, output = run("check", str(repo / "datapackage.json"), "--site", str(site))
    assert code == 0, output
    assert "retracted" in output and "tombstone" in output


def test_the_feed_keeps_the_retracted_iri_marked_withdrawn(
    retracted: tuple[Path, int, str], published: Published
) -> None:
    repo, _, _ = retracted
    graph = Graph().parse(repo / "site" / "dcat" / "catalog.ttl")
    node = URIRef(Iris(load_config(repo / "publication.yaml")).version(published.version))
    assert (node, DCAT.version, Literal(published.version)) in graph
    status = URIRef("http://publications.europa.eu/resource/authority/dataset-status/WITHDRAWN")
    assert (node, ADMS.status, status) in graph
    assert list(graph.objects(node, DCAT.distribution)) == []
    notes = " ".join(str(n) for n in graph.objects(node, ADMS.versionNotes))
    assert "Personuppgifter publicerades av misstag" in notes
    (parent,) = graph.subjects(DCAT.hasVersion, node)
    (current,) = graph.objects(parent, DCAT.hasCurrentVersion)
    assert (current, DCAT.version, Literal("1.0.0")) in graph


def test_a_retracted_number_is_never_used_again(
    retracted: tuple[Path, int, str], published: Published, tmp_path: Path
) -> None:
    # the number after the retracted one, for the same kind of change (a correction: 1.0.1 → 1.0.2)
    third = next_version(published.version, published.bump)
    repo = tmp_path / "repo"
    shutil.copytree(retracted[0], repo)
    code, output = publish(repo)
    assert (
        code == 1
        and f"Version {published.version} was retracted on 2026-12-02" in output
        and "oppnadata bump" in output
    )
    code, output = run("bump", str(repo / "datapackage.json"), "--date", "2026-12-03", "--lang", "en")
    assert code == 0 and f"{published.version} → {third}" in output, output
    code, output = publish(repo)
    assert code == 0 and f"Version {third} recorded" in output, output
    graph = Graph().parse(repo / "site" / "dcat" / "catalog.ttl")
    node = URIRef(Iris(load_config(repo / "publication.yaml")).version(third))
    (previous,) = graph.objects(node, DCAT.previousVersion)
    assert (previous, DCAT.version, Literal("1.0.0")) in graph  # the live chain skips the retracted one …
    gone = URIRef(Iris(load_config(repo / "publication.yaml")).version(published.version))
    assert (None, DCAT.hasVersion, gone) in graph  # … which keeps its IRI in the feed


def test_retract_refuses_an_unknown_version(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    code, output = run("retract", "9.9.9", "--reason", "x", "--package", str(repo / "datapackage.json"),
                       "--site", str(tmp_path / "site"), "--lang", "en")  # fmt: skip
    assert code == 1 and "Version 9.9.9 of hit-gar-pengarna is not in" in output
    assert not (tmp_path / "site").exists()
