"""Events in international news and in the broadcast's own days: reports with no activity word, the
speaker's country, news sources, foreign names and bodies, plans after the broadcast, days read in context.
Texts written for these tests."""

from __future__ import annotations

import pytest

import readout
from readout.extract.dates import find_dates
from readout.extract.regions import find_regions, load_gazetteer


def events(text: str, pub: str | None = None) -> list[tuple[str | None, str | None]]:
    return [(e.date, e.region.name if e.region else None) for e in readout.read(text, pub_date=pub).events]


@pytest.mark.parametrize("text,pub,expected", [
    # abroad, a day and a country report an activity even without a trigger word
    ("国际快讯\n伊拉克军方12日在北部地区击毁一处武装据点。", "2019-03-13", [("2019-03-12", "伊拉克")]),
    ("国际快讯\n29日，美国单日新增病例超过七万例。", "2021-07-30", [("2021-07-29", "美国")]),
    # at home the genre names the activity: a dated figure is no event
    ("疫情通报\n今天，武汉的新增病例降至个位数。", "2020-04-22", []),
    # a day described, not acted on
    ("国际快讯\n今天（9月16日）是墨西哥独立日。", "2020-09-16", []),
    # words quoted from a witness abroad
    ("国际快讯\n“今天我们终于回到了阿勒颇，”一名叙利亚难民说。", "2020-03-02", []),
])
def test_unmarked_reports_abroad_only(text: str, pub: str, expected: list) -> None:
    assert events(text, pub) == expected


@pytest.mark.parametrize("text,pub,expected", [
    # the speaker's country, not the country the words are about
    ("国际快讯\n土耳其总统30日说，土耳其将在叙利亚北部展开军事行动。", "2018-10-31", [("2018-10-30", "土耳其")]),
    # a one-character country before its army or ministry
    ("国际快讯\n以军22日凌晨证实，一架无人机在黎巴嫩南部被击落。", "2024-04-22", [("2024-04-22", "以色列")]),
    ("国际快讯\n俄国防部4日称，俄军打击了巴伦支海附近的多处目标。", "2022-09-05", [("2022-09-04", "俄罗斯")]),
    # another country's central bodies are not China's (美国国务院, 古巴国家主席)
    ("国际快讯\n美国国务院发言人9日表示，将分阶段解除对伊朗的制裁。", "2015-04-10", [("2015-04-09", "美国")]),
    ("国际快讯\n古巴国家主席20日表示支持哥伦比亚总统。", "2025-10-21", [("2025-10-20", "古巴")]),
    # the source of a report is not where it happened
    ("国际快讯\n据黎巴嫩电视台21日晚报道，叙利亚境内两处基地当晚遭到袭击。", "2024-04-22",
     [("2024-04-21", "叙利亚")]),
    # a Chinese place inside a foreign name is no place
    ("国际快讯\n乌克兰方面3日称，利西昌斯克的战斗已经结束。", "2022-07-04", [("2022-07-03", "乌克兰")]),
    # a river named after a country is not that country
    ("国际快讯\n以色列政府当天批准在约旦河西岸新建2500套住宅。", "2017-01-25", [("2017-01-25", "以色列")]),
])
def test_places_abroad(text: str, pub: str, expected: list) -> None:
    assert events(text, pub) == expected


def test_a_story_abroad_keeps_its_country_for_unplaced_sentences() -> None:
    text = ("伊朗总统访问肯尼亚\n当地时间12日，伊朗总统抵达内罗毕，开始对肯尼亚进行国事访问。\n"
            "当天，两国签署了通信、渔业、文化等多领域合作协议。\n此前，他在达州考察过一家工厂。")
    assert events(text, "2023-07-13") == [("2023-07-12", "肯尼亚")]


@pytest.mark.parametrize("text,pub,expected", [
    # one day after the broadcast is a plan
    ("中美对话\n双方商定，首轮全面经济对话于7月19日在华盛顿举行。", "2017-07-09", []),
    # a session of several days already decided stays
    ("政治局会议\n中共中央政治局2月21日召开会议，决定2月26日至28日在北京召开二中全会。", "2023-02-21",
     [("2023-02-21", "全国"), ("2023-02-26", "全国")]),
    # a comparison and the reporter's own gathering of news are no activity
    ("国际快讯\n今天，日本新增确诊病例一万例，比昨天增加两成。", "2021-07-30", [("2021-07-30", "日本")]),
])
def test_plans_comparisons_and_newsgathering(text: str, pub: str, expected: list) -> None:
    assert events(text, pub) == expected


def test_newsgathering_day_is_no_event() -> None:
    assert events("政策\n记者今天从商务部获悉，多项措施将于下月实施。", "2018-01-19") == []


def test_country_parts_and_foreign_names_are_not_places() -> None:
    gaz = load_gazetteer()
    assert [m.name for m in find_regions("约旦河西岸和不列颠哥伦比亚省、西孟加拉邦", gaz)] == []
    assert [m.province for m in find_regions("伊朗指挥官阿里·沙德马尼", gaz)] == ["伊朗"]
    assert [m.province for m in find_regions("甘肃·庆阳", gaz)] == ["甘肃省", "甘肃省"]


@pytest.mark.parametrize("text,pub,expected", [
    # a month and day read on from "去年12月" into this year
    ("去年12月以来，双方在伊德利卜激战。2月27日，土耳其军队遭到空袭。", "2020-03-02", ["2020-02-27"]),
    # a bare day after an earlier month's date is the broadcast week's ("10月7日…以来" is background)
    ("联合国机构6日表示，10月7日冲突爆发以来已有88名工作人员死亡。\n秘书长6日再次呼吁停火。\n南非政府6日说，将召回外交人员。",
     "2023-11-07", ["2023-11-06", "2023-10-07", "2023-11-06", "2023-11-06"]),
    ("上个月24号朝鲜表示将进行核试验。19天过去了，12号，朝鲜媒体报道了核试验的消息。", "2013-02-12",
     ["2013-01-24", "2013-02-12"]),
    # 一日 is "one day"; 同日寇 is "with the Japanese invaders"
    ("五十年如一日，一日五次试车。", "2025-01-02", []),
    ("用白刃同日寇肉搏。", "2015-08-03", []),
])
def test_days_in_context(text: str, pub: str, expected: list) -> None:
    assert [d.date for d in find_dates(text, pub) if d.precision == "day"] == expected


@pytest.mark.parametrize("text,pub,expected", [
    # a visit's destination, with a region word between
    ("国际快讯\n当地时间12日，伊朗总统到访东非国家肯尼亚。", "2023-07-13", [("2023-07-12", "肯尼亚")]),
    ("国际快讯\n据俄罗斯媒体报道，俄罗斯训练舰6日停靠委内瑞拉北部港口。", "2024-08-07", [("2024-08-06", "委内瑞拉")]),
    # a Chinese place written on after a country is part of a foreign place (佛罗里达州: 达州)
    ("国际快讯\n美国佛罗里达州一栋住宅楼24日局部坍塌。", "2021-06-27", [("2021-06-24", "美国")]),
    # a country inside a 《title》 is no place
    ("新闻\n互联网新闻研究中心今天发布《美国全球监听行动纪录》。", "2014-05-26", [("2014-05-26", None)]),
    # the place a meeting is named after
    ("新闻\n国务院副总理韩正22日出席2019年太原能源低碳发展论坛开幕式。", "2019-10-22", [("2019-10-22", "山西省")]),
    # a central body acting on the day, with no activity word
    ("疫情通报\n国家卫生健康委今天通报，全国新增确诊病例10例。", "2022-05-23", [("2022-05-23", "全国")]),
])
def test_destinations_titles_and_central_bodies(text: str, pub: str, expected: list) -> None:
    assert events(text, pub) == expected
