"""dates: the anchored date scan equals _DATE.finditer; the dateline pattern equals its first form."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from readout.extract import dates

# numerals, date units, range words, day parts, spaces, punctuation and filler
_ALPHABET = list("0123456789一二三四五六七八九十〇○零两年月日号份至到—-~晚上午下 ，。\n第每内后的会议去前今明同当次本这个、") + ["２", "上个月", "去年"]


def _spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in dates._date_matches(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=80).map("".join))
def test_anchored_scan_equals_finditer(text: str) -> None:
    assert _spans(text) == [m.span() for m in dates._DATE.finditer(text)]


def test_anchored_scan_on_written_dates() -> None:
    text = "2018 年 2 月 22 日，十二月三十至三十一日召开；5至7日；二〇一九年十月；第9日；2023年5月份"
    got = _spans(text)
    assert got == [m.span() for m in dates._DATE.finditer(text)]
    assert [text[a:b] for a, b in got][:3] == ["2018 年 2 月 22 日", "十二月三十至三十一日", "5至7日"]


def test_one_anchor_serves_two_matches() -> None:
    # "0" is a day by its look-ahead (至0一日) that the range tail cannot complete; "一日" follows
    text = "0至0一日"
    assert _spans(text) == [m.span() for m in dates._DATE.finditer(text)] == [(0, 1), (3, 5)]


# The dateline pattern as first written (look-ahead first); the current one must agree with it.
_OLD_DATELINE = re.compile(
    r"(?=[12])(?<!\d)((?:19|20)\d{2})(?:-|/|年)(\d{1,2})(?:-|/|月)(\d{1,2})日?\s*(?=\d{1,2}:\d{2}|\s*(?:来源|\n|$))"
    r"|(?=[12])(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?!\d)"
)


def _old_dateline(norm: str, limit: int = 400) -> str | None:
    m = _OLD_DATELINE.search(norm, 0, min(len(norm), limit))
    if not m:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    v = dates._valid(int(y), int(mo), int(d))
    return v.isoformat() if v else None


_DATELINE_ALPHABET = list("0123456789012-/年月日:来源 \n") + ["2020", "1999", "来源：", "12:30"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_DATELINE_ALPHABET), max_size=40).map("".join), st.integers(5, 60))
def test_dateline_equals_the_look_ahead_form(text: str, limit: int) -> None:
    assert dates.find_dateline(text, limit) == _old_dateline(text, limit)


def test_dateline_examples() -> None:
    assert dates.find_dateline("天津网 2017-05-11\n正文") == "2017-05-11"
    assert dates.find_dateline("2020年04月08日09:21 来源：新华网") == "2020-04-08"
    assert dates.find_dateline("编号12017-05-11") is None  # the year follows a digit
