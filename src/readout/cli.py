"""The ``readout`` command line (click). JSON-friendly output so it pipes well."""

from __future__ import annotations

import json
import sys

import click

from readout.options import iso_date


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="readout")
def main() -> None:
    """Read Chinese official-press reports into span-anchored events, officials and formulations."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json"]), default="table", show_default=True,
              help="table for people; jsonl/json give the full JSON contract (docs/format.md).")
@click.option("--pub-date", callback=iso_date, help="Publication date (YYYY-MM-DD) for inputs that carry none.")
def read(paths: tuple[str, ...], fmt: str, pub_date: str | None) -> None:
    """Read reports (files, folders, archives, - for stdin) and print what they say."""
    from readout.model import Rejected
    from readout.pipeline import read_paths
    from readout.table import print_table

    failed = 0
    docs = []
    for item in read_paths(paths, pub_date=pub_date):
        if isinstance(item, Rejected):
            failed += 1
            click.echo(f"error: {item.source}: {item.message} [{item.code}]", err=True)
            continue
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


def _register() -> None:
    """Attach the commands that live beside the code they drive."""
    import importlib

    for module in ("readout.evaluate", "readout.store.commands", "readout.analyze.commands",
                   "readout.scale.commands", "readout.web.commands"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("readout"):
                continue  # that part is not built yet
            raise
        for cmd in getattr(mod, "COMMANDS", ()):
            main.add_command(cmd)


_register()
