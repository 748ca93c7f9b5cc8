"""readout.extract.automata: leftmost-longest hits, overlapping starts, pickling."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readout.extract import automata


def test_find_long_prefers_the_longest_word_at_the_leftmost_start() -> None:
    auto = automata.build([("书记", 1), ("副书记", 2), ("记者", 3)])
    assert automata.find_long(auto, "省委副书记者") == [(2, 5, 2)]


def test_starts_lists_every_start_of_overlapping_words_once_in_order() -> None:
    auto = automata.build([("书记", None), ("副书记", None), ("记者", None), ("副", None)], overlapping=True)
    # 副 and 副书记 start at 2, 书记 at 3, 记者 at 4
    assert automata.starts(auto, "省委副书记者") == [2, 3, 4]
    assert automata.starts(auto, "没有") == []


def test_starts_needs_an_overlapping_automaton() -> None:
    with pytest.raises(ValueError):
        automata.starts(automata.build([("书记", None)]), "书记")


def test_match_at_starts_equals_finditer() -> None:
    """The officials stage relies on this: a regex that begins with one of the words finds
    the same matches when tried only at the words' starts."""
    words = ["书记", "副书记", "主席", "国家主席", "委员", "常委"]
    rx = re.compile(rf"(?:{automata.trie_pattern(sorted(words, key=len, reverse=True))})[\u4e00-\u9fff]{{2}}")
    auto = automata.build(((w, None) for w in words), overlapping=True)
    text = "国家主席习近平、中共中央政治局常委李强、省委副书记王某在主席台上，委员会委员张三李四。书记"
    got, resume = [], 0
    for p in automata.starts(auto, text):
        if p >= resume and (m := rx.match(text, p)):
            got.append(m.span())
            resume = m.end()
    assert got == [m.span() for m in rx.finditer(text)]
    assert got  # the text has matches


def test_automata_survive_pickling() -> None:
    for overlapping in (False, True):
        auto = automata.build([("浙江", "zj"), ("浙江省", "zjs")], overlapping=overlapping)
        back = pickle.loads(pickle.dumps(auto))
        assert back.overlapping is overlapping
        assert back.get("浙江省") == "zjs"
        if overlapping:
            assert automata.starts(back, "在浙江省") == [1]
        else:
            assert automata.find_long(back, "在浙江省") == [(1, 4, "zjs")]


def test_starts_followed_by_keeps_words_followed_by_one_of_the_characters() -> None:
    auto = automata.build([("书记", None), ("副书记", None)], overlapping=True)
    text = "副书记李某，书记。书记王"
    assert automata.starts(auto, text) == [0, 1, 6, 9]
    # 副书记 and 书记 at 0/1 are both followed by 李; 书记 at 6 by 。; 书记 at 9 by 王
    assert automata.starts(auto, text, frozenset("李王")) == [0, 1, 9]
    assert automata.starts(auto, "书记", frozenset("李")) == []  # nothing after the word


def test_anchored_finditer_equals_finditer_on_a_toy_pattern() -> None:
    # matches: 1–3 digits then 年 or 日, optionally "至" and more; anchor: the unit after a digit
    rx = re.compile(r"(?=\d)\d{1,3}(?:年|日|(?=至\d日))(?:至\d日)?")
    anchors = re.compile(r"[年日](?<=\d[年日])")
    text = "12年5至6日 7至8日，999日1234年0至9日X"
    got = [m.span() for m in automata.anchored_finditer(rx, anchors, text, reach=5, span=10)]
    assert got == [m.span() for m in rx.finditer(text)]
    assert len(got) >= 5


# Searcher: answers as rx.search(text, s, e) would, for any e, while s does not decrease.
_SEARCHER_PATTERNS = [
    (re.compile("会议|召开|常委会|座谈会"), 3),
    (re.compile(r"(?:召开|主持)(?P<t>[^，。]{2,10}?(?:会议|大会))(?!议)"), 16),
    (re.compile(r"国家[\u4e00-\u9fff]{0,3}?(?:委|局)"), 6),
]


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(alphabet="会议召开常委座谈主持大国家委局，。议x", max_size=80),
    queries=st.lists(st.tuples(st.integers(0, 80), st.integers(0, 90)), max_size=12),
    which=st.integers(0, len(_SEARCHER_PATTERNS) - 1),
)
def test_searcher_matches_plain_search(text, queries, which):
    rx, width = _SEARCHER_PATTERNS[which]
    searcher = automata.Searcher(rx, text, width)
    for s, e in sorted(queries):  # s ascending; e anything
        s, e = min(s, len(text)), min(e, len(text))
        got, want = searcher.search(s, e), rx.search(text, s, e)
        assert (got and (got.span(), got.groupdict())) == (want and (want.span(), want.groupdict())), (s, e)


def test_searcher_answers_a_smaller_start_plainly():
    rx = re.compile("会议")
    searcher = automata.Searcher(rx, "会议，会议", 2)
    assert searcher.search(3, 5).span() == (3, 5)
    assert searcher.search(0, 5).span() == (0, 2)
