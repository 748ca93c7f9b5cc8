"""A document as ready-to-insert row tuples, and the batched writer that inserts them.

``doc_rows`` turns a ``Document`` into plain tuples (cheap to pickle, so worker
processes can build them and the single writer only runs ``executemany``). Rows refer
to each other by position inside the document (section k, mention k, event k) and to
officials by name; ``write_rows`` turns those into table ids for a whole batch at once:
explicit ids from ``max(id) + 1``, one ``executemany`` per table per batch. The caller
holds the transaction, so a batch is all there or not there.
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_right
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache

from readout.model import FORMAT_VERSION, Document
from readout.store import copies
from readout.store.facts import date_spans, document_region

__all__ = ["doc_rows", "write_rows", "index_terms", "gram_token", "query_tokens"]

# Positions inside a DocRows tuple.
DOC, NCHARS, TERMS, SECS, DOFF, MENS, POSTS, EVS, EVOFF, STMTS, FORMS, REGS, DATES, NAMES, KEYS, SPANS = range(16)


@cache
def gram_token(c: str) -> str:
    """One character as a unicode61 token: itself when SQLite surely keeps it, else ``x<hex>``.

    Safe = ASCII letters/digits and CJK ideographs in SQLite's Unicode 6.1 tables
    (U+4E00–U+9FCC, U+3400–U+4DB5); punctuation and everything else is spelled out so
    that no character is ever dropped by the tokenizer (a dropped token would be a miss).
    """
    if ("\u4e00" <= c <= "\u9fcc") or ("\u3400" <= c <= "\u4db5") or (c.isascii() and c.isalnum()):
        return c
    return f"x{ord(c):x}"


def index_terms(title: str, text: str) -> str:
    """The token stream for ``search_grams``: every distinct character and adjacent pair of title + text.

    Pairs never cross whitespace (the clean text has blanks only as line breaks). Pairs
    with punctuation stay: leaving them out made the index 18 % smaller, but a query
    like 等，组 then fell back to unigrams and verified ~57,000 candidates at 10⁵
    documents (docs/search.md). Repeats are dropped here, in the worker: with ``detail=none``
    the index is the same, and the single writer (the bulk-load bottleneck) spends its
    FTS5 time per token it is given (0.42 → 0.30 ms per document, docs/search.md).
    """
    uni: dict[str, None] = {}
    bi: dict[str, None] = {}
    for run in (title + "\n" + text).split():
        toks = list(map(gram_token, run))
        uni.update(dict.fromkeys(toks))
        if len(toks) > 1:
            bi.update(dict.fromkeys(map(str.__add__, toks, toks[1:])))
    return " ".join(uni) + " " + " ".join(bi)


def query_tokens(query: str, cap: int = 8) -> list[str]:
    """The ``search_grams`` terms every document containing ``query`` must have (empty: whitespace only).

    A whitespace-free run of one character gives its unigram, a longer run its bigrams;
    at most ``cap`` terms, spread over the query (verification does the exact part).
    """
    out: list[str] = []
    for run in query.split():
        toks = [gram_token(c) for c in run]
        out += toks if len(toks) == 1 else list(map(str.__add__, toks, toks[1:]))
    out = list(dict.fromkeys(out))
    if len(out) > cap:
        step = (len(out) - 1) / (cap - 1)
        out = list(dict.fromkeys(out[round(i * step)] for i in range(cap)))
    return out


def _main_region(doc: Document) -> tuple[str | None, str | None]:
    """The document's region (``readout.store.facts.document_region``), as (name, code)."""
    ref = document_region([(e.region, e.date) for e in doc.events], [s.region for s in doc.sections], doc.pub_date)
    return (ref.name, ref.code) if ref is not None else (None, None)


def _dumps(x: object) -> str:
    return json.dumps(x, ensure_ascii=False)


def doc_rows(doc: Document, raw: bytes | None) -> tuple:
    """Every row of ``doc`` as plain tuples (see the module doc); runs in a worker or in the writer.

    Refuses (``ReadoutError`` E021) a document with a span that is not its text or a raw-offset
    map that runs backwards: such a row would send every click-through to the wrong characters.
    """
    doc.verify()
    rname, rcode = _main_region(doc)
    drow = (doc.id, doc.source, doc.title, doc.pub_date, doc.pub_date_origin, rname, rcode, doc.format,
            doc.encoding, len(doc.text), FORMAT_VERSION, json.dumps([list(s) for s in doc.raw_offsets]), doc.text,
            raw, doc.clean_title or doc.title, doc.url, doc.record_id)
    secs = sorted(doc.sections, key=lambda s: s.start)
    starts = [s.start for s in secs]
    ends = [s.end for s in secs]

    def sec(pos: int) -> int | None:
        k = bisect_right(starts, pos) - 1
        return k if k >= 0 and pos < ends[k] else None

    # Every hit's date, by the one rule (readout.store.facts): stored with the rows that carry offsets.
    spans, sec_dates = date_spans(doc.pub_date, [(s.start, s.end) for s in secs],
                                  [(e.start, e.end, e.date) for e in doc.events])
    sections = []
    for i, s in enumerate(secs):  # the text is documents.text[start:end] (view sections_text)
        r = s.region
        sections.append((i, s.start, s.end, r and r.name, r and r.code, r and r.start, r and r.end, r and r.text,
                         sec_dates[i]))
    names: dict[str, bool] = {}  # name -> political, in the order the serial writer resolved them
    doffs: list[tuple] = []
    mens: list[tuple] = []
    posts: list[tuple] = []
    for o in doc.officials:
        names[o.name] = names.get(o.name, False) or bool(o.political)
        doffs.append((o.name, _dumps(o.posts), int(o.political)))
        for m in o.mentions:
            k = len(mens)
            mens.append((o.name, sec(m.start), m.start, m.end, m.text, _dumps([p.value for p in m.posts]),
                         spans.at(m.start)))
            posts += [(k, o.name, p.start, p.end, p.text, p.value, int(p.political), p.status) for p in m.posts]
    evs, evoffs = [], []
    for i, e in enumerate(doc.events):
        r, t, ds = e.region, e.title, e.date_span
        evs.append((sec(e.start), i, e.start, e.end, e.text, e.date, e.date_end, e.kind, e.leader,
                    t and t.start, t and t.end, t and t.text, r and r.name, r and r.code, r and r.start,
                    r and r.end, r and r.text, ds and ds.start, ds and ds.end, ds and ds.text))
        for k, a in enumerate(e.officials):
            names.setdefault(a.name, False)
            evoffs.append((i, a.name, k, _dumps(a.posts), a.start, a.end, a.text))
    stmts = [(sec(s.start), s.speaker, s.start, s.end, s.text, s.verb.start, s.verb.end, s.verb.text,
              s.speaker_span.start, s.speaker_span.end, s.speaker_span.text) for s in doc.statements]
    forms = [(sec(f.start), f.start, f.end, f.text, f.value, f.kind, spans.at(f.start)) for f in doc.formulations]
    regs = [(sec(r.start), r.start, r.end, r.text, r.name, r.code, r.level, r.province, r.province_code)
            for r in doc.regions]
    dates = [(d.start, d.end, d.text, d.date, d.date_end, d.precision, d.inferred) for d in doc.dates]
    return (drow, len(doc.text) + len(doc.title), index_terms(doc.title, doc.text), sections, doffs, mens, posts,
            evs, evoffs, stmts, forms, regs, dates, tuple(names.items()), copies.keys(doc.title, doc.text, doc.pub_date),
            (spans.dumps(), spans.default))


def _max_id(c: sqlite3.Connection, table: str, col: str = "id") -> int:
    return c.execute(f"SELECT coalesce(max({col}), 0) FROM {table}").fetchone()[0]


_in_chunks = copies.in_chunks


def known_ids(c: sqlite3.Connection, ids: Sequence[str]) -> set[str]:
    """Those of ``ids`` already arrived: stored documents and recorded copies."""
    return ({r[0] for r in _in_chunks(c, "SELECT id FROM documents WHERE id IN ({})", ids)}
            | {r[0] for r in _in_chunks(c, "SELECT copy_id FROM document_copies WHERE copy_id IN ({})", ids)})


def _copies(c: sqlite3.Connection, batch: Sequence[tuple], have: set[str]) -> dict[int, copies.Match]:
    """Batch positions whose document copies a stored one or one earlier in the batch (``readout.store.copies``)."""
    pos, arrivals, ids = [], [], set(have)
    for i, r in enumerate(batch):
        d = r[DOC]
        if d[0] not in ids:
            ids.add(d[0])
            pos.append(i)
            arrivals.append(copies.Arrival(d[0], d[2], d[12], d[1], r[KEYS]))
    return {pos[k]: m for k, m in copies.find_copies(c, arrivals).items()}


def write_rows(c: sqlite3.Connection, batch: Sequence[tuple], readout_version: str) -> list[str]:
    """Insert a batch of ``doc_rows`` tuples inside the caller's transaction; per item "stored", "copy" or "known".

    Same rows as writing the documents one by one in order: versions chain per source,
    officials are created on first sight and become political once any document says so.
    A copy of a stored story (``readout.store.copies``) adds a ``document_copies`` row instead.
    """
    ids = [r[DOC][0] for r in batch]
    have = known_ids(c, ids)
    copy_of = _copies(c, batch, have)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    doc_no = _max_id(c, "documents", "doc_no")
    sec_id, men_id, ev_id = _max_id(c, "sections"), _max_id(c, "official_mentions"), _max_id(c, "events")

    oid, fresh, upgrade = _official_ids(c, [r for i, r in enumerate(batch) if r[DOC][0] not in have and i not in copy_of])
    T: dict[str, list[tuple]] = {k: [] for k in ("doc", "sec", "doff", "men", "post", "ev", "evoff", "stmt", "form",
                                                 "reg", "date", "grams", "filters", "raw", "copy", "keys")}
    last_version = _last_versions(c, batch)
    stored: list[str] = []
    n_chars = 0
    for i, r in enumerate(batch):
        d = r[DOC]
        did, source = d[0], d[1]
        if did in have:
            stored.append("known")
            continue
        have.add(did)
        if (m := copy_of.get(i)) is not None:
            stored.append("copy")
            T["copy"].append((m.document_id, did, source, d[2], d[14], d[3], d[15], d[16], d[7], m.match,
                              round(m.similarity, 4), now))
            continue
        stored.append("stored")
        prev = last_version.get(source) if source is not None else None
        version, supersedes = (prev[1] + 1, prev[0]) if prev else (1, None)
        if source is not None:
            last_version[source] = (did, version)
        doc_no += 1
        T["doc"].append((doc_no, did, source, version, supersedes, *d[2:10], readout_version, d[10], now, *d[11:13],
                         *d[14:17]))
        if d[13] is not None:
            T["raw"].append((doc_no, d[13]))
        T["keys"].append((doc_no, r[KEYS]))
        _annotation_rows(T, r, did, (sec_id, men_id, ev_id), oid)
        sec_id += len(r[SECS])
        men_id += len(r[MENS])
        ev_id += len(r[EVS])
        T["grams"].append((doc_no, r[TERMS]))
        T["filters"].append(_filter_row(doc_no, r))
        n_chars += r[NCHARS]

    if T["doc"]:
        _insert(c, T, fresh, upgrade, n_chars)
    # after the documents: a copy may be of a story this batch stored
    c.executemany("INSERT INTO document_copies(document_id, copy_id, source, title, clean_title, pub_date, url,"
                  " record_id, format, match, similarity, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", T["copy"])
    return stored


def _official_ids(c: sqlite3.Connection, new: Sequence[tuple]) -> tuple[dict[str, int], list[tuple], list[tuple]]:
    """Officials of the batch's new documents: ids of the known ones, rows for the rest (created in
    first-seen order), and the known ones that become political."""
    political: dict[str, bool] = {}
    for r in new:
        for name, pol in r[NAMES]:
            political[name] = political.get(name, False) or pol
    known = {n: (i, p) for i, n, p in _in_chunks(c, "SELECT id, name, political FROM officials WHERE name IN ({})",
                                                   list(political))}
    oid: dict[str, int] = {}
    fresh = []
    next_oid = _max_id(c, "officials")
    for name, pol in political.items():
        if name in known:
            oid[name] = known[name][0]
        else:
            next_oid += 1
            oid[name] = next_oid
            fresh.append((next_oid, name, int(pol)))
    upgrade = [(known[n][0],) for n, p in political.items() if p and n in known and not known[n][1]]
    return oid, fresh, upgrade


def _last_versions(c: sqlite3.Connection, batch: Sequence[tuple]) -> dict[str, tuple[str, int]]:
    """The latest stored version of each source in the batch, in one query per 500 sources."""
    last_version: dict[str, tuple[str, int]] = {}
    sources = list({r[DOC][1] for r in batch if r[DOC][1] is not None})
    for src, did_, ver in _in_chunks(c, "SELECT source, id, version FROM documents WHERE source IN ({})", sources):
        if src not in last_version or ver > last_version[src][1]:
            last_version[src] = (did_, ver)
    return last_version


def _annotation_rows(T: dict[str, list[tuple]], r: tuple, did: str, before: tuple[int, int, int],
                     oid: dict[str, int]) -> None:
    """One document's section, official, event, statement, formulation, region and date rows, with table ids
    after ``before`` (the last section, mention and event id)."""
    s0, m0, e0 = before
    T["sec"] += [(s0 + 1 + x[0], did, *x) for x in r[SECS]]

    def sid(k: int | None) -> int | None:
        return None if k is None else s0 + 1 + k

    T["doff"] += [(did, oid[n], n, posts, pol) for n, posts, pol in r[DOFF]]
    T["men"] += [(m0 + 1 + k, did, oid[x[0]], sid(x[1]), x[0], *x[2:]) for k, x in enumerate(r[MENS])]
    T["post"] += [(m0 + 1 + x[0], did, oid[x[1]], *x[2:]) for x in r[POSTS]]
    T["ev"] += [(e0 + 1 + x[1], did, sid(x[0]), *x[1:]) for x in r[EVS]]
    T["evoff"] += [(e0 + 1 + x[0], did, oid[x[1]], x[2], x[1], *x[3:]) for x in r[EVOFF]]
    names = dict(r[NAMES])
    T["stmt"] += [(did, sid(x[0]), oid[x[1]] if x[1] in names else None, *x[1:]) for x in r[STMTS]]
    T["form"] += [(did, sid(x[0]), *x[1:]) for x in r[FORMS]]
    T["reg"] += [(did, sid(x[0]), *x[1:]) for x in r[REGS]]
    T["date"] += [(did, *x) for x in r[DATES]]


def _filter_row(doc_no: int, r: tuple) -> tuple:
    """The document's ``document_filters`` row: date range, region codes, section spans with their dates."""
    d = r[DOC]
    dates = [x for x in (d[3], *(e[5] for e in r[EVS])) if x]
    codes = dict.fromkeys(x for x in (d[6], *(sc[4] for sc in r[SECS])) if x)
    sec_date: dict[int, str] = {}
    for e in r[EVS]:  # in seq order
        if e[5] and e[0] is not None:
            sec_date.setdefault(e[0], e[5])
    spans = ";".join(f"{x[1]},{x[2]},{x[4] or ''},{sec_date.get(x[0], '')}" for x in r[SECS])
    first_ev = next((e[5] for e in r[EVS] if e[5]), None)
    return (doc_no, min(dates, default=None), max(dates, default=None), f" {' '.join(codes)} ",
            spans or None, first_ev, r[SPANS][1], r[SPANS][0])


def _insert(c: sqlite3.Connection, T: dict[str, list[tuple]], fresh: list[tuple], upgrade: list[tuple],
            n_chars: int) -> None:
    """Every table's rows of a batch, one ``executemany`` each."""
    copies.insert_keys(c, T["keys"])
    c.executemany(
        "INSERT INTO documents(doc_no, id, source, version, supersedes, title, pub_date, pub_date_origin, region_name,"
        " region_code, format, encoding, n_chars, readout_version, format_version, ingested_at, raw_offsets, text,"
        " clean_title, url, record_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", T["doc"])
    c.executemany("INSERT INTO document_raw(doc_no, raw) VALUES (?,?)", T["raw"])
    c.executemany('INSERT INTO sections(id, document_id, seq, start, "end", region_name, region_code,'
                  " region_start, region_end, region_text, date) VALUES (?,?,?,?,?,?,?,?,?,?,?)", T["sec"])
    c.executemany("INSERT INTO officials(id, name, political) VALUES (?,?,?)", fresh)
    c.executemany("UPDATE officials SET political = 1 WHERE id = ?", upgrade)
    c.executemany("INSERT INTO document_officials(document_id, official_id, name, posts, political) VALUES (?,?,?,?,?)",
                  T["doff"])
    c.executemany('INSERT INTO official_mentions(id, document_id, official_id, section_id, name, start, "end", text,'
                  " posts, date) VALUES (?,?,?,?,?,?,?,?,?,?)", T["men"])
    c.executemany('INSERT INTO official_posts(mention_id, document_id, official_id, start, "end", text, value,'
                  " political, status) VALUES (?,?,?,?,?,?,?,?,?)", T["post"])
    c.executemany('INSERT INTO events(id, document_id, section_id, seq, start, "end", text, date, date_end, kind,'
                  " leader, title_start, title_end, title_text, region_name, region_code, region_start, region_end,"
                  " region_text, date_start, date_stop, date_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  T["ev"])
    c.executemany('INSERT INTO event_officials(event_id, document_id, official_id, seq, name, posts, start, "end",'
                  " text) VALUES (?,?,?,?,?,?,?,?,?)", T["evoff"])
    c.executemany('INSERT INTO statements(document_id, section_id, official_id, speaker, start, "end", text,'
                  " verb_start, verb_end, verb_text, speaker_start, speaker_end, speaker_text)"
                  " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", T["stmt"])
    c.executemany('INSERT INTO formulations(document_id, section_id, start, "end", text, value, kind, date)'
                  " VALUES (?,?,?,?,?,?,?,?)", T["form"])
    c.executemany('INSERT INTO region_mentions(document_id, section_id, start, "end", text, name, code, level,'
                  " province, province_code) VALUES (?,?,?,?,?,?,?,?,?,?)", T["reg"])
    c.executemany('INSERT INTO date_mentions(document_id, start, "end", text, date, date_end, precision, inferred)'
                  " VALUES (?,?,?,?,?,?,?,?)", T["date"])
    c.executemany("INSERT INTO search_grams(rowid, grams) VALUES (?, ?)", T["grams"])
    c.executemany("INSERT INTO document_filters(doc_no, date_min, date_max, regions, sections, first_event_date,"
                  " date, dates) VALUES (?,?,?,?,?,?,?,?)", T["filters"])
    c.execute("UPDATE corpus_stats SET n_documents = n_documents + ?, n_chars = n_chars + ? WHERE id = 1",
              (len(T["doc"]), n_chars))
