"""Hashed character shingles, winnowing and candidate pairs, vectorised with numpy.

Used by :mod:`readout.analyze.reuse` for corpora too large for a dict of every n-gram.

- **Shingles**: every character ``q``-gram of a unit is hashed to 64 bits (a polynomial
  over the code points, then the splitmix64 finaliser so that all bits are mixed). Grams
  that would cross the end of a unit are never hashed.
- **Winnowing** (Schleimer, Wilkerson & Aiken 2003): a gram is kept (a *fingerprint*)
  when its hash is the minimum of some window of ``w`` consecutive grams of its unit
  (all tied minima are kept). Guarantee: if two units share a passage of at least
  ``w + q - 1`` characters, the passage holds ``w`` whole grams, i.e. a whole window, whose
  minimum is the same value in both units — so they share a fingerprint. Consecutive
  fingerprints of a unit are at most ``w`` grams apart, and about ``2 / (w + 1)`` of the
  grams are kept.
- **Grouping** by hash into candidate pairs, with ``max_df`` for boilerplate, is
  ``readout.analyze.reuse._groups`` (one hash range at a time, so memory stays bounded).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_MAX = np.uint64(0xFFFFFFFFFFFFFFFF)
_BASE = np.uint64(0x100000001B3)  # odd 64-bit multiplier (FNV prime); arithmetic wraps mod 2**64


def codes(text: str) -> np.ndarray:
    """The code points of ``text`` as uint32 (index i is ``text[i]``)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, in place: low bits of a polynomial hash are weak on their own."""
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def gram_hashes(c: np.ndarray, ends: np.ndarray, unit_of: np.ndarray, q: int) -> np.ndarray:
    """64-bit hash of the ``q``-gram starting at every position of ``c``; ``_MAX`` where it would
    cross the end of its unit (``ends[unit_of[i]]``)."""
    m = len(c)
    h = np.zeros(m, dtype=np.uint64)
    c64 = c.astype(np.uint64)
    with np.errstate(over="ignore"):
        for k in range(q):  # h[i] = sum_k c[i+k] * B^(q-1-k), wrapping
            h[: m - k] *= _BASE
            h[: m - k] += c64[k:]
        _mix(h)
    h[np.arange(m) + q > ends[unit_of]] = _MAX
    return h


def winnow(h: np.ndarray, w: int) -> np.ndarray:
    """Mask of the positions whose hash is the minimum of some window of ``w`` consecutive
    positions (ties all kept; ``_MAX`` never kept)."""
    m = len(h)
    if m == 0:
        return np.zeros(0, dtype=bool)
    if m <= w:
        return (h == h.min()) & (h != _MAX)
    nw = m - w + 1
    wmin = h[:nw].copy()
    for k in range(1, w):
        np.minimum(wmin, h[k:k + nw], out=wmin)
    sel = np.zeros(m, dtype=bool)
    for k in range(w):  # window j covers positions j..j+w-1
        sel[k:k + nw] |= h[k:k + nw] == wmin
    sel &= h != _MAX
    return sel


def fingerprints(texts: Sequence[str], q: int, w: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Winnowed fingerprints of a batch of units: (hash uint64, unit index in the batch int32,
    position in the unit int32), in unit then position order."""
    lens = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    if lens.sum() == 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int32), np.zeros(0, np.int32)
    starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
    ends = starts + lens
    c = codes("".join(texts))
    unit_of = np.repeat(np.arange(len(texts), dtype=np.int32), lens)
    h = gram_hashes(c, ends, unit_of, q)
    # Windows must not mix units: pad each unit's grams with _MAX up to a whole window, by
    # winnowing the units one batch at a time would cost a numpy call per unit, so instead
    # windows that straddle two units only add fingerprints (their minimum is a real gram of
    # one unit), never remove the ones the guarantee is about (windows inside one unit).
    pos = np.flatnonzero(winnow(h, w))
    return h[pos], unit_of[pos], (pos - starts[unit_of[pos]]).astype(np.int32)


def ranks(sizes: np.ndarray) -> np.ndarray:
    """0, 1, …, s-1 for each s in ``sizes``, concatenated."""
    total = int(sizes.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    return np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
