"""Boilerplate families: shared passages grouped into families of places, like passim's clusters.

``readout.analyze.reuse`` finds every aligned passage between two units (sections, or
whole documents without sections). Reported pair by pair they grow with the square of a
formula's spread: a phrase in 500 stories is 125,000 pairs. Here they become families:

1. **Stoplist.** Broadcaster lead-ins (央视网消息（新闻联播）：), wire datelines and legal
   notices (``data/reuse_stoplist.tsv``) are cut from a passage's two ends; a passage with
   fewer than ``min_len`` characters left is *stoplisted*, counted but in no family.
2. **Places.** Each passage has two spans, one per side. A span of a unit joins the
   first place of that unit whose first span it overlaps by ``OVERLAP`` of the longer
   (passim's relative overlap), else it opens a place: the same phrase aligned with many
   other stories is one place, not many, while a formula inside a longer copied
   paragraph stays a place of its own. A place shows its most-aligned span.
3. **Families** are the connected components of places linked by passages (union-find,
   vectorised). A row per family: the text of its most-aligned place, and how many
   places, documents, regions and days carry it, first and last seen, passages.

Copy ratios are untouched: ``reuse``'s ratios count every shared passage, stoplisted or
not. Memory: the passages are kept as a few numpy arrays (about 60 bytes each), never as
objects, and the output grows with the families, not with the pairs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

import numpy as np

from readout.analyze._db import DB, opened
from readout.analyze.reuse import ReuseResult, Unit, load_units, reuse_units

__all__ = ["Family", "FamilyResult", "Member", "families", "stoplist", "stored_families", "stored_members", "OVERLAP"]

# Two spans of a unit are one place when their overlap covers this share of the longer (passim's
# --relative-overlap): sharing half of the shorter chained every formula into one family of thousands.
OVERLAP = 0.8


@dataclass(slots=True)
class Member:
    """One place of a family: a span of a unit's text, as document offsets."""

    document_id: str
    section_id: int | None
    region: str | None
    date: str | None
    start: int
    end: int
    passages: int  # aligned passages touching it


@dataclass(slots=True)
class Family:
    id: int
    text: str  # the text of its most-aligned place
    length: int
    places: int
    documents: int
    regions: int
    dates: int  # distinct days
    first_seen: str | None
    last_seen: str | None
    passages: int
    document_id: str  # where ``text`` is (the most-aligned place)
    start: int
    end: int
    members: list[Member] = field(default_factory=list)

    def to_dict(self, members: bool = False) -> dict[str, Any]:
        d = asdict(self)
        if not members:
            d.pop("members")
        return d


@dataclass(slots=True)
class FamilyResult:
    families: list[Family]
    passages: int  # every passage reuse found
    stoplisted: int  # passages nothing but stoplisted text (in no family)
    ratios: ReuseResult  # copy ratios over every passage (its ``passages`` list is empty)


@cache
def stoplist() -> tuple[re.Pattern[str], ...]:
    """The compiled patterns of ``data/reuse_stoplist.tsv``."""
    from readout.resources import read_table

    return tuple(re.compile(r["pattern"]) for r in read_table("reuse_stoplist.tsv", ("pattern", "kind", "source")))


def families(db: DB, *, n: int = 8, min_len: int = 10, max_df: int = 200, across_documents_only: bool = False,
             document_ids: list[str] | None = None, method: str = "auto", members: bool = False,
             progress: Callable[[str], None] | None = None) -> FamilyResult:
    """Passage families of the store's units, largest (most documents) first.

    ``members`` also lists each family's places (``Family.members``); the reuse
    parameters are ``readout.analyze.reuse``'s.
    """
    say = progress or (lambda _: None)
    with opened(db) as conn:
        units = load_units(conn, document_ids)
        dates = dict(conn.execute(
            "SELECT d.id, coalesce(d.pub_date, (SELECT min(e.date) FROM events e WHERE e.document_id = d.id)) "
            "FROM documents d"))
    say(f"{len(units)} units loaded")
    blocks: list[tuple[np.ndarray, ...]] = []
    res = reuse_units(units, n=n, min_len=min_len, max_df=max_df, across_documents_only=across_documents_only,
                      method=method, max_passages=0, on_passages=lambda p: blocks.append(tuple(map(_i64, p))))
    say(f"{res.total_passages} passages found")
    pas = tuple(np.concatenate(c) for c in zip(*blocks)) if blocks else tuple(np.zeros(0, np.int64)
                                                                               for _ in range(6))
    blocks.clear()  # the concatenated copy is all we keep
    total = len(pas[0])
    pas = _trim(units, pas, min_len)
    fams = _group(units, dates, pas, members)
    say(f"{len(fams)} families")
    return FamilyResult(fams, total, total - len(pas[0]), res)


def _i64(x: np.ndarray) -> np.ndarray:
    return x.astype(np.int64, copy=False)


def _trim(units: list[Unit], pas: tuple[np.ndarray, ...], min_len: int) -> tuple[np.ndarray, ...]:
    """Cut stoplisted stretches off both ends of each passage; drop what gets shorter than ``min_len``."""
    a, b, sa, ea, sb, eb = pas
    if not len(a):
        return pas
    lens = np.fromiter((len(u.text) for u in units), dtype=np.int64, count=len(units))
    ustart = np.concatenate(([0], np.cumsum(lens)[:-1]))
    spans = [(int(ustart[k]) + m.start(), int(ustart[k]) + m.end()) for k, u in enumerate(units)
             for pat in stoplist() for m in pat.finditer(u.text) if m.end() > m.start()]
    if spans:
        spans.sort()
        ss = np.array([s for s, _ in spans], dtype=np.int64)
        se = np.maximum.accumulate(np.array([e for _, e in spans], dtype=np.int64))
        ga, gea = ustart[a] + sa, ustart[a] + ea
        # a stoplisted stretch covering the passage's first character: start after it
        i = np.searchsorted(ss, ga, side="right") - 1
        cut = np.where(i >= 0, np.maximum(se[np.maximum(i, 0)] - ga, 0), 0)
        # one covering its last character: end before it
        j = np.searchsorted(ss, gea - 1, side="right") - 1
        hit = (j >= 0) & (se[np.maximum(j, 0)] > gea - 1)
        back = np.where(hit, gea - ss[np.maximum(j, 0)], 0)
        sa, sb, ea, eb = sa + cut, sb + cut, ea - back, eb - back
    keep = (ea - sa) >= min_len
    return a[keep], b[keep], sa[keep], ea[keep], sb[keep], eb[keep]


def _group(units: list[Unit], dates: dict[str, str | None], pas: tuple[np.ndarray, ...],
           members: bool) -> list[Family]:
    a, b, sa, ea, sb, eb = pas
    npas = len(a)
    if not npas:
        return []
    # Distinct spans first: a phrase of one story aligned with a hundred others is mostly the
    # same (unit, start, end) a hundred times.
    u = np.concatenate((a, b))
    s = np.concatenate((sa, sb))
    e = np.concatenate((ea, eb))
    order = np.lexsort((e, s, u))
    new = np.ones(len(u), dtype=bool)
    new[1:] = (u[order][1:] != u[order][:-1]) | (s[order][1:] != s[order][:-1]) | (e[order][1:] != e[order][:-1])
    first = order[new]
    span_of = np.empty(len(u), dtype=np.int64)
    span_of[order] = np.cumsum(new) - 1  # span k (k < npas: side a of passage k, else side b) -> distinct span
    du, ds, de = u[first], s[first], e[first]
    weight = np.bincount(span_of, minlength=len(first))  # passages touching each distinct span
    place = _places(du, ds, de)
    n_places = int(place.max()) + 1
    # A place shows its most-aligned span (its core); its weight is every passage touching it.
    by = np.lexsort((-weight, place))  # distinct spans by place, heaviest first
    core = by[np.r_[True, place[by][1:] != place[by][:-1]]]  # every place id occurs: core[k] is place k's
    degree = np.bincount(place, weights=weight, minlength=n_places).astype(np.int64)
    node = place[span_of]
    comp = _components(n_places, node[:npas], node[npas:])
    return _families(units, dates, comp, du[core], ds[core], de[core], degree, node[:npas], members)


def _places(u: np.ndarray, s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Place of each distinct span (sorted by unit, start, end): a span joins the first open place of
    its unit whose first span it overlaps by ``OVERLAP`` of the longer of the two, else opens one."""
    out = np.empty(len(u), dtype=np.int64)
    n = 0
    cur_u = -1
    open_: list[tuple[int, int, int]] = []  # (anchor start, anchor end, place) of the current unit
    for i, (ui, si, ei) in enumerate(zip(u.tolist(), s.tolist(), e.tolist())):
        if ui != cur_u:
            cur_u, open_ = ui, []
        else:
            open_ = [p for p in open_ if p[1] > si]  # anchors ending before this span can take nothing more
        for ps, pe, pid in open_:
            if min(pe, ei) - max(ps, si) >= OVERLAP * max(pe - ps, ei - si):
                out[i] = pid
                break
        else:
            open_.append((si, ei, n))
            out[i] = n
            n += 1
    return out


def _components(n: int, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Connected components of ``n`` nodes joined by edges ``x[i]``–``y[i]``: each node's smallest member."""
    label = np.arange(n, dtype=np.int64)
    while True:
        lx, ly = label[x], label[y]
        m = np.minimum(lx, ly)
        before = label.copy()
        np.minimum.at(label, lx, m)  # hook both roots onto the smaller
        np.minimum.at(label, ly, m)
        while True:  # pointer jumping: every node straight to its root
            nxt = label[label]
            if np.array_equal(nxt, label):
                break
            label = nxt
        if np.array_equal(label, before):
            return label


def _families(units: list[Unit], dates: dict[str, str | None], comp: np.ndarray, p_unit: np.ndarray,
              p_start: np.ndarray, p_end: np.ndarray, degree: np.ndarray, edge_node: np.ndarray,
              members: bool) -> list[Family]:
    order = np.lexsort((-degree, comp))  # places by family, most-aligned first
    bounds = np.flatnonzero(np.r_[True, comp[order][1:] != comp[order][:-1]])
    edges = np.bincount(comp[edge_node], minlength=len(comp))  # passages per family (by root)
    doc_of = [u.document_id for u in units]
    out: list[Family] = []
    for k, lo in enumerate(bounds):
        hi = bounds[k + 1] if k + 1 < len(bounds) else len(order)
        idx = order[lo:hi]
        us = p_unit[idx].tolist()
        docs = {doc_of[x] for x in us}
        regions = {units[x].region for x in us if units[x].region}
        days = sorted({d for d in (dates.get(doc_of[x]) for x in us) if d})
        top = int(idx[0])
        tu = units[int(p_unit[top])]
        ts, te = int(p_start[top]), int(p_end[top])
        fam = Family(0, tu.text[ts:te], te - ts, len(idx), len(docs), len(regions), len(days),
                     days[0] if days else None, days[-1] if days else None, int(edges[comp[top]]),
                     tu.document_id, tu.offset + ts, tu.offset + te)
        if members:
            for i in idx.tolist():
                mu = units[int(p_unit[i])]
                fam.members.append(Member(mu.document_id, mu.section_id, mu.region, dates.get(mu.document_id),
                                          mu.offset + int(p_start[i]), mu.offset + int(p_end[i]), int(degree[i])))
            fam.members.sort(key=lambda m: (m.date or "", m.document_id, m.start))
        out.append(fam)
    out.sort(key=lambda f: (-f.documents, -f.passages, -f.length, f.document_id, f.start))
    for i, f in enumerate(out, 1):
        f.id = i
    return out


_FAMILY_COLUMNS = ('id, text, length, places, documents, regions, dates, first_seen, last_seen, passages, document_id, '
                   'start, "end"')


def stored_families(conn, *, limit: int = 100, after: int = 0) -> list[Family]:  # noqa: ANN001
    """Families as ``readout analyze`` stored them, by rank, ``limit`` after rank ``after`` (0 = all)."""
    sql = f"SELECT {_FAMILY_COLUMNS} FROM reuse_families WHERE id > ? ORDER BY id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [Family(*r) for r in conn.execute(sql, (after,))]


def stored_members(conn, family_id: int, *, limit: int = 0) -> tuple[Family | None, list[Member]]:  # noqa: ANN001
    """One stored family and its places, by date."""
    row = conn.execute(f"SELECT {_FAMILY_COLUMNS} FROM reuse_families WHERE id = ?", (family_id,)).fetchone()
    if row is None:
        return None, []
    sql = ('SELECT document_id, section_id, region, date, start, "end", passages FROM reuse_members '
           "WHERE family_id = ? ORDER BY coalesce(date, ''), document_id, start")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return Family(*row), [Member(*r) for r in conn.execute(sql, (family_id,))]
