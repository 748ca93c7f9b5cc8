"""One rule per fact: the date of a hit, the region of a hit, a document's source group.

Search, the analyses, the exports and the web all take these facts from here (Python)
or from the columns this module's rules fill (SQL: ``formulations.date``,
``official_mentions.date``, ``sections.date``, ``document_filters.date``/``.dates``, read
through the views ``formulation_hits`` and ``official_posts_seen``), so they cannot
disagree on when or where a formulation appeared.

**The date of a hit** at offset ``p`` of a document:

1. the date of the event whose span holds ``p``, when the text *reports* that event;
2. else the date of the first reported event of ``p``'s section;
3. else the publication date;
4. else (an undated document) the date of the document's first dated event.

An event is *reported* when it is dated and, in a dated document, its date lies within
``REPORT_WINDOW_DAYS`` days before publication (publication day included). An event
dated years before the report — a 2019 story recalling the 2012 speech or the 2005 visit
where a phrase was coined — or after it (a meeting announced for next week) is what the
text recalls or announces, not what it reports, so it does not date the hits around it.
A title hit (no offset) and a unit with no section take rule 3–4: the *document date*.

**The region of a hit**: its section's region, else the document's region — the region of
its first reported event, else of its first section, else of its first event (a story
that opens with a recollection of a national meeting is still about the place it reports).

**A document's source group**: the folder (or archive) its source path names.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as _date
from datetime import timedelta
from functools import lru_cache
from pathlib import PurePath
from typing import TypeVar

R = TypeVar("R")  # a region as the caller holds it (a RegionRef, a name, a code)

__all__ = ["REPORT_WINDOW_DAYS", "DateSpans", "backfill_dates", "date_spans", "document_date", "document_region",
           "hit_region", "reported", "source_group"]

# A news report reports what happened up to a month before it; anything older is recalled.
REPORT_WINDOW_DAYS = 31


def reported(event_date: str | None, pub_date: str | None) -> bool:
    """True when an event of ``event_date`` is what a document published on ``pub_date`` reports."""
    if not event_date:
        return False
    if not pub_date:
        return True
    try:
        pub = _date.fromisoformat(pub_date[:10])
        ev = _date.fromisoformat(event_date[:10])
    except ValueError:
        return False
    return pub - timedelta(days=REPORT_WINDOW_DAYS) <= ev <= pub


def document_date(pub_date: str | None, event_dates: Sequence[str | None]) -> str | None:
    """The publication date, else (undated document) the first dated event's date (events in order)."""
    return pub_date or next((d for d in event_dates if d), None)


@dataclass(frozen=True, slots=True)
class DateSpans:
    """The date a hit gets at every offset: ``dates[k]`` holds from ``starts[k]`` to the next start."""

    starts: tuple[int, ...]
    dates: tuple[str | None, ...]
    default: str | None  # the document date (title hits, units without sections)

    def at(self, pos: int | None) -> str | None:
        """The date of a hit starting at ``pos`` (None: a title hit)."""
        if pos is None or not self.starts:
            return self.default
        k = bisect_right(self.starts, pos) - 1
        return self.dates[k] if k >= 0 else self.default

    def spans(self, end: int) -> list[tuple[int, int, str | None]]:
        """``(start, stop, date)`` pieces up to ``end``."""
        stops = [*self.starts[1:], end]
        return [(s, min(e, end), d) for s, e, d in zip(self.starts, stops, self.dates) if s < end]

    def dumps(self) -> str:
        """``start,date;…`` (what ``document_filters.dates`` stores)."""
        return ";".join(f"{s},{d or ''}" for s, d in zip(self.starts, self.dates))

    @classmethod
    def loads(cls, text: str | None, default: str | None) -> DateSpans:
        starts, dates = [], []
        for part in (text or "").split(";"):
            if part:
                s, _, d = part.partition(",")
                starts.append(int(s))
                dates.append(d or None)
        return cls(tuple(starts), tuple(dates), default)


def _paint(pieces: list[tuple[int, str | None]], s: int, e: int, d: str | None) -> list[tuple[int, str | None]]:
    """Set the date of ``[s, e)`` to ``d`` in a sorted list of (start, date) pieces starting at 0."""
    if s >= e:
        return pieces
    k = bisect_right([p[0] for p in pieces], e) - 1
    after = pieces[k][1]  # the date in force at e before painting
    left = [p for p in pieces if p[0] < s]
    right = [p for p in pieces if p[0] >= e]
    if not right or right[0][0] != e:
        right.insert(0, (e, after))
    out: list[tuple[int, str | None]] = []
    for p in (*left, (s, d), *right):
        if not out or out[-1][1] != p[1]:
            out.append(p)
    return out


def date_spans(pub_date: str | None, sections: Sequence[tuple[int, int]],
               events: Sequence[tuple[int, int, str | None]]) -> tuple[DateSpans, list[str | None]]:
    """The rule above for one document: its ``DateSpans`` and each section's date (rule 2–4).

    ``sections`` are ``(start, end)`` in text order, ``events`` ``(start, end, date)`` in
    their stored order (``seq``).
    """
    base = document_date(pub_date, [d for _, _, d in events])
    live = [(s, e, d) for s, e, d in events if reported(d, pub_date)]
    sec_dates: list[str | None] = []
    pieces: list[tuple[int, str | None]] = [(0, base)]
    for s, e in sections:
        d = next((dd for es, _, dd in live if s <= es < e), base)
        sec_dates.append(d)
        pieces = _paint(pieces, s, e, d)
    for s, e, d in sorted(live, key=lambda x: x[0]):  # a later start wins where spans overlap
        pieces = _paint(pieces, s, e, d)
    return DateSpans(tuple(p[0] for p in pieces), tuple(p[1] for p in pieces), base), sec_dates


def document_region(events: Sequence[tuple[R | None, str | None]], sections: Sequence[R | None],
                    pub_date: str | None) -> R | None:
    """A document's region from its events' (region, date) in order and its sections' regions (see above)."""
    return (next((r for r, d in events if r is not None and reported(d, pub_date)), None)
            or next((r for r in sections if r is not None), None)
            or next((r for r, _ in events if r is not None), None))


def hit_region(section_region: str | None, document_region: str | None) -> str | None:
    """The region of a hit: its section's, else its document's (names or codes alike)."""
    return section_region or document_region


@lru_cache(maxsize=1 << 16)
def source_group(source: str | None) -> str:
    """The folder (or archive) a document came from: ``a/b/x.txt`` → ``b``, ``x.zip#3`` → ``x.zip``'s folder."""
    if not source:
        return "(none)"
    path = PurePath(source.split("#", 1)[0])
    return path.parent.name or path.name


def backfill_dates(conn: sqlite3.Connection, batch: int = 2000) -> int:
    """Date the rows of documents stored before the writer dated them (``document_filters.dates`` NULL).

    The same rule as the writer, from the stored sections and events; one transaction per
    ``batch`` documents, so it can be stopped and resumed. Returns the documents dated.
    """
    done = 0
    while True:
        docs = conn.execute("SELECT f.doc_no, d.id, d.pub_date FROM document_filters f JOIN documents d "
                            "ON d.doc_no = f.doc_no WHERE f.dates IS NULL ORDER BY f.doc_no LIMIT ?",
                            (batch,)).fetchall()
        if not docs:
            return done
        ids = [d[1] for d in docs]
        marks = ",".join("?" * len(ids))
        secs: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for did, sid, s, e in conn.execute(f'SELECT document_id, id, start, "end" FROM sections '
                                           f"WHERE document_id IN ({marks}) ORDER BY document_id, start", ids):
            secs[did].append((sid, s, e))
        evs: dict[str, list[tuple[int, int, str | None]]] = defaultdict(list)
        for did, s, e, d in conn.execute(f'SELECT document_id, start, "end", date FROM events '
                                         f"WHERE document_id IN ({marks}) ORDER BY document_id, seq", ids):
            evs[did].append((s, e, d))
        spans: dict[str, DateSpans] = {}
        sec_rows, filt_rows = [], []
        for doc_no, did, pub in docs:
            sp, sec_dates = date_spans(pub, [(s, e) for _, s, e in secs[did]], evs[did])
            spans[did] = sp
            sec_rows += [(d, sid) for (sid, _, _), d in zip(secs[did], sec_dates)]
            filt_rows.append((sp.default, sp.dumps(), doc_no))
        form_rows = [(spans[did].at(s), fid) for fid, did, s in conn.execute(
            f"SELECT id, document_id, start FROM formulations WHERE document_id IN ({marks})", ids)]
        men_rows = [(spans[did].at(s), mid) for mid, did, s in conn.execute(
            f"SELECT id, document_id, start FROM official_mentions WHERE document_id IN ({marks})", ids)]
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("UPDATE sections SET date = ? WHERE id = ?", sec_rows)
            conn.executemany("UPDATE formulations SET date = ? WHERE id = ?", form_rows)
            conn.executemany("UPDATE official_mentions SET date = ? WHERE id = ?", men_rows)
            conn.executemany("UPDATE document_filters SET date = ?, dates = ? WHERE doc_no = ?", filt_rows)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        done += len(docs)
