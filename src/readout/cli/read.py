"""The ``read`` command: reports in, events and the JSON contract out, no store."""

from __future__ import annotations

import json
import sys

import click

from readout.cli.options import iso_date, limits_from, limits_options, record_mapping, record_mapping_options


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json"]), default="table", show_default=True,
              help="table for people; jsonl/json give the full JSON contract (docs/format.md).")
@click.option("--pub-date", callback=iso_date, help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@record_mapping_options
@limits_options
def read(paths: tuple[str, ...], fmt: str, pub_date: str | None, **options: object) -> None:
    """Read reports (files, folders, archives, - for stdin) and print what they say.

    A bad input is reported on stderr (one coded line) and the others are still read;
    the exit status is 1 if any was rejected.

    \b
    Example:
      readout read examples/2019-09-theme-education-roundup.txt --format jsonl
      readout read feed.json --records payload.rows --text detail.body_html --title meta.headline
    """
    from readout.cli.table import print_table
    from readout.model import Rejected
    from readout.pipeline import read_paths

    mapping = record_mapping(options)
    failed = 0
    docs = []
    for item in read_paths(paths, pub_date=pub_date, mapping=mapping, limits=limits_from(options)):
        if isinstance(item, Rejected):
            failed += 1
            click.echo(f"error: {item.source}: {item.message} [{item.code}]", err=True)
            continue
        for w in item.warnings:
            click.echo(f"warning: {item.source}: {w}", err=True)
        if fmt == "jsonl":
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
        else:
            docs.append(item)
    if fmt == "json":
        click.echo(json.dumps([d.to_dict() for d in docs], ensure_ascii=False, indent=1))
    elif fmt == "table":
        print_table(docs)
    if failed:
        sys.exit(1)
