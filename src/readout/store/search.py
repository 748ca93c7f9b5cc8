"""Exact substring search over titles and texts, with filters, BM25 ranking and KWIC hits.

The FTS5 indexes only *propose* candidate documents; every candidate is verified with
``instr`` on the stored text, so results are exactly the documents a brute-force
substring scan returns (see ``docs/search.md`` for the design and its measurements):

- ``search_grams`` holds every distinct 1- and 2-character string of the text as one
  unicode61 token (punctuation spelled out as ``x<hex>``), without positions;
- 1–2 characters → one token (a single posting list); 3 characters or more → an AND of
  the query's bigrams (at most 8, spread); whitespace splits the query into runs;
- a query of whitespace only → a verified scan of all documents.
"""

from __future__ import annotations

import math
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from readout.errors import Errors, ReadoutError
from readout.store.facts import DateSpans, date_spans, hit_region

__all__ = ["Hit", "SearchResult", "search", "brute_force", "route"]

K1, B, TITLE_BONUS = 1.2, 0.75, 2.0
# With a limit, rank within the newest this-many matching documents (per query) so a
# 1-character query over a million documents stays fast; limit=0 ranks everything.
DEFAULT_MAX_DOCS = 1000
# With a region or date filter every ranked document also costs its sections and event
# dates (the count is per section), and only a fraction of the candidates pass (6 % for
# 2018–2019 + region 3x in the benchmark): rank the newest 200.
FILTERED_MAX_DOCS = 200


@dataclass(slots=True)
class Hit:
    """One occurrence of the query: KWIC context plus where it sits."""

    document_id: str
    field: str  # "text" | "title" (the latter only when the title is not the text's first line)
    start: int
    end: int
    left: str
    hit: str
    right: str
    date: str | None  # the date of the hit (readout.store.facts: its reported event, else the publication date)
    region_name: str | None
    region_code: str | None
    title: str
    source: str | None
    section_id: int | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class SearchResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    documents: int = 0  # matching documents examined (all of them when ``complete``)
    complete: bool = True  # False when a limit stopped the scan early: ranking covers the newest ``documents``
    total_documents: int = 0  # exact when complete, else extrapolated from the newest matches' density
    route: str = ""  # "grams" | "scan"


def route(query: str) -> tuple[str, str | None]:
    """Which index answers ``query``, and its FTS5 MATCH expression (None for a scan)."""
    from readout.store.rows import query_tokens

    toks = query_tokens(query)
    if not toks:
        return "scan", None
    return "grams", " AND ".join('"' + t.replace('"', '""') + '"' for t in toks)


def _conn(db: sqlite3.Connection | str | Path) -> tuple[sqlite3.Connection, bool]:
    if isinstance(db, sqlite3.Connection):
        return db, False
    from readout.store import connect

    return connect(db, readonly=True), True


_SURROGATES = re.compile("[\ud800-\udfff]")


def search(
    db: sqlite3.Connection | str | Path,
    query: str,
    *,
    limit: int = 20,
    date_from: str | None = None,
    date_to: str | None = None,
    region: str | None = None,
    official: str | None = None,
    formulation: str | None = None,
    source: str | None = None,
    context: int = 20,
    max_docs: int | None = None,
) -> SearchResult:
    """Find ``query`` as an exact substring; ``limit`` hits (0 = all), best documents first.

    ``region`` is a province-level name or code (天津, 天津市, 120000, 12; ``readout.store.places``).
    """
    if not query:
        raise ReadoutError(Errors.E201)
    if _SURROGATES.search(query):  # undecodable bytes on the command line arrive as lone surrogates
        raise ReadoutError(Errors.E207)
    for name, value, high in (("limit", limit, 1_000_000), ("context", context, 1000)):
        if not 0 <= value <= high:
            raise ReadoutError(Errors.E206, option=name, low=0, high=high, value=value)
    if region:
        from readout.store.places import resolve

        region = resolve(region).province_range("search hits")[0]
    conn, own = _conn(db)
    try:
        return _search(conn, query, limit, date_from, date_to, region, official, formulation, source, context,
                       max_docs)
    finally:
        if own:
            conn.close()


def _search(conn, query, limit, date_from, date_to, region, official, formulation, source, context,
            max_docs) -> SearchResult:  # noqa: ANN001
    how, expr = route(query)
    where: list[str] = []
    args: dict[str, Any] = {"q": query}
    source_sql, order = "documents d", "d.doc_no DESC"
    if how != "scan":
        # Drive the query from the FTS table: it streams rowids newest first and stops at
        # the LIMIT, where `doc_no IN (subquery)` would materialise every match first.
        table = "search_grams"
        source_sql, order = f"{table} s JOIN documents d ON d.doc_no = s.rowid", "s.rowid DESC"
        where.append(f"{table} MATCH :m")
        args["m"] = expr
    # Document-level pre-filters, correlated (EXISTS … WHERE document_id = d.id) so each
    # candidate costs an index probe; an uncorrelated IN (SELECT …) would materialise every
    # event or section of the corpus that passes, once per query.
    # A hit's date and region follow readout.store.facts; every date a hit can get is the
    # publication date or an event date, every region a section's or the document's. So a
    # document can only have passing hits if one of those dates lies in the range and one
    # of those codes starts with the prefix: document_filters holds them per document (one
    # narrow row, found by rowid); stores from before migration 0008 opened read-only probe instead.
    use_spans = False  # the filter row also carries each section's span and region and the hit dates (0013)
    if (date_from or date_to or region) and _has_filters_table(conn):
        use_spans = _has_hit_dates(conn)
        # CROSS JOIN fixes the order: the narrow filter row is checked before the wide
        # documents row is read (2.6 vs 16 ms for 发展 at 10⁵ documents).
        if how != "scan":
            source_sql = "search_grams s JOIN document_filters f ON f.doc_no = s.rowid CROSS JOIN documents d ON d.doc_no = s.rowid"
        else:
            source_sql = "document_filters f CROSS JOIN documents d ON d.doc_no = f.doc_no"
        if date_from or date_to:
            args["df"], args["dt"] = date_from or "0000", date_to or "9999"
            where.append("f.date_max >= :df AND f.date_min <= :dt")
        if region:
            args["rs"] = " " + region
            where.append("instr(f.regions, :rs) > 0")
    else:
        if date_from or date_to:
            args["df"], args["dt"] = date_from or "0000", date_to or "9999"
            where.append("(d.pub_date BETWEEN :df AND :dt OR EXISTS (SELECT 1 FROM events e WHERE e.document_id = d.id "
                         "AND e.date BETWEEN :df AND :dt))")
        if region:
            where.append("(d.region_code LIKE :rp OR EXISTS (SELECT 1 FROM sections s2 WHERE s2.document_id = d.id "
                         "AND s2.region_code LIKE :rp))")
            args["rp"] = region.replace("%", "").replace("_", "") + "%"
    if official:
        where.append("EXISTS (SELECT 1 FROM official_mentions m WHERE m.document_id = d.id AND m.name = :of)")
        args["of"] = official
    if formulation:
        where.append("EXISTS (SELECT 1 FROM formulations f WHERE f.document_id = d.id AND (f.value = :fm OR f.text = :fm))")
        args["fm"] = formulation
    if source:
        where.append("instr(d.source, :src) > 0")
        args["src"] = source
    # Verification last: SQLite tests the terms in this order, and instr reads the text
    # (overflow pages), so candidates the cheap filters reject never load it.
    where.append("(instr(d.text, :q) > 0 OR instr(d.title, :q) > 0)")
    window = FILTERED_MAX_DOCS if (region or date_from or date_to) else DEFAULT_MAX_DOCS
    cap = None if limit == 0 else (max_docs or max(window, limit))
    # The text comes as UTF-8 bytes: pass 1 counts in bytes (UTF-8 is self-synchronising,
    # so byte matches are character matches) and only the output documents are decoded,
    # which saves ~25 % of a 1,000-document window.
    sql = ("SELECT d.doc_no, d.id, d.title, CAST(d.text AS BLOB), d.pub_date, d.source, d.region_name, d.region_code, "
           "d.n_chars" + (", f.sections, f.date, f.dates " if use_spans else " ") +
           f"FROM {source_sql} WHERE " + " AND ".join(where) + f" ORDER BY {order}")
    if cap is not None:
        sql += f" LIMIT {cap + 1}"
    rows = conn.execute(sql, args).fetchall()
    complete = cap is None or len(rows) <= cap
    if not complete:
        rows = rows[:cap]

    n_docs, n_chars = conn.execute("SELECT n_documents, n_chars FROM corpus_stats").fetchone()
    avgdl = n_chars / n_docs if n_docs else 1.0
    pat = re.compile(re.escape(query))
    qb = query.encode("utf-8")
    filtered = bool(region or date_from or date_to)
    # Sections and hit dates per candidate: from the filter row, else probed for all
    # candidates (stores before 0013 opened read-only); unfiltered, only for the output.
    ctx = _contexts(conn, [(r[1], r[4]) for r in rows]) if filtered and not use_spans else {}

    def passes(rcode: str | None, date: str | None) -> bool:
        if region and not (rcode or "").startswith(region):
            return False
        if date_from and (date is None or date < date_from):
            return False
        return not (date_to and (date is None or date > date_to))

    def doc_hits(row) -> list[Hit]:  # noqa: ANN001
        doc_no, did, title, text, pub_date, src, d_rname, d_rcode, n = row[:9]
        text = text.decode("utf-8")
        positions = [("text", m.start()) for m in pat.finditer(text)]
        if title and not text.startswith(title):
            positions += [("title", m.start()) for m in pat.finditer(title)]
        if not positions:
            return []
        # Sections give every hit its region, the date spans its date (readout.store.facts).
        secs, spans = ctx[did] if did in ctx else _contexts(conn, [(did, pub_date)])[did]
        hits: list[Hit] = []
        for fld, s in positions:
            e = s + len(query)
            sid, rname, rcode = None, d_rname, d_rcode
            if fld == "text":
                for sec_id, ss, se, sn, sc in secs:
                    if ss <= s < se:
                        sid, rname, rcode = sec_id, hit_region(sn, d_rname), hit_region(sc, d_rcode)
                        break
            date = spans.at(s if fld == "text" else None)
            if filtered and not passes(rcode, date):
                continue
            body = text if fld == "text" else title
            hits.append(Hit(did, fld, s, e, body[max(0, s - context):s].replace("\n", " "), body[s:e],
                            body[e:e + context].replace("\n", " "), date, rname, rcode, title, src, sid, 0.0))
        return hits

    def filtered_tf(row) -> float:  # noqa: ANN001
        """Occurrences whose place (region, date) passes the filters, counted per piece of the text in C.

        The pieces are cut at every section and date-span boundary, so region and date are
        constant inside each; an occurrence belongs to the piece it starts in.
        """
        doc_no, did, title, text, pub_date, src, d_rname, d_rcode, n = row[:9]
        text = text.decode("utf-8")
        if use_spans and row[11] is not None:
            secs, spans = _parse_sections(row[9]), DateSpans.loads(row[11], row[10])
        else:
            secs, spans = ctx[did] if did in ctx else _contexts(conn, [(did, pub_date)])[did]
        cuts = sorted({0, len(text), *spans.starts, *(x for sec in secs for x in sec[1:3])})
        extra = len(query) - 1
        tf, k_sec = 0, 0
        for a, b in zip(cuts, cuts[1:]):
            if a >= len(text):
                break
            while k_sec < len(secs) and secs[k_sec][2] <= a:
                k_sec += 1
            inside = k_sec < len(secs) and secs[k_sec][1] <= a
            rcode = hit_region(secs[k_sec][4], d_rcode) if inside else d_rcode
            k = text.count(query, a, b + extra)
            if k and passes(rcode, spans.at(a)):
                tf += k
        if title and not text.startswith(title) and passes(d_rcode, spans.default):
            tf += title.count(query)
        return float(tf)

    # Pass 1 scores every candidate cheaply (str.count in C); only the documents that
    # reach the output get their hits (pass 2). With a region or date filter the count
    # covers only the sections that pass (their region and date are known per section).
    scored: list[tuple[float, int, Any]] = []
    for row in rows:
        doc_no, did, title, text = row[:4]
        n = row[8]
        if filtered:
            tf = filtered_tf(row)
        else:
            tf = float(text.count(qb) + (title.count(query) if title and not text.startswith(title.encode()) else 0))
        if not tf:
            continue
        tf += TITLE_BONUS if query in title else 0.0
        dl = n + len(title)
        scored.append((tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl / avgdl)), doc_no, row))

    total = len(scored)
    if not complete and rows:
        # The scan stopped after the newest ``cap`` matches, which span doc_no rows[-1]..max:
        # extrapolate their density to the whole store (a count over the index costs up
        # to 200 ms for an AND of two common bigrams at 10⁵ documents; this costs nothing).
        top = conn.execute("SELECT max(doc_no) FROM documents").fetchone()[0] or 1
        span = max(1, top - rows[-1][0] + 1)
        total = max(total, min(n_docs, round(len(rows) * top / span)))
    idf = math.log(1 + (n_docs - total + 0.5) / (total + 0.5)) if n_docs else 0.0
    scored.sort(key=lambda t: (-t[0], -t[1]))  # ties: newest ingested first
    out: list[Hit] = []
    if not filtered or use_spans:  # sections and event dates of the documents that can reach the output, in two queries
        ctx = _contexts(conn, [(t[2][1], t[2][4]) for t in scored[:limit or len(scored)]])
    for score, _, row in scored:
        hits = doc_hits(row)
        if not hits:  # a filtered count can overshoot for self-overlapping queries (党党 in 党党党)
            continue
        for h in hits:
            h.score = round(idf * score, 4)
        out.extend(hits)
        if limit and len(out) >= limit:
            out = out[:limit]
            break
    return SearchResult(query, out, len(scored), complete, total, "grams" if how != "scan" else "scan")


def _has_filters_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'document_filters'").fetchone() \
        is not None


def _has_hit_dates(conn: sqlite3.Connection) -> bool:
    """True when ``document_filters`` carries the section spans (0011) and the hit dates (0013)."""
    return {"sections", "dates"} <= {r[1] for r in conn.execute("PRAGMA table_info(document_filters)")}


def _parse_sections(spans: str | None) -> list[tuple]:
    """Sections as ``_contexts`` gives them, from ``document_filters.sections`` ('start,end,code,date;…'); ids are positions."""
    secs: list[tuple] = []
    for k, part in enumerate(spans.split(";") if spans else ()):
        ss, se, code, _ = part.split(",")
        secs.append((k, int(ss), int(se), None, code or None))
    return secs


def _contexts(conn: sqlite3.Connection, docs: list[tuple[str, str | None]]) -> dict[str, tuple[list[tuple], DateSpans]]:
    """Each document's sections (id, start, end, region name, region code) and hit dates, from (id, pub_date) pairs.

    The dates are the stored spans (``document_filters.dates``) when the writer or
    ``readout analyze`` has dated the document, else worked out from its events by the
    same rule (``readout.store.facts.date_spans``). A few queries per 500 documents.
    """
    out: dict[str, tuple[list[tuple], DateSpans]] = {}
    stored = _has_filters_table(conn) and _has_hit_dates(conn)
    for i in range(0, len(docs), 500):
        part = docs[i:i + 500]
        ids = [d for d, _ in part]
        marks = ",".join("?" * len(ids))
        secs: dict[str, list[tuple]] = {did: [] for did in ids}
        for did, *sec in conn.execute('SELECT document_id, id, start, "end", region_name, region_code FROM sections '
                                      f"WHERE document_id IN ({marks}) ORDER BY document_id, start", ids):
            secs[did].append(tuple(sec))
        spans: dict[str, DateSpans] = {}
        if stored:
            for did, dte, dates in conn.execute("SELECT d.id, f.date, f.dates FROM documents d JOIN document_filters f "
                                                f"ON f.doc_no = d.doc_no WHERE d.id IN ({marks})", ids):
                if dates is not None:
                    spans[did] = DateSpans.loads(dates, dte)
        missing = [(did, pub) for did, pub in part if did not in spans]
        if missing:
            evs: dict[str, list[tuple]] = {did: [] for did, _ in missing}
            m_marks = ",".join("?" * len(missing))
            for did, *ev in conn.execute('SELECT document_id, start, "end", date FROM events WHERE document_id IN '
                                         f"({m_marks}) ORDER BY document_id, seq", [d for d, _ in missing]):
                evs[did].append(tuple(ev))
            for did, pub in missing:
                spans[did] = date_spans(pub, [(s[1], s[2]) for s in secs[did]], evs[did])[0]
        for did in ids:
            out[did] = (secs[did], spans[did])
    return out


def brute_force(db: sqlite3.Connection | str | Path, query: str) -> set[str]:
    """Ids of documents whose title or text contains ``query`` — the reference search is tested against."""
    conn, own = _conn(db)
    try:
        return {did for did, title, text in conn.execute("SELECT id, title, text FROM documents")
                if query in title or query in text}
    finally:
        if own:
            conn.close()
