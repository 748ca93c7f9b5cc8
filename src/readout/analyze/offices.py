"""Posts as offices: a written post (天津市委书记) read as jurisdiction × office type.

``read_post(value, context)`` returns an ``Office``: the jurisdiction (GB/T 2260 code and
standard name, from the post's own words whatever section it sits in; 全国 for central
offices) and the office type (party secretary, governor, …), with a canonical title.
The written form stays with the evidence, never replaced.

How a post is read, on its normalised value (``Post.value``: simplified, 原/时任 dropped):

1. Long official forms are shortened (全国人民代表大会常务委员会 → 全国人大常委会, 中华人民共和国
   主席 → 国家主席, 第十三届 dropped) so that one office has one reading.
2. The jurisdiction is the *last* place the post names (中共河南省委关于新乡市委书记 is 新乡's);
   a country there makes it a foreign post (no office). What follows the place is matched
   against the office rules, anchored at its start: 周台子村党委书记 after 滦平县 is a
   village post, not the county's.
3. A post naming no place is central when it names a central organ (中共中央, 国务院, 全国人大,
   全国政协, 中央军委, 国家, a ministry) or is one of the posts only the centre has
   (总书记, 国务委员, 总理); a bare local post (省委书记, 省长, 市委书记, 市长, 县长) takes the
   jurisdiction of its context: the place of the post before it in the same chain
   (天津市委书记、市长), else the nearest place of the right level named before it in its
   section (within a sentence or two; a country there means the post is foreign), else, for
   a province post or a city post in a municipality, the section's region; else it is left unread.

The office types and titles follow the organisation the 党章 (2017, ch. 4–5) and the PRC
Constitution (2018, ch. 3) and its Local Organisation Law describe: local party
committees (书记, 副书记, 常委, 委员), people's governments (省长/市长/县长/主席 and deputies),
people's congress standing committees (主任, 副主任), CPPCC committees (主席, 副主席), discipline
commissions, and the central organs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from readout.extract.regions import Gazetteer, Unit, find_regions, load_gazetteer

__all__ = ["Office", "Context", "read_post", "KINDS", "SINGLE_HOLDER", "NATIONAL"]

NATIONAL = "全国"


@dataclass(frozen=True, slots=True)
class Office:
    """An office: one jurisdiction, one type (and organ, for ministries and departments)."""

    jurisdiction: str  # standard name of the unit, or 全国
    code: str | None  # GB/T 2260 code; None for 全国
    level: str  # national | province | prefecture | county
    kind: str  # see KINDS
    organ: str  # the ministry or department (外交部, 宣传部); the post's own words for kind 'other'
    title: str  # canonical title: 天津市委书记, 浙江省省长, 国务院总理

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.jurisdiction, self.kind, self.organ)


@dataclass(frozen=True, slots=True)
class Context:
    """Where a post is written: for bare posts (省委书记) that name no place."""

    chain: Unit | None = None  # the place of the post before it in the same chain
    nearby: tuple[Unit, ...] = ()  # places named before it in its section, nearest first
    section: Unit | None = None  # the section's (province-level) region


# Office types with a single holder at a time (a successor's start ends the predecessor's span).
SINGLE_HOLDER = frozenset({
    "party_secretary", "governor", "congress_chair", "cppcc_chair", "discipline_secretary", "general_secretary",
    "president", "vice_president", "premier", "npc_chair", "cppcc_national_chair", "cmc_chair", "chief_justice",
    "procurator_general", "minister", "chief_executive", "department_head", "supervision_director",
})

# Local rules: (pattern over what follows the place, kind, title suffix builder key). Order matters:
# 纪委书记 and 政法委书记 end in 委书记 too, so they come before the party committee.
_UNIT = r"(?:省|市|自治区|自治州|区|县|州|盟|旗)?"
_LOCAL: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), k) for p, k in (
    (rf"^{_UNIT}(?:纪委监委|纪委|纪律检查委员会)书记$", "discipline_secretary"),
    (rf"^{_UNIT}(?:纪委监委|纪委|纪律检查委员会)副书记$", "deputy_discipline_secretary"),
    (rf"^{_UNIT}监委主任$", "supervision_director"),
    (rf"^{_UNIT}(?:人大常委会|人大)(?:党组书记、)?主任$", "congress_chair"),
    (rf"^{_UNIT}(?:人大常委会|人大)副主任$", "congress_vice_chair"),
    (rf"^{_UNIT}政协(?:党组书记、)?主席$", "cppcc_chair"),
    (rf"^{_UNIT}政协副主席$", "cppcc_vice_chair"),
    (rf"^{_UNIT}(?:委|党委)(?:第一|代理)?书记$", "party_secretary"),  # 上海市委代理书记: acting
    (rf"^{_UNIT}(?:委|党委)(?:专职|常务)?副书记$", "deputy_party_secretary"),
    (rf"^{_UNIT}(?:委|党委)(?:常委|常务委员|常务委员会委员)$", "standing_committee"),
    (rf"^{_UNIT}(?:委|党委)委员$", "party_committee_member"),
    (rf"^{_UNIT}(?:人民政府|政府)?(?:代理|代)?(?:省长|市长|主席|区长|县长|州长|盟长|旗长)$", "governor"),
    (rf"^{_UNIT}(?:人民政府|政府)?(?:常务)?副(?:省长|市长|主席|区长|县长|州长|盟长|旗长)$", "vice_governor"),
    (r"^(?:特别行政区)?行政长官$", "chief_executive"),
    (rf"^{_UNIT}(?:委|党委)?(组织部|宣传部|统战部|统一战线工作部|政法委|政法委员会)(?:部长|书记)$", "department_head"),
))
# Central posts, on the whole (shortened) value; group "organ" names a ministry or department.
_CENTRAL: tuple[tuple[re.Pattern[str], str, str], ...] = tuple((re.compile(p), k, t) for p, k, t in (
    (r"^(?:中共)?(?:中央)?总书记$", "general_secretary", "中共中央总书记"),
    (r"^(?:中共)?(?:中央)?政治局(?:常委|常务委员会委员)$", "politburo_standing", "中共中央政治局常委"),
    (r"^(?:中共)?(?:中央)?政治局委员$", "politburo_member", "中共中央政治局委员"),
    (r"^(?:中共)?中央书记处书记$", "secretariat", "中央书记处书记"),
    (r"^(?:中共)?中央委员$", "central_committee", "中共中央委员"),
    (r"^(?:中共)?中央候补委员$", "central_committee_alternate", "中共中央候补委员"),
    (r"^(?:国家|中国)主席$", "president", "国家主席"),
    (r"^(?:国家|中国)副主席$", "vice_president", "国家副主席"),
    (r"^(?:国务院)?总理$", "premier", "国务院总理"),
    (r"^(?:国务院)?副总理$", "vice_premier", "国务院副总理"),
    (r"^国务委员$", "state_councillor", "国务委员"),
    (r"^全国人大常委会委员长$|^委员长$", "npc_chair", "全国人大常委会委员长"),
    (r"^全国人大常委会副委员长$", "npc_vice_chair", "全国人大常委会副委员长"),
    (r"^全国政协主席$", "cppcc_national_chair", "全国政协主席"),
    (r"^全国政协副主席$", "cppcc_national_vice_chair", "全国政协副主席"),
    (r"^(?:中共)?中央军委主席$|^军委主席$", "cmc_chair", "中央军委主席"),
    (r"^(?:中共)?中央军委副主席$", "cmc_vice_chair", "中央军委副主席"),
    (r"^(?:中共)?中央军委委员$", "cmc_member", "中央军委委员"),
    (r"^(?:中共)?中央纪委(?:书记|国家监委主任)$", "discipline_secretary", "中央纪委书记"),
    (r"^国家监委主任$", "supervision_director", "国家监委主任"),
    (r"^最高人民法院院长$", "chief_justice", "最高人民法院院长"),
    (r"^最高人民检察院检察长$", "procurator_general", "最高人民检察院检察长"),
    (r"^(?:中共)?(?P<organ>中央(?:办公厅|组织部|宣传部|统战部|对外联络部|政法委|政策研究室|外办|外事工作委员会办公室|"
     r"全面深化改革委员会办公室|财经委员会办公室|网信办)|中组部|中宣部|中联部)(?:部长|主任|书记)$",
     "department_head", ""),
    (r"^(?:国务院)?(?P<organ>[\u4e00-\u9fff]{1,16}?(?:部|委员会|委|总局|署|局|银行|办公室|办|院))(?:部长|主任|局长|署长|行长|院长)$",
     "minister", ""),
    (r"^(?:国务院)?(?P<organ>[\u4e00-\u9fff]{1,16}?(?:部|委员会|委|总局|署|局|银行|办公室|办|院))副(?:部长|主任|局长|署长|行长|院长)$",
     "vice_minister", ""),
))
# The unit word a bare post holds says what its context must be (自治区 before 区, 自治州 before 州).
_UNIT_WORD = re.compile("自治区|自治州|省|市|州|县|区|盟|旗")
_BARE_LEAD = frozenset({"", "副", "常务副", "代", "代理", "常务", "第一"})  # what may stand before a bare post's unit word
_SHORTEN = tuple((re.compile(p), r) for p, r in (
    (r"第?[一二三四五六七八九十]+届", ""),
    (r"全国人民代表大会常务委员会", "全国人大常委会"),
    (r"人民代表大会常务委员会", "人大常委会"),
    (r"中国人民政治协商会议全国委员会", "全国政协"),
    (r"中国人民政治协商会议(.{2,12}?)委员会", r"\1政协"),
    (r"中华人民共和国中央军事委员会|中央军事委员会", "中央军委"),
    (r"^中华人民共和国(?=主席|副主席)", "国家"),
    (r"中央纪律检查委员会", "中央纪委"),
    (r"中国共产党中央委员会", "中共中央"),
    (r"^中央委员会(?=总书记)", "中共中央"),  # 中央委员会总书记, as career summaries write it
    (r"^中国共产党", "中共"),
    (r"^中华人民共和国", ""),
    (r"^中组部", "中央组织部"), (r"^中宣部", "中央宣传部"), (r"^中联部", "中央对外联络部"),
    (r"(?<=[\u4e00-\u9fff])(?<![部副])部长$", "部部长"),  # 外交部长 is 外交部部长
))
# Words the officials stage sometimes leaves in front of a post (应国家主席之邀, 经中央军委主席批准).
_LEAD_JUNK = "应经和与及同对向在由"
# The Communist Youth League's committees mirror the party's (共青团河北省委书记): none of its posts is an office here.
_LEAGUE = ("共青团", "中国共产主义青年团")
# Posts of central organs: read as central even when a place name sits inside (国务院台湾事务办公室主任).
_CENTRAL_PREFIX = ("中共中央", "中央", "国务院", "全国人大", "全国政协", "国家", "最高人民", "中国人民银行")
KINDS = tuple(dict.fromkeys([k for _, k in _LOCAL] + [k for _, k, _ in _CENTRAL] + ["other"]))


def shorten(value: str) -> str:
    """The short official form of a post (全国人民代表大会常务委员会委员长 → 全国人大常委会委员长)."""
    for pat, rep in _SHORTEN:
        if pat.search(value):
            value = pat.sub(rep, value)
    return value


def read_post(value: str, context: Context | None = None, gaz: Gazetteer | None = None) -> tuple[Office, str] | None:
    """The office a written post names and how its jurisdiction was found ('words', 'chain', 'context',
    'central'); None for a foreign post, a title that is no office, or a bare post with no usable context."""
    gaz = gaz or load_gazetteer()
    v = shorten(value)
    if v[:1] in _LEAD_JUNK and len(v) > 2:
        v = v[1:]
    if v.startswith(_LEAGUE):
        return None  # 共青团河北省委书记 leads the Youth League's committee, not the party's
    if v.startswith(_CENTRAL_PREFIX):
        return _central(v)  # a central organ's post, even with a place inside (国务院台湾事务办公室主任)
    places = [m for m in find_regions(v, gaz) if m.level != "national"]
    if places:
        last = places[-1]
        if last.level == "country":
            return None if last.name not in ("中国",) else _central(v[last.end:])
        unit = gaz.unit(last.code)
        if unit is None:
            return None
        rest = v[last.end:]
        if rest[:1] == "长" and last.text[-1:] in "省市县区州盟旗":
            rest = last.text[-1] + rest  # 湖南省长: the place took the 省 of 省长
        return _local(unit, rest), "words"
    central = _central(v)
    if central is not None:
        return central
    return _bare(v, context or Context(), gaz)


def _central(v: str) -> tuple[Office, str] | None:
    v = re.sub(r"^(?:中国|中共中央、)", "", v) if not v.startswith("中国人民银行") else v
    for pat, kind, title in _CENTRAL:
        m = pat.match(v)
        if m:
            organ = m.groupdict().get("organ") or ""
            if kind in ("minister", "vice_minister"):
                head = v[m.end("organ"):]
                organ = _ministry(organ) or ""
                if not organ:
                    return None  # 世界银行行长, 今天的部长: not a State Council ministry or agency
                return Office(NATIONAL, None, "national", kind, organ, organ + head), "central"
            t = title or (organ + v[m.end("organ"):] if organ else v)
            return Office(NATIONAL, None, "national", kind, organ, t), "central"
    return None


@cache
def _ministries() -> dict[str, str]:
    """Every written form of a State Council ministry, commission or agency → its full name (``data/ministries.tsv``)."""
    from readout.resources import read_table

    out: dict[str, str] = {}
    for r in read_table("ministries.tsv", ("name", "source")):
        for form in [r["name"], *(a for a in r.get("aliases", "").split("|") if a)]:
            out[form] = r["name"]
            if form.startswith("国务院"):
                out[form.removeprefix("国务院")] = r["name"]  # 台湾事务办公室, written after 国务院
    return out


def _ministry(organ: str) -> str | None:
    """The full name of the ministry ``organ`` names (外交部, 国家发改委 → 国家发展和改革委员会), else None."""
    known = _ministries()
    return known.get(organ) or known.get("国务院" + organ)


def _local(unit: Unit, rest: str) -> Office:
    for pat, kind in _LOCAL:
        m = pat.match(rest)
        if m:
            organ = m.group(1) if m.groups() and m.group(1) else ""
            return Office(unit.name, unit.code, _level(unit), kind, organ, _title(unit, kind, organ, rest))
    return Office(unit.name, unit.code, _level(unit), "other", rest, unit.name + rest)


def _bare(v: str, ctx: Context, gaz: Gazetteer) -> tuple[Office, str] | None:
    if not any(p.match(v) for p, _ in _LOCAL):
        return None
    word = _UNIT_WORD.search(v)  # 省委书记, 副省长, 自治区主席: the unit word says which unit it needs
    if word is None or v[:word.start()] not in _BARE_LEAD:
        return None  # 万象市委书记: a place the gazetteer does not know (abroad), not a bare post
    if ctx.chain is not None:
        fit = _fits(ctx.chain, word.group(), gaz)
        if fit is not None:
            return _local(fit, v), "chain"
    for unit in ctx.nearby:
        if unit.level == "country":
            return None  # the nearest place is abroad: 布宜诺斯艾利斯市长马克里 is no Chinese mayor
        fit = _fits(unit, word.group(), gaz)
        if fit is not None:
            return _local(fit, v), "context"
    # the section's region for province posts (a roundup names its province once, at the top) and for
    # city posts in a municipality's section (天津: 市委书记李鸿忠)
    sec = ctx.section
    usable = word.group() in ("省", "自治区") or (word.group() == "市" and sec is not None and sec.level == "province")
    fit = _fits(sec, word.group(), gaz) if usable else None
    return (_local(fit, v), "context") if fit is not None else None


def _fits(unit: Unit | None, word: str, gaz: Gazetteer) -> Unit | None:
    """The unit a bare post's unit ``word`` (省, 自治区, 市, 县 …) can mean given a place named near it:
    the place itself when it is such a unit, its province for 省/自治区 posts, else None."""
    if unit is None or unit.level == "country":
        return None
    if word in ("省", "自治区"):
        p = unit if unit.level == "province" else gaz.unit(unit.province_code or "")
        return p if p is not None and p.name.endswith(word) else None
    if word == "市":  # a city at any level: a municipality, a prefecture-level or county-level city
        return unit if unit.name.endswith("市") else None
    if word in ("州", "自治州", "盟"):
        return unit if unit.level == "prefecture" and unit.name.endswith(word) else None
    if word == "区":
        return unit if unit.level == "county" and unit.name.endswith("区") and not unit.name.endswith("自治区") else None
    return unit if unit.level == "county" and unit.name.endswith(word) else None  # 县, 旗


def _level(unit: Unit) -> str:
    return unit.level if unit.level in ("province", "prefecture", "county") else "county"


@cache
def _title(unit: Unit, kind: str, organ: str, rest: str) -> str:
    """A canonical title: 天津市委书记, 新疆维吾尔自治区党委书记, 浙江省省长, 广西壮族自治区主席."""
    n = unit.name
    party = n + ("党委" if n.endswith(("自治区", "自治州", "盟", "旗")) else "委")
    head = ("主席" if n.endswith("自治区") else "市长" if n.endswith("市") else "县长" if n.endswith(("县", "旗"))
            else "区长" if n.endswith("区") else "州长" if n.endswith("州") else "盟长" if n.endswith("盟") else "省长")
    return {
        "party_secretary": party + "书记", "deputy_party_secretary": party + "副书记",
        "standing_committee": party + "常委", "party_committee_member": party + "委员",
        "governor": n + head, "vice_governor": n + "副" + head,
        "congress_chair": n + "人大常委会主任", "congress_vice_chair": n + "人大常委会副主任",
        "cppcc_chair": n + "政协主席", "cppcc_vice_chair": n + "政协副主席",
        "discipline_secretary": n + "纪委书记", "deputy_discipline_secretary": n + "纪委副书记",
        "supervision_director": n + "监委主任", "chief_executive": n + "行政长官",
        "department_head": party + organ + ("书记" if organ.startswith("政法") else "部长"),
    }.get(kind, n + rest)
