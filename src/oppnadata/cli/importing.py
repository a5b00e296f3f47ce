"""`oppnadata import`: read an export (or the package's own tables) into the canonical tables."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import (
    EXIT_OK,
    EXIT_REFUSED,
    format_option,
    handle_errors,
    lang_option,
)


@click.command("import")
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
    from ..importing import import_own_table, import_source, render_json, render_text

    if (mapping_path is not None or draft_path is not None) and len(source) > 1:
        raise click.UsageError("With --mapping or --draft-mapping, give one SOURCE.")
    if draft_path is not None:
        from ..importing.drafting import draft_mapping

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
