"""The command line: a thin click layer, one module per stage (validating, importing, releasing, publishing). Each command parses options, calls one library function,
formats the result and maps exceptions to exit codes (0 done, 1 refused, 2 could not run)."""

from __future__ import annotations

import click

from .importing import import_
from .publishing import check_command, dcat_command, publish_command, serve_command
from .releasing import build_command, bump_command, diff_command, release_command, retract_command
from .validating import validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="oppnadata", prog_name="oppnadata")  # read when asked: lazy
@click.option("--debug", is_flag=True, help="Show tracebacks for errors (for reporting bugs).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """oppnadata: validate, bundle and publish the 1:1 grant data of Region Jämtland Härjedalen
    ("Hit går pengarna") as open data."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


for command in (
    validate,
    build_command,
    release_command,
    dcat_command,
    import_,
    publish_command,
    serve_command,
    bump_command,
    diff_command,
    check_command,
    retract_command,
):
    main.add_command(command)
