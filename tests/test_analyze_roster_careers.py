"""The roster from career summaries (简历): a record's dated lines bound tenures at the precision written.

Records written for these tests in the broadcast (year ranges) and Xinhua (year.month) forms, for people
invented here; a post sighting and an appointment notice about one of them.
"""

from __future__ import annotations

import pytest
from handmade import Hand, store

from readout.analyze.materialise import analyze
from readout.analyze.roster import roster

BROADCAST = (
    "张晓峰同志简历\n现在播送张晓峰同志简历。\n"
    "张晓峰，男，汉族，1958年3月生，湖南长沙人，1978年9月参加工作，大学学历。\n"
    "现任中央政治局委员，国务院副总理。\n"
    "1995-1998年　江西省委副书记\n"
    "1998-2000年　江西省委副书记、代省长\n"
    "2000-2003年　江西省委副书记、省长\n"
    "2003-2008年　四川省委书记、省人大常委会主任\n"
    "2008-2010年　中央政治局委员，四川省委书记（至2008年6月）\n"
    "2013年起　中央政治局委员，国务院副总理\n"
)
XINHUA = (
    "李明华同志简历\n"
    "李明华，女，汉族，1962年10月生，1984年7月加入中国共产党。\n"
    "2008.01—2010.12　甘肃省委副书记、代省长、省长\n"
    "2010.12—2016.06　甘肃省委书记\n"
    "2016.06—　山西省委书记\n"
)


def hands() -> list[Hand]:
    a = Hand(BROADCAST, pub_date="2013-03-16")
    b = Hand(XINHUA, pub_date="2016-06-30")
    c = Hand("人事任免\n中共中央决定：李明华同志任山西省委书记。\n", pub_date="2016-06-30")
    d = Hand("山西新闻\n山西省委书记李明华调研企业。\n", pub_date="2017-03-01")
    d.official("李明华", "山西省委书记")
    return [a, b, c, d]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory):
    db = store(tmp_path_factory.mktemp("careers") / "careers.db", *(h.document() for h in hands()))
    analyze(db, only=("roster",))
    return db


def _spans(rows: list[dict], kind: str) -> dict[str, tuple]:
    return {r["title"]: (r["start"], r["start_kind"], r["end"], r["end_kind"]) for r in rows if r["kind"] == kind}


def test_record_lines_bound_tenures_by_year(db) -> None:
    rows = roster(db, name="张晓峰")
    # 代省长 then 省长 in consecutive lines: one governorship, 1998 to 2003; the years stay years
    assert _spans(rows, "governor") == {"江西省省长": ("1998", "career", "2003", "career")}
    # (至2008年6月) ends the post before its line's end; 省人大常委会主任 takes the line's 四川
    assert _spans(rows, "party_secretary") == {"四川省委书记": ("2003", "career", "2008-06", "career")}
    assert _spans(rows, "congress_chair") == {"四川省人大常委会主任": ("2003", "career", "2008", "career")}
    assert _spans(rows, "deputy_party_secretary") == {"江西省委副书记": ("1995", "career", "2003", "career")}
    # 2013年起 is open; 现任 is held when the record is broadcast
    vice = [r for r in rows if r["kind"] == "vice_premier"]
    assert [(r["start"], r["end"], r["first_seen"]) for r in vice] == [("2013", None, "2013-03-16")]
    assert {r["person"] for r in rows} == {1}  # 江西 to 2003 and 四川 from 2003: one person, not two
    assert not any(r["acting"] for r in rows if r["kind"] == "governor")  # acting only for part of it


def test_xinhua_months_and_a_notice_that_dates_the_day(db) -> None:
    rows = roster(db, name="李明华")
    assert _spans(rows, "governor") == {"甘肃省省长": ("2008-01", "career", "2010-12", "career")}
    sx = _spans(rows, "party_secretary")
    assert sx["甘肃省委书记"] == ("2010-12", "career", "2016-06", "career")
    # the notice gives the day within the record's month; the line is open, the sighting last holds it
    assert sx["山西省委书记"] == ("2016-06-30", "appointed", None, None)


def test_on_a_date_a_year_end_covers_the_year(db) -> None:
    assert {r["name"] for r in roster(db, kind="governor", on="2003-06-01")} == {"张晓峰"}
    assert {r["name"] for r in roster(db, kind="governor", on="2004-01-01")} == set()
    assert {r["name"] for r in roster(db, kind="party_secretary", on="2010-12-15")} == {"李明华"}


def test_built_in_memory_equals_stored(tmp_path, db) -> None:
    bare = store(tmp_path / "bare.db", *(h.document() for h in hands()))

    def key(rows: list[dict]) -> list[tuple]:
        return sorted((r["name"], r["person"], r["title"], r["start"], r["start_kind"], r["end"], r["end_kind"],
                       r["evidence"]) for r in rows)

    assert key(roster(bare)) == key(roster(db))


def test_an_indictment_names_past_offices_without_dates(tmp_path) -> None:
    """The posts a defendant held (利用其担任…等职务上的便利) are tenures the text speaks of, without dates:
    the range covers them all, not each."""
    a = Hand("某某案开庭\n检察院指控：2002年至2014年，被告人王某某利用其担任中共青海省委书记、中共甘肃省委书记等职务"
             "上的便利，收受财物。\n", pub_date="2016-12-29")
    db = store(tmp_path / "h.db", a.document())
    rows = roster(db, name="王某某")
    assert sorted((r["title"], r["start"], r["end"], r["first_seen"]) for r in rows) == [
        ("甘肃省委书记", None, None, None), ("青海省委书记", None, None, None)]


def test_a_record_year_and_a_sighting_bound_the_predecessor(tmp_path) -> None:
    """A successor whose record says only 2012年起 but who is seen holding the office on 2012-11-20 ends the
    predecessor (last seen 2012-06-01) no later than that day, not at some day of 2012 nor never."""
    a = Hand("江西新闻\n江西省委书记赵一出席会议。\n", pub_date="2012-06-01")
    a.official("赵一", "江西省委书记")
    b = Hand("江西新闻\n江西省委书记钱二调研。\n", pub_date="2012-11-20")
    b.official("钱二", "江西省委书记")
    c = Hand("钱二同志简历\n钱二，男，汉族，1960年1月生。\n2008-2012年　湖南省省长\n2012年起　江西省委书记\n",
             pub_date="2013-03-01")
    db = store(tmp_path / "s.db", *(h.document() for h in (a, b, c)))
    analyze(db, only=("roster",))
    rows = roster(db, kind="party_secretary")
    assert [(r["name"], r["start"], r["end"], r["end_kind"]) for r in rows if r["name"] == "赵一"] == \
        [("赵一", None, "2012-11-20", "succeeded")]
    qian = roster(db, name="钱二")
    assert _spans(qian, "party_secretary") == {"江西省委书记": ("2012", "career", None, None)}
    # the governorship that ended in 2012 is not ended again by the start of the same year (moved)
    assert _spans(qian, "governor") == {"湖南省省长": ("2008", "career", "2012", "career")}
