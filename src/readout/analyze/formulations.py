"""Formulation (提法) analyses: counts, density, amplification, first appearance and lag, echo matrix.

Unit of analysis. A *unit* is one document for source groupings and one
(document, region) pair for region groupings: a roundup with ten provincial sections
gives ten units, so each province is credited with what its own section says. A
formulation hit belongs to the region of its section (else the document's region)
and is dated like ``formulation_hits.date`` (its section's event date, else the
publication date).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import PurePath
from typing import Any

from readout.analyze._db import DB, opened

GROUPINGS = ("region", "source", "source_prefix")


def _group_of_source(source: str | None, by: str) -> str | None:
    if source is None:
        return None
    if by == "source":
        parent = PurePath(source.split("#", 1)[0]).parent.name
        return parent or source
    name = PurePath(source.split("#", 1)[0]).name
    return name.split("_", 1)[0] if "_" in name else name


def _hits(conn, by: str) -> list[dict[str, Any]]:  # noqa: ANN001
    rows = conn.execute(
        "SELECT formulation_id, document_id, value, date, source, region_name, region_code FROM formulation_hits"
    ).fetchall()
    out = []
    for fid, did, value, dte, src, rname, _rcode in rows:
        if by == "region":
            if rname is None:
                continue
            group, unit = rname, (did, rname)
        else:
            group = _group_of_source(src, by)
            unit = (did,)
        out.append({"id": fid, "document_id": did, "value": value, "date": dte, "group": group, "unit": unit})
    return out


def analysis_units(conn, by: str) -> dict[tuple, tuple[str, str | None]]:  # noqa: ANN001
    """Every unit with its group and its date (yyyy-mm-dd or None)."""
    units: dict[tuple, tuple[str, str | None]] = {}
    if by == "region":
        ev_dates: dict[tuple, str] = {}
        for did, rname, dte in conn.execute(
            "SELECT e.document_id, coalesce(s.region_name, e.region_name), min(e.date) FROM events e "
            "LEFT JOIN sections s ON s.id = e.section_id WHERE e.date IS NOT NULL GROUP BY 1, 2"
        ):
            ev_dates[(did, rname)] = dte
        for did, rname, pub in conn.execute(
            "SELECT s.document_id, s.region_name, d.pub_date FROM sections s JOIN documents d ON d.id = s.document_id "
            "WHERE s.region_name IS NOT NULL UNION "
            "SELECT d.id, d.region_name, d.pub_date FROM documents d WHERE d.region_name IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM sections s WHERE s.document_id = d.id AND s.region_name IS NOT NULL)"
        ):
            units[(did, rname)] = (rname, ev_dates.get((did, rname)) or pub)
    else:
        for did, src, pub, first_ev in conn.execute(
            "SELECT d.id, d.source, d.pub_date, (SELECT min(date) FROM events e WHERE e.document_id = d.id) "
            "FROM documents d"
        ):
            units[(did,)] = (_group_of_source(src, by), pub or first_ev)
    return units


def formulation_counts(db: DB, *, by: str | None = None) -> list[dict[str, Any]]:
    """Hits and documents per formulation (and per group when ``by`` is given), most frequent first."""
    with opened(db) as conn:
        hits = _hits(conn, by or "source")
    agg: dict[tuple, dict[str, Any]] = {}
    for h in hits:
        key = (h["value"], h["group"]) if by else (h["value"],)
        row = agg.setdefault(key, {"formulation": h["value"], **({by: h["group"]} if by else {}),
                                   "hits": 0, "documents": set(), "formulation_ids": []})
        row["hits"] += 1
        row["documents"].add(h["document_id"])
        row["formulation_ids"].append(h["id"])
    out = []
    for row in agg.values():
        row["document_ids"] = sorted(row.pop("documents"))
        row["documents"] = len(row["document_ids"])
        out.append(row)
    out.sort(key=lambda r: (-r["hits"], r["formulation"], str(r.get(by, ""))))
    return out


def density(db: DB, *, by: str = "region", monthly: bool = True) -> list[dict[str, Any]]:
    """Share of a group's units (per month) that contain each formulation.

    Rows: formulation, group, month (None when ``monthly`` is False), units_with, units,
    density, formulation_ids, document_ids.
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}")
    with opened(db) as conn:
        hits = _hits(conn, by)
        units = analysis_units(conn, by)

    def month(d: str | None) -> str | None:
        return d[:7] if (monthly and d) else None

    totals: dict[tuple, int] = defaultdict(int)
    for group, dte in units.values():
        totals[(group, month(dte))] += 1
    cells: dict[tuple, dict[str, Any]] = {}
    for h in hits:
        if h["unit"] not in units:
            continue
        group, dte = units[h["unit"]]
        key = (h["value"], group, month(dte))
        c = cells.setdefault(key, {"units": set(), "ids": [], "docs": set()})
        c["units"].add(h["unit"])
        c["ids"].append(h["id"])
        c["docs"].add(h["document_id"])
    out = []
    for (value, group, m), c in cells.items():
        n = totals[(group, m)]
        out.append({"formulation": value, "group": group, "month": m, "units_with": len(c["units"]), "units": n,
                    "density": round(len(c["units"]) / n, 4) if n else None,
                    "formulation_ids": sorted(c["ids"]), "document_ids": sorted(c["docs"])})
    out.sort(key=lambda r: (r["formulation"], r["month"] or "", -(r["density"] or 0), str(r["group"])))
    return out


def amplification(db: DB, reference: str, *, by: str = "source") -> list[dict[str, Any]]:
    """Density of each formulation in each group ÷ its density in the ``reference`` group (whole period)."""
    rows = density(db, by=by, monthly=False)
    with opened(db) as conn:
        units = analysis_units(conn, by)
    if reference not in {g for g, _ in units.values()}:
        raise ValueError(f"reference group {reference!r} has no documents")
    ref = {r["formulation"]: r["density"] for r in rows if r["group"] == reference}
    out = []
    for r in rows:
        if r["group"] == reference:
            continue
        rd = ref.get(r["formulation"], 0.0)
        out.append({"formulation": r["formulation"], "group": r["group"], "density": r["density"],
                    "reference": reference, "reference_density": rd,
                    "amplification": round(r["density"] / rd, 4) if rd else None,
                    "formulation_ids": r["formulation_ids"], "document_ids": r["document_ids"]})
    out.sort(key=lambda r: (r["formulation"], -(r["amplification"] or float("inf")), str(r["group"])))
    return out


def first_appearance(db: DB, *, by: str = "region") -> list[dict[str, Any]]:
    """First dated hit of each formulation per group, and the lag in days behind its first hit anywhere."""
    with opened(db) as conn:
        hits = [h for h in _hits(conn, by) if h["date"]]
    first: dict[tuple, dict[str, Any]] = {}
    for h in hits:
        key = (h["value"], h["group"])
        cur = first.get(key)
        if cur is None or h["date"] < cur["first_date"]:
            first[key] = {"formulation": h["value"], "group": h["group"], "first_date": h["date"],
                          "formulation_ids": [h["id"]], "document_ids": [h["document_id"]]}
        elif h["date"] == cur["first_date"]:
            cur["formulation_ids"].append(h["id"])
            if h["document_id"] not in cur["document_ids"]:
                cur["document_ids"].append(h["document_id"])
    earliest: dict[str, str] = {}
    for (value, _), r in first.items():
        if value not in earliest or r["first_date"] < earliest[value]:
            earliest[value] = r["first_date"]
    out = []
    for (value, _), r in first.items():
        r["first_anywhere"] = earliest[value]
        r["lag_days"] = (_date.fromisoformat(r["first_date"][:10]) - _date.fromisoformat(earliest[value][:10])).days
        r["formulation_ids"].sort()
        out.append(r)
    out.sort(key=lambda r: (r["formulation"], r["lag_days"], str(r["group"])))
    return out


@dataclass(slots=True)
class EchoCell:
    count: int = 0
    formulation_ids: list[int] = field(default_factory=list)  # rows of ``formulations`` (lexicon mode)
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (document_id, start, end) (terms mode)


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
        return [{"region": r, "formulation": f, "count": c.count, "formulation_ids": c.formulation_ids,
                 "spans": [list(s) for s in c.spans]}
                for r in self.regions for f in self.formulations if (c := self.cells.get((r, f)))]


def echo_matrix(db: DB, *, terms: list[str] | None = None, document_ids: list[str] | None = None) -> EchoMatrix:
    """Which regions echo which formulations, counted per section region (a roundup credits each province).

    With ``terms`` the given strings are counted as exact substrings in every section
    (the document when it has no sections) and cells carry their spans; without, the
    stored ``formulations`` rows are counted and cells carry their ids.
    """
    with opened(db) as conn:
        docs = document_ids or [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY doc_no")]
        regions: list[str] = []
        cells: dict[tuple[str, str], EchoCell] = {}
        if terms:
            pats = [(t, re.compile(re.escape(t))) for t in terms]
            for did in docs:
                drow = conn.execute("SELECT text, region_name FROM documents WHERE id = ?", (did,)).fetchone()
                if drow is None:
                    continue
                text, dregion = drow
                secs = conn.execute('SELECT start, "end", region_name FROM sections WHERE document_id = ? '
                                    "ORDER BY start", (did,)).fetchall() or [(0, len(text), dregion)]
                for s, e, rname in secs:
                    rname = rname or dregion
                    if rname is None:
                        continue
                    if rname not in regions:
                        regions.append(rname)
                    for t, pat in pats:
                        for m in pat.finditer(text, s, e):
                            if m.end() > e:
                                break
                            c = cells.setdefault((rname, t), EchoCell())
                            c.count += 1
                            c.spans.append((did, m.start(), m.end()))
            return EchoMatrix(regions, list(terms), cells)
        freq: dict[str, int] = defaultdict(int)
        for did in docs:
            for fid, value, rname in conn.execute(
                "SELECT formulation_id, value, region_name FROM formulation_hits WHERE document_id = ? "
                "ORDER BY start", (did,)
            ):
                if rname is None:
                    continue
                if rname not in regions:
                    regions.append(rname)
                c = cells.setdefault((rname, value), EchoCell())
                c.count += 1
                c.formulation_ids.append(fid)
                freq[value] += 1
        # Keep the regions' reading order from sections even where they echo nothing.
        for did in docs:
            for (rname,) in conn.execute("SELECT region_name FROM sections WHERE document_id = ? AND region_name "
                                         "IS NOT NULL ORDER BY start", (did,)):
                if rname not in regions:
                    regions.append(rname)
        forms = sorted(freq, key=lambda v: (-freq[v], v))
        return EchoMatrix(regions, forms, cells)
