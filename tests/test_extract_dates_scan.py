"""dates._date_matches: the anchored scan finds exactly what _DATE.finditer finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from readout.extract import dates

# numerals, date units, range words, day parts, spaces, punctuation and filler
_ALPHABET = list("0123456789一二三四五六七八九十〇○零两年月日号份至到—-~晚上午下 ，。\n第每内后的会议") + ["２"]


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
