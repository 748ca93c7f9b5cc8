"""The ``readout`` command line (click): it imports the library; the library never imports it.

Every command is registered here, explicitly, so a broken import is an error and never a missing
command. Library errors (``ReadoutError``) become one line on stderr and exit status 1;
``--verbose`` shows the traceback instead.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from typing import Any

import click

from readout.cli.analyze import formulations, reuse, roster, timeline
from readout.cli.evaluate import eval_command
from readout.cli.events import campaign, events
from readout.cli.materialise import analyze_command
from readout.cli.read import read
from readout.cli.scale import load
from readout.cli.store import export, ingest, search
from readout.cli.web import serve_command
from readout.errors import Errors, ReadoutError


class ReadoutGroup(click.Group):
    """A group that turns library errors and a closed pipe into a one-line message."""

    def invoke(self, ctx: click.Context) -> Any:
        verbose = bool(ctx.params.get("verbose"))
        try:
            return super().invoke(ctx)
        except ReadoutError as exc:
            if verbose:
                raise
            raise click.ClickException(str(exc)) from None
        except sqlite3.DatabaseError as exc:
            if verbose:
                raise
            err = ReadoutError(Errors.E102, detail=str(exc))
            raise click.ClickException(str(err)) from None
        except BrokenPipeError:
            # the reader (head, less) went away: stop quietly, as a Unix filter does
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)


@click.group(cls=ReadoutGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="readout")
@click.option("-v", "--verbose", is_flag=True, help="Log progress and show tracebacks.")
@click.option("--quiet", is_flag=True, help="Log errors only.")
def main(verbose: bool, quiet: bool) -> None:
    """Read Chinese official-press reports into span-anchored events, officials and formulations.

    \b
    Example:
      readout read report.txt
      readout ingest archive/ --db readout.db && readout search 两个维护 --db readout.db
    """
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


for _command in (read, ingest, search, export, analyze_command, formulations, roster, timeline, events, campaign,
                 reuse, load, serve_command, eval_command):
    main.add_command(_command)
