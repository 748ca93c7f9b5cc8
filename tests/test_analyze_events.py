"""Events, the timeline's regions and campaigns, on small documents written for these tests.

Four hand-made reports (``handmade.Hand``: every span is found in the text):

- a roundup of 2019-09-12 with a 天津 section (a deployment meeting on 9 September,
  市委书记李鸿忠, 两个维护) and a 吉林 section (an unrelated meeting on 3 September, then
  the deployment meeting on 10 September, 省委书记巴音朝鲁);
- a central report of 2019-09-07: the launch meeting on 6 September, 王沪宁 (全国);
- a 天津 report whose section also tells of a central meeting in Beijing (全国): the
  case ``timeline --region 12`` used to list as 全国 rows;
- a 黑龙江 report of 2019-09-20 recalling 1959 (history, not a deployment) and deploying
  on 18 September.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from handmade import Hand, store

from readout.analyze.campaigns import campaign
from readout.analyze.events import EventFilter, events
from readout.analyze.timeline import timeline
from readout.cli import main
from readout.errors import ReadoutError

TJ = ("天津市", "120000", "天津")
JL = ("吉林省", "220000", "吉林")
HLJ = ("黑龙江省", "230000", "黑龙江")
CN = ("全国", None, "北京")
TERM = "主题教育"


def roundup() -> Hand:
    h = Hand("各地部署第二批主题教育\n"
             "9月9日，天津召开主题教育部署会议。市委书记李鸿忠主持会议并讲话，强调要坚决做到“两个维护”。\n"
             "9月3日，吉林召开全省经济工作会议。省委书记巴音朝鲁出席。"
             "9月10日，吉林召开主题教育部署会议。省委书记巴音朝鲁讲话，强调要增强“四个意识”。\n",
             pub_date="2019-09-12")
    h.section("9月9日，天津", "“两个维护”。", TJ)
    h.section("9月3日，吉林", "“四个意识”。", JL)
    li = h.official("李鸿忠", "市委书记")
    ba1 = h.official("巴音朝鲁", "省委书记")
    ba2 = h.official("巴音朝鲁", "省委书记", after=ba1.end)
    h.event("9月9日，天津召开主题教育部署会议。", "2019-09-09", title="主题教育部署会议", region=TJ, leader=li,
            date_text="9月9日")
    h.event("9月3日，吉林召开全省经济工作会议。", "2019-09-03", title="全省经济工作会议", region=JL, leader=ba1)
    h.event("9月10日，吉林召开主题教育部署会议。", "2019-09-10", title="主题教育部署会议", region=JL, leader=ba2)
    h.formulation("两个维护")
    h.formulation("四个意识")
    h.formulation("主题教育")
    return h


def central() -> Hand:
    h = Hand("主题教育第一批总结暨第二批部署会议召开\n9月6日，主题教育第一批总结暨第二批部署会议在北京召开。"
             "中共中央政治局常委王沪宁出席会议并讲话。\n", pub_date="2019-09-07")
    h.section("9月6日", "并讲话。", None)
    wang = h.official("王沪宁", "中共中央政治局常委")
    h.event("9月6日，主题教育第一批总结暨第二批部署会议在北京召开。", "2019-09-06",
            title="主题教育第一批总结暨第二批部署会议", region=CN, leader=wang)
    return h


def tianjin_with_central_event() -> Hand:
    h = Hand("天津干部学习全国会议精神\n9月5日，全国生态环境保护会议在北京召开。9月8日，天津召开市委常委会会议传达学习。\n",
             pub_date="2019-09-08")
    h.section("9月5日", "传达学习。", TJ)
    h.event("9月5日，全国生态环境保护会议在北京召开。", "2019-09-05", title="全国生态环境保护会议", region=CN)
    h.event("9月8日，天津召开市委常委会会议传达学习。", "2019-09-08", title="市委常委会会议", region=TJ)
    return h


def heilongjiang() -> Hand:
    h = Hand("黑龙江推进主题教育\n1959年9月26日，黑龙江松基三井喷出工业油流。"
             "9月18日，黑龙江召开主题教育推进会。省委书记张庆伟出席。\n", pub_date="2019-09-20")
    h.section("1959年", "张庆伟出席。", HLJ)
    zhang = h.official("张庆伟", "省委书记")
    h.event("1959年9月26日，黑龙江松基三井喷出工业油流。", "1959-09-26", kind="other", region=HLJ)
    h.event("9月18日，黑龙江召开主题教育推进会。", "2019-09-18", title="主题教育推进会", region=HLJ, leader=zhang)
    return h


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory):
    docs = [h.document() for h in (roundup(), central(), tianjin_with_central_event(), heilongjiang())]
    return store(tmp_path_factory.mktemp("events") / "events.db", *docs)


def _dates(rows) -> list[str]:  # noqa: ANN001
    return [r["date"] for r in rows]


# -- the timeline's region bug -------------------------------------------------------------

@pytest.mark.parametrize("region", ["12", "120000", "天津", "天津市"])
def test_timeline_region_by_name_or_code_keeps_its_own_rows(db, region: str) -> None:
    rows = timeline(db, region=region)
    assert {r["region_name"] for r in rows} == {"天津市"}
    assert _dates(rows) == ["2019-09-08", "2019-09-09"]


def test_timeline_national_rows_stay_national(db) -> None:
    rows = timeline(db, region="全国")
    assert {r["region_name"] for r in rows} == {"全国"} and _dates(rows) == ["2019-09-05", "2019-09-06"]


# -- events ---------------------------------------------------------------------------------

FILTERS = [
    (EventFilter(), ["2019-09-03", "2019-09-05", "2019-09-06", "2019-09-08", "2019-09-09", "2019-09-10",
                     "2019-09-18"]),
    (EventFilter(region="吉林"), ["2019-09-03", "2019-09-10"]),
    (EventFilter(region="22"), ["2019-09-03", "2019-09-10"]),
    (EventFilter(region="全国"), ["2019-09-05", "2019-09-06"]),
    (EventFilter(date_from="2019-09-06", date_to="2019-09-09"), ["2019-09-06", "2019-09-08", "2019-09-09"]),
    (EventFilter(kind="other"), []),
    (EventFilter(official="巴音朝鲁"), ["2019-09-03", "2019-09-10"]),
    (EventFilter(meeting="部署会议"), ["2019-09-06", "2019-09-09", "2019-09-10"]),
    (EventFilter(formulation="两个维护"), ["2019-09-09"]),
    (EventFilter(formulation="四个意识", region="吉林"), ["2019-09-03", "2019-09-10"]),
    (EventFilter(undated=True), []),
]


@pytest.mark.parametrize(("filt", "dates"), FILTERS, ids=[repr(f)[11:70] for f, _ in FILTERS])
def test_events_filters(db, filt: EventFilter, dates: list[str]) -> None:
    # the 1959 event is dated too; it only shows when the range reaches it
    got = [d for d in _dates(events(db, filt).rows) if d > "2000"]
    assert got == dates


def test_events_rows_carry_leader_post_meeting_and_span(db) -> None:
    (row,) = events(db, EventFilter(region="天津", meeting="主题教育")).rows
    assert (row["leader"], row["post"], row["meeting"]) == ("李鸿忠", "市委书记", "主题教育部署会议")
    text = roundup().text
    assert text[row["start"]:row["end"]] == row["text"]
    assert text[row["meeting_start"]:row["meeting_end"]] == "主题教育部署会议"


def test_events_keyset_pages_cover_everything_once(db) -> None:
    every = events(db).rows
    seen, after = [], None
    while True:
        page = events(db, limit=3, after=after)
        assert len(page.rows) <= 3
        seen += [r["event_id"] for r in page.rows]
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == [r["event_id"] for r in every] and len(seen) == 8


def test_events_region_below_province_is_refused(db) -> None:
    with pytest.raises(ReadoutError) as exc:
        events(db, EventFilter(region="成都"))
    assert exc.value.code == "E205"


# -- campaign -------------------------------------------------------------------------------

def test_campaign_first_deployment_per_region_and_lag(db) -> None:
    c = campaign(db, TERM)
    assert c.launch == "2019-09-06" and c.launch_from == "central event"
    assert c.launch_row is not None and c.launch_row.leader == "王沪宁"
    got = {r.region_name: (r.date, r.lag_days, r.leader, r.post, r.match) for r in c.rows}
    assert got == {
        "天津市": ("2019-09-09", 3, "李鸿忠", "市委书记", "meeting"),
        # the unrelated 3 September meeting shares the section, but the deployment is the 10th
        "吉林省": ("2019-09-10", 4, "巴音朝鲁", "省委书记", "meeting"),
        # 1959 is history the report recalls, not the deployment
        "黑龙江省": ("2019-09-18", 12, "张庆伟", "省委书记", "meeting"),
    }
    assert [r.region_name for r in c.rows] == ["天津市", "吉林省", "黑龙江省"]  # by date


def test_campaign_echoes_link_to_their_lines(db) -> None:
    c = campaign(db, TERM)
    text = roundup().text
    tj = next(r for r in c.rows if r.region_name == "天津市")
    values = {e.value: e for e in tj.echoes}
    assert set(values) == {"两个维护", "主题教育"}
    e = values["两个维护"]
    assert text[e.start:e.end] == "两个维护" and e.document_id == tj.document_id
    jl = next(r for r in c.rows if r.region_name == "吉林省")
    assert {x.value for x in jl.echoes} == {"四个意识", "主题教育"}
    jl_text = text[text.index("9月3日"):]
    assert all(x.count == jl_text.count(x.value) for x in jl.echoes)


def test_campaign_launch_given_and_region(db) -> None:
    c = campaign(db, TERM, launch="2019-09-01", region="吉林")
    assert c.launch_from == "given" and [(r.region_name, r.lag_days) for r in c.rows] == [("吉林省", 9)]


def test_campaign_unknown_term_is_empty(db) -> None:
    c = campaign(db, "没有这个词")
    assert c.rows == [] and c.launch is None and c.documents == 0


# -- the commands, in every format ---------------------------------------------------------

@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_cli_events_and_campaign_formats(db, fmt: str) -> None:
    for args, n in ((["events", "--region", "天津"], 2), (["campaign", TERM], 4)):
        res = CliRunner().invoke(main, [*args, "--db", str(db), "--format", fmt])
        assert res.exit_code == 0, res.output
        out = res.stdout
        if fmt == "json":
            rows = json.loads(out)
        elif fmt == "jsonl":
            rows = [json.loads(x) for x in out.splitlines()]
        elif fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(out)))
        else:
            rows = out.splitlines()[1:]
        assert len(rows) == n, (args, out)
        if fmt != "table":
            assert all("/documents/" in r["url"] and "?mark=" in r["url"] for r in rows)


def test_cli_region_name_errors_are_one_line(db) -> None:
    res = CliRunner().invoke(main, ["events", "--db", str(db), "--region", "火星"])
    assert res.exit_code != 0 and "unknown region" in res.output


def test_campaign_central_mention_in_passing_launches_nothing(tmp_path) -> None:
    h = Hand("中央会议召开\n8月1日，中央经济工作会议在北京召开。会议要求巩固主题教育成果。\n", pub_date="2019-08-02")
    h.section("8月1日", "成果。", None)
    h.event("8月1日，中央经济工作会议在北京召开。", "2019-08-01", title="中央经济工作会议", region=CN)
    db2 = store(tmp_path / "passing.db", h.document(), roundup().document())
    c = campaign(db2, TERM)
    assert c.launch is None and c.launch_from == "none" and c.launch_row is None
    assert [(r.region_name, r.match) for r in c.rows][0] == ("全国", "section")


def test_cli_campaign_on_the_seed_lists_its_ten_meetings(tmp_path) -> None:
    """Through the whole pipeline: the bundled roundup's ten provincial meetings, each with date, leader and post."""
    from conftest import SEED

    from readout.store import ingest

    db = tmp_path / "seed.db"
    ingest([SEED], db)
    res = CliRunner().invoke(main, ["campaign", "主题教育", "--db", str(db), "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert len(rows) == 10 and len({r["region_code"] for r in rows}) == 10
    assert all(r["date"].startswith("2019-09-") and r["leader"] and r["post"] and r["match"] == "meeting" for r in rows)
