"""One date per hit: search, `readout formulations --first`, the export and the web pages agree, and a
recollected old speech does not date the hits around it (readout.store.facts).

The story (published 2019-09-12) opens with a 2012 recollection, then reports two Tianjin
meetings; 两个维护 appears once in each sentence. By hand: the hit in the 2012 sentence is
dated by its section's first *reported* event (2019-09-10), the others by their own events
(2019-09-10, 2019-09-11). Before the one rule, the view dated all three 2012-11-29 (first
event of the section) and first appearance took the earliest event of the region.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from readout.store.facts import DateSpans, date_spans, reported

STORY = ("天津召开会议\n2012年11月29日，习近平总书记在参观《复兴之路》展览时提出“两个维护”。\n"
         "9月10日，天津市委召开常委会会议，强调要做到“两个维护”。\n"
         "9月11日，天津市召开推进会，要求坚决做到“两个维护”。")
HAND = ["2019-09-10", "2019-09-10", "2019-09-11"]  # the three hits, in text order


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from readout.store import ingest

    tmp = tmp_path_factory.mktemp("dates")
    (tmp / "in").mkdir()
    (tmp / "in" / "tj.jsonl").write_text(json.dumps({"title": "天津召开会议", "pub_date": "2019-09-12",
                                                     "text": STORY}, ensure_ascii=False) + "\n", encoding="utf-8")
    path = tmp / "d.db"
    assert ingest([tmp / "in"], path).added == 1
    return path


def test_search_export_first_and_pages_give_each_hit_one_date(db, tmp_path) -> None:
    import httpx
    from test_web_ui import _serving

    from readout.cli import main
    from readout.store.search import search

    by_search = {(h.document_id, h.start): h.date for h in search(db, "两个维护", limit=0).hits}
    assert sorted(by_search.values()) == HAND

    out = tmp_path / "export"
    assert CliRunner().invoke(main, ["export", "--db", str(db), "--out", str(out)]).exit_code == 0
    rows = [json.loads(line) for line in (out / "formulations.jsonl").read_text(encoding="utf-8").splitlines()]
    by_export = {(r["document_id"], r["start"]): r["date"] for r in rows if r["value"] == "两个维护"}
    assert by_export == by_search

    res = CliRunner().invoke(main, ["formulations", "--db", str(db), "--first", "--format", "json"])
    first = {r["group"]: r for r in json.loads(res.output) if r["formulation"] == "两个维护"}
    tj = first["天津市"]
    assert tj["first_date"] == min(by_search.values()) == "2019-09-10"
    assert by_search[(tj["document_id"], tj["start"])] == tj["first_date"]

    did = next(iter(by_search))[0]
    with _serving(db) as url:
        doc = httpx.get(f"{url}/documents/{did}.json", timeout=60).json()
        page = httpx.get(f"{url}/formulations/两个维护.json", timeout=60).json()
    by_page = {(did, f["start"]): f["date"] for f in doc["formulations"] if f["value"] == "两个维护"}
    assert by_page == by_search
    assert {r["region"]: r["first_date"] for r in page["first_appearance"]}["天津市"] == "2019-09-10"
    assert "2012-11" not in {p["month"] for s in page["series"] for p in s["points"] if p["hits"]}


@pytest.mark.parametrize(("event", "pub", "want"), [
    ("2019-09-12", "2019-09-12", True), ("2019-08-12", "2019-09-12", True),  # 31 days before: still reported
    ("2019-08-11", "2019-09-12", False), ("2012-11-29", "2019-09-12", False),  # recollections
    ("2019-09-13", "2019-09-12", False),  # announced, not yet happened
    ("2012-11-29", None, True), (None, "2019-09-12", False),  # an undated document: nothing to compare
])
def test_reported_events(event, pub, want) -> None:
    assert reported(event, pub) is want


def test_date_spans_by_hand() -> None:
    # text of 100; section [10, 60) and [60, 100); events: a recollection in the first
    # section, a reported meeting later in it, one in the second section and one that overlaps it.
    events = [(12, 20, "2012-01-01"), (30, 50, "2019-09-10"), (60, 80, "2019-09-11"), (70, 75, "2019-09-09")]
    spans, sec_dates = date_spans("2019-09-12", [(10, 60), (60, 100)], events)
    assert sec_dates == ["2019-09-10", "2019-09-11"]
    want = {0: "2019-09-12", 9: "2019-09-12",  # before any section: the publication date
            10: "2019-09-10", 15: "2019-09-10",  # the recollection takes its section's reported event
            35: "2019-09-10", 55: "2019-09-10", 60: "2019-09-11", 71: "2019-09-09",  # a later start wins inside
            76: "2019-09-11", 99: "2019-09-11", None: "2019-09-12"}  # None: a title hit
    assert {p: spans.at(p) for p in want} == want
    assert DateSpans.loads(spans.dumps(), spans.default) == spans
    undated, secs = date_spans(None, [], [(5, 9, None), (10, 20, "2012-11-29")])
    assert undated.at(0) == undated.at(15) == undated.default == "2012-11-29" and secs == []
