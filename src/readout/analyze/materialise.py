"""Analyses computed once and stored in the store (``readout analyze``), so commands and pages read tables.

Each analysis writes its own tables (``docs/store.md``) and one row of ``analyses``:
the parameters it ran with, the corpus size (``corpus_stats.n_documents``) and the last
``doc_no`` it covers. A reader asks ``fresh()`` whether the stored result answers for the
corpus as it is now and for the parameters asked; when it does not, commands compute in
memory and say so, and pages say to run ``readout analyze``.

- ``tallies``: formulations per region × month, density, first appearance, the echo
  matrix, coverage (``readout.store.tallies``). Incremental: sums over documents, so new
  documents are added to them (``readout ingest`` does so at its end); recounted in full,
  with the reason, when their definition or the documents already counted changed.
- ``reuse``: passage families, their members and copy ratios. Always a full recompute:
  a new document can join any family or merge two.
- ``roster``: office evidence and tenure spans (``readout.analyze.roster``), added to
  document by document: only the new documents are read, and only the people and offices
  they touch are rebuilt.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["ANALYSES", "Report", "analyze", "fresh", "stored", "REUSE_DEFAULTS"]

ANALYSES = ("tallies", "reuse", "roster")
REUSE_DEFAULTS = {"n": 8, "min_len": 10, "max_df": 200, "across_documents_only": False}


@dataclass(slots=True)
class Report:
    name: str
    rows: int  # rows written (families), or documents counted (tallies)
    seconds: float
    incremental: bool
    note: str = ""

    def line(self) -> str:
        how = "incremental" if self.incremental else "full"
        return f"{self.name:<8} {self.rows:>9,} rows  {self.seconds:7.1f} s  ({how}){'  ' + self.note if self.note else ''}"


def _has(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone() is not None


def stored(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    """The ``analyses`` row of ``name`` (None when never run, or in a store from before the table)."""
    if not _has(conn, "analyses"):
        return None
    row = conn.execute("SELECT params, n_documents, last_doc_no, incremental, seconds, computed_at FROM analyses "
                       "WHERE name = ?", (name,)).fetchone()
    if row is None:
        return None
    return {"params": json.loads(row[0]), "n_documents": row[1], "last_doc_no": row[2], "incremental": bool(row[3]),
            "seconds": row[4], "computed_at": row[5]}


def fresh(conn: sqlite3.Connection, name: str, params: dict[str, Any] | None = None) -> bool:
    """True when the stored ``name`` covers every document now stored, with these ``params`` (when given)."""
    st = stored(conn, name)
    if st is None:
        return False
    if params is not None and any(st["params"].get(k) != v for k, v in params.items()):
        return False
    n = conn.execute("SELECT n_documents FROM corpus_stats").fetchone()[0]
    return st["n_documents"] == n


def _record(conn: sqlite3.Connection, name: str, params: dict[str, Any], last_doc_no: int, incremental: bool,
            seconds: float) -> None:
    n = conn.execute("SELECT n_documents FROM corpus_stats").fetchone()[0]
    conn.execute("INSERT OR REPLACE INTO analyses(name, params, n_documents, last_doc_no, incremental, seconds, "
                 "computed_at) VALUES (?,?,?,?,?,?,?)",
                 (name, json.dumps(params, sort_keys=True), n, last_doc_no, int(incremental), round(seconds, 3),
                  datetime.now(UTC).isoformat(timespec="seconds")))


def analyze(db: str | Path, *, only: tuple[str, ...] | None = None, reuse_params: dict[str, Any] | None = None,
            full: bool = False, progress: Callable[[str], None] | None = None) -> list[Report]:
    """Compute the analyses ``only`` names (default all) and store them in ``db`` (migrated first);
    ``full`` recomputes what could be updated incrementally (the tallies, the roster)."""
    from readout.store import Store

    names = only or ANALYSES
    unknown = [n for n in names if n not in ANALYSES]
    if unknown:
        raise ValueError(f"unknown analyses {unknown}: choose from {ANALYSES}")
    out = []
    with Store.open(db) as st:
        conn = st.conn
        for name in names:
            if name == "tallies":
                tal = st.update_tallies(full=full)
                out.append(Report(name, tal.documents, tal.seconds, tal.recounted is None,
                                  f"recounted: {tal.recounted}" if tal.recounted else "new documents added"))
                continue
            t = time.perf_counter()
            if name == "reuse":
                params = {**REUSE_DEFAULTS, **(reuse_params or {})}
                rows = _store_reuse(conn, db, params, progress)
                incremental, note = False, "a new document can join any family: always a full recompute"
            else:
                from readout.analyze.roster import roster_params, update_roster

                params = roster_params()
                rows, incremental, note = update_roster(conn, full=full, progress=progress)
            seconds = time.perf_counter() - t
            last = conn.execute("SELECT coalesce(max(doc_no), 0) FROM documents").fetchone()[0]
            _record(conn, name, params, last, incremental, seconds)
            out.append(Report(name, rows, seconds, incremental, note))
    return out


def _store_reuse(conn: sqlite3.Connection, db: str | Path, params: dict[str, Any],
                 progress: Callable[[str], None] | None) -> int:
    from readout.analyze.families import families

    res = families(db, members=True, progress=progress, **params)
    conn.execute("BEGIN IMMEDIATE")
    try:
        for t in ("reuse_members", "reuse_families", "reuse_ratios"):
            conn.execute(f"DELETE FROM {t}")
        conn.executemany('INSERT INTO reuse_families(id, text, length, places, documents, regions, dates, first_seen, '
                         'last_seen, passages, document_id, start, "end") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
                         [(f.id, f.text, f.length, f.places, f.documents, f.regions, f.dates, f.first_seen,
                           f.last_seen, f.passages, f.document_id, f.start, f.end) for f in res.families])
        conn.executemany('INSERT INTO reuse_members(family_id, document_id, section_id, region, date, start, "end", '
                         "passages) VALUES (?,?,?,?,?,?,?,?)",
                         [(f.id, m.document_id, m.section_id, m.region, m.date, m.start, m.end, m.passages)
                          for f in res.families for m in f.members])
        conn.executemany("INSERT INTO reuse_ratios(level, document_id, section_id, region, chars, shared_chars, "
                         "copy_ratio, passages) VALUES (?,?,?,?,?,?,?,?)",
                         [(level, u.document_id, u.section_id, u.region, u.chars, u.shared_chars, u.copy_ratio,
                           u.passages) for level, us in (("section", res.ratios.sections),
                                                         ("document", res.ratios.documents)) for u in us])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(res.families)
