"""What each page shows, as plain JSON-ready dicts: the ``.json`` twin *is* this dict, and
the HTML template renders the same dict, so the page's numbers and its twin's agree.

The numbers come from ``readout.store.search`` and ``readout.analyze``; this module only
selects, joins for display and builds the links from every count to the KWIC lines
behind it (``/search?q=…&region=…&from=…&to=…``).
"""

from __future__ import annotations

import calendar
import json
import sqlite3
from collections import Counter, defaultdict
from datetime import date as _date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from readout.analyze import density, echo_matrix, first_appearance, formulation_counts, roster
from readout.analyze.formulations import fresh
from readout.analyze.materialise import fresh as analysis_fresh
from readout.analyze.roster import career
from readout.store import connect
from readout.store.copies import copies_of
from readout.store.search import search
from readout.web.highlight import Span, highlight, path_part
from readout.web.links import document_href

__all__ = ["Corpus", "NotFound", "overview", "search_page", "document_page", "formulation_page", "echo_page",
           "official_page", "region_page", "reuse_page"]


class NotFound(LookupError):
    """The page's subject is not in the database."""


class Corpus:
    """A read-only view of one readout database.

    Pages hold no whole-corpus objects: every number comes from an indexed query, most of
    them on the materialised analyses (``readout.store.tallies``), which ``readout ingest``
    and ``readout analyze`` keep up to date. A page that needs them while they are behind
    the documents answers with E105 (what to run).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"no such database: {path}")

    def connect(self) -> sqlite3.Connection:
        conn = connect(self.path, readonly=True)
        conn.execute("PRAGMA cache_size=-16384")  # 16 MB per request connection: the server's RSS stays bounded
        return conn


# -- helpers ------------------------------------------------------------------------------

PAGE_SIZE = 100


def search_href(q: str, **filters: str | None) -> str:
    args = {"q": q, **{k: v for k, v in filters.items() if v}}
    return "/search?" + urlencode(args)


def month_range(month: str) -> tuple[str, str]:
    y, m = int(month[:4]), int(month[5:7])
    return f"{month}-01", f"{month}-{calendar.monthrange(y, m)[1]:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (yyyy-mm), so a chart's axis shows the empty ones too."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def region_codes(conn: sqlite3.Connection) -> dict[str, str]:
    """Region name → GB/T 2260 code (the code most often written with that name; materialised)."""
    fresh(conn)
    return {n: c for n, c, _ in conn.execute("SELECT name, code, max(n) FROM region_names GROUP BY name")}


def page_links(base: str, args: dict[str, Any], page: int, shown: int, per_page: int = PAGE_SIZE,
               total: int | None = None) -> dict[str, str | int | None]:
    """``prev``/``next`` links of a numbered page (1-based); ``next`` when this page is full (or ``total`` says so)."""
    kept = {k: v for k, v in args.items() if v not in (None, "")}
    more = shown >= per_page if total is None else page * per_page < total
    return {"page": page, "per_page": per_page,
            "prev": f"{base}?{urlencode({**kept, 'page': page - 1})}" if page > 1 else None,
            "next": f"{base}?{urlencode({**kept, 'page': page + 1})}" if more else None}


def _rows(conn: sqlite3.Connection, sql: str, args: Any = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, args)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    """A store from before a migration, served read-only, may lack the table."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


# -- overview -----------------------------------------------------------------------------

def overview(corpus: Corpus, conn: sqlite3.Connection) -> dict[str, Any]:
    fresh(conn)
    tallied = dict(conn.execute("SELECT name, n FROM tally_counts"))
    counts = {k: tallied.get(k, 0) for k in ("documents", "sections", "events", "officials", "statements",
                                             "formulations", "rejected", "characters")}
    counts["copies"] = conn.execute("SELECT count(*) FROM document_copies").fetchone()[0] \
        if _has_table(conn, "document_copies") else 0
    per_source: Counter[str] = Counter()
    calendar_rows, undated = [], 0
    for day, src, n in conn.execute("SELECT day, source, documents FROM coverage_days ORDER BY day, source"):
        per_source[src] += n
        if day:
            calendar_rows.append({"date": day, "source": src, "documents": n})
        else:
            undated += n
    days = sorted({r["date"] for r in calendar_rows})
    gaps = []
    for a, b in zip(days, days[1:]):
        n = (_date.fromisoformat(b) - _date.fromisoformat(a)).days - 1
        if n > 0:
            gaps.append({"after": a, "before": b, "days": n})
    gaps.sort(key=lambda g: (-g["days"], g["after"]))
    events = _rows(conn, "SELECT event_id, document_id, title, date, kind, region_name, region_code, leader, "
                         "meeting FROM events_with_leaders WHERE date IS NOT NULL ORDER BY date DESC, event_id DESC "
                         "LIMIT 15")
    for e in events:
        e["href"] = f"/documents/{e['document_id']}#ev-{e['event_id']}"
    top = [{**r, "href": "/formulations/" + path_part(r["formulation"])} for r in formulation_counts(conn, limit=25)]
    per_month: Counter[str] = Counter()
    for r in calendar_rows:
        per_month[r["date"][:7]] += r["documents"]
    return {"counts": counts, "sources": [{"source": g, "documents": n} for g, n in per_source.most_common()],
            "calendar": calendar_rows, "months": [{"month": m, "documents": n} for m, n in sorted(per_month.items())], "first_day": days[0] if days else None, "last_day": days[-1] if days else None,
            "covered_days": len(days), "undated": undated, "gaps": gaps[:10], "latest_events": events,
            "top_formulations": top}


# -- search -------------------------------------------------------------------------------

SEARCH_FILTERS = ("from", "to", "region", "official", "formulation", "source")
SORTS = ("score", "left", "right", "date")


def search_page(corpus: Corpus, conn: sqlite3.Connection, q: str, filters: dict[str, str | None],
                sort: str = "score", limit: int = 1000, page: int = 1, per_page: int = PAGE_SIZE) -> dict[str, Any]:
    """The first ``limit`` hits (best documents first), sorted, shown ``per_page`` at a time; ``by_month`` counts them all."""
    for k in ("from", "to"):
        if given := filters.get(k):
            _date.fromisoformat(given)  # ValueError -> 400
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}")
    base = {"query": q, "filters": {k: filters.get(k) or None for k in SEARCH_FILTERS}, "sort": sort}
    if not q:
        return {**base, "total_hits": 0, "documents": 0, "complete": True, "by_month": [], "hits": [],
                "pages": page_links("/search", {}, 1, 0, per_page)}
    res = search(conn, q, limit=limit, date_from=filters.get("from"), date_to=filters.get("to"),
                 region=filters.get("region"), official=filters.get("official"),
                 formulation=filters.get("formulation"), source=filters.get("source"), context=24)
    hits = []
    for h in res.hits:
        d = h.to_dict()
        d["href"] = f"/documents/{h.document_id}?mark={h.start}-{h.end}#hit" if h.field == "text" \
            else f"/documents/{h.document_id}"
        hits.append(d)
    if sort == "left":  # concordance order: by the words just before the hit, read backwards
        hits.sort(key=lambda h: h["left"][::-1])
    elif sort == "right":
        hits.sort(key=lambda h: h["right"])
    elif sort == "date":
        hits.sort(key=lambda h: h["date"] or "9999")
    months = Counter((h["date"] or "")[:7] or "undated" for h in hits)
    by_month = [{"month": m, "hits": n, "href": search_href(q, **{**filters, **_month_filter(m)})}
                for m, n in sorted(months.items())]
    args = {"q": q, **{k: filters.get(k) for k in SEARCH_FILTERS}, "sort": sort,
            "per_page": per_page if per_page != PAGE_SIZE else None}
    return {**base, "total_hits": len(hits), "documents": res.documents, "complete": res.complete,
            "truncated": bool(limit and len(hits) >= limit), "by_month": by_month,
            "first_hit": (page - 1) * per_page, "hits": hits[(page - 1) * per_page:page * per_page],
            "pages": page_links("/search", args, page, 0, per_page, total=len(hits))}


def _month_filter(m: str) -> dict[str, str]:
    if m == "undated":
        return {}
    a, b = month_range(m)
    return {"from": a, "to": b}


# -- document -----------------------------------------------------------------------------

def document_page(corpus: Corpus, conn: sqlite3.Connection, doc_id: str,
                  mark: tuple[int, int] | None = None) -> dict[str, Any]:
    rows = _rows(conn, "SELECT id, source, version, supersedes, title, pub_date, pub_date_origin, region_name, "
                       "region_code, format, encoding, n_chars, ingested_at, text FROM documents WHERE id = ?",
                 (doc_id,))
    if not rows:
        raise NotFound(doc_id)
    doc = rows[0]
    events = _rows(conn, 'SELECT id, start, "end", text, date, date_end, kind, leader, title_start, title_end, '
                         "title_text, region_name, region_code, region_start, region_end, date_start, date_stop, "
                         "date_text FROM events WHERE document_id = ? ORDER BY seq", (doc_id,))
    attendees: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for a in _rows(conn, 'SELECT event_id, name, posts, start, "end", text FROM event_officials '
                         "WHERE document_id = ? ORDER BY event_id, seq", (doc_id,)):
        a["posts"] = json.loads(a["posts"] or "[]")
        a["href"] = "/officials/" + path_part(a["name"])
        attendees[a.pop("event_id")].append(a)
    for e in events:
        e["officials"] = attendees.get(e["id"], [])
    officials = _rows(conn, "SELECT official_id, name, posts, political FROM document_officials "
                            "WHERE document_id = ? ORDER BY id", (doc_id,))
    mentions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in _rows(conn, 'SELECT id, official_id, start, "end", text, posts FROM official_mentions '
                         'WHERE document_id = ? ORDER BY start', (doc_id,)):
        m["posts"] = json.loads(m["posts"] or "[]")
        mentions[m["official_id"]].append(m)
    posts = _rows(conn, 'SELECT id, start, "end", text, value FROM official_posts WHERE document_id = ?', (doc_id,))
    for o in officials:
        o["posts"] = json.loads(o["posts"] or "[]")
        o["political"] = bool(o["political"])
        o["href"] = "/officials/" + path_part(o["name"])
        o["mentions"] = [{k: m[k] for k in ("id", "start", "end", "text")} for m in mentions.get(o["official_id"], [])]
    statements = _rows(conn, 'SELECT id, speaker, start, "end", text, verb_start, verb_end, verb_text, '
                             "speaker_start, speaker_end, speaker_text FROM statements WHERE document_id = ? "
                             "ORDER BY start", (doc_id,))
    formulations = _rows(conn, 'SELECT id, start, "end", text, value, kind, date FROM formulations '
                               "WHERE document_id = ? ORDER BY start", (doc_id,))
    for f in formulations:
        f["href"] = "/formulations/" + path_part(f["value"])
    regions = _rows(conn, 'SELECT id, start, "end", text, name, code FROM region_mentions WHERE document_id = ? '
                          "ORDER BY start", (doc_id,))
    sections = _rows(conn, 'SELECT id, seq, start, "end", region_name, region_code FROM sections '
                           "WHERE document_id = ? ORDER BY start", (doc_id,))

    facts = {"events": events, "officials": officials, "posts": posts, "statements": statements,
             "formulations": formulations, "regions": regions, "sections": sections, "reused": _reused(conn, doc_id)}
    return _document_view(doc, mark, copies_of(conn, [doc_id]).get(doc_id, []), facts)


def _reused(conn: sqlite3.Connection, doc_id: str, limit: int = 200) -> list[dict[str, Any]]:
    """This document's places in the stored reuse families (``readout analyze``), longest first; [] when none stored."""
    if not _has_table(conn, "reuse_members"):
        return []
    try:
        rows = _rows(conn, 'SELECT m.family_id, m.start, m."end", f.documents FROM reuse_members m JOIN reuse_families '
                           f'f ON f.id = m.family_id WHERE m.document_id = ? ORDER BY m."end" - m.start DESC, m.start '
                           f"LIMIT {int(limit)}", (doc_id,))
    except sqlite3.OperationalError:  # another layout of the family tables
        return []
    for k, r in enumerate(rows):
        r.update(length=r["end"] - r["start"], anchor=f"ru-{k}", href=f"/reuse?family={r['family_id']}")
    return rows


def _document_view(doc: dict[str, Any], mark: tuple[int, int] | None, copies: list,
                   facts: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The page: the text with every span of ``facts`` highlighted, and the side lists."""
    text = doc.pop("text")
    events, officials, statements, formulations = (facts[k] for k in ("events", "officials", "statements",
                                                                       "formulations"))
    reused = facts["reused"]
    spans: list[Span] = []
    for e in events:
        spans.append(Span(e["start"], e["end"], "event", f"ev-{e['id']}", None, f"event {e['date'] or ''} {e['kind']}"))
        if e["title_start"] is not None:
            spans.append(Span(e["title_start"], e["title_end"], "meeting", None, None, "meeting"))
        if e["date_start"] is not None:
            spans.append(Span(e["date_start"], e["date_stop"], "date", None, None, f"date {e['date'] or ''}"))
    for o in officials:
        for m in o["mentions"]:
            spans.append(Span(m["start"], m["end"], "official", f"om-{m['id']}", o["href"], f"official {o['name']}"))
    for p in facts["posts"]:
        spans.append(Span(p["start"], p["end"], "post", None, None, f"post {p['value']}"))
    for s in statements:
        spans.append(Span(s["start"], s["end"], "statement", f"st-{s['id']}", None, f"statement by {s['speaker']}"))
    for f in formulations:
        spans.append(Span(f["start"], f["end"], "formulation", f"fm-{f['id']}", f["href"], f"提法 {f['value']}"))
    for r in facts["regions"]:
        if r["code"]:
            spans.append(Span(r["start"], r["end"], "region", None, "/regions/" + r["code"], f"region {r['name']}"))
    for r in reused:
        spans.append(Span(r["start"], r["end"], "reuse", r["anchor"], None,
                          f"family {r['family_id']}: in {r['documents']} documents"))
    if mark and 0 <= mark[0] < mark[1] <= len(text):
        spans.append(Span(mark[0], mark[1], "hit", "hit", None, "search hit"))
    return {"document": doc, "text": text, "html": highlight(text, spans), "copies": copies,
            "counts": {"events": len(events), "officials": len(officials), "statements": len(statements),
                       "formulations": len(formulations), "reused": len(reused), "sections": len(facts["sections"])},
            "sections": facts["sections"], "events": events, "officials": officials, "statements": statements,
            "formulations": formulations, "reused": reused, "raw_href": f"/documents/{doc['id']}/raw"}


# -- formulation --------------------------------------------------------------------------

def formulation_page(corpus: Corpus, conn: sqlite3.Connection, value: str,
                     also: list[str] | None = None) -> dict[str, Any]:
    """One formulation over time and place, from the materialised tallies (a few hundred indexed rows)."""
    fresh(conn)
    total = conn.execute("SELECT hits, documents FROM formulation_totals WHERE value = ?", (value,)).fetchone()
    if total is None:
        raise NotFound(value)
    values = list(dict.fromkeys([value, *[a for a in (also or []) if a]]))[:6]
    codes = region_codes(conn)
    variants = conn.execute("SELECT text, hits FROM formulation_texts WHERE value = ? ORDER BY hits DESC, text",
                            (value,)).fetchall()
    surface = variants[0][0] if variants else value  # what search looks for
    heat = _heatmap(conn, value, surface, codes)
    first = [{"region": r["group"], "code": codes.get(r["group"]), "first_date": r["first_date"],
              "lag_days": r["lag_days"], "document_id": r["document_id"], "start": r["start"], "end": r["end"],
              "href": f"/documents/{r['document_id']}?mark={r['start']}-{r['end']}#hit"}
             for r in first_appearance(conn, formulation=value)]
    units = dict(conn.execute("SELECT grp, sum(units) FROM unit_months WHERE grouping = 'region' GROUP BY grp"))
    n_units = sum(units.values())
    whole = density(conn, monthly=False, formulation=value)
    overall = sum(r["units_with"] for r in whole) / n_units if n_units else 0.0
    amp = [{"region": r["group"], "code": codes.get(r["group"]), "units_with": r["units_with"], "units": r["units"],
            "density": r["density"], "overall_density": round(overall, 4),
            "amplification": round(r["density"] / overall, 2) if overall and r["density"] is not None else None,
            "href": search_href(surface, formulation=value, region=codes.get(r["group"]))} for r in whole]
    amp.sort(key=lambda r: (-(r["amplification"] or 0), r["region"]))
    return {"formulation": value, "compare": values[1:], "hits": total[0], "documents": total[1],
            "variants": [{"text": t, "hits": n, "href": search_href(t, formulation=value)} for t, n in variants],
            "series": _series(conn, values), "heatmap": heat, "first_appearance": first, "amplification": amp,
            "overall_units": n_units, "regions_with_units": len(units)}


def _series(conn: sqlite3.Connection, values: list[str]) -> list[dict[str, Any]]:
    """Hits per month (by each hit's date) and the share of the month's units carrying it, for each formulation.

    One month axis for all: every month from the first to the last, zeros where a
    formulation is absent, so the axis never jumps from 2013-03 to 2017-10.
    """
    of_units = dict(conn.execute("SELECT month, sum(units) FROM unit_months WHERE grouping = 'region' AND month != '' "
                                 "GROUP BY month"))
    counted = []
    for v in values:
        hits = dict(conn.execute("SELECT month, hits FROM formulation_months WHERE value = ? AND month != ''", (v,)))
        with_ = dict(conn.execute("SELECT month, sum(units_with) FROM formulation_cells WHERE value = ? AND "
                                  "grouping = 'region' AND month != '' GROUP BY month", (v,)))
        counted.append((v, hits, with_))
    present = sorted({m for _, h, w in counted for m in (*h, *w)})
    months = months_between(present[0], present[-1]) if present else []
    return [{"formulation": v, "points": [
        {"month": m, "hits": h.get(m, 0), "units_with": w.get(m, 0), "units": of_units.get(m, 0),
         "density": round(w.get(m, 0) / of_units[m], 4) if of_units.get(m) else None,
         "href": search_href(v, formulation=v, **dict(zip(("from", "to"), month_range(m))))} for m in months]}
        for v, h, w in counted]


def _heatmap(conn: sqlite3.Connection, value: str, surface: str, codes: dict[str, str]) -> dict[str, Any]:
    """Region × month as matrices (every month on the axis; what the chart draws) and region × year as
    linked cells (the table): units carrying the formulation of the region's units then.

    A formulation a whole archive repeats has a cell for most of ~35 regions × ~170 months:
    as matrices that is some 40 KB of JSON, where a dict per cell was a megabyte.
    """
    rows = [r for r in density(conn, formulation=value) if r["month"]]
    regions = sorted({r["group"] for r in rows}, key=lambda g: (codes.get(g) or "~", g))
    present = sorted({r["month"] for r in rows})
    months = months_between(present[0], present[-1]) if present else []
    ri, mi = {g: i for i, g in enumerate(regions)}, {m: j for j, m in enumerate(months)}
    units_with = [[0] * len(months) for _ in regions]
    units = [[0] * len(months) for _ in regions]
    hits = [[0] * len(months) for _ in regions]
    years: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        i, j = ri[r["group"]], mi[r["month"]]
        units_with[i][j], units[i][j], hits[i][j] = r["units_with"], r["units"], r["hits"]
        acc = years.setdefault((r["group"], r["month"][:4]), [0, 0, 0])
        acc[0] += r["units_with"]
        acc[1] += r["units"]
        acc[2] += r["hits"]
    cells = []
    for (g, y), (w, u, h) in sorted(years.items(), key=lambda kv: (ri[kv[0][0]], kv[0][1])):
        code = codes.get(g)
        cells.append({"region": g, "code": code, "year": y, "units_with": w, "units": u, "hits": h,
                      "density": round(w / u, 4) if u else None,
                      "href": search_href(surface, formulation=value, region=code,
                                          **{"from": f"{y}-01-01", "to": f"{y}-12-31"})})
    return {"regions": regions, "codes": [codes.get(g) for g in regions], "months": months,
            "units_with": units_with, "units": units, "hits": hits,
            "search": {"q": surface, "formulation": value},
            "years": sorted({y for _, y in years}), "cells": cells}


# -- echo matrix --------------------------------------------------------------------------

ECHO_TERM_DOCS = 200  # with terms and no documents: the newest documents holding each term


def echo_page(corpus: Corpus, conn: sqlite3.Connection, doc_ids: list[str], terms: list[str],
              top: int = 20) -> dict[str, Any]:
    """Regions × formulations: of some documents (counted from their sections), of the newest documents holding
    some terms, or of the whole corpus (the materialised region tallies, ``top`` formulations)."""
    marks = ",".join("?" * len(doc_ids))
    known = {r[0]: r for r in conn.execute(f"SELECT id, title, source FROM documents WHERE id IN ({marks})", doc_ids)}
    missing = [d for d in doc_ids if d not in known]
    if missing:
        raise NotFound(", ".join(missing))
    scope = doc_ids
    if terms and not doc_ids:  # the search index finds the documents; each term's newest ECHO_TERM_DOCS
        scope = list(dict.fromkeys(h.document_id for t in terms
                                   for h in search(conn, t, limit=ECHO_TERM_DOCS, max_docs=ECHO_TERM_DOCS).hits))
    m = echo_matrix(conn, terms=terms or None, document_ids=scope if doc_ids or terms else None, top=top)
    forms = m.formulations if terms else m.formulations[:top]
    codes = region_codes(conn)
    source = known[doc_ids[0]][2] if len(doc_ids) == 1 else None
    surfaces = {} if terms else _surfaces(conn, forms)
    cells: list[dict[str, Any]] = []
    for r in m.regions:
        for f in forms:
            cell = m.cells.get((r, f))
            if cell:
                cells.append({"region": r, "code": codes.get(r), "formulation": f, "count": cell.count,
                              "href": search_href(surfaces.get(f, f), region=codes.get(r), source=source,
                                                  formulation=None if terms else f)})
    used = {c["region"] for c in cells}
    totals: Counter[str] = Counter()
    for c in cells:
        totals[c["formulation"]] += c["count"]
    examples = [{"document_id": did, "title": t, "sections": n, "href": f"/echo?doc={did}"}
                for did, t, n in conn.execute("SELECT r.document_id, d.title, r.regions FROM roundups r JOIN documents d "
                                              "ON d.id = r.document_id ORDER BY r.regions DESC, r.document_id LIMIT 10")]
    return {"documents": [{"document_id": d, "title": known[d][1], "href": f"/documents/{d}"} for d in doc_ids],
            "terms": terms, "top": top, "term_documents": len(scope) if terms and not doc_ids else None,
            "regions": [r for r in m.regions if r in used], "formulations": forms,
            "column_totals": [{"formulation": f, "count": totals[f]} for f in forms],
            "cells": cells, "examples": examples}


def _surfaces(conn: sqlite3.Connection, values: list[str]) -> dict[str, str]:
    """The most common written form of each formulation (what its search links look for)."""
    if not values:
        return {}
    marks = ",".join("?" * len(values))
    return {v: t for v, t, _ in conn.execute(
        f"SELECT value, text, max(hits) FROM formulation_texts WHERE value IN ({marks}) GROUP BY value", values)}


# -- official -----------------------------------------------------------------------------

def official_page(corpus: Corpus, conn: sqlite3.Connection, name: str, page: int = 1) -> dict[str, Any]:
    """A person's posts, events, statements and documents; the long lists a page at a time (newest first)."""
    row = conn.execute("SELECT id, name, political FROM officials WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise NotFound(name)
    oid, off = row[0], (page - 1) * PAGE_SIZE
    posts = career(conn, name, evidence_limit=20)  # tenure spans (every person of this name), their first evidence
    for p in posts:
        p["region_href"] = f"/regions/{p['code']}" if p["code"] else None
        p["people"] = len({q["person"] for q in posts})
        for e in p["evidence_spans"]:
            e["href"] = document_href(e["document_id"], e["start"], e["end"])
    # The lists are a page each in index order (latest stored first), so a page costs the same for
    # a county official and for 习近平; the counts and the chart come from the tallies.
    events = _rows(conn, "SELECT e.event_id, e.document_id, e.title, e.date, e.kind, e.region_name, e.region_code, "
                         "e.leader, e.meeting FROM (SELECT event_id FROM event_officials WHERE official_id = ? "
                         f"ORDER BY id DESC LIMIT {PAGE_SIZE} OFFSET {off}) x JOIN events_with_leaders e "
                         "ON e.event_id = x.event_id ORDER BY e.date DESC, e.event_id DESC", (oid,))
    for e in events:
        e["href"] = f"/documents/{e['document_id']}#ev-{e['event_id']}"
        e["role"] = "leader" if e["leader"] == name else "present"
    statements = _rows(conn, 'SELECT s.id, s.document_id, d.title, s.start, s."end", s.text FROM statements s '
                             "JOIN documents d ON d.id = s.document_id WHERE s.official_id = ? "
                             f"ORDER BY s.id DESC LIMIT {PAGE_SIZE} OFFSET {off}", (oid,))
    for s in statements:
        s["href"] = f"/documents/{s['document_id']}#st-{s['id']}"
    docs = _rows(conn, "SELECT o.document_id, d.title, d.pub_date, o.posts FROM document_officials o "
                       "JOIN documents d ON d.id = o.document_id WHERE o.official_id = ? "
                       f"ORDER BY o.id DESC LIMIT {PAGE_SIZE} OFFSET {off}", (oid,))
    for d in docs:
        d["posts"] = json.loads(d["posts"] or "[]")
        d["href"] = f"/documents/{d['document_id']}"
    fresh(conn)
    per_month = conn.execute("SELECT month, events FROM official_months WHERE official_id = ? AND month != '' "
                             "ORDER BY month", (oid,)).fetchall()
    n_ev, n_st, n_doc = conn.execute("SELECT events, statements, documents FROM official_counts WHERE official_id = ?",
                                     (oid,)).fetchone() or (0, 0, 0)
    counts = {"posts": len(posts), "events": n_ev, "statements": n_st, "documents": n_doc}
    return {"name": name, "political": bool(row[2]), "counts": counts, "roster": posts, "events": events,
            "events_per_month": [{"month": m, "events": n} for m, n in per_month],
            "statements": statements, "documents": docs,
            "pages": page_links(f"/officials/{path_part(name)}", {}, page,
                                max(len(events), len(statements), len(docs)))}


# -- region -------------------------------------------------------------------------------

def region_page(corpus: Corpus, conn: sqlite3.Connection, code: str, page: int = 1) -> dict[str, Any]:
    """A region's events (a page at a time, newest first), officials and formulations against all regions."""
    fresh(conn)
    names = [n for (n,) in conn.execute("SELECT name FROM region_names WHERE code = ? ORDER BY n DESC", (code,))]
    if not names:
        row = conn.execute("SELECT name FROM region_mentions WHERE code = ? LIMIT 1", (code,)).fetchone()
        if row is None:
            raise NotFound(code)
        names = [row[0]]
    events = _rows(conn, "SELECT event_id, document_id, title, date, kind, region_name, leader, meeting "
                         "FROM events_with_leaders WHERE region_code = ? ORDER BY date DESC, event_id DESC "
                         f"LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}", (code,))
    for e in events:
        e["href"] = f"/documents/{e['document_id']}#ev-{e['event_id']}"
    per_month = conn.execute("SELECT month, sum(events) FROM event_months WHERE region_code = ? GROUP BY month "
                             "ORDER BY month", (code,)).fetchall()
    # The stored tenure roster (readout analyze; ingest updates it): never built per request.
    roster_fresh = analysis_fresh(conn, "roster")
    officials = roster(conn, region=code, limit=100) if roster_fresh else []
    for o in officials:
        o["href"] = "/officials/" + path_part(o["name"])
    officials.sort(key=lambda o: (o["level"] != "province", o["kind"], -(o["documents"] or 0), o["name"]))
    marks = ",".join("?" * len(names))
    mine = conn.execute(f"SELECT coalesce(sum(units), 0) FROM unit_months WHERE grouping = 'region' AND grp IN ({marks})",
                        names).fetchone()[0]
    most, least = _compare(conn, names, code, mine)
    return {"code": code, "names": names, "units": mine,
            "counts": {"events": sum(n for _, n in per_month), "officials": len(officials), "documents": mine},
            "events": events, "events_per_month": [{"month": m, "events": n} for m, n in per_month],
            "officials": officials, "roster_fresh": roster_fresh, "most_used": most, "least_used": least,
            "pages": page_links(f"/regions/{code}", {}, page, len(events))}


def _compare(conn: sqlite3.Connection, names: list[str], code: str, mine: int,
             widespread: int = 200) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Formulations this region uses most and least, each as its density here ÷ its density over all regions.

    Most used: among what the region says. Least used: among the ``widespread`` formulations
    most regions' units carry, what this region (nearly) never says.
    """
    n_units = conn.execute("SELECT coalesce(sum(units), 0) FROM unit_months WHERE grouping = 'region'").fetchone()[0]
    marks = ",".join("?" * len(names))
    here = dict(conn.execute(f"SELECT value, sum(units_with) FROM formulation_groups WHERE grouping = 'region' AND "
                             f"grp IN ({marks}) GROUP BY value", names))
    top = dict(conn.execute(f"SELECT value, units_with FROM formulation_totals ORDER BY units_with DESC, value "
                            f"LIMIT {int(widespread)}"))
    overall = {**top, **dict(conn.execute(f"SELECT value, units_with FROM formulation_totals WHERE value IN "
                                          f"({','.join('?' * len(here))})", list(here)) if here else [])}

    def row(f: str) -> dict[str, Any]:
        d_all = overall.get(f, 0) / n_units if n_units else 0.0
        d_here = here.get(f, 0) / mine if mine else 0.0
        return {"formulation": f, "units_with": here.get(f, 0), "units": mine, "density": round(d_here, 4),
                "overall_units_with": overall.get(f, 0), "overall_density": round(d_all, 4),
                "ratio": round(d_here / d_all, 2) if d_all else None,
                "href": search_href(f, formulation=f, region=code), "page": "/formulations/" + path_part(f)}

    most = sorted((row(f) for f in here), key=lambda c: (-(c["ratio"] or 0), -c["units_with"], c["formulation"]))
    least = sorted((row(f) for f in top if overall.get(f, 0) >= 2),
                   key=lambda c: (c["ratio"] or 0, -c["overall_density"], c["formulation"]))
    return most[:15], least[:15]


# -- reuse --------------------------------------------------------------------------------

def _titles(conn: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    """Titles of just these documents (never a whole-table read inside a request)."""
    out: dict[str, str] = {}
    ids_list = sorted(ids)
    for k in range(0, len(ids_list), 500):
        chunk = ids_list[k:k + 500]
        out.update(conn.execute(f"SELECT id, title FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    return out


def reuse_page(corpus: Corpus, conn: sqlite3.Connection, family: int | None = None, page: int = 1) -> dict[str, Any]:
    """The passage families ``readout analyze`` stored (most documents first), a page at a time, and one
    family's places; nothing is aligned per request."""
    from readout.analyze.families import stored_families, stored_members
    from readout.analyze.materialise import stored

    if stored(conn, "reuse") is None:
        return {"stored": False, "fresh": False, "families": [], "selected": None, "counts": {"families": 0},
                "pages": page_links("/reuse", {}, 1, 0)}
    fams = []
    for f in stored_families(conn, limit=PAGE_SIZE, after=(page - 1) * PAGE_SIZE):
        d = f.to_dict()
        d["href"] = f"/reuse?family={f.id}&page={page}#family"
        d["document_href"] = document_href(f.document_id, f.start, f.end)
        fams.append(d)
    n = conn.execute("SELECT coalesce(max(id), 0) FROM reuse_families").fetchone()[0]
    selected = None
    if family is not None:
        fam, members = stored_members(conn, family, limit=PAGE_SIZE)
        if fam is None:
            raise NotFound(f"family {family}")
        titles = _titles(conn, {m.document_id for m in members})
        selected = {**fam.to_dict(), "members": [
            {"document_id": m.document_id, "title": titles.get(m.document_id), "region": m.region, "date": m.date,
             "start": m.start, "end": m.end, "passages": m.passages,
             "href": document_href(m.document_id, m.start, m.end)} for m in members]}
    return {"stored": True, "fresh": analysis_fresh(conn, "reuse"), "families": fams, "selected": selected,
            "counts": {"families": n}, "pages": page_links("/reuse", {}, page, len(fams), total=n)}
