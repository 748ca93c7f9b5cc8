"""Events: every day-dated activity, with its kind, name, region and the officials present.

An event is anchored on a day-precision date. Its scope runs from the sentence holding
the date to the next date in the same paragraph (or the paragraph's end), because the
genre names the meeting in one sentence and its leader in the next ("9月9日，吉林召开…
会议。省委书记巴音朝鲁强调…"). One event per (date, region): repeats merge.

The region, in order of trust: a place named where the activity happened ("在江苏调研",
"天津召开"), the section's region (roundups), "全国" for central bodies and leaders
meeting in Beijing, else the region the document is about.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from readout.extract.automata import Searcher
from readout.extract.regions import enumerated
from readout.extract.regions import to_ref as _ref
from readout.model import Attendee, DateMention, Event, Official, RegionMention, RegionRef, Section, Span

_MEETING = re.compile(
    r"会议|召开|常委会|座谈会|集体学习|会见|会谈|通电话|举行|开幕|闭幕|全会|报告会|宣讲|推进会|动员会|部署会|学习会|论坛|峰会|"
    r"大会|研讨班|研讨会|审议|通话|专题会|例会|培训班|见面会|发布会|仪式|授课|作报告|党课"
)
# Words a meeting shares with a tour ("出席…后，…考察"): a meeting only when no tour word is near.
_MEETING_WEAK = re.compile(r"主持|讲话|致辞|出席|听取")
_INSPECTION = re.compile(r"考察|调研|视察|察看|检查|督导|走访|暗访|巡视|看望|慰问|实地|来到|走进|参观")
_OTHER = re.compile(
    r"参加|出发|抵达|访问|签署|发布|开展|启动|开通|投运|举办|宣判|审判|开庭|庭审|判处|公开|颁发|颁奖|植树|接受|"
    r"前往|会晤|致信|致电|回信|复信|投票|选举|当选|发射|升空|通车|开工|竣工|揭牌|成立|挂牌|演出|展出|表彰|祭奠|悼念|献花|"
    # what news reports as having happened on a day: announcements, votes, attacks, disasters
    r"宣布|公布|通过|否决|批准|决定|发生|袭击|遇袭|爆炸|坠毁|地震|举办|闭幕|落幕|开赛|夺得|签约|交付|首航|试飞"
)
# Dates that mark a deadline, a start of validity or a span, not an activity.
# A clock named between the word and the date does not change that: "截至北京时间今天16时".
_NOT_ACTIVITY_BEFORE = re.compile(
    r"(?:截至|截止|截止到|自|从|到|至|预计于?|计划于?|拟于|将于|将在|定于|预定于?|期限为|期限至|有效期至?)(?:北京时间|当地时间)?$"
    r"|预计[，,]$|[比较]$"  # a forecast ("预计，26—28日"); a comparison ("降雨比昨天有所减少")
    r"|记者$"  # the news being gathered ("记者今天从公安部获悉"), not an activity (SCHEMA)
    r"|（$|\($"
)
# "今天（10月15日）的《乡村行》": the day of a programme or an issue, which is no activity
_PROGRAMME_DAY = re.compile(r"[）)]?(?:[（(][^）)\n]{1,12}[）)])?的?《")
_NOT_ACTIVITY_AFTER = re.compile(
    r"^(?:[（(][^）)\n]{1,12}[）)])?"  # "今天（5月25日）起至28日"
    r"(?:起|以来|前(?!往|来|进|去)|之前|后|之后|开始施行|起施行|起实施|零时|0时|24时|当天起|期间"
    # a start of validity at an hour: "21日15时起，销售…门票"
    r"|(?:上午|下午|中午|晚上|凌晨)?\d{1,2}[时点](?:\d{1,2}分)?起)"
)
# With no activity word in the sentence, a date that describes the day ("今天（9月30日）是中秋国庆假期
# 第二天"), qualifies a noun ("今天的中国") or opens the programme's own framing ("今天我们来认识…")
# reports nothing that happened on it.
_FORECAST_AFTER = re.compile(r"[^，。；\n]{0,12}?(?:预计|预报|预测|计划)")
_DAY_DESCRIBED = re.compile(r"(?:[（(][^）)\n]{1,12}[）)])?(?:，?(?:是|正值|恰逢|适逢|我们|为您)|的|要)")
# A meeting's name: after its verb ("天津召开…部署会议"), or before it ("…会议在京召开").
# The second form is found from the verb back, because a pattern that starts with
# "up to 40 of anything" is tried at every position and dominates the stage's time.
_TITLE_AFTER_VERB = re.compile(
    r"(?:召开|举行|主持召开|主持|出席)(?:了)?(?P<t>[^，。；\n]{2,60}?(?:会议|大会|座谈会|常委会|全会|学习会|推进会|报告会|"
    r"动员会|部署会|见面会|研讨班|研讨会|论坛|峰会|集体学习|专题会|例会)(?!议))"
)
_TITLE_BEFORE_VERB = re.compile(
    r"(?P<suffix>会议|大会|座谈会|常委会|全会|推进会|报告会|动员会|部署会|论坛|峰会)(?:在[^，。]{1,20})?(?:召开|举行|开幕)"
)
_TITLE_STOP = re.compile(r"[，。；\n]")


def _title(norm: str, s: int, e: int, scan: _Scan) -> tuple[int, int] | None:
    """The span of the meeting's name in ``norm[s:e]``, or None (leftmost reading wins)."""
    best = None
    m = scan.title_after.search(s, e)
    if m:
        best = (m.start(), m.span("t"))
    first = scan.title_before.search(s, e)
    if first is None:
        return best[1] if best else None
    for n, m2 in enumerate(_TITLE_BEFORE_VERB.finditer(norm, first.start(), e)):
        if n == _MAX_TITLE_TRIES:
            break
        suffix_start, suffix_end = m2.span("suffix")
        lo = max(s, suffix_start - 40)
        ts = lo
        for stop in _TITLE_STOP.finditer(norm, lo, suffix_start):
            ts = stop.end()  # the last stop before the suffix
        if suffix_start - ts >= 2:
            if best is None or ts < best[0]:
                best = (ts, (ts, suffix_end))
            break
    return best[1] if best else None
# A meeting of the whole country, named with 全国 and held (全国…现场会在浙江安吉召开, 召开第五次
# 全国…会议): not a local body's meeting of its 全国人大代表.
_NATIONAL_NAME = r"全国(?!人大代表|政协委员|劳动模范|劳模|各地)[^，。；、\n]{1,30}?(?:会议|大会|会|论坛)"
_NATIONAL = re.compile(
    rf"{_NATIONAL_NAME}(?:在[^，。；\n]{{1,20}})?(?:召开|举行|开幕)"
    rf"|(?:召开|举行|举办)了?(?:第[一二三四五六七八九十\d]+[次届]|首届)?{_NATIONAL_NAME}"
)
_QUANGUO = re.compile("全国")


def _national(scan: _Scan, s: int, e: int) -> re.Match[str] | None:
    """The first 全国 of the sentence ``norm[s:e]`` when it holds a national meeting, else None."""
    first = scan.quanguo.search(s, e)
    return first if first is not None and scan.national.search(s, e) is not None else None


_CENTRAL = re.compile(
    r"中共中央|党中央|国务院|全国人大|全国政协|中央军委|中央政治局|政治局|中央委员会|中央全面深化改革|中央财经|中央外事|"
    r"中央国家安全|中央纪委|国家主席|总书记|国务院总理|人民大会堂|中南海|钓鱼台|全国人民代表大会"
)
# 对 alone is "towards" (对以色列存在偏见); it means a visit only with one after the country (对肯尼亚进行…访问)
_ABROAD_BEFORE = re.compile(r"(?:赴|抵达|飞抵|在|访问|到访|出访|前往|停靠)(?:[东西南北中]?[非欧亚美]?国家)?$")
_ABROAD_AFTER = re.compile(r"(?:进行|举行)?[^，。；\n]{0,6}?(?:访问|出访)")
# Every alternative opens with a literal (no "(?:A|B)x"): then re skips in C to the next
# possible first character instead of trying the pattern at every position.
_PUBLICATION = re.compile(
    "|".join(rf"{w}的?(?:第\d+期)?" for w in "出版 播发 刊发 刊登 推出 播出 开播 首播".split())
    + "|"
    + "|".join(rf"{w}[^，。]{{0,12}}(?:发表|播发|刊发)" for w in "求是 人民日报 新华社 光明日报 杂志 通讯 评论员文章".split())
    + "|来源[:：]"  # a page's dateline: "2020年04月08日09:21 来源：济南日报"
)
_PLACE_BEFORE = re.compile(r"(?:在|赴|到|来到|前往|抵达|深入|于)$")
_PLACE_AFTER = re.compile(r"^(?:省|市|自治区)?(?:召开|举行|举办|开幕|主持召开|调研|考察|视察)")
_SENTENCE_END = re.compile(r"[。！？\n]")
_NEWLINE = re.compile("\n")
_IN_JING = re.compile("在京")
_ESCORT = re.compile("陪同")


# Bounds that no real sentence or scope comes near (seed + dev + archives: sentences around
# a date ≤ 240 characters, scopes ≤ 608), so that text without 。 or line breaks cannot make
# every date's sentence, scope and event text run to the end of the paragraph.
_SENTENCE_REACH = 1000
_SCOPE_REACH = 3000
_MAX_TITLE_TRIES = 64  # names before a verb tried per scope ("，会议召开" fails: no name)


class _Scan:
    """One document's lookups for ``find_events``: sentence and paragraph bounds by bisection,
    and the trigger patterns as ``Searcher``s, so that the many dates of a long paragraph do not
    each read it again to its end."""

    def __init__(self, norm: str, regions: list[RegionMention] | None = None) -> None:
        self.norm = norm
        self.breaks = [m.start() for m in _SENTENCE_END.finditer(norm)]
        self.newlines = [m.start() for m in _NEWLINE.finditer(norm)]
        # posts like 人大常委会委员长 masked once for the whole text (they never cross a sentence break)
        masked = _POST_WORDS.sub(_blank, norm) if "常委会" in norm or "政协" in norm else norm
        self.kind = tuple(Searcher(rx, masked, 8) for rx in (_INSPECTION, _MEETING, _MEETING_WEAK, _OTHER))
        self.publication = Searcher(_PUBLICATION, norm, 40)
        self.title_after = Searcher(_TITLE_AFTER_VERB, norm, 80)
        self.title_before = Searcher(_TITLE_BEFORE_VERB, norm, 32)
        home = _home_bodies(norm, regions or [])
        self.central = Searcher(_CENTRAL, home, 12)
        self.quanguo = Searcher(_QUANGUO, norm, 2)
        self.national = Searcher(_NATIONAL, norm, 100)  # 召开了第十次 (8) + 全国 name (36) + 在… (21) + 召开 (2)
        self.central_body = Searcher(_CENTRAL_BODY, home, 16)
        self.local_actor = Searcher(_LOCAL_ACTOR, norm, 8)
        self.in_jing = Searcher(_IN_JING, norm, 2)
        self.escort = Searcher(_ESCORT, norm, 2)

    def paragraph(self, start: int, end: int) -> tuple[int, int]:
        """The line holding ``norm[start:end]``: after the last newline before ``start``, to the
        first newline at or after ``end``."""
        nl = self.newlines
        k = bisect_left(nl, start)
        j = bisect_left(nl, end, k)
        return (nl[k - 1] + 1 if k else 0), (nl[j] if j < len(nl) else len(self.norm))

    def sentence(self, i: int, lo: int, hi: int) -> tuple[int, int]:
        """The sentence around ``i`` within ``[lo, hi)``: after the last 。！？ or line break
        before ``i``, through the first one at or after it (a line break left out)."""
        br = self.breaks
        k = bisect_left(br, i)
        s = br[k - 1] + 1 if k and br[k - 1] >= lo else lo
        e = br[k] + 1 if k < len(br) and br[k] < hi else hi
        s, e = max(s, i - _SENTENCE_REACH), min(e, i + _SENTENCE_REACH)
        if e > s and self.norm[e - 1] == "\n":
            e -= 1
        return s, e


# One-character names of countries that foreign news puts before a body or post: 俄国防部, 美国防部长, 哥外交部.
_COUNTRY_LETTER = frozenset("美俄英法德韩朝叙伊乌土埃哥印巴澳菲越泰")


def _home_bodies(norm: str, regions: list[RegionMention]) -> str:
    """``norm`` with the central bodies and posts of other countries blanked (美国国务院, 古巴国家主席,
    俄国防部): the words are China's only when no country is written right before them."""
    ends = {m.end for m in regions if m.level == "country"}

    def foreign(m: re.Match[str]) -> str:
        i = m.start()
        if i in ends or (i > 0 and norm[i - 1] in _COUNTRY_LETTER and (i == 1 or not _is_han(norm[i - 2]))):
            return _blank(m)
        return m.group()

    if not ends and not any(c in norm for c in _COUNTRY_LETTER):
        return norm
    return _CENTRAL_BODY.sub(foreign, _CENTRAL.sub(foreign, norm))


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _blank(m: re.Match[str]) -> str:
    return "　" * (m.end() - m.start())


_POST_WORDS = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:人大常委会|政协|常委会)(?:副?委员长|副?主任|副?主席|秘书长|委员|党组书记)")


def _kind(scan: _Scan, s: int, e: int) -> str | None:
    """meeting, inspection or other, by the first trigger word in ``norm[s:e]`` (posts like
    人大常委会委员长 masked)."""
    inspection, meeting, weak, other = scan.kind
    mi = inspection.search(s, e)
    mm = meeting.search(s, e)
    if mm and (not mi or mm.start() <= mi.start()):
        return "meeting"
    if mi:
        return "inspection"
    if weak.search(s, e):
        return "meeting"
    if other.search(s, e):
        return "other"
    return None


def find_events(
    text: str,
    norm: str,
    sections: list[Section],
    dates: list[DateMention],
    regions: list[RegionMention],
    officials: list[Official],
    pub_date: str | None = None,
) -> list[Event]:
    """Day-dated activities, one per (date, region); the headline line is read too (excerpts often start
    mid-article). A single day after ``pub_date`` (ISO) is a plan ("于7月19日举行"), not yet an activity;
    a coming session of several days ("决定2月26日至28日在北京召开…全会") is scheduled and stays."""
    day_dates = [d for d in dates if d.precision == "day" and d.date
                 and (d.date_end or not pub_date or d.date <= pub_date[:10])]
    if not day_dates:
        return []
    scan = _Scan(norm, regions)
    post_spans = [(p.start, p.end) for o in officials for m in o.mentions for p in m.posts]
    places = _Places(norm, regions, post_spans, sections, {id(m) for m, x in zip(regions, enumerated(norm, regions)) if x})
    mentions = sorted(
        ((m.start, m.end, o, bool(m.posts)) for o in officials for m in o.mentions),
        key=lambda t: t[0],
    )
    mention_starts = [t[0] for t in mentions]
    date_starts = [d.start for d in day_dates]
    other_date = _next_other_date(day_dates)
    central_doc = scan.central.search(0, min(len(norm), 400)) is not None
    doc_region = next((s.region for s in sections if s.region), None)
    last_abroad = places.first_abroad  # the country of the last event abroad, in a story told abroad
    events: list[Event] = []
    by_key: dict[tuple[str | None, str | None], Event] = {}
    merged: set[int] = set()  # events that took in attendees of a repeat: sorted once at the end
    names_of: dict[int, set[str]] = {}
    for k, d in enumerate(day_dates):
        if _not_an_activity(norm, d):
            continue
        s, e, scope_end, para_end = _scope(scan, day_dates, other_date[k], d)
        if scan.publication.search(s, e):
            continue  # the news or a journal issue appearing is not an activity (SCHEMA)
        kind = _kind(scan, s, e) or _kind(scan, s, scope_end) or _unmarked(norm, d, s)
        if kind is None:
            continue
        tspan = _title(norm, s, scope_end, scan)
        region = (kind == "meeting" and _national_region(text, scan, places, s, e)) or _event_region(
            text, norm, s, scope_end, places, scan, doc_region, central_doc, d, kind, e,
            last_abroad if places.abroad_doc else None, tspan)
        abroad = region is not None and region.code is None and region.name != "全国"
        if kind == _UNMARKED and not abroad and not _central_acting(region, d):
            # International news dates every report by its day and a country ("叙利亚政府军21日…击落…",
            # "俄罗斯国防部8日表示…"), and a central body its acts ("国家卫生健康委今天通报…"); at home the
            # genre otherwise names an activity with its verb, and a dated sentence without one is mostly a
            # figure or a state of things ("今天…确诊病例降至…")
            continue
        kind = "other" if kind == _UNMARKED else kind
        last_abroad = region if abroad else last_abroad
        title = Span(tspan[0], tspan[1], text[tspan[0]:tspan[1]]) if tspan else None
        attendees = _attendees(text, norm, mentions, s, scope_end, bisect_left(mention_starts, s))
        if not attendees and scope_end == para_end:
            # "9月9日，吉林召开…会议。\n省委书记巴音朝鲁强调…": the leader opens the next paragraph
            nxt_end = scan.paragraph(para_end + 1, para_end + 1)[1] if para_end < len(norm) else len(norm)
            j = bisect_left(date_starts, para_end + 1)
            if not (j < len(day_dates) and day_dates[j].start < nxt_end):
                attendees = _attendees(text, norm, mentions, para_end + 1, min(nxt_end, para_end + 1 + _SCOPE_REACH),
                                       bisect_left(mention_starts, para_end + 1))
        key = (d.date, region.name if region else None)
        if key in by_key:
            ev = by_key[key]
            if _merge(ev, attendees, names_of.setdefault(id(ev), {b.name for b in ev.officials})):
                merged.add(id(ev))
            continue
        ev = Event(
            start=s, end=e, text=text[s:e], date=d.date, date_end=d.date_end, kind=kind, title=title,
            region=region, date_span=Span(d.start, d.end, text[d.start:d.end]), officials=attendees,
        )
        by_key[key] = ev
        events.append(ev)
    for ev in (ev for ev in events if id(ev) in merged):  # one stable sort = a sort after each repeat
        ev.officials.sort(key=lambda a: seniority(a.posts))
    events.extend(_carried_roundup_events(text, norm, day_dates, places, scan, by_key))
    return _without_unplaced_repeats(events)


def _central_acting(region: RegionRef | None, d: DateMention) -> bool:
    """True when ``region`` is 全国 for a central body named right before the date (国家卫生健康委今天…)."""
    return region is not None and region.name == "全国" and 0 <= d.start - region.end <= 2


def _national_region(text: str, scan: _Scan, places: _Places, s: int, e: int) -> RegionRef | None:
    """全国 for a national meeting in the sentence ``[s, e)``, wherever it is held and wherever later
    sentences go; None when there is none, or when it is another country's ("埃及临时总统曼苏尔主持召开
    全国和解对话": a country is named before it)."""
    qg = _national(scan, s, e)
    if qg is None or places.first(places.countries, s, qg.start()) is not None:
        return None
    k0 = qg.start()
    return RegionRef("全国", None, text[k0:k0 + 2], k0, k0 + 2)


def _scope(scan: _Scan, day_dates: list[DateMention], j: int, d: DateMention) -> tuple[int, int, int, int]:
    """The sentence of ``d`` (start, end), the end of its scope (to the sentence of the next other date
    ``day_dates[j]`` in the paragraph, or the paragraph's end) and the paragraph's end."""
    para_start, para_end = scan.paragraph(d.start, d.end)
    s, e = scan.sentence(d.start, para_start, para_end)
    scope_end = para_end
    if j < len(day_dates) and day_dates[j].start < para_end:
        scope_end = max(e, scan.sentence(day_dates[j].start, para_start, para_end)[0])
    return s, e, min(scope_end, max(e, s + _SCOPE_REACH)), para_end


def _not_an_activity(norm: str, d: DateMention) -> bool:
    """A date that marks a deadline, a start of validity, a comparison or a programme's day."""
    return bool(_NOT_ACTIVITY_BEFORE.search(norm, max(0, d.start - 10), d.start)
                or _NOT_ACTIVITY_AFTER.match(norm[d.end:d.end + 10]) or _PROGRAMME_DAY.match(norm, d.end))


_UNMARKED = "unmarked"  # the kind of a dated sentence with no trigger word, until its place is known


def _unmarked(norm: str, d: DateMention, s: int) -> str | None:
    """``_UNMARKED`` for a day-dated sentence with no trigger word that still reports what happened
    ("29日美国报告单日新增病例…", "叙利亚政府军21日…击落一架无人机"); None when the date only describes
    the day, announces a forecast ("今天，全国民航航班预计飞行…") or stands in quoted words."""
    if _DAY_DESCRIBED.match(norm, d.end) or _FORECAST_AFTER.match(norm, d.end) \
            or norm.rfind("“", s, d.start) > norm.rfind("”", s, d.start):
        return None
    return _UNMARKED


def _without_unplaced_repeats(events: list[Event]) -> list[Event]:
    """An event of no known place on a day that has a placed event is that event told again
    ("会议开始时…今天（8日）是…" after "十三届全国人大二次会议8日…举行"): its attendees join the placed one."""
    placed: dict[str | None, Event] = {}
    for ev in events:
        if ev.region is not None:
            placed.setdefault(ev.date, ev)
    out = []
    for ev in events:
        host = placed.get(ev.date) if ev.region is None else None
        if host is None:
            out.append(ev)
        elif _merge(host, ev.officials, {a.name for a in host.officials}):
            host.officials.sort(key=lambda a: seniority(a.posts))
    return out


def _next_other_date(day_dates: list[DateMention]) -> list[int]:
    """For each date, the index of the next date that differs from it (len(day_dates) if none)."""
    out = [len(day_dates)] * len(day_dates)
    for k in range(len(day_dates) - 2, -1, -1):
        out[k] = k + 1 if day_dates[k + 1].date != day_dates[k].date else out[k + 1]
    return out


def _merge(ev: Event, attendees: list[Attendee], names: set[str]) -> bool:
    """Add a repeat's new attendees to ``ev`` (``names``: those it has); True if any was added."""
    added = False
    for a in attendees:
        if a.name not in names:
            ev.officials.append(a)
            names.add(a.name)
            added = True
    return added


_ROUNDUP_CUE = re.compile(r"各地|多地|各省|全国各地")
_PARA_PLACE_BEFORE = re.compile(r"(?:^|在|，|。|、)$")
_UNDATED_SPAN = re.compile(r"连日来|近日|近期|日前|以来|起")


def _carried_roundup_events(
    text: str, norm: str, day_dates: list[DateMention], places: _Places, scan: _Scan, by_key: dict,
) -> list[Event]:
    """A "各地" roundup dates its lead ("今天（3月5日）…各地开展…") and then lists regions in
    undated paragraphs: each place named there took part on the lead's date."""
    lead_end = norm.find("\n", norm.find("\n") + 1)
    lead_end = len(norm) if lead_end == -1 else lead_end
    if not _ROUNDUP_CUE.search(norm, 0, lead_end):
        return []
    lead = None
    date_starts = [d.start for d in day_dates]
    for cue in _ROUNDUP_CUE.finditer(norm, 0, lead_end):
        cs, ce = scan.sentence(cue.start(), 0, lead_end)
        # the lead must date the regions' activity itself: "今天（3月5日）是学雷锋日，各地开展…",
        # not "今天是国际志愿者日。连日来，各地…"
        for d in day_dates[bisect_left(date_starts, cs):bisect_left(date_starts, cue.start())]:
            if not d.date_end and not _UNDATED_SPAN.search(norm, d.end, cue.start()) \
                    and not _PROGRAMME_DAY.match(norm, d.end):
                lead = d
                break
        if lead is not None:
            break
    if lead is None:
        return []
    out: list[Event] = []
    regions = places.regions
    para_start = lead_end + 1
    while para_start < len(norm):
        pe = scan.paragraph(para_start, para_start)[1]
        j = bisect_left(date_starts, para_start)
        if j < len(day_dates) and day_dates[j].start < pe:
            break  # dated paragraphs speak for themselves
        for r in range(bisect_left(places.starts, para_start), bisect_left(places.starts, pe)):
            m = regions[r]
            if m.level == "country" or places.in_post(m):
                continue
            if not _PARA_PLACE_BEFORE.search(norm[max(para_start, m.start - 1):m.start]) and m.start != para_start:
                continue
            key = (lead.date, m.province)
            if key in by_key:
                continue
            s, e = scan.sentence(m.start, para_start, pe)
            kind = _kind(scan, s, e) or "other"
            ev = Event(start=s, end=e, text=text[s:e], date=lead.date, date_end=None, kind=kind, title=None,
                       region=_ref(m), date_span=Span(lead.start, lead.end, text[lead.start:lead.end]))
            by_key[key] = ev
            out.append(ev)
        cb = _CENTRAL_BODY.match(norm, para_start)
        if cb and (lead.date, "全国") not in by_key:
            s, e = scan.sentence(para_start, para_start, pe)
            ev = Event(start=s, end=e, text=text[s:e], date=lead.date, date_end=None, kind=_kind(scan, s, e) or "other",
                       title=None, region=RegionRef("全国", None, text[cb.start():cb.end()], cb.start(), cb.end()),
                       date_span=Span(lead.start, lead.end, text[lead.start:lead.end]))
            by_key[(lead.date, "全国")] = ev
            out.append(ev)
        para_start = pe + 1
    return out


# After a name, words that cite the person rather than place them at the event
# ("习近平新时代中国特色社会主义思想", "习近平总书记关于…的重要论述", "…在…会议上的重要讲话").
_CITED = re.compile(r"(?:总书记|主席|同志)?(?:关于|的|重要|系列|新时代|对|所|在[^，。；\n]{0,80}?(?:上|中|时)的)")
_PRESENT = re.compile(r"(?:同志)?(?:出席|主持|强调|指出|讲话|要求|表示|参加|考察|调研|视察|来到|会见|作|在|到|前往|走访|看望|听取|宣布|宣读|致辞|陪同|等)"
                      r"|、")  # a list of those present: "栗战书、王沪宁、赵乐际出席"


_CITED_BEFORE = re.compile(r"(?:学习|贯彻|传达|落实|领会|按照|根据|遵照|依照|围绕|宣讲|阐释|践行)(?:贯彻|学习|落实)?$")
# Seniority, most senior first: the leader of an event is the most senior official present.
_RANKS = (
    re.compile(r"总书记|国家主席|中央军委主席"),
    re.compile(r"政治局常委|国务院总理|^总理$|委员长|全国政协主席"),
    re.compile(r"政治局委员|副总理|国务委员|书记处书记|全国人大常委会副委员长|全国政协副主席|国家副主席"),
    re.compile(r"(?:省委|自治区党委|市委|州委|盟委|地委|县委|区委|旗委)书记$"),
    re.compile(r"副书记|省长|自治区(?:人民)?政府主席|市长|州长|县长|人大常委会主任|政协主席|常委"),
)


def seniority(posts: list[str]) -> int:
    """0 for the party's general secretary … len(_RANKS) for posts not ranked."""
    best = len(_RANKS)
    for p in posts:
        for r, rx in enumerate(_RANKS[:best]):
            if rx.search(p):
                best = r
                break
    return best


def _attendees(text: str, norm: str, mentions: list, s: int, e: int, lo: int = 0) -> list[Attendee]:
    """The officials present in ``norm[s:e]``; ``mentions`` are sorted by start, and those
    before ``lo`` start before ``s``."""
    out: list[Attendee] = []
    seen: set[str] = set()
    for k in range(lo, len(mentions)):
        ms, me, o, posted = mentions[k]
        if ms >= e:
            break
        if ms < s or o.name in seen or not o.political:
            continue
        if _CITED.match(norm, me) or _CITED_BEFORE.search(norm, max(0, ms - 6), ms) \
                or not (posted or _PRESENT.match(norm, me)):
            continue
        seen.add(o.name)
        out.append(Attendee(o.name, list(o.posts), ms, me, text[ms:me]))
    # most senior first; the text's order among equals
    out.sort(key=lambda a: seniority(a.posts))
    return out


_ACTOR_AFTER = re.compile(r"(?:省|市|县|区|自治区)?(?:委|党委|人大|政府|政协|常委会|召开|举行|举办|开展|启动|部署)")
_LOCAL_ACTOR = re.compile(r"(?:省委|市委|县委|区委|州委|自治区党委|省政府|市政府|我省|我市|我区|全省|全市|省人大|市人大|省政协|市政协|省局|市局)")
_CENTRAL_BODY = re.compile(
    r"国家[\u4e00-\u9fff]{0,6}?(?:总|委员会|委|局|署|中心)|中央[\u4e00-\u9fff]{0,6}?(?:台|委|部|办)|全国[妇总工青科侨文]|"
    # central bodies whose names do not start with 国家/中央 (State Council organs, the courts, the central bank)
    r"国务院[\u4e00-\u9fff]{0,8}?(?:办公室|办|委员会)|海关总署|中国人民银行|最高人民法院|最高人民检察院|中国政府|"
    # the ministries written out one by one, each alternative opening with a literal (see _PUBLICATION)
    + "|".join(
        w + "部"
        for w in (
            "外交 国防 教育 科技 工业和信息化 公安 民政 司法 财政 人力资源和社会保障 自然资源 生态环境 住房和城乡建设 "
            "交通运输 水利 农业农村 商务 文化和旅游 卫生健康 退役军人事务 应急管理"
        ).split()
    )
)


# After a country, words that make it the origin of a report: 伊朗媒体, 叙利亚通讯社, 黎巴嫩“广场”电视台
_SOURCE_AFTER = re.compile(r"(?:[^，。；\n]{0,8}?(?:媒体|通讯社|通讯|电视台|广播公司|新闻社|报纸|网站|报道))")
_SOURCE_BEFORE = re.compile(r"据$")


def _is_source(norm: str, m: RegionMention) -> bool:
    """True for a country that names the source of the news ("据俄罗斯媒体报道", "亚美尼亚通讯社报道说")."""
    return bool(_SOURCE_AFTER.match(norm, m.end)) and (
        bool(_SOURCE_BEFORE.search(norm, max(0, m.start - 1), m.start)) or norm.startswith(
            ("媒体", "通讯社", "电视台", "新闻社", "多家媒体", "官方媒体"), m.end))


_GLUED = re.compile(r"[\u4e00-\u9fff]{1,4}")
_TITLE_REACH = 30  # 《》 titles are shorter than this


def _in_title(norm: str, i: int) -> bool:
    """True when ``i`` is inside a 《title》 (《美国全球监听行动纪录》): a title names no place."""
    k = norm.rfind("《", max(0, i - _TITLE_REACH), i)
    return k != -1 and norm.find("》", k, i) == -1


class _Places:
    """The region mentions of one document, with what ``_event_region`` asks of each (all of it
    independent of the event) worked out once, so each event looks places up by bisection."""

    def __init__(self, norm: str, regions: list[RegionMention], post_spans: list[tuple[int, int]],
                 sections: list[Section], listed: set[int]) -> None:
        self.regions = regions = sorted(regions, key=lambda m: m.start)
        self.starts = [m.start for m in regions]
        self.post_mask = bytearray(len(norm) + 1)
        for a, b in post_spans:
            self.post_mask[a:b] = b"\x01" * (b - a)
        self.sections = sections
        self.section_starts = [sec.start for sec in sections]

        def where(pred) -> list[int]:  # noqa: ANN001
            return [i for i, m in enumerate(regions) if pred(m)]

        def place_before(m: RegionMention) -> bool:
            return bool(_PLACE_BEFORE.search(norm[max(0, m.start - 2):m.start]))

        titled = {i for i, m in enumerate(regions) if _in_title(norm, m.start)}
        glued = {id(b) for a, b in zip(regions, regions[1:])
                 if a.level == "country" and b.level != "country" and _GLUED.fullmatch(norm, a.end, b.start)}
        # a country that only names where the news came from ("据黎巴嫩电视台报道", "亚美尼亚通讯社报道说")
        # is not where it happened
        self.source = source = {i for i, m in enumerate(regions) if m.level == "country" and _is_source(norm, m)}
        # 0. abroad: "抵达莫斯科，开始对俄罗斯进行国事访问", "在哈萨克斯坦出席…"
        self.abroad = [i for i in where(lambda m: m.level == "country" and bool(
            _ABROAD_BEFORE.search(norm, max(0, m.start - 6), m.start) or _ABROAD_AFTER.match(norm, m.end)))
            if i not in source and i not in titled]
        # a place at home written on after a country's name is part of a foreign place's (美国佛罗里达州: 达州)
        home = where(lambda m: m.level != "country" and id(m) not in glued)
        # 1. the body that held it, named with its place: "天津召开", "济南市委常委会召开会议"
        self.actor = [i for i in home if not self.in_post(regions[i]) and _ACTOR_AFTER.match(norm, regions[i].end)
                      and not place_before(regions[i])]
        # 2. where it happened: "在江苏调研", "来到海南", "在京"
        self.venue = [i for i in home if not self.in_post(regions[i])
                      and (place_before(regions[i]) or _PLACE_AFTER.match(norm[regions[i].end:regions[i].end + 6]))]
        self.home = home
        # 7. any place in the sentence not in a list of many provinces
        self.unlisted = [i for i in home if id(regions[i]) not in listed]
        # 2b. countries not in such a list, for abroad by elimination
        self.countries = [i for i, m in enumerate(regions) if m.level == "country" and id(m) not in listed
                          and i not in source and i not in titled]
        self.any_country = [i for i, m in enumerate(regions) if m.level == "country" and i not in titled]
        self.posted = [i for i in home if self.in_post(regions[i])]
        # A story told abroad (more countries named than places at home outside posts): a sentence that names
        # no place happens in the country of the event before it ("当天，两国签署了…"), not at a stray home place
        # (达州 in 佛罗里达州); before the first such event, in the first country named
        self.abroad_doc = len(self.any_country) > len(home) - len(self.posted)
        self.first_abroad = _ref(regions[self.countries[0]]) if self.countries else None
        self.every = list(range(len(regions)))

    def in_post(self, m: RegionMention) -> bool:
        return bool(self.post_mask[m.start])

    def first(self, which: list[int], s: int, e: int) -> RegionMention | None:
        """The first region of ``which`` (indices, ascending) that starts in ``[s, e)``."""
        k = bisect_left(which, bisect_left(self.starts, s))
        if k < len(which) and self.regions[which[k]].start < e:
            return self.regions[which[k]]
        return None

    def section_at(self, i: int) -> Section | None:
        """The section holding ``i`` (sections are sorted and do not overlap)."""
        k = bisect_left(self.section_starts, i + 1) - 1  # the last one starting at or before i
        return self.sections[k] if k >= 0 and i < self.sections[k].end else None


def _here(norm: str, s: int, e: int, places: _Places) -> RegionMention | None:
    """The place named by "这里是…" earlier in the paragraph, for a sentence that happens "在这里"/"这里"."""
    k = norm.rfind("这里是", norm.rfind("\n", 0, s) + 1, e)
    if k == -1 or norm.find("这里", max(s, k + 3), e) == -1:
        return None
    return places.first(places.every, k + 3, k + 5)


# A verb of saying right after the date (an hour between): the date is the statement's.
_LOCAL_TIME = re.compile("当地时间")
_SAY_AFTER = re.compile(
    r"(?:上午|下午|晚上?|晚间|凌晨|早些时候)?(?:发表声明|发表讲话|发表|表示|宣布|声称|称|说|指出|强调|证实|确认|"
    r"透露|警告|呼吁|谴责|回应|通报|报告|致信|致函)"
)
# One-character names of countries before a body or an armed force (新华社 usage: 以军, 美方, 俄国防部).
_LETTER_COUNTRY = {"美": "美国", "俄": "俄罗斯", "英": "英国", "法": "法国", "德": "德国", "日": "日本", "韩": "韩国",
                   "朝": "朝鲜", "叙": "叙利亚", "伊": "伊朗", "乌": "乌克兰", "土": "土耳其", "以": "以色列",
                   "埃": "埃及", "印": "印度", "菲": "菲律宾", "越": "越南", "泰": "泰国"}
_LETTER_BODY = re.compile(r"[美俄英法德日韩朝叙伊乌土以埃印菲越泰](?=军|方|国防部|外交部|政府|总统|总理|外长|防长)")


def _speaker_country(text: str, norm: str, s: int, i: int, places: _Places) -> RegionRef | None:
    """The country of whoever speaks at ``i`` (a date before a verb of saying): the last country named
    before it in the sentence ``norm[s:i]``, by name (伊朗外交部) or by its letter (以军, 俄国防部); None
    when a place at home comes last or nothing is named."""
    k = bisect_left(places.starts, i) - 1
    while k >= 0 and places.regions[k].start >= s:
        m = places.regions[k]
        if m.level == "country" and k not in places.source:
            return _ref(m)
        if m.level != "country" and not places.in_post(m):
            return None
        k -= 1
    last = None
    for lm in _LETTER_BODY.finditer(norm, s, i):
        j = lm.start()
        if j == 0 or not _is_han(norm[j - 1]):
            last = lm
    if last is not None:
        j = last.start()
        return RegionRef(_LETTER_COUNTRY[norm[j]], None, text[j:j + 1], j, j + 1)
    return None


def _event_region(
    text: str, norm: str, s: int, e: int, places: _Places, scan: _Scan, doc_region: RegionRef | None,
    central_doc: bool, d: DateMention, kind: str = "other", sent_end: int | None = None,
    abroad: RegionRef | None = None, title: tuple[int, int] | None = None,
) -> RegionRef | None:
    """Where the activity took place or who held it (see the module docstring for the order).
    ``abroad``: in a story told abroad, the country that a sentence naming no place happens in."""
    sent_end = e if sent_end is None else sent_end
    # 0a. words reported abroad are said where the speaker is: "土耳其总统埃尔多安30日说，土耳其将在叙利亚…",
    # "以军22日凌晨证实…在黎巴嫩…", "俄国防部10日称…挪威海": places after the verb are what was said
    if _SAY_AFTER.match(norm, d.end) and (said := _speaker_country(text, norm, s, d.start, places)) is not None:
        return said
    sections = places.sections
    section = places.section_at(d.start)
    central = bool(scan.central.search(s, sent_end)) or central_doc

    def finish(ref: RegionRef) -> RegionRef:
        # central meetings in Beijing are national; an inspection of Beijing is Beijing's
        if ref.name == "北京市" and kind == "meeting" and central:
            return RegionRef("全国", None, ref.text, ref.start, ref.end)
        return ref

    # 0. abroad: "抵达莫斯科，开始对俄罗斯进行国事访问", "在哈萨克斯坦出席…"
    if (m := places.first(places.abroad, s, sent_end)) is not None:
        return _ref(m)
    # 1. the body that held it, named with its place: "天津召开", "济南市委常委会召开会议"
    if (m := places.first(places.actor, s, sent_end)) is not None:
        return finish(_ref(m))
    # 2. where it happened: "在江苏调研", "来到海南", "在京"
    if (m := places.first(places.venue, s, sent_end)) is not None:
        return finish(_ref(m))
    jing = scan.in_jing.search(s, sent_end)
    if jing is not None:
        j = jing.start()
        return finish(RegionRef("北京市", "110000", text[j + 1:j + 2], j + 1, j + 2))
    # 2a. the place a correspondent stands in: "这里是菲律宾首都马尼拉，…峰会18号在这里举行"
    if (m := _here(norm, s, sent_end, places)) is not None:
        return finish(_ref(m))
    # 2a'. the place a meeting is named after is where it is held: "出席2019年太原能源低碳发展论坛开幕式"
    if title is not None and (m := places.first(places.home, title[0], title[1])) is not None \
            and not places.in_post(m):
        return finish(_ref(m))
    # 2b. abroad by elimination: the sentence names countries (a foreign subject, "叙利亚总统…18日"; a foreign
    # body, "巴西联邦地区法院24日") and no place in China, and nothing central: the first country named
    if not central and places.first(places.home, s, sent_end) is None \
            and (country := places.first(places.countries, s, sent_end)
                 or places.first(places.any_country, s, sent_end)) is not None:
        return _ref(country)  # a report's source country when the sentence names no other
    cm = scan.central.search(s, sent_end) or scan.central_body.search(s, sent_end)
    if abroad is not None and ((not central and not cm) or _LOCAL_TIME.search(norm, s, sent_end)):
        return abroad  # "当天，两国签署了…协议"; "当地时间8日，国家主席习近平…会见…"
    # 3. the section's region (a roundup's province)
    if section is not None and section.region is not None and len(sections) > 1 and abroad is None:
        return section.region
    # 4. a local body (省委, 市委常委会, 我省) acts: the region the document is about
    la = scan.local_actor.search(s, sent_end)
    if la and (not cm or la.start() < cm.start()) and abroad is None:
        return doc_region
    # 5. provincial leaders accompanying ("在海南省委书记刘赐贵陪同下"), or an inspection: their province
    if (kind == "inspection" or scan.escort.search(s, sent_end)) \
            and (m := places.first(places.posted, s, e)) is not None:
        return finish(_ref(m))
    # 6. central bodies → 全国
    if cm:
        return RegionRef("全国", None, text[cm.start():cm.end()], cm.start(), cm.end())
    # 7. any place in the sentence not in a list of many provinces, then the document's region
    if (m := places.first(places.unlisted, s, sent_end)) is not None:
        return finish(_ref(m))
    if abroad is not None and not central_doc:
        return abroad  # a central story's unplaced sentence stays unplaced and joins the day's placed event
    if section is not None and section.region is not None:
        return finish(section.region)
    if (ref := None if central_doc else doc_region) is not None:
        return ref
    # 8. the whole country named as the scope: "昨天全国铁路发送旅客2009.8万人次"
    qg = scan.quanguo.search(s, sent_end)
    return RegionRef("全国", None, text[qg.start():qg.end()], qg.start(), qg.end()) if qg else None
