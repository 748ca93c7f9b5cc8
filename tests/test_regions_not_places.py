"""Place names inside other names (streets, firms, people) and lists of provinces."""

from __future__ import annotations

import pytest

import readout
from readout.extract.regions import enumerated, find_regions, load_gazetteer


def _hits(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.name) for m in find_regions(text, load_gazetteer())]


@pytest.mark.parametrize("text,expected", [
    # streets, buildings and firms named after a place
    ("店铺位于中山路东段", []),
    ("北京苏州街的写字楼", [("北京", "北京市")]),
    ("中海地产开发的楼盘", []),
    ("昆泰国际大厦", []),
    ("杭州银行发布年报", []),
    ("嘉兴路上车来车往", []),
    # a full name stays the place; so does a place before 路线 or 街道
    ("深圳市地铁集团", [("深圳市", "深圳市")]),
    ("走出一条浙江路子", [("浙江", "浙江省")]),
    # a given name is not a place
    ("李长春同志出席", []),
    ("王海南说", []),
    # ... but a province before a city, or a function word before a place, is
    ("吉林长春，", [("吉林", "吉林省"), ("长春", "长春市")]),
    ("于海南召开", [("海南", "海南省")]),
    ("到海南，", [("海南", "海南省")]),
])
def test_regions_not_places(text, expected):
    assert _hits(text) == expected


@pytest.mark.parametrize("text,listed", [
    ("北京、天津、河北、山西等地", [True, True, True, True]),
    ("各省、自治区、直辖市和新疆生产建设兵团党委", [True]),
    ("在新疆生产建设兵团调研", [False]),
    ("江苏、浙江两省", [False, False]),  # two provinces are a pair, not a list of all
    ("湖南长沙、湖北武汉", [False, False, False, False]),
])
def test_regions_enumerated(text, listed):
    ms = find_regions(text, load_gazetteer())
    assert enumerated(text, ms) == listed


def _events(text: str, pub: str) -> list[tuple[str, str | None]]:
    return [(e.date, e.region.name if e.region else None) for e in readout.read(text, pub_date=pub).events]


def test_regions_a_list_of_all_provinces_makes_no_story_xinjiangs():
    text = ("标题\n各省、自治区、直辖市和新疆生产建设兵团党委要认真贯彻。\n"
            "6月3日，会议要求各地抓好落实。")
    doc = readout.read(text, pub_date="2021-06-04")
    assert all(s.region is None for s in doc.sections)


def test_regions_a_national_meeting_is_national_wherever_held():
    text = "标题\n6月3日，全国农村人居环境整治现场会在浙江安吉召开。会后，与会代表前往湖州考察。"
    assert _events(text, "2021-06-04") == [("2021-06-03", "全国")]


def test_regions_a_provincial_meeting_stays_provincial():
    text = "标题\n6月3日，江苏省全国人大代表座谈会在南京召开。"
    assert _events(text, "2021-06-04") == [("2021-06-03", "江苏省")]


def test_regions_a_person_named_like_a_city_is_no_place():
    text = "标题\n6月3日，省委书记李长春在会上讲话。"
    doc = readout.read(text, pub_date="2021-06-04")
    assert all(m.text != "长春" for m in doc.regions)
