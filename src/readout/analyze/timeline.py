"""The event timeline: events per day, region and kind (e.g. a campaign's deployment wave)."""

from __future__ import annotations

from typing import Any

from readout.analyze._db import DB, opened
from readout.store.places import resolve


def timeline(db: DB, *, date_from: str | None = None, date_to: str | None = None,
             region: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """Rows of (date, region, kind) with the number of events, their leaders and the event ids, by date.

    An event's region is its own (``events.region_*``: extraction already falls back to the
    section's region where the sentence names none), so a central meeting reported in a
    天津 section stays 全国. ``region`` is a name or a code (``readout.store.places``).
    """
    sql = ("SELECT e.id, e.document_id, e.date, e.region_name, e.region_code, e.kind, e.leader FROM events e "
           "WHERE e.date IS NOT NULL")
    args: list[Any] = []
    for cond, val in (("e.date >= ?", date_from), ("e.date <= ?", date_to), ("e.kind = ?", kind)):
        if val:
            sql += " AND " + cond
            args.append(val)
    if region:
        cond, more = resolve(region).where("e.region_code", "e.region_name", "events")
        sql += " AND " + cond
        args += more
    rows: dict[tuple, dict[str, Any]] = {}
    with opened(db) as conn:
        for eid, did, dte, rname, rcode, kind_, leader in conn.execute(sql + " ORDER BY e.date, e.id", args):
            r = rows.setdefault((dte, rname, kind_), {"date": dte, "region_name": rname, "region_code": rcode,
                                                        "kind": kind_, "events": 0, "leaders": [],
                                                        "event_ids": [], "document_ids": []})
            r["events"] += 1
            r["event_ids"].append(eid)
            if leader and leader not in r["leaders"]:
                r["leaders"].append(leader)
            if did not in r["document_ids"]:
                r["document_ids"].append(did)
    return sorted(rows.values(), key=lambda r: (r["date"], r["region_code"] or "~", r["kind"]))
