"""Inputs from the hardening probe (issue 14) that once gave wrong spans or took quadratic time.

The sizes here are small enough for the quick suite; ``make fuzz`` and
``benchmarks/adversarial.py`` time the same shapes at up to 10⁶ characters.
"""

from __future__ import annotations

import pytest

import readout
from readout.clean import clean, verify_offsets
from readout.ingest import records_from_text
from readout.ingest.html import MAX_TREE_DEPTH, analyse_page


def spans_exact(doc) -> None:  # noqa: ANN001
    for kind, start, end, surface in doc.spans():
        assert 0 <= start <= end <= len(doc.text), (kind, start, end, len(doc.text))
        assert doc.text[start:end] == surface, (kind, start, end, surface)


def test_known_name_at_the_end_of_the_text_has_its_own_length():
    doc = readout.read("主席习近平")
    [xi] = doc.officials
    assert [(m.start, m.end, m.text) for m in xi.mentions] == [(2, 5, "习近平")]
    spans_exact(doc)


@pytest.mark.parametrize("text", [
    "主席习近平" * 300,
    "标题\n" + "省委书记李强、" * 300,
    "标题\n" + "主席习近平。习近平" * 200,
])
def test_repeated_officials_one_mention_per_occurrence(text):
    doc = readout.read(text)
    spans_exact(doc)
    starts = [m.start for o in doc.officials for m in o.mentions]
    assert len(starts) == len(set(starts)), "two mentions at one position"
    assert len(starts) == sum(text.count(o.name) for o in doc.officials)


def test_same_day_dates_in_one_paragraph_make_one_event():
    doc = readout.read("标题\n" + "2019年9月9日，北京召开会议，" * 500)
    spans_exact(doc)
    assert [(e.date, e.region.name) for e in doc.events] == [("2019-09-09", "北京市")]


def test_link_tails_and_unclosed_markdown_stay_text():
    text = "标题\n" + "省长李强](全国" * 200
    doc = readout.read(text)
    spans_exact(doc)
    assert doc.text == text  # a "](" with no ")" before the next "(" is no link


@pytest.mark.parametrize("body,expected", [
    ("正文![图](a.png)结束", "正文结束"),
    ("正文[链接](http://x.cn/a)结束", "正文链接结束"),
    ("正文<!--注-->结束<!--又", "正文结束<!--又"),
    ("正文<!--一<!--二-->结束", "正文结束"),
    ("正\u3000\u200b\u3000文", "正文"),
    ("A\u200b \u200b\u3000B", "A B"),
])
def test_markdown_and_blanks_clean_as_before(body, expected):
    rec = records_from_text("标题\n" + body)[0]
    cleaned = clean(rec)
    assert cleaned.text == "标题\n" + expected
    verify_offsets(rec.raw_text, cleaned)


def test_blank_run_with_zero_width_characters_maps_to_its_visible_blanks():
    raw = "标题\nA\u200b \u200b\u3000B"
    cleaned = clean(records_from_text(raw)[0])
    seg = next(s for s in cleaned.offsets if cleaned.text[s[0]:s[1]] == " ")
    assert raw[seg[2]:seg[3]] == " \u200b\u3000"


def test_deeply_nested_page_is_read_without_the_tree():
    depth = MAX_TREE_DEPTH * 4
    page = ("<html><head><title>天津召开会议_新闻</title><meta name=pubdate content=2019-09-09></head><body>"
            + "<div>" * depth + "<p>9月9日，天津召开会议。市委书记李鸿忠出席。</p>" + "</div>" * depth + "</body></html>")
    parts = analyse_page(page)
    assert parts.title == "天津召开会议" and parts.pub_date == "2019-09-09"
    doc = readout.read(page)
    spans_exact(doc)
    assert doc.text.splitlines()[1] == "9月9日，天津召开会议。市委书记李鸿忠出席。"
    assert [o.name for o in doc.officials] == ["李鸿忠"]


def test_shallow_page_still_uses_the_tree():
    page = ("<html><head><title>标题</title></head><body><div class=nav>导航</div>"
            "<div id=content_area><p>天津召开会议，市委书记李鸿忠出席会议并讲话。</p></div></body></html>")
    doc = readout.read(page)
    assert "导航" not in doc.text and "李鸿忠" in doc.text


@pytest.mark.parametrize("raw", ["<a x" * 300, "<!x" * 300, '<a "x' * 300, "<script x" * 300])
def test_tags_that_never_close_are_text(raw):
    rec = records_from_text("<html><body>" + raw + "。</body></html>")[0]
    cleaned = clean(rec)
    verify_offsets(rec.raw_text, cleaned)


def test_time_limit_turns_an_overlong_document_into_a_coded_rejection(monkeypatch):
    import time

    from readout import pipeline
    from readout.errors import ReadoutError

    def stuck(record, res=None):  # noqa: ANN001, ANN202
        time.sleep(30)

    monkeypatch.setattr(pipeline, "build", stuck)
    rec = records_from_text("标题\n正文")[0]
    with pytest.raises(ReadoutError) as err:
        pipeline.build_guarded(rec, seconds=0.05)
    assert err.value.code == "E020" and err.value.source == "<text>"


def test_time_limit_leaves_a_quick_document_alone():
    from readout import pipeline

    doc = pipeline.build_guarded(records_from_text("标题\n天津召开会议。")[0], seconds=30)
    assert doc.text == "标题\n天津召开会议。"


def test_headline_inside_the_body_keeps_raw_offsets_forward():
    rec = records_from_text("<body><h1>[频]习")[0]
    cleaned = clean(rec)
    verify_offsets(rec.raw_text, cleaned)
    assert all(rs <= re_ for _, _, rs, re_ in cleaned.offsets)


@pytest.mark.parametrize("breakage", ["span", "offset"])
def test_store_refuses_a_document_whose_spans_or_offsets_are_wrong(tmp_path, breakage):
    from readout.errors import ReadoutError
    from readout.scale.writer import IngestSummary, write_batch
    from readout.store import Store

    doc = readout.read("标题\n9月9日，天津召开会议。市委书记李鸿忠出席。", pub_date="2019-09-10")
    doc.verify()  # a sound document passes
    if breakage == "span":
        doc.officials[0].mentions[0].start += 1
    else:
        cs, ce, rs, re_ = doc.raw_offsets[0]
        doc.raw_offsets[0] = (cs, ce, re_ + 1, re_)
    with pytest.raises(ReadoutError) as err:
        doc.verify()
    assert err.value.code == "E021"
    store = Store.open(tmp_path / "r.db")
    summary = IngestSummary()
    write_batch(store, [(doc, b"raw")], summary)
    assert summary.stored == 0
    assert store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert store.conn.execute("SELECT code FROM rejected").fetchall() == [("E021",)]


def test_query_time_limit_interrupts_a_long_statement():
    import sqlite3

    from readout.web.app import limited

    conn = limited(sqlite3.connect(":memory:"), 5)
    endless = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c"
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        conn.execute(endless).fetchone()
    assert limited(sqlite3.connect(":memory:"), 0).execute("SELECT 1").fetchone() == (1,)


def test_web_request_over_the_time_limit_answers_503_in_the_error_shape(tmp_path, monkeypatch):
    from starlette.testclient import TestClient

    from readout.store import Store
    from readout.web import app as web_app
    from readout.web import views

    db = tmp_path / "r.db"
    with Store.open(db) as store:
        store.add(readout.read("标题\n9月9日，天津召开会议。"), b"raw")

    def endless(corpus, conn, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
        return conn.execute("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) "
                            "SELECT count(*) FROM c").fetchone()

    monkeypatch.setattr(views, "overview", endless)
    client = TestClient(web_app.create_app(db, time_limit_ms=20))
    res = client.get("/index.json")
    assert res.status_code == 503
    assert res.json()["status"] == 503 and "query limit" in res.json()["error"]
    assert client.get("/").status_code == 503


def test_pages_never_align_inside_the_server(tmp_path, monkeypatch):
    from starlette.testclient import TestClient

    from readout.store import Store
    from readout.web import app as web_app

    db = tmp_path / "r.db"
    text = "标题\n9月9日，天津召开会议，推动学习往深里走、往心里走、往实里走。"
    with Store.open(db) as store:
        for k in range(2):
            store.add(readout.read(text.replace("标题", f"标题{k}")), f"raw{k}".encode())
    import importlib

    reuse, families = (importlib.import_module(f"readout.analyze.{m}") for m in ("reuse", "families"))
    for mod, name in ((reuse, "reuse"), (reuse, "reuse_units"), (families, "families")):
        monkeypatch.setattr(mod, name, lambda *a, **k: pytest.fail("aligned inside the server"))
    client = TestClient(web_app.create_app(db))
    doc_id = readout.read(text.replace("标题", "标题0")).id
    page = client.get(f"/documents/{doc_id}.json")
    assert page.status_code == 200 and page.json()["reused"] == []  # no families stored: none shown
    assert client.get("/reuse.json").json()["stored"] is False
