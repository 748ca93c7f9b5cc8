"""The corpus store: one SQLite file holding documents, their annotations and search indexes.

Building documents and writing them are separate on purpose: ``iter_new_documents``
(or any process pool / Dask graph in front of it) produces ``Document`` objects, and a
single writer (``Store.add``) inserts each one in its own transaction. The schema is in
``readout.store.schema`` and described in ``docs/store.md``.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from readout.model import FORMAT_VERSION, Document, Rejected
from readout.store.schema import migrate

log = logging.getLogger(__name__)

__all__ = ["Store", "IngestReport", "ingest", "iter_new_documents", "connect", "index_terms", "gram_token"]


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open the file with the settings every reader and writer uses (WAL, autocommit mode)."""
    if readonly:
        conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable against process kills in WAL mode (only power loss can drop
        # the last commits), which is what resumable ingest needs.
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


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
    """The token stream for ``search_grams``: every character and every adjacent pair, as tokens.

    Pairs never cross whitespace (the clean text has blanks only as line breaks).
    """
    parts = []
    for run in (title + "\n" + text).split():
        toks = list(map(gram_token, run))
        parts.append(" ".join(toks))
        if len(toks) > 1:
            parts.append(" ".join(map(str.__add__, toks, toks[1:])))
    return " ".join(parts)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("readout")
    except Exception:  # noqa: BLE001 - metadata missing in a source checkout
        return "unknown"


def _main_region(doc: Document) -> tuple[str | None, str | None]:
    for ev in doc.events:
        if ev.region:
            return ev.region.name, ev.region.code
    for s in doc.sections:
        if s.region:
            return s.region.name, s.region.code
    return None, None


class Store:
    """A readout SQLite file. ``Store.open(path)`` creates or migrates it."""

    def __init__(self, conn: sqlite3.Connection, path: str | None = None) -> None:
        self.conn = conn
        self.path = path
        self._readout_version = _version()

    @classmethod
    def open(cls, path: str | Path) -> Store:
        conn = connect(path)
        migrate(conn)
        return cls(conn, str(path))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------
    def has(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    # -- writing ---------------------------------------------------------------------
    def add(self, doc: Document, raw: bytes | None = None) -> bool:
        """Insert one document and all its annotations atomically; False if its id is already stored."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            if c.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
                c.execute("ROLLBACK")
                return False
            self._insert(doc, raw)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return True

    def add_rejected(self, rej: Rejected) -> None:
        """Record an input that could not be read (once per source and code)."""
        self.conn.execute(
            "INSERT INTO rejected(source, code, message, rejected_at) VALUES (?,?,?,?) "
            "ON CONFLICT(source, code) DO UPDATE SET message = excluded.message, rejected_at = excluded.rejected_at",
            (rej.source, rej.code, rej.message, _now()),
        )

    def _insert(self, doc: Document, raw: bytes | None) -> None:
        """Write every row of ``doc``; the caller holds the transaction and has checked the id is new.

        ``readout.scale.writer`` calls this to write many documents per transaction.
        """
        c = self.conn
        prev = c.execute(
            "SELECT id, version FROM documents WHERE source IS ? ORDER BY version DESC LIMIT 1", (doc.source,)
        ).fetchone() if doc.source is not None else None
        version, supersedes = (prev[1] + 1, prev[0]) if prev else (1, None)
        region_name, region_code = _main_region(doc)
        cur = c.execute(
            "INSERT INTO documents(id, source, version, supersedes, title, pub_date, pub_date_origin, region_name,"
            " region_code, format, encoding, n_chars, readout_version, format_version, ingested_at, raw_offsets,"
            " text, raw) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.id, doc.source, version, supersedes, doc.title, doc.pub_date, doc.pub_date_origin, region_name,
             region_code, doc.format, doc.encoding, len(doc.text), self._readout_version, FORMAT_VERSION, _now(),
             json.dumps([list(s) for s in doc.raw_offsets]), doc.text, raw),
        )
        doc_no = cur.lastrowid
        did = doc.id

        # Sections first: every other span row points at the section that contains it.
        starts: list[int] = []
        sec_ids: list[int] = []
        ends: list[int] = []
        for i, s in enumerate(sorted(doc.sections, key=lambda s: s.start)):
            r = s.region
            cur = c.execute(
                'INSERT INTO sections(document_id, seq, start, "end", text, region_name, region_code,'
                " region_start, region_end, region_text) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (did, i, s.start, s.end, s.text, r and r.name, r and r.code, r and r.start, r and r.end,
                 r and r.text),
            )
            starts.append(s.start)
            ends.append(s.end)
            sec_ids.append(cur.lastrowid)

        def section_of(pos: int) -> int | None:
            k = bisect_right(starts, pos) - 1
            return sec_ids[k] if k >= 0 and pos < ends[k] else None

        official_ids: dict[str, int] = {}

        def official_id(name: str, political: bool) -> int:
            if name in official_ids:
                return official_ids[name]
            row = c.execute("SELECT id, political FROM officials WHERE name = ?", (name,)).fetchone()
            if row is None:
                oid = c.execute("INSERT INTO officials(name, political) VALUES (?, ?)", (name, int(political))).lastrowid
            else:
                oid = row[0]
                if political and not row[1]:
                    c.execute("UPDATE officials SET political = 1 WHERE id = ?", (oid,))
            official_ids[name] = oid
            return oid

        for o in doc.officials:
            oid = official_id(o.name, o.political)
            c.execute(
                "INSERT INTO document_officials(document_id, official_id, name, posts, political) VALUES (?,?,?,?,?)",
                (did, oid, o.name, json.dumps(o.posts, ensure_ascii=False), int(o.political)),
            )
            for m in o.mentions:
                mid = c.execute(
                    'INSERT INTO official_mentions(document_id, official_id, section_id, name, start, "end", text,'
                    " posts) VALUES (?,?,?,?,?,?,?,?)",
                    (did, oid, section_of(m.start), o.name, m.start, m.end, m.text,
                     json.dumps([p.value for p in m.posts], ensure_ascii=False)),
                ).lastrowid
                c.executemany(
                    'INSERT INTO official_posts(mention_id, document_id, official_id, start, "end", text, value,'
                    " political) VALUES (?,?,?,?,?,?,?,?)",
                    [(mid, did, oid, p.start, p.end, p.text, p.value, int(p.political)) for p in m.posts],
                )

        for i, e in enumerate(doc.events):
            r, t, ds = e.region, e.title, e.date_span
            eid = c.execute(
                'INSERT INTO events(document_id, section_id, seq, start, "end", text, date, date_end, kind, leader,'
                " title_start, title_end, title_text, region_name, region_code, region_start, region_end,"
                " region_text, date_start, date_stop, date_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (did, section_of(e.start), i, e.start, e.end, e.text, e.date, e.date_end, e.kind, e.leader,
                 t and t.start, t and t.end, t and t.text, r and r.name, r and r.code, r and r.start, r and r.end,
                 r and r.text, ds and ds.start, ds and ds.end, ds and ds.text),
            ).lastrowid
            c.executemany(
                'INSERT INTO event_officials(event_id, document_id, official_id, seq, name, posts, start, "end", text)'
                " VALUES (?,?,?,?,?,?,?,?,?)",
                [(eid, did, official_ids.get(a.name) or official_id(a.name, False), k, a.name,
                  json.dumps(a.posts, ensure_ascii=False), a.start, a.end, a.text)
                 for k, a in enumerate(e.officials)],
            )

        c.executemany(
            'INSERT INTO statements(document_id, section_id, official_id, speaker, start, "end", text, verb_start,'
            " verb_end, verb_text, speaker_start, speaker_end, speaker_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(did, section_of(s.start), official_ids.get(s.speaker), s.speaker, s.start, s.end, s.text,
              s.verb.start, s.verb.end, s.verb.text, s.speaker_span.start, s.speaker_span.end, s.speaker_span.text)
             for s in doc.statements],
        )
        c.executemany(
            'INSERT INTO formulations(document_id, section_id, start, "end", text, value, kind) VALUES (?,?,?,?,?,?,?)',
            [(did, section_of(f.start), f.start, f.end, f.text, f.value, f.kind) for f in doc.formulations],
        )
        c.executemany(
            'INSERT INTO region_mentions(document_id, section_id, start, "end", text, name, code, level, province,'
            " province_code) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(did, section_of(r.start), r.start, r.end, r.text, r.name, r.code, r.level, r.province, r.province_code)
             for r in doc.regions],
        )
        c.executemany(
            'INSERT INTO date_mentions(document_id, start, "end", text, date, date_end, precision, inferred)'
            " VALUES (?,?,?,?,?,?,?,?)",
            [(did, d.start, d.end, d.text, d.date, d.date_end, d.precision, d.inferred) for d in doc.dates],
        )
        c.execute("INSERT INTO search_grams(rowid, grams) VALUES (?, ?)", (doc_no, index_terms(doc.title, doc.text)))
        c.execute("INSERT INTO search_trigram(rowid, body) VALUES (?, ?)", (doc_no, doc.title + "\n" + doc.text))
        c.execute("UPDATE corpus_stats SET n_documents = n_documents + 1, n_chars = n_chars + ? WHERE id = 1",
                  (len(doc.text) + len(doc.title),))


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    skipped: int = 0  # already stored (same bytes)
    rejected: int = 0


def iter_new_documents(
    paths: Iterable[str | Path], known: Callable[[str], bool], *, pub_date: str | None = None
) -> Iterator[tuple[Document, bytes] | Rejected | str]:
    """Build documents for records not yet stored: yields ``(doc, raw)``, ``Rejected``, or the id of a skipped record.

    ``known(doc_id)`` is asked before building, so a resumed ingest does not redo work.
    This is the part a process pool can replace; it never writes.
    """
    from readout import ingest as _ingest
    from readout.errors import ReadoutError
    from readout.pipeline import build, document_id

    res = None
    for item in _ingest.iter_records(paths, pub_date=pub_date):
        if isinstance(item, Rejected):
            yield item
            continue
        did = document_id(item.raw_bytes)
        if known(did):
            yield did
            continue
        if res is None:
            from readout.resources import load

            res = load()
        try:
            yield build(item, res), item.raw_bytes
        except ReadoutError as exc:
            yield Rejected(item.source, exc.code, exc.message)


def ingest(paths: Iterable[str | Path], db: str | Path | Store, *, pub_date: str | None = None,
           progress: Callable[[IngestReport], None] | None = None) -> IngestReport:
    """Read ``paths`` into the store at ``db``: the single-writer loop."""
    store = db if isinstance(db, Store) else Store.open(db)
    rep = IngestReport()
    try:
        for item in iter_new_documents(paths, store.has, pub_date=pub_date):
            if isinstance(item, str):
                rep.skipped += 1
            elif isinstance(item, Rejected):
                store.add_rejected(item)
                rep.rejected += 1
            else:
                doc, raw = item
                if store.add(doc, raw):
                    rep.added += 1
                else:
                    rep.skipped += 1
            if progress:
                progress(rep)
    finally:
        if not isinstance(db, Store):
            store.close()
    return rep
