"""`oppnadata publish`, `dcat`, `serve` and `check`: the portal, CKAN and the DCAT feed."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from .. import messages
from ..errors import OppnadataError
from .common import (
    EXIT_OK,
    EXIT_REFUSED,
    build_release,
    ckan_client,
    ckan_options,
    format_option,
    handle_errors,
    lang_option,
    load,
    out_option,
    package_argument,
    releases_option,
    site_option,
)


@click.command("dcat")
@package_argument
@out_option
@releases_option
@click.option(
    "--to",
    "target",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site/dcat"),
    show_default=True,
    help="Where catalog.rdf and catalog.ttl are written (DCAT-AP-SE; DCAT-AP 3.0.1's form in its dcat-ap/).",
)
@lang_option
@handle_errors
def dcat_command(path: Path, out: Path, releases_dir: Path | None, target: Path, lang: str) -> None:
    """Write the DCAT-AP-SE catalogue feed (RDF/XML and Turtle) covering every release in releases/ (a
    build in dist/ that is not recorded is never in the feed); the newest is marked current. The same feed in
    DCAT-AP 3.0.1's form (dct:format as the EU file-type IRI) goes to dcat-ap/ beside it."""
    from ..publishing import dcat
    from ..publishing.dcat import release_records

    package, config = load(path)
    records = release_records(releases_dir or package.root / "releases", package.name)
    if not records:
        from ..errors import RefusedError

        raise RefusedError.coded("cli-no-release")
    rdf_path, ttl_path = dcat.write_feeds(dcat.catalog_graph(config, records), target)
    ap = target / dcat.DCAT_AP_DIR
    count, newest = len(records), records[-1].version
    click.echo(
        messages.line("dcat-written", lang, rdf=rdf_path, ttl=ttl_path, count=count, newest=newest, ap=ap)
    )


@click.command("publish")
@package_argument
@click.option(
    "--target",
    type=click.Choice(["local", "ckan"]),
    default="local",
    show_default=True,
    help="local: the static open-data portal in --site (no server needed); ckan: a CKAN catalogue.",
)
@site_option("Where the local portal is written (target local).")
@out_option
@releases_option
@ckan_options
@click.option("--dry-run", is_flag=True, help="Print the plan and change nothing.")
@click.option("--prune", is_flag=True, help="Also delete catalogue resources the release no longer has.")
@click.option(
    "--datastore/--no-datastore",
    default=True,
    show_default=True,
    help="Also load every table into the catalogue's DataStore (target ckan).",
)
@lang_option
@handle_errors
def publish_command(
    path: Path,
    target: str,
    site: Path,
    out: Path,
    releases_dir: Path | None,
    ckan_url: str | None,
    token_file: Path | None,
    dry_run: bool,
    prune: bool,
    datastore: bool,
    lang: str,
) -> None:
    """Publish a recorded release: to a static portal in site/ (default) or to CKAN.

    Only what releases/ holds is published. When the version in datapackage.json is not released yet, it is
    built and recorded in releases/ first (it never changes after that); when it is released and the data
    has changed since, nothing is published (exit 1): run `oppnadata bump` first.
    """
    result, releases_dir = build_release(path, out, releases_dir, lang)
    _record(result, releases_dir, lang)
    if target == "local":
        _publish_local(path, result, releases_dir, site, lang)
    else:
        _publish_ckan(path, result, releases_dir, ckan_url, token_file, dry_run, prune, lang, datastore)


def _record(result: Any, releases_dir: Path, lang: str) -> None:
    """Record the built version in releases/ (a no-op when it is recorded with these bytes) and say so."""
    from ..releasing.releases import record_release

    target, new = record_release(result.zip_path, result.sha256, releases_dir)
    key = "version-recorded" if new else "version-as-recorded"
    click.echo(messages.line(key, lang, version=result.version, path=target, sha256=result.sha256))


def _publish_local(path: Path, result: Any, releases_dir: Path, site: Path, lang: str) -> None:
    from ..publishing.portal import publish_local

    package, config = load(path)
    summary = publish_local(package, config, result, releases_dir=releases_dir, site=site)
    for line in summary.lines(lang):
        click.echo(line)


def _publish_ckan(
    path: Path,
    result: Any,
    releases_dir: Path,
    ckan_url: str | None,
    token_file: Path | None,
    dry_run: bool,
    prune: bool,
    lang: str,
    datastore: bool = True,
) -> None:
    from ..errors import OppnadataError
    from ..publishing.ckan import CkanClient, Release, publish_ckan, read_token
    from ..publishing.ckan.report import outcome_lines

    if not ckan_url:
        raise OppnadataError.coded("cli-no-ckan-url")
    _, config = load(path)
    token = read_token(token_file, dict(os.environ))  # never an argument, never printed
    client = CkanClient.connect(ckan_url, token)

    def progress(total: int) -> Any:
        return click.progressbar(length=total, label="Uploading", file=sys.stderr, show_pos=False)

    def rows_progress(total: int) -> Any:
        return click.progressbar(length=total, label="DataStore", file=sys.stderr, show_pos=True)

    try:
        outcome = publish_ckan(
            Release.from_build(result, releases_dir),
            config,
            client,
            dry_run=dry_run,
            prune=prune,
            echo=click.echo,
            progress=progress if sys.stderr.isatty() else None,
            rows_progress=rows_progress if sys.stderr.isatty() else None,
            datastore=datastore,
            lang=lang,
        )
    except OppnadataError:
        raise  # its messages are redacted by the client
    except Exception as err:  # anything else: make sure no text carries the token
        if token in str(err):
            raise OppnadataError.coded(
                "cli-ckan-failed", error=client.redact(f"{type(err).__name__}: {err}")
            ) from None
        raise
    for line in outcome_lines(outcome, lang):
        click.echo(line)


@click.command("serve")
@site_option("The portal folder written by `oppnadata publish`.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0: any free port."
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="The address to listen on (loopback by default)."
)
@lang_option
@handle_errors
def serve_command(site: Path, port: int, host: str, lang: str) -> None:
    """Serve the static portal in --site on localhost for a look in a browser (Ctrl+C stops)."""
    from ..publishing.portal import serve

    def ready(url: str) -> None:
        click.echo(messages.line("serving", lang, site=site, url=url))
        sys.stdout.flush()

    try:
        serve(site, host, port, ready=ready)
    except OSError as err:
        raise OppnadataError.coded(
            "cli-cannot-listen", host=host, port=port, error=err.strerror or err
        ) from err


@click.command("check")
@package_argument
@releases_option
@site_option("The portal to compare (skipped when the folder does not exist).")
@ckan_options
@format_option("text", "json", help="text: a table per version; json: the same on stdout.")
@lang_option
@handle_errors
def check_command(
    path: Path,
    releases_dir: Path | None,
    site: Path,
    ckan_url: str | None,
    token_file: Path | None,
    output_format: str,
    lang: str,
) -> None:
    """Do releases/, the portal (site/) and CKAN (with --ckan-url) agree on the sha256 of every version?

    Exit code 0: they agree; 1: a place serves other bytes, a version releases/ lacks, or a retracted
    version's files; 2: could not run.
    """
    from ..validating.consistency import check_publication, to_json

    package, _ = load(path)
    client = ckan_client(ckan_url, token_file, required=False) if ckan_url else None
    result = check_publication(
        releases_dir or package.root / "releases",
        package.name,
        site=site if site.is_dir() else None,
        ckan=client,
    )
    if output_format == "json":
        click.echo(to_json(result))
    else:
        for line in result.lines():
            click.echo(line)
    sys.exit(EXIT_OK if result.agree else EXIT_REFUSED)
