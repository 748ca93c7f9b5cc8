"""Dates: Arabic and Chinese numerals, day-only forms, ranges and relative days.

Missing parts are inferred the way a reader of the story does, against the publication
date: a bare "3日" is the most recent 3rd not after publication, a "9月9日" without a
year the most recent 9 September (12月30日 reported on 2023-01-02 is 2022-12-30). Dates
after publication are read only where the text announces them (将于, 即将, 定于 …).
An earlier date in the text sets the month of a following "10日" and the year of a
following "9月10日" when that reading is not after publication (a roundup's "9月9日，
天津… 10日，江苏…"); a future or far-away date elsewhere in the text never does.

Forms: 2019年9月9日, 二〇一九年九月九日, 15年3月2日, 去年/前年/今年/明年/同年 + 月日,
上个月15号, 下月九号, 本月/当月/同月 + 日, 4月12-19日, 12月28日至1月2日 (across a
year), 2019年12月30日至2020年1月3日, 9月10号、11号; relative days 今天, 昨天, 昨晚,
前天, 大前天, 明天, 后天, 大后天, 当天/当日/当晚 (the day last named), 次日/翌日.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from readout.extract import automata
from readout.model import DateMention

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"(?:(?:19|20)\d{2}|[一二〇○零九]{4}|(?<![\d〇○零一二三四五六七八九十])(?:\d{2}|[〇○零一二三四五六七八九]{2}))"
# Year and month words that count from the publication date (or the year last named).
_REL_YEAR = {"去年": -1, "前年": -2, "今年": 0, "明年": 1, "后年": 2, "上年": -1}
_CTX_YEAR = {"同年": 0, "当年": 0, "次年": 1}
_REL_MONTH = {"上个月": -1, "上月": -1, "本月": 0, "这个月": 0, "下个月": 1, "下月": 1}
_CTX_MONTH = {"当月": 0, "同月": 0, "次月": 1}
_RY = "|".join([*_REL_YEAR, *_CTX_YEAR])
_RM = "|".join(sorted([*_REL_MONTH, *_CTX_MONTH], key=len, reverse=True))

# One pattern for every absolute form; optional parts make year-month-day, month-day
# and day-only dates, and an optional "至/到/-" tail makes a range.
# Scraped pages keep spaces around digits ("2018 年 2 月 22 日"): `_S` allows one.
_S = " ?"
_DATE = re.compile(
    # the leading look-ahead lets the engine skip impossible positions at once
    rf"(?=[\d一二三四五六七八九十〇○零两去前今明后上同当次本这下])"
    rf"(?:(?:(?P<ry>{_RY})|(?P<y>{_YEAR}){_S}年{_S})?(?:(?P<rm>{_RM})|(?:(?P<m>{_NUM}){_S}月{_S}))?"
    rf"(?:(?P<d>{_NUM}){_S}(?:[日号]|(?=(?:至|到|-|－)[一二三四五六七八九十\d]{{1,3}}[日号])))"
    rf"(?:(?:上午|下午|晚上|晚|早上|凌晨|中午|晚间)?(?:至|到|—|－|-|~|～)"
    rf"(?:(?P<y2>{_YEAR})年)?(?:(?P<m2>{_NUM})月)?(?P<d2>{_NUM})[日号])?"
    rf"|(?:(?P<ym_ry>{_RY})|(?P<ym_y>{_YEAR}){_S}年{_S})(?P<ym_m>{_NUM}){_S}月"
    rf"(?![\d一二三四五六七八九十]{{0,3}}[日号])(?!份?[\d一二三四五六七八九十]))"
)
# Every _DATE match has a numeral followed (after an optional space) by 年/月/日/号, the
# anchor, whose unit character lies 1 to _ANCHOR_REACH characters after the match's start:
# the year, month or day, or the "至7日" its look-ahead reads. _DATE starts with a
# look-ahead, so the regex engine cannot skip ahead in C and runs its matcher at every
# character; the anchor pattern starts with a charset (the rarer unit characters), so it can.
_DATE_ANCHOR = re.compile(r"[年月日号](?:(?<=[\d〇○零一二三四五六七八九十][年月日号])|(?<=[\d〇○零一二三四五六七八九十] [年月日号]))")
_ANCHOR_REACH = 8  # ≥ 5 (2018 年, 上个月15号) and ≥ 7 (二十三至二十三日: the look-ahead)
_DATE_SPAN = 50  # > the longest _DATE match (36 characters) plus its look-aheads (4)
# Days named from the publication date (offset) or from the day last named ("ctx").
_RELATIVE = re.compile(r"[今昨前明后当同次翌大](?:前天|后天|一天|[天日晚早晨夜])")  # one leading charset: fast
_RELATIVE_WORDS = frozenset(
    "今天 今日 今晚 今早 今晨 今夜 昨天 昨日 昨晚 昨早 昨晨 昨夜 前天 前晚 前夜 明天 明日 明晚 明晨 后天 大前天 大后天 "
    "当天 当日 当晚 同日 同一天 次日 翌日 前一天".split()
)
_RELATIVE_DAYS = {"今": 0, "昨": -1, "前": -2, "明": 1, "大前天": -3, "大后天": 3, "后天": 2}
_CTX_DAYS = {"当天": 0, "当日": 0, "当晚": 0, "同日": 0, "同一天": 0, "次日": 1, "翌日": 1, "前一天": -1}
# A day number followed by these is a duration or ordinal, not a date ("30日内", "5日以上").
_NOT_DAY_AFTER = re.compile(r"(?:内|以内|以上|以下|左右|之内|后|起算|一次)")
_NUMERALS = frozenset("一二三四五六七八九十0123456789")
# Words that announce a date after publication; looked for in the clause before the date.
_FUTURE = re.compile(r"将于|将在|将从|将自|即将|定于|拟于|拟在|计划于|预计于|预定|届时")
_CLAUSE_END = re.compile(r"[。！？；\n]")
_FUTURE_REACH = 16
_NEAR_FUTURE_DAYS = 45  # a written month and day this soon after publication is this year's
# What follows a bare "18号" (in digits: 天宫二号 is a name) that is a day in spoken-style news ("18号遭到袭击", "17号致信", "29号，"), not a
# name (长征五号运载火箭, 蓝鲸1号钻井平台): a time of day, a comma, or a reporting or activity verb
_DAY_HAO_AFTER = re.compile(
    r"[，,]|上午|下午|中午|晚上?|凌晨|早上?|夜间|当地时间|在|起|至|到|"
    r"遭|发生|发表|致信|致电|宣布|表示|举行|召开|会见|会晤|抵达|通过|签署|公布|发布|称|说|对|向|与|同"
)
# Between two dates of one list: "9月10号、11号" (a bare 号 day is otherwise a name: 白叶一号)
_LIST_JOIN = frozenset("、，,和及")


def cn_number(s: str) -> int | None:
    """Parse 9, 09, 九, 十二, 二十三, 三十一, 二〇一九 (digit by digit for years)."""
    if s.isdigit():
        return int(s)
    if len(s) == 4 and "十" not in s:
        v = 0
        for c in s:
            if c not in _CN_DIGITS:
                return None
            v = v * 10 + _CN_DIGITS[c]
        return v
    if "十" in s:
        tens, _, units = s.partition("十")
        t = _CN_DIGITS.get(tens, 0) if tens else 1
        u = _CN_DIGITS.get(units, 0) if units else 0
        return t * 10 + u
    return _CN_DIGITS.get(s) if len(s) == 1 else None


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _year_of(text: str, pub: date | None) -> int | None:
    """A written year: 2019, 二〇一九, 15 / 一五 (the century that puts it nearest before publication)."""
    y = cn_number(text)
    if y is None or y >= 100:
        return y
    now = pub.year if pub else 2030
    return 2000 + y if 2000 + y <= now + 1 else 1900 + y


@dataclass(slots=True)
class _Context:
    """What earlier dates in the text say, for the parts a later date leaves out."""

    pub: date | None
    year: int | None = None  # the year last written in full
    month: tuple[int, int] | None = None  # (year or 0, month) last written
    para: int = -1  # start of the paragraph where ``month`` was written
    month_dated: bool = False  # ``month`` came with a day (9月9日), not alone (今年11月修建完成)
    day: date | None = None  # the day last named (当天, 次日)

    def usable(self, d: date, para: int, future: bool) -> bool:
        """A reading from context holds when it is not after publication (unless announced),
        and it was set in the same paragraph, or by a full date (not a month alone, which is background: "今年11月
        修建完成") and lies within two months before publication."""
        if self.pub is None:
            return True
        if d > self.pub + timedelta(days=1) and not future:
            return False
        return para == self.para or (self.month_dated and d >= self.pub - timedelta(days=62))


def _announced(norm: str, s: int) -> bool:
    """True when the clause before ``s`` announces a coming date (将于, 即将, 定于 …)."""
    lo = max(0, s - _FUTURE_REACH)
    for m in _CLAUSE_END.finditer(norm, lo, s):
        lo = m.end()
    return _FUTURE.search(norm, lo, s) is not None


def _from_pub_day(d: int, pub: date, future: bool) -> date | None:
    """The most recent day ``d`` not after ``pub`` (the next one when ``future``)."""
    step = 1 if future else -1
    y, m = pub.year, pub.month
    for _ in range(3):
        cand = _valid(y, m, d)
        if cand is not None and (cand >= pub if future else cand <= pub):
            return cand
        y, m = _add_months(y, m, step)
    return None


def _from_pub_month(m: int, d: int, pub: date, future: bool) -> date | None:
    """The most recent ``m``月``d``日 not after ``pub`` (a day's slack; the next one when ``future``).

    A month and day in the coming weeks is this year's even unannounced ("会议12月25日至29日在京举行" in a
    story of 12月18日, "期限为8月2日至31日"): news does not name a day of eleven months ago without its year.
    """
    cand = _valid(pub.year, m, d) or _valid(pub.year - 1, m, d)
    if cand is None:
        return None
    if future or pub < cand <= pub + timedelta(days=_NEAR_FUTURE_DAYS):
        return cand if cand >= pub - timedelta(days=1) else _valid(pub.year + 1, m, d)
    return cand if cand <= pub + timedelta(days=1) else _valid(pub.year - 1, m, d)


def _year_month(g: dict, ctx: _Context, yk: str, ryk: str) -> tuple[int | None, bool]:
    """The year a date's own year part gives (None when it has none), and whether it was written."""
    if g[yk]:
        return _year_of(g[yk], ctx.pub), True
    ry = g[ryk]
    if ry in _REL_YEAR:
        return (ctx.pub.year + _REL_YEAR[ry] if ctx.pub else None), True
    if ry in _CTX_YEAR:
        base = ctx.year or (ctx.pub.year if ctx.pub else None)
        return (base + _CTX_YEAR[ry] if base else None), True
    return None, False


def _resolve_day(g: dict, norm: str, s: int, para: int, ctx: _Context) -> tuple[date | None, str, bool]:
    """The date of a match with a day; with what filled the gaps and whether it is resolvable."""
    d = cn_number(g["d"])
    if d is None:
        return None, "", False
    y, has_year = _year_month(g, ctx, "y", "ry")
    future = _announced(norm, s)
    pub = ctx.pub
    rm = g["rm"]
    if rm:
        base = (pub.year, pub.month) if rm in _REL_MONTH and pub else None
        if rm in _CTX_MONTH:
            base = (ctx.month[0] or ctx.year or (pub.year if pub else 0), ctx.month[1]) if ctx.month else \
                ((pub.year, pub.month) if pub else None)
        if base is None or not base[0]:
            return None, "", False
        k = _REL_MONTH.get(rm, _CTX_MONTH.get(rm, 0))
        yy, mm = _add_months(base[0], base[1], k)
        return _valid(yy, mm, d), "relative", True
    if g["m"]:
        m = cn_number(g["m"])
        if m is None or not 1 <= m <= 12:
            return None, "", True
        if has_year:
            return (_valid(y, m, d) if y else None), "" if g["y"] else "relative", True
        if ctx.year is not None and (cand := _valid(ctx.year, m, d)) and ctx.usable(cand, para, future):
            if (nxt := _rolled_over(cand, ctx)) is not None:
                return nxt, "context", True
            return cand, "context", True
        if pub is not None:
            return _from_pub_month(m, d, pub, future), "pub_date", True
        return None, "", True
    # a bare day: the month last written, else the publication date's
    if ctx.month is not None:
        cy = ctx.month[0] or ctx.year or (pub.year if pub else 0)
        cand = _valid(cy, ctx.month[1], d) if cy else None
        if cand is not None and ctx.usable(cand, para, future) and not _steps_back(cand, d, ctx, future):
            return cand, "context", True
    if pub is not None:
        return _from_pub_day(d, pub, future), "pub_date", True
    return None, "", True


_RECENT_DAYS = 7  # a bare day this close before publication is the broadcast's week
_ROLL_REACH = 62  # a month and day read forward into the next year only when that lands this recently


def _steps_back(cand: date, d: int, ctx: _Context, future: bool) -> bool:
    """A bare day that the context month puts before the day last named, while the same day of the
    broadcast's week follows that day: news numbers the latest days ("6日" in a story of 11月7日), so the
    earlier month was background ("10月7日冲突爆发以来", "上个月24号…19天过去了，12号")."""
    pub = ctx.pub
    if pub is None or ctx.day is None or cand >= ctx.day:
        return False
    recent = _from_pub_day(d, pub, future)
    return recent is not None and recent >= ctx.day and (pub - recent).days <= _RECENT_DAYS


def _rolled_over(cand: date, ctx: _Context) -> date | None:
    """The next year's reading of a month and day that falls before the month last written, when that
    reading is recent news: "去年12月以来，…2月27日，…" goes on into this year."""
    pub = ctx.pub
    if pub is None or ctx.month is None or ctx.month[0] != cand.year or cand.month >= ctx.month[1]:
        return None
    nxt = _valid(cand.year + 1, cand.month, cand.day)
    if nxt is not None and pub - timedelta(days=_ROLL_REACH) <= nxt <= pub + timedelta(days=1):
        return nxt
    return None


def _range_end(g: dict, start: date, ctx: _Context) -> date | None:
    """The last day of "12月1日至6日", "12月28日至1月2日", "2019年12月30日至2020年1月3日"."""
    d2 = cn_number(g["d2"])
    if not d2:
        return None
    m2 = cn_number(g["m2"]) if g["m2"] else start.month
    y2 = _year_of(g["y2"], ctx.pub) if g["y2"] else start.year
    if not (y2 and m2):
        return None
    end = _valid(y2, m2, d2)
    if end is not None and end <= start and not g["y2"]:
        end = _valid(y2 + 1, m2, d2)  # across new year
    if end is not None and start < end and (end - start).days <= 62:
        return end
    return None


def _date_matches(norm: str) -> list[re.Match[str]]:
    """``_DATE.finditer(norm)``, searched only before the anchors (``_DATE_ANCHOR``)."""
    return automata.anchored_finditer(_DATE, _DATE_ANCHOR, norm, _ANCHOR_REACH, _DATE_SPAN)


def _not_a_day(norm: str, mt: re.Match[str], prev_end: int) -> bool:
    """Bare "9日"/"9号" forms that are durations, ordinals or names."""
    g = mt.groupdict()
    if g["m"] or g["rm"] or g["y"] or g["ry"]:
        return False
    s, e = mt.span()
    if norm[mt.end("d"):mt.end("d") + 1] == "号" and not (s > 0 and norm[s - 1] in _LIST_JOIN and prev_end == s - 1) \
            and not (g["d"].isdigit() and _DAY_HAO_AFTER.match(norm, e)):
        return True  # "白叶一号", "蓝鲸1号" are names; "9月10号、11号" is a list; "18号遭到袭击" is a day
    if g["d"] == "一":
        return True  # a bare 一日 is "one day" (五十年如一日, 一日五次试车); the 1st is written 1日
    return (s > 0 and norm[s - 1] in "第每前近") or _NOT_DAY_AFTER.match(norm, e) is not None


def _month_mention(mt: re.Match[str], ctx: _Context, para: int) -> DateMention | None:
    g = mt.groupdict()
    y, _ = _year_month(g, ctx, "ym_y", "ym_ry")
    mo = cn_number(g["ym_m"])
    if not (y and mo and 1 <= mo <= 12):
        return None
    ctx.year, ctx.month, ctx.para, ctx.month_dated = y, (y, mo), para, False
    s, e = mt.span()
    return DateMention(s, e, mt.group(0), f"{y:04d}-{mo:02d}-01", None, "month", "" if g["ym_y"] else "relative")


def _day_mention(norm: str, mt: re.Match[str], ctx: _Context, para: int) -> DateMention | None:
    g = mt.groupdict()
    d = cn_number(g["d"])
    if d is None or not 1 <= d <= 31 or (g["y"] and len(g["y"]) == 2 and not g["m"]):
        return None
    s, e = mt.span()
    start, how, ok = _resolve_day(g, norm, s, para, ctx)
    if start is None:
        if not ok:
            return None
        m = cn_number(g["m"]) if g["m"] else None
        if m and 1 <= m <= 12:
            ctx.month, ctx.para, ctx.month_dated = (0, m), para, True
        return DateMention(s, e, mt.group(0), None, None, "day", "")
    end = _range_end(g, start, ctx) if g["d2"] else None
    if g["y"] or g["ry"]:
        ctx.year = start.year
    if g["m"] or g["rm"] or g["y"] or g["ry"]:
        last = end or start
        ctx.month, ctx.para, ctx.month_dated = (last.year, last.month), para, True
        if ctx.year is None:
            ctx.year = start.year
    ctx.day = start
    return DateMention(s, e, mt.group(0), start.isoformat(), end.isoformat() if end else None, "day", how)


def _as_noun(norm: str, s: int, e: int) -> bool:
    """今天/明天 as "the present/the future", no day: 充满希望的明天, 昨天、今天和明天."""
    if s > 0 and norm[s - 1] == "的":
        return True
    before = norm[max(0, s - 3):s]
    after = norm[e:e + 3]
    return (after[:1] in ("、", "和") and after[1:3] in _RELATIVE_WORDS) or \
        (before[-1:] in ("、", "和") and before[:2] in _RELATIVE_WORDS)


# After a relative word ending in 日, a character that makes that 日 Japan's: 日本, 日寇, 日军, 日方, 日元
_JAPAN_NEXT = frozenset("本寇军方元")


def _relative_mention(norm: str, mt: re.Match[str], ctx: _Context) -> DateMention | None:
    s, e = mt.span()
    word = mt.group(0)
    if word not in _RELATIVE_WORDS or (s > 0 and norm[s - 1] in _NUMERALS):
        return None  # "十日" is not 日; 前日 also means "the other day", 后日 is rare
    if _as_noun(norm, s, e) or (word[-1] == "日" and norm[e:e + 1] in _JAPAN_NEXT):
        return None  # 同日寇肉搏, 同日本: 日 starts 日本/日寇 (Japan)
    if word in _CTX_DAYS:
        base = ctx.day or ctx.pub
        if base is None or (ctx.day is None and _CTX_DAYS[word]):
            return None  # 次日 with nothing before it
        dd = base + timedelta(days=_CTX_DAYS[word])
        how = "context" if ctx.day else "relative"
    else:
        if ctx.pub is None:
            return None
        dd = ctx.pub + timedelta(days=_RELATIVE_DAYS.get(word, _RELATIVE_DAYS.get(word[0], 0)))
        how = "relative"
    ctx.day = dd
    return DateMention(s, e, word, dd.isoformat(), None, "day", how)


def find_dates(norm: str, pub_date: str | None) -> list[DateMention]:
    """All date mentions in ``norm`` (simplified clean text), resolved to ISO where possible."""
    ctx = _Context(date.fromisoformat(pub_date) if pub_date else None)
    matches = [(m.start(), 0, m) for m in _date_matches(norm)]
    taken = [(s, m.end()) for s, _, m in matches]
    j = 0
    for m in _RELATIVE.finditer(norm):
        while j < len(taken) and taken[j][1] <= m.start():
            j += 1
        if j < len(taken) and taken[j][0] < m.end():
            continue  # inside an absolute date ("明年3月")
        matches.append((m.start(), 1, m))
    matches.sort(key=lambda t: (t[0], t[1]))
    out: list[DateMention] = []
    prev_end, para, seen = -1, 0, 0
    for s, kind, mt in matches:
        nl = norm.rfind("\n", seen, s)  # the text between matches is searched once
        para, seen = (nl + 1 if nl != -1 else para), s
        if kind == 1:
            dm = _relative_mention(norm, mt, ctx)
        elif mt.group("ym_m"):
            dm = _month_mention(mt, ctx, para)
        elif _not_a_day(norm, mt, prev_end):
            dm = None
        else:
            dm = _day_mention(norm, mt, ctx, para)
        if dm is not None:
            out.append(dm)
            prev_end = dm.end
    return out


# A page's own dateline: "2020年04月08日09:21 来源：…", "天津网 2017-05-11", "发表于 2021-2-19 17:40".
# Running text never writes dates with dashes or with a clock time, so these are safe to trust.
_DATELINE = re.compile(
    # The year comes first, its "not after a digit" test as a look-behind after it: a pattern
    # opening with a look-ahead or look-behind makes the engine try its matcher at every
    # character, one opening with 19|20 lets it skip to the next 1 or 2 in C.
    r"(?P<y>(?:19|20)(?<!\d..)\d{2})(?:"
    r"(?:-|/|年)(?P<m>\d{1,2})(?:-|/|月)(?P<d>\d{1,2})日?\s*(?=\d{1,2}:\d{2}|\s*(?:来源|\n|$))"
    r"|-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})(?!\d))"
)


def find_dateline(norm: str, limit: int = 400) -> str | None:
    """The publication date printed in a page's header, as ISO, or None."""
    m = _DATELINE.search(norm, 0, min(len(norm), limit))
    if not m:
        return None
    y, mo, d = (m["y"], m["m"], m["d"]) if m["m"] else (m["y"], m["m2"], m["d2"])
    v = _valid(int(y), int(mo), int(d))
    return v.isoformat() if v else None
