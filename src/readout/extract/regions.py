"""The regions gazetteer: PRC administrative units (GB/T 2260) and countries, found in text.

``find_regions`` returns leftmost-longest, non-overlapping hits. Full names always
count; short forms of provinces, prefectures and countries count on their own; short
forms of counties only when they are long (≥ 3 characters), well known (浦东, 义乌) or
written right after their own province or prefecture (浙江建德, 杭州萧山), because
two-character county names are everyday words and given names (和平, 朝阳, 长安, 东方).
One-character forms are never matched. Words that contain a place name without naming
the place (孙中山, 长治久安, 朝鲜族, 北京时间) are in the automaton as blockers: they win
leftmost-longest and produce nothing.

Countries: ``RegionMention.level == "country"``, ``name`` and ``province`` are the
country's common Chinese name (美国), ``code`` is ``""`` and ``province_code`` is None
(GB/T 2260 has no codes for them); ``to_ref`` gives ``RegionRef(name=美国, code=None)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from readout.extract import automata
from readout.model import RegionMention, RegionRef

LEVEL_RANK = MappingProxyType({"province": 0, "prefecture": 1, "county": 2, "country": 0})

# How a surface form may be used. CTX: only right after the unit's own province or
# prefecture (浙江建德); PREF: only right after its prefecture (丹东振兴, not 辽宁振兴);
# EDGE: also after a non-Han character or a function word (在范县, not 示范县).
FULL, SHORT, CTX, PREF, EDGE = 0, 1, 2, 3, 4
# Characters after which a two-character county name (X县) stands on its own.
_EDGE_BEFORE = frozenset("在到赴去至于从由自向对是为的及与、，。；：！？“”‘’（）《》")

# Two-character county short forms that name the place on their own in reports.
COUNTY_SHORT_OK = frozenset("浦东 海淀 闵行 徐汇 虹口 杨浦 义乌 昆山 江阴 萧山 晋江 韶山 瑞金".split())
# Full county names that are also ordinary words: need the parent right before them.
GENERIC_FULL = frozenset("城区 郊区 矿区 东区 西区 新城区 城中区 城东区 城西区 城北区 新市区".split())
# Short forms (any level) that are ordinary words more often than places.
SHORT_CTX = frozenset("来宾 海地 大同 长治 安康 白银 朝阳".split())
# Ordinary words and names that contain a place name but do not name that place.
BLOCKERS = tuple(
    """
    孙中山 中山装 中山大学 中山陵 中山公园 中山路 中山舰 长治久安 三明治 四平八稳 天南海北 山南海北
    白山黑水 世界大同 天下大同 大同小异 阿里巴巴 阿里云 朝阳产业 朝阳行业 印度洋 北京时间 沿海城市
    沿海 文山会海 小兴安岭 哈密瓜 幸福安康 新乡贤 东方红 黄浦江 金山银山 海峡西岸 南来北往 大庆祝
    大理论 大理念 马里亚纳 入海口 出海口 黄河源 长江源 澜沧江源 西南山区 东南山区 江南山区
    """.split()
)
# After a short form, these make it part of the name of a street, building or firm (苏州街,
# 中山路, 杭州银行): a full name stays the place (北京市路网, 深圳市地铁集团).
_NAMED_AFTER = re.compile(r"路(?![线径子])|街(?!道)|大街|大道|巷|胡同|广场|大厦|地产|置业|集团|公司|银行|酒店|饭店|宾馆|商场|控股|实业|股份")
# Firm-name words that begin on a two-character name's last character: the name is a
# misreading across words (昆泰国际 is not 泰国, 中海地产 is not 海地).
_ACROSS = frozenset({"国际", "地产"})
# The most common surnames, less those that are also frequent word-initial characters before
# place names (江, 黄, 林, 高, 马, 金, 石, 于, 向, 和, 全 …): a two-character short form right
# after one, and followed by what follows a name, is a given name (李长春同志, 王海南说).
_SURNAMES = frozenset(
    "李王张刘陈杨赵吴周徐孙朱胡郭何罗郑梁谢宋唐许韩冯邓曹彭曾萧肖蔡潘袁董蒋杜魏程吕丁沈姚卢姜崔谭陆汪廖贾夏韦"
    "邹熊秦邱尹薛闫段侯郝龚邵钱覃戴莫孔毛贺顾赖俞汤倪"
)
_NAME_FOLLOW = re.compile(r"同志|说|表示|指出|强调|认为|介绍|告诉|主持|出席|讲话|会见|会谈|等|、|，|（|\(|在|和|与|及|为|任|是")
_PEOPLES = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit or country."""

    code: str  # GB/T 2260 code; "" for countries
    name: str  # full standard name (湖州市); a country's common name (美国)
    level: str  # "province" | "prefecture" | "county" | "country"
    parent: str  # parent unit's code ("" for provinces and countries)
    province: str  # full name of the province-level unit (the country name for countries)
    province_code: str | None
    iso: str = ""  # ISO 3166-1 alpha-2, countries only


@dataclass(frozen=True, slots=True)
class _Entry:
    surface: str
    cands: tuple[tuple[int, int], ...]  # (unit index, FULL|SHORT|CTX|PREF|EDGE); empty for a blocker
    veto: bool = False  # X区域: drop the X区 hit at the same start, keep shorter ones (河北)
    sure_province: str | None = None  # the one province a FULL/SHORT reading points to, if unique
    # Precomputed for find_regions (per hit it only picks one of these): the candidates'
    # units; the best-level usable candidates and whether all usable ones are short forms
    # (X路 is a street then), without and with an EDGE reading allowed.
    units_of: tuple[Unit, ...] = ()
    top: tuple[int, ...] = ()
    street: bool = False
    has_edge: bool = False
    top_edge: tuple[int, ...] = ()
    street_edge: bool = False


def _entry(surface: str, cands: tuple[tuple[int, int], ...], units: Sequence[Unit], veto: bool,
           sure_province: str | None) -> _Entry:
    def pick(edge_ok: bool) -> tuple[tuple[int, ...], bool]:
        usable = [i for i, use in cands if use in (FULL, SHORT) or (use == EDGE and edge_ok)]
        if not usable:
            return (), False
        best = LEVEL_RANK[units[usable[0]].level]
        top = tuple(i for i in usable if LEVEL_RANK[units[i].level] == best)
        return top, all(use != FULL for i, use in cands if i in usable)

    top, street = pick(False)
    top_edge, street_edge = pick(True)
    return _Entry(surface, cands, veto, sure_province, tuple(units[i] for i, _ in cands), top, street,
                  any(use == EDGE for _, use in cands), top_edge, street_edge)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Read-only units, name index and the automaton over every surface form."""

    units: tuple[Unit, ...]
    entries: tuple[_Entry, ...]
    automaton: automata.Automaton
    _by_code: Mapping[str, int]
    _by_name: Mapping[str, tuple[int, ...]]

    def __reduce__(self):  # noqa: ANN204
        # Pickles as "load it again": workers rebuild (once, cached) instead of shipping it.
        return (load_gazetteer, ())

    def unit(self, code: str) -> Unit | None:
        """The unit with this GB/T 2260 code."""
        i = self._by_code.get(code)
        return None if i is None else self.units[i]

    def by_name(self, name: str) -> Unit | None:
        """The unit a full or short name stands for (the highest level, then the first, wins)."""
        ids = self._by_name.get(name)
        return self.units[ids[0]] if ids else None

    def all_by_name(self, name: str) -> list[Unit]:
        """Every unit a full or short name may stand for, best first."""
        return [self.units[i] for i in self._by_name.get(name, ())]

    def province_of(self, name: str) -> tuple[str, str | None] | None:
        """(province full name, province code) for a full or short name: 湖州 → (浙江省, 330000)."""
        u = self.by_name(name)
        return None if u is None else (u.province, u.province_code)

    def parent_of(self, unit: Unit) -> Unit | None:
        return self.unit(unit.parent) if unit.parent else None

    def is_ancestor(self, anc: Unit, unit: Unit) -> bool:
        """True when ``anc`` is ``unit``'s province or prefecture."""
        p = self.parent_of(unit)
        while p is not None:
            if p.code == anc.code:
                return True
            p = self.parent_of(p)
        return False


def _data_lines(fname: str) -> Iterable[list[str]]:
    text = resources.files("readout.data").joinpath(fname).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def _forms(u: Unit, shorts: list[str], former: list[str]) -> list[tuple[str, int]]:
    """Surface forms of a unit with how each may be used; former full names (宁乡县) come last."""
    out: list[tuple[str, int]] = []
    for name in (u.name, *former):
        if name in GENERIC_FULL:
            out.append((name, CTX))
        elif u.level == "county" and len(name) == 2:
            out.append((name, EDGE))  # 范县, 和县, 代县 end many words (示范县, 省市和县, 现代县域)
        else:
            out.append((name, FULL))
    for s in shorts:
        # flagged at build time: "*" a frequent ordinary word, "+" a county-level city's
        # name that is no ordinary word and names one place only (诸暨, 慈溪, 寿光)
        common, alone = s.endswith("*"), s.endswith("+")
        s = s.rstrip("*+")
        if len(s) < 2 or s == u.name:
            continue  # never a one-character form
        if s in SHORT_CTX:
            use = CTX
        elif u.level == "county":
            if len(s) >= 3 or s in COUNTY_SHORT_OK or alone:
                use = SHORT
            else:
                use = PREF if common else CTX
        else:
            use = SHORT
        out.append((s, use))
    return out


@cache
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer from ``regions.tsv`` and ``countries.tsv`` (once per process)."""
    units: list[Unit] = []
    shorts: list[list[str]] = []
    formers: list[list[str]] = []
    blockers = set(BLOCKERS)
    rows = list(_data_lines("regions.tsv"))
    names = {r[0]: r[1] for r in rows}
    for code, name, level, parent, prov, _typ, short, former, blocks in (r + [""] * (9 - len(r)) for r in rows):
        units.append(Unit(code, name, level, parent, names[prov], prov))
        shorts.append([s for s in short.split(",") if s])
        formers.append([s for s in former.split(",") if s])
        blockers.update(b for b in blocks.split(",") if b)
    for iso, short, full, aliases in (r + [""] * (4 - len(r)) for r in _data_lines("countries.tsv")):
        units.append(Unit("", short, "country", "", short, None, iso))
        shorts.append([f for f in [full, *aliases.split(",")] if f and f != short])
        formers.append([])

    table: dict[str, list[tuple[int, int]]] = {}
    old: set[tuple[str, int]] = set()  # (surface, unit) pairs that are a former name only
    for i, (u, sh, fo) in enumerate(zip(units, shorts, formers)):
        current = {f for f, _ in _forms(u, sh, [])}
        for surface, use in _forms(u, sh, fo):
            lst = table.setdefault(surface, [])
            if all(j != i for j, _ in lst):
                lst.append((i, use))
                if surface not in current:
                    old.add((surface, i))
    blockers.update(p + "族" for p in _PEOPLES)  # 朝鲜族, 俄罗斯族, 蒙古族
    vetoes = {s + "域" for s in table if s.endswith("区")}  # 河北区域 is not 河北区
    for b in blockers | vetoes:
        table.setdefault(b, [])

    entries: list[_Entry] = []
    words: list[tuple[str, int]] = []
    by_name: dict[str, tuple[int, ...]] = {}
    for surface, cands in table.items():
        # usable forms first, then higher levels, then today's names before former ones
        cands.sort(key=lambda c: (c[1] not in (FULL, SHORT), LEVEL_RANK[units[c[0]].level], (surface, c[0]) in old, c[0]))
        words.append((surface, len(entries)))
        provs = {units[i].province_code for i, use in cands if use in (FULL, SHORT)} - {None}
        entries.append(_entry(surface, tuple(cands), units, veto=surface in vetoes and surface not in blockers,
                              sure_province=next(iter(provs)) if len(provs) == 1 else None))
        if cands:
            by_name[surface] = tuple(i for i, _ in cands)
    automaton = automata.build(words)
    by_code = {u.code: i for i, u in enumerate(units) if u.code}
    return Gazetteer(
        units=tuple(units),
        entries=tuple(entries),
        automaton=automaton,
        _by_code=MappingProxyType(by_code),
        _by_name=MappingProxyType(by_name),
    )


def _leftmost_longest(norm: str, gaz: Gazetteer) -> list[tuple[int, int, _Entry]]:
    """Leftmost-longest, non-overlapping hits. A veto word (河北区域) stands for the
    reading one character shorter (河北区) being wrong: the next shorter entry wins."""
    ents = gaz.entries
    out: list[tuple[int, int, _Entry]] = []
    for s, e, k in automata.find_long(gaz.automaton, norm):
        ent = ents[k]
        if ent.veto:
            for n in range(len(ent.surface) - 2, 1, -1):
                k2 = gaz.automaton.get(ent.surface[:n])
                if k2 is not None and not ents[k2].veto:
                    out.append((s, s + n, ents[k2]))
                    break
            continue
        out.append((s, e, ent))
    return out


def _context_codes(context: str | Sequence[str] | None, gaz: Gazetteer) -> set[str]:
    if not context:
        return set()
    out: set[str] = set()
    for c in [context] if isinstance(context, str) else context:
        u = gaz.unit(c) if c.isdigit() else gaz.by_name(c)
        if u is not None and u.province_code:
            out.add(u.province_code)
    return out


def find_regions(norm: str, gaz: Gazetteer, context: str | Sequence[str] | None = None) -> list[RegionMention]:
    """Every place named in ``norm``, leftmost-longest, with its province.

    ``context`` (province names or codes) breaks ties between same-level units of the
    same name (鼓楼区 in 南京 or 福州), as do provinces named unambiguously in the text.
    """
    units = gaz.units
    spans = _leftmost_longest(norm, gaz)
    # Provinces the text names without doubt help choose among same-named units.
    ctx = _context_codes(context, gaz)
    ctx.update(ent.sure_province for _, _, ent in spans if ent.sure_province)
    out: list[RegionMention] = []
    prev_end = -1
    prev_units: tuple[Unit, ...] = ()
    for s, e, ent in spans:
        if not ent.cands:
            prev_end, prev_units = -1, ()
            continue
        after_parent = []
        if s == prev_end:
            for i, use in ent.cands:
                for p in prev_units:
                    if gaz.is_ancestor(p, units[i]) and (use != PREF or p.level == "prefecture"):
                        after_parent.append(i)
                        break
        if after_parent:
            pick = after_parent[0]
        else:
            if ent.has_edge and (s == 0 or norm[s - 1] in _EDGE_BEFORE or not _is_han(norm[s - 1])):
                top, street = ent.top_edge, ent.street_edge
            else:
                top, street = ent.top, ent.street
            if top and _not_the_place(norm, s, e, street, prev_end):
                top = ()
            if not top:
                prev_end, prev_units = -1, ()
                continue
            pick = top[0] if len(top) == 1 else next((i for i in top if units[i].province_code in ctx), top[0])
        u = units[pick]
        if (norm[e:e + 1] in _FOREIGN_NAME_NEXT and u.level in ("prefecture", "county")) \
                or (u.level == "country" and norm[e:e + 1] in _COUNTRY_PART_NEXT):
            prev_end, prev_units = -1, ()
            continue  # inside a transliterated name: 利西昌斯克 (a city in Ukraine), 阿里·沙德马尼 (a person)
        out.append(RegionMention(s, e, norm[s:e], u.name, u.code, u.level, u.province, u.province_code))
        prev_end, prev_units = e, ent.units_of
    return out


# After a city or county name, characters that make it part of a transliterated foreign name:
# 斯 (-sk, -s: 利西昌斯克) never follows a Chinese place, and "·" joins a foreign given name to the
# surname (阿里·沙德马尼); a province before "·" is a label (甘肃·庆阳) and stays.
_FOREIGN_NAME_NEXT = frozenset("斯·•")
# After a country's name, a river or a province of another country named after it: 约旦河西岸, 不列颠哥伦比亚省
# (Canada), 西孟加拉邦 (India). 州 is left out: 美国州长 is the United States.
_COUNTRY_PART_NEXT = frozenset("河省邦")


def _not_the_place(norm: str, s: int, e: int, short: bool, prev_end: int) -> bool:
    """A hit that is part of a street, firm or person's name (苏州街, 昆泰国际, 李长春)."""
    if e - s == 2 and norm[e - 1:e + 1] in _ACROSS:
        return True
    if not short:
        return False
    if _NAMED_AFTER.match(norm, e):
        return True  # 嘉兴路, 苏州街, 杭州银行
    return e - s == 2 and s > 0 and s - 1 >= prev_end and norm[s - 1] in _SURNAMES and \
        _NAME_FOLLOW.match(norm, e) is not None


def enumerated(norm: str, mentions: Sequence[RegionMention]) -> list[bool]:
    """For each mention, whether it is one member of a list of three or more provinces
    ("北京、天津、河北…") or of all of them ("各省、自治区、直辖市和新疆生产建设兵团"):
    such a list names no story's own region."""
    out = [False] * len(mentions)
    run = [0]
    for i in range(1, len(mentions) + 1):
        if i < len(mentions) and _LIST_GAP.fullmatch(norm, mentions[i - 1].end, mentions[i].start):
            run.append(i)
            continue
        if len({mentions[k].province for k in run}) >= 3:
            for k in run:
                out[k] = True
        run = [i]
    for i, m in enumerate(mentions):
        if norm.startswith("新疆生产建设兵团", m.start) and _ALL_PROVINCES.search(norm, max(0, m.start - 16), m.start):
            out[i] = True
    return out


_LIST_GAP = re.compile(r"(?:省|市|自治区|特别行政区)?(?:、|和|及|与|以及|，)?")
_ALL_PROVINCES = re.compile(r"各省|直辖市|自治区、|全国各地")


def drop_inside(mentions: list[RegionMention], spans: Sequence[tuple[int, int]]) -> list[RegionMention]:
    """``mentions`` less those inside a span (a place inside a person's name: 李长春's 长春).
    ``spans`` sorted by start; linear."""
    out = []
    j = 0
    for m in mentions:
        while j < len(spans) and spans[j][1] <= m.start:
            j += 1
        if j < len(spans) and spans[j][0] < m.start < spans[j][1]:
            continue
        out.append(m)
    return out


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


def to_ref(m: RegionMention) -> RegionRef:
    """The province-level RegionRef for a mention (a country's name, code None, abroad)."""
    if m.level == "country":
        return RegionRef(name=m.province, code=None, text=m.text, start=m.start, end=m.end)
    return RegionRef(name=m.province, code=m.province_code, text=m.text, start=m.start, end=m.end)


# Words that mean "this province / this city" in a report about one region.
_SELF_REF = re.compile(
    r"(?:自治区(?:党委|政府|人大常委会|人大|政协|纪委))"
    r"|(?:全区|我区|本区)(?!域|别|间|块|位|分)"
    r"|(?:省委|省政府|省人大常委会|省人大|省政协|省纪委|全省|我省|本省|该省)"
    r"|(?:市委|市政府|市人大常委会|市人大|市政协|市纪委|本市|该市)"
    r"|(?:全市|我市)(?!场)"
)
_MUNICIPALITY_CODES = frozenset({"110000", "120000", "310000", "500000"})


def self_reference_spans(
    norm: str, gaz: Gazetteer | None = None, municipality: bool | None = None
) -> list[tuple[int, int, str]]:
    """Spans of 省委/全省/我省/本省, 自治区党委/全区, 市委/全市/我市 … as ``(start, end, level)``.

    ``level`` is ``"province"`` for 省/自治区 words and ``"city"`` for 市 words, except
    that 市 words count as ``"province"`` in a municipality (北京/天津/上海/重庆): pass
    ``municipality`` when the section's region is known; with None, the nearest place
    named before the word decides. Words that are the tail of a place name (天津市委,
    宁夏回族自治区党委) are left out: the name itself says which region.
    """
    gaz = gaz or load_gazetteer()
    regions = find_regions(norm, gaz)
    out: list[tuple[int, int, str]] = []
    j = 0  # regions[:j] end at or before the current word
    for m in _SELF_REF.finditer(norm):
        s, e = m.span()
        while j < len(regions) and regions[j].end <= s:
            j += 1
        if j < len(regions) and regions[j].start < e:
            continue  # overlaps a place name
        level = "city" if "市" in m.group()[:2] else "province"
        if level == "city":
            muni = municipality
            if muni is None:
                muni = j > 0 and regions[j - 1].province_code in _MUNICIPALITY_CODES
            if muni:
                level = "province"
        out.append((s, e, level))
    return out
