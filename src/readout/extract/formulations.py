"""Political formulations (提法): quoted slogans, numbered formulas, parallel set phrases, lexicon hits.

Four detectors run over ``norm`` (simplified text, same length as ``text``):

* ``quoted``   – text in Chinese quotes (“” 「」 ‘’ 『』, ASCII "" used as quotes) that reads as a
  slogan, formula or campaign name; sentence quotations, titles, names and scare-quoted
  ordinary words are filtered out by general rules (length, punctuation, context, word
  frequency).
* ``numbered`` – numeral + classifier + formula head (四个意识, 三大攻坚战, 10项专项整治任务),
  with or without quotes; ordinary counts (3个项目, 两个小时) are excluded by requiring a known
  formula head.
* ``parallel`` – 3+ clauses of equal length separated by 、 (or ，) that share a character at
  the same position (主题不变、标准不降、力度不减).
* ``lexicon``  – established formulations from ``data/formulations.tsv`` (Aho–Corasick,
  leftmost-longest).

Spans point into the clean text; a quoted formulation's span excludes the quote marks.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from readout.extract import automata
from readout.resources import read_table
from readout.model import Formulation

log = logging.getLogger(__name__)

_CN_NUM = "一二两三四五六七八九十百千万〇零"
# 1–4 numerals, spelled as one numeral then 0–3 more: a pattern that opens with a plain
# charset lets the regex engine skip ahead in C to the next numeral (a leading repeat does
# not), and the lookahead drops the many numerals (一 in 统一, 一些) not followed, within
# three more numerals, by a character that can open a head (个 大 项 条 种 方 字 句).
_NUM = rf"[{_CN_NUM}\d](?=[{_CN_NUM}\d]{{0,3}}[个大项条种方字句])[{_CN_NUM}\d]{{0,3}}"

# Double quotes (and corner brackets, ASCII quotes) and single/inner quotes are scanned
# separately so that ‘十四五’ inside a rejected long “…” quotation is still seen.
_DQ_ALTS = (("“", r"“([^“”\n]{1,60})”"), ("「", r"「([^「」\n]{1,60})」"), ('"', r"\"([^\"\n]{1,60})\""))
# One double-quote regex per set of marks present in a text (bit i: _DQ_ALTS[i]): alternatives
# whose mark is absent cannot match, and a pattern opening with one literal is scanned by a
# fast literal search instead of a charset test per character (~3× faster on “ alone).
_DQ_BY_MARKS = {
    mask: re.compile("|".join(p for i, (_, p) in enumerate(_DQ_ALTS) if mask >> i & 1)) for mask in range(1, 8)
}
_SQ = re.compile(r"‘([^‘’“”\n]{1,30})’|『([^『』\n]{1,30})』")

# A sentence quotation: full stops, questions, exclamations, colons, semicolons.
_SENTENCE = re.compile(r"[。！？!?；;：:…]")
_COMMA = re.compile(r"[，,]")
_PIECES = re.compile(r"[，,、]")
_COMMON_FREQ = 30  # jieba frequency from which a quoted word counts as an ordinary word
_WS = re.compile(r"\s+")
# Context rules are word lists tested with str.startswith/endswith (a tuple argument is one
# C call; far cheaper than a regex search anchored with $ per quote).
# Speech verbs right before the quote mark (optionally + ：，): a verbatim quotation follows.
_SPEECH_BEFORE = ("说", "道", "讲", "曰", "云", "称", "问", "喊", "呼", "表示", "指出", "强调", "写道", "说的", "讲的", "所说", "常说")
_SPEECH_PUNCT = frozenset("：:，,")
# Nicknames and names: 被称为“X”, 外号“X”, 又称“X”.
_NAME_BEFORE = ("称为", "称作", "又称", "人称", "号称", "俗称", "外号", "绰号", "誉为", "叫做", "名为", "取名", "命名为", "叫")
# Names of things: “海斗”号, “八一起义”纪念馆, “祝福祖国”花篮, “时代楷模”称号.
_NAME_AFTER = (
    "号", "字样", "横幅", "纪念馆", "展览", "展馆", "花篮", "称号", "荣誉称号", "品牌", "党课品牌", "课题", "栏目",
    "专栏", "系列", "牌", "型", "号召",
)
# Quotes whose inner text is an event, exhibition or venue name.
_NAME_END = (
    "大会", "会议", "研讨会", "座谈会", "论坛", "成果展", "展览", "展", "节", "馆", "研讨班", "讲堂", "大集", "号", "街市",
    "门市", "纪念日",
)
# Emphasis: 要“全面”, 很“X”.
_EMPHASIS_BEFORE = ("要", "很", "更", "最", "太", "较", "越", "非常", "十分", "比较", "特别")
# Heads that make a short quoted term a named policy: “放管服”改革, “非农化”问题 is not.
_TYPE_AFTER = (
    "工程", "战略", "行动", "机制", "改革", "原则", "要求", "总要求", "理念", "精神", "经验", "模式", "制度", "政策", "效应",
    "目标", "格局", "布局", "思想", "建设", "攻坚", "专项", "整治", "活动", "工作法", "方针", "路线", "方略", "政治", "课题",
    "主题教育", "学习教育", "教育", "示范", "试点", "计划", "工作", "重要思想", "重要要求", "重要论述", "总体布局", "战略布局",
    "奋斗目标", "方法", "导向", "理论", "倡议", "体系",
)


def _ends(before: str, words: tuple[str, ...]) -> bool:
    """``before`` ends with one of ``words``, ignoring one final newline (as a regex ``$`` does)."""
    return before.endswith(words) or (before[-1:] == "\n" and before[:-1].endswith(words))


def _speech_before(before: str) -> bool:
    """A speech verb, optionally followed by ：or ，, ends ``before`` (modulo one final newline)."""
    for t in (before, before[:-1]) if before[-1:] == "\n" else (before,):
        if t.endswith(_SPEECH_BEFORE) or (t and t[-1] in _SPEECH_PUNCT and t[:-1].endswith(_SPEECH_BEFORE)):
            return True
    return False


_YEAR = re.compile(r"^(?:19|20)\d\d$")
_ALL_NUM = re.compile(rf"^[{_CN_NUM}\d]+$")
_LEADING_NUM = re.compile(rf"^(?:[{_CN_NUM}双]|\d)")

# Numbered formulas. Heads after 个/项/条/种/大/方面: a closed list of formula heads, so
# that ordinary counts (3个项目, 两个小时, 五个方面) never match.
_HEAD_GE = (
    "意识|自信|维护|坚决维护|确立|全面|坚持|必须坚持|必须|明确|务必|大局|百年|一百年|毫不动摇|结合|面向|机关|"
    "到位|注重|以案|服从|有利于|区分开来|着力|著力|转变|没有变|伟大|统一|离不开|认同|至上|"
    "积极性|市场|要害|重大问题|先锋队|凡是|现代化|不摘|精准|一批|最严|规律|聚焦|答案|必由之路|"
    "基本点|走在前列|牢记|需要|不动摇|过硬"
)
_HEAD_DA = (
    r"[\u4e00-\u9fff]{0,6}?(?:攻坚战|战役|难题|产业|平台|高地|中心|工程|行动|任务|举措|理念|改革|目标|优势|计划|"
    r"板块|集群|机制|体系|战略|基地|经济区|城市群|格局|问题|创新|扩需求|风险|建设|发展理念|布局|倡议|专项行动|领域|赛道)"
)
_HEAD_XIANG = (
    r"(?:专项整治任务|专项整治|重点措施|重点任务|具体措施|主要任务|重点工作|基本原则|规定|原则|措施|任务|举措|"
    r"要求|禁令|制度|机制|准则|纪律|整治|行动|改革|工程|清单)"
)
_HEAD_FANGMIAN = r"(?:的专项整治|专项整治|突出问题|的突出问题|成就|重大成就|历史经验|主要任务)"
_NUMBERED = re.compile(
    rf"(?P<num>{_NUM})(?:"
    rf"个(?P<ge>{_HEAD_GE})"
    rf"|大(?P<da>{_HEAD_DA})"
    rf"|[项条](?P<xiang>{_HEAD_XIANG})"
    rf"|种(?P<zhong>形态|资源|精神|能力|本领|风险)"
    rf"|(?:个)?方面(?P<fm>{_HEAD_FANGMIAN})"
    rf"|(?P<zi>字|句话)(?=[”」\"]?(?:总要求|方针|要求|目标|具体目标|工作法|经验))"
    rf"|个[“‘\"](?P<q>[\u4e00-\u9fff]{{1,4}})[”’\"]"
    rf")"
)
# Every _NUMBERED match has a classifier (个 大 项 条 种 方 字 句) right after its 1–4
# numerals: the anchor, 1–4 characters after the match's start. The numerals (一 in 统一,
# 一些, 进一步 …) are far more common than numeral + classifier, so _NUMBERED is searched
# only just before anchors (automata.anchored_finditer).
_NUMBERED_ANCHOR = re.compile(rf"[个大项条种方字句](?<=[{_CN_NUM}\d][个大项条种方字句])")
_NUMBERED_REACH = 4
_NUMBERED_SPAN = 40  # > the longest match after its classifier (~20 characters) plus look-aheads
# What may follow a 个-formula: not another CJK that would make the head part of a longer
# ordinary noun phrase ("两个维护" ok; "三个以上" blocked by the head list itself).
_GE_STOP_AFTER = re.compile(r"^(?:小时|月|年|人|村|点|方面|主体)")

# Parallel set phrases: 3+ items of 2–5 characters separated by 、 (or ，). The match starts
# at the first separator (rare, so the scan is fast); the first item is read back from there.
# The lookahead changes no match (the items it reads are required anyway) but captures the
# first two items after the separator, so the many runs whose first two lengths differ are
# dropped after two span() calls.
_PARALLEL = re.compile(
    r"[、，](?=([\u4e00-\u9fff]{2,5})[、，]([\u4e00-\u9fff]{2,5}))(?:[\u4e00-\u9fff]{2,5}[、，]){1,6}[\u4e00-\u9fff]{2,5}"
)
_NUM_BEFORE = frozenset(_CN_NUM + "0123456789第")
_ALL_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_PAR_AFTER = frozenset("的地得和与及等是为上中")


# A candidate: (start, kind rank, -end, value); sorting gives start order, quotes first.
_Cand = tuple[int, int, int, str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Read-only formulation resources: the lexicon automaton and the ordinary-word list."""

    # readout.extract.automata automaton: written form (quotes stripped) → canonical value
    automaton: Any
    canon: dict[str, str]  # value or alias (simplified, quotes stripped) → canonical value
    common_words: frozenset[str]  # frequent ordinary 2–4 character words (scare quotes)
    meta: dict[str, tuple[str, str, str]]  # value → (first_year, source, category)


# The lexicon's columns; a row must name its value, its public source and its category.
COLUMNS = ("value", "aliases", "first_year", "source", "category")
REQUIRED = ("value", "source", "category")


def _common_words() -> frozenset[str]:
    """Frequent ordinary words (jieba's dictionary, frequency ≥ ``_COMMON_FREQ``, 2–4 characters).

    A quoted ordinary word (要“全面”, “满月”, “救火”) is emphasis, not a 提法.
    """
    try:
        import jieba
    except ImportError:  # optional: without it the rule is simply off
        return frozenset()
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ", 2)
            if len(parts) >= 2 and 2 <= len(parts[0]) <= 4 and int(parts[1]) >= _COMMON_FREQ:
                words.append(parts[0])
    return frozenset(words)


@cache
def load_lexicon() -> Lexicon:
    """Build the lexicon automaton (once per process).

    Every written form (the value and its aliases, quotes stripped) maps to the row's
    ``value``, and that canonical value is what a hit reports, so 两山论 and
    绿水青山就是金山银山 are one formulation to every count, density and lag.
    """
    from readout.clean import simplify

    words: dict[str, str] = {}
    canon: dict[str, str] = {}
    meta: dict[str, tuple[str, str, str]] = {}
    for row in read_table("formulations.tsv", REQUIRED):
        value = _strip(simplify(row["value"]))
        if not value:
            continue
        meta[value] = (row.get("first_year", ""), row["source"], row["category"])
        for key in (value, *(a for a in row.get("aliases", "").split("|") if a.strip())):
            key = _strip(simplify(key))
            canon.setdefault(key, value)
            if len(key) >= 2:
                words.setdefault(key, value)
    return Lexicon(automata.build(words.items()), canon, _common_words(), meta)


_STRIP = re.compile(r"[\s“”‘’「」『』\"']")


def _strip(s: str) -> str:
    return _STRIP.sub("", s)


_NAME = 2  # _quoted_ok's verdict for a name: rejected here and at every other occurrence


def _quoted_ok(s: str, before: str, after: str, lex: Lexicon) -> int:
    """Whether the inner text ``s`` of a quote is a formulation, given 6 chars of context each side.

    Returns 1 (yes), 0 (no) or ``_NAME`` (no: a name, nickname or title).
    """
    core = _WS.sub("", s)
    n = len(core)
    if n < 2 or n > 20:
        return 0
    if _SENTENCE.search(core) or (n == 4 and _YEAR.match(core)) or core.startswith(("《", "“")):
        return 0
    if n == 2 and _ALL_NUM.match(core):  # 七一, 五一, 八七: dates
        return 0
    if _strip(core) in lex.canon:
        return 1
    if _ends(before, _NAME_BEFORE) or after.startswith(_NAME_AFTER) or core.endswith(_NAME_END):
        return _NAME
    if _speech_before(before) or (n == 3 and core[2] == "难"):
        return 0  # a verbatim quotation; a problem label (“停车难”)
    if _COMMA.search(core):
        # Slogans in two halves are built of short pieces (质量之魂，存于匠心; 守初心、担使命，
        # 找差距、抓落实); longer halves are verse or a quoted sentence (黄沙遮天日，飞鸟无栖树).
        return 1 if all(2 <= len(p) <= 4 for p in _PIECES.split(core)) else 0
    if core in lex.common_words:  # an ordinary word in scare quotes, unless named as a policy
        return 1 if after.startswith(_TYPE_AFTER) else 0
    if _LEADING_NUM.match(core) or "+" in core:
        return 1
    if _ends(before, _EMPHASIS_BEFORE):
        return 0
    if n == 2:
        # Two-character quotes are mostly emphasis or nicknames (“跑偏”, “猪倌”); keep them when
        # used as a noun label (实实在在的“干货”) or named as a policy (“X”工程).
        return 1 if before.endswith("的") or after.startswith(_TYPE_AFTER) else 0
    return 1


def _quoted(norm: str, lex: Lexicon) -> list[_Cand]:
    out: list[_Cand] = []
    names: set[str] = set()
    # Cheap substring tests pick the regex passes that can match at all.
    mask = ("“" in norm) | ("「" in norm) << 1 | ('"' in norm) << 2
    rxs = [_DQ_BY_MARKS[mask]] if mask else []
    if "‘" in norm or "『" in norm:
        rxs.append(_SQ)
    for rx in rxs:
        for m in rx.finditer(norm):
            g = m.lastindex or 1
            s, e = m.span(g)
            inner = norm[s:e]
            verdict = _quoted_ok(inner, norm[max(0, s - 7) : s - 1], norm[e + 1 : e + 7], lex)
            if verdict == 1:
                out.append((s, 0, -e, _strip(inner)))
            elif verdict == _NAME:
                names.add(_strip(inner))
    if names:  # 国家速滑馆又称“冰丝带” … “冰丝带”设计: once a name, always a name
        out = [c for c in out if c[3] not in names]
    return out


def _runs(norm: str) -> list[_Cand]:
    """Rescue short quoted terms rejected alone that stand in a run of 3+ parallel quotes.

    “病灶”、“病因”、“病根” / “责任图”“路线图”“流程图”: adjacent quotes sharing a character
    at the same position form a named set.
    """
    out: list[_Cand] = []
    if "“" not in norm:
        return out
    for m in _QRUN.finditer(norm):
        items = [(q.start(1), q.end(1)) for q in _QONE.finditer(m.group(0))]
        base = m.start()
        words = [norm[base + a : base + b] for a, b in items]
        if len(words) < 3 or len({len(w) for w in words}) != 1:
            continue
        L = len(words[0])
        if not any(len({w[i] for w in words}) == 1 for i in range(L)):
            continue
        for (a, b), w in zip(items, words):
            out.append((base + a, 0, -(base + b), w))
    return out


_QONE = re.compile(r"“([\u4e00-\u9fff]{2,5})”")
_QRUN = re.compile(r"“[\u4e00-\u9fff]{2,5}”(?:[、，,和与]?[\u4e00-\u9fff]{0,3}“[\u4e00-\u9fff]{2,5}”){2,}")


def _numbered(norm: str) -> list[_Cand]:
    out: list[_Cand] = []
    for m in automata.anchored_finditer(_NUMBERED, _NUMBERED_ANCHOR, norm, _NUMBERED_REACH, _NUMBERED_SPAN):
        s, e = m.span()
        if s and norm[s - 1] in _NUM_BEFORE:
            continue  # 第二个…, 十二个… seen from the middle, 2个 inside 12个
        if m.group("ge") is not None and _GE_STOP_AFTER.match(norm[e : e + 2]):
            continue
        if m.group("num") == "一" and m.group("xiang") is None:
            continue  # 一个伟大…, 统一大市场: a single item is not a numbered formula
        if m.group("da") is not None and norm[max(0, s - 2) : s].endswith("的") and m.group("num") in (
            "十七", "十八", "十九", "二十",
        ):
            continue  # 党的二十大…: a congress, not a formula
        text = norm[s:e]
        out.append((s, 1, -e, _strip(text)))
    return out


def _parallel(norm: str) -> list[_Cand]:
    out: list[_Cand] = []
    n = len(norm)
    for m in _PARALLEL.finditer(norm):
        a, b = m.span(1)
        c, d = m.span(2)
        L = b - a
        if d - c != L:
            continue  # fewer than two items of the same length after the first separator
        parts = m[0][1:].replace("，", "、").split("、")
        k = 2  # the longest run of items of the same length after the first separator
        while k < len(parts) and len(parts[k]) == L:
            k += 1
        st = m.start()
        s = st - L
        e = st + k * (L + 1)
        # The last item must end where the phrase ends (办出特色、办出精彩、办出独一无二 is not
        # cut at 独一); the first item is read back from the first separator.
        if s < 0 or (e < n and "\u4e00" <= norm[e] <= "\u9fff" and norm[e] not in _PAR_AFTER):
            continue
        first = norm[s:st]
        if not _ALL_CJK.match(first):
            continue
        if not any(len(set(col)) == 1 for col in zip(first, *parts[:k])):
            continue
        out.append((s, 2, -e, norm[s:e]))
    return out


def _lexicon(norm: str, lex: Lexicon) -> list[_Cand]:
    """Leftmost-longest lexicon hits (over UTF-8 bytes: see ``automata``)."""
    return [(s, 3, -e, value) for s, e, value in automata.find_long(lex.automaton, norm)]


_KINDS = ("quoted", "numbered", "parallel", "lexicon")


def find_formulations(text: str, norm: str, lex: Lexicon) -> list[Formulation]:
    """All formulations in one document, sorted by start; spans index ``text``.

    A quoted formula is reported once, as ``quoted``; numbered, parallel and lexicon hits
    inside an accepted quote, or repeating a hit with the same span and value, are dropped.
    A written form the lexicon lists, of any kind, reports its row's canonical ``value``.
    """
    cands = _quoted(norm, lex) + _runs(norm) + _numbered(norm) + _parallel(norm) + _lexicon(norm, lex)
    cands.sort()  # by start, then kind rank, then longest first
    out: list[Formulation] = []
    seen: set[tuple[int, int, str]] = set()
    cover_start = cover_end = -1  # the latest accepted quote
    for start, rank, neg_end, written in cands:
        end = -neg_end
        value = lex.canon.get(written, written)  # an alias reports its row's value
        key = (start, end, value)
        if key in seen:
            continue
        if rank and cover_start <= start and end <= cover_end:
            continue
        seen.add(key)
        if rank == 0:
            cover_start, cover_end = start, end
        out.append(Formulation(start, end, text[start:end], value, _KINDS[rank]))
    return out
