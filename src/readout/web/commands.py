"""The ``serve`` command (registered by ``readout.cli``)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("serve")
@click.argument("db", type=click.Path(dir_okay=False))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; the default keeps the UI on this machine.")
def serve_command(db: str, port: int, host: str) -> None:
    """Browse a readout database in the web browser (read-only)."""
    if not Path(db).exists():
        raise click.ClickException(f"no such database: {db} (run `readout ingest PATH --db {db}` first)")
    import uvicorn

    from readout.web.app import create_app

    click.echo(f"readout: serving {db} read-only at http://{host}:{port}/", err=True)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


COMMANDS = (serve_command,)
