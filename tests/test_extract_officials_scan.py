"""officials: the rewritten scanning patterns find what their first forms found."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from readout.extract import officials
from readout.resources import load

_OLD_PAREN = re.compile(r"[（(][^（）()，。]{1,14}[）)]|“[^“”，。]{1,10}”")
_BREAKS = re.compile(r"[，。；：！？（）()“”《》\n,;:!?﹔﹐﹒；]")
_ALPHABET = list("（）()“”，。、；\n国家行政学院副校长书记") + ["中央党校"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=60).map("".join))
def test_paren_and_last_break_equal_their_first_forms(text: str) -> None:
    assert [m.span() for m in officials._PAREN.finditer(text)] == [m.span() for m in _OLD_PAREN.finditer(text)]
    last = officials._LAST_BREAK.match(text)
    assert (last.end() if last else 0) == max((m.end() for m in _BREAKS.finditer(text)), default=0)


def test_a_bracketed_part_stays_in_the_post() -> None:
    norm = "会议由中央党校（国家行政学院）副校长李书磊主持。"
    offs = officials.find_officials(norm, norm, load())
    assert [(o.name, o.posts) for o in offs] == [("李书磊", ["中央党校（国家行政学院）副校长"])]
