"""Statements: speaker + verb + the span of what was said.

The grammar of reported speech in news Chinese, as rules over the officials found:

- SPEAKER (bridge) VERB sep CONTENT: "李鸿忠在会上强调，要…" — the bridge (在讲话中, 在会见时,
  16日, 出席会议并) holds no clause break; the content runs to the next statement or the end of
  the paragraph. A verb may also take its object directly: "达武特奥卢呼吁各方…", "介绍了…".
- A speech act with no words reported still makes a speaker: 讲话, 发言, 致辞, 作…报告/汇报/说明,
  发表…讲话/演讲; "听取…汇报" and "讲话精神" are not the official speaking.
- A list of names before the verb speaks together: "万鄂湘、丁仲礼…先后发言".
- "他/她说" continues the last speaker, or else the official last named before it.
- A later clause of the same sentence keeps its subject: "李克强回顾了…，表示…".
- A quotation before the name: "“……。”习近平说。"
- Later short forms: surname + a title from the official's posts (习主席, 李总理, 邓老师) or the
  last part of a foreign name (赫什 for 西摩·赫什).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from typing import NamedTuple

from readout.extract import automata
from readout.model import Official, Span, Statement

# Verbs of saying; longer forms first (the alternation is ordered).
_SAY = ("强调指出|指出|强调|要求|表示|提出|希望|认为|说|宣布|介绍|回顾|阐述|阐明|号召|勉励|叮嘱|寄语|鼓励|呼吁|"
        "表态|透露|宣称|坚称|声称|称|告诉记者|警告|谴责|重申|坦言|直言|评价|回应|证实|敦促|赞赏|赞扬|感谢")
# Verbs that only report words after a separator: 说明, 称赞, 说服 are other words.
_SEP_ONLY = frozenset({"说", "称"})
# Speech acts that report that someone spoke, without (or before) the words.
# 作 as the light verb of 作报告, not the second syllable of 工作, 合作, 所作…
_ACT = (r"讲话|发言|致辞|致词|演讲|(?<![工合创制写操协运动著所振])作了?[^，。；\n]{0,24}?(?:报告|汇报|说明)|汇报|"
        r"发表[^，。；\n]{0,24}?(?:讲话|演讲|谈话|声明|致辞)|向[^，。；\n]{1,16}?(?:报告|汇报)")
_ACT_FIRST = "讲发致演作汇向"
# ``re`` runs a pattern that opens with a look-ahead or an alternation at every character; a
# plain class of the first characters is skipped to in C, and _HIT is tried only there (_hits_in).
_HIT_FIRST = re.compile("[" + "".join(sorted({w[0] for w in _SAY.split("|")} | set(_ACT_FIRST))) + "]")
_HIT = re.compile(
    rf"(?:(?P<say>{automata.trie_pattern(_SAY.split('|'))})"
    r"(?:(?P<sep>[，：:“])|(?P<obj>了?)(?=[\u4e00-\u9fff《“])|(?=[。\n]|\Z))"
    rf"|(?P<act>{_ACT}))"
)
# What follows a word that is not speaking here: 提出的要求, 在讲话中指出, 讲话精神, 要求下
_NOT_AFTER_SAY = re.compile("[的者时下]")
_NOT_AFTER_ACT = re.compile(r"[的时中上稿精会人、]|[^，。；\n]{0,3}(?:说|表示|强调|指出|称)")
# 他/她 alone: not 他们, 他人, 他国…; 其他 and 吉他 are told apart after the match (a leading
# look-behind would make ``re`` try every position)
_PRONOUN = re.compile("[他她](?![们人国乡日])")
_CLAUSE_BREAK = re.compile(r"[，。；！？\n]")
_SENTENCE_ENDS = "。；！？\n"
_MAX_SENTENCE = 160
# Between speaker and verb: "在讲话中", "在会上", "出席会议并" … at most this many characters.
_MAX_BRIDGE = 26
# A bridge where the official listens rather than speaks: 听取…汇报, 审议…报告
_LISTENS = re.compile("听取|听了")
# A name that is cited, not speaking: 习近平新时代…思想, 习近平总书记关于…, 习近平的…
_CITED = re.compile(r"(?:总书记|同志)?(?:新时代|关于|的|为核心)")
# Verbs whose object is an official's words or person, not the official speaking: 贯彻习近平…要求,
# 委托王晨…作说明 (a general rule: the name is the object, the verb after it is a noun or a task).
_GOVERNS = frozenset("贯彻 学习 落实 按照 根据 遵照 依照 领会 委托 邀请".split())
# A name right after a preposition or 会见 is whom someone else spoke with or to, as head of a
# clause (马克龙在和鲁哈尼通电话时表示: the speaker is 马克龙 even when he is not found).
_OBJECT_MARKS = frozenset("和同与跟向对给见")
# Between two names of one list: "、民盟中央主席", "等以及专家学者", "和"
_LIST_GAP = re.compile(r"等?(?:、|和|及|以及)[^，。；！？\n]{0,14}")
# A sentence-initial subject may follow a date or time: "23日，", "当天，"
_SUBJECT_REACH = 8
# Common two-character surnames (百家姓 compound surnames): 欧阳修's surname is 欧阳.
_COMPOUND_SURNAMES = frozenset("欧阳 司马 上官 诸葛 东方 令狐 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 南宫 西门".split())
# Address forms that follow a surname for anyone (a general rule of Chinese address).
_HONORIFICS = ("同志", "先生", "女士", "老师")


class _Who(NamedTuple):
    start: int
    end: int
    name: str  # "" for 他/她


class _Hit(NamedTuple):
    speakers: list[_Who]
    verb: re.Match[str]
    content: tuple[int, int] | None  # fixed content (a quotation before the name), else None


def _short_forms(officials: list[Official]) -> dict[str, str]:
    """Short forms → full name: surname + title (习主席), a foreign name's last part (赫什)."""
    claims: dict[str, set[str]] = {}
    for o in officials:
        n = o.name
        forms: set[str] = set()
        if "·" in n:
            last = n.rsplit("·", 1)[1]
            if len(last) >= 2:
                forms.add(last)
        elif 2 <= len(n) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in n):
            surname = n[:2] if n[:2] in _COMPOUND_SURNAMES and len(n) > 2 else n[0]
            titles = {p[-k:] for p in o.posts for k in (2, 3) if len(p) >= k} | set(_HONORIFICS)
            forms.update(surname + t for t in titles if surname + t != n)
        for f in forms:
            claims.setdefault(f, set()).add(n)
    names = {o.name for o in officials}
    # a form two officials could answer to, or that is someone's full name, names nobody
    return {f: next(iter(ns)) for f, ns in claims.items() if len(ns) == 1 and f not in names}


def _mentions(norm: str, officials: list[Official]) -> list[_Who]:
    """Every mention of an official (full name or short form) and every 他/她, by position."""
    whos = [_Who(m.start, m.end, o.name) for o in officials for m in o.mentions]
    taken = sorted((w.start, w.end) for w in whos)
    starts = [s for s, _ in taken]
    short = _short_forms(officials)
    if short:
        # one pass over the places a form may start (its first character), a dict look-up per
        # length there: linear in the text, however many officials and posts
        lens = sorted({len(f) for f in short}, reverse=True)
        for m in re.finditer("[" + re.escape("".join({f[0] for f in short})) + "]", norm):
            i = m.start()
            form = next((norm[i:i + n] for n in lens if norm[i:i + n] in short), None)
            if form is None:
                continue
            k = bisect_left(starts, i + len(form))
            # not inside a full-name mention (习近平主席 holds no 习主席)
            if not (k and taken[k - 1][1] > i):
                whos.append(_Who(i, i + len(form), short[form]))
    whos += [_Who(m.start(), m.end(), "") for m in _PRONOUN.finditer(norm) if norm[m.start() - 1:m.start()] not in ("其", "吉")]
    whos.sort()
    return whos


def _group(norm: str, whos: list[_Who], i: int, floor: int, vs: int) -> list[_Who]:
    """The speaker at ``whos[i]`` with the names listed beside it (A、B、C…先后发言)."""
    if not whos[i].name:
        return [whos[i]]
    group = [whos[i]]
    j = i - 1
    while j >= 0 and whos[j].start >= floor and whos[j].name:
        gap = _LIST_GAP.fullmatch(norm, whos[j].end, group[0].start)
        if not gap:
            break
        group.insert(0, whos[j])
        j -= 1
    j = i + 1
    while j < len(whos) and whos[j].end <= vs and whos[j].name:
        if not _LIST_GAP.fullmatch(norm, group[-1].end, whos[j].start):
            break
        group.append(whos[j])
        j += 1
    return group


def _may_speak(norm: str, ws: int, we: int) -> bool:
    """A name that may be a speaker: not cited (习近平新时代…), governed (贯彻习近平…) or an object (同鲁哈尼)."""
    return not (_CITED.match(norm, we) or norm[ws - 2:ws] in _GOVERNS or norm[ws - 1:ws] in _OBJECT_MARKS)


def _speaker_in_clause(norm: str, whos: list[_Who], starts: list[int], floor: int,
                       v: re.Match[str]) -> list[_Who]:
    """The leftmost mention in the verb's clause within ``_MAX_BRIDGE`` characters, with its list."""
    vs = v.start()
    lo = bisect_left(starts, max(floor, vs - _MAX_BRIDGE - 4))
    hi = bisect_left(starts, vs)
    for i in range(lo, hi):
        ws, we, name = whos[i]
        if (ws >= floor and we <= vs and vs - we <= _MAX_BRIDGE and not _CLAUSE_BREAK.search(norm, we, vs)
                and (not name or _may_speak(norm, ws, we))
                and not _LISTENS.search(norm, we, vs)):
            return _group(norm, whos, i, floor, vs)
    return []


def _sentence_subject(norm: str, whos: list[_Who], starts: list[int], floor: int, vs: int) -> list[_Who]:
    """A named subject opening the verb's sentence (李克强回顾了…，表示…), when no statement
    was found in the sentence before the verb."""
    lo = max(floor, vs - _MAX_SENTENCE)
    k = bisect_left(starts, lo)
    if k == len(whos) or starts[k] >= vs:
        return []  # nobody named before the verb (会议指出, 文件要求): the common case, decided at once
    s = max(norm.rfind(c, lo, vs) for c in _SENTENCE_ENDS) + 1
    if s == 0 and lo > 0:
        return []  # a statement earlier in the sentence, or too long a sentence for one subject
    k = bisect_left(starts, s)
    clause = max(norm.rfind(c, s, vs) for c in "，：")
    if k < len(whos) and whos[k].name and whos[k].start - s <= _SUBJECT_REACH and whos[k].end < vs \
            and _may_speak(norm, whos[k].start, whos[k].end) and not _LISTENS.search(norm, max(clause, whos[k].end), vs):
        return [whos[k]]
    return []


def _quote_before(norm: str, ws: int, v: re.Match[str]) -> tuple[int, int] | None:
    """The quotation before the speaker when the sentence ends at the verb ("……”习近平说。")."""
    after = norm[v.end():v.end() + 1]
    if after not in ("。", "\n", "") or ws < 2 or norm[ws - 1] not in "”\"":
        return None
    q = norm.rfind("“", max(0, ws - 400), ws - 1)
    return (q + 1, ws - 1) if q != -1 and q + 1 < ws - 1 else None


def _same_sentence(norm: str, a: int, b: int) -> bool:
    """No sentence end between ``a`` and ``b``."""
    return not any(c in norm[a:b] for c in _SENTENCE_ENDS)


def _is_noun(norm: str, v: re.Match[str]) -> bool:
    """A verb used as a noun: 的要求, 所作的报告, “三严三实”要求, 重要讲话 without 发表."""
    vs = v.start()
    before = norm[max(0, vs - 2):vs]
    if before[-1:] in ("的", "所", "”"):
        return True
    act = v.group("act")
    return bool(act) and not act.startswith(("发表", "作")) and before == "重要"


def _hits_in(norm: str) -> Iterator[re.Match[str]]:
    """``_HIT.finditer(norm)``: matches do not overlap, each the leftmost from where the last one ended."""
    end = 0
    for c in _HIT_FIRST.finditer(norm):
        i = c.start()
        if i >= end and (v := _HIT.match(norm, i)) is not None:
            end = v.end()
            yield v


def _hits(norm: str, whos: list[_Who], starts: list[int]) -> list[_Hit]:
    """Each verb or speech act with its speakers; a mention speaks once, after the previous verb."""
    hits: list[_Hit] = []
    floor = 0
    for v in _hits_in(norm):
        say = v.group("say")
        quoted = say is not None and v.group("sep") is None and v.group("obj") is None
        if v.group("act"):
            if _NOT_AFTER_ACT.match(norm, v.end()):
                continue
        elif v.group("obj") is not None and (say in _SEP_ONLY or _NOT_AFTER_SAY.match(norm, v.end())):
            continue
        if _is_noun(norm, v):
            continue
        group = _speaker_in_clause(norm, whos, starts, floor, v)
        if group and v.group("act") and hits and _same_sentence(norm, floor, group[0].start):
            continue  # 丁薛祥表示，习近平…发表重要视频致辞: an act told inside the words just reported
        content = None
        if quoted:  # "……。”习近平说。" — the words are the quotation before the name
            content = _quote_before(norm, group[0].start, v) if group else None
            if content is None:
                continue
        elif not group and say is not None:
            group = _sentence_subject(norm, whos, starts, floor, v.start())
        if group:
            hits.append(_Hit(group, v, content))
            floor = v.end()
    return hits


def find_statements(text: str, norm: str, officials: list[Official]) -> list[Statement]:
    """Statements by the officials found (and by 他/她 continuing a speaker), one per speaker
    and verb; verbs are found in one pass, speakers by bisecting the sorted mentions."""
    if not officials:
        return []
    whos = _mentions(norm, officials)
    starts = [w.start for w in whos]
    hits = _hits(norm, whos, starts)
    out: list[Statement] = []
    last_speaker: str | None = None
    for k, (group, m, fixed) in enumerate(hits):
        if group[0].name:
            names = [w.name for w in group]
        else:
            prev = _referent(norm, whos, starts, group[0].start, hits[k - 1].verb.end() if k else 0, last_speaker)
            if prev is None:
                continue
            names = [prev]
        last_speaker = names[-1]
        cs, ce = fixed if fixed else _content(norm, m, hits[k + 1].speakers[0].start if k + 1 < len(hits) else None)
        if ce <= cs:
            continue
        vs, ve = m.span("say") if m.group("say") else m.span("act")
        for w, name in zip(group, names):
            out.append(Statement(cs, ce, text[cs:ce], name, Span(vs, ve, text[vs:ve]),
                                 Span(w.start, w.end, text[w.start:w.end])))
    return out


def _referent(norm: str, whos: list[_Who], starts: list[int], pos: int, prev_verb_end: int,
              last_speaker: str | None) -> str | None:
    """Whom 他/她 at ``pos`` names: the first official named in its paragraph when the last
    statement lies in an earlier one (…调研。他指出), else the last speaker, else the official
    named last before it (英国首相斯塔默…举行紧急会议。他说…)."""
    para = norm.rfind("\n", 0, pos) + 1
    k = bisect_left(starts, pos)
    if prev_verb_end <= para or last_speaker is None:
        j = bisect_left(starts, para)
        first = next((w.name for w in whos[j:k] if w.name), None)
        if first is not None:
            return first
    if last_speaker is not None:
        return last_speaker
    # a few pronouns back at most, so a run of them stays linear
    return next((w.name for w in reversed(whos[max(0, k - 8):k]) if w.name), None)


def _content(norm: str, m: re.Match[str], next_start: int | None) -> tuple[int, int]:
    """What was said: after the verb to the next statement or the paragraph's end; a speech
    act with nothing after it is its own content (作工作报告)."""
    if m.group("act"):
        cs = m.end()
        if cs >= len(norm) or _CLAUSE_BREAK.match(norm, cs):
            return m.span("act")
    else:
        cs = m.end() if m.group("sep") != "“" else m.end() - 1
    para_end = norm.find("\n", cs)
    ce = para_end if para_end != -1 else len(norm)
    if next_start is not None and cs <= next_start < ce:
        ce = next_start
    while ce > cs and norm[ce - 1] in "，、；：":
        ce -= 1
    return cs, ce
