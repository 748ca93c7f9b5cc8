"""The materialised analyses: running tallies over the stored documents, updated as ingest finishes.

What the pages and commands read — formulation counts per region × month, density
numerators and denominators, first appearance per group, the echo matrix, coverage per
day and per month, events per region and month, row counts — is counted once per
document and kept in tables of the store (migration ``0014_tallies``, ``docs/store.md``).
Every count is a sum over documents, so adding documents only adds to it:
``update`` folds in the documents stored since the last update (``doc_no`` above the
watermark) and a request reads a few indexed rows instead of the corpus.

A full recount happens, and ``update`` says why, when incremental counting cannot be
right: the tallies' definition changed (``VERSION``), or documents at or below the
watermark changed (their number is not what was counted). Hits are dated and placed
by ``readout.store.facts``; a store from before the writer dated them is dated first.

Units of analysis (as in ``readout.analyze.formulations``): for the ``region`` grouping a
unit is one (document, region) pair — a roundup with ten provincial sections is ten
units — dated by its first section of that region; for ``source`` and
``source_prefix`` a unit is a document, dated by the document date.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from readout.store.facts import backfill_dates, source_group

log = logging.getLogger(__name__)

__all__ = ["GROUPINGS", "TABLES", "VERSION", "TallyReport", "source_prefix", "state", "update"]

VERSION = 2  # bump when what a tally counts changes: stores are then recounted once
GROUPINGS = ("region", "source", "source_prefix")
# Tables the tallies own, emptied by a recount (their row of ``analyses`` keeps the watermark).
TABLES = ("tally_counts", "coverage_days", "unit_months", "formulation_cells", "formulation_groups",
          "formulation_first", "formulation_months", "formulation_totals", "formulation_texts", "region_names",
          "event_months", "roundups", "official_counts", "official_months")
_BATCH = 50_000  # doc_nos per batch: one transaction, under a million hit rows in temp tables


@lru_cache(maxsize=1 << 16)
def source_prefix(source: str | None) -> str:
    """The file-name prefix before ``_`` (``xwlb_20190901.txt`` → ``xwlb``): a source grouping."""
    if not source:
        return "(none)"
    name = PurePath(source.split("#", 1)[0]).name
    return name.split("_", 1)[0] if "_" in name else name


@dataclass(slots=True)
class TallyReport:
    documents: int = 0  # documents counted by this update
    recounted: str | None = None  # why everything was recounted; None when the update was incremental
    dated: int = 0  # documents from before migration 0013 dated first
    seconds: float = 0.0

    def line(self) -> str:
        how = f"recounted all {self.documents} documents ({self.recounted})" if self.recounted else \
            f"added {self.documents} new documents to the tallies (incremental)"
        return f"analyses: {how} in {self.seconds:.1f} s" + (f"; dated {self.dated} older documents" if self.dated
                                                               else "")


_TEMP = """
CREATE TEMP TABLE IF NOT EXISTS t_docs (doc_no INTEGER PRIMARY KEY, id TEXT NOT NULL, region_name TEXT,
    region_code TEXT, date TEXT, month TEXT NOT NULL, src TEXT NOT NULL, chars INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS temp.t_docs_id ON t_docs(id);
CREATE TEMP TABLE IF NOT EXISTS t_units (document_id TEXT NOT NULL, region TEXT NOT NULL, month TEXT NOT NULL,
    PRIMARY KEY (document_id, region));
CREATE TEMP TABLE IF NOT EXISTS t_hits (document_id TEXT NOT NULL, value TEXT NOT NULL, text TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, date TEXT, region TEXT);
CREATE TEMP TABLE IF NOT EXISTS t_dv (document_id TEXT NOT NULL, value TEXT NOT NULL, region TEXT,
    hits INTEGER NOT NULL, unit_month TEXT);
"""

# One batch of documents (doc_no in (:lo, :hi]) into the temp tables. A hit's region is its
# section's, else its document's (readout.store.facts.hit_region, as in the view
# formulation_hits); its date was stored by the writer (readout.store.facts.date_spans).
_FILL = [
    "DELETE FROM t_docs", "DELETE FROM t_units", "DELETE FROM t_hits", "DELETE FROM t_dv",
    """INSERT INTO t_docs SELECT d.doc_no, d.id, d.region_name, d.region_code, f.date, coalesce(substr(f.date, 1, 7), ''),
       tally_source_group(d.source), d.n_chars + length(d.title)
       FROM documents d JOIN document_filters f ON f.doc_no = d.doc_no WHERE d.doc_no > :lo AND d.doc_no <= :hi""",
    # Region units: one per region among a document's sections, dated by the first such
    # section (SQLite takes the bare columns from the row holding min(start)); a document
    # without sections is one unit of its own region, dated by the document date.
    """INSERT INTO t_units SELECT document_id, r, coalesce(substr(date, 1, 7), '') FROM (
         SELECT s.document_id, coalesce(s.region_name, t.region_name) AS r, s.date, min(s.start)
         FROM t_docs t JOIN sections s ON s.document_id = t.id GROUP BY 1, 2) WHERE r IS NOT NULL""",
    """INSERT INTO t_units SELECT t.id, t.region_name, t.month FROM t_docs t
       WHERE t.region_name IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sections s WHERE s.document_id = t.id)""",
    """INSERT INTO t_hits SELECT f.document_id, f.value, f.text, f.start, f."end", f.date,
       coalesce(s.region_name, t.region_name)
       FROM t_docs t JOIN formulations f ON f.document_id = t.id LEFT JOIN sections s ON s.id = f.section_id""",
    # Per document, formulation and region: its hits, and the month of its unit (NULL: the
    # region has no unit in that document, e.g. a preamble outside every section).
    """INSERT INTO t_dv SELECT h.document_id, h.value, h.region, count(*), u.month FROM t_hits h
       LEFT JOIN t_units u ON u.document_id = h.document_id AND u.region = h.region
       GROUP BY h.document_id, h.value, h.region""",
]


def _upsert(table: str, key: str, counts: tuple[str, ...], select: str) -> str:
    sets = ", ".join(f"{c} = {c} + excluded.{c}" for c in counts)
    # "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint.
    return f"INSERT INTO {table} SELECT * FROM ({select}) WHERE true ON CONFLICT({key}) DO UPDATE SET {sets}"


_SUMS = [
    _upsert("tally_counts", "name", ("n",), "SELECT 'documents', count(*) FROM t_docs UNION ALL "
            "SELECT 'characters', coalesce(sum(chars), 0) FROM t_docs UNION ALL "
            "SELECT 'formulations', count(*) FROM t_hits UNION ALL "
            "SELECT 'sections', count(*) FROM t_docs t JOIN sections s ON s.document_id = t.id UNION ALL "
            "SELECT 'events', count(*) FROM t_docs t JOIN events e ON e.document_id = t.id UNION ALL "
            "SELECT 'statements', count(*) FROM t_docs t JOIN statements s ON s.document_id = t.id"),
    _upsert("coverage_days", "day, source", ("documents",),
            "SELECT coalesce(substr(date, 1, 10), ''), src, count(*) FROM t_docs GROUP BY 1, 2"),
    _upsert("unit_months", "grouping, grp, month", ("units",),
            "SELECT 'all', '', month, count(*) FROM t_docs GROUP BY month UNION ALL "
            "SELECT 'region', region, month, count(*) FROM t_units GROUP BY 2, 3"),
    _upsert("formulation_cells", "value, grouping, grp, month", ("units_with", "hits"),
            "SELECT value, 'region', region, unit_month, count(*), sum(hits) FROM t_dv "
            "WHERE unit_month IS NOT NULL GROUP BY value, region, unit_month"),
    _upsert("formulation_groups", "value, grouping, grp", ("units_with", "hits", "documents"),
            "SELECT value, 'region', region, count(unit_month), sum(hits), count(*) FROM t_dv "
            "WHERE region IS NOT NULL GROUP BY value, region"),
    # First appearance: replaced only by an earlier hit (ties keep the first counted).
    'INSERT INTO formulation_first SELECT value, \'region\', region, date, document_id, start, "end", text FROM ('
    'SELECT value, region, min(date) AS date, document_id, start, "end", text FROM t_hits '
    "WHERE date IS NOT NULL AND region IS NOT NULL GROUP BY value, region) WHERE true "
    "ON CONFLICT(value, grouping, grp) DO UPDATE SET date = excluded.date, document_id = excluded.document_id, "
    'start = excluded.start, "end" = excluded."end", text = excluded.text '
    "WHERE excluded.date < formulation_first.date",
    # Hits by the hit's own month (its date, readout.store.facts).
    _upsert("formulation_months", "value, month", ("hits",),
            "SELECT value, coalesce(substr(date, 1, 7), ''), count(*) FROM t_hits GROUP BY 1, 2"),
    _upsert("formulation_totals", "value", ("hits", "documents", "units_with"),
            "SELECT value, sum(hits), count(DISTINCT document_id), count(unit_month) FROM t_dv GROUP BY value"),
    _upsert("formulation_texts", "value, text", ("hits",), "SELECT value, text, count(*) FROM t_hits GROUP BY 1, 2"),
    _upsert("region_names", "name, code", ("n",),
            "SELECT name, code, count(*) FROM (SELECT region_name AS name, region_code AS code FROM t_docs "
            "UNION ALL SELECT s.region_name, s.region_code FROM t_docs t JOIN sections s ON s.document_id = t.id "
            "UNION ALL SELECT e.region_name, e.region_code FROM t_docs t JOIN events e ON e.document_id = t.id) "
            "WHERE name IS NOT NULL AND code IS NOT NULL GROUP BY 1, 2"),
    # Per official: events attended (per month), statements, documents.
    _upsert("official_months", "official_id, month", ("events",),
            "SELECT eo.official_id, coalesce(substr(e.date, 1, 7), ''), count(DISTINCT e.id) FROM t_docs t "
            "JOIN event_officials eo ON eo.document_id = t.id JOIN events e ON e.id = eo.event_id "
            "WHERE eo.official_id IS NOT NULL GROUP BY 1, 2"),
    _upsert("official_counts", "official_id", ("events", "statements", "documents"),
            "SELECT official_id, sum(ev), sum(st), sum(dc) FROM ("
            "SELECT eo.official_id, count(DISTINCT eo.event_id) AS ev, 0 AS st, 0 AS dc FROM t_docs t "
            "JOIN event_officials eo ON eo.document_id = t.id WHERE eo.official_id IS NOT NULL GROUP BY 1 UNION ALL "
            "SELECT s.official_id, 0, count(*), 0 FROM t_docs t JOIN statements s ON s.document_id = t.id "
            "WHERE s.official_id IS NOT NULL GROUP BY 1 UNION ALL "
            "SELECT o.official_id, 0, 0, count(*) FROM t_docs t JOIN document_officials o ON o.document_id = t.id "
            "GROUP BY 1) GROUP BY official_id"),
    # Roundups (three or more section regions): the echo page's examples.
    "INSERT OR REPLACE INTO roundups SELECT document_id, count(*) FROM t_units GROUP BY document_id HAVING count(*) >= 3",
    _upsert("event_months", "region_code, month, kind", ("events",),
            "SELECT e.region_code, substr(e.date, 1, 7), e.kind, count(*) FROM t_docs t JOIN events e "
            "ON e.document_id = t.id WHERE e.date IS NOT NULL AND e.region_code IS NOT NULL GROUP BY 1, 2, 3"),
]


def state(conn: sqlite3.Connection) -> dict[str, Any]:
    """The tallies' row of ``analyses``: ``version``, ``last_doc_no`` (watermark), ``n_documents`` counted, … ({} if none)."""
    try:
        row = conn.execute("SELECT params, n_documents, last_doc_no, incremental, seconds, computed_at FROM analyses "
                           "WHERE name = 'tallies'").fetchone()
    except sqlite3.OperationalError:  # a store from before migration 0016
        return {}
    if row is None:
        return {}
    return {"version": json.loads(row[0]).get("version"), "n_documents": row[1], "last_doc_no": row[2],
            "incremental": bool(row[3]), "seconds": row[4], "computed_at": row[5]}


def stale(conn: sqlite3.Connection) -> int:
    """How many stored documents the tallies do not count yet (-1: they must be recounted first)."""
    st = state(conn)
    if st.get("version") != VERSION:
        return -1
    top = conn.execute("SELECT coalesce(max(doc_no), 0) FROM documents").fetchone()[0]
    if top <= st["last_doc_no"]:
        return 0
    return conn.execute("SELECT count(*) FROM documents WHERE doc_no > ?", (st["last_doc_no"],)).fetchone()[0]


def _why_recount(conn: sqlite3.Connection, st: dict[str, Any]) -> str | None:
    if not st:
        return "first count"
    if st.get("version") != VERSION:
        return f"the tallies' definition changed (version {st.get('version')} → {VERSION})"
    n = conn.execute("SELECT count(*) FROM documents WHERE doc_no <= ?", (st["last_doc_no"],)).fetchone()[0]
    if n != st["n_documents"]:
        return f"{n - st['n_documents']:+d} documents among those already counted (removed or replaced)"
    return None


def update(conn: sqlite3.Connection, *, full: bool = False) -> TallyReport:
    """Fold the documents stored since the last update into the tallies (everything when ``full``)."""
    t0 = time.perf_counter()
    rep = TallyReport(dated=backfill_dates(conn))
    st = state(conn)
    why = "asked for" if full else _why_recount(conn, st)
    after, counted = (0, 0) if why else (st["last_doc_no"], st["n_documents"])
    conn.create_function("tally_source_group", 1, source_group, deterministic=True)
    # The batch's temp tables (~50 MB for 50,000 documents) and their sorts stay in memory.
    conn.execute("PRAGMA temp_store=MEMORY")
    for stmt in _TEMP.strip().split(";"):
        if stmt.strip():
            conn.execute(stmt)
    top = conn.execute("SELECT coalesce(max(doc_no), 0) FROM documents").fetchone()[0]
    conn.execute("BEGIN IMMEDIATE")
    try:
        if why:
            rep.recounted = why
            for t in TABLES:
                conn.execute(f"DELETE FROM {t}")
            _set_state(conn, 0, 0, False, 0.0)
        # Batches of doc_no; each is committed with the watermark, so a stopped update resumes.
        while after < top:
            hi = after + _BATCH
            for stmt in _FILL:
                conn.execute(stmt, {"lo": after, "hi": hi})
            n = conn.execute("SELECT count(*) FROM t_docs").fetchone()[0]
            for stmt in _SUMS:
                conn.execute(stmt)
            counted += n
            rep.documents += n
            after = hi
            _set_state(conn, min(after, top), counted, not why, time.perf_counter() - t0)
            conn.execute("COMMIT")
            conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO tally_counts(name, n) VALUES ('officials', (SELECT count(*) FROM "
                     "officials)), ('rejected', (SELECT count(*) FROM rejected))")
        rep.seconds = time.perf_counter() - t0
        _set_state(conn, top, counted, not why, rep.seconds)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    for t in ("t_docs", "t_units", "t_hits", "t_dv"):
        conn.execute(f"DELETE FROM temp.{t}")
    return rep


def _set_state(conn: sqlite3.Connection, last_doc_no: int, counted: int, incremental: bool, seconds: float) -> None:
    """Record what the tallies cover in ``analyses`` (the registry every stored analysis writes its row to)."""
    from datetime import datetime

    conn.execute("INSERT OR REPLACE INTO analyses(name, params, n_documents, last_doc_no, incremental, seconds, "
                 "computed_at) VALUES ('tallies', ?, ?, ?, ?, ?, ?)",
                 (json.dumps({"version": VERSION}), counted, last_doc_no, int(incremental), round(seconds, 3),
                  datetime.now(UTC).isoformat(timespec="seconds")))
