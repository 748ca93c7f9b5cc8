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
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
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


def reuse(db: DB, *, n: int = 8, min_len: int = 10, document_ids: list[str] | None = None,
          across_documents_only: bool = False, max_df: int = 200) -> ReuseResult:
    """Aligned passages shared between units, with copy ratios per section and per document."""
    with opened(db) as conn:
        units = _load_units(conn, document_ids)
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
    per_doc: dict[str, list[int]] = {}
    for k, u in enumerate(units):
        shared = _union_length(covered[k])
        chars = len(u.text)
        result.sections.append(UnitRatio(u.document_id, u.section_id, u.region, chars, shared,
                                         round(shared / chars, 4) if chars else 0.0, n_passages[k]))
        acc = per_doc.setdefault(u.document_id, [0, 0, 0])
        acc[0] += chars
        acc[1] += shared
        acc[2] += n_passages[k]
    for did, (chars, shared, npas) in per_doc.items():
        result.documents.append(UnitRatio(did, None, None, chars, shared, round(shared / chars, 4) if chars else 0.0,
                                          npas))
    result.passages.sort(key=lambda p: (-p.length, p.a_document_id, p.a_start, p.b_start))
    return result


def _union_length(spans: list[tuple[int, int]]) -> int:
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total
