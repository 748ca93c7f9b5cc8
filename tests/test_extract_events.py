"""Events: kinds, ranges, relative days, year roll-back, regions (actor, place, 全国, abroad)."""

from __future__ import annotations

import pytest

import readout


def events(text: str, pub: str | None = None):
    return [(e.date, e.date_end, e.region.name if e.region else None, e.kind, e.leader)
            for e in readout.read(text, pub_date=pub).events]


@pytest.mark.parametrize("text,pub,expected", [
    ("湖州市委常委会召开会议\n12月30日，湖州市委常委会召开会议，传达学习中央经济工作会议精神。市委书记陈浩主持会议。",
     "2023-01-02", [("2022-12-30", None, "浙江省", "meeting", "陈浩")]),
    ("赵乐际在江西调研\n中共中央政治局常委、全国人大常委会委员长赵乐际5月22日至25日在江西调研。",
     "2023-05-26", [("2023-05-22", "2023-05-25", "江西省", "inspection", "赵乐际")]),
    ("李强主持召开国务院常务会议\n国务院总理李强8月25日主持召开国务院常务会议，研究部署有关工作。",
     "2023-08-26", [("2023-08-25", None, "全国", "meeting", "李强")]),
    ("习近平抵达莫斯科\n国家主席习近平当地时间3月20日下午乘专机抵达莫斯科，开始对俄罗斯进行国事访问。",
     "2023-03-21", [("2023-03-20", None, "俄罗斯", "other", "习近平")]),
    ("标题\n今天上午，天津召开全市干部大会。市委书记李鸿忠出席并讲话。", "2019-09-09",
     [("2019-09-09", None, "天津市", "meeting", "李鸿忠")]),
    # a journal issue appearing is not an activity
    ("标题\n5月16日出版的第10期《求是》杂志发表中共中央总书记习近平的重要文章。", "2023-05-16", []),
    # a deadline is not an activity
    ("标题\n截至6月28日，洪涝灾害已造成1216万人次受灾。", "2020-06-29", []),
])
def test_events(text, pub, expected):
    assert events(text, pub) == expected


def test_events_roundup_lead_date_carries_to_each_place():
    text = ("各地志愿者在行动\n今天（3月5日）是学雷锋日，各地开展形式多样的志愿服务活动。\n"
            "在江苏泰州，志愿者结对帮扶困境儿童。\n在湖北武汉、甘肃兰州等地，处处都有志愿者的身影。")
    got = {(d, r) for d, _, r, _, _ in events(text, "2021-03-05")}
    assert got == {("2021-03-05", "江苏省"), ("2021-03-05", "湖北省"), ("2021-03-05", "甘肃省")}


@pytest.mark.parametrize("posts,rank", [
    (["中共中央总书记", "国家主席"], 0), (["中共中央政治局常委", "国务院总理"], 1), (["中共中央政治局委员"], 2),
    (["山东省委常委", "市委书记"], 3), (["济南市委副书记", "市长"], 4), (["村支部书记"], 5),
])
def test_events_seniority(posts, rank):
    from readout.extract.events import seniority

    assert seniority(posts) == rank


def test_events_leader_is_the_most_senior_present():
    text = ("标题\n中共中央总书记、国家主席、中央军委主席习近平近日在北京考察。\n1月18日，习近平在中共中央政治局委员、北京市委书记蔡奇和市长陈吉宁陪同下，来到北京市海淀区考察。")
    (ev,) = readout.read(text, pub_date="2021-01-20").events
    assert ev.leader == "习近平"
    assert [a.name for a in ev.officials][:2] == ["习近平", "蔡奇"]


@pytest.mark.parametrize(("text", "pub", "expected"), [
    # a foreign subject on a day, no place in China: the country is the region
    ("标题\n叙利亚总统阿萨德18日前往该地区看望官兵。", "2018-03-20", ("2018-03-18", "叙利亚")),
    # abroad a day and a country report an activity even with no activity word (维持原判)
    ("标题\n巴西联邦地区法院24日二审维持原判。", "2018-01-25", ("2018-01-24", "巴西")),
    ("标题\n巴西联邦地区法院24日宣布维持原判。", "2018-01-25", ("2018-01-24", "巴西")),
    # 对 alone is "towards", not a visit
    ("标题\n美国官员19日召开发布会，称理事会对以色列存在偏见。", "2018-06-20", ("2018-06-19", "美国")),
    ("标题\n全国政协主席汪洋16日对肯尼亚进行正式友好访问。", "2018-06-17", ("2018-06-16", "肯尼亚")),
    # news verbs: an announcement, a disaster
    ("标题\n当地时间22日晚，印度尼西亚巽他海峡附近发生海啸。", "2018-12-23", ("2018-12-22", "印度尼西亚")),
])
def test_events_abroad_and_news_verbs(text: str, pub: str, expected: tuple[str, str] | None) -> None:
    doc = readout.read(text, pub_date=pub)
    got = [(e.date, e.region.name if e.region else None) for e in doc.events]
    assert got == ([expected] if expected else []), got


@pytest.mark.parametrize(("text", "pub", "expected"), [
    # the place a correspondent stands in
    ("标题\n各位观众，这里是菲律宾首都马尼拉，亚太经合组织工商领导人峰会18号在这里举行。国家主席习近平出席。",
     "2015-11-18", [("2015-11-18", "菲律宾")]),
    # a central body not named 国家…/中央…
    ("标题\n海关总署今天公布，1月份我国外贸进出口总值增长。", "2017-02-10", [("2017-02-10", "全国")]),
    # the same day told again with no place joins the placed event
    ("标题\n十三届全国人大二次会议8日下午在人民大会堂举行第二次全体会议。\n会议开始时吉炳轩说，今天（8日）是妇女节。",
     "2019-03-08", [("2019-03-08", "全国")]),
])
def test_events_here_central_bodies_and_unplaced_repeats(text: str, pub: str, expected: list) -> None:
    doc = readout.read(text, pub_date=pub)
    assert [(e.date, e.region.name if e.region else None) for e in doc.events] == expected


@pytest.mark.parametrize(("text", "pub", "expected"), [
    # a programme's day is no activity, and its 各地 examples are no roundup
    ("标题\n今天（10月15日）的《乡村行看振兴》，我们来看各地推动乡风文明。\n在江苏徐州马庄村，村民们组成铜管乐团。",
     "2023-10-15", []),
    # a period of validity is no activity
    ("标题\n日本政府今天宣布，紧急状态期限为8月2日至31日。", "2021-07-30", [("2021-07-30", "日本")]),
    # a month and day in the coming weeks is this year's
    ("标题\n委员长会议决定，全国人大常委会第七次会议12月25日至29日在京举行。", "2023-12-18",
     [("2023-12-25", "全国")]),
])
def test_events_programme_days_periods_and_near_future(text: str, pub: str, expected: list) -> None:
    doc = readout.read(text, pub_date=pub)
    assert [(e.date, e.region.name if e.region else None) for e in doc.events] == expected


@pytest.mark.parametrize(("text", "pub", "expected"), [
    # a capital or a meeting city abroad names its country, even for a central leader
    ("标题\n当地时间11月15日下午，国家主席习近平在利马出席亚太经合组织领导人非正式会议。", "2024-11-16", [("2024-11-15", "秘鲁")]),
    ("标题\n当地时间16日，国务院总理李强在达沃斯出席世界经济论坛午餐会。", "2024-01-17", [("2024-01-16", "瑞士")]),
    # a phone call is an activity
    ("标题\n国家主席习近平13日晚应约同马来西亚总理马哈蒂尔通电话。", "2020-02-14", [("2020-02-13", "全国")]),
])
def test_events_capitals_abroad_and_phone_calls(text: str, pub: str, expected: list) -> None:
    doc = readout.read(text, pub_date=pub)
    assert [(e.date, e.region.name if e.region else None) for e in doc.events] == expected
