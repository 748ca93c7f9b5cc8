"""Dates: numerals, day-only forms, ranges, relative days and year inference."""

from __future__ import annotations

import pytest

from readout.extract.dates import cn_number, find_dateline, find_dates

CASES = [
    # text, pub_date, [(surface, date, date_end)]
    ("2019年9月9日，天津召开会议。", None, [("2019年9月9日", "2019-09-09", None)]),
    ("二〇一九年九月九日上午", None, [("二〇一九年九月九日", "2019-09-09", None)]),
    ("2019年9月9日，天津。9月10日，吉林。", None, [("2019年9月9日", "2019-09-09", None), ("9月10日", "2019-09-10", None)]),
    ("2019年9月9日，天津。10日上午，江苏。", None, [("2019年9月9日", "2019-09-09", None), ("10日", "2019-09-10", None)]),
    ("9日至10日举行", "2019-09-11", [("9日至10日", "2019-09-09", "2019-09-10")]),
    ("12月1日至6日考察", "2022-12-07", [("12月1日至6日", "2022-12-01", "2022-12-06")]),
    ("9月28日至10月3日", "2019-10-04", [("9月28日至10月3日", "2019-09-28", "2019-10-03")]),
    ("于5月20至31日在全国各地举办", "2023-05-20", [("5月20至31日", "2023-05-20", "2023-05-31")]),
    ("12月30日召开", "2023-01-02", [("12月30日", "2022-12-30", None)]),  # year rolled back
    ("今天上午召开", "2023-01-02", [("今天", "2023-01-02", None)]),
    ("昨天下午", "2023-03-01", [("昨天", "2023-02-28", None)]),
    ("前天", "2024-03-01", [("前天", "2024-02-28", None)]),
    ("三十日内完成，第9日", "2023-01-02", []),
    ("2018 年 2 月 22 日(初七),山东省召开大会", None, [("2018 年 2 月 22 日", "2018-02-22", None)]),  # scraped spacing  # durations and ordinals are not dates
]


@pytest.mark.parametrize("text,pub,expected", CASES)
def test_dates_resolve(text, pub, expected):
    got = [(d.text, d.date, d.date_end) for d in find_dates(text, pub) if d.precision == "day"]
    assert got == expected
    for d in find_dates(text, pub):
        assert text[d.start:d.end] == d.text


def test_dates_month_precision_sets_context():
    ds = find_dates("2019年9月的会议上。10日，吉林召开", None)
    assert [(d.precision, d.date) for d in ds] == [("month", "2019-09-01"), ("day", "2019-09-10")]


def test_dates_bare_day_without_context_is_unresolved():
    (d,) = find_dates("9日召开会议", None)
    assert d.date is None


@pytest.mark.parametrize("s,v", [("9", 9), ("09", 9), ("九", 9), ("十", 10), ("十二", 12), ("二十三", 23), ("三十一", 31), ("二〇一九", 2019)])
def test_dates_cn_number(s, v):
    assert cn_number(s) == v


@pytest.mark.parametrize("text,expected", [
    ("濟南市委常委會召開會議\n2020年04月08日09:21 来源:舜网\n7日上午", "2020-04-08"),
    ("标题\n政治 天津网 2017-05-11\n昨天上午", "2017-05-11"),
    ("标题\n发表于 2021-2-19 17:40:50 | 显示全部楼层", "2021-02-19"),
    ("2019年9月9日，天津召开会议", None),  # an event date in running text is not a dateline
])
def test_dates_dateline(text, expected):
    assert find_dateline(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("必将鼓舞我们走向充满希望的明天！", []),
    ("回顾昨天、今天和明天的发展。", []),
    ("今天，天津召开会议。", ["2018-03-20"]),
    ("今天的会议由省委书记主持。", ["2018-03-20"]),
])
def test_dates_relative_day_as_a_noun_is_no_date(text: str, expected: list[str]) -> None:
    assert [d.date for d in find_dates(text, "2018-03-20")] == expected


def test_dates_a_month_alone_in_another_paragraph_sets_no_bare_day() -> None:
    # "今年11月修建完成" is background; the next item's "22日" is the broadcast month's
    text = "22日，战机飞抵机场。跑道为今年11月修建完成。\n22日，观察团抵达也门。"
    assert [d.date for d in find_dates(text, "2018-12-23") if d.precision == "day"] == ["2018-12-22", "2018-12-22"]
    # a full date in an earlier paragraph still dates the next one's bare day
    text = "9月9日，天津召开会议。\n10日，吉林召开会议。"
    assert [d.date for d in find_dates(text, "2019-10-20") if d.precision == "day"] == ["2019-09-09", "2019-09-10"]


@pytest.mark.parametrize(("text", "expected"), [
    ("也门军方情报总部18号遭到武装人员袭击", ["2017-03-18"]),
    ("叙利亚外交部17号致信联合国", ["2017-03-17"]),
    ("白叶一号，蓝鲸1号", []),
    ("天宫二号在轨运行，蓝鲸1号钻井平台完工", []),
])
def test_dates_spoken_day_with_hao(text: str, expected: list[str]) -> None:
    # news transcripts write a day as "18号"; a name in Chinese numerals or before a noun is no day
    assert [d.date for d in find_dates(text, "2017-03-18")] == expected
