"""`oppnadata validate`: check a package's tables against their schemas, the domain rules and the policy."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import messages
from ..fileio import write_atomically
from .common import (
    EXIT_OK,
    EXIT_REFUSED,
    format_option,
    handle_errors,
    lang_option,
)


@click.command()
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
    from ..report import to_csv, to_json, to_text
    from ..validating.engine import tune_allocators
    from ..validating.engine.deferred import defer_pandas
    from ..validating.engine.progress import TerminalProgress
    from ..validating.validation import validate as run_validation

    tune_allocators()  # process-wide allocator defaults: a choice of the program, not of the library
    defer_pandas()  # pyarrow's own import of pandas, for a run none of whose rules uses it (process-wide too)
    progress = TerminalProgress(sys.stderr) if sys.stderr.isatty() else None
    report = run_validation(path, progress=progress, remember=True)
    render = {"text": to_text, "json": to_json, "csv": to_csv}[output_format]
    text = render(report, lang) if output_format != "text" or output else to_text(report, lang)
    if output:
        write_atomically(output, text)
        counts = report.counts()
        click.echo(
            messages.line(
                "findings-written",
                lang,
                count=len(report.findings),
                path=output,
                errors=counts["error"],
                warnings=counts["warning"],
                infos=counts["info"],
            ),
            err=True,
        )
    else:
        click.echo(text, nl=False)
    sys.exit(EXIT_OK if report.valid else EXIT_REFUSED)
