"""CLI: ``readout load PARQUET_DIR --db readout.db`` (``ingest --engine dask`` lives in ``readout.store.commands``)."""

from __future__ import annotations

import click


@click.command()
@click.argument("parquet_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--db", default="readout.db", show_default=True, type=click.Path(dir_okay=False), help="The SQLite store.")
def load(parquet_dir: str, db: str) -> None:
    """Load Parquet partitions written by `readout ingest --engine dask` into the SQLite store.

    \b
    Example:
      readout load readout.db.parquet --db readout.db
    """
    from readout.scale import load_parquet

    rep = load_parquet(parquet_dir, db)
    for line in rep.lines():
        click.echo(line, err=True)
    click.echo(rep.result(db))



