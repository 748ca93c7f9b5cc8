"""Dates: the forms press text uses, each resolved against the publication date.

The table is our own sentences, written for the forms that Chinese time-expression
parsers commonly test (relative days, 去年/前年 + 月日, two-digit years, relative months,
ranges across a year, written numerals), with every span checked.
"""

from __future__ import annotations

import pytest

from readout.extract.dates import find_dates

PUB = "2021-06-14"

# text, pub_date, [(surface, date, date_end)] for the day-precision dates found
CASES = [
    # relative days
    ("后天上午举行开幕式", PUB, [("后天", "2021-06-16", None)]),
    ("大后天将召开大会", PUB, [("大后天", "2021-06-17", None)]),
    ("大前天，省委召开会议", PUB, [("大前天", "2021-06-11", None)]),
    ("昨晚，市委召开常委会", PUB, [("昨晚", "2021-06-13", None)]),
    ("今晨，救援队抵达灾区", PUB, [("今晨", "2021-06-14", None)]),
    ("明天，代表团将前往上海", PUB, [("明天", "2021-06-15", None)]),
    # the day last named: 当日, 当天, 次日
    ("6月9日，省委召开常委会。当日下午，省委书记前往企业调研", PUB,
     [("6月9日", "2021-06-09", None), ("当日", "2021-06-09", None)]),
    ("6月9日抵达北京，次日出席开幕式", PUB, [("6月9日", "2021-06-09", None), ("次日", "2021-06-10", None)]),
    ("当天，全省召开视频会议", PUB, [("当天", "2021-06-14", None)]),  # nothing named before: the news day
    ("次日，会议闭幕", PUB, []),  # no day to count from
    # relative months
    ("上个月15号，市委召开全会", PUB, [("上个月15号", "2021-05-15", None)]),
    ("上月28日，全省召开推进会", PUB, [("上月28日", "2021-05-28", None)]),
    ("下月九号，论坛将在杭州开幕", PUB, [("下月九号", "2021-07-09", None)]),
    ("本月9日，省政府召开常务会议", PUB, [("本月9日", "2021-06-09", None)]),
    ("上月3日召开", "2021-01-10", [("上月3日", "2020-12-03", None)]),  # across the new year
    # relative and two-digit years
    ("去年7月4日，省委召开全会", PUB, [("去年7月4日", "2020-07-04", None)]),
    ("前年9月2号，县委召开常委会", PUB, [("前年9月2号", "2019-09-02", None)]),
    ("今年3月5日，十三届全国人大四次会议开幕", PUB, [("今年3月5日", "2021-03-05", None)]),
    ("明年3月5日将召开会议", PUB, [("明年3月5日", "2022-03-05", None)]),
    ("15年3月2日，该县召开动员大会", PUB, [("15年3月2日", "2015-03-02", None)]),
    ("98年4月10日开工", PUB, [("98年4月10日", "1998-04-10", None)]),
    ("2008年5月12日发生地震。同年5月15日，总理抵达灾区", PUB,
     [("2008年5月12日", "2008-05-12", None), ("同年5月15日", "2008-05-15", None)]),
    # written (Chinese-numeral) dates
    ("二〇一九年九月九日，天津召开大会", PUB, [("二〇一九年九月九日", "2019-09-09", None)]),
    ("九月九日，天津召开大会", "2019-09-20", [("九月九日", "2019-09-09", None)]),
    ("十二月二十三日上午召开", "2020-12-25", [("十二月二十三日", "2020-12-23", None)]),
    # ranges, within a month and across a year
    ("4月12-19日，调研组赴各地督导", PUB, [("4月12-19日", "2021-04-12", "2021-04-19")]),
    ("2019年12月30日至2020年1月3日，考察团访问", PUB,
     [("2019年12月30日至2020年1月3日", "2019-12-30", "2020-01-03")]),
    ("12月28日至1月2日举办展览", "2021-01-05", [("12月28日至1月2日", "2020-12-28", "2021-01-02")]),
    ("2018年12月九号到十五号举办", PUB, [("2018年12月九号到十五号", "2018-12-09", "2018-12-15")]),
    # a list of days: 号 after 、 belongs to the list
    ("6月10号、11号举行", PUB, [("6月10号", "2021-06-10", None), ("11号", "2021-06-11", None)]),
    # a day-only date: the most recent such day not after publication
    ("3日，省委召开常委会", "2021-02-04", [("3日", "2021-02-03", None)]),
    ("28日，省委召开常委会", "2021-02-04", [("28日", "2021-01-28", None)]),
    ("31日上午召开", "2021-03-02", [("31日", "2021-01-31", None)]),  # February has no 31st
    # never against a later full date elsewhere in the text
    ("预计2026年2月1日建成。3日，省委召开会议。", "2021-02-04",
     [("2026年2月1日", "2026-02-01", None), ("3日", "2021-02-03", None)]),
    # a future day only where the text announces it
    ("大会将于20日开幕", "2021-02-04", [("20日", "2021-02-20", None)]),
    ("20日，大会开幕", "2021-02-04", [("20日", "2021-01-20", None)]),
    ("会议定于6月20日召开", PUB, [("6月20日", "2021-06-20", None)]),
    # a month and day in the coming weeks is this year's, announced or not; further ahead, last year's
    ("6月20日，会议召开", "2021-06-10", [("6月20日", "2021-06-20", None)]),
    ("9月20日，会议召开", "2021-06-10", [("9月20日", "2020-09-20", None)]),
    # a month written earlier in the same paragraph sets a bare day's month
    ("5月9日，天津召开大会；10日，江苏召开会议", PUB, [("5月9日", "2021-05-09", None), ("10日", "2021-05-10", None)]),
    # not dates
    ("白叶一号，蓝鲸1号", PUB, []),
    ("30日内完成整改，第9日", PUB, []),
    ("十年来，全省工作", PUB, []),
]


@pytest.mark.parametrize("text,pub,expected", CASES)
def test_dates_forms(text, pub, expected):
    found = find_dates(text, pub)
    assert [(d.text, d.date, d.date_end) for d in found if d.precision == "day"] == expected
    for d in found:
        assert text[d.start:d.end] == d.text


@pytest.mark.parametrize("text,expected", [
    ("去年9月，省委召开全会", ("去年9月", "2020-09-01")),
    ("二零二一年六月", ("二零二一年六月", "2021-06-01")),
])
def test_dates_month_forms(text, expected):
    (d,) = find_dates(text, PUB)
    assert (d.text, d.date, d.precision) == (*expected, "month")


def test_dates_relative_years_need_a_publication_date():
    (d,) = find_dates("去年7月4日召开", None)
    assert d.date is None and d.text == "去年7月4日"
