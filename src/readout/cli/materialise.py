"""The ``analyze`` command: compute the stored analyses (registered by ``readout.cli``)."""

from __future__ import annotations

import click

from readout.cli.store import DB_OPTION, existing_db


@click.command("analyze")
@DB_OPTION
@click.option("--only", "only", multiple=True, type=click.Choice(["tallies", "reuse", "roster"]),
              help="Run only this analysis (repeatable); default: all of them.")
@click.option("--min-len", default=10, show_default=True, type=click.IntRange(1, 1_000_000),
              help="Reuse: shortest passage.")
@click.option("--across-documents", is_flag=True, help="Reuse: ignore reuse between sections of one document.")
@click.option("--full", is_flag=True, help="Recompute from scratch what is otherwise updated with the new documents only.")
def analyze_command(db: str, only: tuple[str, ...], min_len: int, across_documents: bool, full: bool) -> None:
    """Compute the analyses commands and pages read and store them: the tallies, reuse families, the tenure roster.

    The tallies (formulations per region × month, density, first appearance, echo matrix,
    coverage) only add the documents stored since their last update — `readout ingest` does
    that at its end — and recount everything, saying why, when they must. Reuse families
    are recomputed in full; the roster adds the new documents' evidence. Each is recorded in the store's `analyses` table with its
    parameters and the corpus it covers; `readout reuse --families` and the web pages read
    the stored rows while they cover every stored document.

    \\b
    Example:
      readout analyze --db readout.db
    """
    from readout.analyze.materialise import analyze

    db = existing_db(db)
    for rep in analyze(db, only=only or None, reuse_params={"min_len": min_len,
                                                            "across_documents_only": across_documents},
                       full=full, progress=lambda m: click.echo(f"  {m}", err=True)):
        click.echo(rep.line())
