"""The officials roster: who held which post in which region, first and last seen."""

from __future__ import annotations

from typing import Any

from readout.analyze._db import DB, opened
from readout.store.places import resolve


def roster(db: DB, *, name: str | None = None, region: str | None = None) -> list[dict[str, Any]]:
    """One row per (person, post, region): first/last date seen, documents, and the post spans' ids.

    Dates are ``official_posts_seen.date`` (the section's event date, else the publication
    date); ``region`` filters by region-code prefix.
    """
    sql = ("SELECT official_id, name, post, political, region_name, region_code, date, document_id, post_id "
           "FROM official_posts_seen WHERE 1=1")
    args: list[Any] = []
    if name:
        sql += " AND name = ?"
        args.append(name)
    if region:
        cond, more = resolve(region).where("region_code", "region_name", "posts")
        sql += " AND " + cond
        args += more
    rows: dict[tuple, dict[str, Any]] = {}
    with opened(db) as conn:
        for oid, nm, post, political, rname, rcode, dte, did, pid in conn.execute(sql, args):
            key = (oid, post, rcode or rname)
            r = rows.setdefault(key, {"official_id": oid, "name": nm, "post": post, "political": bool(political),
                                      "region_name": rname, "region_code": rcode, "first_seen": None,
                                      "last_seen": None, "document_ids": [], "post_ids": []})
            if dte:
                r["first_seen"] = min(r["first_seen"] or dte, dte)
                r["last_seen"] = max(r["last_seen"] or dte, dte)
            if did not in r["document_ids"]:
                r["document_ids"].append(did)
            r["post_ids"].append(pid)
    out = list(rows.values())
    for r in out:
        r["documents"] = len(r["document_ids"])
    out.sort(key=lambda r: (r["region_code"] or "~", r["post"], r["first_seen"] or "", r["name"]))
    return out
