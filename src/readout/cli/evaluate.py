"""The ``eval`` command: score readout against gold labels."""

from __future__ import annotations

import json
from pathlib import Path

import click

from readout.evaluate import evaluate, print_report


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--by", type=click.Choice(["kind", "source"]), help="Add a breakdown by kind or by source.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table for people; json: the whole report.")
@click.option("--errors", is_flag=True, help="List each file's missed and spurious items.")
def eval_command(gold: Path, corpus_dir: Path, by: str | None, fmt: str, errors: bool) -> None:
    """Score readout against GOLD (gold.jsonl) on the articles in CORPUS_DIR: P/R/F1 per field.

    \b
    Example:
      readout eval ../shared/corpus/dev/gold.jsonl ../shared/corpus/dev --by source
    """
    rep = evaluate(gold, corpus_dir)
    if fmt == "json":
        click.echo(json.dumps(rep.to_dict(), ensure_ascii=False, indent=1))
    else:
        print_report(rep, by=by, errors=errors)

