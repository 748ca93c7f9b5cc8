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
import threading
from collections import Counter, defaultdict
from datetime import date as _date
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlencode

from readout.analyze import density, echo_matrix, first_appearance, formulation_counts, reuse, roster, timeline
from readout.analyze.roster import career
from readout.errors import ReadoutError
from readout.store import connect
from readout.store.copies import copies_of
from readout.store.search import search
from readout.web.highlight import Span, highlight, path_part
from readout.web.links import document_href

__all__ = ["Corpus", "NotFound", "overview", "search_page", "document_page", "formulation_page", "echo_page",
           "official_page", "region_page", "reuse_page"]


class NotFound(LookupError):
    """The page's subject is not in the database."""


# Passages kept (the longest) from the corpus reuse held in memory: ratios count them all, but at
# 10⁵ reports a dense corpus has tens of millions, too many Python objects for a server.
REUSE_MAX_PASSAGES = 200_000
# Up to this many characters (the exact alignment's range, a few CPU seconds at most) the reuse
# is computed inside the server, once; a larger corpus is never aligned inside the server (at 10⁵
# reports: minutes of CPU and a GB that every request would wait behind): its pages read the
# passage families ``readout analyze`` stored, or show no reuse.
REUSE_INLINE_CHARS = 300_000


class Corpus:
    """A read-only view of one readout database, with a small cache of whole-corpus analyses.

    The cache is keyed by the corpus size (``corpus_stats``), so a database still being
    ingested into is recomputed when it grows.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"no such database: {path}")
        self._lock = threading.Lock()
        self._cache: dict[tuple, Any] = {}

    def connect(self) -> sqlite3.Connection:
        return connect(self.path, readonly=True)

    def generation(self, conn: sqlite3.Connection) -> tuple:
        return tuple(conn.execute("SELECT n_documents, n_chars FROM corpus_stats").fetchone())

    def cached(self, conn: sqlite3.Connection, key: str, compute: Any) -> Any:
        k = (key, self.generation(conn))
        with self._lock:  # one computation at a time: reuse over the corpus takes seconds
            if k not in self._cache:
                self._cache = {kk: v for kk, v in self._cache.items() if kk[1] == k[1]}
                self._cache[k] = compute()
            return self._cache[k]

    def reuse(self, conn: sqlite3.Connection):  # noqa: ANN201
        """The corpus reuse and its passages by document (computed once per corpus generation)."""
        def compute() -> tuple[Any, dict[str, list]]:
            res = reuse(conn, max_passages=REUSE_MAX_PASSAGES)
            by_doc: dict[str, list] = defaultdict(list)
            for p in res.passages:
                by_doc[p.a_document_id].append(p)
                if p.b_document_id != p.a_document_id:
                    by_doc[p.b_document_id].append(p)
            return res, dict(by_doc)

        return self.cached(conn, "reuse", compute)

    def reuse_ready(self, conn: sqlite3.Connection):  # noqa: ANN201
        """``reuse`` for a corpus small enough to align inside the server, else None."""
        gen = self.generation(conn)
        return self.reuse(conn) if (gen[1] or 0) <= REUSE_INLINE_CHARS else None


# -- helpers ------------------------------------------------------------------------------

def search_href(q: str, **filters: str | None) -> str:
    args = {"q": q, **{k: v for k, v in filters.items() if v}}
    return "/search?" + urlencode(args)


def month_range(month: str) -> tuple[str, str]:
    y, m = int(month[:4]), int(month[5:7])
    return f"{month}-01", f"{month}-{calendar.monthrange(y, m)[1]:02d}"


def source_group(source: str | None) -> str:
    """The folder (or archive) a document came from: the 'source' of the coverage calendar."""
    if not source:
        return "(none)"
    path = PurePath(source.split("#", 1)[0])
    return path.parent.name or path.name


def region_codes(conn: sqlite3.Connection) -> dict[str, str]:
    """Region name → GB/T 2260 code (the most frequent code written with that name)."""
    out: dict[str, str] = {}
    for name, code, _ in conn.execute(
        "SELECT region_name, region_code, count(*) AS n FROM (SELECT region_name, region_code FROM sections "
        "UNION ALL SELECT region_name, region_code FROM documents UNION ALL SELECT region_name, region_code "
        "FROM events) WHERE region_name IS NOT NULL AND region_code IS NOT NULL GROUP BY 1, 2 ORDER BY n"
    ):
        out[name] = code
    return out


def _rows(conn: sqlite3.Connection, sql: str, args: Any = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, args)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _surface(conn: sqlite3.Connection, ids: list[int]) -> str | None:
    """The most common written form of these formulation rows (what search must look for)."""
    if not ids:
        return None
    texts: Counter[str] = Counter()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for (t,) in conn.execute(f"SELECT text FROM formulations WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            texts[t] += 1
    return texts.most_common(1)[0][0] if texts else None


def _doc_dates(conn: sqlite3.Connection) -> dict[str, str | None]:
    """Each document's date: publication date, else its first event's (as the analyses date units)."""
    return {did: pub or ev for did, pub, ev in conn.execute(
        "SELECT d.id, d.pub_date, (SELECT min(date) FROM events e WHERE e.document_id = d.id) FROM documents d")}


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    """A store from before a migration, served read-only, may lack the table."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


# -- overview -----------------------------------------------------------------------------

def overview(corpus: Corpus, conn: sqlite3.Connection) -> dict[str, Any]:
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("documents", "sections", "events", "officials", "statements", "formulations", "rejected")}
    counts["characters"] = conn.execute("SELECT coalesce(sum(n_chars), 0) FROM documents").fetchone()[0]
    counts["copies"] = conn.execute("SELECT count(*) FROM document_copies").fetchone()[0] \
        if _has_table(conn, "document_copies") else 0
    dates = _doc_dates(conn)
    per_day: Counter[tuple[str, str]] = Counter()
    per_source: Counter[str] = Counter()
    undated = 0
    for did, src in conn.execute("SELECT id, source FROM documents"):
        g = source_group(src)
        per_source[g] += 1
        d = dates.get(did)
        if d:
            per_day[(d[:10], g)] += 1
        else:
            undated += 1
    calendar_rows = [{"date": d, "source": g, "documents": n} for (d, g), n in sorted(per_day.items())]
    days = sorted({d for d, _ in per_day})
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
    top = []
    for r in formulation_counts(conn)[:25]:
        top.append({"formulation": r["formulation"], "hits": r["hits"], "documents": r["documents"],
                    "href": "/formulations/" + path_part(r["formulation"])})
    return {"counts": counts, "sources": [{"source": g, "documents": n} for g, n in per_source.most_common()],
            "calendar": calendar_rows, "first_day": days[0] if days else None, "last_day": days[-1] if days else None,
            "covered_days": len(days), "undated": undated, "gaps": gaps[:10], "latest_events": events,
            "top_formulations": top}


# -- search -------------------------------------------------------------------------------

SEARCH_FILTERS = ("from", "to", "region", "official", "formulation", "source")
SORTS = ("score", "left", "right", "date")


def search_page(corpus: Corpus, conn: sqlite3.Connection, q: str, filters: dict[str, str | None],
                sort: str = "score", limit: int = 1000) -> dict[str, Any]:
    for k in ("from", "to"):
        if filters.get(k):
            _date.fromisoformat(filters[k])  # ValueError -> 400
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}")
    base = {"query": q, "filters": {k: filters.get(k) or None for k in SEARCH_FILTERS}, "sort": sort}
    if not q:
        return {**base, "total_hits": 0, "documents": 0, "complete": True, "by_month": [], "hits": []}
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
    return {**base, "total_hits": len(hits), "documents": res.documents, "complete": res.complete,
            "truncated": bool(limit and len(hits) >= limit), "by_month": by_month, "hits": hits}


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
    text = doc["text"]
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
    formulations = _rows(conn, 'SELECT id, start, "end", text, value, kind FROM formulations WHERE document_id = ? '
                               "ORDER BY start", (doc_id,))
    for f in formulations:
        f["href"] = "/formulations/" + path_part(f["value"])
    regions = _rows(conn, 'SELECT id, start, "end", text, name, code FROM region_mentions WHERE document_id = ? '
                          "ORDER BY start", (doc_id,))
    sections = _rows(conn, 'SELECT id, seq, start, "end", region_name, region_code FROM sections '
                           "WHERE document_id = ? ORDER BY start", (doc_id,))

    ready = corpus.reuse_ready(conn)
    reused = [] if ready else _stored_reuse(conn, doc_id)
    for p in ready[1].get(doc_id, ()) if ready else ():
        if p.a_document_id == doc_id:
            s, e, other, os_, oe = p.a_start, p.a_end, p.b_document_id, p.b_start, p.b_end
        elif p.b_document_id == doc_id:
            s, e, other, os_, oe = p.b_start, p.b_end, p.a_document_id, p.a_start, p.a_end
        else:
            continue
        reused.append({"start": s, "end": e, "length": e - s, "other_document_id": other,
                       "other_start": os_, "other_end": oe, "href": f"/documents/{other}?mark={os_}-{oe}#hit"})
    reused.sort(key=lambda r: (-r["length"], r["start"]))
    reused = reused[:200]
    titles = _titles(conn, {r["other_document_id"] for r in reused})
    for r in reused:
        r["other_title"] = titles.get(r["other_document_id"])
    for k, r in enumerate(reused):
        r["anchor"] = f"ru-{k}"

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
    for p in posts:
        spans.append(Span(p["start"], p["end"], "post", None, None, f"post {p['value']}"))
    for s in statements:
        spans.append(Span(s["start"], s["end"], "statement", f"st-{s['id']}", None, f"statement by {s['speaker']}"))
    for f in formulations:
        spans.append(Span(f["start"], f["end"], "formulation", f"fm-{f['id']}", f["href"], f"提法 {f['value']}"))
    for r in regions:
        if r["code"]:
            spans.append(Span(r["start"], r["end"], "region", None, "/regions/" + r["code"], f"region {r['name']}"))
    for r in reused:
        spans.append(Span(r["start"], r["end"], "reuse", r["anchor"], None, f"shared with {r['other_title'] or ''}"))
    if mark and 0 <= mark[0] < mark[1] <= len(text):
        spans.append(Span(mark[0], mark[1], "hit", "hit", None, "search hit"))
    doc.pop("text")
    return {"document": doc, "text": text, "html": highlight(text, spans), "copies": copies_of(conn, [doc_id]).get(doc_id, []),
            "counts": {"events": len(events), "officials": len(officials), "statements": len(statements),
                       "formulations": len(formulations), "reused": len(reused), "sections": len(sections)},
            "sections": sections, "events": events, "officials": officials, "statements": statements,
            "formulations": formulations, "reused": reused, "raw_href": f"/documents/{doc_id}/raw"}


# -- formulation --------------------------------------------------------------------------

def formulation_page(corpus: Corpus, conn: sqlite3.Connection, value: str,
                     also: list[str] | None = None) -> dict[str, Any]:
    if not conn.execute("SELECT 1 FROM formulations WHERE value = ? LIMIT 1", (value,)).fetchone():
        raise NotFound(value)
    values = list(dict.fromkeys([value, *[a for a in (also or []) if a]]))[:6]
    doc_dates = _doc_dates(conn)
    docs_per_month = Counter(d[:7] for d in doc_dates.values() if d)
    codes = region_codes(conn)

    counted = []
    for v in values:
        hits = Counter()
        docs: dict[str, set[str]] = defaultdict(set)
        for did, dte in conn.execute("SELECT document_id, date FROM formulation_hits WHERE value = ?", (v,)):
            if dte:
                hits[dte[:7]] += 1
            dd = doc_dates.get(did)
            if dd:
                docs[dd[:7]].add(did)
        counted.append((v, hits, docs))
    # One month axis for all overlaid formulations, zeros where one is absent.
    months = sorted({m for _, hits, docs in counted for m in (*hits, *docs)})
    series = []
    for v, hits, docs in counted:
        series.append({"formulation": v, "points": [
            {"month": m, "hits": hits[m], "documents": len(docs[m]), "of_documents": docs_per_month[m],
             "density": round(len(docs[m]) / docs_per_month[m], 4) if docs_per_month[m] else None,
             "href": search_href(v, formulation=v, **dict(zip(("from", "to"), month_range(m))))}
            for m in months]})

    id_text = dict(conn.execute("SELECT id, text FROM formulations WHERE value = ?", (value,)))
    variants = Counter(id_text.values())

    def surface(ids: list[int]) -> str:
        c = Counter(id_text[i] for i in ids if i in id_text)
        return c.most_common(1)[0][0] if c else value

    cells = []
    for r in density(conn, by="region", monthly=True):
        if r["formulation"] != value or r["month"] is None:
            continue
        code = codes.get(r["group"])
        a, b = month_range(r["month"])
        cells.append({"region": r["group"], "code": code, "month": r["month"], "units_with": r["units_with"],
                      "units": r["units"], "density": r["density"], "hits": len(r["formulation_ids"]),
                      "href": search_href(surface(r["formulation_ids"]), formulation=value, region=code,
                                          **{"from": a, "to": b})})
    regions = sorted({c["region"] for c in cells}, key=lambda g: (codes.get(g) or "~", g))
    months = sorted({c["month"] for c in cells})

    first = []
    for r in first_appearance(conn, by="region"):
        if r["formulation"] != value:
            continue
        code = codes.get(r["group"])
        first.append({"region": r["group"], "code": code, "first_date": r["first_date"], "lag_days": r["lag_days"],
                      "href": search_href(surface(r["formulation_ids"]), formulation=value, region=code,
                                          **{"from": r["first_date"][:10], "to": r["first_date"][:10]})})

    # Amplification: a region's share of units carrying the formulation ÷ the share over all regions.
    from readout.analyze.formulations import analysis_units  # the analyses' own unit definition, not a copy of it

    units = analysis_units(conn, "region")
    per_region_units = Counter(g for g, _ in units.values())
    whole = [r for r in density(conn, by="region", monthly=False) if r["formulation"] == value]
    total_with = sum(r["units_with"] for r in whole)
    overall = total_with / len(units) if units else 0.0
    amp = []
    for r in whole:
        code = codes.get(r["group"])
        amp.append({"region": r["group"], "code": code, "units_with": r["units_with"], "units": r["units"],
                    "density": r["density"], "overall_density": round(overall, 4),
                    "amplification": round(r["density"] / overall, 2) if overall else None,
                    "href": search_href(surface(r["formulation_ids"]), formulation=value, region=code)})
    amp.sort(key=lambda r: (-(r["amplification"] or 0), r["region"]))
    total = sum(1 for _ in id_text)
    return {"formulation": value, "compare": values[1:], "hits": total,
            "documents": conn.execute("SELECT count(DISTINCT document_id) FROM formulations WHERE value = ?",
                                      (value,)).fetchone()[0],
            "variants": [{"text": t, "hits": n, "href": search_href(t, formulation=value)}
                         for t, n in variants.most_common()],
            "series": series, "heatmap": {"regions": regions, "months": months, "cells": cells},
            "first_appearance": first, "amplification": amp, "overall_units": len(units),
            "regions_with_units": len(per_region_units)}


# -- echo matrix --------------------------------------------------------------------------

def echo_page(corpus: Corpus, conn: sqlite3.Connection, doc_ids: list[str], terms: list[str],
              top: int = 20) -> dict[str, Any]:
    known = {r[0]: r for r in conn.execute("SELECT id, title, source FROM documents")}
    missing = [d for d in doc_ids if d not in known]
    if missing:
        raise NotFound(", ".join(missing))
    m = echo_matrix(conn, terms=terms or None, document_ids=doc_ids or None)
    forms = m.formulations if terms else m.formulations[:top]
    codes = region_codes(conn)
    source = known[doc_ids[0]][2] if len(doc_ids) == 1 else None
    cells = []
    for r in m.regions:
        for f in forms:
            c = m.cells.get((r, f))
            if not c:
                continue
            q = f if terms else (_surface(conn, c.formulation_ids) or f)
            cells.append({"region": r, "code": codes.get(r), "formulation": f, "count": c.count,
                          "href": search_href(q, region=codes.get(r), source=source,
                                              formulation=None if terms else f)})
    used = {c["region"] for c in cells}
    regions = [r for r in m.regions if r in used]
    totals = Counter()
    for c in cells:
        totals[c["formulation"]] += c["count"]
    examples = [{"document_id": did, "title": t, "sections": n, "href": f"/echo?doc={did}"}
                for did, t, n in conn.execute(
                    "SELECT d.id, d.title, count(*) FROM sections s JOIN documents d ON d.id = s.document_id "
                    "WHERE s.region_name IS NOT NULL GROUP BY d.id HAVING count(DISTINCT s.region_name) >= 3 "
                    "ORDER BY count(*) DESC LIMIT 10")]
    return {"documents": [{"document_id": d, "title": known[d][1], "href": f"/documents/{d}"} for d in doc_ids],
            "terms": terms, "top": top, "regions": regions, "formulations": forms,
            "column_totals": [{"formulation": f, "count": totals[f]} for f in forms],
            "cells": cells, "examples": examples}


# -- official -----------------------------------------------------------------------------

def official_page(corpus: Corpus, conn: sqlite3.Connection, name: str) -> dict[str, Any]:
    row = conn.execute("SELECT id, name, political FROM officials WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise NotFound(name)
    oid = row[0]
    posts = career(conn, name)  # tenure spans (every person of this name), each with its evidence
    for p in posts:
        p["region_href"] = f"/regions/{p['code']}" if p["code"] else None
        p["people"] = len({q["person"] for q in posts})
        for e in p["evidence_spans"]:
            e["href"] = document_href(e["document_id"], e["start"], e["end"])
    events = _rows(conn, "SELECT e.event_id, e.document_id, e.title, e.date, e.kind, e.region_name, e.region_code, "
                         "e.leader, e.meeting FROM event_officials eo JOIN events_with_leaders e "
                         "ON e.event_id = eo.event_id WHERE eo.official_id = ? GROUP BY e.event_id "
                         "ORDER BY e.date, e.event_id", (oid,))
    for e in events:
        e["href"] = f"/documents/{e['document_id']}#ev-{e['event_id']}"
        e["role"] = "leader" if e["leader"] == name else "present"
    statements = _rows(conn, 'SELECT s.id, s.document_id, d.title, s.start, s."end", s.text FROM statements s '
                             "JOIN documents d ON d.id = s.document_id WHERE s.official_id = ? OR s.speaker = ? "
                             "ORDER BY d.pub_date, s.id", (oid, name))
    for s in statements:
        s["href"] = f"/documents/{s['document_id']}#st-{s['id']}"
    docs = _rows(conn, "SELECT o.document_id, d.title, d.pub_date, o.posts FROM document_officials o "
                       "JOIN documents d ON d.id = o.document_id WHERE o.official_id = ? ORDER BY d.pub_date",
                 (oid,))
    for d in docs:
        d["posts"] = json.loads(d["posts"] or "[]")
        d["href"] = f"/documents/{d['document_id']}"
    per_month = Counter((e["date"] or "")[:7] for e in events if e["date"])
    return {"name": name, "political": bool(row[2]),
            "counts": {"posts": len(posts), "events": len(events), "statements": len(statements),
                       "documents": len(docs)},
            "roster": posts, "events": events, "events_per_month": [{"month": m, "events": n}
                                                                   for m, n in sorted(per_month.items())],
            "statements": statements, "documents": docs}


# -- region -------------------------------------------------------------------------------

def region_page(corpus: Corpus, conn: sqlite3.Connection, code: str) -> dict[str, Any]:
    names = [n for n, c in region_codes(conn).items() if c == code]
    if not names:
        row = conn.execute("SELECT name FROM region_mentions WHERE code = ? LIMIT 1", (code,)).fetchone()
        if row is None:
            raise NotFound(code)
        names = [row[0]]
    try:
        tl = timeline(conn, region=code)
    except ReadoutError:  # a city or county: events are located by province
        tl = []
    ids = ",".join(str(int(i)) for r in tl for i in r["event_ids"]) or "NULL"
    events = _rows(conn, "SELECT event_id, document_id, title, date, kind, region_name, leader, meeting "
                         f"FROM events_with_leaders WHERE event_id IN ({ids}) ORDER BY date, event_id")
    for e in events:
        e["href"] = f"/documents/{e['document_id']}#ev-{e['event_id']}"
    per_month = Counter(r["date"][:7] for r in tl for _ in r["event_ids"])
    officials = roster(conn, region=code)
    for o in officials:
        o["href"] = "/officials/" + path_part(o["name"])
    officials.sort(key=lambda o: (o["level"] != "province", o["kind"], -(o["documents"] or 0), o["name"]))

    from readout.analyze.formulations import analysis_units  # the analyses' own unit definition

    units = analysis_units(conn, "region")
    n_units = len(units)
    mine = sum(1 for g, _ in units.values() if g in names)
    overall: Counter[str] = Counter()
    here: Counter[str] = Counter()
    for r in density(conn, by="region", monthly=False):
        overall[r["formulation"]] += r["units_with"]
        if r["group"] in names:
            here[r["formulation"]] += r["units_with"]
    compare = []
    for f, n_all in overall.items():
        d_all = n_all / n_units if n_units else 0.0
        d_here = here[f] / mine if mine else 0.0
        compare.append({"formulation": f, "units_with": here[f], "units": mine, "density": round(d_here, 4),
                        "overall_units_with": n_all, "overall_density": round(d_all, 4),
                        "ratio": round(d_here / d_all, 2) if d_all else None,
                        "href": search_href(f, formulation=f, region=code), "page": "/formulations/" + path_part(f)})
    most = sorted((c for c in compare if c["units_with"]), key=lambda c: (-c["ratio"], -c["units_with"],
                                                                          c["formulation"]))[:15]
    # Least used: what most regions say and this one (nearly) never does.
    least = sorted((c for c in compare if c["overall_units_with"] >= 2),
                   key=lambda c: (c["ratio"], -c["overall_density"], c["formulation"]))[:15]
    return {"code": code, "names": names, "units": mine,
            "counts": {"events": len(events), "officials": len(officials), "documents":
                       conn.execute("SELECT count(*) FROM documents WHERE region_code = ? OR id IN (SELECT "
                                    "document_id FROM sections WHERE region_code = ?)", (code, code)).fetchone()[0]},
            "events": events, "events_per_month": [{"month": m, "events": n} for m, n in sorted(per_month.items())],
            "officials": officials[:100], "most_used": most, "least_used": least}


# -- reuse --------------------------------------------------------------------------------

def _stored_reuse(conn: sqlite3.Connection, doc_id: str) -> list[dict[str, Any]]:
    """This document's places in the passage families ``readout analyze`` stored (while they cover the
    corpus), each linked to the family's text in another document."""
    from readout.analyze.materialise import fresh

    if not fresh(conn, "reuse"):
        return []
    out = []
    for fam, s, e in conn.execute('SELECT family_id, start, "end" FROM reuse_members WHERE document_id = ? '
                                  "ORDER BY start LIMIT 1000", (doc_id,)):
        other = conn.execute('SELECT document_id, start, "end" FROM reuse_families WHERE id = ? AND document_id != ? '
                             'UNION ALL SELECT document_id, start, "end" FROM reuse_members WHERE family_id = ? '
                             "AND document_id != ? LIMIT 1", (fam, doc_id, fam, doc_id)).fetchone()
        if other is not None:
            od, os_, oe = other
            out.append({"start": s, "end": e, "length": e - s, "other_document_id": od, "other_start": os_,
                        "other_end": oe, "href": f"/documents/{od}?mark={os_}-{oe}#hit"})
    return out


def _titles(conn: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    """Titles of just these documents (never a whole-table read inside a request)."""
    out: dict[str, str] = {}
    ids_list = sorted(ids)
    for k in range(0, len(ids_list), 500):
        chunk = ids_list[k:k + 500]
        out.update(conn.execute(f"SELECT id, title FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    return out


def reuse_page(corpus: Corpus, conn: sqlite3.Connection, pair: int = 0, limit: int = 50) -> dict[str, Any]:
    ready = corpus.reuse_ready(conn)
    if ready is None:  # too large to align here: what readout analyze stored
        return {"counts": {"passages": 0, "pairs": 0, "regions": 0, "edges": 0}, "families": stored_family_rows(conn),
                "pairs": [], "selected": None, "copy_ratio": [], "network": []}
    res = ready[0]
    groups: dict[tuple, list] = defaultdict(list)
    for p in res.passages:
        groups[(p.a_document_id, p.a_section_id, p.b_document_id, p.b_section_id)].append(p)
    pairs = []
    for (ad, asec, bd, bsec), ps in groups.items():
        pairs.append({"a_document_id": ad, "a_section_id": asec, "a_region": ps[0].a_region,
                      "b_document_id": bd, "b_section_id": bsec,
                      "b_region": ps[0].b_region, "passages": len(ps),
                      "shared_chars": sum(p.length for p in ps)})
    pairs.sort(key=lambda r: (-r["shared_chars"], r["a_document_id"], r["b_document_id"]))
    n_pairs = len(pairs)
    pairs = pairs[:limit]
    titles = _titles(conn, {r[f"{side}_document_id"] for r in pairs for side in "ab"})
    for k, r in enumerate(pairs):
        r["href"] = f"/reuse?pair={k}#pair"
        r["a_title"], r["b_title"] = titles.get(r["a_document_id"]), titles.get(r["b_document_id"])
    selected = None
    if pairs:
        pair = min(max(pair, 0), len(pairs) - 1)
        r = pairs[pair]
        ps = sorted(groups[(r["a_document_id"], r["a_section_id"], r["b_document_id"], r["b_section_id"])],
                    key=lambda p: (p.a_start, p.b_start))
        sides = {}
        for side in ("a", "b"):
            did, sid = r[f"{side}_document_id"], r[f"{side}_section_id"]
            text = conn.execute("SELECT text FROM documents WHERE id = ?", (did,)).fetchone()[0]
            s, e = (0, len(text))
            if sid is not None:
                s, e = conn.execute('SELECT start, "end" FROM sections WHERE id = ?', (sid,)).fetchone()
            spans = [Span(getattr(p, f"{side}_start"), getattr(p, f"{side}_end"), "reuse", f"{side}-{k}", None,
                          f"passage {k + 1}") for k, p in enumerate(ps)]
            sides[side] = {"document_id": did, "section_id": sid, "start": s, "end": e,
                           "title": titles.get(did), "region": r[f"{side}_region"],
                           "html": highlight(text[s:e], spans, offset=s), "href": f"/documents/{did}"}
        aligned = [{"k": k, "a_start": p.a_start, "a_end": p.a_end, "b_start": p.b_start, "b_end": p.b_end,
                    "length": p.length, "text": p.text} for k, p in enumerate(ps)]
        selected = {"index": pair, "a": sides["a"], "b": sides["b"], "passages": aligned}
    by_region: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for u in res.sections:
        acc = by_region[u.region or "(none)"]
        acc[0] += 1
        acc[1] += u.chars
        acc[2] += u.shared_chars
    ratios = [{"region": g, "units": n, "chars": c, "shared_chars": s, "copy_ratio": round(s / c, 4) if c else 0.0}
              for g, (n, c, s) in by_region.items()]
    ratios.sort(key=lambda r: (-r["copy_ratio"], r["region"]))
    edges: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for p in res.passages:
        if p.a_region and p.b_region and p.a_region != p.b_region:
            key = tuple(sorted((p.a_region, p.b_region)))
            edges[key][0] += 1
            edges[key][1] += p.length
    network = [{"a": a, "b": b, "passages": n, "chars": c} for (a, b), (n, c) in edges.items()]
    network.sort(key=lambda r: (-r["chars"], r["a"], r["b"]))
    return {"counts": {"passages": len(res.passages), "pairs": n_pairs, "regions": len(ratios),
                       "edges": len(network)},
            "families": stored_family_rows(conn), "pairs": pairs, "selected": selected, "copy_ratio": ratios,
            "network": network[:200]}


def stored_family_rows(conn: sqlite3.Connection, limit: int = 50) -> dict[str, Any]:
    """The first passage families ``readout analyze`` stored (``stored`` False when there are none or they
    no longer cover the corpus: the page then says to run it)."""
    from readout.analyze.families import stored_families
    from readout.analyze.materialise import fresh, stored

    if stored(conn, "reuse") is None:
        return {"stored": False, "fresh": False, "rows": []}
    rows = []
    for f in stored_families(conn, limit=limit):
        d = f.to_dict()
        d["href"] = document_href(f.document_id, f.start, f.end)
        rows.append(d)
    return {"stored": True, "fresh": fresh(conn, "reuse"), "rows": rows}
