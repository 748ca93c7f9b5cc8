"""The events and campaign pages, as JSON-ready dicts (the ``.json`` twins are these dicts).

Both read ``readout.analyze.events`` / ``readout.analyze.campaigns``: indexed queries
bounded by one page of events, or by the documents holding the campaign's term.
"""

from __future__ import annotations

import sqlite3
from datetime import date as _date
from typing import Any
from urllib.parse import urlencode

from readout.analyze.campaigns import campaign
from readout.analyze.events import KINDS, EventFilter, events
from readout.web.links import document_href, official_href, region_href

__all__ = ["EVENT_FILTERS", "events_page", "campaign_page"]

EVENT_FILTERS = ("region", "from", "to", "kind", "official", "meeting", "formulation")
PAGE_SIZE = 100


def _check_dates(*values: str | None) -> None:
    for v in values:
        if v:
            _date.fromisoformat(v)  # ValueError -> 400


def events_page(corpus: Any, conn: sqlite3.Connection, filters: dict[str, str | None],
                after: str | None = None, limit: int = PAGE_SIZE) -> dict[str, Any]:
    """One page of events; ``after`` is the ``next`` link's ``DATE.ID`` key."""
    _check_dates(filters.get("from"), filters.get("to"))
    if filters.get("kind") and filters["kind"] not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    key = None
    if after:
        d, _, i = after.rpartition(".")
        if not i.isdigit():
            raise ValueError("after must be DATE.ID")
        key = (d or None, int(i))
    filt = EventFilter(region=filters.get("region"), date_from=filters.get("from"), date_to=filters.get("to"),
                       kind=filters.get("kind"), official=filters.get("official"), meeting=filters.get("meeting"),
                       formulation=filters.get("formulation"))
    page = events(conn, filt, limit=limit, after=key)
    for r in page.rows:
        r["href"] = document_href(r["document_id"], r["start"], r["end"])
        r["leader_href"] = official_href(r["leader"]) if r["leader"] else None
        r["region_href"] = region_href(r["region_code"])
    kept = {k: v for k, v in filters.items() if v}
    nxt = None
    if page.next_after is not None:
        nxt = "/events?" + urlencode({**kept, "after": f"{page.next_after[0] or ''}.{page.next_after[1]}"})
    return {"filters": {k: filters.get(k) or None for k in EVENT_FILTERS}, "kinds": list(KINDS),
            "after": after, "shown": len(page.rows), "rows": page.rows, "next": nxt,
            "first": "/events?" + urlencode(kept) if after else None}


def campaign_page(corpus: Any, conn: sqlite3.Connection, term: str, launch: str | None = None) -> dict[str, Any]:
    """A campaign's deployment wave (empty form without a term)."""
    _check_dates(launch)
    base = {"term": term, "launch_given": launch}
    if not term:
        return {**base, "launch": None, "launch_from": "none", "launch_row": None, "documents": 0,
                "matched_events": 0, "rows": [], "regions": 0}
    c = campaign(conn, term, launch=launch).to_dict()
    for r in ([c["launch_row"]] if c["launch_row"] else []) + c["rows"]:
        r["href"] = document_href(r["document_id"], r["start"], r["end"])
        r["leader_href"] = official_href(r["leader"]) if r["leader"] else None
        r["region_href"] = region_href(r["region_code"])
        for e in r["echoes"]:
            e["href"] = document_href(e["document_id"], e["start"], e["end"])
    return {**base, **c, "regions": len(c["rows"]),
            "search_href": "/search?" + urlencode({"q": term}),
            "events_href": "/events?" + urlencode({"meeting": term})}
