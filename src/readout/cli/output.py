"""How every command prints rows: ``--format table|json|jsonl|csv``, one option and one printer."""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from typing import Any

import click

FORMATS = ("table", "json", "jsonl", "csv")
FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="table for people; json (one array), jsonl (one object per line) or csv (lists as JSON) for programs.")


def emit(rows: list[dict[str, Any]], fmt: str, columns: list[str] | None = None) -> None:
    """Print rows in ``fmt``; the table shows ``columns`` (default: every column that is not a list)."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "csv":
        _csv(rows, columns)
    elif not rows:
        click.echo("no rows", err=True)
    else:
        _table(rows, columns)


def _csv(rows: list[dict[str, Any]], columns: list[str] | None) -> None:
    fields = list(rows[0]) if rows else list(columns or [])
    w = csv.writer(sys.stdout)
    w.writerow(fields)
    for r in rows:
        w.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                    for v in (r.get(f) for f in fields)])


def _table(rows: list[dict[str, Any]], columns: list[str] | None) -> None:
    cols = columns or [k for k, v in rows[0].items() if not isinstance(v, list)]

    def cell(v: Any) -> str:
        if isinstance(v, list):
            return f"{len(v)}"
        return "-" if v is None else str(v)

    table = [[cell(r.get(c)) for c in cols] for r in rows]
    widths = [max(width(c), *(width(row[i]) for row in table)) for i, c in enumerate(cols)]
    click.echo("  ".join(_pad(c, widths[i]) for i, c in enumerate(cols)))
    for row in table:
        click.echo("  ".join(_pad(v, widths[i]) for i, v in enumerate(row)))


def width(s: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - width(s))
