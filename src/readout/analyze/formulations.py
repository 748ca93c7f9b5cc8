"""Formulation (提法) analyses: counts, density, amplification, first appearance and lag, echo matrix.

Unit of analysis. A *unit* is one (document, region) pair for region groupings — a
roundup with ten provincial sections gives ten units, so each province is credited
with what its own section says — and one document for source groupings. A hit belongs
to the region of its section (else the document's) and is dated by the one rule of
``readout.store.facts`` (the event its sentence or section reports, else publication).

Region groupings read the materialised tallies (``readout.store.tallies``): a few
indexed rows per answer, whatever the corpus size. Source groupings (``source``,
``source_prefix``), which no page needs, are counted on request from the same stored
dates and regions. Rows carry counts and, for first appearances, the first hit's
document and span; they no longer list every formulation id (at 10⁶ documents a
common formulation has hundreds of thousands).
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as _date
from typing import Any

from readout.analyze._db import DB, opened
from readout.errors import Errors, ReadoutError
from readout.store.facts import hit_region, source_group
from readout.store.tallies import source_prefix, stale

GROUPINGS = ("region", "source", "source_prefix")


def fresh(conn: sqlite3.Connection) -> None:
    """Refuse (E105) to answer from tallies that do not count every stored document."""
    n = stale(conn)
    if n:
        path = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "") or "readout.db"
        raise ReadoutError(Errors.E105, path=path, what="must be recounted" if n < 0 else f"miss {n} documents")


def _check(by: str) -> None:
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}")


# -- source groupings, counted on request ------------------------------------------------

def _source_hits(conn: sqlite3.Connection, by: str) -> tuple[list[tuple], dict[str, tuple[str, str | None]]]:
    """(value, document_id, date, start, end, text) of every hit, and each document's (group, document date)."""
    group = source_group if by == "source" else source_prefix
    docs = {did: (group(src), dte) for did, src, dte in conn.execute(
        "SELECT d.id, d.source, f.date FROM documents d JOIN document_filters f ON f.doc_no = d.doc_no")}
    hits = conn.execute('SELECT value, document_id, date, start, "end", text FROM formulations').fetchall()
    return hits, docs


def _source_density(conn: sqlite3.Connection, by: str, monthly: bool) -> list[dict[str, Any]]:
    hits, docs = _source_hits(conn, by)
    units: dict[tuple, int] = defaultdict(int)
    for grp, dte in docs.values():
        units[(grp, (dte or "")[:7] if monthly else None)] += 1
    cells: dict[tuple, list] = {}
    for value, did, *_ in hits:
        grp, dte = docs[did]
        c = cells.setdefault((value, grp, (dte or "")[:7] if monthly else None), [set(), 0])
        c[0].add(did)
        c[1] += 1
    return [_density_row(v, g, m, len(c[0]), units[(g, m)], c[1]) for (v, g, m), c in cells.items()]


def _density_row(value: str, grp: str, month: str | None, units_with: int, units: int, hits: int) -> dict[str, Any]:
    return {"formulation": value, "group": grp, "month": month, "units_with": units_with, "units": units,
            "density": round(units_with / units, 4) if units else None, "hits": hits}


# -- the analyses -------------------------------------------------------------------------

def formulation_counts(db: DB, *, by: str | None = None, limit: int | None = None,
                       offset: int = 0) -> list[dict[str, Any]]:
    """Hits and documents per formulation (and per group when ``by`` is given), most frequent first."""
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    with opened(db) as conn:
        if by in (None, "region"):
            fresh(conn)
            if by is None:
                return [{"formulation": v, "hits": h, "documents": d} for v, h, d in conn.execute(
                    "SELECT value, hits, documents FROM formulation_totals ORDER BY hits DESC, value" + page)]
            return [{"formulation": v, "region": g, "hits": h, "documents": d} for v, g, h, d in conn.execute(
                "SELECT value, grp, hits, documents FROM formulation_groups WHERE grouping = 'region' "
                "ORDER BY hits DESC, value, grp" + page)]
        _check(by)
        hits, docs = _source_hits(conn, by)
    agg: dict[tuple, list] = {}
    for value, did, *_ in hits:
        a = agg.setdefault((value, docs[did][0]), [0, set()])
        a[0] += 1
        a[1].add(did)
    rows = [{"formulation": v, by: g, "hits": n, "documents": len(ds)} for (v, g), (n, ds) in agg.items()]
    rows.sort(key=lambda r: (-r["hits"], r["formulation"], r[by]))
    return rows[offset:offset + limit] if limit is not None else rows


def density(db: DB, *, by: str = "region", monthly: bool = True,
            formulation: str | None = None) -> list[dict[str, Any]]:
    """Share of a group's units (per month, '' = undated; whole period when ``monthly`` is False) that contain
    each formulation. Rows: formulation, group, month, units_with, units, density, hits."""
    _check(by)
    with opened(db) as conn:
        if by != "region":
            rows = _source_density(conn, by, monthly)
        else:
            fresh(conn)
            where, args = ("AND c.value = ?", (formulation,)) if formulation else ("", ())
            if monthly:
                sql = ("SELECT c.value, c.grp, c.month, c.units_with, u.units, c.hits FROM formulation_cells c "
                       "JOIN unit_months u ON u.grouping = c.grouping AND u.grp = c.grp AND u.month = c.month "
                       f"WHERE c.grouping = 'region' {where}")
            else:
                sql = ("SELECT c.value, c.grp, NULL, c.units_with, (SELECT sum(units) FROM unit_months u WHERE "
                       "u.grouping = 'region' AND u.grp = c.grp), c.hits FROM formulation_groups c "
                       f"WHERE c.grouping = 'region' AND c.units_with > 0 {where}")
            rows = [_density_row(*r) for r in conn.execute(sql, args)]
    if formulation:
        rows = [r for r in rows if r["formulation"] == formulation]
    rows.sort(key=lambda r: (r["formulation"], r["month"] or "", -(r["density"] or 0), str(r["group"])))
    return rows


def amplification(db: DB, reference: str, *, by: str = "source") -> list[dict[str, Any]]:
    """Density of each formulation in each group ÷ its density in the ``reference`` group (whole period)."""
    rows = density(db, by=by, monthly=False)
    with opened(db) as conn:
        if by == "region":
            groups = {g for (g,) in conn.execute("SELECT DISTINCT grp FROM unit_months WHERE grouping = 'region'")}
        else:
            groups = {g for g, _ in _source_hits(conn, by)[1].values()}
    if reference not in groups:
        raise ValueError(f"reference group {reference!r} has no documents")
    ref = {r["formulation"]: r["density"] for r in rows if r["group"] == reference}
    out = []
    for r in rows:
        if r["group"] == reference:
            continue
        rd = ref.get(r["formulation"], 0.0)
        out.append({"formulation": r["formulation"], "group": r["group"], "density": r["density"],
                    "reference": reference, "reference_density": rd,
                    "amplification": round(r["density"] / rd, 4) if rd else None})
    out.sort(key=lambda r: (r["formulation"], -(r["amplification"] or float("inf")), str(r["group"])))
    return out


def first_appearance(db: DB, *, by: str = "region", formulation: str | None = None) -> list[dict[str, Any]]:
    """First dated hit of each formulation per group, and the lag in days behind its first hit anywhere.

    Rows: formulation, group, first_date, first_anywhere, lag_days, and the first hit's
    document_id, start, end and text (the earliest counted one when several share the date).
    """
    _check(by)
    with opened(db) as conn:
        if by == "region":
            fresh(conn)
            where, args = ("AND value = ?", (formulation,)) if formulation else ("", ())
            firsts = conn.execute('SELECT value, grp, date, document_id, start, "end", text FROM formulation_first '
                                  f"WHERE grouping = 'region' {where}", args).fetchall()
        else:
            hits, docs = _source_hits(conn, by)
            best: dict[tuple, tuple] = {}
            for value, did, dte, s, e, text in hits:
                key = (value, docs[did][0])
                if dte and (key not in best or dte < best[key][2]) and (not formulation or value == formulation):
                    best[key] = (*key, dte, did, s, e, text)
            firsts = list(best.values())
    earliest: dict[str, str] = {}
    for value, _, dte, *_ in firsts:
        earliest[value] = min(earliest.get(value, dte), dte)
    out = [{"formulation": v, "group": g, "first_date": d, "first_anywhere": earliest[v],
            "lag_days": (_date.fromisoformat(d[:10]) - _date.fromisoformat(earliest[v][:10])).days,
            "document_id": did, "start": s, "end": e, "text": t} for v, g, d, did, s, e, t in firsts]
    out.sort(key=lambda r: (r["formulation"], r["lag_days"], str(r["group"])))
    return out


@dataclass(slots=True)
class EchoCell:
    count: int = 0
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (document_id, start, end) (terms, documents)


@dataclass(slots=True)
class EchoMatrix:
    """Region × formulation counts; ``regions`` in reading order, ``formulations`` as asked or by frequency."""

    regions: list[str]
    formulations: list[str]
    cells: dict[tuple[str, str], EchoCell]

    def count(self, region: str, formulation: str) -> int:
        c = self.cells.get((region, formulation))
        return c.count if c else 0

    def rows(self) -> list[dict[str, Any]]:
        """One row per non-empty cell (what --format json|jsonl|csv prints)."""
        return [{"region": r, "formulation": f, "count": c.count, "spans": [list(s) for s in c.spans]}
                for r in self.regions for f in self.formulations if (c := self.cells.get((r, f)))]


def echo_matrix(db: DB, *, terms: list[str] | None = None, document_ids: list[str] | None = None,
                top: int | None = None) -> EchoMatrix:
    """Which regions echo which formulations, counted per section region (a roundup credits each province).

    With ``terms`` the given strings are counted as exact substrings in every section of
    ``document_ids`` (all documents when None; the document when it has no sections);
    without, the stored formulations of ``document_ids`` are counted, or — for the whole
    corpus — the materialised region tallies (the ``top`` most frequent formulations).
    Cells of a document-level matrix carry the hits' spans.
    """
    with opened(db) as conn:
        if terms or document_ids:
            return _echo_documents(conn, terms, document_ids)
        fresh(conn)
        forms = [v for (v,) in conn.execute("SELECT value FROM formulation_totals ORDER BY hits DESC, value" +
                                            (f" LIMIT {int(top)}" if top else ""))]
        cells: dict[tuple[str, str], EchoCell] = {}
        for i in range(0, len(forms), 500):
            part = forms[i:i + 500]
            for value, grp, hits in conn.execute(
                    "SELECT value, grp, hits FROM formulation_groups WHERE grouping = 'region' AND value IN "
                    f"({','.join('?' * len(part))})", part):
                cells[(grp, value)] = EchoCell(hits)
        order = {n: c for n, c, _ in conn.execute("SELECT name, code, max(n) FROM region_names GROUP BY name")}
    regions = sorted({r for r, _ in cells}, key=lambda r: (order.get(r) or "~", r))
    return EchoMatrix(regions, forms, cells)


def _echo_documents(conn: sqlite3.Connection, terms: list[str] | None, document_ids: list[str] | None) -> EchoMatrix:
    """The matrix of some documents (or of terms), counted from their sections; regions in reading order."""
    docs = document_ids or [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY doc_no")]
    regions: list[str] = []
    cells: dict[tuple[str, str], EchoCell] = {}
    freq: dict[str, int] = defaultdict(int)
    pats = [(t, re.compile(re.escape(t))) for t in terms or ()]
    for did in docs:
        drow = conn.execute("SELECT text, region_name FROM documents WHERE id = ?", (did,)).fetchone()
        if drow is None:
            continue
        text, dregion = drow
        secs = conn.execute('SELECT start, "end", region_name FROM sections WHERE document_id = ? '
                            "ORDER BY start", (did,)).fetchall() or [(0, len(text), dregion)]
        forms = [] if terms else conn.execute('SELECT start, "end", value FROM formulations WHERE document_id = ? '
                                              "ORDER BY start", (did,)).fetchall()
        placed = []  # (region, term or value, start, end)
        for s, e, rname in secs:
            rname = hit_region(rname, dregion)
            if rname is not None and rname not in regions:
                regions.append(rname)
            placed += [(rname, t, m.start(), m.end()) for t, pat in pats for m in pat.finditer(text, s, e)
                       if m.end() <= e]
        for fs, fe, v in forms:
            sec = next((r for s, e, r in secs if s <= fs < e), None)
            placed.append((hit_region(sec, dregion), v, fs, fe))
        for rname, t, fs, fe in placed:
            if rname is None:
                continue
            c = cells.setdefault((rname, t), EchoCell())
            c.count += 1
            c.spans.append((did, fs, fe))
            freq[t] += 1
    forms_out = list(terms) if terms else sorted(freq, key=lambda v: (-freq[v], v))
    return EchoMatrix(regions, forms_out, cells)
