"""Text reuse between sections and documents: n-gram candidates, then exact aligned passages.

Units are sections (a document without sections is one unit). Two units are
candidates when they share a character ``n``-gram (n-grams found in more than
``max_df`` units are boilerplate and do not propose pairs on their own). For each
candidate pair every shared n-gram seeds a match that is extended left and right to a
maximal exact common passage (``seed and extend``: unlike difflib's SequenceMatcher it
also finds passages that appear in a different order). Passages shorter than
``min_len`` characters are dropped.

The copy ratio (复制比) of a unit is the number of its characters covered by some
passage shared with another unit, divided by its length; a document's ratio is the
same over all its sections' characters.

Two paths give the same passages (``method``):

- ``"exact"``: a dict of every n-gram and a Python seed-and-extend per candidate pair —
  for small inputs (the seed, the dev corpus; chosen by ``"auto"`` up to
  ``EXACT_MAX_CHARS`` characters).
- ``"sampled"``: numpy, for 10⁵ documents and more. Only *winnowed* n-gram fingerprints
  are kept (window ``w = min_len - n + 1``, so every common passage of ≥ ``min_len``
  characters shares a fingerprint — see :mod:`readout.analyze.shingles`); fingerprints
  found in more than ``max_df`` units propose no pair; the shared fingerprints of a pair
  are seeds, chained along each diagonal and extended character by character to maximal
  exact passages, all vectorised. When ``max_df`` cuts nothing (as on the dev corpus,
  whose most frequent 8-gram is in 93 units) both paths return exactly the same passages
  and ratios (tested). When it does, they can differ at the margin: the exact path drops
  an n-gram found in more than ``max_df`` units, the sampled path a fingerprint that is —
  a pair sharing only boilerplate plus a short rare stretch may be a candidate in one and
  not the other. Memory stays bounded: fingerprints are grouped one hash range at a time,
  seeds are chained and extended one block of units at a time, and coverage, passage
  counts and the ``max_passages`` longest passages are kept as running aggregates.

``reuse(db)`` over a whole store of more than ``STREAM_MIN_CHARS`` characters never loads
it: units are streamed from the store, their code points memory-mapped and their
fingerprints spilled to disk by hash range (``_reuse_store``; ``docs/scale.md``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from readout.analyze._db import DB, opened


@dataclass(slots=True)
class Passage:
    """One aligned pair: the same ``text`` at ``a_start:a_end`` and ``b_start:b_end`` (document offsets)."""

    a_document_id: str
    a_section_id: int | None
    a_region: str | None
    a_start: int
    a_end: int
    b_document_id: str
    b_section_id: int | None
    b_region: str | None
    b_start: int
    b_end: int
    text: str

    @property
    def length(self) -> int:
        return len(self.text)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["length"] = self.length
        return d


@dataclass(slots=True)
class UnitRatio:
    document_id: str
    section_id: int | None
    region: str | None
    chars: int
    shared_chars: int
    copy_ratio: float
    passages: int  # aligned pairs this unit takes part in

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ReuseResult:
    passages: list[Passage] = field(default_factory=list)
    sections: list[UnitRatio] = field(default_factory=list)
    documents: list[UnitRatio] = field(default_factory=list)
    total_passages: int = 0  # all passages found; ``passages`` may hold only the longest (max_passages)

    def between(self, region_a: str, region_b: str) -> list[Passage]:
        """The aligned passages between two regions' sections (either order)."""
        return [p for p in self.passages if {p.a_region, p.b_region} == {region_a, region_b}]


@dataclass(slots=True)
class Unit:
    """A section (or a whole document without sections): ``text`` starts at ``offset`` in the document."""

    document_id: str
    section_id: int | None
    region: str | None
    offset: int
    text: str


def load_units(conn, document_ids: list[str] | None = None) -> list[Unit]:  # noqa: ANN001
    """The analysis units of the store: each document's sections, or the whole document when it has none."""
    docs = document_ids or [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY doc_no")]
    units = []
    for did in docs:
        row = conn.execute("SELECT text, region_name FROM documents WHERE id = ?", (did,)).fetchone()
        if row is None:
            continue
        text, dregion = row
        secs = conn.execute('SELECT id, start, "end", region_name FROM sections WHERE document_id = ? ORDER BY start',
                            (did,)).fetchall()
        if not secs:
            units.append(Unit(did, None, dregion, 0, text))
        for sid, s, e, rname in secs:
            units.append(Unit(did, sid, rname or dregion, s, text[s:e]))
    return units


@dataclass(slots=True)
class UnitIndex:
    """The units as arrays, their texts left where they are: what the sampled path keeps per unit
    (about 40 bytes) instead of a ``Unit`` object holding its text."""

    doc_ids: list[str]
    section_ids: list[int | None]
    regions: list[str | None]
    offsets: Any  # np.ndarray int64: where each unit starts in its document
    lens: Any  # np.ndarray int64
    text: Callable[[int, int, int], str]  # (unit, start, end) -> that stretch of the unit's text

    def __len__(self) -> int:
        return len(self.doc_ids)


def _store_chunks(conn, chunk_units: int) -> Iterable[list[Unit]]:  # noqa: ANN001
    """The store's units in document order, ``chunk_units`` documents' worth at a time (never all at once)."""
    after = 0
    while True:
        docs = conn.execute("SELECT doc_no, id, text, region_name FROM documents WHERE doc_no > ? ORDER BY doc_no "
                            "LIMIT ?", (after, chunk_units)).fetchall()
        if not docs:
            return
        after = docs[-1][0]
        secs: dict[str, list[tuple]] = defaultdict(list)
        ids = [d[1] for d in docs]
        for did, sid, st, en, rname in conn.execute(
                f'SELECT document_id, id, start, "end", region_name FROM sections WHERE document_id IN '
                f"({','.join('?' * len(ids))}) ORDER BY document_id, start", ids):
            secs[did].append((sid, st, en, rname))
        chunk = []
        for _, did, text, dregion in docs:
            if not secs[did]:
                chunk.append(Unit(did, None, dregion, 0, text))
            chunk += [Unit(did, sid, rname or dregion, st, text[st:en]) for sid, st, en, rname in secs[did]]
        yield chunk


def _maximal_matches(a: str, b: str, n: int, min_len: int) -> list[tuple[int, int, int, int]]:
    """All maximal exact common passages (≥ min_len) seeded by a shared n-gram: (a_s, a_e, b_s, b_e)."""
    grams_b: dict[str, list[int]] = defaultdict(list)
    for j in range(len(b) - n + 1):
        grams_b[b[j:j + n]].append(j)
    reach: dict[int, int] = {}  # diagonal (i - j) -> end in a of the last match found on it
    out = []
    la, lb = len(a), len(b)
    for i in range(la - n + 1):
        js = grams_b.get(a[i:i + n])
        if not js:
            continue
        for j in js:
            d = i - j
            if reach.get(d, -1) > i:
                continue  # inside a match already found on this diagonal
            s, t = i, j
            while s > 0 and t > 0 and a[s - 1] == b[t - 1]:
                s -= 1
                t -= 1
            e, f = i + n, j + n
            while e < la and f < lb and a[e] == b[f]:
                e += 1
                f += 1
            reach[d] = e
            if e - s >= min_len:
                out.append((s, e, t, f))
    return out


_STRIDE = 16  # characters compared per step when extending a chain
_PARTS = 16  # hash ranges the fingerprints are grouped in, one at a time
EXACT_MAX_CHARS = 300_000  # "auto" runs the exact path up to this many characters of units
# Above this many characters a store is aligned without loading it: units streamed, code points
# in a memory-mapped file, fingerprints spilled to disk by hash range (``_reuse_store``).
STREAM_MIN_CHARS = 50_000_000
PART_CHARS = 1 << 24  # characters of text per fingerprint partition (~8 M fingerprints, ~150 MB to group)

UnitRow = tuple[int | None, str, str | None, str]  # (section_id, document_id, region, text)
PassageSink = Callable[[tuple[Any, ...]], None]  # receives (a, b, a_start, a_end, b_start, b_end) arrays


def reuse(db: DB | None, *, n: int = 8, min_len: int = 10, document_ids: list[str] | None = None,
          across_documents_only: bool = False, max_df: int = 200, method: str = "auto",
          units: Iterable[UnitRow] | None = None, chunk_units: int = 4096,
          max_passages: int | None = None, on_passages: PassageSink | None = None) -> ReuseResult:
    """Aligned passages shared between units, with copy ratios per section and per document.

    ``units`` (instead of ``db``) feeds (section_id, document_id, region, text) rows
    directly, offsets then being into ``text``; ``method`` is ``"auto"``, ``"exact"`` or
    ``"sampled"`` (see the module docstring). ``max_passages`` keeps only that many passages
    (the longest) as objects — ratios and ``total_passages`` still count them all: at 10⁵
    reports a dense corpus has tens of millions of passages, too many for Python objects.
    ``on_passages`` receives every passage as arrays (see ``reuse_units``).
    """
    if units is not None:
        loaded = [Unit(did, sid, region, 0, text) for sid, did, region, text in units
                  if not document_ids or did in document_ids]
    else:
        if db is None:
            raise ValueError("reuse() needs a database or units")
        with opened(db) as conn:
            chars = conn.execute("SELECT coalesce(sum(n_chars), 0) FROM documents").fetchone()[0]
            if not document_ids and (method == "sampled" or (method == "auto" and chars > STREAM_MIN_CHARS)):
                return _reuse_store(conn, chars, n=n, min_len=min_len, across_documents_only=across_documents_only,
                                    max_df=max_df, chunk_units=chunk_units, max_passages=max_passages,
                                    on_passages=on_passages)
            loaded = load_units(conn, document_ids)
    return reuse_units(loaded, n=n, min_len=min_len, across_documents_only=across_documents_only, max_df=max_df,
                       method=method, chunk_units=chunk_units, max_passages=max_passages, on_passages=on_passages)


def reuse_units(loaded: list[Unit], *, n: int = 8, min_len: int = 10, across_documents_only: bool = False,
                max_df: int = 200, method: str = "auto", chunk_units: int = 4096, max_passages: int | None = None,
                on_passages: PassageSink | None = None) -> ReuseResult:
    """``reuse`` over units already loaded (``load_units``).

    ``on_passages``, when given, is called with every passage found as numpy arrays
    ``(a, b, a_start, a_end, b_start, b_end)`` — unit indexes into ``loaded`` and offsets
    into the units' texts — one block at a time, whatever ``max_passages`` keeps as
    objects: what ``readout.analyze.families`` groups into families without building
    millions of ``Passage`` objects.
    """
    if method not in ("auto", "exact", "sampled"):
        raise ValueError(f"method must be auto, exact or sampled, not {method!r}")
    if method == "auto":
        method = "exact" if sum(len(u.text) for u in loaded) <= EXACT_MAX_CHARS else "sampled"
    if method == "exact":
        res = _reuse_exact(loaded, n, min_len, across_documents_only, max_df, on_passages)
        res.total_passages = len(res.passages)
        if max_passages is not None:
            del res.passages[max_passages:]
        return res
    return _reuse_sampled(loaded, n, min_len, across_documents_only, max_df, chunk_units, max_passages, on_passages)


def _reuse_exact(units: list[Unit], n: int, min_len: int, across_documents_only: bool,
                 max_df: int, on_passages: PassageSink | None = None) -> ReuseResult:
    postings: dict[str, set[int]] = defaultdict(set)
    for k, u in enumerate(units):
        text = u.text
        for g in {text[i:i + n] for i in range(len(text) - n + 1)}:
            postings[g].add(k)
    pairs: set[tuple[int, int]] = set()
    for ks in postings.values():
        if 1 < len(ks) <= max_df:
            pairs.update(combinations(sorted(ks), 2))
    covered: list[list[tuple[int, int]]] = [[] for _ in units]
    n_passages = [0] * len(units)
    result = ReuseResult()
    for ka, kb in sorted(pairs):
        ua, ub = units[ka], units[kb]
        if across_documents_only and ua.document_id == ub.document_id:
            continue
        for s, e, t, f in _maximal_matches(ua.text, ub.text, n, min_len):
            result.passages.append(Passage(ua.document_id, ua.section_id, ua.region, ua.offset + s, ua.offset + e,
                                           ub.document_id, ub.section_id, ub.region, ub.offset + t, ub.offset + f,
                                           ua.text[s:e]))
            covered[ka].append((s, e))
            covered[kb].append((t, f))
            n_passages[ka] += 1
            n_passages[kb] += 1
    shared = [_union_length(c) for c in covered]
    result.sections, result.documents = _ratios(units, shared, n_passages)
    if on_passages is not None:
        import numpy as np

        unit_of = {(u.document_id, u.section_id): k for k, u in enumerate(units)}
        rows = [(unit_of[(p.a_document_id, p.a_section_id)], unit_of[(p.b_document_id, p.b_section_id)],
                 p.a_start, p.a_end, p.b_start, p.b_end) for p in result.passages]
        cols = np.array(rows, dtype=np.int64).reshape(-1, 6).T
        offa, offb = (np.array([units[k].offset for k in cols[i]], dtype=np.int64) for i in (0, 1))
        on_passages((cols[0], cols[1], cols[2] - offa, cols[3] - offa, cols[4] - offb, cols[5] - offb))
    result.passages.sort(key=lambda p: (-p.length, p.a_document_id, p.a_start, p.b_start))
    return result


def _ratios(units: list[Unit] | UnitIndex, shared: list[int], n_passages: list[int]
            ) -> tuple[list[UnitRatio], list[UnitRatio]]:
    rows: Iterable[tuple[str, int | None, str | None, int]]
    if isinstance(units, UnitIndex):
        rows = zip(units.doc_ids, units.section_ids, units.regions, units.lens.tolist())
    else:
        rows = ((u.document_id, u.section_id, u.region, len(u.text)) for u in units)
    sections, documents = [], []
    per_doc: dict[str, list[int]] = {}
    for k, (did, sid, region, chars) in enumerate(rows):
        sections.append(UnitRatio(did, sid, region, chars, shared[k],
                                  round(shared[k] / chars, 4) if chars else 0.0, n_passages[k]))
        acc = per_doc.setdefault(did, [0, 0, 0])
        acc[0] += chars
        acc[1] += shared[k]
        acc[2] += n_passages[k]
    for did, (chars, sh, npas) in per_doc.items():
        documents.append(UnitRatio(did, None, None, chars, sh, round(sh / chars, 4) if chars else 0.0, npas))
    return sections, documents


def _reuse_sampled(units: list[Unit], n: int, min_len: int, across_documents_only: bool, max_df: int,
                   chunk_units: int, max_passages: int | None = None, on_passages: PassageSink | None = None,
                   block_seeds: int = 1 << 22) -> ReuseResult:
    """The numpy path over units in memory (see ``_align``)."""
    chunks = (units[c0:c0 + chunk_units] for c0 in range(0, len(units), chunk_units))
    index, big, fps = _fingerprinted(chunks, sum(len(u.text) for u in units), n, max(1, min_len - n + 1))
    index.text = lambda k, s, e: units[k].text[s:e]
    return _align(index, big, fps, n, min_len, across_documents_only, max_df, max_passages, on_passages,
                  block_seeds)


def _reuse_store(conn, chars: int, *, n: int, min_len: int, across_documents_only: bool, max_df: int,  # noqa: ANN001
                 chunk_units: int, max_passages: int | None, on_passages: PassageSink | None) -> ReuseResult:
    """The numpy path over a whole store without loading it: units are streamed from the store, their code
    points written to a memory-mapped file and their fingerprints spilled to disk by hash range, all in a
    temporary folder; a passage's text is read back from the store. What stays in memory is about 40 bytes
    per unit, one hash range of fingerprints (``PART_CHARS`` of text), the fingerprints found in 2..``max_df``
    units, one block of seeds and the ``max_passages`` longest passages."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="readout-reuse-") as tmp:
        index, big, fps = _fingerprinted(_store_chunks(conn, max(1, chunk_units // 2)), chars, n,
                                         max(1, min_len - n + 1), spill=Path(tmp))

        def text(k: int, s: int, e: int) -> str:
            start = int(index.offsets[k]) + s + 1
            return conn.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                                (start, e - s, index.doc_ids[k])).fetchone()[0]

        index.text = text
        res = _align(index, big, fps, n, min_len, across_documents_only, max_df, max_passages, on_passages)
        del big
        return res


def _align(index: UnitIndex, big, fps: _Parts, n: int, min_len: int, across_documents_only: bool,  # noqa: ANN001
           max_df: int, max_passages: int | None = None, on_passages: PassageSink | None = None,
           block_seeds: int = 1 << 22) -> ReuseResult:
    """Winnowed fingerprints -> candidate seeds -> chained, extended passages.

    Memory is bounded by streaming: fingerprints are grouped one hash range at a time;
    seeds are generated, chained and extended one block of left units at a time (all seeds
    of a unit pair fall in one block, so every block's passages are final); per-unit
    coverage is kept as merged intervals, passage counts as a running bincount, and only
    the ``max_passages`` longest passages as arrays.
    """
    import numpy as np

    from readout.analyze.shingles import ranks

    nu = len(index)
    lens = index.lens
    ustart = np.concatenate(([0], np.cumsum(lens)[:-1])).astype(np.int64)
    doc_rank_of = {d: r for r, d in enumerate(sorted(set(index.doc_ids)))}
    doc_of = np.fromiter((doc_rank_of[d] for d in index.doc_ids), dtype=np.int64, count=nu)
    del doc_rank_of
    KU, KP, KA = _groups(fps, max_df, ustart)
    # Left occurrences by unit; blocks of whole units holding about ``block_seeds`` seeds.
    byu = np.argsort(KU, kind="stable")
    ocum = np.searchsorted(KU[byu], np.arange(nu + 1))  # occurrences of unit k: byu[ocum[k]:ocum[k+1]]
    pcum = np.concatenate(([0], np.cumsum(KA[byu], dtype=np.int64)))[ocum]  # seeds before unit k
    off = index.offsets
    n_passages = np.zeros(nu, dtype=np.int64)
    cov_s = cov_e = np.zeros(0, np.int64)  # merged covered intervals, global offsets
    k = max_passages
    top: tuple[np.ndarray, ...] | None = None  # the k first passages so far, in result order
    parts: list[tuple[np.ndarray, ...]] = []  # all passages (k is None)
    total = 0
    lo = 0
    while lo < nu:
        hi = max(lo + 1, int(np.searchsorted(pcum, pcum[lo] + block_seeds, side="right")) - 1)
        hi = min(hi, nu)
        li = byu[ocum[lo]:ocum[hi]]
        cnt = KA[li]
        left = np.repeat(li, cnt)
        right = left + 1 + ranks(cnt)
        a, b = KU[left], KU[right]
        x = a != b
        if across_documents_only:
            x &= doc_of[a] != doc_of[b]
        seeds = (a[x], b[x], KP[left][x], KP[right][x])
        del left, right, a, b, x, cnt, li
        pas = _extend(seeds, big, ustart, lens, n, min_len, lo, hi, nu)
        del seeds
        a, b, sa, ea, sb, eb = pas
        lo = hi
        if not len(a):
            continue
        if on_passages is not None:
            on_passages(pas)
        total += len(a)
        n_passages += np.bincount(a, minlength=nu)
        n_passages += np.bincount(b, minlength=nu)
        ga, gb = ustart[a], ustart[b]
        cov_s, cov_e = _merge(np.concatenate((cov_s, ga + sa, gb + sb)), np.concatenate((cov_e, ga + ea, gb + eb)))
        del ga, gb
        if k is None:
            parts.append(pas)
            continue
        if k == 0:
            continue
        if top is not None:
            if len(top[0]) >= k:  # only passages at least as long as the k-th can enter
                x = (ea - sa) >= (top[3][-1] - top[2][-1])
                pas = tuple(p[x] for p in pas)
            pas = tuple(np.concatenate((t, p)) for t, p in zip(top, pas))
        top = _first(pas, k, off, doc_of)
    if k is None:
        kept = _first(tuple(np.concatenate(c) for c in zip(*parts)), None, off, doc_of) if parts else None
    else:
        kept = top
    return _result(index, kept, total, ustart, cov_s, cov_e, n_passages)


def _result(units: UnitIndex, kept, total: int, ustart, cov_s, cov_e, n_passages) -> ReuseResult:  # noqa: ANN001
    """The kept passages (arrays a, b, a_start, a_end, b_start, b_end, or None) as objects, and the copy
    ratios from the merged covered intervals and the passage counts of every passage."""
    import numpy as np

    nu = len(units)
    a, b, sa, ea, sb, eb = kept if kept is not None else (np.zeros(0, np.int64),) * 6
    result = ReuseResult(total_passages=total)
    ids, sids, regions, offs = units.doc_ids, units.section_ids, units.regions, units.offsets.tolist()
    for ka, kb, s, e, t, f in zip(a.tolist(), b.tolist(), sa.tolist(), ea.tolist(), sb.tolist(), eb.tolist()):
        result.passages.append(Passage(ids[ka], sids[ka], regions[ka], offs[ka] + s, offs[ka] + e,
                                       ids[kb], sids[kb], regions[kb], offs[kb] + t, offs[kb] + f,
                                       units.text(ka, s, e)))
    unit = np.searchsorted(ustart, cov_s, side="right") - 1  # empty units share a start with the next
    shared = np.bincount(unit, weights=cov_e - cov_s, minlength=nu).astype(np.int64)
    result.sections, result.documents = _ratios(units, shared.tolist(), n_passages.tolist())
    return result


class _Parts:
    """Fingerprints (hash, global position) split by the top bits of the hash into ``n`` ranges, so that
    no array of all fingerprints is ever built: pieces in memory, or appended to one file per range
    under ``spill`` (a store too large to hold them)."""

    def __init__(self, n: int, spill: Path | None, gtype: Any) -> None:
        self.n, self.spill, self.gtype = n, spill, gtype
        self.pieces: list[list[tuple[Any, Any]]] = [[] for _ in range(n)]
        self.shift = 64 - (n - 1).bit_length()

    def add(self, h, g) -> None:  # noqa: ANN001
        import numpy as np

        t = (h >> np.uint64(self.shift)).astype(np.intp)
        order = np.argsort(t, kind="stable")
        bounds = np.searchsorted(t[order], np.arange(self.n + 1))
        for k in range(self.n):
            sel = order[bounds[k]:bounds[k + 1]]
            if self.spill is None:
                self.pieces[k].append((h[sel], g[sel]))
            elif len(sel):
                with (self.spill / f"h{k}").open("ab") as fh, (self.spill / f"g{k}").open("ab") as fg:
                    fh.write(h[sel].tobytes())
                    fg.write(g[sel].tobytes())

    def take(self, k: int) -> tuple[Any, Any] | None:
        """Range ``k``'s fingerprints in position order, released from here."""
        import numpy as np

        if self.spill is None:
            part, self.pieces[k] = self.pieces[k], []
            return tuple(np.concatenate(x) for x in zip(*part)) if part else None  # type: ignore[return-value]
        fh, fg = self.spill / f"h{k}", self.spill / f"g{k}"
        if not fh.exists():
            return None
        out = np.fromfile(fh, dtype=np.uint64), np.fromfile(fg, dtype=self.gtype)
        fh.unlink()
        fg.unlink()
        return out


def _fingerprinted(chunks: Iterable[list[Unit]], capacity: int, n: int, w: int,  # noqa: ANN202
                   spill: Path | None = None):
    """Stream units (``capacity``: at least their total length) into a ``UnitIndex``, their code points in
    one array and their winnowed fingerprints in ``_Parts``.

    In memory the code points are uint16 while the text stays in the BMP (they are only
    compared for equality), else uint32. With ``spill`` they go to a memory-mapped uint16
    file, a character outside the BMP folding to U+FFFF (two such characters then compare
    equal when a passage is extended; passages' texts are read from the store); and the
    fingerprints are split into as many hash ranges as ``PART_CHARS`` of text need.
    """
    import math

    import numpy as np

    from readout.analyze import shingles

    gtype = np.uint32 if capacity < 1 << 32 else np.int64
    if spill is None:
        big = np.empty(capacity, dtype=np.uint16)
        parts = _Parts(_PARTS, None, gtype)
    else:
        big = np.memmap(spill / "codes.u16", dtype=np.uint16, mode="w+", shape=(max(1, capacity),))
        parts = _Parts(max(_PARTS, 1 << max(0, math.ceil(math.log2(max(1, capacity) / PART_CHARS)))), spill, gtype)
    ids: list[str] = []
    sids: list[int | None] = []
    regions: list[str | None] = []
    offs: list[int] = []
    lens: list[int] = []
    pos = 0
    for chunk in chunks:
        texts = [unit.text for unit in chunk]
        for unit in chunk:
            ids.append(unit.document_id)
            sids.append(unit.section_id)
            regions.append(unit.region)
            offs.append(unit.offset)
            lens.append(len(unit.text))
        c = shingles.codes("".join(texts))
        if len(c) and big.dtype == np.uint16 and int(c.max()) >= 1 << 16:
            if spill is None:
                big = big.astype(np.uint32)
            else:
                c = np.minimum(c, 0xFFFF)
        big[pos:pos + len(c)] = c
        starts = pos + np.concatenate(([0], np.cumsum([len(t) for t in texts])[:-1])).astype(np.int64)
        pos += len(c)
        del c
        h, u, p = shingles.fingerprints(texts, n, w)  # in unit, position order
        parts.add(h, (starts[u] + p).astype(gtype))  # global position: 4 bytes, not 8
        del h, u, p
    index = UnitIndex(ids, sids, regions, np.array(offs, dtype=np.int64), np.array(lens, dtype=np.int64),
                      lambda k, s, e: "")
    return index, big[:pos] if pos < len(big) else big, parts


def _first(pas, k: int | None, off, doc_of):  # noqa: ANN001, ANN202
    """The ``k`` first passages (all if None) in the exact path's order: longest first, then a's
    document, offsets, unit pair."""
    import numpy as np

    a, b, sa, ea, sb, eb = pas
    order = np.lexsort((b, a, off[b] + sb, off[a] + sa, doc_of[a], -(ea - sa)))
    if k is not None:
        order = order[:k]
    return tuple(p[order] for p in pas)


def _merge(start, end):  # noqa: ANN001, ANN202
    """Union of spans as sorted disjoint intervals; touching spans stay apart so that an interval
    never crosses from one unit into the next (units never overlap in global offsets)."""
    import numpy as np

    if len(start) == 0:
        return start, end
    order = np.argsort(start)
    start, end = start[order], end[order]
    reach = np.maximum.accumulate(end)
    new = np.ones(len(start), dtype=bool)
    new[1:] = start[1:] >= reach[:-1]
    first = np.flatnonzero(new)
    return start[first], reach[np.append(first[1:], len(start)) - 1]


def _groups(parts: _Parts, max_df: int, ustart):  # noqa: ANN001, ANN202
    """The occurrences of hashes found in 2..max_df units, grouped by hash with (unit, position)
    ascending inside a group: (unit int32, position int32, members after it in its group int32).
    ``parts`` holds, per range of hashes, (hash, global position) arrays in position order
    (``ustart``: where each unit starts); one range is sorted at a time and released."""
    import numpy as np

    from readout.analyze.shingles import ranks

    out: list[list[np.ndarray]] = [[], [], []]
    for k in range(parts.n):
        hg = parts.take(k)
        if hg is None:
            continue
        h, g = hg
        order = np.argsort(h, kind="stable")  # stable: positions stay ascending inside a hash
        h, g = h[order], g[order]
        del order
        u = (np.searchsorted(ustart, g, side="right") - 1).astype(np.int32)  # empty units share a start
        new = np.ones(len(h), dtype=bool)
        new[1:] = h[1:] != h[:-1]
        new_unit = new.copy()
        new_unit[1:] |= u[1:] != u[:-1]
        del h
        gstart = np.flatnonzero(new)
        gsize = np.diff(np.append(gstart, len(new)))
        df = np.add.reduceat(new_unit, gstart) if len(gstart) else gsize  # distinct units per hash
        keep = (df >= 2) & (df <= max_df)
        gstart, gsize = gstart[keep], gsize[keep]
        r = ranks(gsize)
        member = np.repeat(gstart, gsize) + r
        out[0].append(u[member])
        out[1].append((g[member] - ustart[u[member]]).astype(np.int32))
        out[2].append((np.repeat(gsize, gsize) - 1 - r).astype(np.int32))
    if not out[0]:
        return np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0, np.int32)
    return tuple(np.concatenate(o) for o in out)


def _extend(seeds, big, ustart, lens, n: int, min_len: int, lo: int = 0, hi: int | None = None,
            nu: int | None = None):  # noqa: ANN001, ANN202
    """Chain seeds along each (a, b, diagonal), extend the chains to maximal exact passages and
    keep those of >= min_len: (a, b, a_start, a_end, b_start, b_end) in unit offsets. Seeds have
    ``lo <= a < hi`` and ``b < nu``."""
    import numpy as np

    a, b, pa, pb = seeds
    if not len(a):
        z = np.zeros(0, np.int32)
        return z, z, z, z, z, z
    a, b, pa, d = _verified_in_order(a, b, pa, pb, big, ustart, lens, n, lo, hi, nu)
    a, b, d, s, e = _chains(a, b, pa, d, n)
    _grow(a, b, d, s, e, big, ustart, lens)
    # Chains of one passage split by a seed from elsewhere end up identical: keep one. Chains on
    # one diagonal stay ordered by start as they extend (a chain extended left past an earlier
    # one reaches the same start), so the duplicates are adjacent.
    dup = np.zeros(len(a), dtype=bool)
    dup[1:] = (a[1:] == a[:-1]) & (b[1:] == b[:-1]) & (d[1:] == d[:-1]) & (s[1:] == s[:-1])
    x = ~dup & (e - s >= min_len)
    a, b, d, s, e = a[x], b[x], d[x], s[x], e[x]
    return a, b, s, e, s - d, e - d


def _verified_in_order(a, b, pa, pb, big, ustart, lens, n: int, lo: int, hi: int | None,
                       nu: int | None):  # noqa: ANN001, ANN202
    """The seeds whose n characters really match, as (a, b, pa, diagonal), sorted by (a, b, diagonal, position)."""
    import numpy as np

    # A seed is a hash match: check its n characters (a 64-bit collision is unlikely, not impossible).
    ga, gb = ustart[a] + pa, ustart[b] + pb
    ok = np.ones(len(a), dtype=bool)
    for k in range(n):
        ok &= big[ga + k] == big[gb + k]
    del ga, gb
    a, b, pa, d = a[ok], b[ok], pa[ok], (pa - pb)[ok]
    del pb, ok
    # Sort by (a, b, diagonal, position): one int64 key when the fields fit, else lexsort.
    hi = int(a.max()) + 1 if hi is None else hi
    nu = int(b.max()) + 1 if nu is None else nu
    L = int(lens.max()) + 1
    wa, wb, wd, wp = (hi - lo).bit_length(), nu.bit_length(), (2 * L).bit_length(), L.bit_length()
    if wa + wb + wd + wp <= 63:
        key = (a - lo).astype(np.int64)
        key <<= wb
        key |= b
        key <<= wd
        key |= d + L
        key <<= wp
        key |= pa
        order = np.argsort(key)
        del key
    else:
        order = np.lexsort((pa, d, b, a))
    return a[order], b[order], pa[order], d[order]


def _chains(a, b, pa, d, n: int):  # noqa: ANN001, ANN202
    """Overlapping or touching sorted seeds on one diagonal as one chain: (a, b, d, start, end)."""
    import numpy as np

    # winnowing keeps the seeds of one passage <= w apart
    brk = np.ones(len(a), dtype=bool)
    brk[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1]) | (d[1:] != d[:-1]) | (pa[1:] > pa[:-1] + n)
    first = np.flatnonzero(brk)
    last = np.append(first[1:], len(a)) - 1
    # seeds are sorted by position inside a chain
    return a[first], b[first], d[first], pa[first], pa[last] + n


def _grow(a, b, d, s, e, big, ustart, lens) -> None:  # noqa: ANN001
    """Extend every chain left (``s``) and right (``e``) in place while both sides match, _STRIDE characters
    at a time (one gather of neighbouring characters per chain and step), only the chains still matching;
    ``room``: characters left to compare."""
    import numpy as np

    ga, gb = ustart[a], ustart[b]
    ks = np.arange(_STRIDE)
    for left in (True, False):
        room = np.minimum(s, s - d) if left else np.minimum(lens[a] - e, lens[b] - (e - d))
        act = np.flatnonzero(room > 0)
        while len(act):
            nxt = []
            for c0 in range(0, len(act), 1 << 20):  # bounded 2-D temporaries
                ac = act[c0:c0 + (1 << 20)]
                if left:
                    pa0 = ga[ac] + s[ac] - 1
                    pb0 = gb[ac] + (s[ac] - d[ac]) - 1
                    eq = big.take(pa0[:, None] - ks, mode="clip") == big.take(pb0[:, None] - ks, mode="clip")
                else:
                    pa0 = ga[ac] + e[ac]
                    pb0 = gb[ac] + (e[ac] - d[ac])
                    eq = big.take(pa0[:, None] + ks, mode="clip") == big.take(pb0[:, None] + ks, mode="clip")
                r = room[ac]
                eq &= ks < r[:, None]
                full = eq.all(axis=1)
                step = np.where(full, _STRIDE, eq.argmin(axis=1)).astype(s.dtype)
                if left:
                    s[ac] -= step
                else:
                    e[ac] += step
                r -= step
                room[ac] = r
                nxt.append(ac[full & (r > 0)])
            act = np.concatenate(nxt)


def _union_length(spans: list[tuple[int, int]]) -> int:
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total
