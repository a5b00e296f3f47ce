"""The command line: a thin click layer. Each command parses options, calls one library function,
formats the result and maps exceptions to exit codes (0 done, 1 refused, 2 could not run)."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import messages
from .errors import OppnadataError
from .fileio import write_atomically

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_REFUSED, EXIT_CANNOT_RUN = 0, 1, 2


def lang_option(function: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(["sv", "en"]),
        default="sv",
        show_default=True,
        help="Language of messages and hints: Swedish or English.",
    )(function)


def format_option(*choices: str, help: str) -> Callable[[F], F]:
    """``--format`` with the command's choices (the first is the default)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


def _echo_error(err: OppnadataError, lang: str) -> None:
    message, hint = err.text(lang)
    lang = lang if err.code else "en"  # an error not yet in messages has its English text only
    click.echo(f"{messages.label('error', lang)}: {message}", err=True)
    if hint:
        click.echo(f"{messages.label('hint', lang)}: {hint}", err=True)


def handle_errors(function: F) -> F:
    """Turn the tool's exceptions into a message and an exit code; a traceback only with --debug."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool((click.get_current_context().obj or {}).get("debug"))
        lang = str(kwargs.get("lang") or "sv")  # the command's --lang; Swedish where a command has none
        try:
            return function(*args, **kwargs)
        except OppnadataError as err:
            if debug:
                traceback.print_exc()
                sys.exit(err.exit_code)
            _echo_error(err, lang)
            sys.exit(err.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo(messages.error_text("interrupted", {}, lang)[0], err=True)
            sys.exit(EXIT_CANNOT_RUN)
        except Exception as err:  # the last line of defence: never a traceback without --debug
            if debug:
                traceback.print_exc()
                sys.exit(EXIT_CANNOT_RUN)
            _echo_error(OppnadataError.coded("unexpected", kind=type(err).__name__, detail=err), lang)
            sys.exit(EXIT_CANNOT_RUN)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="oppnadata", prog_name="oppnadata")  # read when asked: lazy
@click.option("--debug", is_flag=True, help="Show tracebacks for errors (for reporting bugs).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """oppnadata: validate, bundle and publish the 1:1 grant data of Region Jämtland Härjedalen
    ("Hit går pengarna") as open data."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


@main.command()
@click.argument("path", type=click.Path(path_type=Path), default="datapackage.json")
@format_option(
    "text",
    "json",
    "csv",
    help="text: a readable listing; json: the report on stdout; csv: one finding per row.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of stdout.",
)
@lang_option
@handle_errors
def validate(path: Path, output_format: str, output: Path | None, lang: str) -> None:
    """Check the tables of a data package (default: ./datapackage.json) against their schemas, the
    Swedish domain rules and the publication policy.

    Exit code 0: valid (warnings allowed); 1: findings that block publication; 2: could not run.
    """
    from .report import to_csv, to_json, to_text
    from .validating.engine import tune_allocators
    from .validating.engine.progress import TerminalProgress
    from .validating.validation import validate as run_validation

    tune_allocators()  # process-wide allocator defaults: a choice of the program, not of the library
    progress = TerminalProgress(sys.stderr) if sys.stderr.isatty() else None
    report = run_validation(path, progress=progress, remember=True)
    render = {"text": to_text, "json": to_json, "csv": to_csv}[output_format]
    text = render(report, lang) if output_format != "text" or output else to_text(report, lang)
    if output:
        write_atomically(output, text)
        counts = report.counts()
        click.echo(
            f"{'Skrev' if lang == 'sv' else 'Wrote'} {len(report.findings)} "
            f"{'fynd till' if lang == 'sv' else 'findings to'} {output} "
            f"({counts['error']} error, {counts['warning']} warning, {counts['info']} info)",
            err=True,
        )
    else:
        click.echo(text, nl=False)
    sys.exit(EXIT_OK if report.valid else EXIT_REFUSED)


def package_argument(function: F) -> F:
    return click.argument(
        "path", type=click.Path(path_type=Path), default="datapackage.json", required=False
    )(function)


def out_option(function: F) -> F:
    return click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("dist"),
        show_default=True,
        help="Where releases are built.",
    )(function)


def releases_option(function: F) -> F:
    return click.option(
        "--releases",
        "releases_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The folder of recorded releases (default: releases/ beside datapackage.json).",
    )(function)


def site_option(help: str) -> Callable[[F], F]:
    """``--site``, the portal folder (default ``site/``), with the command's own help."""
    return click.option(
        "--site",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("site"),
        show_default=True,
        help=help,
    )


def ckan_options(function: F) -> F:
    function = click.option(
        "--token-file",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        help="A file holding the CKAN API token (else CKAN_API_TOKEN). Never pass the token itself.",
    )(function)
    return click.option("--ckan-url", envvar="CKAN_URL", help="The CKAN catalogue's address (or CKAN_URL).")(
        function
    )


def _load(path: Path) -> tuple[Any, Any]:
    from .config import CONFIG_FILENAME, load_config
    from .descriptor import load_package

    package = load_package(path)
    return package, load_config(package.root / CONFIG_FILENAME)


def _build(path: Path, out: Path, releases_dir: Path | None, lang: str) -> tuple[Any, Path]:
    """Build the release; returns the result and the releases folder in use."""
    from .releasing.packaging import BlockingFindings, build
    from .report import to_text

    package, config = _load(path)
    releases_dir = releases_dir or package.root / "releases"
    try:
        return build(package, config, out=out, releases_dir=releases_dir), releases_dir
    except BlockingFindings as err:
        click.echo(to_text(err.report, lang), nl=False)
        raise


@main.command("build")
@package_argument
@out_option
@releases_option
@lang_option
@handle_errors
def build_command(path: Path, out: Path, releases_dir: Path | None, lang: str) -> None:
    """Validate, then build the release of the version in datapackage.json into dist/<name>-<version>/
    with its zip and sha256. Refuses (exit 1) on blocking findings or a changed released version."""
    result, _ = _build(path, out, releases_dir, lang)
    files = sum(1 for p in result.folder.rglob("*") if p.is_file())
    click.echo(f"Built {result.folder} ({files} files)")
    click.echo(f"  zip:    {result.zip_path}")
    click.echo(f"  sha256: {result.sha256}")
    click.echo(f"  previous release: {result.previous or 'none (first release)'}")
    if result.remembered:
        click.echo("  validation: the verdict of `oppnadata validate` on the same bytes (not run again)")


@main.command("release")
@package_argument
@out_option
@releases_option
@lang_option
@handle_errors
def release_command(path: Path, out: Path, releases_dir: Path | None, lang: str) -> None:
    """Build the current version and record it in releases/ (zip + sha256), where it stays for good.
    A released version is immutable: other content under the same version is refused."""
    from .releasing.releases import record_release

    result, target_dir = _build(path, out, releases_dir, lang)
    target, new = record_release(result.zip_path, result.sha256, target_dir)
    state = "recorded" if new else "already recorded, identical"
    click.echo(f"{target} ({state}); sha256 {result.sha256}")


@main.command("dcat")
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
@handle_errors
def dcat_command(path: Path, out: Path, releases_dir: Path | None, target: Path) -> None:
    """Write the DCAT-AP-SE catalogue feed (RDF/XML and Turtle) covering every release in releases/ (a
    build in dist/ that is not recorded is never in the feed); the newest is marked current. The same feed in
    DCAT-AP 3.0.1's form (dct:format as the EU file-type IRI) goes to dcat-ap/ beside it."""
    from .publishing import dcat
    from .publishing.dcat import release_records

    package, config = _load(path)
    records = release_records(releases_dir or package.root / "releases", package.name)
    if not records:
        from .errors import RefusedError

        raise RefusedError.coded("cli-no-release")
    rdf_path, ttl_path = dcat.write_feeds(dcat.catalog_graph(config, records), target)
    click.echo(f"Wrote {rdf_path} and {ttl_path} ({len(records)} releases; newest {records[-1].version}),")
    click.echo(f"and the same in DCAT-AP 3.0.1's form in {target / dcat.DCAT_AP_DIR}")


@main.command("import")
@click.argument("source", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--mapping",
    "mapping_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The mapping file: mappings/projektbanken.yaml, mappings/nyps.yaml or your own. Without it, SOURCE "
    "must be one of the package's own tables (e.g. datasets/beslut.csv after Excel saved it).",
)
@click.option(
    "--draft-mapping",
    "draft_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a draft mapping for SOURCE to this file (review it, then import with --mapping); imports nothing.",
)
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    default="datasets",
    show_default=True,
    help="The folder of the package's tables (its datapackage.json is beside it).",
)
@click.option("--encoding", help="The file's encoding, e.g. utf-8 or cp1252 (default: detected).")
@click.option("--delimiter", help="The CSV delimiter, e.g. ';' or tab (default: detected).")
@click.option(
    "--decimal", type=click.Choice([",", "."]), help="The decimal mark of the numbers (default: detected)."
)
@click.option(
    "--replace",
    is_flag=True,
    help="Import the real data instead of the example data, and clear the example-data marking.",
)
@format_option("text", "json", help="text: a readable summary; json: the result on stdout.")
@lang_option
@handle_errors
def import_(
    source: tuple[Path, ...],
    mapping_path: Path | None,
    draft_path: Path | None,
    into: Path,
    encoding: str | None,
    delimiter: str | None,
    decimal: str | None,
    replace: bool,
    output_format: str,
    lang: str,
) -> None:
    """Read an export (.xlsx or .csv from Nyps or Projektbanken) into the canonical tables.

    Detects encoding, delimiter and number conventions (the options override them), maps the columns by
    MAPPING, removes personal data on the way in (POLICY.md P1–P4), merges by arende_id and writes the tables
    and a redaction log (import-log.json). Any error: nothing is written.

    Exit code 0: imported (warnings allowed); 1: findings that block, nothing written; 2: could not run.
    """
    from .importing import import_own_table, import_source, render_json, render_text

    if (mapping_path is not None or draft_path is not None) and len(source) > 1:
        raise click.UsageError("With --mapping or --draft-mapping, give one SOURCE.")
    if draft_path is not None:
        from .importing.drafting import draft_mapping

        draft = draft_mapping(source[0], draft_path, into=into, encoding=encoding, delimiter=delimiter)
        click.echo(draft.render(lang), nl=False)
        sys.exit(EXIT_OK)
    if mapping_path is None:
        result = import_own_table(list(source), into=into, encoding=encoding, delimiter=delimiter)
    else:
        result = import_source(
            source[0],
            mapping_path,
            into=into,
            encoding=encoding,
            delimiter=delimiter,
            decimal=decimal,
            replace=replace,
        )
    click.echo(render_json(result, lang) if output_format == "json" else render_text(result, lang), nl=False)
    sys.exit(EXIT_OK if result.ok else EXIT_REFUSED)


@main.command("publish")
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
    result, releases_dir = _build(path, out, releases_dir, lang)
    _record(result, releases_dir, lang)
    if target == "local":
        _publish_local(path, result, releases_dir, site, lang)
    else:
        _publish_ckan(path, result, releases_dir, ckan_url, token_file, dry_run, prune, lang, datastore)


def _record(result: Any, releases_dir: Path, lang: str) -> None:
    """Record the built version in releases/ (a no-op when it is recorded with these bytes) and say so."""
    from .releasing.releases import record_release

    target, new = record_release(result.zip_path, result.sha256, releases_dir)
    if lang == "en":
        click.echo(
            f"Version {result.version} recorded in {target} (sha256 {result.sha256}); it never changes again."
            if new
            else f"Version {result.version} is released ({target}, sha256 {result.sha256}); published as recorded."
        )
    else:
        click.echo(
            f"Version {result.version} registrerad i {target} (sha256 {result.sha256}); den ändras aldrig mer."
            if new
            else f"Version {result.version} är utgiven ({target}, sha256 {result.sha256}); publiceras som den är."
        )


def _publish_local(path: Path, result: Any, releases_dir: Path, site: Path, lang: str) -> None:
    from .publishing.portal import publish_local

    package, config = _load(path)
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
    from .errors import OppnadataError
    from .publishing.ckan import CkanClient, Release, publish_ckan, read_token
    from .publishing.ckan.report import outcome_lines

    if not ckan_url:
        raise OppnadataError.coded("cli-no-ckan-url")
    _, config = _load(path)
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


@main.command("serve")
@site_option("The portal folder written by `oppnadata publish`.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0: any free port."
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="The address to listen on (loopback by default)."
)
@handle_errors
def serve_command(site: Path, port: int, host: str) -> None:
    """Serve the static portal in --site on localhost for a look in a browser (Ctrl+C stops)."""
    from .publishing.portal import serve

    def ready(url: str) -> None:
        click.echo(f"Serving {site}/ at {url}index.html (Ctrl+C to stop)")
        sys.stdout.flush()

    try:
        serve(site, host, port, ready=ready)
    except OSError as err:
        raise OppnadataError.coded(
            "cli-cannot-listen", host=host, port=port, error=err.strerror or err
        ) from err


@main.command("bump")
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
    from .releasing.versioning import plan_bump

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


@main.command("diff")
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

    from .releasing.changelog import render_text
    from .releasing.diffing import diff as compare
    from .releasing.diffing import open_side
    from .releasing.versioning import required_bump

    result = compare(open_side(old), open_side(new))
    if output_format == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(render_text(result, lang), nl=False)
    needed = required_bump(result)
    label = (needed or ("ingen" if lang == "sv" else "none")).upper()
    click.echo(f"\n{'Kräver versionshöjning' if lang == 'sv' else 'Version bump needed'}: {label}")


def _ckan_client(ckan_url: str, token_file: Path | None, *, required: bool) -> Any:
    from .publishing.ckan import CkanClient, read_token

    if token_file is None and not os.environ.get("CKAN_API_TOKEN") and not required:
        return CkanClient.connect(ckan_url, "")  # reading a public dataset needs no token
    return CkanClient.connect(ckan_url, read_token(token_file, dict(os.environ)))


@main.command("check")
@package_argument
@releases_option
@site_option("The portal to compare (skipped when the folder does not exist).")
@ckan_options
@format_option("text", "json", help="text: a table per version; json: the same on stdout.")
@handle_errors
def check_command(
    path: Path,
    releases_dir: Path | None,
    site: Path,
    ckan_url: str | None,
    token_file: Path | None,
    output_format: str,
) -> None:
    """Do releases/, the portal (site/) and CKAN (with --ckan-url) agree on the sha256 of every version?

    Exit code 0: they agree; 1: a place serves other bytes, a version releases/ lacks, or a retracted
    version's files; 2: could not run.
    """
    from .validating.consistency import check_publication, to_json

    package, _ = _load(path)
    client = _ckan_client(ckan_url, token_file, required=False) if ckan_url else None
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


@main.command("retract")
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

    from .publishing.portal import publish_releases
    from .releasing.releases import retract

    package, config = _load(path)
    releases_dir = releases_dir or package.root / "releases"
    day = (retract_date.date() if retract_date else datetime.date.today()).isoformat()
    record, new = retract(releases_dir, package.name, version, reason=reason, date=day)
    click.echo(
        f"Version {version} retracted on {record.date}: {record.zip_name} removed from {releases_dir}; "
        f"tombstone {releases_dir / (package.name + '-' + version + '.retracted.json')} (sha256 {record.sha256})"
        if new
        else f"Version {version} was already retracted on {record.date}."
    )
    summary = publish_releases(config, package.name, releases_dir=releases_dir, site=site)
    for line in summary.lines(lang)[:1]:
        click.echo(line)
    if ckan_url:
        from .publishing.ckan.retract import retract_ckan

        client = _ckan_client(ckan_url, token_file, required=True)
        retract_ckan(client, config, package.name, record, releases_dir, echo=click.echo, lang=lang)
    click.echo(
        "Next: fix the data, run `oppnadata bump` and `oppnadata publish`: the next version carries the fix."
    )
