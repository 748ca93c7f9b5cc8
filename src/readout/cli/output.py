"""How every command prints rows: ``--format table|json|jsonl|csv``, one option and one printer."""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from typing import Any

import click

FORMATS = ("table", "json", "jsonl", "csv")
CELL_WIDTH = 48  # display columns a table cell may take before it is cut
FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="table for people; json (one array), jsonl (one object per line) or csv (lists as JSON) for programs.")


def emit(rows: list[dict[str, Any]], fmt: str, columns: list[str] | None = None, keep: tuple[str, ...] = ()) -> None:
    """Print rows in ``fmt``; the table shows ``columns`` (default: every column that is not a list), each
    cell cut at ``CELL_WIDTH`` display columns with "…" except in the ``keep`` columns (links)."""
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
        _table(rows, columns, keep)


def _csv(rows: list[dict[str, Any]], columns: list[str] | None) -> None:
    fields = list(rows[0]) if rows else list(columns or [])
    w = csv.writer(sys.stdout)
    w.writerow(fields)
    for r in rows:
        w.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                    for v in (r.get(f) for f in fields)])


def _table(rows: list[dict[str, Any]], columns: list[str] | None, keep: tuple[str, ...] = ()) -> None:
    cols = columns or [k for k, v in rows[0].items() if not isinstance(v, list | dict)]

    def cell(v: Any) -> str:
        if isinstance(v, list | dict):
            return f"{len(v)}"
        return "-" if v is None else " ".join(str(v).split())  # a passage's line breaks would break the row

    table = [[cell(r.get(c)) if c in keep else cut(cell(r.get(c)), CELL_WIDTH) for c in cols] for r in rows]
    widths = [max(width(c), *(width(row[i]) for row in table)) for i, c in enumerate(cols)]
    click.echo("  ".join(_pad(c, widths[i]) for i, c in enumerate(cols)))
    for row in table:
        click.echo("  ".join(_pad(v, widths[i]) for i, v in enumerate(row)))


def width(s: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def cut(s: str, w: int) -> str:
    """``s`` cut to at most ``w`` display columns, ending in "…" when cut (a 3,000-character passage
    would bury the table; the machine formats keep every value whole)."""
    if width(s) <= w:
        return s
    out, used = [], 0
    for ch in s:
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > w - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def _pad(s: str, w: int) -> str:
    return s + " " * (w - width(s))
