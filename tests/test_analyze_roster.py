"""The tenure roster on short reports written for these tests (a 天津 succession, a 湖北 roundup, namesakes).

- 2016-01-10: 天津市委书记黄兴国 (held then);
- 2016-09-13: the notice — 李鸿忠同志任天津市委委员、常委、书记；黄兴国同志不再担任天津市委书记…职务;
- 2017-03-01: 天津市委书记李鸿忠; a 湖北 section where 省委书记蒋超良 names no place (its context does);
- 2018-05-01: 原天津市委书记黄兴国 (a former post) and 时任天津市委书记的张高丽 (then, not now);
- 2017–2018: two people called 王伟, vice governors of 江苏 and of 四川 at the same time.
"""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner
from handmade import Hand, store

from readout.analyze.materialise import analyze
from readout.analyze.roster import career, roster
from readout.cli import main
from readout.store import Store

TJ = ("天津市", "120000", "天津")
HB = ("湖北省", "420000", "湖北")


def reports() -> list[Hand]:
    a = Hand("天津市委召开会议\n天津市委书记黄兴国主持会议。\n", pub_date="2016-01-10")
    a.section("天津市委书记", "主持会议。", TJ)
    a.official("黄兴国", "天津市委书记")
    b = Hand("天津市委主要负责同志职务调整\n中共中央决定：李鸿忠同志任天津市委委员、常委、书记；"
             "黄兴国同志不再担任天津市委书记、常委、委员职务。\n", pub_date="2016-09-13")
    c = Hand("各地新闻\n天津市委书记李鸿忠调研企业。\n湖北召开全省会议。省委书记蒋超良出席。\n", pub_date="2017-03-01")
    c.section("天津市委书记", "调研企业。", TJ)
    c.section("湖北召开", "出席。", HB)
    c.official("李鸿忠", "天津市委书记")
    c.official("蒋超良", "省委书记")
    d = Hand("旧闻新说\n原天津市委书记黄兴国受审。时任天津市委书记的张高丽曾到此考察。\n", pub_date="2018-05-01")
    d.official("黄兴国", "原天津市委书记")
    d.official("张高丽", "时任天津市委书记")
    out = [a, b, c, d]
    for k, (prov, date) in enumerate([("江苏", "2017-02-01"), ("四川", "2017-03-01"), ("江苏", "2018-06-01"),
                                       ("四川", "2018-07-01")]):
        h = Hand(f"{prov}新闻{k}\n{prov}省副省长王伟出席活动。\n", pub_date=date)
        h.official("王伟", f"{prov}省副省长")
        out.append(h)
    return out


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory):
    db = store(tmp_path_factory.mktemp("roster") / "roster.db", *(h.document() for h in reports()))
    analyze(db, only=("roster",))
    return db


def _one(rows: list[dict], **kw) -> dict:  # noqa: ANN003
    got = [r for r in rows if all(r[k] == v for k, v in kw.items())]
    assert len(got) == 1, (kw, rows)
    return got[0]


def test_roster_succession_from_posts_and_notices(db) -> None:
    rows = roster(db, region="天津", kind="party_secretary")
    huang = _one(rows, name="黄兴国")
    assert (huang["first_seen"], huang["last_seen"], huang["end"], huang["end_kind"]) == \
        ("2016-01-10", "2016-01-10", "2016-09-13", "removed")
    li = _one(rows, name="李鸿忠")
    assert (li["start"], li["start_kind"], li["last_seen"], li["end"]) == ("2016-09-13", "appointed", "2017-03-01", None)
    # 时任 says 张高丽 held it once, not that he held it in 2018: no sighting dates, no end
    zhang = _one(rows, name="张高丽")
    assert (zhang["first_seen"], zhang["last_seen"], zhang["end"]) == (None, None, None)
    # the notice's list gave 李鸿忠 the committee seats too
    titles = {r["title"] for r in roster(db, name="李鸿忠")}
    assert {"天津市委书记", "天津市委常委", "天津市委委员"} <= titles


def test_roster_bare_post_takes_its_section(db) -> None:
    jiang = _one(roster(db, name="蒋超良"), kind="party_secretary")
    assert (jiang["title"], jiang["code"]) == ("湖北省委书记", "420000")


@pytest.mark.parametrize("region", ["天津", "天津市", "120000", "12"])
def test_roster_region_names_and_codes(db, region: str) -> None:
    rows = roster(db, region=region)
    assert rows and all(r["code"].startswith("12") for r in rows)


def test_roster_namesakes_kept_apart(db) -> None:
    rows = roster(db, name="王伟")
    assert {(r["title"], r["person"]) for r in rows} == {("江苏省副省长", 1), ("四川省副省长", 2)}


def test_roster_on_a_date(db) -> None:
    on = {r["name"] for r in roster(db, region="天津", kind="party_secretary", on="2016-06-01")}
    assert on == {"黄兴国"}
    assert {r["name"] for r in roster(db, region="天津", kind="party_secretary", on="2017-01-01")} == {"李鸿忠"}


def test_roster_stored_equals_built_and_updates_incrementally(tmp_path) -> None:
    hands = reports()
    built = store(tmp_path / "mem.db", *(h.document() for h in hands))
    in_memory = roster(built)  # nothing stored: built in memory
    inc = store(tmp_path / "inc.db", *(h.document() for h in hands[:2]))
    (first,) = analyze(inc, only=("roster",))
    assert not first.incremental
    with Store.open(inc) as st:
        for h in hands[2:]:
            st.add(h.document())
    (second,) = analyze(inc, only=("roster",))
    assert second.incremental

    def key(rows: list[dict]) -> list[tuple]:
        return sorted((r["name"], r["person"], r["title"], r["start"], r["end"], r["end_kind"], r["first_seen"],
                       r["last_seen"], r["evidence"]) for r in rows)

    assert key(roster(inc)) == key(in_memory)


def test_roster_career_links_evidence_spans(db) -> None:
    conn = sqlite3.connect(db)
    try:
        rows = career(conn, "黄兴国")
        texts = dict(conn.execute("SELECT id, text FROM documents"))
    finally:
        conn.close()
    assert [r["title"] for r in rows if r["kind"] == "party_secretary"] == ["天津市委书记"]
    spans = [e for r in rows for e in r["evidence_spans"]]
    assert {e["status"] for e in spans} >= {"current", "removed", "former"}
    for e in spans:
        assert texts[e["document_id"]][e["start"]:e["end"]] == e["text"]


def test_cli_roster(db) -> None:
    res = CliRunner().invoke(main, ["roster", "--db", str(db), "--region", "天津", "--office", "party_secretary"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].split()[:2] == ["title", "name"] and len(lines) == 4
    assert sorted(ln.split()[1] for ln in lines[1:]) == sorted(["张高丽", "李鸿忠", "黄兴国"])


def test_roster_history_and_misreadings_are_not_tenures(tmp_path) -> None:
    """A 1927 appointment a 2018 story recalls is history (no dates); a mayor named after a foreign name in a
    重庆 story (林克市长) gets no jurisdiction from the section; 任总林长 (任 + a post) is no person."""
    a = Hand("纪念王一飞\n1927年10月，党中央派王一飞前往长沙，并任命王一飞为中共湖南省委书记。\n", pub_date="2018-10-11")
    b = Hand("中欧班列\n重庆消息。欢迎仪式上，林克市长致辞。\n", pub_date="2018-08-27")
    b.section("重庆消息", "致辞。", ("重庆市", "500000", "重庆"))
    b.official("林克", "市长", behind=True)
    c = Hand("林长制\n安徽省长任总林长，各市县长任林长。\n", pub_date="2018-08-09")
    c.official("任总林", "安徽省长")
    db = store(tmp_path / "h.db", a.document(), b.document(), c.document())
    assert roster(db, name="任总林") == []
    wang = roster(db, name="王一飞")
    assert [(r["title"], r["start"], r["first_seen"]) for r in wang] == [("湖南省委书记", None, None)]
    assert roster(db, name="林克") == []


@pytest.mark.parametrize("name", ["黄兴国", "李鸿忠", "王伟"])
def test_roster_career_built_for_one_name_equals_stored(db, tmp_path, name: str) -> None:
    """The official page on a store nothing was stored in builds that one person's career: the same spans."""
    bare = store(tmp_path / "bare.db", *(h.document() for h in reports()))

    def key(rows: list[dict]) -> list[tuple]:
        return sorted((r["person"], r["title"], r["start"], r["end"], r["end_kind"], r["first_seen"], r["last_seen"],
                       r["evidence"], len(r["evidence_spans"])) for r in rows)

    with sqlite3.connect(db) as a, sqlite3.connect(bare) as b:
        assert key(career(b, name)) == key(career(a, name))


def test_roster_governor_promoted_to_secretary_of_the_same_place(tmp_path) -> None:
    """A governor seen last before becoming the same province's party secretary held the governorship no later
    than that start; one who holds both on the same day (贵州省委书记、省长) keeps the governorship open."""
    a = Hand("湖北新闻\n湖北省省长张晓东出席活动。\n", pub_date="2017-01-01")
    a.official("张晓东", "湖北省省长")
    b = Hand("人事任免\n中共中央决定：张晓东同志任湖北省委书记。\n", pub_date="2018-01-01")
    c = Hand("贵州新闻\n贵州省委书记、省长王国强出席活动。\n", pub_date="2012-12-06")
    c.official("王国强", "贵州省委书记", "省长")
    db = store(tmp_path / "p.db", *(h.document() for h in (a, b, c)))
    analyze(db, only=("roster",))
    rows = roster(db)
    gov = _one(rows, name="张晓东", kind="governor")
    assert (gov["end"], gov["end_kind"]) == ("2018-01-01", "moved")
    assert _one(rows, name="张晓东", kind="party_secretary")["start"] == "2018-01-01"
    both = _one(rows, name="王国强", kind="governor")
    assert both["end"] is None and _one(rows, name="王国强", kind="party_secretary")["end"] is None
