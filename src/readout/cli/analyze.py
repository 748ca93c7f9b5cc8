"""CLI commands for the analyses: ``formulations``, ``roster``, ``timeline``, ``reuse``."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click

from readout.cli.options import iso_date
from readout.cli.store import DB_OPTION, existing_db

_FMT = [click.option("--json", "as_json", is_flag=True, help="One JSON object per row."),
        click.option("--csv", "as_csv", is_flag=True, help="CSV with a header (lists as JSON).")]


def _fmt_options(f):  # noqa: ANN001, ANN202
    for opt in reversed(_FMT):
        f = opt(f)
    return f


def emit(rows: list[dict[str, Any]], as_json: bool, as_csv: bool, columns: list[str] | None = None) -> None:
    """Print rows as JSON lines, CSV, or an aligned text table of ``columns``."""
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    if not rows:
        if as_csv and columns:
            csv.writer(sys.stdout).writerow(columns)
        click.echo("no rows", err=True)
        return
    if as_csv:
        fields = list(rows[0])
        w = csv.writer(sys.stdout)
        w.writerow(fields)
        for r in rows:
            w.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                        for v in (r.get(f) for f in fields)])
        return
    cols = columns or [k for k, v in rows[0].items() if not isinstance(v, list)]

    def cell(v: Any) -> str:
        if isinstance(v, list):
            return f"{len(v)}"
        return "-" if v is None else str(v)

    table = [[cell(r.get(c)) for c in cols] for r in rows]
    widths = [max(_w(c), *(_w(row[i]) for row in table)) for i, c in enumerate(cols)]
    click.echo("  ".join(_pad(c, widths[i]) for i, c in enumerate(cols)))
    for row in table:
        click.echo("  ".join(_pad(v, widths[i]) for i, v in enumerate(row)))


def _w(s: str) -> int:
    """Display width: CJK characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _w(s))


@click.command()
@DB_OPTION
@_fmt_options
@click.option("--by", type=click.Choice(["region", "source", "source_prefix"]), default=None,
              help="Group counts (and density/amplification/first appearance) by region or source.")
@click.option("--density", "mode", flag_value="density", help="Share of each group's documents per month.")
@click.option("--first", "mode", flag_value="first", help="First appearance per group and lag behind the first anywhere.")
@click.option("--matrix", "mode", flag_value="matrix", help="Region × formulation echo matrix (per section region).")
@click.option("--reference", help="Amplification: density in each group ÷ density in this reference group.")
@click.option("--term", "terms", multiple=True, help="Matrix of these exact strings instead of the stored formulations.")
@click.option("--document", "document_ids", multiple=True, help="Restrict the matrix to these document ids.")
def formulations(db: str, as_json: bool, as_csv: bool, by: str | None, mode: str | None, reference: str | None,
                 terms: tuple[str, ...], document_ids: tuple[str, ...]) -> None:
    """Formulation (提法) counts, density, amplification, first appearance/lag and the echo matrix."""
    from readout.analyze import formulations as F

    db = existing_db(db)
    if mode == "matrix" or terms:
        m = F.echo_matrix(db, terms=list(terms) or None, document_ids=list(document_ids) or None)
        if as_json or as_csv:
            emit(m.rows(), as_json, as_csv)
            return
        rows = [{"region": r, **{f: m.count(r, f) or "" for f in m.formulations}} for r in m.regions]
        emit(rows, False, False, ["region", *m.formulations])
        return
    if reference:
        emit(F.amplification(db, reference, by=by or "source"), as_json, as_csv,
             ["formulation", "group", "density", "reference_density", "amplification"])
    elif mode == "density":
        emit(F.density(db, by=by or "region"), as_json, as_csv,
             ["formulation", "group", "month", "units_with", "units", "density"])
    elif mode == "first":
        emit(F.first_appearance(db, by=by or "region"), as_json, as_csv,
             ["formulation", "group", "first_date", "lag_days", "first_anywhere"])
    else:
        emit(F.formulation_counts(db, by=by), as_json, as_csv,
             ["formulation", *([by] if by else []), "hits", "documents"])


@click.command()
@DB_OPTION
@_fmt_options
@click.option("--name", help="Only this person.")
@click.option("--region", help="Region code prefix.")
def roster(db: str, as_json: bool, as_csv: bool, name: str | None, region: str | None) -> None:
    """Who held which post in which region, first and last seen, in how many documents."""
    from readout.analyze.roster import roster as run

    emit(run(existing_db(db), name=name, region=region), as_json, as_csv,
         ["region_name", "post", "name", "first_seen", "last_seen", "documents"])


@click.command()
@DB_OPTION
@_fmt_options
@click.option("--from", "date_from", callback=iso_date, help="Earliest date.")
@click.option("--to", "date_to", callback=iso_date, help="Latest date.")
@click.option("--region", help="Region code prefix.")
@click.option("--kind", type=click.Choice(["meeting", "inspection", "other"]))
def timeline(db: str, as_json: bool, as_csv: bool, date_from: str | None, date_to: str | None,
             region: str | None, kind: str | None) -> None:
    """Events per day, region and kind (e.g. a campaign's deployment wave)."""
    from readout.analyze.timeline import timeline as run

    rows = run(existing_db(db), date_from=date_from, date_to=date_to, region=region, kind=kind)
    if not (as_json or as_csv):
        for r in rows:
            r["leaders"] = "、".join(r["leaders"])
    emit(rows, as_json, as_csv, ["date", "region_name", "kind", "events", "leaders"])


@click.command()
@DB_OPTION
@_fmt_options
@click.option("--n", "n", default=8, show_default=True, help="Character n-gram length for candidates.")
@click.option("--min-len", default=10, show_default=True, help="Shortest passage reported.")
@click.option("--across-documents", is_flag=True, help="Ignore reuse between sections of the same document.")
@click.option("--ratios", is_flag=True, help="Print copy ratios per section and document instead of passages.")
@click.option("--document", "document_ids", multiple=True, help="Restrict to these document ids.")
@click.option("--method", type=click.Choice(["auto", "exact", "sampled"]), default="auto", show_default=True,
              help="exact: every n-gram; sampled: winnowed shingles (same passages ≥ min-len, for big corpora).")
@click.option("--max-passages", type=int, default=None,
              help="Keep only the longest N passages (ratios still count all of them).")
def reuse(db: str, as_json: bool, as_csv: bool, n: int, min_len: int, across_documents: bool, ratios: bool,
          document_ids: tuple[str, ...], method: str, max_passages: int | None) -> None:
    """Passages shared between sections and documents, with copy ratios (复制比)."""
    from readout.analyze.reuse import reuse as run

    res = run(existing_db(db), n=n, min_len=min_len, across_documents_only=across_documents,
              document_ids=list(document_ids) or None, method=method, max_passages=max_passages)
    if ratios:
        rows = [{"level": "section", **u.to_dict()} for u in res.sections]
        rows += [{"level": "document", **u.to_dict()} for u in res.documents]
        emit(rows, as_json, as_csv, ["level", "document_id", "region", "chars", "shared_chars", "copy_ratio",
                                     "passages"])
        return
    emit([p.to_dict() for p in res.passages], as_json, as_csv,
         ["a_region", "b_region", "length", "a_start", "b_start", "text"])



