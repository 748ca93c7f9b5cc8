"""Career summaries (简历, 生平): the dated lines of a person's record, with the posts of each.

新闻联播 broadcasts the record of every new leader (after a party congress or an NPC session:
``现在播送习近平同志简历``) and Xinhua prints the same for new provincial leaders; obituaries
tell a life in the same dates. The forms, all read here:

- the opener that names the person: ``习近平，男，汉族，1953年6月生，…`` (also ``吴邦国同志，
  1941年7月生``), or the heading ``习近平同志简历``; the lines after it are that person's
  until the next opener;
- a dated line: ``2002-2007年　浙江省委书记、省人大常委会主任，浙江省军区党委第一书记``
  (year ranges with -, －, —, 至), ``2002.10—2007.03　…`` (year.month, as Xinhua writes them),
  ``2013年起``/``2013－``/``1985年至今`` (open: held when the record was written), a single
  date; in prose, a sentence led by a date and a verb (``1987年至1991年，历任上海市委副书记、
  市长、市委书记``; ``1951年至1952年，任…``);
- ``历任``/``先后任`` lists: every post was held at some time within the range (which one
  began or ended it the list does not say);
- ``现任…``: the posts held when the record was written;
- the posts an indictment or a judgment lists (``find_held``): ``2002年至2014年，被告人苏荣利用其担任
  中共青海省委书记、中共甘肃省委书记…等职务上的便利``, ``被告人周永康在担任…等职务期间`` — held some time
  in the range, when one is written.

Each post keeps its span; a bare head (``常委、副书记``) gets its list's organisation in
``value`` as notices do (``readout.extract.notices``). Parenthesised notes (``（其间：…学习）``)
are no posts; ``(至2012年11月)`` after a post ends that post early. Dates keep the precision
written: ``2002`` or ``2002-10``, never a day the text does not give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readout.extract.notices import NoticeLexicon, load_lexicon

__all__ = ["CareerLine", "CareerPost", "find_careers", "find_held"]


@dataclass(frozen=True, slots=True)
class CareerPost:
    start: int
    end: int
    text: str  # the item as written (省人大常委会主任)
    value: str  # with its list's organisation restored for a bare head (福建省委 + 副书记)
    until: str | None = None  # (至2012年11月): this post ended before the line's end


@dataclass(frozen=True, slots=True)
class CareerLine:
    name: str
    start: str | None  # 2002 | 2002-10; None for 现任 (the record's own date)
    end: str | None  # None: open (2013年起, 至今) or a single date
    kind: str  # range (held from start to end) | within (历任: held some time in it) | now (现任)
    posts: tuple[CareerPost, ...]


_NAME = r"[\u4e00-\u9fff]{2,5}·[\u4e00-\u9fff]{2,6}|[\u4e00-\u9fff]{2,4}"
_OPENER = re.compile(rf"(?P<name>{_NAME}?)(?:同志)?[，,]?(?:[男女][，,]|(?:19|20)\d\d年\d{{1,2}}月(?:出)?生)")
_HEADING = re.compile(rf"(?:现在)?(?:播送|播发)?(?P<name>{_NAME}?)同志(?:的)?(?:简历|生平)[：:。]?")
_YM = r"(?P<{0}>(?:19|20)\d\d)(?:[.．](?P<{0}m>\d{{1,2}})|年(?P<{0}n>\d{{1,2}})月)?"
_DATE = re.compile(
    _YM.format("a") + r"(?:年)?\s*(?:(?P<now>至今|以来|起)|(?P<dash>[-－—–~～]+|至|到)\s*(?:" + _YM.format("b") +
    r"(?:年)?)?(?:至今)?)?\s*")
_VERB = re.compile(r"(?P<within>历任|先后任|先后担任)|任(?!命|务|何|期|职)|担任|兼任")  # 任命: a notice, not a post
_UNTIL = re.compile(r"^至((?:19|20)\d\d)年(?:(\d{1,2})月)?(?:止)?$")
_SEP = "，,、；;"
_QUALIFIERS = ("代理", "代", "常务", "第一")


def find_careers(norm: str, lex: NoticeLexicon | None = None) -> list[CareerLine]:
    """The dated career lines of every person whose record ``norm`` (simplified text) holds."""
    lex = lex or load_lexicon()
    out: list[CareerLine] = []
    person: str | None = None
    pos = 0
    for para in norm.split("\n"):
        start, pos = pos, pos + len(para) + 1
        lead = len(para) - len(para.lstrip(" \u3000\t"))
        body = para[lead:]
        named = _person(body, lex)
        if named is not None:
            person = named
        if person is None:
            continue
        s = start + lead
        for sentence in _sentences(body):
            text = sentence.rstrip("。；;")
            line = _line(norm, s, s + len(text), person, whole=text == body.rstrip("。；;"), lex=lex)
            if line is not None:
                out.append(line)
            s += len(sentence)
    return out


def _sentences(body: str) -> list[str]:
    """``body`` cut after each 。； outside parentheses (a note's ； stays in its line)."""
    out, depth, s = [], 0, 0
    for i, c in enumerate(body):
        depth += (c in "（(") - (c in "）)" and depth > 0)
        if depth == 0 and c in "。；;":
            out.append(body[s:i + 1])
            s = i + 1
    return out + [body[s:]] if s < len(body) else out


def _person(body: str, lex: NoticeLexicon) -> str | None:
    """The person a paragraph opens the record of (习近平，男，… or 习近平同志简历), else None."""
    m = _HEADING.fullmatch(body) or _OPENER.match(body)
    if m is None:
        return None
    name = m.group("name")
    return name if "·" in name or _surname(name, lex) else None


def _surname(name: str, lex: NoticeLexicon) -> bool:
    return 2 <= len(name) <= 4 and (name[0] in lex.surnames or name[:2] in lex.compound)


def _line(norm: str, a: int, b: int, person: str, *, whole: bool, lex: NoticeLexicon) -> CareerLine | None:
    """One sentence ``norm[a:b]`` of a record as a career line, else None."""
    text = norm[a:b]
    if text.startswith("现任"):
        posts = _posts(norm, a + 2, b, lex)
        return CareerLine(person, None, None, "now", posts) if posts else None
    m = _DATE.match(text)
    if m is None or m.end() == 0:
        return None
    first, last = _ym(m, "a"), _ym(m, "b") if m.group("b") else None
    k = m.end()
    comma = text[k:k + 1] in ("，", ",", "：", ":")
    k += comma
    if text.startswith(person, k):  # 1987年至1991年，朱镕基同志历任…
        k += len(person)
        k += text.startswith("同志", k) * 2
    elif text.startswith("同志", k + 2) or text.startswith("同志", k + 3):
        return None  # another person's sentence
    v = _VERB.match(text, k)
    if v is None and (comma or not whole):
        return None  # prose needs a verb; a record line (2002-2007年浙江省委书记) needs none
    kind = "within" if v is not None and v.group("within") else "range"
    posts = _posts(norm, a + (v.end() if v else k), b, lex)
    if not posts:
        return None
    end = last if m.group("dash") and last else None
    return CareerLine(person, first, end, kind, posts)


def _ym(m: re.Match[str], g: str) -> str:
    month = m.group(g + "m") or m.group(g + "n")
    return f"{m.group(g)}-{int(month):02d}" if month and 1 <= int(month) <= 12 else m.group(g)


def _posts(norm: str, a: int, b: int, lex: NoticeLexicon) -> tuple[CareerPost, ...]:
    """The posts of ``norm[a:b]``: items split at 、，； with parenthesised notes left out."""
    seg, written = list(norm[a:b]), norm[a:b]
    notes: dict[int, str] = {}  # where a note began → its text
    depth, opened = 0, 0
    for i, c in enumerate(seg):
        if c in "（(":
            depth, opened = depth + 1, (i if depth == 0 else opened)
        if depth:
            if c in "）)":
                depth -= 1
                if depth == 0:
                    notes[opened] = written[opened + 1:i]
            seg[i] = " "
    flat = "".join(seg)
    out: list[CareerPost] = []
    prefix = ""
    for item in re.finditer(f"[^{_SEP}]+", flat):
        raw = item.group()
        s = item.start() + len(raw) - len(raw.lstrip())
        e = item.end() - (len(raw) - len(raw.rstrip()))
        text = flat[s:e].removeprefix("兼任").removeprefix("兼")
        s = e - len(text)
        head = next((h for h in lex.heads if text.endswith(h)), None) if text else None
        if head is None:
            continue
        until = next((_until(n) for j, n in notes.items() if e <= j <= item.end() and _until(n)), None)
        bare = text.removeprefix(next((q for q in _QUALIFIERS if text.startswith(q)), "")) in lex.heads
        value = prefix + text if bare and prefix else text
        if not bare:
            prefix = text[: len(text) - len(head)]
        out.append(CareerPost(a + s, a + e, norm[a + s:a + e], value, until))
    return tuple(out)


def _until(note: str) -> str | None:
    m = _UNTIL.match(note.strip())
    if m is None:
        return None
    return f"{m.group(1)}-{int(m.group(2)):02d}" if m.group(2) and 1 <= int(m.group(2)) <= 12 else m.group(1)


_HELD = re.compile(r"(?:被告人|[，：:。；\n]|^)(?P<name>[\u4e00-\u9fff]{2,4}?)(?:利用其?|在)(?:先后)?担任")
_HELD_END = re.compile(r"(?:等)?(?:职务上的便利|职务期间|期间)")
_SPAN = re.compile(_YM.format("a") + r"(?:年)?(?:至|到|[-－—–])" + _YM.format("b") + r"(?:年)?(?:间|上半年|下半年)?[，,]?$")


def find_held(norm: str, lex: NoticeLexicon | None = None) -> list[CareerLine]:
    """The posts an indictment or a judgment says a defendant held (被告人X利用其担任A、B等职务上的便利):
    ``within`` lines, dated by the range written just before the name (2002年至2014年，), if any."""
    lex = lex or load_lexicon()
    out: list[CareerLine] = []
    for m in _HELD.finditer(norm):
        name = m.group("name")
        if not _surname(name, lex):
            continue
        stop = _HELD_END.search(norm, m.end(), m.end() + 200)
        if stop is None or "。" in norm[m.end():stop.start()]:
            continue
        posts = _posts(norm, m.end(), stop.start(), lex)
        if not posts:
            continue
        lead = norm[max(0, m.start() - 30):m.start("name")].removesuffix("被告人")
        span = _SPAN.search(lead)
        first, last = (_ym(span, "a"), _ym(span, "b")) if span else (None, None)
        out.append(CareerLine(name, first, last, "within", posts))
    return out

