"""The ``eval`` command: score readout against gold labels, tuning and validation side by side."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from readout.errors import Errors, ReadoutError
from readout.evaluate import reading, reporting
from readout.evaluate.scoring import Report
from readout.evaluate.validation import (
    ARCHIVE_GOLD,
    ARCHIVE_INDEX,
    DEV_SPLIT,
    load_split,
    rebuild_archive_texts,
)

_PART_CHOICES = ("all", "tuning", "validation")


def _parts(rep: Report, split_path: Path | None) -> dict[str, Report]:
    """tuning / validation reports when ``split_path`` covers every gold file; the archive set is all
    validation; else nothing."""
    files = {f.file for f in rep.files}
    if files and files <= {r["file"] for r in reading.load_gold(ARCHIVE_INDEX)}:
        return {"validation": rep}
    if split_path is None:
        return {}
    split = load_split(split_path)
    if not files or not split.covers(files):
        return {}
    return {name: rep.subset(names) for name, names in split.parts.items()}


def _archive_report(xwlb: Path) -> Report:
    if not ARCHIVE_GOLD.is_file():
        raise ReadoutError(Errors.E503, path=str(ARCHIVE_GOLD))
    with tempfile.TemporaryDirectory(prefix="readout-xwlb-") as tmp:
        try:
            rebuild_archive_texts(xwlb, tmp, index=ARCHIVE_INDEX, gold=ARCHIVE_GOLD)
        except (FileNotFoundError, ValueError) as exc:
            raise ReadoutError(Errors.E502, path=str(xwlb), detail=str(exc)) from None
        return reading.evaluate(Path(tmp) / "gold.jsonl", tmp)


@click.command("eval")
@click.argument("gold", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("corpus_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--by", type=click.Choice(["kind", "source"]), help="Add a breakdown by kind or by source.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table for people; json: the whole report (with the parts' totals).")
@click.option("--errors", is_flag=True,
              help="List each file's missed and spurious items (validation files only with --part validation).")
@click.option("--part", type=click.Choice(_PART_CHOICES), default="all", show_default=True,
              help="Score only the tuning or the validation part of a split corpus.")
@click.option("--split", "split_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=DEV_SPLIT, show_default="the dev split shipped with readout",
              help="JSON with 'tuning' and 'validation' file lists; used when it covers every gold file.")
@click.option("--xwlb", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A local copy of github.com/china-data/xwlb: score the archive validation set "
                   "(its texts are rebuilt from the archive; give no GOLD/CORPUS_DIR).")
def eval_command(gold: Path | None, corpus_dir: Path | None, by: str | None, fmt: str, errors: bool,
                 part: str, split_path: Path, xwlb: Path | None) -> None:
    """Score readout against GOLD (gold.jsonl) on the articles in CORPUS_DIR: P/R/F1 per field.

    On the dev corpus the shipped split gives tuning and validation figures side by side.
    Rules and lexicons may be fitted to tuning only; errors on validation are only reported.

    \b
    Example:
      readout eval ../shared/corpus/dev/gold.jsonl ../shared/corpus/dev
      readout eval ../shared/corpus/dev/gold.jsonl ../shared/corpus/dev --part tuning --errors
      readout eval --xwlb ~/src/xwlb
    """
    if (gold is None) != (corpus_dir is None) or (gold is None) == (xwlb is None):
        raise ReadoutError(Errors.E501)
    if gold is not None and corpus_dir is not None:
        rep = reading.evaluate(gold, corpus_dir)
        parts = _parts(rep, split_path)
    else:
        assert xwlb is not None
        rep = _archive_report(xwlb)
        parts = _parts(rep, None)
    if part != "all":
        if part not in parts:
            raise ReadoutError(Errors.E504, part=part)
        rep, parts = parts[part], {}
    if fmt == "json":
        data = rep.to_dict()
        if parts:
            data["parts"] = {name: {k: c.to_dict() for k, c in r.totals.items() if r.labelled(k)}
                             for name, r in parts.items()}
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    reporting.print_report(rep, by=by)
    if len(parts) > 1:
        reporting.print_parts(parts)
    if errors:
        _print_errors(rep, parts, part)


def _print_errors(rep: Report, parts: dict[str, Report], part: str) -> None:
    """Per-file errors, holding back validation files unless asked for by name."""
    withheld = parts.get("validation")
    if withheld is not None and part != "validation":
        rep = parts.get("tuning") or Report.from_files([])
        click.echo(f"errors of the {len(withheld.files)} validation files withheld: pass --part validation "
                   "to list them (measure with them; never fit a rule to them)")
    reporting.print_errors(rep)

