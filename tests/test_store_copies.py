"""A story that arrives twice is stored once, with every arrival recorded (readout.store.copies).

The archive files under tests/data/archives are written for the tests: the 2022-01-05 broadcast is
in both layouts, three stories alike, one with a word changed, one only in each archive.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import opencc
import pytest
from click.testing import CliRunner

from readout.cli import main
from readout.scale import ingest_parallel
from readout.store import Store, ingest
from readout.store.copies import THRESHOLD, keys, normal_form, similarity

DATA = Path(__file__).parent / "data" / "archives"
XWLB_DAY = DATA / "xwlb" / "assets" / "2022" / "20220105.json"
MD_DAY = DATA / "cctv_news" / "news" / "20220105.md"
XWLB_STORIES, MD_STORIES, SHARED = 5, 5, 4  # stories with text in each file, and how many both hold


def _q(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("order", [(XWLB_DAY, MD_DAY), (MD_DAY, XWLB_DAY)], ids=["xwlb-first", "md-first"])
def test_both_archives_of_one_day_store_each_story_once(tmp_path: Path, order: tuple[Path, Path]) -> None:
    db = tmp_path / "both.db"
    rep = ingest(list(order), db)
    assert rep.added == XWLB_STORIES + MD_STORIES - SHARED and rep.copies == SHARED
    assert _q(db, "SELECT count(*) FROM documents") == [(XWLB_STORIES + MD_STORIES - SHARED,)]
    assert _q(db, "SELECT n_documents FROM corpus_stats") == [(XWLB_STORIES + MD_STORIES - SHARED,)]
    # every copy is matched to the story with the same broadcaster id: the match is by text, not by id
    pairs = _q(db, "SELECT c.record_id, d.record_id, c.match, c.similarity FROM document_copies c "
                   "JOIN documents d ON d.id = c.document_id ORDER BY c.record_id")
    assert [(a == b) for a, b, _, _ in pairs] == [True] * SHARED
    assert sorted(m for _, _, m, _ in pairs) == ["exact", "exact", "exact", "near"]
    near = [s for _, _, m, s in pairs if m == "near"]
    assert THRESHOLD <= near[0] < 1.0
    # every arrival is recorded; the first of each story has match 'first'
    assert _q(db, "SELECT match, count(*) FROM document_sources GROUP BY match ORDER BY match") == [
        ("exact", 3), ("first", XWLB_STORIES + MD_STORIES - SHARED), ("near", 1)]
    again = ingest(list(order), db)
    assert (again.added, again.copies, again.skipped) == (0, 0, XWLB_STORIES + MD_STORIES)


def test_pool_ingest_finds_the_same_copies_as_the_serial_writer(tmp_path: Path) -> None:
    serial = ingest([XWLB_DAY, MD_DAY], tmp_path / "s.db")
    pool = ingest_parallel([XWLB_DAY, MD_DAY], tmp_path / "p.db", workers=2, chunk_docs=2, batch_docs=3)
    assert (pool.stored, pool.copies) == (serial.added, serial.copies)
    sql = "SELECT document_id, copy_id, match, similarity FROM document_copies ORDER BY copy_id"
    assert _q(tmp_path / "s.db", sql) == _q(tmp_path / "p.db", sql)


def _story(day: str, body: str, name: str) -> dict:
    return {"title": name, "content": body, "pub_date": day}


BODY = ("央视网消息：今年以来，某省持续推进农村人居环境整治，新建改建农村卫生厕所十二万座，"
        "行政村生活垃圾收运处置体系实现全覆盖，群众满意度明显提升。")


@pytest.mark.parametrize(("day_b", "copies"), [("2021-06-03", 1), ("2021-06-05", 0), (None, 1)])
def test_the_same_text_days_apart_is_another_story(tmp_path: Path, day_b: str | None, copies: int) -> None:
    """Read out again more than three days later, the same words report another event."""
    a = tmp_path / "a.json"
    a.write_text(json.dumps([_story("2021-06-01", BODY, "甲")], ensure_ascii=False), "utf-8")
    b = tmp_path / "b.json"
    b.write_text(json.dumps([{**_story(day_b or "", BODY, "乙"), "pub_date": day_b}], ensure_ascii=False), "utf-8")
    rep = ingest([a, b], tmp_path / "d.db")
    assert (rep.added, rep.copies) == (2 - copies, copies)


def test_a_changed_file_is_a_new_version_not_a_copy(tmp_path: Path) -> None:
    f = tmp_path / "report_20210601.txt"
    f.write_text("某省召开会议\n" + BODY, encoding="utf-8")
    db = tmp_path / "v.db"
    ingest([f], db)
    f.write_text("某省召开会议\n" + BODY.replace("十二万座", "十三万座"), encoding="utf-8")
    rep = ingest([f], db)
    assert (rep.added, rep.copies) == (1, 0)
    assert _q(db, "SELECT version FROM documents ORDER BY version") == [(1,), (2,)]


def test_stories_of_one_series_are_not_copies(tmp_path: Path) -> None:
    """Daily figures in the same words differ in what matters: each day's report is its own story."""
    rows = [_story(f"2021-03-0{d}", f"国家卫生健康委今天通报，{d - 1}日0—24时，31个省（自治区、直辖市）和新疆生产建设兵团"
                                    f"报告新增确诊病例{n}例，其中境外输入病例{m}例，本土病例{n - m}例；无新增死亡病例。", "通报最新疫情")
            for d, n, m in ((2, 19, 11), (3, 23, 8), (4, 12, 12))]
    f = tmp_path / "series.json"
    f.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    rep = ingest([f], tmp_path / "s.db")
    assert (rep.added, rep.copies) == (3, 0)


def test_normal_form_ignores_markup_spacing_punctuation_and_script() -> None:
    simp = "标题\n习近平总书记强调，要坚持以人民为中心的发展思想，推动高质量发展取得新成效。"
    trad = opencc.OpenCC("s2t").convert(simp)
    assert trad != simp
    spaced = simp.replace("，", " , ").replace("。", "")
    assert normal_form("标题", simp) == normal_form("標題", trad) == normal_form("另一个标题", spaced)
    assert keys("标题", simp, "2021-01-01").exact == keys("標題", trad, "2021-01-01").exact
    # a body too short to tell stories apart carries its clean title
    assert normal_form("[视频]甲地召开会议", "[视频]甲地召开会议\n会议召开。") != normal_form("乙地召开会议", "乙地召开会议\n会议召开。")
    assert similarity("甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚辛") == 1.0


def test_a_store_from_before_the_copies_migration_gets_its_keys(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    ingest([XWLB_DAY], db)
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM story_keys")  # as a store migrated from before 0014 would be
    conn.execute("INSERT INTO keys_backfill SELECT 1, min(doc_no), max(doc_no) FROM documents")
    conn.commit()
    conn.close()
    with Store.open(db) as st:
        assert st.conn.execute("SELECT count(DISTINCT doc_no) FROM story_keys").fetchone()[0] == XWLB_STORIES
        assert st.conn.execute("SELECT count(*) FROM keys_backfill").fetchone()[0] == 0
    rep = ingest([MD_DAY], db)
    assert (rep.added, rep.copies) == (MD_STORIES - SHARED, SHARED)


def test_cli_counts_copies_and_search_shows_them_on_request(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    r = CliRunner().invoke(main, ["ingest", str(XWLB_DAY), str(MD_DAY), "--db", db, "-q"])
    assert r.exit_code == 0, r.output
    assert f"added {XWLB_STORIES + MD_STORIES - SHARED}" in r.output and f"copies {SHARED}" in r.output
    plain = CliRunner().invoke(main, ["search", "冰雪运动", "--db", db, "--format", "jsonl"])
    both = CliRunner().invoke(main, ["search", "冰雪运动", "--db", db, "--format", "jsonl", "--copies"])
    hits = [json.loads(x) for x in plain.output.splitlines()]
    rows = [json.loads(x) for x in both.output.splitlines()]
    assert hits and len(rows) == 2 * len(hits)  # the Tianjin story is in both archives
    assert {r["copy_of"] for r in rows} == {None, hits[0]["document_id"]}
    assert {Path(r["source"].split("#")[0]).suffix for r in rows} == {".json", ".md"}


def _shared_only_md(tmp_path: Path) -> Path:
    """The cctv_news file without its own story: every story in it is also in the xwlb file."""
    text = MD_DAY.read_text(encoding="utf-8")
    start = text.index("### 我国成功发射")
    end = text.index("### ", start + 4)
    out = tmp_path / "news" / MD_DAY.name
    out.parent.mkdir()
    out.write_text(text[:start] + text[end:], encoding="utf-8")
    return out


def test_analyses_and_the_web_count_stories_not_copies(tmp_path: Path) -> None:
    from readout.analyze import formulation_counts, reuse, timeline
    from readout.web.views import Corpus, document_page, overview

    one, both = tmp_path / "one.db", tmp_path / "both.db"
    ingest([XWLB_DAY], one)
    rep = ingest([XWLB_DAY, _shared_only_md(tmp_path)], both)
    assert (rep.added, rep.copies) == (XWLB_STORIES, SHARED)
    assert timeline(both) == timeline(one)
    assert formulation_counts(both) == formulation_counts(one)
    # the copies would be the longest "reused" passages of all; they are not there
    assert [(p.a_document_id, p.b_document_id, p.length) for p in reuse(both, across_documents_only=True).passages] \
        == [(p.a_document_id, p.b_document_id, p.length) for p in reuse(one, across_documents_only=True).passages]
    corpus = Corpus(both)
    conn = corpus.connect()
    try:
        counts = overview(corpus, conn)["counts"]
        assert (counts["documents"], counts["copies"]) == (XWLB_STORIES, SHARED)
        (tianjin,) = [r[0] for r in conn.execute("SELECT id FROM documents WHERE record_id = 'VIDEtj0105a1220105'")]
        page = document_page(corpus, conn, tianjin)
        assert [c["source"].endswith(".md#1") for c in page["copies"]] == [True]
        assert page["copies"][0]["match"] == "exact"
    finally:
        conn.close()


def test_document_page_lists_the_other_arrivals(tmp_path: Path) -> None:
    import asyncio

    httpx = pytest.importorskip("httpx")
    from readout.web.app import create_app

    db = tmp_path / "w.db"
    ingest([XWLB_DAY, MD_DAY], db)
    (tianjin,) = _q(db, "SELECT id FROM documents WHERE record_id = 'VIDEtj0105a1220105'")

    async def get(*paths: str) -> list:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(db)), base_url="http://t") as c:
            return [await c.get(p) for p in paths]

    page, twin, home = asyncio.run(get(f"/documents/{tianjin[0]}", f"/documents/{tianjin[0]}.json", "/"))
    assert "Also received 1 time, stored once" in page.text and "20220105.md#1" in page.text
    assert twin.json()["copies"][0]["match"] == "exact"
    assert 'data-key="counts.copies">4</span></b><span>copies' in home.text
