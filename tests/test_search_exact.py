"""Search returns exactly what a brute-force substring scan returns, for any query length; filters; KWIC."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from readout.model import Document, Event, Formulation, Mention, Official, RegionRef, Section
from readout.store import Store, connect, ingest
from readout.store.search import brute_force, route, search

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "2019-09-theme-education-roundup.txt"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def _scan(conn, q: str) -> set[str]:  # noqa: ANN001
    """The reference, independent of readout: every document whose title or text contains q."""
    return {i for i, t, x in conn.execute("SELECT id, title, text FROM documents") if q in t or q in x}


def _draw(texts: list[str], length: int, n: int, rng: random.Random) -> list[str]:
    out = []
    while len(out) < n:
        t = rng.choice(texts)
        if len(t) <= length:
            continue
        i = rng.randrange(0, len(t) - length)
        out.append(t[i:i + length])
    return out


def _check_random_queries(db: Path, seed: int, per_length: int) -> None:
    conn = connect(db, readonly=True)
    texts = [t + "\n" + x for t, x in conn.execute("SELECT title, text FROM documents")]
    rng = random.Random(seed)
    for length in (1, 2, 3, 6):
        for q in _draw(texts, length, per_length, rng):
            res = search(conn, q, limit=0)
            assert {h.document_id for h in res.hits} == _scan(conn, q), (q, res.route)
            assert res.complete
            for h in res.hits[:50]:
                body = h.title if h.field == "title" else None
                if body is None:
                    (body,) = conn.execute("SELECT text FROM documents WHERE id = ?", (h.document_id,)).fetchone()
                assert body[h.start:h.end] == q == h.hit


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("search") / "seed.db"
    ingest([SEED], db)
    with Store.open(db) as st:  # a short text with the classic inner-word case
        st.add(Document(id="install", source="manual.txt", title="说明", pub_date="2020-01-01",
                        text="说明\n这个软件安装简单，使用方便。"))
    return db


def test_random_queries_match_brute_force_on_seed(seed_db):
    _check_random_queries(seed_db, seed=11, per_length=40)


def test_random_queries_match_brute_force_on_dev(tmp_path):
    if not DEV.is_dir():
        pytest.skip(f"dev corpus not available at {DEV}")
    db = tmp_path / "dev.db"
    rep = ingest(sorted(DEV.glob("*.txt")) + [SEED], db)
    assert rep.added > 100
    _check_random_queries(db, seed=5, per_length=60)


@pytest.mark.parametrize("q", ["党", "整改", "简单", "往深里走、往心里走、往实里走", "，", "”、“", "A",
                               # pairs with punctuation, across a line break, quoted
                               "，使", "单，", "简单，使用", "。\n", "“两个维护”"])
def test_named_queries(seed_db, q):
    conn = connect(seed_db, readonly=True)
    got = {h.document_id for h in search(conn, q, limit=0).hits}
    assert got == _scan(conn, q) == brute_force(conn, q)
    assert got or q == "A"  # every other query occurs in the seed db


def test_inner_word_short_query(seed_db):
    res = search(seed_db, "简单", limit=0, context=6)
    assert [h.document_id for h in res.hits] == ["install"]
    (h,) = res.hits
    assert (h.left, h.hit, h.right) == ("这个软件安装", "简单", "，使用方便。")


def test_routes():
    assert route("党")[0] == "grams"
    assert route("整改")[0] == "grams"
    assert route("，")[0] == "grams"
    assert route("往深里") == ("grams", '"往深" AND "深里"')
    # whitespace splits a query into runs: single characters are unigrams, pairs never cross a blank
    assert route("a b") == ("grams", '"a" AND "b"')
    assert route(" x")[0] == "grams"
    assert route(" \n")[0] == "scan"
    # long queries use at most 8 bigrams, spread from the first to the last
    how, expr = route("为人民服务是中国共产党的根本宗旨和初心使命")
    terms = expr.split(" AND ")
    assert how == "grams" and len(terms) == 8 and terms[0] == '"为人"' and terms[-1] == '"使命"'


def test_limit_and_counts(seed_db):
    conn = connect(seed_db, readonly=True)
    (text,) = conn.execute("SELECT text FROM documents WHERE id != 'install'").fetchone()
    every = search(conn, "两个维护", limit=0)
    assert len(every.hits) == text.count("两个维护")
    assert len(search(conn, "党", limit=3).hits) == 3
    assert len(search(conn, "党", limit=0).hits) == sum(
        x.count("党") for (x,) in conn.execute("SELECT text FROM documents"))


def _hand_corpus(db: Path) -> None:
    """Three small documents whose filters are known by construction."""
    t1 = "甲\n天津召开会议，李鸿忠讲话，强调两个维护。\n吉林召开会议，强调两个维护。"
    s1a, s1b = t1.index("天津"), t1.index("吉林")
    d1 = Document(
        id="d1", source="papers/a.txt", title="甲", pub_date="2019-09-10", text=t1,
        sections=[Section(s1a, s1b - 1, t1[s1a:s1b - 1], RegionRef("天津市", "120000", "天津", s1a, s1a + 2)),
                  Section(s1b, len(t1), t1[s1b:], RegionRef("吉林省", "220000", "吉林", s1b, s1b + 2))],
        events=[Event(s1a, s1b - 1, t1[s1a:s1b - 1], "2019-09-09", None, "meeting", None,
                      RegionRef("天津市", "120000", "天津", s1a, s1a + 2))],
        officials=[Official("李鸿忠", ["市委书记"], True, [Mention(t1.index("李鸿忠"), t1.index("李鸿忠") + 3, "李鸿忠")])],
        formulations=[Formulation(i, i + 4, "两个维护", "两个维护", "quoted")
                      for i in (t1.index("两个维护"), t1.rindex("两个维护"))],
    )
    t2 = "乙\n四川强调两个维护，两个维护，两个维护。"
    d2 = Document(id="d2", source="papers/b.txt", title="乙", pub_date="2020-05-01", text=t2,
                  sections=[Section(2, len(t2), t2[2:], RegionRef("四川省", "510000", "四川", 2, 4))])
    t3 = "丙两个维护\n中央强调两个维护。"
    d3 = Document(id="d3", source="central/c.txt", title="丙两个维护", pub_date="2021-01-01", text=t3)
    with Store.open(db) as st:
        for d in (d1, d2, d3):
            st.add(d)


def test_filters(tmp_path):
    db = tmp_path / "f.db"
    _hand_corpus(db)
    q = "两个维护"

    def docs(**kw) -> list[str]:
        return sorted({h.document_id for h in search(db, q, limit=0, **kw).hits})

    assert docs() == ["d1", "d2", "d3"]
    assert docs(source="papers/") == ["d1", "d2"]
    assert docs(official="李鸿忠") == ["d1"]
    assert docs(formulation="两个维护") == ["d1"]
    assert docs(region="51") == ["d2"]
    assert docs(date_from="2020-01-01") == ["d2", "d3"]
    assert docs(date_to="2019-12-31") == ["d1"]
    # Region is decided per hit: only 天津's hit in d1 for prefix 12.
    tj = search(db, q, limit=0, region="12").hits
    assert [(h.document_id, h.region_name) for h in tj] == [("d1", "天津市")]
    # A hit takes its section's event date (2019-09-09), not the publication date.
    assert tj[0].date == "2019-09-09"


def test_filter_table_matches_backfill_and_probes(tmp_path):
    """document_filters as the writer fills it == as migration 0008 backfills it; without it, same results."""
    import sqlite3

    from readout.store.schema import _FILTER_SECTIONS, _FILTERS, _statements

    db = tmp_path / "f.db"
    _hand_corpus(db)
    conn = sqlite3.connect(db)
    written = conn.execute("SELECT doc_no, date_min, date_max, regions FROM document_filters ORDER BY doc_no").fetchall()
    assert [r[3].split() for r in written] == [["120000", "220000"], ["510000"], []]
    assert written[0][1:3] == ("2019-09-09", "2019-09-10")
    spans = conn.execute("SELECT doc_no, sections, first_event_date FROM document_filters ORDER BY doc_no").fetchall()
    conn.execute("DELETE FROM document_filters")
    conn.execute(_FILTERS.split(";")[1])  # the backfill INSERT … SELECT
    conn.commit()
    again = conn.execute("SELECT doc_no, date_min, date_max, regions FROM document_filters ORDER BY doc_no").fetchall()
    assert [(a[:3], sorted(set(a[3].split()))) for a in again] == [(w[:3], w[3].split()) for w in written]
    cases = [{"region": "12"}, {"region": "51"}, {"date_from": "2020-01-01"}, {"date_to": "2019-12-31"},
             {"date_from": "2019-09-10", "date_to": "2020-12-31", "region": "5"}]
    # The per-section columns (0011) as written equal their backfill from sections and events.
    assert spans[0][1].count(";") >= 1 and spans[0][2] == "2019-09-09"
    conn.execute(_statements(_FILTER_SECTIONS)[2])  # the backfill UPDATE
    conn.commit()
    assert conn.execute("SELECT doc_no, sections, first_event_date FROM document_filters ORDER BY doc_no").fetchall() \
        == spans

    def run() -> list[list[tuple]]:
        return [[(h.document_id, h.start, h.score) for h in search(db, "两个维护", limit=0, **kw).hits] for kw in cases]

    with_spans = run()
    conn.execute("ALTER TABLE document_filters DROP COLUMN sections")
    conn.execute("ALTER TABLE document_filters DROP COLUMN first_event_date")
    conn.execute("DROP INDEX document_filters_undated")
    conn.execute("ALTER TABLE document_filters DROP COLUMN date")
    conn.execute("ALTER TABLE document_filters DROP COLUMN dates")
    conn.commit()
    with_table = run()  # a store between 0008 and 0011: sections and events probed per candidate
    conn.execute("DROP TABLE document_filters")
    conn.commit()
    conn.close()
    probes = run()
    assert with_spans == with_table == probes and all(with_table[:4])


def test_ranking_prefers_more_occurrences(tmp_path):
    db = tmp_path / "rank.db"
    with Store.open(db) as st:
        for did, body in (("one", "两个维护其他文字其他文字"), ("two", "两个维护两个维护其他文字"),
                          ("long", "两个维护两个维护" + "其他文字" * 40)):
            st.add(Document(id=did, source=did, title="题", pub_date=None, text="题\n" + body))
    res = search(db, "两个维护", limit=0)
    order = list(dict.fromkeys(h.document_id for h in res.hits))
    # Same length: more occurrences first; same occurrences: the shorter text first (BM25's b).
    assert order.index("two") < order.index("long")
    assert order.index("two") < order.index("one")
    scores = {h.document_id: h.score for h in res.hits}
    assert scores["two"] > scores["long"] and scores["two"] > scores["one"]
