"""Officials: names written next to posts, post chains, shared posts, notices, later mentions.

No segmenter or tagger over the whole text: in this genre a post chain ends in a post
head (书记, 省长, 主席 …), so the stage looks only where a head is written and reads the
name beside it with ``readout.extract.names`` (a small segmentation around the name,
from jieba's dictionary), which needs no list of what may follow a name.

Grammar, on the simplified text:
    chain  := post ("、" post)*          post := org* head
    person := chain name ("、" name)*    — a post before a list belongs to every name
            | name head                   — 习近平总书记, 侯云春副主任认为
            | name 同志? verb chain       — 王儒林同志任山西省委书记 (appointed)
            | name 同志? 不再担任 chain    — removed: a former post
Later bare mentions of a name learned this way ("李鸿忠强调") become mentions too.
Post heads, titles, organisations and the words that mark a former post all come from
``data/posts.tsv``; known leaders from ``data/leaders.tsv``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from readout.extract import automata, names
from readout.model import Mention, Official, Post
from readout.resources import data_text, read_table

# Words a post chain cannot start with: cut the chain after the last one.
# (Found with finditer and the last hit taken: a ".*(?:…)" pattern backtracks over
# every alternative at every position and was the stage's slowest step.)
_CHAIN_CUT = re.compile(
    r"(?:在|由|陪同|会见|会见了|出席|主持|参加|听取|邀请|同|向|为|是|等|记者|了|并|以及|时任|原任|担任|出任|"
    r"当选(?!副?总统)|欢迎|召见|致电|致函|致信|贺电|会晤|接见|看望|前任|后任|副职|人员|同志|之际|期间|以来|召开|决定|举行|提供|开展|全会|表示|指出|强调|要求|部署|讨论|"
    r"通过|审议|，|。|、|,|\])"
)
# [（(][^（）()，。]{1,14}[）)]|“[^“”，。]{1,10}”, opening with one charset so that re
# skips in C to the next bracket or quote instead of trying both alternatives everywhere.
_PAREN = re.compile(r"[（(“](?:(?<=[（(])[^（）()，。]{1,14}[）)]|(?<=“)[^“”，。]{1,10}”)")
_OPENERS = re.compile(r"[（(“]")
# Ends just after the window's last clause break (greedy .* then one step back at a time).
_LAST_BREAK = re.compile(r".*[，。；：！？（）()“”《》\n,;:!?﹔﹐﹒；]", re.S)
# "时任浙江省委书记的习近平": a past post linked to a known name by 的
_PAST_POST = re.compile(r"时任(?P<post>[\u4e00-\u9fff]{2,20}?)的(?P<name>[\u4e00-\u9fff]{2,4}?)(?=同志|[，。、]|曾|在|来|到|主持|提出|就)")
_CJK = r"\u4e00-\u9fff"



# Post roles in posts.tsv; `former`/`current`/`appointed` are the words written before a
# post that say when it was held (时任, 现任, 新任 …).
_STATUS_ROLES = ("former", "current", "appointed")
_ROLES = frozenset(("full", "head", "nonpolitical", "org", "intl_org", "nonpolitical_org", "group", *_STATUS_ROLES))
# Short posts that stand alone before an unknown name; others need an organisation
# ("总书记" alone refers to Xi Jinping, "主席" alone to Mao in 毛主席纪念堂).
_BARE_NOT_BEFORE_NEW_NAME = frozenset("总书记 主席 成员 书记 委员 代表 同志".split())
# verbs of saying after "name 委员/代表/主任": then the head is a post, not a verb or a noun
_SAYING = re.compile(r"说|表示|提出|认为|指出|建议|介绍|强调|谈到|发言|在发言中|告诉|代表[^，。]{2,24}?发言")
# Heads that are verbs when written alone before a name ("代表习近平总书记和党中央看望…")
_BARE_VERBS = frozenset(("代表",))
# Heads that are also verbs or plain nouns after a name ("李强代表党中央"): read as a post
# after a name only when the predicate follows at once.
_HEAD_AFTER_NAME_STRICT = frozenset("代表 成员 委员 主任 主席".split())


@dataclass(frozen=True, slots=True)
class PostLexicon:
    heads: tuple[str, ...]  # longest first
    head_set: frozenset[str]
    head_lengths: tuple[int, ...]
    nonpolitical: frozenset[str]  # heads that are titles (院士, 教授, 董事长)
    head_re: re.Pattern[str]  # the longest head at a position
    head_auto: automata.Automaton  # overlapping: where a head starts
    orgs: re.Pattern[str]  # org and nonpolitical_org terms, longer readings first
    political_orgs: frozenset[str]  # the org terms: political, and longer than the titles' organisations they hold
    groups: frozenset[str]  # collective labels that are not posts (市领导, 有关负责人)
    status_words: dict[str, str]  # 时任 → former …
    status_first: frozenset[str]  # their first characters, and 原/前
    status_re: re.Pattern[str]  # those words at the start of a post, or 原/前 inside it before a head
    name_first: frozenset[str]  # what a name after a head can start with, unless it has a "·"
    countries: re.Pattern[str]  # countries and international bodies: a post abroad is followed by a foreign name
    countries_auto: automata.Automaton  # the same, to ask whether a text names any
    country_pairs: frozenset[str]  # two characters inside one of those names (沙特): a cheap test before the pattern
    known: automata.Automaton  # the known names, to find them in the text
    known_re: re.Pattern[str]  # the same, to find one inside a post chain
    known_last: frozenset[str]  # their last characters
    model: names.NameModel


@dataclass(frozen=True, slots=True)
class NameLexicon:
    names: frozenset[str]
    max_len: int


@cache
def load_posts() -> PostLexicon:
    """The post lexicon from posts.tsv (every row with its source), once per process."""
    rows = read_table("posts.tsv", ("term", "role", "source"))
    by_role: dict[str, list[str]] = {r: [] for r in _ROLES}
    for r in rows:
        if r["role"] not in _ROLES:
            raise ValueError(f"readout/data/posts.tsv: unknown role {r['role']!r} for {r['term']!r}")
        by_role[r["role"]].append(r["term"])
    heads = tuple(sorted({*by_role["full"], *by_role["head"], *by_role["nonpolitical"]}, key=len, reverse=True))
    head_alt = automata.trie_pattern(heads)
    status = {w: role for role in _STATUS_ROLES for w in by_role[role]}
    model = names.load_model()
    known = load_names().names
    countries = read_table("countries.tsv", ("iso", "short", "full"), header=False)
    # with the other names of countries and their capitals (沙特, 莫斯科); the posts of an
    # international body (联合国秘书长, 欧洲央行行长) are held by foreigners too
    aliases = {a for ln in data_text("countries.tsv").splitlines() if not ln.startswith("#")
               for a in (ln.split("\t") + ["", "", "", ""])[3].split(",") if len(a.strip()) >= 2}
    country_names = sorted({c[k] for c in countries for k in ("short", "full")} | aliases | set(by_role["intl_org"]),
                           key=len, reverse=True)
    return PostLexicon(
        heads=heads,
        head_set=frozenset(heads),
        head_lengths=tuple(sorted({len(h) for h in heads})),
        nonpolitical=frozenset(by_role["nonpolitical"]),
        head_re=re.compile(head_alt),
        head_auto=automata.build(((h, None) for h in heads), overlapping=True),
        orgs=re.compile(automata.trie_pattern(sorted({*by_role["nonpolitical_org"], *by_role["org"], *by_role["intl_org"]},
                                                     key=len, reverse=True))),
        political_orgs=frozenset((*by_role["org"], *by_role["intl_org"])),
        groups=frozenset(by_role["group"]),
        status_words=status,
        status_first=frozenset(w[0] for w in status) | {"原", "前"},
        status_re=re.compile(rf"^(?:{automata.trie_pattern(sorted(status, key=len, reverse=True))})"
                             rf"|(?<=[{_CJK}])(?:原|前)(?=[{_CJK}]{{0,5}}$)"),  # 新乡市委原书记, …中心原党支部书记
        name_first=frozenset(model.surname) | {s[0] for s in model.surname} | {k[0] for k in known} | model.translit,
        countries=re.compile(automata.trie_pattern(country_names)),
        countries_auto=automata.build((c, None) for c in country_names),
        country_pairs=frozenset(c[k:k + 2] for c in country_names for k in range(len(c) - 1)),
        known=automata.build((k, None) for k in known),
        known_re=re.compile(automata.trie_pattern(sorted(known, key=len, reverse=True))),
        known_last=frozenset(k[-1] for k in known),
        model=model,
    )


@cache
def load_names() -> NameLexicon:
    """Known leaders' names from leaders.tsv (every row with its source)."""
    names_ = {r["name"] for r in read_table("leaders.tsv", ("name", "posts", "source")) if 2 <= len(r["name"]) <= 12}
    return NameLexicon(frozenset(names_), max(len(n) for n in names_))


def _ends_in_head(s: str, lex: PostLexicon) -> bool:
    """``s.endswith(lex.heads)``, by the few head lengths instead of every head."""
    return any(s[-k:] in lex.head_set for k in lex.head_lengths if k <= len(s))


def _political(value: str, lex: PostLexicon) -> bool:
    """False for a title (院士, 董事长) or a head after a non-political organisation
    (北京大学校长); a longer political organisation wins (中国人民政治协商会议 holds 商会)."""
    longest = next((value[-k:] for k in reversed(lex.head_lengths) if k <= len(value) and value[-k:] in lex.head_set), "")
    if longest in lex.nonpolitical:
        return False
    hits = lex.orgs.findall(value, 0, len(value) - len(longest))  # small strings: a regex beats an automaton call
    return not hits or hits[-1] in lex.political_orgs


def _read_post(raw_post: str, lex: PostLexicon) -> tuple[str, str]:
    """(value, status): 时任/原/新任 … dropped from the value and read as the post's status."""
    status = "current"
    if not lex.status_first.isdisjoint(raw_post):
        for m in lex.status_re.finditer(raw_post):
            status = lex.status_words.get(m.group(), "former")
        raw_post = lex.status_re.sub("", raw_post)
    return raw_post, status


def _plausible_for_unknown(value: str, n_posts: int, lex: PostLexicon) -> bool:
    if n_posts == 1 and value in _BARE_NOT_BEFORE_NEW_NAME:
        return False
    return value not in lex.groups and not value.endswith(("群众代表", "职工代表", "学生代表", "家属代表", "村民代表"))


def _trim_start(norm: str, ps: int, pe: int, lex: PostLexicon, places: automata.Automaton | None) -> int:
    """Where a post really starts: past a function word (据, 于, 对于, 有) unless a place or
    organisation begins there (于都县, 以色列, 和平区)."""
    model = lex.model
    while ps < pe and norm[ps] in model.not_post_first and norm[ps:pe] not in lex.head_set and norm[ps] != "驻":
        k = names.function_word_at(norm, ps, model)
        # never into the head itself (镇长 is no verb 镇 + 长)
        if not k or not _ends_in_head(norm[ps + k:pe], lex) or _names_unit_at(norm, ps, lex, places):
            break
        ps += k
    return ps


def _names_unit_at(norm: str, i: int, lex: PostLexicon, places: automata.Automaton | None) -> bool:
    if lex.countries.match(norm, i):
        return True
    if lex.orgs.match(norm, i):
        return True
    return places is not None and any(places.get(norm[i:i + k]) is not None for k in range(2, 8))


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
    window = norm[window_start:seg_end]
    if _OPENERS.search(window):  # most windows hold no bracket or quote
        window = _PAREN.sub(_mask, window)
    last = _LAST_BREAK.match(window)
    stretch_start = window_start + (last.end() if last else 0)
    segments = norm[stretch_start:seg_end].split("、")
    pos = seg_end
    for i, seg in enumerate(reversed(segments)):
        s0 = pos - len(seg)
        if not seg or not _ends_in_head(seg, lex):
            break
        # Keep the longest clean suffix: drop what a chain cannot contain.
        cut_at = 0
        for m in _CHAIN_CUT.finditer(seg):
            cut_at = m.end()
        j = max(seg.rfind("和"), seg.rfind("与"), seg.rfind("及"))
        if j >= cut_at and seg[j - 1:j + 2] != "共和国" and (len(seg) - j - 1 <= 5 or lex.countries.match(seg, j + 1)):
            # 刚果共和国总统 is one post; "…与沙特国防大臣" starts one
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


# Appointment and removal notices: "王儒林同志任山西省委委员、常委、书记；袁纯清同志不再担任…职务",
# "任命张三为…", "免去李四的…职务". The verb says the status of every post in the chain after it.
_NOTICE_AFTER_NAME = re.compile(r"(?P<verb>不再担任|不再兼任|被任命为|被提名为|被选举为|当选为|被免去|当选|"
                                r"(?<=同志)(?:任|担任|兼任|出任))")
_NOTICE_BEFORE_NAME = re.compile(r"(?P<verb>任命|提名|选举|免去|撤销)")
_NOTICE_CUE = re.compile(r"任命|提名|选举|免去|撤销|不再担任|不再兼任|当选|同志(?:任|担任|兼任|出任)")
_FORMER_VERBS = frozenset(("不再担任", "不再兼任", "免去", "被免去", "撤销"))
_NOTICE_END = re.compile(r"[；;。，,！？\n]|职务|的职务|等职")


class _People:
    """The officials of one document as they are found (the stage's only mutable state)."""

    def __init__(self, text: str, norm: str, lex: PostLexicon, known: NameLexicon) -> None:
        self.text, self.norm, self.lex, self.known = text, norm, lex, known
        self.people: dict[str, Official] = {}
        self.order: list[str] = []
        self.taken = bytearray(len(norm))  # 1 where a mention already stands: one lookup, not a scan
        self.abroad: bool | None = None
        self.dotted = "·" in norm  # a dotted (transliterated) name anywhere
        self.joined = any(c in norm for c in _JOINERS)  # a hyphen or a dot look-alike anywhere (str.find: fast)
        self.han: dict[tuple[str, float | None], int] = {}
        self.read: dict[str, tuple[str, bool, str]] = {}  # written post -> (value, political, status)

    def han_end(self, i: int, margin: float | None = names.NAME_MARGIN) -> int:
        """``names.han_name_end``, remembered by the characters it reads (phrases repeat)."""
        key = (self.norm[i:i + 8], margin)
        e = self.han.get(key)
        if e is None:
            e = self.han[key] = names.han_name_end(key[0], 0, self.lex.model, margin)
        return i + e if e > 0 else -1

    def mentions_abroad(self) -> bool:
        """Whether the text names a foreign country at all (asked once, then remembered)."""
        if self.abroad is None:
            self.abroad = bool(automata.find_long(self.lex.countries_auto, self.norm))
        return self.abroad

    def covered(self, i: int) -> bool:
        return bool(self.taken[i])

    def reading(self, ps: int, pe: int) -> tuple[str, bool, str]:
        """(value, political, status) of the post written at ps:pe; posts repeat, so remembered."""
        raw = self.norm[ps:pe]
        vp = self.read.get(raw)
        if vp is None:
            value, written = _read_post(raw, self.lex)
            vp = self.read[raw] = (value, _political(value, self.lex), written)
        return vp

    def post(self, ps: int, pe: int, status: str | None = None) -> Post:
        value, political, written = self.reading(ps, pe)
        return Post(ps, pe, self.text[ps:pe], value, political, status or written)

    def add(self, name: str, ns: int, ne: int, posts: list[tuple[int, int]], status: str | None = None) -> None:
        post_objs = [self.post(ps, pe, status) for ps, pe in posts]
        off = self.people.get(name)
        if off is None:
            off = self.people[name] = Official(name=name, posts=[], political=False)
            self.order.append(name)
        for p in post_objs:
            if p.value not in off.posts:
                off.posts.append(p.value)
            off.political = off.political or p.political
        off.mentions.append(Mention(ns, ne, self.text[ns:ne], post_objs))
        self.taken[ns:ne] = b"\x01" * (ne - ns)

    def known_at(self, i: int) -> str | None:
        # undotted names have at most five characters (乌云其木格)
        top = self.known.max_len if self.dotted and "·" in self.norm[i:i + 6] else 5
        for k in range(top, 1, -1):
            if self.norm[i:i + k] in self.known.names:
                return self.norm[i:i + k]
        return None

    def name_at(self, i: int, foreign: bool, margin: float | None = names.NAME_MARGIN, listed: bool = False) -> str | None:
        """The name written at ``i``: a known leader, a transliteration, or a Han name
        (``listed``: after "、" in a list of names, where 于 is the surname, not the preposition)."""
        norm, model = self.norm, self.lex.model
        name = self.known_at(i)
        if name:
            return name
        if foreign or "·" in norm[i:i + 8] or (self.joined and _JOINED.search(norm, i + 2, i + 8)):
            e = names.foreign_name_end(norm, i, model)
            if foreign and e < 0 and norm[i] in model.surname and norm[i:i + 2] not in model.words \
                    and not names.strong_predicate(norm, i, model) \
                    and not _ends_in_head(norm[max(0, i - 3):i + 1], self.lex):
                # 冯德莱恩: a transliteration may open with a surname it seldom uses; four
                # characters at least, so a Han name after a foreign post stays one (王民在…),
                # and no word or head there (夫人, 新闻秘书, 国王储)
                e2 = names.foreign_name_end(norm, i, model, lead=True)
                e = e2 if e2 - i >= 4 else e
            if e > 0:
                return norm[i:e]
        if not listed and norm[i:i + 1] in model.function:
            return None  # 和, 在, 与 …: a word after the head, not a surname
        e = self.han_end(i, margin)
        return norm[i:e] if e > 0 else None

    def result(self) -> list[Official]:
        out = [self.people[n] for n in self.order]
        for o in out:
            o.mentions.sort(key=lambda x: x.start)
            first: dict[str, int] = {}
            for m in o.mentions:
                for p in m.posts:
                    first.setdefault(p.value, p.start)
            o.posts.sort(key=lambda v: first.get(v, 0))  # posts in the order the text first gives them
        return out


def find_officials(text: str, norm: str, res: object) -> list[Official]:
    """Every person named with a post, with all their mentions in the text."""
    lex: PostLexicon = res.posts  # type: ignore[attr-defined]
    gaz = getattr(res, "gazetteer", None)
    places = getattr(gaz, "automaton", None)
    ppl = _People(text, norm, lex, res.names)  # type: ignore[attr-defined]
    heads = automata.starts(lex.head_auto, norm)  # where a head begins
    after = _posts_then_names(ppl, heads, places)
    _names_then_posts(ppl, heads, after, places)
    _past_posts(ppl)
    _notices(ppl, places)
    _bare_mentions(ppl)
    return ppl.result()


def _posts_then_names(ppl: _People, heads: list[int], places: automata.Automaton | None) -> set[int]:
    """Post chain + name (+ "、" names sharing the chain). Returns the heads' ends it read a name after."""
    norm, lex = ppl.norm, ppl.lex
    prev_end, resume = 0, 0
    used: set[int] = set()
    # Without a "·" in the text, a name after a head starts with a surname, a known name
    # or a transliteration character.
    follow = None if "·" in norm else lex.name_first
    for p in heads:
        if p < resume:
            continue
        he = _head_end(lex, norm, p)
        # "今天大会的执行主席是帕巴拉·格列朗杰、林文漪…": the names after 是; “第一书记”黄亚祥
        ns = he + 1 if norm.startswith(("是", "”"), he) else he
        if ns >= len(norm) or (follow is not None and norm[ns] not in follow) or norm[ns] == "国":
            continue  # 轮值主席国, 成员国: a state, no person
        if p and _inside_country(norm, p, lex):
            continue  # 沙特首都: no 特首
        # the name first (most heads have none after them), then the chain it belongs to
        name = ppl.name_at(ns, False)
        translit = lex.model.translit
        # a transliteration here, or one after a surname it seldom uses (冯德莱恩)
        maybe_foreign = (norm[ns] in translit or (norm[ns + 1:ns + 2] in translit and norm[ns + 2:ns + 3] in translit)) \
            and (name is None or name not in ppl.known.names)
        if name is None and not (maybe_foreign and ppl.mentions_abroad()):
            continue
        posts = _chain_before(norm, he, he, lex, prev_end)
        if not posts:
            continue
        chain_start = posts[0][0]  # 习 of 习近平 may read as a verb (学习) and be trimmed
        posts[0] = (_trim_start(norm, posts[0][0], posts[0][1], lex, places), posts[0][1])
        t = ppl.taken.rfind(1, posts[0][0], he)
        if t >= 0:  # "英国首相特雷莎·梅与欧盟委员会主席容克": the chain starts after the person named
            t += 2 if norm[t + 1:t + 2] in _CONJUNCTIONS else 1
            posts = [(max(ps, t), pe) for ps, pe in posts if pe > t and _ends_in_head(norm[max(ps, t):pe], lex)]
            if not posts:
                continue
        # a country or an international body in the chain, or a transliteration in a text
        # that names some country (the whole text is scanned once, and only if needed)
        foreign = maybe_foreign and (bool(lex.countries.search(norm, posts[0][0], he))
                                     or (_reads_foreign(norm, ns, name or "", lex) and ppl.mentions_abroad()))
        if foreign:  # 美国国务卿布林肯, 王储穆罕默德: a transliteration, whatever a Han reading says
            name = ppl.name_at(ns, True)
            if name is not None and name not in ppl.known.names and name in lex.model.words \
                    and norm[ns:ns + len(name) + 1] in lex.model.words:
                continue  # "成员国元首理事会": a transliteration does not end inside a word
        if name is None:
            continue
        ne = ns + len(name)
        if name not in ppl.known.names and _not_a_name_after_head(ppl, he, name, places):
            continue
        if ns > he and norm[he] == "是":
            if norm[ne:ne + 1] not in _LIST_GOES_ON:
                continue  # after 是 only a list of names or a name that ends the clause
            # "今天大会的执行主席是…": the post is what follows 的
            posts = [(max(ps, norm.rfind("的", ps, pe) + 1), pe) for ps, pe in posts]
        if len(posts) == 1 and ppl.reading(*posts[0])[0] in _BARE_VERBS:
            continue  # "代表习近平总书记和党中央": the verb, whoever follows
        if name not in ppl.known.names and (not _plausible_for_unknown(ppl.reading(*posts[-1])[0], len(posts), lex)
                                            or lex.known_re.search(norm, chain_start, he)):
            continue  # a bare or group post; or "习近平总书记…": the post followed a name
        ppl.add(name, ns, ne, posts)
        used.add(he)
        prev_end = resume = _shared_names(ppl, ne, posts, foreign, places)
    return used


def _shared_names(ppl: _People, j: int, posts: list[tuple[int, int]], foreign: bool,
                  places: automata.Automaton | None) -> int:
    """Names listed after the first one share its posts ("常委李强、赵乐际、王沪宁"); returns where the list ends."""
    norm, lex = ppl.norm, ppl.lex
    listed = 1
    while j < len(norm) and norm[j] == "、":
        nxt = ppl.name_at(j + 1, foreign, listed=True)
        ends = nxt is not None and names.strong_predicate(norm, j + 1 + len(nxt), lex.model)
        if not ends and listed >= 2:
            # two names in, the list says what its items are: a rarer name too (张业遂)
            nxt = ppl.name_at(j + 1, foreign, margin=None, listed=True)
            ends = nxt is not None and (norm.startswith("、", j + 1 + len(nxt))
                                        or names.strong_predicate(norm, j + 1 + len(nxt), lex.model)) \
                and not _ends_in_head(nxt, lex)
        # a listed name ends its item: 、, punctuation or the predicate; a place starts a
        # new chain ("…、吉林省委书记", "…、宁夏回族自治区党委书记")
        if nxt is None or not ends or (places is not None and places.get(nxt) is not None) \
                or lex.countries.match(norm, j + 1):
            break  # a place or a country starts a new chain: "…、乌兹别克斯坦共和国总统卡里莫夫"
        listed += 1
        ppl.add(nxt, j + 1, j + 1 + len(nxt), posts)
        j += 1 + len(nxt)
    return j


def _inside_country(norm: str, p: int, lex: PostLexicon) -> bool:
    """A country's name begins before ``p`` and runs past it (沙[特]首都, 以色[列]军方)."""
    if norm[p - 1:p + 1] not in lex.country_pairs:
        return False
    return any((m := lex.countries.match(norm, p - k)) is not None and m.end() > p for k in range(1, min(p, 4) + 1))


def _is_unit_name(name: str, places: automata.Automaton | None) -> bool:
    """A place's full name (福建省, 长沙市), which no person bears; a short one may be a name (吉林委员)."""
    return name[-1] in "省市县区州盟旗" and places is not None and places.get(name) is not None


def _runs_into_place(norm: str, he: int, places: automata.Automaton | None) -> bool:
    """The head's last character opens a place (湖南省长|沙县, 吉林省长|春市): no head there."""
    return places is not None and any(places.get(norm[he - 1:he - 1 + k]) is not None for k in (3, 4))


def _not_a_name_after_head(ppl: _People, he: int, name: str, places: automata.Automaton | None) -> bool:
    """An unknown name after a head that is a country (…联合国秘书长\n苏丹冲突), a verb or an
    adverb common as a word (高举, 宣称), or the head's last character opens a place (湖南省长沙县)."""
    norm, lex, model = ppl.norm, ppl.lex, ppl.lex.model
    if name[0] == "第" or _NUMERALS.issuperset(name[:2]) or lex.countries.fullmatch(name) or (len(name) == 2 and (name in model.frequent or (
            name in model.predicate and model.words[name] > _COMMON_WORD_AS_NAME))):
        return True  # 人选, 任命 (frequent nouns); 高举, 宣称 (verbs and adverbs)
    if model.words.get(name[:2], _UNSEEN) > _VERY_COMMON_WORD:
        return True  # 中国党, 英国首…: a very common word opens no name
    return _runs_into_place(norm, he, places)


# a two-character predicate word this frequent is read as the word, not as surname + given
# name (高举, 宣称); names that are words (高峰, 汪洋) are nouns in the dictionary
_COMMON_WORD_AS_NAME = math.log(300 / 60_000_000)
_VERY_COMMON_WORD = math.log(10_000 / 60_000_000)
_UNSEEN = -99.0


def _reads_foreign(norm: str, i: int, han: str, lex: PostLexicon, end: int | None = None) -> bool:
    """A run of transliteration characters longer than the Han reading (莫盖里尼, not 莫盖), that
    is no country's name (中俄, 委内瑞拉) and no numeral (第十七次); with ``end``, ending there."""
    model = lex.model
    e = names.foreign_name_end(norm, i, model)
    if e - i < max(2, len(han) + 1) or (end is not None and e != end) or norm[i] in _NUMERALS \
            or any(norm[i:i + k] in model.predicate for k in (4, 3, 2)) \
            or (e - i < 3 and names.strong_predicate(norm, i, model)):
        return False  # 访华总统: a verb, not a name; 特 opens 特恩布尔, not 特来
    run = norm[i:e]
    # every character a transliteration one but perhaps the last (普京)
    # a state's one-character name opens a pair (中俄, 俄乌) or a short word (俄军), not 巴雷拉
    return all(c in lex.model.translit or c == "·" for c in run[:-1]) and not lex.countries.search(run) \
        and not (run[0] in _COUNTRY_ABBREVIATIONS and (len(run) == 2 or run[1] in _COUNTRY_ABBREVIATIONS))


_NUMERALS = frozenset("第一二三四五六七八九十百千万零两几")
# a hyphen or a dot look-alike between Han characters: the join of a transliterated name's
# parts (巴沙尔-阿萨德, 卡尔十六世•古斯塔夫)
_JOINERS = "-－•・‧．."
_JOINED = re.compile(rf"(?<=[\u4e00-\u9fff])[{_JOINERS}](?=[\u4e00-\u9fff])")
# one-character country names in pairs and lists (中俄, 俄乌, 美欧): the state's name, not a person's
_COUNTRY_ABBREVIATIONS = frozenset("中俄美英法德日韩朝越老柬泰缅印巴乌欧")


_CONJUNCTIONS = frozenset("与和及同")
_LIST_GOES_ON = frozenset("、，。；")
_CLAUSE_START = frozenset("，。、；：！？“”（）《》\n ,;:!?")


def _names_then_posts(ppl: _People, heads: list[int], after: set[int], places: automata.Automaton | None) -> None:
    """Name + head: "习近平总书记", "李强总理", "侯云春副主任认为"; never a place + head (吉林省长春市)."""
    norm, lex, model = ppl.norm, ppl.lex, ppl.lex.model
    people, known = ppl.people, ppl.known.names
    last = lex.known_last | {n[-1] for n in people}
    dotted = "·" in norm
    taken, clause = ppl.taken, _CLAUSE_START
    for p in heads:
        if p < 2 or taken[p - 1]:
            continue
        # a known leader, or someone found already, right before the head
        ns = -1
        if norm[p - 1] in last:
            for k in (4, 3, 2):
                c = norm[p - k:p] if p >= k else ""
                if c in known or c in people:
                    ns = p - k
                    break
        if ns == -1 and dotted and "·" in norm[p - 12:p]:
            ns = next((p - k for k in range(12, 4, -1) if p >= k and norm[p - k:p] in known), -1)
        if ns >= 0 and _is_unit_name(norm[ns:p], places):
            continue  # a place found as a name elsewhere (时任福建省省长的习近平)
        if ns >= 0:
            he = _head_end(lex, norm, p)
            head = norm[p:he]
            # "李海峰代表各人民团体致贺词": 代表 after a name is the verb unless words are reported
            if not taken[ns] and (head not in _HEAD_AFTER_NAME_STRICT or _predicate_after(norm, he, model)) \
                    and (head not in _BARE_VERBS or _SAYING.match(norm, he)):
                ppl.add(norm[ns:p], ns, p, [(p, he)])
            continue
        # an unknown name before a head must open its clause, or be a foreign name after a
        # verb or preposition ("同普京总统、梅德韦杰夫总理等", "我同法耶总统一道")
        if p > 4 and norm[p - 4] not in clause and norm[p - 3] not in clause and norm[p - 5] not in clause:
            if norm[p - 2] in model.translit:
                _foreign_name_before_head(ppl, p, after, places)
            continue
        _name_opening_clause(ppl, p, after, places)


def _head_end(lex: PostLexicon, norm: str, p: int) -> int:
    """Where the post head that the head automaton found at ``p`` ends."""
    m = lex.head_re.match(norm, p)
    assert m is not None, p  # p comes from the head automaton, whose words the pattern spells
    return m.end()


def _name_opening_clause(ppl: _People, p: int, after: set[int], places: automata.Automaton | None) -> None:
    """"，侯云春副主任认为", "普京总统表示": an unknown name that opens its clause, then the head and the predicate."""
    norm, lex, model = ppl.norm, ppl.lex, ppl.lex.model
    starts = [p - k for k in (3, 2, 4) if k <= p and (k == p or norm[p - k - 1] in _CLAUSE_START)
              and (norm[p - k] in model.surname or norm[p - k] in model.translit or norm[p - k:p - k + 2] in model.compound)]
    if not starts:
        return
    he = _head_end(lex, norm, p)
    # 委员, 代表, 主任 are also words after a name ("李强代表党中央"): a post only before a verb of
    # saying or the like ("刘晓庄委员提出", "王冬胜委员说")
    saying = _SAYING.match(norm, he)
    if he in after or not (saying or _predicate_after(norm, he, model)) or norm[p - 1] in _TITLE_PARTS \
            or (norm[p:he] in _HEAD_AFTER_NAME_STRICT and not saying) or _runs_into_place(norm, he, places):
        return
    for ns in starts:
        if ppl.covered(ns) or lex.countries.fullmatch(norm, ns, p) or _is_unit_name(norm[ns:p], places):
            continue  # "、贝宁总统举行会谈": a country, not a person; "福建省省长": a place
        if ppl.han_end(ns) == p or (norm[ns] in model.translit and ppl.mentions_abroad()
                                    and _reads_foreign(norm, ns, "", lex, p)):
            ppl.add(norm[ns:p], ns, p, [(p, he)])
            return


_TITLE_PARTS = frozenset("国总副")
_FOREIGN_NAME_MAX = 8  # transliterated names before a head: 梅德韦杰夫, 内塔尼亚胡, 巴沙尔-阿萨德
_WITH_HEAD = ("一道", "一起", "一行", "夫妇")  # "同法耶总统一道主持"


def _foreign_name_before_head(ppl: _People, p: int, after: set[int], places: automata.Automaton | None) -> None:
    """A transliterated name right before a head, after a word that is no part of a name
    (a verb, a preposition, "、"), and the predicate after the head."""
    norm, lex, model = ppl.norm, ppl.lex, ppl.lex.model
    translit = model.translit
    # the run of transliteration characters before the head (its last character may be
    # any: 普京); the word before it is punctuation or a predicate word (同, 会见)
    ns = p - 2
    while ns > max(0, p - _FOREIGN_NAME_MAX) and norm[ns - 1] in translit:
        ns -= 1
    c = norm[ns - 1] if ns else "，"
    if c in translit or ppl.covered(ns) or norm[ns - 1:ns + 1] in model.words \
            or not (c in _CLAUSE_START or any(norm[ns - k:ns] in model.predicate for k in (2, 1))):
        return
    he = _head_end(lex, norm, p)
    head = norm[p:he]
    # a title (总统, 首相, 秘书长), not a full post (常驻联合国代表) or a non-political title
    # the predicate after the head, or a pair of leaders ("习近平主席和普京总统战略引领下")
    if he in after or len(head) > 3 or head in _HEAD_AFTER_NAME_STRICT or head in lex.nonpolitical \
            or not (_predicate_after(norm, he, model) or norm.startswith(_WITH_HEAD, he) or c in _CONJUNCTIONS) \
            or _runs_into_place(norm, he, places) or _is_unit_name(norm[ns:p], places):
        return  # 吉林省长|春市; 时任福建省省长
    run = norm[ns:p]
    if run[-1] in _TITLE_PARTS or not _NUMERALS.isdisjoint(run):
        return  # 中亚五国元首, 加州总检察长, 习副主席: part of the title or a count
    # an ordinary word inside is no transliteration (国语大学, 以色列国防部长)
    if any(run[k:k + 2] in model.common for k in range(len(run) - 1)) or not _reads_foreign(norm, ns, "", lex, p) \
            or not ppl.mentions_abroad():
        return
    # a country's name ending at the head (阿尔及利亚总统) or running into the name (以色列军方发言人)
    if any(lex.countries.fullmatch(norm, p - k, p) for k in range(2, min(p, 10) + 1)) or _inside_country(norm, ns, lex):
        return
    ppl.add(run, ns, p, [(p, he)])


def _predicate_after(norm: str, i: int, model: names.NameModel) -> bool:
    return i >= len(norm) or names.opens_predicate(norm, i, model) or norm.startswith("同志", i)


def _past_posts(ppl: _People) -> None:
    """"时任浙江省委书记的习近平": a former post linked to a known name by 的."""
    norm, lex = ppl.norm, ppl.lex
    for m in _PAST_POST.finditer(norm):
        name = m.group("name")
        if (name in ppl.people or name in ppl.known.names) and _ends_in_head(m.group("post"), lex):
            ns, ne = m.span("name")
            if not ppl.covered(ns):
                ppl.add(name, ns, ne, [m.span("post")], "former")


def _notice_chain(norm: str, i: int, lex: PostLexicon) -> list[tuple[int, int]]:
    """The posts listed from ``i`` up to the clause end (…职务), split at "、"; each ends in a head."""
    m = _NOTICE_END.search(norm, i, i + 80)
    end = m.start() if m else min(len(norm), i + 80)
    posts, pos = [], i
    for seg in norm[i:end].split("、"):
        if seg and _ends_in_head(seg, lex) and not _CHAIN_CUT.search(seg):
            posts.append((pos, pos + len(seg)))
        else:
            break
        pos += len(seg) + 1
    return posts


def _notices(ppl: _People, places: automata.Automaton | None) -> None:
    """Appointment and removal notices give new (appointed) and given-up (former) posts."""
    norm, lex = ppl.norm, ppl.lex
    if not _NOTICE_CUE.search(norm):
        return
    for m in _NOTICE_AFTER_NAME.finditer(norm):
        s = m.start() - 2 if norm.startswith("同志", m.start() - 2) else m.start()
        posts = _notice_chain(norm, m.end(), lex)
        if not posts:
            continue
        for k in (4, 3, 2):
            ns = s - k
            if ns < 0 or ppl.covered(ns) or not (ns == 0 or norm[ns - 1] in _CLAUSE_START or norm[ns - 1] == "："):
                continue
            name = ppl.known_at(ns) or ppl.name_at(ns, False, margin=None)
            if name and ns + len(name) == s:
                status = "former" if m.group("verb") in _FORMER_VERBS else "appointed"
                ppl.add(name, ns, s, posts, status)
                break
    for m in _NOTICE_BEFORE_NAME.finditer(norm):
        ns = m.end()
        if norm[ns:ns + 1] not in lex.name_first:
            continue
        name = ppl.name_at(ns, False, margin=None)
        if not name or ppl.covered(ns):
            continue
        j = ns + len(name)
        j += 2 if norm.startswith("同志", j) else 0
        if norm.startswith(("的", "为"), j):
            posts = _notice_chain(norm, j + 1, lex)
            if posts:
                ppl.add(name, ns, ns + len(name), posts, "former" if m.group("verb") in _FORMER_VERBS else "appointed")


_FEW_NAMES = 24


def _bare_mentions(ppl: _People) -> None:
    """Later bare mentions of the people found (longest names first, so 王沪宁 is not 王沪)."""
    if not ppl.people:
        return
    norm, text, taken = ppl.norm, ppl.text, ppl.taken
    # every occurrence of every name: str.find for a few names (C speed, no automaton to
    # build), one automaton pass for many (a list of hundreds of names in a long text)
    hits: dict[str, list[int]] = {}
    if len(ppl.people) <= _FEW_NAMES:
        for name in ppl.people:
            found, i = hits.setdefault(name, []), norm.find(name)
            while i != -1:
                found.append(i)
                i = norm.find(name, i + 1)
    else:
        for i, _, name in automata.find_all(automata.build(((n, n) for n in ppl.people), overlapping=True), norm):
            hits.setdefault(name, []).append(i)
    for name in sorted(ppl.people, key=len, reverse=True):
        nxt = 0
        for i in sorted(hits.get(name, ())):
            if i < nxt:
                continue  # overlaps the previous occurrence of the same name
            nxt = i + len(name)
            if not taken[i]:
                ppl.people[name].mentions.append(Mention(i, nxt, text[i:nxt], []))
                taken[i:nxt] = b"\x01" * len(name)


def find_present_leaders(text: str, norm: str, res: object, found: list[Official]) -> list[Official]:
    """Known leaders named bare in a list or before a verb ("李克强主持大会，汪洋宣读表彰决定，
    栗战书、王沪宁、赵乐际出席"), who are not among ``found``: for the events stage to see who
    was present. They carry no post (the text gives none), so they are not officials of the document."""
    lex: PostLexicon = res.posts  # type: ignore[attr-defined]
    taken = {(m.start, m.end) for o in found for m in o.mentions}
    names_found = {o.name for o in found}
    out: dict[str, Official] = {}
    for ns, ne, _ in automata.find_long(lex.known, norm):
        name = norm[ns:ne]
        if name in names_found or (ns, ne) in taken:
            continue
        # a list goes on (、) or a verb follows at once; a name that is also a word (汪洋,
        # 钟山) only before a verb of two or more characters (汪洋宣读, not 汪洋中)
        nxt = norm[ne:ne + 1]
        if nxt != "、" and not (nxt and _cjk(nxt) and names.strong_predicate(norm, ne, lex.model)):
            continue
        if nxt != "、" and name in lex.model.words and not any(norm[ne:ne + k] in lex.model.predicate for k in (2, 3, 4)):
            continue
        off = out.setdefault(name, Official(name=name, posts=[], political=True))
        off.mentions.append(Mention(ns, ne, text[ns:ne], []))
    return list(out.values())


def _cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"

