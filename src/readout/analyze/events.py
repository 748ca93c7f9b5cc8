"""The events list: every stored event with its leader, post, meeting and span, filtered and paginated.

One indexed query per page: the filters become conditions on ``events`` (region by
code range or name, date range on ``events_date``) and ``EXISTS`` probes of indexed
tables (``event_officials``, ``formulations``); pages are keyset-paginated on
``(date, id)``, so page 1,000 costs what page 1 does. An event's region is its own
(extraction already falls back to its section's region); its leader's post is the one
written beside the leader's name in the event's sentence (``event_officials.posts``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from readout.analyze._db import DB, opened
from readout.store.places import resolve

__all__ = ["EventFilter", "EventPage", "events", "KINDS"]

KINDS = ("meeting", "inspection", "other")

_COLUMNS = ("e.id, e.document_id, e.date, e.date_end, e.kind, e.region_name, e.region_code, e.leader, "
            "e.title_text, e.start, e.\"end\", e.text, e.title_start, e.title_end, d.title, d.pub_date, "
            "(SELECT eo.posts FROM event_officials eo WHERE eo.event_id = e.id AND eo.seq = 0), "
            "(SELECT group_concat(eo.name, '、') FROM event_officials eo WHERE eo.event_id = e.id)")


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What to list; every field is optional and they combine with AND."""

    region: str | None = None  # name or code (readout.store.places)
    date_from: str | None = None
    date_to: str | None = None
    kind: str | None = None  # meeting | inspection | other
    official: str | None = None  # a person present (leader or attendee), by name
    meeting: str | None = None  # text the meeting's name contains
    formulation: str | None = None  # a formulation (value or written form) in the event's section
    document_id: str | None = None
    undated: bool = False  # list the events without a date instead of the dated ones

    def where(self) -> tuple[list[str], list[Any]]:
        """SQL conditions on ``events e`` and their arguments."""
        cond = ["e.date IS NULL" if self.undated else "e.date IS NOT NULL"]
        args: list[Any] = []
        if self.region:
            c, a = resolve(self.region).where("e.region_code", "e.region_name", "events")
            cond.append(c)
            args += a
        for c, v in (("e.date >= ?", self.date_from), ("e.date <= ?", self.date_to), ("e.kind = ?", self.kind),
                     ("e.document_id = ?", self.document_id)):
            if v:
                cond.append(c)
                args.append(v)
        if self.meeting:
            cond.append("instr(e.title_text, ?) > 0")
            args.append(self.meeting)
        if self.official:
            cond.append("EXISTS (SELECT 1 FROM event_officials eo WHERE eo.event_id = e.id AND eo.official_id = "
                        "(SELECT id FROM officials WHERE name = ?))")
            args.append(self.official)
        if self.formulation:
            # the event's section says it (the whole document when the event has no section)
            cond.append("(EXISTS (SELECT 1 FROM formulations f WHERE f.section_id = e.section_id AND (f.value = ? "
                        "OR f.text = ?)) OR (e.section_id IS NULL AND EXISTS (SELECT 1 FROM formulations f WHERE "
                        "f.document_id = e.document_id AND (f.value = ? OR f.text = ?))))")
            args += [self.formulation] * 4
        return cond, args


@dataclass(slots=True)
class EventPage:
    rows: list[dict[str, Any]]
    next_after: tuple[str | None, int] | None  # pass as ``after`` for the next page; None on the last page


def events(db: DB, filt: EventFilter | None = None, *, limit: int = 100,
           after: tuple[str | None, int] | None = None) -> EventPage:
    """One page of events in (date, id) order, after the ``(date, id)`` key ``after``; ``limit`` 0 = all."""
    filt = filt or EventFilter()
    if filt.kind and filt.kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    cond, args = filt.where()
    if after is not None:
        if filt.undated:
            cond.append("e.id > ?")
            args.append(after[1])
        else:
            cond.append("(e.date > ? OR (e.date = ? AND e.id > ?))")
            args += [after[0], after[0], after[1]]
    sql = (f"SELECT {_COLUMNS} FROM events e JOIN documents d ON d.id = e.document_id WHERE {' AND '.join(cond)} "
           "ORDER BY e.date, e.id")
    if limit:
        sql += f" LIMIT {int(limit) + 1}"
    with opened(db) as conn:
        raw = conn.execute(sql, args).fetchall()
    more = bool(limit) and len(raw) > limit
    rows = [_row(r) for r in raw[:limit or None]]
    return EventPage(rows, (rows[-1]["date"], rows[-1]["event_id"]) if more else None)


def _row(r: tuple) -> dict[str, Any]:
    (eid, did, dte, dend, kind, rname, rcode, leader, meeting, s, e, text, ts, te, title, pub, posts, names) = r
    return {"event_id": eid, "document_id": did, "date": dte, "date_end": dend, "kind": kind, "region_name": rname,
            "region_code": rcode, "leader": leader, "post": "、".join(json.loads(posts)) if posts else None,
            "meeting": meeting, "officials": names.split("、") if names else [], "title": title, "pub_date": pub,
            "start": s, "end": e, "text": text, "meeting_start": ts, "meeting_end": te}
