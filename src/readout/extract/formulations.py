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
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from readout.extract import automata
from readout.model import Formulation
from readout.resources import read_table

log = logging.getLogger(__name__)

_CN_NUM = "一二两三四五六七八九十百千万〇零"
# 1–4 numerals, spelled as one numeral then 0–3 more: a pattern that opens with a plain
# charset lets the regex engine skip ahead in C to the next numeral (a leading repeat does
# not), and the lookahead drops the many numerals (一 in 统一, 一些) not followed, within
# three more numerals, by a character that can open a head (个 大 项 条 种 方 字).
_NUM = rf"[{_CN_NUM}\d](?=[{_CN_NUM}\d]{{0,3}}[个大项条种方字])[{_CN_NUM}\d]{{0,3}}"

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
_RARE_FREQ = 5  # and from which a 3–4 character one does unless the archive quotes it often
# Archive days from which a quoted rarer dictionary word is an established label (卡脖子, 硬骨头).
_ESTABLISHED_DAYS = 40
_WS = re.compile(r"\s+")
# Context rules are word lists tested with str.startswith/endswith (a tuple argument is one
# C call; far cheaper than a regex search anchored with $ per quote).
# Speech verbs right before the quote mark (optionally + ：，): a verbatim quotation follows.
_SPEECH_BEFORE = (
    "说", "道", "讲", "曰", "云", "称", "问", "喊", "呼", "表示", "指出", "强调", "写道", "说的", "讲的", "所说",
    "常说",
)
_SPEECH_PUNCT = frozenset("：:，,")
# Names of things, people and places (a general rule: a quote in apposition to a name word).
# Before: 被称为“X”, 外号“X”, 素有“X”之称, 授予“X”称号, 研发的系统“X”, 卫星“X”.
_NAME_BEFORE = (
    "称为", "称作", "又称", "人称", "号称", "俗称", "外号", "绰号", "誉为", "叫做", "名为", "取名", "命名为", "叫",
    "简称",
    "又名", "素有", "美誉", "授予", "荣获", "获得", "获评", "评为", "荣膺", "颁发", "颁授", "品牌", "商标", "节目",
    "栏目",
    "纪录片", "专题片", "电影", "电视剧", "歌曲", "图书", "丛书", "系统", "平台", "软件", "卫星", "飞船", "火箭",
    "探测器", "机器人", "芯片", "大模型", "舰", "吉祥物", "雕塑", "展陈", "展览", "参观", "播出", "台风", "飓风",
    "气旋", "热带风暴",
    # A party, alliance or armed group abroad: 执政党“X”, 反对党“X”, 联盟“X”, 武装“X” (the archive
    # writes foreign parties and militias this way); a product: 研制的“X”.
    "政党", "反对党", "联盟", "武装", "研制的",
    # A programme or site of a broadcaster (中央电视台“X”, 网站“X”); words on a banner or sign, a
    # video's title (横幅“沉痛悼念…”, 标题为“X”).
    "电视台", "电台", "网站", "频道", "横幅", "标语", "标题为",
)
# After: “海斗”号, “八一起义”纪念馆, “祝福祖国”巨型花篮, “时代楷模”称号, “塞上江南”之称, “X”奖.
_NAME_AFTER = (
    "号", "字样", "横幅", "纪念馆", "展览", "展馆", "展陈", "展区", "单元", "板块", "方阵", "方队", "花篮", "巨型",
    "大型", "称号", "荣誉称号", "之称", "美称", "美誉", "的美誉", "的称号", "奖", "杯", "勋章", "奖章", "品牌",
    "党课品牌", "商标", "课题", "栏目", "节目", "纪录片", "专题片", "专栏", "牌", "型", "号召", "舰", "卫星",
    "公司", "集团", "雕塑", "剧", "系统", "无人机", "导弹", "战机", "战斗机", "坦克",
    # A programme, an honour, a train, an exercise: “X”特别节目, “X”国家荣誉称号, “X”班列, “X”军演.
    "特别节目", "特别报道", "国家荣誉称号", "班列", "列车", "专列", "演习", "军演", "联演",
    # An app; a part of a show or exhibition (“X”“Y”等篇章), a forum's session.
    "App", "APP", "客户端", "小程序", "公众号", "篇章", "重点篇章", "分论坛",
    # A website, an account, a channel, a ship, a person (“信用中国”网站, “X”电视频道, “海巡156”轮,
    # “杰米拉”书记).
    "网站", "微信", "政务微信", "微博", "电视频道", "频道", "版块", "轮", "书记",
)
# Words that end in a name ending but are none (发展 is no 展 exhibition, 党员 no nickname).
_NOT_NAME_END = (
    "发展", "进展", "拓展", "开展", "扩展", "施展", "党员", "成员", "委员", "人员", "动员", "经营", "运营", "相连",
    "日新月异",
    "机会", "社会", "体会", "领会", "融会", "学会", "不会", "一课", "专门", "部门", "入门", "大门", "国门", "开门",
    "出门",
    "强者", "弱者", "两者", "或者", "再者", "每日", "一日", "今日", "明日", "向日", "抗日", "旭日", "落日", "乡村",
)
# A code name or a dated event: 跨越-2014, 东方红-3 (an exercise, a mission, a model), 3·11,
# 7·5事件; an event's edition or a joint event (第三届…展演季, X展暨Y季);
# a model or vessel numbered after its name (创新5, 天宫2, 海巡156; 中国制造2025 names a year); a birth
# cohort (90后, 00后); a name in Latin letters (a brand, a user name: Kitty1234).
_CODE_NAME = re.compile(
    r"[-－]\d|^\d{1,2}[·．.]\d{1,2}(?!\d)|(?![个项条种])[\u4e00-\u9fff]\d{1,3}$|^\d\d后$|^[A-Za-z]+\d*$"
    rf"|第[{_CN_NUM}\d]+届|暨"
)
# 系列 before a thing: “X”系列口袋书 is a title (but “清朗”系列专项行动 is a campaign).
_SERIES_OF_THINGS = (
    "丛书", "图书", "口袋书", "读本", "报道", "节目", "片", "纪录片", "专题片", "短视频", "微视频", "产品", "邮票",
    "纪念币", "讲座", "评论", "文章", "雕塑",
)
# An event or a show named by its quote: “X”中外记者见面会, “X”视频交流会, “X”文艺晚会, “X”颁奖典礼.
_EVENT_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,3}?(?:记者见面|见面会|发布会|交流会|晚会|音乐会|演唱会|招待会|推介会|颁奖|文艺演出)")
# A list of names ends with 等 or a count: “世纪逐梦”、“巍然王都”等展陈, “旗帜引领”…4个单元, …四大版块.
_LIST_TAIL = re.compile(rf"^(?:等|[{_CN_NUM}\d]+[个大])")
# Quotes whose inner text is an event, exhibition, venue, index, award or institution name,
# or a nickname for people (“银发讲解员”, “红嫂”).
_NAME_END = (
    "大会", "会议", "研讨会", "座谈会", "论坛", "成果展", "展览", "展", "节", "馆", "研讨班", "讲堂", "大集", "号",
    "街市",
    "门市", "纪念日", "日", "指数", "奖", "奖章", "杯", "大赛", "比赛", "联赛", "锦标赛", "公司", "集团", "组织",
    "平台",
    "之家", "工作室", "讲坛", "酒店", "剧场", "舰", "连", "营", "团", "部队", "基地", "联盟", "会", "基金", "档案",
    "系统",
    "站", "驿站", "公园", "名城", "目的地", "桥", "村", "门", "课", "员", "者", "哥", "姐", "嫂", "妈妈", "爸爸",
    "奶奶",
    "爷爷", "大叔", "大妈", "阿姨", "管家", "总理",
    # Places, buildings, papers, shows, honours, craft and products, cooperatives, fronts abroad:
    # “老战士纪念广场”, “X国家工程实验室”, “浙江日报”, “梦想公益盛典”, “共和国勋章”, “梦想客机”,
    # “天舟货运飞船”, “X芯片”, “农民专业合作社联合社”, “提格雷人民解放阵线”, “园林书房”.
    "广场", "纪念碑", "实验室", "日报", "晚报", "服务台", "机器人", "晚会", "盛典", "勋章", "客机", "飞机",
    "飞船", "芯片", "合作社", "联合社", "阵线", "书房", "战车",
    # A person's honour or nickname, a team: “全国道德模范”, “诚信之星”, “核司令”, “两弹元勋”,
    # “奥运旗手”, “突击队长”, “本禹志愿服务队”, “英雄地质队”.
    "模范", "楷模", "标兵", "之星", "司令", "元勋", "旗手", "骄子", "队长", "服务队", "突击队", "地质队",
    # A criminal case: “白银系列强奸杀人案”, “中国刑侦一号案”, “五卅惨案”.
    "杀人案", "抢劫案", "强奸案", "恐怖案", "袭击案", "爆炸案", "枪击案", "绑架案", "诈骗案", "贪腐案", "受贿案",
    "惨案", "一号案",
    # A military command (“X警备区”), a group (领导小组, 之友小组), an honoured collective (“X文物保护利用群体”).
    "警备区", "军区", "小组", "群体",
)
# Someone else's term held at a distance: 所谓“地面军事演习”.
_DISTANCE_BEFORE = ("所谓", "所谓的", "什么")
# Emphasis: 要“全面”, 很“X”.
_EMPHASIS_BEFORE = ("要", "很", "更", "最", "太", "较", "越", "非常", "十分", "比较", "特别")
# Heads that make a short quoted term a named policy: “放管服”改革, “非农化”问题 is not.
_TYPE_AFTER = (
    "工程", "战略", "行动", "机制", "改革", "原则", "要求", "总要求", "理念", "精神", "经验", "模式", "制度", "政策",
    "效应",
    "目标", "格局", "布局", "思想", "建设", "攻坚", "专项", "整治", "活动", "工作法", "方针", "路线", "方略", "政治",
    "课题",
    "主题教育", "学习教育", "教育", "示范", "试点", "计划", "工作", "重要思想", "重要要求", "重要论述", "总体布局",
    "战略布局",
    "奋斗目标", "方法", "导向", "理论", "倡议", "体系", "服务", "监督", "治理", "管理", "协同", "联动",
)

# A quoted remark, not a formulation: a greeting (大家过年好, 总书记辛苦了), a sentence-final
# particle, a second-person or colloquial word (跟城里没啥两样), a predicate cut from a
# sentence (…的行为“是卑鄙的种族主义”). Formulations are impersonal set phrases; 我 alone is
# allowed (我为群众办实事, 强国有我).
_REMARK = re.compile(
    r"^(?:是|非常|十分|极其|极为|相当|特别|严重|强烈|富有|一切)|(?:你|您|咱|俺|啥|咋|甭|我们|我家|我的|谢谢|与我无关)"
    r"|(?:(?:过年|新年|节日|大家|你们|同志们|总书记|老师|乡亲们)好|[了吗呢吧啊呀啦哇嘛哦喽哟的])$"
)
# A count with a unit (302项制度, 39个市场, 5000多名党员): formulas number a handful of items.
_COUNT = re.compile(r"^(\d+)(?:\.\d+)?多?[个项家所座条名位件批款类套台辆处次万亿]")
_MAX_ITEMS = 20
# A document title in quotes (山东出台“建设绿色低碳高质量发展先行区三年行动计划”).
_TITLE_END = (
    "计划", "方案", "意见", "规划", "办法", "条例", "规定", "决定", "通知", "纲要", "白皮书", "报告", "实施细则",
    "协议",
    "合同", "条约", "公约", "声明", "准则",
)
_TITLE_MIN = 5  # (a four-character 八项规定, 国培计划, 两国方案 is a formula, not a title)


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
# 百, 千, 万 open a formula when they count something (千万工程, 万人助万企, 千名医师下基层, 百城千屏)
# and an idiom or a figure of speech otherwise (千头万绪, 千里眼, 万马奔腾, 千年第一…).
_BIG_COUNT = rf"|[百千万](?=[{_CN_NUM}名人个家村企户城校场项日])"
_LEADING_NUM = re.compile(rf"^(?:[{_CN_NUM.replace('百千万', '')}双]|\d{_BIG_COUNT})")

# Numbered formulas. Heads after 个/项/条/种/大/方面: a closed list of formula heads, so
# that ordinary counts (3个项目, 两个小时, 五个方面) never match. Every head is attested in
# numbered formulas (two items or more) of the public 新闻联播 archive (四个意识, 三个区分开来,
# 四项基本原则, 五方面重点任务 …), see data/SOURCES.md; a 个-formula is written in Chinese
# numerals (4个市场 counts markets).
_HEAD_GE = (
    "意识|自信|维护|确立|全面|坚持|必须坚持|必须|明确|务必|大局|百年|一百年|毫不动摇|结合|面向|机关|"
    "到位|注重|服从|有利于|区分开来|着力|著力|转变|没有变|伟大|统一|离不开|认同|至上|"
    "积极性|市场|要害|现代化|不摘|精准|一批|最严|聚焦|必由之路|基本点|牢记|不动摇|过硬"
)
_HEAD_DA = (
    r"[\u4e00-\u9fff]{0,6}?(?:攻坚战|战役|难题|产业|平台|高地|中心|工程|行动|任务|举措|理念|改革|目标|优势|计划|"
    r"板块|集群|机制|体系|战略|基地|经济区|城市群|格局|问题|创新|风险|建设|发展理念|布局|倡议|专项行动|领域)"
)
_HEAD_XIANG = (
    r"(?:专项整治任务|专项整治|重点措施|重点任务|具体措施|主要任务|重点工作|基本原则|规定|原则|措施|任务|举措|"
    r"要求|禁令|制度|机制|纪律|整治|行动|改革|工程)"
)
# 方面 lists take the same heads (五方面重点任务, 六个方面的主要任务) and a few of their own.
_HEAD_FANGMIAN = rf"(?:的)?(?:{_HEAD_XIANG}|突出问题|成就|历史经验)"
_NUMBERED = re.compile(
    rf"(?P<num>{_NUM})(?:"
    rf"个(?P<ge>{_HEAD_GE})"
    rf"|大(?P<da>{_HEAD_DA})"
    rf"|[项条](?P<xiang>{_HEAD_XIANG})"
    rf"|种(?P<zhong>形态|资源|精神|能力)"
    rf"|(?:个)?方面(?P<fm>{_HEAD_FANGMIAN})"
    rf"|(?P<zi>字)(?=[”」\"]?(?:总要求|方针|要求|目标|具体目标|工作法|经验))"
    rf"|个[“‘\"](?P<q>[\u4e00-\u9fff]{{1,4}})[”’\"]"
    rf")"
)
# Every _NUMBERED match has a classifier (个 大 项 条 种 方 字) right after its 1–4
# numerals: the anchor, 1–4 characters after the match's start. The numerals (一 in 统一,
# 一些, 进一步 …) are far more common than numeral + classifier, so _NUMBERED is searched
# only just before anchors (automata.anchored_finditer).
_NUMBERED_ANCHOR = re.compile(rf"[个大项条种方字](?<=[{_CN_NUM}\d][个大项条种方字])")
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
    rare_words: frozenset[str]  # less frequent 3–4 character dictionary words (千里眼, 快车道)
    phrases: dict[str, tuple[int, int, int]]  # quoted phrase → (days, years, days as a name) in the archive
    meta: dict[str, tuple[str, str, str]]  # value → (first_year, source, category)
    foreign: re.Pattern[str]  # a foreign country's short name (countries.tsv)


# The lexicon's columns; a row must name its value, its public source and its category.
COLUMNS = ("value", "aliases", "first_year", "source", "category", "attested")
REQUIRED = ("value", "source", "category")


def _dictionary_words() -> tuple[frozenset[str], frozenset[str]]:
    """Ordinary words of jieba's dictionary: frequent ones (≥ ``_COMMON_FREQ``, 2–4 characters)
    and rarer ones (≥ ``_RARE_FREQ``, 3–4 characters).

    A quoted ordinary word (要“全面”, “满月”, “救火”) is emphasis, and a rarer dictionary word
    (“千里眼”, “快车道”, “准生证”) a figure of speech, not a 提法.
    """
    try:
        import jieba
    except ImportError:  # optional: without it the rule is simply off
        return frozenset(), frozenset()
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    common, rare = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ", 2)
            if len(parts) < 2 or not 2 <= len(parts[0]) <= 4:
                continue
            freq = int(parts[1])
            if freq >= _COMMON_FREQ:
                common.append(parts[0])
            elif freq >= _RARE_FREQ and len(parts[0]) >= 3:
                rare.append(parts[0])
    return frozenset(common), frozenset(rare)


def _phrases() -> dict[str, tuple[int, int, int]]:
    """The archive counts of quoted phrases (``data/quoted_phrases.tsv``, see build_phrases.py)."""
    rows = read_table("quoted_phrases.tsv", ("phrase", "days", "years", "named"))
    return {r["phrase"]: (int(r["days"]), int(r["years"]), int(r["named"])) for r in rows}


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
    countries = sorted((r["short"] for r in read_table("countries.tsv", ("iso", "short"), header=False)), key=len)
    foreign = re.compile("|".join(map(re.escape, reversed(countries))))
    common, rare = _dictionary_words()
    return Lexicon(automata.build(words.items()), canon, common, rare, _phrases(), meta, foreign)


_STRIP = re.compile(r"[\s“”‘’「」『』\"']")


def _strip(s: str) -> str:
    return _STRIP.sub("", s)


# _quoted_ok's verdicts besides 1 (a formulation) and 0 (not one): a name, rejected here and
# at every other occurrence; a word rejected only as ordinary, emphasised or short, which is
# taken when a quote it is listed with is taken (“集体免疫”“躺平”).
_NAME = 2
_WEAK = 3
# A phrase quoted as a name on at least 1/3 of its archive days, and on two or more, is a name.
_NAME_SHARE = 3
_NAME_MIN = 2
_CONTEXT = 6  # characters of context read on each side of a quote
_RUN_GAP = frozenset(["", "、", "，", ",", "和", "与", "及"])
# A figurative label for a policy point: 抓住…这个“牛鼻子”, 啃下这块“硬骨头”.
# (他这个“猪倌”, with a pronoun, names a person.)
_DEMONSTRATIVE = ("这个", "这块", "这根", "这条", "这把", "这道", "这张")
_PRONOUN = frozenset("他她我你它")
# A formula numbered from two up (三农, 四风, 六稳, 十四五); 一 starts ordinary words (一把手, 一刀切),
# and a fraction (四分之三个镇子) counts.
_NUMBERED_WORD = re.compile(rf"^(?:[{_CN_NUM.replace('一', '').replace('百千万', '')}双](?!分之)|\d{_BIG_COUNT})")


class _Quote(NamedTuple):
    start: int  # of the inner text
    end: int
    before: str  # _CONTEXT characters before the opening mark
    after: str  # _CONTEXT characters after the closing mark
    run_before: str  # the context of the run of adjacent quotes it stands in (itself alone: the same)
    run_after: str
    run: int  # which run (numbered in text order)


def _quotes(norm: str) -> list[_Quote]:
    """Every quote in ``norm`` with its context, and the context of its run of adjacent quotes.

    In “世纪逐梦”、“巍然王都”、“天地人神”等展陈 every quote reads the run's 参观 … 等展陈.
    """
    # Cheap substring tests pick the regex passes that can match at all.
    mask = ("“" in norm) | ("「" in norm) << 1 | ('"' in norm) << 2
    rxs = [_DQ_BY_MARKS[mask]] if mask else []
    if "‘" in norm or "『" in norm:
        rxs.append(_SQ)
    out: list[_Quote] = []
    runs: list[int] = []
    for rx in rxs:
        spans = [m.span(m.lastindex or 1) for m in rx.finditer(norm)]
        i = 0
        while i < len(spans):
            j = i  # the run spans[i..j]: quotes separated by nothing or one joining character
            while j + 1 < len(spans) and norm[spans[j][1] + 1 : spans[j + 1][0] - 1] in _RUN_GAP:
                j += 1
            run_before = norm[max(0, spans[i][0] - 1 - _CONTEXT) : spans[i][0] - 1]
            run_after = norm[spans[j][1] + 1 : spans[j][1] + 1 + _CONTEXT]
            for s, e in spans[i : j + 1]:
                before = norm[max(0, s - 1 - _CONTEXT) : s - 1]
                out.append(_Quote(s, e, before, norm[e + 1 : e + 1 + _CONTEXT], run_before, run_after, len(runs)))
            runs.append(i)
            i = j + 1
    return out


def name_context(core: str, before: str, after: str) -> bool:
    """A quote reads as a name: a name word right before or after it, or a name ending.

    被称为“X”, “X”称号, “X”号, “X”等展陈, “X”纪念馆; “银发讲解员”, “X”指数.
    """
    if _ends(before, _NAME_BEFORE) or after.startswith(_NAME_AFTER):
        return True
    if after.startswith("系列") and after[2:].startswith(_SERIES_OF_THINGS):
        return True
    if _EVENT_AFTER.match(after) or "年度" in core:
        return True  # an event or show; a yearly title or list (“CCTV年度慈善人物”, “大国工匠年度人物”)
    if (core.endswith(_NAME_END) and not core.endswith(_NOT_NAME_END)) or _CODE_NAME.search(core):
        return True
    m = _LIST_TAIL.match(after)
    return m is not None and after[m.end() :].startswith(_NAME_AFTER)


def _shape_ok(core: str) -> bool:
    """2–20 characters, no sentence punctuation, not a year or a date (七一), not a title."""
    n = len(core)
    if n < 2 or n > 20 or _SENTENCE.search(core) or core.startswith(("《", "“")):
        return False
    return not ((n == 4 and _YEAR.match(core)) or (n == 2 and _ALL_NUM.match(core)))


def quoted_spans(norm: str) -> list[tuple[str, bool]]:
    """(phrase, read as a name) for every quote of a formulation's shape: what the archive counts."""
    out = []
    for q in _quotes(norm):
        core = _WS.sub("", norm[q.start : q.end])
        if _shape_ok(core):
            named = name_context(core, q.before, q.after) or (
                (q.run_before, q.run_after) != (q.before, q.after) and name_context(core, q.run_before, q.run_after)
            )
            out.append((_strip(core), named))
    return out


# Foreign news: a sentence that names a foreign country and nothing Chinese (中国, 我国, 中方, 中美 …)
# quotes the names and words of others (利比亚“民族团结政府”, 法国“黄马甲”, “摩萨德”), not 提法.
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_SENTENCE_REACH = 120  # characters read on each side of a quote for its sentence
_CHINESE = re.compile(r"中国|我国|中方|中共|中央|国务院|全国|习近平|我们")


def _sentence(norm: str, start: int, end: int) -> str:
    """The sentence around ``norm[start:end]``, read at most ``_SENTENCE_REACH`` characters each way."""
    left = norm[max(0, start - _SENTENCE_REACH) : start]
    right = norm[end : end + _SENTENCE_REACH]
    cut = max((m.end() for m in _SENTENCE_END.finditer(left)), default=0)
    m = _SENTENCE_END.search(right)
    return left[cut:] + norm[start:end] + (right[: m.start()] if m else right)


# Bodies abroad that, like a foreign country, make a story with nothing Chinese in it foreign news.
_ABROAD = re.compile(r"联合国|欧盟|欧洲|北约|非盟|世卫组织|国际足联")


# A headline inside a story: a short line with no sentence end. A bulletin (国际联播快讯) runs
# several items, each a headline and its paragraphs.
_HEADLINE = re.compile(r"^[^\n。！？!?]{1,40}$", re.MULTILINE)


_FULL_STOP = re.compile(r"[。！？!?]")


def _abroad(text: str, lex: Lexicon, lede: bool = False) -> bool:
    """``text`` is news from abroad: it names a foreign country or body (with ``lede``: in its
    headline and first sentence) and nothing Chinese."""
    if _CHINESE.search(text):
        return False
    if lede and (m := _FULL_STOP.search(text)):
        text = text[: m.end()]
    return lex.foreign.search(text) is not None or _ABROAD.search(text) is not None


def _abroad_items(norm: str, lex: Lexicon) -> list[tuple[int, bool]]:
    """(start, news from abroad) of the story's items, in order: each headline with its
    paragraphs (a title, a byline and a headline with no paragraph of their own join the next).

    A foreign item's quotes are others' names and words (a party, a report's phrase, a
    witness's remark) even in sentences that do not name the country. In a bulletin an item
    of a few sentences says little by naming nothing Chinese, so there its lede must name
    the country (a domestic item on films released in 新加坡 later is no foreign news).
    """
    starts = [0]
    pos = 0  # no full stop between the last item's start and pos: each character is read once
    for m in _HEADLINE.finditer(norm):
        if m.start() and _FULL_STOP.search(norm, pos, m.start()):
            starts.append(m.start())
        pos = m.end()
    if len(starts) == 1:
        return [(0, _abroad(norm, lex))]
    ends = starts[1:] + [len(norm)]
    return [(a, _abroad(norm[a:b], lex, lede=True)) for a, b in zip(starts, ends)]


def _foreign_news(sentence: str, lex: Lexicon) -> bool:
    """The sentence names a foreign country and nothing Chinese (中美, 中印尼 are China's relations)."""
    if _CHINESE.search(sentence):
        return False
    hits = [m.start() for m in lex.foreign.finditer(sentence)]
    return bool(hits) and all(sentence[i - 1 : i] != "中" for i in hits)


# What a formula is made of, at home or abroad: a numbered rule (无核三原则, 武器出口三原则, 三不),
# not a fraction (四分之三个镇子); or three or more parallel pieces (不拥有、不制造、不运进核武器).
_FORMULA_NUM = re.compile(r"(?<!之)[二三四五六七八九十两双](?:[个项条大种点]|原则|不|无)")


def _formula_made(core: str) -> bool:
    """``core`` is built like a formula: numbered from two up, or of 3+ parallel pieces joined by 、."""
    if _NUMBERED_WORD.match(core) or _FORMULA_NUM.search(core):
        return True
    pieces = core.split("、")
    return len(pieces) >= 3 and any(len({p[i : i + 1] for p in pieces}) == 1 for i in range(min(map(len, pieces))))


def _is_count(core: str) -> bool:
    """302项制度, 39个市场: a number above _MAX_ITEMS with a unit counts things."""
    m = _COUNT.match(core)
    return m is not None and int(m.group(1)) > _MAX_ITEMS


# A consultation's topic (围绕“X”建言献策, “X”协商议政: the CPPCC's meetings): a title, not a 提法.
_TOPIC_AFTER = ("建言", "协商", "进行协商", "开展协商", "作大会发言")


# A theme: 以“X”为主题, 主题为“X”, “X”主题活动 (not a theme park, song or stamp, which are names).
_THEME_AFTER = re.compile(r"^(?:为主题|的主题|主题(?!公园|曲|歌|馆|餐厅|邮票|酒店))")
_THEME_BEFORE = ("主题为", "主题是", "主题：", "主题:")


def _foreign(core: str, q: _Quote, lex: Lexicon, norm: str, abroad: bool) -> bool:
    """A quote in foreign news (its story, bulletin item or sentence) not built like a formula."""
    return not _formula_made(core) and (abroad or _foreign_news(_sentence(norm, q.start, q.end), lex))


def _theme(before: str, after: str) -> bool:
    """The quote is a theme (以“X”为主题, 主题为“X”, “X”主题教育)."""
    return _THEME_AFTER.match(after) is not None or _ends(before, _THEME_BEFORE)


def _quoted_ok(core: str, q: _Quote, lex: Lexicon, norm: str, abroad: bool = False) -> int:
    """Whether the inner text ``core`` (white space removed) of quote ``q`` is a formulation.

    Returns 1 (yes), 0 (no), ``_NAME`` (no: a name, nickname or title) or ``_WEAK`` (no,
    unless listed with a formulation). The archive counts (``lex.phrases``) add what one
    sentence cannot show: a phrase quoted as a name on most of its days is a name.
    """
    if not _shape_ok(core):
        return 0
    key = _strip(core)
    if key in lex.canon:
        return 1
    if _theme(q.before, q.after) and "——" not in core and not _foreign(core, q, lex, norm, abroad):
        return 1  # an occasion's theme or a theme campaign at home: a slogan (“争做新时代好队员”主题队日)
    in_run = q.run_before != q.before or q.run_after != q.after
    if name_context(core, q.before, q.after) or (
        in_run and name_context(core, q.run_before, q.run_after) and not _NUMBERED_WORD.match(core)
    ):
        return _NAME  # (a numbered formula stays one in a list of names: “四件大事”…4个单元)
    days, _, named = lex.phrases.get(key, (0, 0, 0))
    if named >= _NAME_MIN and named * _NAME_SHARE >= days:
        return _NAME  # quoted as a name across the archive (时代楷模 称号, 塞上江南 之称)
    n = len(core)
    if _speech_before(q.before) or _ends(q.before, _DISTANCE_BEFORE):
        return 0  # a verbatim quotation; a so-called term
    if (n == 3 and core[2] == "难") or _REMARK.search(core) or _is_count(core):
        return 0  # a problem label (“停车难”), a remark, a count
    if (n >= _TITLE_MIN and core.endswith(_TITLE_END)) or "——" in core:
        return 0  # a document's title, a title with its subtitle
    if q.after.startswith(_TOPIC_AFTER):
        return 0  # a consultation topic
    if _foreign(core, q, lex, norm, abroad):
        return 0  # a name or word quoted in foreign news (a numbered formula stays: “两国方案”)
    if _COMMA.search(core):
        # Slogans in two halves are built of short pieces (质量之魂，存于匠心; 守初心、担使命，
        # 找差距、抓落实); longer halves are verse or a quoted sentence (黄沙遮天日，飞鸟无栖树).
        return 1 if all(2 <= len(p) <= 4 for p in _PIECES.split(core)) else 0
    if _NUMBERED_WORD.match(core) or "+" in core:
        return 1
    labelled = q.after.startswith(_TYPE_AFTER) or (
        _ends(q.before, _DEMONSTRATIVE) and q.before.rstrip("\n")[-3:-2] not in _PRONOUN
    )
    ordinary = core in lex.common_words or (core in lex.rare_words and days < _ESTABLISHED_DAYS)
    if ordinary or (n <= 4 and core.endswith("性")):
        return 1 if labelled else _WEAK  # an ordinary word in scare quotes (要“全面”, “首创性”)
    if _LEADING_NUM.match(core):
        return 1
    if _ends(q.before, _EMPHASIS_BEFORE):
        return _WEAK
    if n == 2:
        # Two-character quotes are mostly emphasis or nicknames (“跑偏”, “猪倌”); keep them when
        # used as a noun label (实实在在的“干货”) or named as a policy (“X”工程).
        return 1 if labelled or q.before.endswith("的") else _WEAK
    return 1


def _quoted(norm: str, lex: Lexicon) -> list[_Cand]:
    out: list[_Cand] = []
    names: set[str] = set()
    weak: list[tuple[_Quote, str]] = []
    taken_runs: set[int] = set()
    quotes = _quotes(norm)
    items = _abroad_items(norm, lex) if quotes else []
    item_starts = [a for a, _ in items]
    for q in quotes:
        core = _WS.sub("", norm[q.start : q.end])
        abroad = items[bisect_right(item_starts, q.start) - 1][1]
        verdict = _quoted_ok(core, q, lex, norm, abroad)
        if verdict == 1:
            out.append((q.start, 0, -q.end, _strip(core)))
            taken_runs.add(q.run)
        elif verdict == _NAME:
            names.add(_strip(core))
        elif verdict == _WEAK:
            weak.append((q, _strip(core)))
    for q, value in weak:  # listed with a formulation: “集体免疫”“躺平”之类
        if q.run in taken_runs:
            out.append((q.start, 0, -q.end, value))
    if names:  # 国家速滑馆又称“冰丝带” … “冰丝带”设计: once a name, always a name
        out = [c for c in out if c[3] not in names]
    if weak:
        out.sort()
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
        num = m.group("num")
        if num == "一" and m.group("xiang") is None:
            continue  # 一个伟大…, 统一大市场: a single item is not a numbered formula
        if num.isdigit() and (int(num) > _MAX_ITEMS or m.group("ge") is not None):
            continue  # 48项重点工作, 4个市场: counts
        if m.group("da") is not None and norm[s - 1 : s] in ("的", "共") and num in (
            "十七", "十八", "十九", "二十",
        ):
            continue  # 党的二十大…, 中共十九大…: a congress, not a formula
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
