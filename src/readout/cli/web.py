"""The ``serve`` command (registered by ``readout.cli``)."""

from __future__ import annotations

import click

from readout.cli.store import existing_db
from readout.errors import Errors, ReadoutError


@click.command("serve")
@click.argument("db_path", metavar="[DB]", required=False, type=click.Path(dir_okay=False))
@click.option("--db", default=None, type=click.Path(dir_okay=False), help="The SQLite store (or give it as DB).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; the default keeps the UI on this machine.")
@click.option("--time-limit", "time_limit", default=1000, show_default=True, type=click.IntRange(0, 600_000),
              help="Milliseconds of SQL one request may run before it is stopped (0: no limit).")
def serve_command(db_path: str | None, db: str | None, port: int, host: str, time_limit: int) -> None:
    """Browse a readout database in the web browser (read-only).

    \b
    Example:
      readout serve --db readout.db --port 8001
    """
    if db_path and db and db_path != db:
        raise click.UsageError(f"two databases given: {db_path} and --db {db}")
    db = db_path or db or "readout.db"
    existing_db(db)
    try:
        import uvicorn
    except ModuleNotFoundError:
        raise ReadoutError(Errors.E301, feature="readout serve", extra="web") from None

    from readout.web.app import create_app

    _catch_up(db)
    click.echo(f"readout: serving {db} read-only at http://{host}:{port}/", err=True)
    uvicorn.run(create_app(db, time_limit_ms=time_limit), host=host, port=port, log_level="warning")





def _catch_up(db: str) -> None:
    """Bring the stored analyses up to date before serving, when the file can be written (the pages read them)."""
    import os

    from readout.store import Store, connect
    from readout.store.tallies import stale

    conn = connect(db, readonly=True)
    try:
        behind = stale(conn)
    finally:
        conn.close()
    if not behind:
        return
    if not os.access(db, os.W_OK):
        click.echo(f"readout: the analyses in {db} are out of date and the file is read-only; "
                   f"pages that need them answer with E105 (run `readout analyze --db {db}`)", err=True)
        return
    with Store.open(db) as store:
        click.echo(f"readout: {store.update_tallies().line()}", err=True)
