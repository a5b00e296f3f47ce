"""What the commands share: options as decorators, the error handler (message and exit code, a
traceback only with --debug), loading a package with its config, building a release."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import messages
from ..errors import OppnadataError

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


def echo_error(err: OppnadataError, lang: str) -> None:
    message, hint = err.text(lang)
    click.echo(f"{messages.label('error', lang)}: {message}", err=True)
    if hint:
        click.echo(f"{messages.label('hint', lang)}: {hint}", err=True)


def handle_errors(function: F) -> F:
    """Turn the tool's exceptions into a message and an exit code; a traceback only with --debug."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool((click.get_current_context().obj or {}).get("debug"))
        lang = str(kwargs.get("lang") or "sv")  # the command's --lang (every command has one)
        try:
            return function(*args, **kwargs)
        except OppnadataError as err:
            if debug:
                traceback.print_exc()
                sys.exit(err.exit_code)
            echo_error(err, lang)
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
            echo_error(OppnadataError.coded("unexpected", kind=type(err).__name__, detail=err), lang)
            sys.exit(EXIT_CANNOT_RUN)

    return wrapper  # type: ignore[return-value]


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


def load(path: Path) -> tuple[Any, Any]:
    from ..config import CONFIG_FILENAME, load_config
    from ..descriptor import load_package

    package = load_package(path)
    return package, load_config(package.root / CONFIG_FILENAME)


def build_release(path: Path, out: Path, releases_dir: Path | None, lang: str) -> tuple[Any, Path]:
    """Build the release; returns the result and the releases folder in use."""
    from ..releasing.packaging import BlockingFindings, build
    from ..report import to_text

    package, config = load(path)
    releases_dir = releases_dir or package.root / "releases"
    try:
        return build(package, config, out=out, releases_dir=releases_dir), releases_dir
    except BlockingFindings as err:
        click.echo(to_text(err.report, lang), nl=False)
        raise


def ckan_client(ckan_url: str, token_file: Path | None, *, required: bool) -> Any:
    from ..publishing.ckan import CkanClient, read_token

    if token_file is None and not os.environ.get("CKAN_API_TOKEN") and not required:
        return CkanClient.connect(ckan_url, "")  # reading a public dataset needs no token
    return CkanClient.connect(ckan_url, read_token(token_file, dict(os.environ)))
