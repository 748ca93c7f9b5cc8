"""formulations: the anchored numbered-formula scan finds exactly what _NUMBERED.finditer finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from readout.extract import automata
from readout.extract import formulations as F

_ALPHABET = list("一二两三四五六七八九十百千万〇零0123456789个大项条种方面字句话“”‘’\"意识维护攻坚战任务的第统") + [
    "坚决维护", "专项整治任务", "的突出问题", "总要求", "发展理念"
]


def _anchored(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in automata.anchored_finditer(
        F._NUMBERED, F._NUMBERED_ANCHOR, text, F._NUMBERED_REACH, F._NUMBERED_SPAN)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=60).map("".join))
def test_anchored_numbered_equals_finditer(text: str) -> None:
    assert _anchored(text) == [m.span() for m in F._NUMBERED.finditer(text)]


def test_numbered_examples() -> None:
    text = "增强“四个意识”、坚决做到“两个维护”，打好三大攻坚战，落实中央八项规定，统一思想"
    spans = _anchored(text)
    assert spans == [m.span() for m in F._NUMBERED.finditer(text)]
    assert [text[a:b] for a, b in spans][:3] == ["四个意识", "两个维护", "三大攻坚战"]


def test_a_ge_formula_running_on_into_an_ordinary_noun_is_not_one() -> None:
    # _GE_STOP_AFTER: 两个毫不动摇 + 方面 is a count of aspects, not the formula
    assert F._numbered("坚持两个毫不动摇方面的要求") == []
    assert [c[3] for c in F._numbered("坚持两个毫不动摇，")] == ["两个毫不动摇"]
