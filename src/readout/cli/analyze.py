"""CLI commands for the analyses: ``formulations``, ``roster``, ``timeline``, ``reuse``."""

from __future__ import annotations

from typing import Any

import click

from readout.analyze.offices import KINDS
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
@click.option("--formulation", "value", help="Only this formulation (density, first appearance).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Counts: at most this many rows.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True, help="Counts: skip this many rows.")
def formulations(db: str, fmt: str, by: str | None, mode: str | None, reference: str | None,
                 terms: tuple[str, ...], document_ids: tuple[str, ...], value: str | None, limit: int | None,
                 offset: int) -> None:
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
        emit(F.density(db, by=by or "region", formulation=value), fmt,
             ["formulation", "group", "month", "units_with", "units", "density"])
    elif mode == "first":
        emit(F.first_appearance(db, by=by or "region", formulation=value), fmt,
             ["formulation", "group", "first_date", "lag_days", "first_anywhere"])
    else:
        emit(F.formulation_counts(db, by=by, limit=limit, offset=offset), fmt,
             ["formulation", *([by] if by else []), "hits", "documents"])


@click.command()
@DB_OPTION
@FORMAT_OPTION
@click.option("--name", help="Only this person (every person of that name).")
@click.option("--region", callback=region_name_or_code,
              help="Offices of this jurisdiction and every unit under it, by name or code (天津, 12, 成都); 全国.")
@click.option("--office", "kind", type=click.Choice(KINDS), metavar="KIND",
              help="One office type: party_secretary, deputy_party_secretary, governor, vice_governor, "
                   "standing_committee, congress_chair, cppcc_chair, discipline_secretary, minister, premier, …")
@click.option("--on", "on", callback=iso_date, help="Only tenures covering this date (YYYY-MM-DD).")
@click.option("--limit", default=0, show_default=True, type=click.IntRange(min=0), help="Rows to print; 0 = all.")
def roster(db: str, fmt: str, name: str | None, region: str | None, kind: str | None, on: str | None,
           limit: int) -> None:
    """Tenure spans: who held which office (jurisdiction × type) from when to when, with the evidence count.

    A span starts at an appointment notice (任/当选), a career summary's line (简历: 2002-2007年
    浙江省委书记; start and end kept as the year or month written) or its first sighting, and ends at
    a removal (免/不再担任), a career summary's line, a 原 post, or the next holder's start;
    namesakes are told apart by office and time (person 1, 2 …). Read from what `readout analyze`
    stored, else built now.

    \b
    Example:
      readout roster --db readout.db --region 天津 --office party_secretary
      readout roster --db readout.db --name 李鸿忠
    """
    from readout.analyze.materialise import fresh
    from readout.analyze.roster import roster as run
    from readout.store import connect

    db = existing_db(db)
    conn = connect(db, readonly=True)
    try:
        stored = fresh(conn, "roster")
    finally:
        conn.close()
    if not stored:
        click.echo("roster built now (`readout analyze` stores it for every later read)", err=True)
    emit(run(db, name=name, region=region, kind=kind, on=on, limit=limit), fmt,
         ["title", "name", "person", "start", "end", "end_kind", "first_seen", "last_seen", "evidence", "documents"])


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
@click.option("--n", "n", default=8, show_default=True, type=click.IntRange(2, 64),
              help="Character n-gram length for candidates.")
@click.option("--min-len", default=10, show_default=True, type=click.IntRange(1, 1_000_000),
              help="Shortest passage reported.")
@click.option("--across-documents", is_flag=True, help="Ignore reuse between sections of the same document.")
@click.option("--ratios", is_flag=True, help="Print copy ratios per section and document instead of passages.")
@click.option("--families", is_flag=True,
              help="One row per passage family (its text; documents, regions and days carrying it; first and last seen).")
@click.option("--family", "family_id", type=click.IntRange(1, 2**63 - 1),
              help="The places of one family, by date.")
@click.option("--limit", default=0, show_default=True, type=click.IntRange(0, 10_000_000),
              help="With --families / --family: rows to print; 0 = all.")
@click.option("--document", "document_ids", multiple=True, help="Restrict to these document ids.")
@click.option("--method", type=click.Choice(["auto", "exact", "sampled"]), default="auto", show_default=True,
              help="exact: every n-gram; sampled: winnowed shingles (same passages ≥ min-len, for big corpora).")
@click.option("--max-passages", type=click.IntRange(1, 100_000_000), default=None,
              help="Keep only the longest N passages (ratios still count all of them).")
@click.option("--base-url", default=None, metavar="URL",
              help="Where `readout serve` runs, for the links --family prints (default http://127.0.0.1:8000).")
def reuse(db: str, fmt: str, n: int, min_len: int, across_documents: bool, ratios: bool, families: bool,
          family_id: int | None, limit: int, document_ids: tuple[str, ...], method: str, max_passages: int | None,
          base_url: str | None) -> None:
    """Passages shared between sections and documents, with copy ratios (复制比), or grouped into families.

    --families and --ratios read what `readout analyze` stored when it covers the corpus with
    these parameters, else compute now (and say so). Lead-ins (央视网消息（新闻联播）：) and
    legal notices are cut from family passages; copy ratios count every shared passage.

    \b
    Example:
      readout reuse --db readout.db --families --limit 20
      readout reuse --db readout.db --family 3
    """
    db = existing_db(db)
    params: dict[str, Any] = {"n": n, "min_len": min_len, "max_df": 200, "across_documents_only": across_documents}
    if families or family_id:
        _families(db, fmt, params, family_id, limit, list(document_ids), method, base_url)
        return
    if ratios:
        rows = _stored_ratios(db, params) if not document_ids else None
        if rows is None:
            from readout.analyze.reuse import reuse as run

            res = run(db, **params, document_ids=list(document_ids) or None, method=method, max_passages=0)
            rows = [{"level": "section", **u.to_dict()} for u in res.sections]
            rows += [{"level": "document", **u.to_dict()} for u in res.documents]
        emit(rows, fmt, ["level", "document_id", "region", "chars", "shared_chars", "copy_ratio", "passages"])
        return
    from readout.analyze.reuse import reuse as run

    res = run(db, **params, document_ids=list(document_ids) or None, method=method, max_passages=max_passages)
    emit([p.to_dict() for p in res.passages], fmt,
         ["a_region", "b_region", "length", "a_start", "b_start", "text"])


def _stored_ratios(db: str, params: dict) -> list[dict] | None:
    from readout.analyze.materialise import fresh
    from readout.store import connect

    conn = connect(db, readonly=True)
    try:
        if not fresh(conn, "reuse", params):
            return None
        cur = conn.execute("SELECT level, document_id, section_id, region, chars, shared_chars, copy_ratio, passages "
                           "FROM reuse_ratios ORDER BY level DESC, id")
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur]
    finally:
        conn.close()


def _families(db: str, fmt: str, params: dict, family_id: int | None, limit: int, document_ids: list[str],
              method: str, base_url: str | None) -> None:
    """Print the families (or one family's places), from the stored tables when they are fresh."""
    from dataclasses import asdict

    from readout.analyze.families import families as compute
    from readout.analyze.families import stored_families, stored_members
    from readout.analyze.materialise import fresh
    from readout.errors import Errors, ReadoutError
    from readout.store import connect
    from readout.web.links import DEFAULT_BASE, document_href

    fams: list[Any] = []
    fam: Any = None
    members: list[Any] = []
    conn = connect(db, readonly=True)
    try:
        use_stored = not document_ids and fresh(conn, "reuse", params)
        if use_stored and family_id:
            fam, members = stored_members(conn, family_id, limit=limit)
        elif use_stored:
            fams = stored_families(conn, limit=limit)
    finally:
        conn.close()
    if not use_stored:
        click.echo("reuse families computed now (`readout analyze` stores them for every later read)", err=True)
        res = compute(db, **params, document_ids=document_ids or None, method=method, members=bool(family_id))
        fams = res.families[:limit] if limit else res.families
        fam = next((f for f in res.families if f.id == family_id), None) if family_id else None
        members = (fam.members[:limit] if limit else fam.members) if fam else []
    if not family_id:
        emit([f.to_dict() for f in fams], fmt,
             ["id", "documents", "regions", "dates", "first_seen", "last_seen", "passages", "length", "text"])
        return
    if fam is None:
        raise ReadoutError(Errors.E203, detail=f"no reuse family {family_id}: see `readout reuse --families`")
    texts = _texts(db, {m.document_id for m in members})
    base = DEFAULT_BASE if base_url is None else base_url
    rows = [{"family_id": family_id, **asdict(m), "text": texts.get(m.document_id, "")[m.start:m.end],
             "url": document_href(m.document_id, m.start, m.end, base)} for m in members]
    emit(rows, fmt, ["date", "region", "document_id", "start", "end", "passages", "text", "url"], keep=("url",))


def _texts(db: str, ids: set[str]) -> dict[str, str]:
    """The texts of these documents (their places are cut from them)."""
    from readout.store import connect

    conn = connect(db, readonly=True)
    try:
        out: dict[str, str] = {}
        keys = sorted(ids)
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            out.update(conn.execute(f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(chunk))})",
                                    chunk))
        return out
    finally:
        conn.close()
