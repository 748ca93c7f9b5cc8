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
  not the other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from collections.abc import Iterable
from itertools import combinations
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
class _Unit:
    document_id: str
    section_id: int | None
    region: str | None
    offset: int
    text: str


def _load_units(conn, document_ids: list[str] | None) -> list[_Unit]:  # noqa: ANN001
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
            units.append(_Unit(did, None, dregion, 0, text))
        for sid, s, e, rname in secs:
            units.append(_Unit(did, sid, rname or dregion, s, text[s:e]))
    return units


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


EXACT_MAX_CHARS = 300_000  # "auto" runs the exact path up to this many characters of units

UnitRow = tuple[int | None, str, str | None, str]  # (section_id, document_id, region, text)


def reuse(db: DB | None, *, n: int = 8, min_len: int = 10, document_ids: list[str] | None = None,
          across_documents_only: bool = False, max_df: int = 200, method: str = "auto",
          units: Iterable[UnitRow] | None = None, chunk_units: int = 4096,
          max_passages: int | None = None) -> ReuseResult:
    """Aligned passages shared between units, with copy ratios per section and per document.

    ``units`` (instead of ``db``) feeds (section_id, document_id, region, text) rows
    directly, offsets then being into ``text``; ``method`` is ``"auto"``, ``"exact"`` or
    ``"sampled"`` (see the module docstring). ``max_passages`` keeps only that many passages
    (the longest) as objects — ratios and ``total_passages`` still count them all: at 10⁵
    reports a dense corpus has tens of millions of passages, too many for Python objects.
    """
    if method not in ("auto", "exact", "sampled"):
        raise ValueError(f"method must be auto, exact or sampled, not {method!r}")
    if units is not None:
        loaded = [_Unit(did, sid, region, 0, text) for sid, did, region, text in units
                  if not document_ids or did in document_ids]
    else:
        with opened(db) as conn:
            loaded = _load_units(conn, document_ids)
    if method == "auto":
        method = "exact" if sum(len(u.text) for u in loaded) <= EXACT_MAX_CHARS else "sampled"
    if method == "exact":
        res = _reuse_exact(loaded, n, min_len, across_documents_only, max_df)
        res.total_passages = len(res.passages)
        if max_passages is not None:
            del res.passages[max_passages:]
        return res
    return _reuse_sampled(loaded, n, min_len, across_documents_only, max_df, chunk_units, max_passages)


def _reuse_exact(units: list[_Unit], n: int, min_len: int, across_documents_only: bool,
                 max_df: int) -> ReuseResult:
    postings: dict[str, set[int]] = defaultdict(set)
    for k, u in enumerate(units):
        t = u.text
        for g in {t[i:i + n] for i in range(len(t) - n + 1)}:
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
    result.passages.sort(key=lambda p: (-p.length, p.a_document_id, p.a_start, p.b_start))
    return result


def _ratios(units: list[_Unit], shared: list[int], n_passages: list[int]) -> tuple[list[UnitRatio], list[UnitRatio]]:
    sections, documents = [], []
    per_doc: dict[str, list[int]] = {}
    for k, u in enumerate(units):
        chars = len(u.text)
        sections.append(UnitRatio(u.document_id, u.section_id, u.region, chars, shared[k],
                                  round(shared[k] / chars, 4) if chars else 0.0, n_passages[k]))
        acc = per_doc.setdefault(u.document_id, [0, 0, 0])
        acc[0] += chars
        acc[1] += shared[k]
        acc[2] += n_passages[k]
    for did, (chars, sh, npas) in per_doc.items():
        documents.append(UnitRatio(did, None, None, chars, sh, round(sh / chars, 4) if chars else 0.0, npas))
    return sections, documents


def _reuse_sampled(units: list[_Unit], n: int, min_len: int, across_documents_only: bool, max_df: int,
                   chunk_units: int, max_passages: int | None = None) -> ReuseResult:
    """The numpy path: winnowed fingerprints -> candidate seeds -> chained, extended passages."""
    import numpy as np

    from readout.analyze import shingles

    w = max(1, min_len - n + 1)  # every common passage of >= min_len chars holds a whole window
    nu = len(units)
    lens = np.fromiter((len(u.text) for u in units), dtype=np.int64, count=nu)
    ustart = np.concatenate(([0], np.cumsum(lens)[:-1])).astype(np.int64)
    doc_ids = [u.document_id for u in units]
    doc_rank_of = {d: r for r, d in enumerate(sorted(set(doc_ids)))}
    doc_of = np.fromiter((doc_rank_of[d] for d in doc_ids), dtype=np.int64, count=nu)
    # Stream the units in chunks; keep the code points (for extension) and the fingerprints
    # (hash, unit, position) as compact arrays, each chunk sorted by (hash, unit, position).
    text_parts, hs, us, ps = [], [], [], []
    for c0 in range(0, nu, chunk_units):
        texts = [u.text for u in units[c0:c0 + chunk_units]]
        text_parts.append(shingles.codes("".join(texts)))
        h, u, p = shingles.fingerprints(texts, n, w)
        order = np.lexsort((p, u, h))
        hs.append(h[order])
        us.append(u[order] + c0)
        ps.append(p[order])
    big = np.concatenate(text_parts) if text_parts else np.zeros(0, np.uint32)
    del text_parts
    H = np.concatenate(hs) if hs else np.zeros(0, np.uint64)
    U = np.concatenate(us) if us else np.zeros(0, np.int32)
    P = np.concatenate(ps) if ps else np.zeros(0, np.int32)
    del hs, us, ps
    seeds = _seeds(H, U, P, max_df, doc_of if across_documents_only else None)
    del H, U, P
    a, b, sa, ea, sb, eb = _extend(seeds, big, ustart, lens, n, min_len)
    del seeds, big
    # Same order as the exact path: longest first, then a's document, offsets, unit pair.
    off = np.fromiter((u.offset for u in units), dtype=np.int64, count=nu)
    order = np.lexsort((b, a, off[b] + sb, off[a] + sa, doc_of[a], -(ea - sa)))
    a, b, sa, ea, sb, eb = (x[order] for x in (a, b, sa, ea, sb, eb))
    result = ReuseResult(total_passages=len(a))
    k = len(a) if max_passages is None else max_passages
    for ka, kb, s, e, t, f in zip(a[:k].tolist(), b[:k].tolist(), sa[:k].tolist(), ea[:k].tolist(), sb[:k].tolist(),
                                  eb[:k].tolist()):
        ua, ub = units[ka], units[kb]
        result.passages.append(Passage(ua.document_id, ua.section_id, ua.region, ua.offset + s, ua.offset + e,
                                       ub.document_id, ub.section_id, ub.region, ub.offset + t, ub.offset + f,
                                       ua.text[s:e]))
    n_passages = np.bincount(np.concatenate((a, b)), minlength=nu)
    shared = _union_lengths(np.concatenate((a, b)), np.concatenate((ustart[a] + sa, ustart[b] + sb)),
                            np.concatenate((ustart[a] + ea, ustart[b] + eb)), nu)
    result.sections, result.documents = _ratios(units, shared.tolist(), n_passages.tolist())
    return result


def _seeds(H, U, P, max_df: int, doc_of, batch: int = 1 << 24):  # noqa: ANN001, ANN202
    """(a, b, pa, pb) for every pair of occurrences of a fingerprint in units a < b, for hashes
    found in 2..max_df units, as int32 arrays. Groups are expanded about ``batch`` occurrence
    pairs at a time."""
    import numpy as np

    from readout.analyze.shingles import _ranks

    order = np.argsort(H, kind="stable")  # stable: (unit, position) stay ascending inside a hash
    H = H[order]
    U, P = U[order], P[order]
    del order
    new = np.ones(len(H), dtype=bool)
    new[1:] = H[1:] != H[:-1]
    new_unit = new.copy()
    new_unit[1:] |= U[1:] != U[:-1]
    del H
    gstart = np.flatnonzero(new)
    gsize = np.diff(np.append(gstart, len(new)))
    df = np.add.reduceat(new_unit, gstart) if len(gstart) else gsize  # distinct units per hash
    keep = (df >= 2) & (df <= max_df)
    gstart, gsize = gstart[keep], gsize[keep]
    cum = np.cumsum(gsize * (gsize - 1) // 2)
    parts: list[list[np.ndarray]] = [[], [], [], []]
    g0 = 0
    while g0 < len(gstart):
        base = cum[g0 - 1] if g0 else 0
        g1 = max(g0 + 1, int(np.searchsorted(cum, base + batch, side="right")))
        st, sz = gstart[g0:g1], gsize[g0:g1]
        member = np.repeat(st, sz) + _ranks(sz)
        after = np.repeat(st + sz, sz) - member - 1
        left = np.repeat(member, after)
        right = left + 1 + _ranks(after)
        a, b = U[left], U[right]  # int32, like the positions: seeds are the bulk of the memory
        x = a != b
        if doc_of is not None:
            x &= doc_of[a] != doc_of[b]
        for lst, arr in zip(parts, (a[x], b[x], P[left][x], P[right][x])):
            lst.append(arr)
        g0 = g1
    return tuple(np.concatenate(p) if p else np.zeros(0, np.int32) for p in parts)


def _extend(seeds, big, ustart, lens, n: int, min_len: int):  # noqa: ANN001, ANN202
    """Chain seeds along each (a, b, diagonal), extend the chains to maximal exact passages and
    keep those of >= min_len: (a, b, a_start, a_end, b_start, b_end) in unit offsets."""
    import numpy as np

    a, b, pa, pb = seeds
    # A seed is a hash match: check its n characters (a 64-bit collision is unlikely, not impossible).
    ga, gb = ustart[a] + pa, ustart[b] + pb
    ok = np.ones(len(a), dtype=bool)
    for k in range(n):
        ok &= big[ga + k] == big[gb + k]
    a, b, pa, d = a[ok], b[ok], pa[ok], (pa - pb)[ok]
    del ga, gb, pb
    order = np.lexsort((pa, d, b, a))
    a, b, pa, d = a[order], b[order], pa[order], d[order]
    # Overlapping or touching seeds on one diagonal are one passage (winnowing keeps them <= w apart).
    brk = np.ones(len(a), dtype=bool)
    brk[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1]) | (d[1:] != d[:-1]) | (pa[1:] > pa[:-1] + n)
    first = np.flatnonzero(brk)
    last = np.append(first[1:], len(a)) - 1
    a, b, d = a[first], b[first], d[first]
    s, e = pa[first], pa[last] + n  # seeds are sorted by position inside a chain
    # Extend left and right one character at a time, only the chains still matching.
    la, lb = lens[a], lens[b]
    for left in (True, False):
        act = np.arange(len(a))
        while len(act):
            if left:
                i = s[act] - 1
                j = i - d[act]
                m = (i >= 0) & (j >= 0)
            else:
                i = e[act]
                j = i - d[act]
                m = (i < la[act]) & (j < lb[act])
            act = act[m]
            i, j = i[m], j[m]
            m = big[ustart[a[act]] + i] == big[ustart[b[act]] + j]
            act = act[m]
            if left:
                s[act] -= 1
            else:
                e[act] += 1
    # Chains of one passage split by a seed from elsewhere end up identical: keep one.
    key = np.lexsort((s, d, b, a))
    a, b, d, s, e = a[key], b[key], d[key], s[key], e[key]
    dup = np.zeros(len(a), dtype=bool)
    dup[1:] = (a[1:] == a[:-1]) & (b[1:] == b[:-1]) & (d[1:] == d[:-1]) & (s[1:] == s[:-1])
    x = ~dup & (e - s >= min_len)
    a, b, d, s, e = a[x], b[x], d[x], s[x], e[x]
    return a, b, s, e, s - d, e - d


def _union_lengths(unit, start, end, n_units: int):  # noqa: ANN001, ANN202
    """Characters covered by the spans of each unit; spans in global offsets (units never overlap)."""
    import numpy as np

    if len(start) == 0:
        return np.zeros(n_units, dtype=np.int64)
    order = np.argsort(start, kind="stable")
    unit, start, end = unit[order], start[order], end[order]
    reach = np.maximum.accumulate(end)
    prev = np.concatenate(([-1], reach[:-1]))  # furthest end among earlier spans
    gain = np.clip(end - np.maximum(start, prev), 0, None)
    return np.bincount(unit, weights=gain, minlength=n_units).astype(np.int64)


def _union_length(spans: list[tuple[int, int]]) -> int:
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total
