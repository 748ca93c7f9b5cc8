"""A campaign's deployment wave: per region, the first dated event that deployed it, and what it echoed.

``campaign(db, term)`` takes a formulation, a meeting name or any search phrase:

1. **Where the term is.** Every occurrence of ``term`` as an exact substring
   (``readout.store.search``, the indexed search, all hits) and every formulation row
   whose canonical value is ``term`` (its written form may differ: 不忘初心牢记使命).
   Each occurrence lies in a *unit*: its section, or the whole document when the
   document has no sections.
2. **Which events deployed it.** An event in a unit holding an occurrence, matched as
   ``meeting`` (the occurrence is in the meeting's name), ``sentence`` (in the
   reporting sentence) or ``section`` (elsewhere in the event's section).
3. **Per region, the first.** A region's deployment is its earliest dated event
   matched as ``meeting`` or ``sentence``; only when it has none, its earliest
   ``section`` match (a section that names the campaign in passing, after an earlier
   unrelated event, would otherwise date the deployment by that event).
   Events the report does not *report* (``readout.store.facts.reported``: dated more than a
   month before publication, or after it) are history recalled or plans announced, not a
   deployment, and are left out — the same rule that dates every hit.
4. **The central launch** is ``launch`` when given, else the deployment row of
   ``全国`` (central bodies and leaders) when it is a ``meeting`` or ``sentence`` match (a
   central report naming the campaign in passing stays an ordinary row); each region's lag
   is its date minus the launch.
5. **What each region echoed**: the formulations in that region's matched units, each
   with how often and its first occurrence (document id + span).

Everything is read with indexed queries bounded by the documents that contain the
term, so the cost follows the campaign, not the corpus.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date as _date
from typing import Any

from readout.analyze._db import DB, opened
from readout.store.facts import reported
from readout.store.places import NATIONAL, resolve

__all__ = ["Campaign", "CampaignRow", "Echo", "campaign", "MATCHES"]

MATCHES = ("meeting", "sentence", "section")  # strongest first


@dataclass(slots=True)
class Echo:
    """A formulation a region's campaign units carry: how often, and where first."""

    value: str
    count: int
    document_id: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class CampaignRow:
    """A region's first dated deployment event."""

    region_name: str
    region_code: str | None
    date: str
    lag_days: int | None
    leader: str | None
    post: str | None
    meeting: str | None
    kind: str
    match: str  # meeting | sentence | section
    event_id: int
    document_id: str
    start: int  # the reporting sentence's span
    end: int
    title: str
    events: int  # matched dated events in this region
    echoes: list[Echo] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Campaign:
    term: str
    launch: str | None  # ISO date the lags count from
    launch_from: str  # "given" | "central event" | "none"
    launch_row: CampaignRow | None  # the central deployment event (全国), when found
    rows: list[CampaignRow]
    documents: int  # documents holding the term
    matched_events: int

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "launch": self.launch, "launch_from": self.launch_from,
                "launch_row": self.launch_row.to_dict() if self.launch_row else None,
                "documents": self.documents, "matched_events": self.matched_events,
                "rows": [r.to_dict() for r in self.rows]}


def campaign(db: DB, term: str, *, launch: str | None = None, date_from: str | None = None,
             date_to: str | None = None, region: str | None = None) -> Campaign:
    """The deployment wave of ``term`` (see the module doc); ``region`` keeps only that region's row."""
    from readout.errors import Errors, ReadoutError

    term = term.strip()
    if not term:
        raise ReadoutError(Errors.E201)
    place = resolve(region) if region else None
    with opened(db) as conn:
        occ = _occurrences(conn, term)
        evs = _matched_events(conn, occ, date_from, date_to)
        first: dict[str, CampaignRow] = {}
        units: dict[str, set[tuple[str, int | None]]] = defaultdict(set)
        counts: dict[str, int] = defaultdict(int)
        for ev in sorted(evs, key=lambda x: (MATCHES.index(x["match"]) > 1, x["date"], MATCHES.index(x["match"]),
                                             x["event_id"])):
            key = ev["region_name"]
            units[key].add(ev["unit"])
            counts[key] += 1
            if key not in first:
                first[key] = _row(ev)
        for key, row in first.items():
            row.events = counts[key]
            row.echoes = _echoes(conn, units[key])
    central = first.pop(NATIONAL, None)
    if central is not None and central.match == "section":
        # a central report naming the campaign in passing launches nothing: it stays a row
        first[NATIONAL], central = central, None
    launch_from = "given" if launch else "central event" if central else "none"
    launch = launch or (central.date if central else None)
    rows = [r for r in first.values() if place is None or _in_place(r, place)]
    for r in [*rows, *([central] if central else [])]:
        r.lag_days = _days(launch, r.date) if launch else None
    rows.sort(key=lambda r: (r.date, r.region_code is None, r.region_code or r.region_name))
    return Campaign(term, launch, launch_from, central, rows, len({d for d, _, _, _ in occ}), len(evs))


def _in_place(row: CampaignRow, place) -> bool:  # noqa: ANN001
    if place.level in ("national", "country"):
        return row.region_name == place.name
    lo, hi = place.province_range("campaign rows")
    return row.region_code is not None and lo <= row.region_code < hi


def _occurrences(conn, term: str) -> list[tuple[str, int | None, int, int]]:  # noqa: ANN001
    """(document_id, section_id, start, end) of every exact occurrence and every formulation row valued ``term``."""
    from readout.store.search import search

    out = {(h.document_id, h.section_id, h.start, h.end) for h in search(conn, term, limit=0, context=0).hits
           if h.field == "text"}
    out.update(conn.execute('SELECT document_id, section_id, start, "end" FROM formulations WHERE value = ?',
                            (term,)).fetchall())
    return sorted(out, key=lambda o: (o[0], o[2]))


def _matched_events(conn, occ, date_from: str | None, date_to: str | None) -> list[dict[str, Any]]:  # noqa: ANN001
    by_unit: dict[tuple[str, int | None], list[tuple[int, int]]] = defaultdict(list)
    for did, sid, s, e in occ:
        by_unit[(did, sid)].append((s, e))
    docs = sorted({did for did, _ in by_unit})
    out = []
    for i in range(0, len(docs), 500):
        chunk = docs[i:i + 500]
        rows = conn.execute(
            'SELECT e.id, e.document_id, e.section_id, e.date, e.kind, e.region_name, e.region_code, e.leader, '
            'e.title_text, e.title_start, e.title_end, e.start, e."end", d.title, d.pub_date, '
            "(SELECT eo.posts FROM event_officials eo WHERE eo.event_id = e.id AND eo.seq = 0) "
            f"FROM events e JOIN documents d ON d.id = e.document_id WHERE e.document_id IN ({','.join('?' * len(chunk))}) "
            "AND e.date IS NOT NULL AND e.region_name IS NOT NULL", chunk).fetchall()
        for (eid, did, sid, dte, kind, rname, rcode, leader, meeting, ts, te, s, e, title, pub, posts) in rows:
            if (date_from and dte < date_from) or (date_to and dte > date_to):
                continue
            if not reported(dte, pub):
                continue  # a past event the report recalls (大庆油田 1959), not a deployment
            spans = by_unit.get((did, sid))
            if spans is None:
                continue
            if ts is not None and any(ts <= a and b <= te for a, b in spans):
                match = "meeting"
            elif any(s <= a and b <= e for a, b in spans):
                match = "sentence"
            else:
                match = "section"
            out.append({"event_id": eid, "document_id": did, "unit": (did, sid), "date": dte, "kind": kind,
                        "region_name": rname, "region_code": rcode, "leader": leader, "meeting": meeting,
                        "start": s, "end": e, "title": title, "match": match,
                        "post": "、".join(json.loads(posts)) if posts else None})
    return out


def _days(a: str, b: str) -> int:
    """Days from ``a`` to ``b`` (ISO dates)."""
    return (_date.fromisoformat(b[:10]) - _date.fromisoformat(a[:10])).days


def _row(ev: dict[str, Any]) -> CampaignRow:
    return CampaignRow(ev["region_name"], ev["region_code"], ev["date"], None, ev["leader"], ev["post"],
                       ev["meeting"], ev["kind"], ev["match"], ev["event_id"], ev["document_id"], ev["start"],
                       ev["end"], ev["title"], 0)


def _echoes(conn, units: set[tuple[str, int | None]]) -> list[Echo]:  # noqa: ANN001
    """The formulations of these units: most frequent first, each with its first occurrence."""
    found: dict[str, Echo] = {}
    for did, sid in sorted(units, key=lambda u: (u[0], u[1] or 0)):
        # by document (indexed), then section: formulations has no index on section_id
        for value, s, e, text in conn.execute(
                'SELECT value, start, "end", text FROM formulations WHERE document_id = ? AND (? IS NULL OR '
                "section_id = ?) ORDER BY start", (did, sid, sid)):
            ech = found.get(value)
            if ech is None:
                found[value] = Echo(value, 1, did, s, e, text)
            else:
                ech.count += 1
    return sorted(found.values(), key=lambda x: (-x.count, x.value))
