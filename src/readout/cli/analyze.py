"""CLI commands for the analyses: ``formulations``, ``roster``, ``timeline``, ``reuse``."""

from __future__ import annotations

import click

from readout.cli.options import REGION_HELP, iso_date, region_name_or_code
from readout.cli.output import FORMAT_OPTION, emit
from readout.cli.store import DB_OPTION, existing_db


@click.command()
@DB_OPTION
@FORMAT_OPTION
@click.option("--by", type=click.Choice(["region", "source", "source_prefix"]), default=None,
              help="Group counts (and density/amplification/first appearance) by region or source.")
@click.option("--density", "mode", flag_value="density", help="Share of each group's documents per month.")
@click.option("--first", "mode", flag_value="first", help="First appearance per group and lag behind the first anywhere.")
@click.option("--matrix", "mode", flag_value="matrix", help="Region × formulation echo matrix (per section region).")
@click.option("--reference", help="Amplification: density in each group ÷ density in this reference group.")
@click.option("--term", "terms", multiple=True, help="Matrix of these exact strings instead of the stored formulations.")
@click.option("--document", "document_ids", multiple=True, help="Restrict the matrix to these document ids.")
def formulations(db: str, fmt: str, by: str | None, mode: str | None, reference: str | None,
                 terms: tuple[str, ...], document_ids: tuple[str, ...]) -> None:
    """Formulation (提法) counts, density, amplification, first appearance/lag and the echo matrix.

    \b
    Example:
      readout formulations --db readout.db --first --by region
    """
    from readout.analyze import formulations as F

    db = existing_db(db)
    if mode == "matrix" or terms:
        m = F.echo_matrix(db, terms=list(terms) or None, document_ids=list(document_ids) or None)
        if fmt != "table":
            emit(m.rows(), fmt)
            return
        rows = [{"region": r, **{f: m.count(r, f) or "" for f in m.formulations}} for r in m.regions]
        emit(rows, "table", ["region", *m.formulations])
        return
    if reference:
        emit(F.amplification(db, reference, by=by or "source"), fmt,
             ["formulation", "group", "density", "reference_density", "amplification"])
    elif mode == "density":
        emit(F.density(db, by=by or "region"), fmt,
             ["formulation", "group", "month", "units_with", "units", "density"])
    elif mode == "first":
        emit(F.first_appearance(db, by=by or "region"), fmt,
             ["formulation", "group", "first_date", "lag_days", "first_anywhere"])
    else:
        emit(F.formulation_counts(db, by=by), fmt,
             ["formulation", *([by] if by else []), "hits", "documents"])


@click.command()
@DB_OPTION
@FORMAT_OPTION
@click.option("--name", help="Only this person.")
@click.option("--region", callback=region_name_or_code, help=REGION_HELP)
def roster(db: str, fmt: str, name: str | None, region: str | None) -> None:
    """Who held which post in which region, first and last seen, in how many documents.

    \b
    Example:
      readout roster --db readout.db --name 李鸿忠
    """
    from readout.analyze.roster import roster as run

    emit(run(existing_db(db), name=name, region=region), fmt,
         ["region_name", "post", "name", "first_seen", "last_seen", "documents"])


@click.command()
@DB_OPTION
@FORMAT_OPTION
@click.option("--from", "date_from", callback=iso_date, help="Earliest date.")
@click.option("--to", "date_to", callback=iso_date, help="Latest date.")
@click.option("--region", callback=region_name_or_code, help=REGION_HELP)
@click.option("--kind", type=click.Choice(["meeting", "inspection", "other"]))
def timeline(db: str, fmt: str, date_from: str | None, date_to: str | None,
             region: str | None, kind: str | None) -> None:
    """Events per day, region and kind (e.g. a campaign's deployment wave).

    \b
    Example:
      readout timeline --db readout.db --from 2019-09-01 --kind meeting
    """
    from readout.analyze.timeline import timeline as run

    rows = run(existing_db(db), date_from=date_from, date_to=date_to, region=region, kind=kind)
    if fmt == "table":
        for r in rows:
            r["leaders"] = "、".join(r["leaders"])
    emit(rows, fmt, ["date", "region_name", "kind", "events", "leaders"])


@click.command()
@DB_OPTION
@FORMAT_OPTION
@click.option("--n", "n", default=8, show_default=True, help="Character n-gram length for candidates.")
@click.option("--min-len", default=10, show_default=True, help="Shortest passage reported.")
@click.option("--across-documents", is_flag=True, help="Ignore reuse between sections of the same document.")
@click.option("--ratios", is_flag=True, help="Print copy ratios per section and document instead of passages.")
@click.option("--document", "document_ids", multiple=True, help="Restrict to these document ids.")
@click.option("--method", type=click.Choice(["auto", "exact", "sampled"]), default="auto", show_default=True,
              help="exact: every n-gram; sampled: winnowed shingles (same passages ≥ min-len, for big corpora).")
@click.option("--max-passages", type=int, default=None,
              help="Keep only the longest N passages (ratios still count all of them).")
def reuse(db: str, fmt: str, n: int, min_len: int, across_documents: bool, ratios: bool,
          document_ids: tuple[str, ...], method: str, max_passages: int | None) -> None:
    """Passages shared between sections and documents, with copy ratios (复制比).

    \b
    Example:
      readout reuse --db readout.db --ratios
    """
    from readout.analyze.reuse import reuse as run

    res = run(existing_db(db), n=n, min_len=min_len, across_documents_only=across_documents,
              document_ids=list(document_ids) or None, method=method, max_passages=max_passages)
    if ratios:
        rows = [{"level": "section", **u.to_dict()} for u in res.sections]
        rows += [{"level": "document", **u.to_dict()} for u in res.documents]
        emit(rows, fmt, ["level", "document_id", "region", "chars", "shared_chars", "copy_ratio", "passages"])
        return
    emit([p.to_dict() for p in res.passages], fmt,
         ["a_region", "b_region", "length", "a_start", "b_start", "text"])



