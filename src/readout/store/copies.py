"""Copies of one story: found by their text, stored once, every arrival recorded.

The same story reaches a corpus more than once: from two archives (xwlb's JSON and
cctv_news' markdown of one broadcast), as an HTML page beside its text twin, or
re-published under another header. Counting each arrival would double every figure, so
the writer keeps the first arrival as the document and records the others in
``document_copies`` (source, title, date, URL, how it matched).

What makes two arrivals one story, judged on their **normal form** — the body (the
text after the title line) in simplified characters with everything but letters and
digits removed, so markup, spacing, punctuation and script do not matter; a body too
short to tell stories apart (under ``MIN_BODY`` characters) is prefixed with its clean
title:

- *exact*: the same normal form (one 64-bit key), or
- *near*: a Jaccard similarity of their 5-character shingle sets of at least
  ``THRESHOLD`` (0.85). Candidates come from MinHash (``PERMS`` permutations) with LSH
  banding (``BANDS`` × ``ROWS``: a pair at 0.85 shares a band with probability 0.97, a pair
  at 0.5 with 0.17), and each is verified on the texts themselves;

and in both cases published at most ``DAYS`` days apart when both are dated (the same
announcement read out a year later is another broadcast), and from different sources
(a changed file is a new version of its source, not a copy).

On the 新闻联播 archives the 2,589 stories that xwlb and cctv_news both hold in six sample
months have the same normal form in 2,585 cases and a similarity of 0.96 or more in the
other four, while distinct stories of one series within three days (the daily epidemic
figures, numbered commentaries, 今晚继续播出 notices) stay below 0.70.

datasketch was considered for the MinHash: its LSH index lives in memory (or Redis,
Cassandra), and ours must live in the SQLite file, written in the writer's transaction,
so that a resumed or later ingest finds the stories stored before; the signature itself
is a few lines of numpy.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from readout.clean import clean_title, simplify

__all__ = ["THRESHOLD", "DAYS", "Arrival", "Keys", "Match", "backfill_keys", "copies_of", "find_copies", "in_chunks", "insert_keys", "keys",
           "normal_form", "similarity"]

Q = 5  # shingle length in characters
PERMS, BANDS, ROWS = 30, 6, 5
THRESHOLD = 0.85
DAYS = 3
MIN_BODY = 24
_NOT_WORD = re.compile(r"[\W_]+")
_M64 = (1 << 64) - 1
_rng = np.random.Generator(np.random.PCG64(20261202))  # fixed: keys must be the same in every process and run
_A = _rng.integers(1, 1 << 63, size=PERMS, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_B = _rng.integers(0, 1 << 63, size=PERMS, dtype=np.uint64)
del _rng


@dataclass(frozen=True, slots=True)
class Keys:
    """What the writer needs to find a document's copies: its keys and its publication day."""

    exact: int  # signed 64-bit hash of the normal form
    bands: tuple[int, ...]  # one signed 64-bit key per MinHash band (none for a very short text)
    day: int  # date.toordinal() of the publication date, 0 when unknown


def normal_form(title: str, text: str) -> str:
    """The body in simplified characters, letters and digits only; the clean title first when the body is short."""
    nl = text.find("\n")
    body = _NOT_WORD.sub("", simplify(text[nl + 1:] if nl >= 0 else ""))
    if len(body) < MIN_BODY:
        body = _NOT_WORD.sub("", simplify(clean_title(title))) + body
    return body


_BLOCK = 1 << 14  # shingles per block of the MinHash signature (PERMS × 16 k × 8 bytes at a time)


def _signed(x: int) -> int:
    return x - (1 << 64) if x >= 1 << 63 else x


def _shingle_hashes(s: str) -> np.ndarray:
    """A 64-bit hash of every ``Q``-character shingle of ``s`` (polynomial, then the splitmix64 finaliser)."""
    c = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(c) - Q + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(Q):
            h *= np.uint64(0x100000001B3)
            h += c[k:k + n]
        h ^= h >> np.uint64(30)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(27)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(31)
    return np.unique(h)


def _day(pub_date: str | None) -> int:
    try:
        return _dt.date.fromisoformat(pub_date).toordinal() if pub_date else 0
    except ValueError:
        return 0


def keys(title: str, text: str, pub_date: str | None) -> Keys | None:
    """The exact key, the MinHash band keys and the day of a document (None when its text has no letters)."""
    norm = normal_form(title, text)
    if not norm:
        return None
    exact = _signed(int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little"))
    bands: tuple[int, ...] = ()
    if len(norm) >= Q:
        h = _shingle_hashes(norm)
        sig = np.full(len(_A), np.iinfo(np.uint64).max, dtype=np.uint64)
        with np.errstate(over="ignore"):
            # PERMS minima, over blocks of shingles: the whole PERMS × shingles matrix of a 10⁶-character
            # document took 0.6 GB (the same minima either way)
            for i in range(0, len(h), _BLOCK):
                np.minimum(sig, (h[None, i:i + _BLOCK] * _A[:, None] + _B[:, None]).min(axis=1), out=sig)
        rows = sig.reshape(BANDS, ROWS)
        bands = tuple(_signed(int.from_bytes(hashlib.blake2b(bytes([b]) + rows[b].tobytes(), digest_size=8).digest(),
                                             "little")) for b in range(BANDS))
    return Keys(exact, bands, _day(pub_date))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the ``Q``-character shingle sets of two normal forms."""
    if a == b:
        return 1.0
    sa = {a[i:i + Q] for i in range(max(1, len(a) - Q + 1))}
    sb = {b[i:i + Q] for i in range(max(1, len(b) - Q + 1))}
    return len(sa & sb) / len(sa | sb)


@dataclass(frozen=True, slots=True)
class Arrival:
    """A document about to be written, as the copy finder sees it."""

    id: str
    title: str
    text: str
    source: str | None
    keys: Keys | None


@dataclass(frozen=True, slots=True)
class Match:
    """An arrival is a copy of the document ``document_id`` (stored, or kept earlier in the batch)."""

    document_id: str
    match: str  # "exact" (same normal form) | "near"
    similarity: float


def in_chunks(c: sqlite3.Connection, sql: str, keys_: Sequence[object]) -> list[tuple]:
    """``sql`` (with ``IN ({})``) run once per 500 keys, rows concatenated."""
    out: list[tuple] = []
    for i in range(0, len(keys_), 500):
        part = keys_[i:i + 500]
        out += c.execute(sql.format(",".join("?" * len(part))), part).fetchall()
    return out


class _Cand:
    """A document an arrival may copy; its normal form is worked out only when a comparison needs it.

    Stored documents are numbered by doc_no (> 0), arrivals kept earlier in the batch by
    -(position + 1).
    """

    __slots__ = ("title", "text", "source", "id", "_norm")

    def __init__(self, title: str, text: str, source: str | None, id_: str) -> None:
        self.title, self.text, self.source, self.id = title, text, source, id_
        self._norm: str | None = None

    def norm(self) -> str:
        if self._norm is None:
            self._norm = normal_form(self.title, self.text)
        return self._norm


def find_copies(c: sqlite3.Connection, arrivals: Sequence[Arrival]) -> dict[int, Match]:
    """Which arrivals (by position) copy a stored document or an arrival kept before them in the batch.

    One query per 500 keys fetches every stored document sharing a key with the batch;
    candidates are narrowed by date and source before any text is read or normalised.
    """
    wanted = sorted({k for a in arrivals if a.keys for k in (a.keys.exact, *a.keys.bands)})
    posting: dict[int, list[tuple[int, int]]] = {}
    for key, day, doc_no in in_chunks(c, "SELECT key, day, doc_no FROM story_keys WHERE key IN ({})", wanted):
        posting.setdefault(key, []).append((day, doc_no))
    seen: dict[int, _Cand] = {}
    out: dict[int, Match] = {}
    for k, a in enumerate(arrivals):
        if a.keys is None:
            continue
        mine = _Cand(a.title, a.text, a.source, a.id)
        hit = _best(c, a, mine, posting, seen)
        if hit is not None:
            out[k] = hit
            continue
        seen[-(k + 1)] = mine
        for key in (a.keys.exact, *a.keys.bands):
            posting.setdefault(key, []).append((a.keys.day, -(k + 1)))
    return out


def _best(c: sqlite3.Connection, a: Arrival, mine: _Cand, posting: dict[int, list[tuple[int, int]]],
          seen: dict[int, _Cand]) -> Match | None:
    """The document ``a`` copies, if any: of the candidates sharing a key and dated near it, the most similar."""
    ks = a.keys
    assert ks is not None
    cands: dict[int, None] = {}
    for key in (ks.exact, *ks.bands):
        cands.update(dict.fromkeys(ref for day, ref in posting.get(key, ())
                                   if not ks.day or not day or abs(ks.day - day) <= DAYS))
    missing = [ref for ref in cands if ref not in seen]
    for doc_no, did, title, text, source in in_chunks(
            c, "SELECT doc_no, id, title, text, source FROM documents WHERE doc_no IN ({})", missing):
        seen[doc_no] = _Cand(title, text, source, did)
    best: Match | None = None
    for ref in cands:
        other = seen.get(ref)
        if other is None:
            continue  # keys of a document no longer stored
        if other.source is not None and other.source == a.source:
            continue  # a changed file: a new version of its source, not a copy
        sim = similarity(mine.norm(), other.norm())
        if sim >= THRESHOLD and (best is None or sim > best.similarity):
            best = Match(other.id, "exact" if sim == 1.0 and other.norm() == mine.norm() else "near", sim)
    return best


def insert_keys(c: sqlite3.Connection, rows: Sequence[tuple[int, Keys | None]]) -> None:
    """Write the keys of kept documents, ``(doc_no, keys)``, inside the caller's transaction."""
    c.executemany("INSERT OR IGNORE INTO story_keys(key, day, doc_no) VALUES (?,?,?)",
                  [(k, ks.day, doc_no) for doc_no, ks in rows if ks for k in dict.fromkeys((ks.exact, *ks.bands))])


def backfill_keys(c: sqlite3.Connection, batch: int = 2000) -> int:
    """Give keys to the documents a store held before migration 0014 (``keys_backfill``); how many were read.

    Batch by batch, each in its own transaction that also advances the bookmark, so an
    interrupted backfill resumes where it stopped.
    """
    row = c.execute("SELECT next_doc_no, last_doc_no FROM keys_backfill WHERE id = 1").fetchone()
    if row is None:
        return 0
    nxt, last = row
    n = 0
    while True:
        rows = c.execute("SELECT doc_no, title, text, pub_date FROM documents WHERE doc_no BETWEEN ? AND ?"
                         " ORDER BY doc_no LIMIT ?", (nxt, last, batch)).fetchall()
        c.execute("BEGIN IMMEDIATE")
        try:
            insert_keys(c, [(d, keys(t, x, p)) for d, t, x, p in rows])
            nxt = rows[-1][0] + 1 if rows else last + 1
            if nxt > last:
                c.execute("DELETE FROM keys_backfill")
            else:
                c.execute("UPDATE keys_backfill SET next_doc_no = ?", (nxt,))
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        n += len(rows)
        if nxt > last:
            return n


def copies_of(c: sqlite3.Connection, document_ids: Sequence[str]) -> dict[str, list[dict[str, object]]]:
    """The recorded copies of each of these stories (empty for a store from before migration 0014)."""
    if c.execute("SELECT 1 FROM sqlite_master WHERE name = 'document_copies'").fetchone() is None:
        return {}
    cols = ("document_id", "copy_id", "source", "title", "clean_title", "pub_date", "url", "record_id", "format",
            "match", "similarity")
    out: dict[str, list[dict[str, object]]] = {}
    for row in in_chunks(c, f"SELECT {', '.join(cols)} FROM document_copies WHERE document_id IN ({{}}) ORDER BY id",
                         list(dict.fromkeys(document_ids))):
        out.setdefault(row[0], []).append(dict(zip(cols, row)))
    return out
