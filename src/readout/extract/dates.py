"""Dates: Arabic and Chinese numerals, day-only forms, ranges and relative days.

Missing parts are inferred the way a reader does: the month and year of a bare
"10日" come from the last date before it; a date without a year takes the year of
the last full date earlier in the text, else the publication date's year, rolled
back a year when the date would lie well after publication (12月30日 reported on
2023-01-02 is 2022-12-30).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from readout.extract import automata
from readout.model import DateMention

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"(?:(?:19|20)\d{2}|[一二〇○零九]{4})"

# One pattern for every absolute form; optional parts make year-month-day, month-day
# and day-only dates, and an optional "至/到/-" tail makes a range.
# Scraped pages keep spaces around digits ("2018 年 2 月 22 日"): `_S` allows one.
_S = " ?"
_DATE = re.compile(
    # the leading look-ahead lets the engine skip non-numeral positions at once
    rf"(?=[\d一二三四五六七八九十〇○零两])(?:(?:(?P<y>{_YEAR}){_S}年{_S})?(?:(?P<m>{_NUM}){_S}月{_S})?"
    rf"(?:(?P<d>{_NUM}){_S}(?:[日号]|(?=(?:至|到)[一二三四五六七八九十\d]{{1,3}}[日号])))"
    rf"(?:(?:上午|下午|晚上|晚|早上|凌晨|中午|晚间)?(?:至|到|—|－|-|~|～)"
    rf"(?:(?P<y2>{_YEAR})年)?(?:(?P<m2>{_NUM})月)?(?P<d2>{_NUM})[日号])?"
    rf"|(?P<ym_y>{_YEAR}){_S}年{_S}(?P<ym_m>{_NUM}){_S}月(?![\d一二三四五六七八九十]{{0,3}}[日号])(?!份?[\d一二三四五六七八九十]))"
)
# Every _DATE match has a numeral followed (after an optional space) by 年/月/日/号, the
# anchor, whose unit character lies 1 to _ANCHOR_REACH characters after the match's start:
# the year, month or day, or the "至7日" its look-ahead reads. _DATE starts with a
# look-ahead, so the regex engine cannot skip ahead in C and runs its matcher at every
# character; the anchor pattern starts with a charset (the rarer unit characters), so it can.
_DATE_ANCHOR = re.compile(r"[年月日号](?:(?<=[\d〇○零一二三四五六七八九十][年月日号])|(?<=[\d〇○零一二三四五六七八九十] [年月日号]))")
_ANCHOR_REACH = 8  # ≥ 5 (2018 年) and ≥ 7 (二十三至二十三日: the look-ahead)
_DATE_SPAN = 50  # > the longest _DATE match (34 characters) plus its look-aheads (4)
_RELATIVE = re.compile(r"[今昨前明][天日]")
# A day number followed by these is a duration or ordinal, not a date ("30日内", "5日以上").
_NOT_DAY_AFTER = re.compile(r"(?:内|以内|以上|以下|左右|之内|后|起算|一次)")
_NUMERALS = frozenset("一二三四五六七八九十0123456789")
_RELATIVE_DAYS = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1, "明日": 1}


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


def _pick_year(m: int, d: int, ctx_year: int | None, pub: date | None) -> tuple[int | None, str]:
    if pub is not None:
        y = pub.year
        cand = _valid(y, m, d)
        # A date more than ~two months after publication was almost surely last year.
        if cand is not None and cand > pub + timedelta(days=62):
            y -= 1
        return y, "pub_date"
    if ctx_year is not None:
        return ctx_year, "context"
    return None, ""


def _date_matches(norm: str) -> list[re.Match[str]]:
    """``_DATE.finditer(norm)``, searched only before the anchors (``_DATE_ANCHOR``)."""
    return automata.anchored_finditer(_DATE, _DATE_ANCHOR, norm, _ANCHOR_REACH, _DATE_SPAN)


def find_dates(norm: str, pub_date: str | None) -> list[DateMention]:
    """All date mentions in ``norm`` (simplified clean text), resolved to ISO where possible."""
    pub = date.fromisoformat(pub_date) if pub_date else None
    found: list[tuple[int, int, str, str | None, str | None, str, str]] = []
    ctx_year: int | None = None
    ctx_month: int | None = None
    for mt in _date_matches(norm):
        s, e = mt.span()
        g = mt.groupdict()
        if g["ym_y"]:
            y = cn_number(g["ym_y"])
            mo = cn_number(g["ym_m"])
            if y and mo and 1 <= mo <= 12:
                ctx_year, ctx_month = y, mo
                found.append((s, e, norm[s:e], f"{y:04d}-{mo:02d}-01", None, "month", ""))
            continue
        d = cn_number(g["d"])
        if d is None or not 1 <= d <= 31:
            continue
        if g["m"] is None and norm[mt.end("d"):mt.end("d") + 1] == "号":
            continue  # "白叶一号", "蓝鲸1号" are names; only "9月9号" is a date
        if g["m"] is None and g["y"] is None:
            # Bare "9日": reject durations and ordinals ("30日内", "第9日").
            if (s > 0 and norm[s - 1] in "第每前近") or _NOT_DAY_AFTER.match(norm, e):
                continue
        y = cn_number(g["y"]) if g["y"] else None
        mo = cn_number(g["m"]) if g["m"] else None
        inferred = ""
        if mo is None:
            if ctx_month is not None:
                mo, inferred = ctx_month, "context"
            elif pub is not None:
                mo = pub.month if d <= pub.day + 1 else (pub.month - 2) % 12 + 1
                inferred = "pub_date"
            else:
                found.append((s, e, norm[s:e], None, None, "day", ""))
                continue
        if not 1 <= mo <= 12:
            continue
        if y is None:
            if inferred == "context" and ctx_year is not None:
                y = ctx_year
            else:
                y, how = _pick_year(mo, d, ctx_year, pub)
                inferred = inferred or how
        if y is None:
            found.append((s, e, norm[s:e], None, None, "day", ""))
            ctx_month = mo
            continue
        start_date = _valid(y, mo, d)
        if start_date is None:
            continue
        end_iso = None
        if g["d2"]:
            y2 = cn_number(g["y2"]) if g["y2"] else y
            m2 = cn_number(g["m2"]) if g["m2"] else mo
            d2 = cn_number(g["d2"])
            end_date = _valid(y2 or y, m2 or mo, d2 or 0) if d2 else None
            if end_date is not None and end_date > start_date and (end_date - start_date).days <= 62:
                end_iso = end_date.isoformat()
                mo = m2 or mo
        if g["y"]:
            ctx_year = y
        if g["m"] or g["y"]:
            ctx_month = mo
            if ctx_year is None or g["y"]:
                ctx_year = y
        found.append((s, e, norm[s:e], start_date.isoformat(), end_iso, "day", inferred))
    if pub is not None:
        for mt in _RELATIVE.finditer(norm):
            s, e = mt.span()
            word = mt.group(0)
            if word not in _RELATIVE_DAYS or (s > 0 and norm[s - 1] in _NUMERALS):
                continue  # 前日 is not in the list; "三今天" cannot happen but "十日" must not
            dd = pub + timedelta(days=_RELATIVE_DAYS[word])
            found.append((s, e, word, dd.isoformat(), None, "day", "relative"))
    found.sort()
    return [DateMention(s, e, t, d, de, p, inf) for s, e, t, d, de, p, inf in found]


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
