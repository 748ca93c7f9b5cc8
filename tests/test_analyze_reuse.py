"""Reuse: the numpy (sampled) path gives the same passages and ratios as the exact path, and
winnowing keeps its guarantee."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

import readout.store
from readout.analyze import shingles
from readout.analyze.reuse import reuse

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "examples" / "2019-09-theme-education-roundup.txt"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def _same(db_or_none, **kw) -> None:  # noqa: ANN001
    exact = reuse(db_or_none, method="exact", **kw)
    sampled = reuse(db_or_none, method="sampled", **kw)
    assert sampled.passages == exact.passages
    assert sampled.sections == exact.sections
    assert sampled.documents == exact.documents


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("reuse") / "seed.db"
    assert readout.store.ingest([SEED], db).added == 1
    return db


@pytest.fixture(scope="module")
def dev_db(tmp_path_factory):
    if not DEV.is_dir():
        pytest.skip(f"dev corpus absent: {DEV}")
    db = tmp_path_factory.mktemp("reuse") / "dev.db"
    assert readout.store.ingest([DEV, SEED], db).added > 100
    return db


def test_seed_sampled_equals_exact(seed_db):
    _same(seed_db)
    assert reuse(seed_db, method="sampled").passages  # the ten provinces do share passages


def test_hand_sectioned_seed_sampled_equals_exact(tmp_path):
    from test_analyze_seed import hand_sectioned_seed

    db = tmp_path / "hand.db"
    with readout.store.Store.open(db) as st:
        assert st.add(hand_sectioned_seed())
    _same(db, n=8, min_len=10)
    res = reuse(db, method="sampled")
    assert "推动学习贯彻习近平新时代中国特色社会主义思想往深里走、往心里走、往实里走" in [
        p.text for p in res.between("天津市", "青海省")]


@pytest.mark.parametrize("kw", [{}, {"n": 6, "min_len": 20}])
def test_dev_sampled_equals_exact(dev_db, kw):
    _same(dev_db, **kw)


def test_auto_picks_the_path_by_size(monkeypatch):
    import sys

    mod = sys.modules["readout.analyze.reuse"]  # the package attribute `reuse` is the function

    calls = []
    monkeypatch.setattr(mod, "_reuse_exact", lambda *a: calls.append("exact") or mod.ReuseResult())
    monkeypatch.setattr(mod, "_reuse_sampled", lambda *a: calls.append("sampled") or mod.ReuseResult())
    small = [(None, "d", None, "字" * 100)]
    big = [(None, f"d{i}", None, "字" * 1000) for i in range(mod.EXACT_MAX_CHARS // 1000 + 1)]
    reuse(None, units=small)
    reuse(None, units=big)
    assert calls == ["exact", "sampled"]


def test_units_fed_directly_with_a_repeated_phrase():
    phrase = "坚持以人民为中心的发展思想推动高质量发展"  # 20 characters
    rows = [(None, "d1", "甲", f"开头不同的话。{phrase}，然后{phrase}。"),
            (None, "d2", "乙", f"另一篇{phrase}结束"),
            (None, "d3", "丙", "完全无关的一段文字内容而已没有共同之处")]
    for method in ("exact", "sampled"):
        res = reuse(None, units=rows, method=method)
        # d1 holds the phrase twice, d2 once: two aligned pairs (units are not compared with
        # themselves), each exactly the phrase.
        pairs = sorted((p.a_document_id, p.b_document_id, p.a_start, p.b_start, p.text) for p in res.passages)
        i1 = rows[0][3].index(phrase)
        i2 = rows[0][3].index(phrase, i1 + 1)
        j = rows[1][3].index(phrase)
        assert pairs == [("d1", "d2", i1, j, phrase), ("d1", "d2", i2, j, phrase)], method
        for p in res.passages:
            src = {r[1]: r[3] for r in rows}
            assert src[p.a_document_id][p.a_start:p.a_end] == p.text == src[p.b_document_id][p.b_start:p.b_end]
        d3 = next(u for u in res.documents if u.document_id == "d3")
        assert d3.shared_chars == 0 and d3.copy_ratio == 0.0


def test_random_texts_sampled_equals_exact():
    # Small alphabet, planted copies of random lengths: many passages, overlaps and repeats.
    rng = random.Random(7)
    alphabet = "的一是在不了有和人这中大为上个国我以要他"
    pool = ["".join(rng.choices(alphabet, k=rng.randint(5, 60))) for _ in range(30)]
    rows = []
    for d in range(40):
        text = "".join(rng.choice(pool) + "".join(rng.choices(alphabet, k=rng.randint(0, 4))) for _ in range(6))
        rows.append((d, f"doc{d // 3}", None, text))
    for kw in ({}, {"n": 5, "min_len": 12}, {"max_df": 10_000}, {"across_documents_only": True}):
        exact = reuse(None, units=rows, method="exact", **({"max_df": 10_000} | kw))
        sampled = reuse(None, units=rows, method="sampled", **({"max_df": 10_000} | kw))
        assert exact.passages, kw
        assert sampled.passages == exact.passages, kw
        assert sampled.sections == exact.sections, kw


def test_store_streamed_with_spilled_fingerprints_equals_exact(seed_db, dev_db, monkeypatch, tmp_path):
    """A store's units streamed a few documents at a time, code points memory-mapped and fingerprints
    spilled to many hash-range files (as at 10⁶ documents) give the exact path's passages and ratios."""
    import sys
    import tempfile

    mod = sys.modules["readout.analyze.reuse"]
    monkeypatch.setattr(mod, "PART_CHARS", 2_000)  # dozens of ranges instead of 16
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for db in (seed_db, dev_db):
        exact = reuse(db, method="exact")
        streamed = reuse(db, method="sampled", chunk_units=6)  # 3 documents per read
        assert streamed.passages == exact.passages and streamed.sections == exact.sections
        assert streamed.documents == exact.documents
    assert not list(tmp_path.iterdir())  # the spill folder is gone


def test_blocks_top_k_and_long_copies_sampled_equals_exact():
    # Long copies abutting the edges of units: extension runs over many strides and must stop at
    # a unit's edge even when the next unit goes on with the same characters. Seeds are streamed
    # in blocks of left units (down to one unit per block) and only the k first passages are kept.
    import sys

    mod = sys.modules["readout.analyze.reuse"]
    rng = random.Random(11)
    alphabet = "的一是在不了有和人这中大为上个国我以要他"
    pool = ["".join(rng.choices(alphabet, k=rng.randint(30, 200))) for _ in range(12)]
    rows = [(d, f"doc{d // 2}", None, "".join(rng.choice(pool) for _ in range(rng.randint(1, 4))))
            for d in range(30)]
    exact = reuse(None, units=rows, method="exact", max_df=10_000)
    assert max(p.length for p in exact.passages) > 100
    units = [mod.Unit(did, sid, region, 0, text) for sid, did, region, text in rows]
    for block_seeds in (1, 97, 1 << 22):
        for k in (None, 0, 7, len(exact.passages) + 5):
            got = mod._reuse_sampled(units, 8, 10, False, 10_000, 7, k, block_seeds=block_seeds)
            assert got.total_passages == len(exact.passages)
            assert got.passages == (exact.passages if k is None else exact.passages[:k]), (block_seeds, k)
            assert got.sections == exact.sections
            assert got.documents == exact.documents


def test_winnowing_guarantee():
    # Every common substring of >= w + q - 1 characters shares a fingerprint value.
    rng = random.Random(3)
    q, w = 4, 6
    for _ in range(200):
        shared = "".join(rng.choices("abcdefgh", k=w + q - 1))
        a = "".join(rng.choices("abcdefgh", k=rng.randint(0, 30))) + shared + "".join(rng.choices("xyz", k=5))
        b = "".join(rng.choices("pqrs", k=rng.randint(0, 30))) + shared
        ha, _, _ = shingles.fingerprints([a], q, w)
        hb, _, _ = shingles.fingerprints([b], q, w)
        assert np.intersect1d(ha, hb).size, (a, b)


def test_fingerprints_stay_inside_units():
    texts = ["甲乙丙丁戊", "己庚", "", "辛壬癸子丑寅"]
    h, u, p = shingles.fingerprints(texts, 3, 2)
    assert (p >= 0).all()
    for k, pos in zip(u.tolist(), p.tolist()):
        assert pos + 3 <= len(texts[k])  # a fingerprint is a whole gram of its unit
    assert 1 not in u.tolist()  # a unit shorter than q has no gram


def test_unknown_method():
    with pytest.raises(ValueError):
        reuse(None, units=[], method="fast")
