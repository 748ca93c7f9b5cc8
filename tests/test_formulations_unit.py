"""Unit tests for the formulation detectors and the shipped lexicon."""

from __future__ import annotations

import pickle

from readout.clean import simplify
from readout.extract.formulations import find_formulations, load_lexicon


def _find(text: str):
    return find_formulations(text, simplify(text), load_lexicon())


def _values(text: str, kind: str | None = None) -> list[str]:
    return [f.value for f in _find(text) if kind is None or f.kind == kind]


def test_spans_point_into_text_and_are_sorted() -> None:
    text = "会议强调，要增强“四个意识”、坚定“四个自信”、做到“两个维护”，统筹推进四项重点措施。"
    found = _find(text)
    assert [f.start for f in found] == sorted(f.start for f in found)
    for f in found:
        assert text[f.start : f.end] == f.text
    quoted = [f for f in found if f.kind == "quoted"]
    assert [f.value for f in quoted] == ["四个意识", "四个自信", "两个维护"]
    # the span of a quoted formulation excludes the quote marks
    assert all(f.text == f.value and text[f.start - 1] == "“" for f in quoted)
    # a quoted numbered formula is reported once, as quoted
    assert [f.kind for f in found if f.value == "两个维护"] == ["quoted"]
    assert "四项重点措施" in _values(text, "numbered")


def test_numbered_formulas_but_not_ordinary_counts() -> None:
    text = "更好统筹国内国际两个大局，打好三大攻坚战，落实10项专项整治任务。他用了两个小时走访5个村，看了3个项目，从三个方面作了部署。"
    numbered = _values(text, "numbered")
    assert "两个大局" in numbered and "三大攻坚战" in numbered and "10项专项整治任务" in numbered
    for ordinary in ("两个小时", "5个村", "3个项目", "三个方面"):
        assert all(ordinary not in v for v in numbered), numbered


def test_congress_is_not_a_numbered_formula() -> None:
    assert _values("深入学习贯彻党的二十大精神和党的十九大报告。", "numbered") == []


def test_quoted_filters() -> None:
    text = (
        "他说：“这个很好。”古人说的“郡县治，天下安”。参观“海斗”号潜水器，被称为“中国光谷”，"
        "各项工作要“全面”，严防资金“跑偏”。开展“我为群众办实事”实践活动，按照“质量之魂，存于匠心”的要求。"
    )
    quoted = _values(text, "quoted")
    assert quoted == ["我为群众办实事", "质量之魂，存于匠心"]


def test_name_rejected_once_is_rejected_everywhere() -> None:
    text = "国家速滑馆又称“冰丝带”，“冰丝带”设计很好。"
    assert _values(text, "quoted") == []


def test_nested_inner_quote_survives_a_rejected_sentence_quote() -> None:
    text = "围绕“贯彻五中全会精神，谋划‘十四五’发展，推动各项工作走在前列”开展调研。"
    assert "十四五" in _values(text, "quoted")


def test_run_of_parallel_quotes_keeps_short_terms() -> None:
    text = "要精准施策，深挖“病灶”、找准“病因”、拔掉“病根”，不能大而化之。"
    assert _values(text, "quoted") == ["病灶", "病因", "病根"]


def test_ascii_quotes_and_traditional_text() -> None:
    text = '山東省召開"重點工作攻堅年"動員大會，增強“四個意識”。'
    found = _find(text)
    by_value = {f.value: f for f in found}
    assert "重点工作攻坚年" in by_value and by_value["重点工作攻坚年"].text == "重點工作攻堅年"
    assert by_value["四个意识"].kind == "quoted" and by_value["四个意识"].text == "四個意識"


def test_parallel_phrases() -> None:
    text = "坚持主题不变、标准不降、力度不减，推动学习往深里走、往心里走、往实里走。到天津、吉林、黑龙江调研。"
    par = _values(text, "parallel")
    assert par == ["主题不变、标准不降、力度不减", "往深里走、往心里走、往实里走"]


def test_lexicon_leftmost_longest_unquoted() -> None:
    text = "推动共建一带一路高质量发展，践行绿水青山就是金山银山的理念，扎实推动共同富裕。"
    lexicon = _values(text, "lexicon")
    assert "绿水青山就是金山银山" in lexicon and "绿水青山" not in lexicon
    assert "一带一路" in lexicon and "共同富裕" in lexicon


def test_no_duplicates_per_position() -> None:
    text = "坚决做到“两个维护”，做到两个维护。"
    keys = [(f.start, f.end, f.value) for f in _find(text)]
    assert len(keys) == len(set(keys))
    assert [f.kind for f in _find(text) if f.value == "两个维护"] == ["quoted", "numbered"]


def test_empty_and_plain_text() -> None:
    assert _find("") == []
    assert _find("今天天气很好，我们去公园散步。") == []


def test_lexicon_is_cached_and_picklable() -> None:
    lex = load_lexicon()
    assert load_lexicon() is lex
    clone = pickle.loads(pickle.dumps(lex))
    text = "统筹推进“五位一体”总体布局。"
    assert [f.value for f in find_formulations(text, text, clone)] == [f.value for f in find_formulations(text, text, lex)]
