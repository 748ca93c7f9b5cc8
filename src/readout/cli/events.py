"""CLI commands for events: ``events`` (the filtered list) and ``campaign`` (a deployment wave)."""

from __future__ import annotations

import click

from readout.cli.options import REGION_HELP, iso_date, region_name_or_code
from readout.cli.output import FORMAT_OPTION, emit
from readout.cli.store import DB_OPTION, existing_db

BASE_OPTION = click.option("--base-url", default=None, metavar="URL",
                           help="Where `readout serve` runs, for the links printed (default http://127.0.0.1:8000).")


@click.command()
@DB_OPTION
@FORMAT_OPTION
@click.option("--region", callback=region_name_or_code, help=REGION_HELP)
@click.option("--from", "date_from", callback=iso_date, help="Earliest event date (YYYY-MM-DD).")
@click.option("--to", "date_to", callback=iso_date, help="Latest event date (YYYY-MM-DD).")
@click.option("--kind", type=click.Choice(["meeting", "inspection", "other"]))
@click.option("--official", help="A person present (leader or attendee), by name.")
@click.option("--meeting", help="Text the meeting's name contains.")
@click.option("--formulation", help="A formulation (canonical or as written) in the event's section.")
@click.option("--document", "document_id", help="Only this document's events.")
@click.option("--undated", is_flag=True, help="List the events the text gives no day for, instead of the dated ones.")
@click.option("--limit", default=0, show_default=True, type=click.IntRange(0, 10_000_000),
              help="Rows to print; 0 = all.")
@BASE_OPTION
def events(db: str, fmt: str, region: str | None, date_from: str | None, date_to: str | None, kind: str | None,
           official: str | None, meeting: str | None, formulation: str | None, document_id: str | None,
           undated: bool, limit: int, base_url: str | None) -> None:
    """Events (meetings, inspections, other activities) with date, region, leader, post and meeting, by date.

    Each row links to its lines in the web UI (`readout serve`).

    \b
    Example:
      readout events --db readout.db --region 天津 --meeting 主题教育
    """
    from readout.analyze.events import EventFilter
    from readout.analyze.events import events as run
    from readout.web.links import DEFAULT_BASE, document_href

    filt = EventFilter(region=region, date_from=date_from, date_to=date_to, kind=kind, official=official,
                       meeting=meeting, formulation=formulation, document_id=document_id, undated=undated)
    rows = run(existing_db(db), filt, limit=limit).rows
    base = DEFAULT_BASE if base_url is None else base_url
    for r in rows:
        r["url"] = document_href(r["document_id"], r["start"], r["end"], base)
    emit(rows, fmt, ["date", "region_name", "leader", "post", "kind", "meeting", "url"], keep=("url",))


@click.command()
@click.argument("term")
@DB_OPTION
@FORMAT_OPTION
@click.option("--launch", callback=iso_date,
              help="The central launch date lags count from (default: the campaign's first 全国 event).")
@click.option("--from", "date_from", callback=iso_date, help="Ignore events before this date.")
@click.option("--to", "date_to", callback=iso_date, help="Ignore events after this date.")
@click.option("--region", callback=region_name_or_code, help="Only this province-level region's row. " + REGION_HELP)
@BASE_OPTION
def campaign(term: str, db: str, fmt: str, launch: str | None, date_from: str | None, date_to: str | None,
             region: str | None, base_url: str | None) -> None:
    """Per region, the first dated event deploying TERM (a formulation, meeting name or phrase), its lag and echoes.

    A region's deployment is its earliest event whose meeting name or sentence holds TERM (else
    whose section does); the lag counts from --launch or the first 全国 event. Every row and every
    echoed formulation links to its lines in the web UI.

    \b
    Example:
      readout campaign 主题教育 --db readout.db --launch 2019-09-06
    """
    from readout.analyze.campaigns import campaign as run
    from readout.web.links import DEFAULT_BASE, document_href

    res = run(existing_db(db), term, launch=launch, date_from=date_from, date_to=date_to, region=region)
    base = DEFAULT_BASE if base_url is None else base_url
    rows = []
    for r in ([res.launch_row] if res.launch_row and not region else []) + res.rows:
        d = r.to_dict()
        d["url"] = document_href(r.document_id, r.start, r.end, base)
        for e in d["echoes"]:
            e["url"] = document_href(e["document_id"], e["start"], e["end"], base)
        rows.append(d)
    if fmt == "table":
        for d in rows:
            d["echoed"] = "、".join(f"{e['value']}×{e['count']}" if e["count"] > 1 else e["value"]
                                   for e in d["echoes"][:6]) + ("…" if len(d["echoes"]) > 6 else "")
        how = {"given": "given with --launch", "central event": "the first 全国 event",
               "none": "no 全国 event matched: pass --launch for lags"}[res.launch_from]
        click.echo(f"{term}: {res.documents} document(s), {res.matched_events} matched event(s), "
                   f"{len(res.rows)} region(s); launch {res.launch or '-'} ({how})", err=True)
    emit(rows, fmt, ["region_name", "date", "lag_days", "leader", "post", "meeting", "match", "echoed", "url"],
         keep=("url",))
