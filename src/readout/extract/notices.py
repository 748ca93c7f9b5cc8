"""Appointment and removal notices: who was given or relieved of which posts.

The notices of the party and the state follow a few fixed forms (人事任免 as Xinhua and
新闻联播 publish them):

- ``中共中央决定：李鸿忠同志任天津市委委员、常委、书记`` — appointed;
- ``黄兴国同志代理天津市委书记职务`` — appointed, acting (the post keeps its 代理);
- ``孙政才同志兼任重庆市委委员、常委、书记，不再兼任吉林省委书记…职务`` — appointed (a second post held
  with the first), then removed;
- ``黄兴国同志不再担任天津市委书记、常委、委员职务`` — removed (also 不再兼任, 不再代理, and after a 任 clause:
  ``赵克志同志任河北省委书记，不再担任贵州省委书记职务``);
- ``免去耿惠昌的国家安全部部长职务；任命陈文清为国家安全部部长`` — removed, appointed;
- ``栗战书同志当选为全国人大常委会委员长`` (also ``…同志全票当选为…``) — elected.

A list of posts shares its organisation: ``天津市委委员、常委、书记`` is 天津市委委员,
天津市委常委 and 天津市委书记; each item keeps its own span, its value restores the
organisation. Names are checked against the surname list (two to four characters, or a
name with ·); a subject-less ``不再担任`` clause takes the names of the notice before it in
the same sentence. One pass over the text, anchored on the notice verbs.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from functools import cache

__all__ = ["Notice", "NoticeLexicon", "NoticePost", "find_notices", "load_lexicon", "ACTIONS"]

ACTIONS = ("appointed", "removed", "elected")
_TRIGGER = re.compile(r"同志(?:任|担任|出任|兼任)(?!务|何|期|职)|同志(?=代理)|不再(?:担任|兼任|代理)|免去|任命|"
                      r"(?:全票|等额|高票)?当选(?:为)?")
_STOP = "；;。，,：:\n（(？！"
_ETHNIC = re.compile(r"[（(][\u4e00-\u9fff]{1,6}族[）)]")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,5}·[\u4e00-\u9fff]{2,6}|[\u4e00-\u9fff]{2,4}")
_QUALIFIERS = ("代理", "代", "常务", "第一")


@dataclass(frozen=True, slots=True)
class NoticePost:
    start: int
    end: int
    text: str  # the item as written (书记)
    value: str  # with its list's organisation restored (天津市委书记)


@dataclass(frozen=True, slots=True)
class Notice:
    action: str  # appointed | removed | elected
    name: str
    start: int  # the name's span
    end: int
    posts: tuple[NoticePost, ...]


@dataclass(frozen=True, slots=True)
class NoticeLexicon:
    surnames: Container[str]  # surnames (one character; compound ones may be in it too)
    compound: Container[str]  # two-character surnames
    heads: tuple[str, ...]  # post heads, longest first


@cache
def load_lexicon() -> NoticeLexicon:
    """The surnames of the name model (``readout.extract.names``) and the post heads of ``data/posts.tsv``."""
    from readout.extract.names import load_model
    from readout.extract.officials import load_posts

    model = load_model()
    return NoticeLexicon(model.surname, model.compound, load_posts().heads)


def find_notices(norm: str, lex: NoticeLexicon | None = None) -> list[Notice]:
    """Every notice in ``norm`` (simplified text)."""
    lex = lex or load_lexicon()
    surnames, compound, heads = lex.surnames, lex.compound, lex.heads
    out: list[Notice] = []
    last_names: list[tuple[str, int, int]] = []
    last_stop = -1
    for m in _TRIGGER.finditer(norm):
        t = m.group()
        if t.startswith("同志"):  # 同志代理 matches 同志 only: the post keeps its 代理 (acting)
            action, names, pend = "appointed", _names_before(norm, m.start(), surnames, compound), m.end()
        elif t.startswith("不再"):
            before = m.start() - 2 if norm[m.start() - 2:m.start()] == "同志" else m.start()
            names = _names_before(norm, before, surnames, compound)
            if not names and _same_sentence(norm, last_stop, m.start()):
                names = last_names  # 赵克志同志任河北省委书记，不再担任贵州省委书记职务
            # 不再代理X: the acting post X ends
            action, pend = "removed", m.end() - 2 if t == "不再代理" else m.end()
        elif t == "免去" and norm.startswith("其", m.end()):  # 免去其…职务: the subject of the sentence
            action, names, pend = "removed", last_names if _same_sentence(norm, last_stop, m.start()) else [], m.end() + 1
        elif t == "免去":
            action, (names, pend) = "removed", _name_after(norm, m.end(), "的", surnames, compound)
        elif t == "任命":
            action, (names, pend) = "appointed", _name_after(norm, m.end(), "为", surnames, compound)
        else:  # 当选: only after 同志, which says the subject is a person
            if norm[max(0, m.start() - 2):m.start()] != "同志":
                continue
            action, names, pend = "elected", _names_before(norm, m.start() - 2, surnames, compound), m.end()
        if not names:
            continue
        last_names, last_stop = names, m.start()  # the subject, even of a clause that names no post
        posts = _posts(norm, pend, heads, need_office=action == "removed")
        if posts:
            out += [Notice(action, n, s, e, posts) for n, s, e in names]
    return out


def _same_sentence(norm: str, a: int, b: int) -> bool:
    return a >= 0 and not any(c in "。；;\n" for c in norm[a:b])


def _is_name(s: str, surnames: Container[str], compound: Container[str]) -> bool:
    if "·" in s:
        return True
    return bool(s) and 2 <= len(s) <= 4 and (s[0] in surnames or s[:2] in compound)


def _names_before(norm: str, end: int, surnames: Container[str],
                  compound: Container[str]) -> list[tuple[str, int, int]]:
    """The 、-separated names that end right at ``end`` (back to the clause's start)."""
    start = end
    while start > 0 and end - start < 80 and norm[start - 1] not in _STOP and norm[start - 1] not in "决定":
        start -= 1
    out = []
    pos = start
    for part in norm[start:end].split("、"):
        clean = _ETHNIC.sub("", part)
        m = _NAME.fullmatch(clean)
        if m is None or not _is_name(clean, surnames, compound):
            return []  # one piece that is no name: not a list of names
        out.append((clean, pos, pos + len(clean)))
        pos += len(part) + 1
    return out


def _name_after(norm: str, start: int, until: str, surnames: Container[str],
                compound: Container[str]) -> tuple[list[tuple[str, int, int]], int]:
    """The name between ``start`` and ``until`` (免去X的, 任命X为), and where the posts begin."""
    j = norm.find(until, start, start + 14)
    if j < 0:
        return [], start
    raw = norm[start:j]
    if raw.endswith("同志"):
        raw = raw[:-2]
    name = _ETHNIC.sub("", raw)
    if not _NAME.fullmatch(name) or not _is_name(name, surnames, compound):
        return [], start
    return [(name, start, start + len(name))], j + 1


def _items(seg: str, heads: tuple[str, ...]) -> list[str]:
    """The 、-separated items of a post list, a last ``X和Y`` split when both end in a post head
    (委员和市长; never 住房和城乡建设部部长, whose 住房 is no post)."""
    items = seg.split("、")
    last = items[-1]
    k = last.rfind("和")
    if k > 0 and any(last[:k].endswith(h) for h in heads) and any(last.endswith(h) for h in heads):
        items[-1:] = [last[:k], last[k + 1:]]
    return items


_GOVERNMENT = ("省长", "市长", "主席", "区长", "县长", "州长", "盟长")


def _restore(prefix: str, item: str) -> str:
    """A bare item with its list's organisation: 天津市委 + 常委; a government post takes the place only
    (天津市委委员和市长: 天津市市长, not 天津市委市长)."""
    if prefix.endswith("委") and item.removeprefix("副").removeprefix("代理").removeprefix("代") in _GOVERNMENT:
        return prefix.removesuffix("党委").removesuffix("委") + item
    return prefix + item


def _posts(norm: str, start: int, heads: tuple[str, ...], need_office: bool) -> tuple[NoticePost, ...]:
    """The post list from ``start`` to the clause's end (to 职务 for a removal)."""
    end = start
    while end < len(norm) and end - start < 80 and norm[end] not in _STOP:
        end += 1
    seg = norm[start:end]
    k = seg.find("职务")
    if k >= 0:
        seg = seg[:k]
    elif need_office:
        return ()
    seg = seg.removesuffix("的")
    out: list[NoticePost] = []
    prefix = ""
    pos = start
    for item in _items(seg, heads):
        head = next((h for h in heads if item.endswith(h)), None)
        if head is not None and item:
            bare = item.removeprefix(next((q for q in _QUALIFIERS if item.startswith(q)), "")) in heads
            value = _restore(prefix, item) if bare and prefix else item
            if not bare:
                prefix = item[: len(item) - len(head)]
            out.append(NoticePost(pos, pos + len(item), item, value))
        pos += len(item) + 1
    return tuple(out)
