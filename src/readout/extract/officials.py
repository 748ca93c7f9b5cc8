"""Officials: names written next to posts, post chains, shared posts, later mentions.

No segmenter or tagger: in this genre a post chain ends in a post head (书记, 省长,
主席 …) and the name that follows ends where a verb or punctuation begins, so a
surname-anchored regex with a boundary look-ahead finds names at regex speed
(jieba/LAC mis-split exactly these names: 巴音朝鲁, 赵乐际, 丁薛祥).

Grammar, on the simplified text:
    chain  := post ("、" post)*          post := org* head
    person := chain name ("、" name)*    — a post before a list belongs to every name
            | name post_after            — 习近平总书记, 李强总理
Later bare mentions of a name learned this way ("李鸿忠强调") become mentions too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources as ires

from readout.extract import automata
from readout.model import Mention, Official, Post

# Post heads: the last word of a post. Longest first so 副书记 beats 书记.
_HEADS = (
    "总书记 副书记 书记 常委 委员 副主席 主席 副主任 常务副主任 主任 副部长 部长 副省长 省长 副市长 市长 副县长 县长 "
    "副区长 区长 副州长 州长 副总理 总理 副委员长 委员长 国务委员 秘书长 副秘书长 副院长 院长 检察长 副检察长 副局长 局长 "
    "副厅长 厅长 副组长 组长 副团长 团长 政委 司令员 副司令员 大使 总领事 执行主席 常务主席 主任委员 副主任委员 "
    "副署长 署长 副校长 校长 副行长 行长 副会长 会长 副理事长 理事长 总干事 党组书记 党委书记 成员 参事 专员 "
    "主委 副主委 镇长 乡长 村长 支部书记 总支书记 巡视员 监察专员 副总经理 总经理 董事长 总设计师 首席科学家 研究员 "
    "院士 教授 所长 负责人 代表"
).split()
# Heads that are titles rather than political posts (SCHEMA: 院士, 教授, 董事长 …).
_NONPOLITICAL = frozenset("院士 教授 董事长 总经理 副总经理 研究员 总设计师 首席科学家 所长 负责人 老板 校长 副校长 会长 副会长".split())
# Heads that may follow a name ("习近平总书记", "李强总理").
_AFTER_NAME = ("总书记", "总理", "副总理", "委员长", "主席", "副主席", "书记", "省长", "市长", "部长", "国务委员")
# What may follow a name: punctuation or the verbs and particles that come after one.
_BOUNDARY = (
    r"[，。、；：！？）)（(“”\"《》\n\s·,.;:!?﹔﹐﹒]|$|出席|主持|强调|指出|表示|要求|讲话|说|在|等|同志|一行|陪同|参加|会见|会谈|"
    r"来到|到|前往|深入|赴|率|作|为|向|对|就|和|与|及|以及|分别|先后|也|都|代表|宣布|致辞|致|发表|看望|慰问|考察|调研|"
    r"视察|听取|审议|传达|部署|总结|带领|走访|的|同|是|今天|昨天|上午|下午|晚上|\d|当选|被|因|接受|一起|共同|通报|介绍|"
    r"回答|答|提出|希望|认为|说明|首先|随后|还|又|并|亲切|专门|会前|作了|作出|指示|批示|签署|抵达|乘|离开|结束|检查|督导|"
    r"带队|率领|主讲|授课|宣讲|出任|任|兼|同时|现场|来|进行|一同|获|得|将|已|从|把|给|让|以|用|于|所|据|去|上|参观|"
    r"详细|认真|仔细|了解|询问|察看|观看|勉励|叮嘱|鼓励|肯定|感谢|祝贺|寄语|带头|领学|谈|交流|座谈|发言|报告|"
    r"作为|接见|会晤|通话|致电|复信|回信|主讲|宣读|颁发|颁奖|揭牌|启动|按下|点评|书面|逐一|分头|再次|围绕|结合|"
    r"到会|莅临|专程|亲自|看|问|听|走进|登上|来看|走|乘坐|抵|出|带|与会|近日|近期|日前|讲|今年|去年|曾|一直|始终|多次|受|落实|履行|负责|涉嫌|利用|违反|严重|因|马上|立即|随即"
)
# After a two-character name these characters almost always start the next word
# (李希在…, 龚正陪同, 李斌等), so the two-character reading wins over a three-character one.
_STRONG = "在等陪作向对就也都是的同将已从把给让以用于被到率赴受和与及"
# Common words that begin with a surname character and follow post heads
# ("总书记关于…", "主席纪念堂"): never names.
_NOT_NAMES = re.compile(r"关于|强调|来了|来到|连续|包括|高声|纪念|国弘|席就|要求|指出|表示|同志|提出|希望|高度|高兴|"
                        r"代表|单位|何时|何处|任务|任期|成员|成为|时代|时期|时间|和平|安全|应当|应该|全面|全国|全体|全省|全市|万众|明确|明显|"
                        r"向着|方向|方面|方式|于是|常委|常务|书记|主任|主席|委员|乐观|平安|宁静|金融|石油|文化|文明|车间|宣传|宣布|"
                        r"党中央|党委|党组|党的|党员|冷静|甘肃|广东|广西|江苏|江西|海南|云南|贵州|湖南|湖北|山东|山西|河南|河北|"
                        r"吉林|黑龙江|辽宁|福建|浙江|安徽|四川|重庆|天津|上海|北京|西藏|新疆|青海|宁夏|内蒙古|陕西|台湾|香港|澳门")
# Words a post chain cannot start with: cut the chain after the last one.
# (Found with finditer and the last hit taken: a ".*(?:…)" pattern backtracks over
# every alternative at every position and was the stage's slowest step.)
_CHAIN_CUT = re.compile(
    r"(?:在|由|陪同|会见|会见了|出席|主持|参加|听取|邀请|同|向|为|是|等|记者|了|并|以及|时任|原任|担任|出任|"
    r"当选|前任|后任|副职|人员|同志|之际|期间|以来|召开|决定|举行|提供|开展|全会|表示|指出|强调|要求|部署|讨论|"
    r"通过|审议|，|。|、|,|\])"
)
_DROP_IN_POST = re.compile(
    r"^(?:时任|原任|原|前任|前|现任|现)|(?<=[\u4e00-\u9fff])(?:原|前)(?=副|书记|主席|主任|部长|省长|市长|县长|区长|局长|厅长|院长|"
    r"所长|委员|常委|总理|秘书长|司令员|政委|检察长|署长|行长)"
)
# [（(][^（）()，。]{1,14}[）)]|“[^“”，。]{1,10}”, opening with one charset so that re
# skips in C to the next bracket or quote instead of trying both alternatives everywhere.
_PAREN = re.compile(r"[（(“](?:(?<=[（(])[^（）()，。]{1,14}[）)]|(?<=“)[^“”，。]{1,10}”)")
# Ends just after the window's last clause break (greedy .* then one step back at a time).
_LAST_BREAK = re.compile(r".*[，。；：！？（）()“”《》\n,;:!?﹔﹐﹒；]", re.S)
# "时任浙江省委书记的习近平": a past post linked to a known name by 的
_PAST_POST = re.compile(r"时任(?P<post>[\u4e00-\u9fff]{2,20}?)的(?P<name>[\u4e00-\u9fff]{2,4}?)(?=同志|[，。、]|曾|在|来|到|主持|提出|就)")
_CJK = r"\u4e00-\u9fff"


@dataclass(frozen=True, slots=True)
class PostLexicon:
    heads: tuple[str, ...]
    nonpolitical: frozenset[str]
    after_name: tuple[str, ...]
    surnames_single: str
    surnames_compound: tuple[str, ...]
    head_then_name: re.Pattern[str]
    head_auto: automata.Automaton  # overlapping: where a head starts (head_then_name starts with one)
    name_first: frozenset[str]  # what a name after a head can start with, unless it has a "·"
    nonpolitical_heads: tuple[str, ...]  # for str.endswith: is the post's head a title?
    name_only: re.Pattern[str]
    after_name_re: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class NameLexicon:
    names: frozenset[str]
    max_len: int


def _boundary_pattern() -> str:
    """``_BOUNDARY`` with its ~200 words factored into a trie (``automata.trie_pattern``).

    The boundary is only used inside look-aheads, where only whether some alternative
    matches counts, not which one; the flat list made the engine test every word in turn
    after each candidate name.
    """
    first, *alts = _BOUNDARY.split("|")
    special = [a for a in alts if not re.fullmatch(f"[{_CJK}]+", a)]  # $ and \\d
    words = sorted({a for a in alts if a not in special})
    return "|".join([first, *special, automata.trie_pattern(words)])


def _data_lines(name: str) -> list[str]:
    try:
        raw = ires.files("readout.data").joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return []
    return [ln for ln in raw.splitlines() if ln.strip() and not ln.startswith("#")]


@cache
def load_posts() -> PostLexicon:
    heads = set(_HEADS)
    nonpolitical = set(_NONPOLITICAL)
    for ln in _data_lines("posts.tsv")[1:]:
        cols = ln.split("\t")
        if len(cols) >= 2:
            term, role = cols[0].strip(), cols[1].strip()
            if role == "head":
                heads.add(term)
            elif role == "nonpolitical":
                heads.add(term)
                nonpolitical.add(term)
    surnames = [s.strip().split("\t")[0] for s in _data_lines("surnames.txt")]
    if not surnames:
        raise FileNotFoundError("readout/data/surnames.txt is missing or empty: reinstall readout")
    single = "".join(sorted({s for s in surnames if len(s) == 1} - set(_NOT_NAME_START)))
    compound = tuple(sorted({s for s in surnames if len(s) == 2}, key=len, reverse=True))
    heads_sorted = tuple(sorted(heads, key=len, reverse=True))
    head_alt = automata.trie_pattern(heads_sorted)
    boundary = _boundary_pattern()
    # all compounds have two characters, so at most one matches: a trie is the same alternation
    sur = f"(?:{automata.trie_pattern(compound)}|[{single}])" if compound else f"[{single}]"
    # A name after a head: surname + 1–2 given characters, then a boundary; 4-character
    # (often ethnic-minority) names only when the shorter readings fail.
    name_re = (
        rf"(?P<name>[{_CJK}]{{2,5}}·[{_CJK}]{{2,6}}|{sur}[{_CJK}](?=[{_STRONG}])|{sur}[{_CJK}]{{2}}(?={boundary})"
        rf"|{sur}[{_CJK}](?={boundary})|{sur}[{_CJK}]{{3}}(?={boundary}))"
    )
    # Known names need no boundary after them ("国家主席习近平当地时间…"); the look-ahead
    # admits them without making the name optional (an optional name turns every post
    # head in the text into a match for Python to look at).
    known = automata.trie_pattern(sorted(load_names().names))
    head_then_name = re.compile(rf"(?P<head>{head_alt})(?:{name_re}|(?=(?P<known>{known})))")
    name_only = re.compile(
        rf"(?!{head_alt}|中共|中央|国务院|全国|省委|市委)(?:[{_CJK}]{{2,5}}·[{_CJK}]{{2,6}}|{sur}[{_CJK}](?=[{_STRONG}])"
        rf"|{sur}[{_CJK}]{{2}}(?={boundary})|{sur}[{_CJK}](?={boundary}))"
    )
    return PostLexicon(
        heads=heads_sorted,
        nonpolitical=frozenset(nonpolitical),
        after_name=_AFTER_NAME,
        surnames_single=single,
        surnames_compound=compound,
        head_then_name=head_then_name,
        head_auto=automata.build(((h, None) for h in heads_sorted), overlapping=True),
        name_first=frozenset(single) | {c[0] for c in compound} | {k[0] for k in load_names().names},
        nonpolitical_heads=tuple(sorted(nonpolitical, key=len, reverse=True)),
        name_only=name_only,
        after_name_re=re.compile("|".join(sorted(_AFTER_NAME, key=len, reverse=True))),
    )


@cache
def load_names() -> NameLexicon:
    names = set()
    for ln in _data_lines("leaders.tsv")[1:]:
        name = ln.split("\t")[0].strip()
        if 2 <= len(name) <= 12:
            names.add(name)
    return NameLexicon(frozenset(names), max((len(n) for n in names), default=4))


# Characters that are surnames in the long lists but, right after a post head, are far
# more often the start of an ordinary word (委员会, 书记处, 主任委员).
_NOT_NAME_START = "会处长员的在和与及等是为了着过也都就并而从对向被把给让以之其此该各每某本"


# Short posts that stand alone before an unknown name; others need an organisation
# ("总书记" alone refers to Xi Jinping, "主席" alone to Mao in 毛主席纪念堂).
_BARE_NOT_BEFORE_NEW_NAME = frozenset("总书记 主席 成员 书记 委员 代表 同志".split())


def _plausible_for_unknown(norm: str, posts: list[tuple[int, int]], known: NameLexicon) -> bool:
    ps, pe = posts[-1]
    value = _post_value(norm[ps:pe])
    if len(posts) == 1 and value in _BARE_NOT_BEFORE_NEW_NAME:
        return False
    if value.endswith(("群众代表", "职工代表", "学生代表", "家属代表", "村民代表")):
        return False
    # a known name inside the chain means "习近平总书记…": the post followed a name
    seg = norm[posts[0][0]:pe]
    return not any(seg[i:i + k] in known.names for k in (2, 3, 4) for i in range(len(seg) - k + 1))


def _ends_with_title(value: str, lex: PostLexicon) -> bool:
    """True when the post's head (its longest head suffix) is a title such as 教授, 董事长."""
    if not value.endswith(lex.nonpolitical_heads):
        return False
    longest = next(h for h in lex.heads if value.endswith(h))  # heads are longest first
    return longest in lex.nonpolitical


def _post_value(raw_post: str) -> str:
    return _read_post(raw_post)[0]


def _read_post(raw_post: str) -> tuple[str, str]:
    """(value, status): 时任/原/前 dropped from the value and read as a former post."""
    # every _DROP_IN_POST alternative holds 时, 原, 前 or 现; most posts have none
    if "原" in raw_post or "前" in raw_post or "现" in raw_post or "时" in raw_post:
        value, status = raw_post, "current"
        for m in _DROP_IN_POST.finditer(raw_post):
            if not m.group().startswith("现"):
                status = "former"
        return _DROP_IN_POST.sub("", value), status
    return raw_post, "current"


def _mask(m: re.Match[str]) -> str:
    return "Ｘ" * (m.end() - m.start())


def _chain_before(norm: str, start: int, head_end: int, lex: PostLexicon, floor: int) -> list[tuple[int, int]]:
    """The posts written before a name: the segment ending at ``head_end``, then earlier
    "、"-separated segments while each still ends in a post head."""
    posts: list[tuple[int, int]] = []
    seg_end = head_end
    lo = floor
    # the stretch of text the chain may occupy: back to the last sentence break
    window_start = max(lo, start - 120)
    # short bracketed parts belong to the post: 中央党校（国家行政学院）副校长
    window = _PAREN.sub(_mask, norm[window_start:seg_end])
    last = _LAST_BREAK.match(window)
    stretch_start = window_start + (last.end() if last else 0)
    segments = norm[stretch_start:seg_end].split("、")
    pos = seg_end
    for i, seg in enumerate(reversed(segments)):
        s0 = pos - len(seg)
        if not seg or not seg.endswith(lex.heads):
            break
        # Keep the longest clean suffix: drop what a chain cannot contain.
        cut_at = 0
        for m in _CHAIN_CUT.finditer(seg):
            cut_at = m.end()
        j = max(seg.rfind("和"), seg.rfind("与"), seg.rfind("及"))
        if j >= cut_at and len(seg) - j - 1 <= 5:
            cut_at = j + 1
        # "…支持的镇江市农科所所长": a clause ending in 的 is not part of the post,
        # but "分管日常工作的副主任" is
        j = seg.rfind("的")
        if j >= cut_at and len(seg) - j - 1 > 4:
            cut_at = j + 1
        if i > 0 and cut_at:
            # an earlier segment with clutter in it is not part of this chain
            if cut_at < len(seg):
                posts.append((s0 + cut_at, pos))
            break
        if cut_at < len(seg):
            posts.append((s0 + cut_at, pos))
        pos = s0 - 1
    posts.reverse()
    return posts


def find_officials(text: str, norm: str, res: object) -> list[Official]:
    """Every person named with a post, with all their mentions in the text."""
    lex: PostLexicon = res.posts  # type: ignore[attr-defined]
    known: NameLexicon = res.names  # type: ignore[attr-defined]
    people: dict[str, Official] = {}
    order: list[str] = []
    taken = bytearray(len(norm))  # 1 where a mention already stands: one lookup, not a scan of them all

    read: dict[str, tuple[str, bool, str]] = {}  # written post -> (value, political, status): posts repeat

    def add(name: str, ns: int, ne: int, posts: list[tuple[int, int]], status: str | None = None) -> None:
        post_objs = []
        for ps, pe in posts:
            raw = norm[ps:pe]
            vp = read.get(raw)
            if vp is None:
                value, written = _read_post(raw)
                vp = read[raw] = (value, not _ends_with_title(value, lex), written)
            post_objs.append(Post(ps, pe, text[ps:pe], vp[0], vp[1], status or vp[2]))
        off = people.get(name)
        if off is None:
            off = people[name] = Official(name=name, posts=[], political=False)
            order.append(name)
        for p in post_objs:
            if p.value not in off.posts:
                off.posts.append(p.value)
            off.political = off.political or p.political
        off.mentions.append(Mention(ns, ne, text[ns:ne], post_objs))
        taken[ns:ne] = b"\x01" * (ne - ns)

    # 1. post chain + name (+ "、" names sharing the chain)
    prev_end = 0
    # head_then_name.finditer, but trying the regex only where a post head begins: Python's
    # regex engine would test its head alternation at every character (the stage's costliest step)
    rx_match = lex.head_then_name.match
    resume = 0
    # Without a "·" in the text, a name after a head starts with a surname or a known name.
    follow = None if "·" in norm else lex.name_first
    for p in automata.starts(lex.head_auto, norm, follow):
        if p < resume:
            continue
        m = rx_match(norm, p)
        if m is None:
            continue
        resume = m.end()
        ns, ne = m.span("name")
        if ns == -1:
            ns, ne = m.span("known")
        name = norm[ns:ne]
        if _NOT_NAMES.match(norm, ns):
            continue
        # a known name that is longer or shorter than the regex guess wins
        for k in range(min(known.max_len, 6, len(norm) - ns), 1, -1):
            cand = norm[ns:ns + k]
            if cand in known.names:
                name, ne = cand, ns + k
                break
        posts = _chain_before(norm, ns, m.end("head"), lex, prev_end)
        if not posts:
            continue
        if name not in known.names and not _plausible_for_unknown(norm, posts, known):
            continue
        add(name, ns, ne, posts)
        prev_end = ne
        # shared posts: "常委李强、赵乐际、王沪宁"
        j = ne
        while j < len(norm) and norm[j] == "、":
            nxt = _name_at(norm, j + 1, lex, known)
            if nxt is None:
                break
            add(nxt, j + 1, j + 1 + len(nxt), posts)
            j = j + 1 + len(nxt)
            prev_end = j

    # 2. name + post after it: "习近平总书记"
    for m in lex.after_name_re.finditer(norm):
        ne = m.start()
        for k in (4, 3, 2):
            cand = norm[ne - k:ne] if ne >= k else ""
            if cand in people or cand in known.names:
                s0 = ne - k
                if taken[s0]:
                    break
                add(cand, s0, ne, [m.span()])
                break

    # 3. "时任浙江省委书记的习近平"
    for m in _PAST_POST.finditer(norm):
        name = m.group("name")
        if (name in people or name in known.names) and m.group("post").endswith(lex.heads):
            ns, ne = m.span("name")
            if not taken[ns]:
                add(name, ns, ne, [m.span("post")], "former")

    # 4. later bare mentions of the people found (longest names first, so 王沪宁 is not 王沪)
    if people:
        # every occurrence of every name in one pass, then name by name as str.find would go
        hits: dict[str, list[int]] = {}
        for i, _, name in automata.find_all(automata.build(((n, n) for n in people), overlapping=True), norm):
            hits.setdefault(name, []).append(i)
        for name in sorted(people, key=len, reverse=True):
            nxt = 0
            for i in sorted(hits.get(name, ())):
                if i < nxt:
                    continue  # overlaps the previous occurrence of the same name
                nxt = i + len(name)
                if not taken[i]:
                    people[name].mentions.append(Mention(i, nxt, text[i:nxt], []))
                    taken[i:nxt] = b"\x01" * len(name)
    out = [people[n] for n in order]
    for o in out:
        o.mentions.sort(key=lambda x: x.start)
        # posts in the order the text first gives them
        first = {}
        for m in o.mentions:
            for p in m.posts:
                first.setdefault(p.value, p.start)
        o.posts.sort(key=lambda v: first.get(v, 0))
    return out


def _name_at(norm: str, i: int, lex: PostLexicon, known: NameLexicon) -> str | None:
    """A name starting exactly at ``i`` followed by a boundary, or None."""
    for k in range(min(known.max_len, 6), 1, -1):
        if norm[i:i + k] in known.names:
            return norm[i:i + k]
    m = lex.name_only.match(norm, i)
    return m.group(0) if m else None
