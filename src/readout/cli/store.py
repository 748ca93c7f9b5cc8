"""CLI commands for the store: ``ingest``, ``search``, ``export`` (registered by ``readout.cli``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from readout.cli.options import iso_date, record_mapping, record_mapping_options, region_name_or_code
from readout.cli.output import FORMAT_OPTION, emit
from readout.errors import Errors, ReadoutError

DB_OPTION = click.option("--db", default="readout.db", show_default=True, type=click.Path(dir_okay=False),
                         help="The SQLite store.")


def existing_db(db: str) -> str:
    """``db`` if the file exists, else the coded error that says how to build it."""
    if not Path(db).exists():
        raise ReadoutError(Errors.E101, path=db)
    return db


@click.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--pub-date", callback=iso_date, help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes building documents (default: all cores; 1 = in this process).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes + one SQLite writer; dask: a Dask cluster writing Parquet (docs/scale.md).")
@click.option("--scheduler", help="Dask scheduler address (tcp://host:8786); default: a LocalCluster here.")
@click.option("--parquet", "parquet_dir", type=click.Path(file_okay=False),
              help="With --engine dask: where the Parquet partitions go (default: <db>.parquet); "
                   "they are then loaded into --db unless --no-load.")
@click.option("--no-load", is_flag=True, help="With --engine dask: only write Parquet.")
@record_mapping_options
def ingest(paths: tuple[str, ...], db: str, pub_date: str | None, quiet: bool, workers: int | None, engine: str,
           scheduler: str | None, parquet_dir: str | None, no_load: bool, **mapping_options: str | None) -> None:
    """Read files, folders and archives into the SQLite store (re-runs skip what is stored).

    \b
    Example:
      readout ingest examples/ --db readout.db
      readout ingest xwlb/assets cctv_news/news --db xwlb.db   # both archive layouts detected (docs/ingest.md)
    """
    # readout.scale (worker processes, batched single writer) does the work: docs/scale.md
    from readout.scale import ingest_parallel

    mapping = record_mapping(mapping_options)
    show = not quiet and sys.stderr.isatty()
    if engine == "dask":
        from readout.scale import load_parquet, run_dask

        out = parquet_dir or f"{db}.parquet"
        rep = run_dask(paths, out, scheduler, pub_date=pub_date, mapping=mapping)
        click.echo(f"{out}: built {rep.stored}, rejected {rep.rejected}", err=True)
        if not no_load:
            loaded = load_parquet(out, db)
            rep.stored, rep.skipped, rep.copies = loaded.stored, loaded.skipped + rep.skipped, loaded.copies
            rep.seconds += loaded.seconds
    else:
        rep = ingest_parallel(paths, db, workers=workers, pub_date=pub_date, progress=show, mapping=mapping)
    if not quiet:
        for line in rep.lines():
            click.echo(line, err=True)
    click.echo(f"{db}: added {rep.stored}, already stored {rep.skipped}, rejected {rep.rejected}, "
               f"copies {rep.copies} (same story from another source: recorded, stored once)")


@click.command()
@click.argument("query")
@DB_OPTION
@FORMAT_OPTION
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0), help="Hits to show; 0 = all.")
@click.option("--from", "date_from", callback=iso_date, help="Earliest date (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=iso_date, help="Latest date (YYYY-MM-DD).")
@click.option("--region", callback=region_name_or_code,
              help="Province-level region of the hit, by name or GB/T 2260 code (天津, 天津市, 120000, 12).")
@click.option("--official", help="Only documents naming this official.")
@click.option("--formulation", help="Only documents with this formulation.")
@click.option("--source", help="Only documents whose source contains this text.")
@click.option("--context", default=20, show_default=True, type=click.IntRange(min=0), help="Characters each side.")
@click.option("--copies", is_flag=True, help="Also list every other arrival of each hit's story (docs/ingest.md, Duplicates).")
def search(query: str, db: str, fmt: str, limit: int, date_from: str | None,
           date_to: str | None, region: str | None, official: str | None, formulation: str | None,
           source: str | None, context: int, copies: bool) -> None:
    """Find QUERY (exact substring, any length) in titles and texts; keyword-in-context hits, best first.

    A story that arrived more than once (two archives, an HTML page and its text) is one
    document and gives one hit; --copies lists the hit once more for every other arrival.

    \b
    Example:
      readout search 两个维护 --db readout.db --from 2019-09-01 --format csv
    """
    from readout.store.search import search as run

    res = run(existing_db(db), query, limit=limit, date_from=date_from, date_to=date_to, region=region,
              official=official, formulation=formulation, source=source, context=context)
    also = _copies(existing_db(db), [h.document_id for h in res.hits]) if copies else {}
    if fmt != "table":
        rows = []
        for h in res.hits:
            rows.append({**h.to_dict(), "copy_of": None} if copies else h.to_dict())
            rows += [{**h.to_dict(), "source": c["source"], "date": c["pub_date"] or h.date, "copy_of": h.document_id}
                     for c in also.get(h.document_id, [])]
        emit(rows, fmt)
        return
    for h in res.hits:
        click.echo(f"{h.left:>{context}}【{h.hit}】{h.right:<{context}}  {h.date or '-'}  {h.region_name or '-'}  "
                   f"{h.title[:30]}")
        for c in also.get(h.document_id, []):
            click.echo(f"{'':>{context}}  copy: {c['source']}  {c['pub_date'] or '-'}  {c['match']}")
    more = "" if res.complete else f" (ranked within the newest {res.documents}; about {res.total_documents})"
    n_copies = sum(map(len, also.values()))
    copies_note = f" (and {n_copies} copies of them)" if copies else ""
    click.echo(f"{len(res.hits)} hits shown from {res.documents} documents{copies_note}{more}", err=True)


def _copies(db: str, ids: list[str]) -> dict[str, list[dict[str, object]]]:
    from readout.store import opened
    from readout.store.copies import copies_of

    with opened(db) as conn:
        return copies_of(conn, ids)


@click.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Directory for one file per table.")
def export(db: str, fmt: str, out: str) -> None:
    """Write every table to JSONL, CSV or Parquet files (for pandas, Polars, DuckDB).

    \b
    Example:
      readout export --db readout.db --format parquet --out export/
    """
    from readout.store.export import export as run

    for p in run(existing_db(db), out, fmt):
        click.echo(str(p))



