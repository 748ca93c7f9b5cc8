"""CLI commands for the store: ``ingest``, ``search``, ``export`` (registered by ``readout.cli``)."""

from __future__ import annotations

import os
import sys
import threading

import click

from readout.cli.options import (
    iso_date,
    limits_from,
    limits_options,
    record_mapping,
    record_mapping_options,
    region_name_or_code,
)
from readout.cli.output import FORMAT_OPTION, emit
from readout.errors import Errors, ReadoutError

DB_OPTION = click.option("--db", default="readout.db", show_default=True, type=click.Path(dir_okay=False),
                         help="The SQLite store.")


def existing_db(db: str) -> str:
    """``db`` if it is a readable readout store, else the coded error that says why (E101, E102, E104)."""
    from readout.store import check

    check(db)
    return db


def _stop_on_signals() -> threading.Event:
    """SIGINT (Ctrl-C) and SIGTERM ask the ingest to stop after the batch it is writing; a second one stops it at once."""
    import signal

    stop = threading.Event()

    def handler(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        click.echo("readout: stopping after the batch being written (again to stop at once)", err=True)

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    return stop


@click.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--pub-date", callback=iso_date, help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--workers", "-j", type=click.IntRange(1, 4096), default=None,
              help="Worker processes building documents (default and most: all cores; 1 = in this process).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes + one SQLite writer; dask: a Dask cluster writing Parquet (docs/scale.md).")
@click.option("--scheduler", help="Dask scheduler address (tcp://host:8786); default: a LocalCluster here.")
@click.option("--parquet", "parquet_dir", type=click.Path(file_okay=False),
              help="With --engine dask: where the Parquet partitions go (default: <db>.parquet); "
                   "they are then loaded into --db unless --no-load.")
@click.option("--no-load", is_flag=True, help="With --engine dask: only write Parquet.")
@click.option("--no-analyze", is_flag=True, help="Leave the stored analyses for a later `readout analyze`.")
@record_mapping_options
@limits_options
def ingest(paths: tuple[str, ...], db: str, pub_date: str | None, quiet: bool, workers: int | None, engine: str,
           scheduler: str | None, parquet_dir: str | None, no_load: bool, no_analyze: bool, **options: object) -> None:
    """Read files, folders and archives into the SQLite store (re-runs skip what is stored).

    A bad input is a coded rejection, recorded in the store, and the batch goes on.
    Ctrl-C or SIGTERM stops after the last committed batch; run the same command again to resume.

    \b
    Example:
      readout ingest examples/ --db readout.db
      readout ingest xwlb/assets cctv_news/news --db xwlb.db   # both archive layouts detected (docs/ingest.md)
    """
    # readout.scale (worker processes, batched single writer) does the work: docs/scale.md
    from readout.scale import ingest_parallel
    from readout.scale.pool import cap_workers

    mapping = record_mapping(options)
    for p in paths:  # a mistyped path: say so before creating anything
        if p != "-" and not os.path.lexists(p):
            raise ReadoutError(Errors.E001, p)
    lim = limits_from(options)
    if workers is not None and workers != cap_workers(workers):
        click.echo(f"readout: --workers {workers} is more than the {cap_workers(None)} cores: using "
                   f"{cap_workers(workers)}", err=True)
    show = not quiet and sys.stderr.isatty()
    stop = _stop_on_signals()
    if engine == "dask":
        from readout.scale import load_parquet, run_dask

        out = parquet_dir or f"{db}.parquet"
        rep = run_dask(paths, out, scheduler, pub_date=pub_date, mapping=mapping, limits=lim)
        click.echo(f"{out}: built {rep.stored}, rejected {rep.rejected}", err=True)
        if not no_load:
            loaded = load_parquet(out, db, tally=not no_analyze)
            rep.stored, rep.skipped, rep.copies = loaded.stored, loaded.skipped + rep.skipped, loaded.copies
            rep.seconds += loaded.seconds
            rep.tallies = loaded.tallies
    else:
        rep = ingest_parallel(paths, db, workers=workers, pub_date=pub_date, progress=show, mapping=mapping,
                              limits=lim, stop=stop, tally=not no_analyze)
    if not quiet:
        for line in rep.lines():
            click.echo(line, err=True)
    click.echo(rep.result(db))
    if rep.interrupted:
        click.echo("readout: interrupted; everything counted above as added is committed. Run the same command "
                   "again to resume (stored documents are skipped).", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)  # at once: the worker processes die with this one (PR_SET_PDEATHSIG)


@click.command()
@click.argument("query")
@DB_OPTION
@FORMAT_OPTION
@click.option("--limit", default=20, show_default=True, type=click.IntRange(0, 1_000_000),
              help="Hits to show; 0 = all.")
@click.option("--from", "date_from", callback=iso_date, help="Earliest date (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=iso_date, help="Latest date (YYYY-MM-DD).")
@click.option("--region", callback=region_name_or_code,
              help="Province-level region of the hit, by name or GB/T 2260 code (天津, 天津市, 120000, 12).")
@click.option("--official", help="Only documents naming this official.")
@click.option("--formulation", help="Only documents with this formulation.")
@click.option("--source", help="Only documents whose source contains this text.")
@click.option("--context", default=20, show_default=True, type=click.IntRange(0, 1000), help="Characters each side.")
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



