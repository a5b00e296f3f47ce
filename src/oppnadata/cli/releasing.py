"""`oppnadata build`, `release`, `bump`, `diff` and `retract`: versions and releases."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .. import messages
from .common import (
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


@click.command("build")
@package_argument
@out_option
@releases_option
@lang_option
@handle_errors
def build_command(path: Path, out: Path, releases_dir: Path | None, lang: str) -> None:
    """Validate, then build the release of the version in datapackage.json into dist/<name>-<version>/
    with its zip and sha256. Refuses (exit 1) on blocking findings or a changed released version."""
    result, _ = build_release(path, out, releases_dir, lang)
    files = sum(1 for p in result.folder.rglob("*") if p.is_file())
    click.echo(messages.line("built", lang, folder=result.folder, files=files))
    click.echo(messages.line("built-zip", lang, path=result.zip_path))
    click.echo(messages.line("built-sha256", lang, sha256=result.sha256))
    previous = result.previous or messages.line("built-first", lang)
    click.echo(messages.line("built-previous", lang, previous=previous))
    if result.remembered:
        click.echo(messages.line("built-remembered", lang))


@click.command("release")
@package_argument
@out_option
@releases_option
@lang_option
@handle_errors
def release_command(path: Path, out: Path, releases_dir: Path | None, lang: str) -> None:
    """Build the current version and record it in releases/ (zip + sha256), where it stays for good.
    A released version is immutable: other content under the same version is refused."""
    from ..releasing.releases import record_release

    result, target_dir = build_release(path, out, releases_dir, lang)
    target, new = record_release(result.zip_path, result.sha256, target_dir)
    key = "release-recorded" if new else "release-identical"
    click.echo(messages.line(key, lang, path=target, sha256=result.sha256))


@click.command("bump")
@package_argument
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 when datapackage.json claims a smaller bump than the changes need.",
)
@click.option(
    "--date",
    "release_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Release date to record (YYYY-MM-DD). Default: today.",
)
@releases_option
@lang_option
@handle_errors
def bump_command(
    path: Path, check_only: bool, release_date: Any, releases_dir: Path | None, lang: str
) -> None:
    """Compare the data and schemas with the last release and set the version the changes call for
    (Data Package version recipe: MAJOR / MINOR / PATCH) and the release date in datapackage.json.

    Exit code 0: done (with --check: the version covers the changes); 1: with --check, datapackage.json
    claims a smaller bump than the changes need, or the version goes backwards; 2: could not run.
    """
    from ..releasing.versioning import plan_bump

    plan = plan_bump(path, releases_dir)
    click.echo(plan.render(lang, verdict=check_only), nl=False)
    if check_only:
        if not plan.check.ok:
            sys.exit(EXIT_REFUSED)
        return
    if not plan.write(release_date.date() if release_date else None):
        click.echo(messages.line("version-stands", lang, version=plan.current))
        return
    click.echo(
        messages.line("version-written", lang, old=plan.current, new=plan.version, path=plan.descriptor)
    )


@click.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@format_option("text", "json", help="text: readable on a terminal; json: the keyed diff on stdout.")
@lang_option
@handle_errors
def diff_command(old: Path, new: Path, output_format: str, lang: str) -> None:
    """The keyed diff between two versions: release folders or zips, or the working tree's datapackage.json.
    Records added, corrected (field: old → new), withdrawn and removed per table; schema and metadata changes.

    Exit code 0: compared (changes or not); 2: could not run (missing, unreadable or unsafe release).
    """
    import json

    from ..releasing.changelog import render_text
    from ..releasing.diffing import diff as compare
    from ..releasing.diffing import open_side
    from ..releasing.versioning import required_bump

    result = compare(open_side(old), open_side(new))
    if output_format == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(render_text(result, lang), nl=False)
    needed = required_bump(result)
    label = (needed or messages.line("bump-none", lang)).upper()
    click.echo("\n" + messages.line("bump-needed", lang, bump=label))


@click.command("retract")
@click.argument("version")
@click.option("--reason", required=True, help='Why the version comes down, e.g. "personal data in beslut".')
@click.option(
    "--date",
    "retract_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date of the retraction (YYYY-MM-DD). Default: today.",
)
@click.option("--package", "path", type=click.Path(path_type=Path), default="datapackage.json",
              show_default=True, help="The package's datapackage.json.")  # fmt: skip
@releases_option
@site_option("The portal to rebuild without the version (a tombstone stays at its URL).")
@ckan_options
@lang_option
@handle_errors
def retract_command(
    version: str,
    reason: str,
    retract_date: Any,
    path: Path,
    releases_dir: Path | None,
    site: Path,
    ckan_url: str | None,
    token_file: Path | None,
    lang: str,
) -> None:
    """Take a published version down (personal data published by mistake, a court order): its files leave
    releases/, the portal and (with --ckan-url) CKAN; a tombstone with the reason, date, sha256 and
    citation stays at its URL, and the DCAT feed keeps its IRI, marked withdrawn. Its number is never
    used again: the next version (`oppnadata bump`) carries the fix.
    """
    import datetime

    from ..publishing.portal import publish_releases
    from ..releasing.releases import retract

    package, config = load(path)
    releases_dir = releases_dir or package.root / "releases"
    day = (retract_date.date() if retract_date else datetime.date.today()).isoformat()
    record, new = retract(releases_dir, package.name, version, reason=reason, date=day)
    tombstone = releases_dir / f"{package.name}-{version}.retracted.json"
    click.echo(
        messages.line(
            "retracted",
            lang,
            version=version,
            date=record.date,
            file=record.zip_name,
            releases=releases_dir,
            tombstone=tombstone,
            sha256=record.sha256,
        )
        if new
        else messages.line("retracted-already", lang, version=version, date=record.date)
    )
    summary = publish_releases(config, package.name, releases_dir=releases_dir, site=site)
    for line in summary.lines(lang)[:1]:
        click.echo(line)
    if ckan_url:
        from ..publishing.ckan.retract import retract_ckan

        client = ckan_client(ckan_url, token_file, required=True)
        retract_ckan(client, config, package.name, record, releases_dir, echo=click.echo, lang=lang)
    click.echo(messages.line("retracted-next", lang))
