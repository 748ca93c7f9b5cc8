"""Checks on the officials lexicons in src/readout/data: surnames, leaders, posts.

The dev-gold part reads ../shared/corpus/dev/gold.jsonl and skips when it is absent.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from readout.clean import simplify

DATA = Path(__file__).resolve().parents[1] / "src" / "readout" / "data"
DEV_GOLD = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "gold.jsonl"
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
ROLES = {
    "full", "head", "org", "org_suffix", "unit", "place", "qualifier", "joiner", "modifier",
    "nonpolitical", "nonpolitical_org", "group", "notpost",
}
# Mongolian/Tibetan names written without "·" that run to five characters.
LONG_NAMES = {"乌云其木格"}


def _tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def _posts() -> dict[str, str]:
    return {r["term"]: r["role"] for r in _tsv("posts.tsv")}


@cache
def _leaders() -> dict[str, dict[str, str]]:
    return {r["name"]: r for r in _tsv("leaders.tsv")}


def _alt(roles: set[str]) -> str:
    terms = sorted((t for t, r in _posts().items() if r in roles), key=len, reverse=True)
    return "(?:" + "|".join(map(re.escape, terms)) + ")"


@cache
def _post_re(relaxed: bool, nonpolitical: bool = False) -> re.Pattern[str]:
    """A post = segments joined by 兼; a segment = prefixes then a head or full term.

    A local place name the lexicon cannot know (舞钢, 闽清) is allowed only right before an
    administrative unit or org; ``relaxed`` also allows an unknown org name before a head
    or an org suffix (foreign ministries such as 交通和通讯部长); ``nonpolitical`` admits
    the non-political orgs and titles (中国科学院院长, 董事长).
    """
    unit_or_org = _alt({"unit", "org"})
    prefix = [_alt({"place", "org", "unit", "org_suffix", "qualifier", "modifier"}),
              rf"[\u4e00-\u9fff]{{1,4}}?(?={unit_or_org})"]
    head = _alt({"head", "full", "nonpolitical"} if nonpolitical else {"head", "full"})
    if nonpolitical:
        prefix.insert(0, _alt({"nonpolitical_org"}))
    if relaxed:
        prefix.append(rf"[\u4e00-\u9fff“”\"]{{1,12}}?(?={_alt({'org_suffix', 'head'})})")
    seg = f"(?:{'|'.join(prefix)})*{head}"
    return re.compile(f"{seg}(?:{_alt({'joiner'})}{seg})*")


def _norm(post: str) -> str:
    post = simplify(post).strip()
    return re.sub(r"^(?:时任|原|前)", "", post)


@cache
def _gold_posts() -> list[tuple[str, bool]]:
    if not DEV_GOLD.exists():
        pytest.skip(f"dev gold not found at {DEV_GOLD}")
    out = []
    for line in DEV_GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            for off in json.loads(line)["officials"]:
                out += [(_norm(p), off["political"]) for p in off["posts"]]
    return out


def test_files_parse_with_known_roles() -> None:
    posts = _tsv("posts.tsv")
    assert posts and all(r["term"] and r["role"] in ROLES for r in posts)
    assert {r["role"] for r in posts} == ROLES
    leaders = _tsv("leaders.tsv")
    assert len(leaders) >= 600
    for r in leaders:
        assert r["posts"] and all(p.strip() for p in r["posts"].split(";")), r
        assert r["region"], r
        assert re.fullmatch(r"(19|20)\d\d-(19|20)\d\d", r["years"]), r
        y0, y1 = map(int, r["years"].split("-"))
        assert y0 <= y1 <= 2026, r


def test_no_duplicates() -> None:
    terms = Counter(r["term"] for r in _tsv("posts.tsv"))
    assert [t for t, n in terms.items() if n > 1] == []
    names = Counter(r["name"] for r in _tsv("leaders.tsv"))
    assert [n for n, c in names.items() if c > 1] == []
    surnames = (DATA / "surnames.txt").read_text(encoding="utf-8").split("\n")
    assert surnames[-1] == ""  # ends with a newline, no blank lines inside
    surnames = surnames[:-1]
    assert len(surnames) == len(set(surnames))


def test_surnames_shape() -> None:
    surnames = (DATA / "surnames.txt").read_text(encoding="utf-8").split()
    singles = [s for s in surnames if len(s) == 1]
    compounds = [s for s in surnames if len(s) == 2]
    assert len(singles) >= 450 and len(compounds) >= 40
    assert all(HAN.match(s) and len(s) <= 4 for s in surnames)
    assert set(simplify("".join(surnames))) == set("".join(surnames))  # simplified only
    for s in ["王", "李", "张", "刘", "陈", "习", "栗", "谌", "覃", "欧阳", "司马", "诸葛", "上官", "尉迟"]:
        assert s in surnames


def test_leader_names_shape() -> None:
    for name, row in _leaders().items():
        if "·" in name:
            parts = name.split("·")
            assert len(parts) == 2 and all(HAN.match(p) for p in parts), name
        else:
            assert HAN.match(name), name
            assert 2 <= len(name) <= 4 or name in LONG_NAMES, name
        assert simplify(name) == name and simplify(row["posts"]) == row["posts"]


def test_han_names_start_with_a_known_surname() -> None:
    """Guards against typos; minority names without surnames are listed here."""
    surnames = set((DATA / "surnames.txt").read_text(encoding="utf-8").split())
    no_surname = {"洛桑江村", "嘎玛泽登", "阿东"}
    missing = [n for n in _leaders() if "·" not in n and n not in no_surname
               and n[0] not in surnames and n[:2] not in surnames]
    assert missing == []


def test_well_known_leaders_present() -> None:
    leaders = _leaders()
    expect = {
        "习近平": "中共中央总书记", "李克强": "国务院总理", "李强": "国务院总理", "赵乐际": "全国人大常委会委员长",
        "王沪宁": "全国政协主席", "蔡奇": "中央办公厅主任", "丁薛祥": "国务院副总理", "李希": "中央纪委书记",
        "张又侠": "中央军委副主席", "周强": "最高人民法院院长", "应勇": "最高人民检察院检察长",
        "巴音朝鲁": "吉林省委书记", "布小林": "内蒙古自治区人民政府主席",
        "雪克来提·扎克尔": "新疆维吾尔自治区人民政府主席", "艾尔肯·吐尼亚孜": "新疆维吾尔自治区人民政府主席",
        "吴英杰": "西藏自治区党委书记", "严金海": "西藏自治区人民政府主席", "齐扎拉": "西藏自治区人民政府主席",
        "白玛赤林": "全国人大常委会副委员长", "洛桑江村": "全国人大常委会副委员长",
        "陈敏尔": "重庆市委书记", "黄坤明": "广东省委书记", "倪岳峰": "河北省委书记",
    }
    for name, post in expect.items():
        assert name in leaders, name
        assert post in leaders[name]["posts"].split(";"), (name, leaders[name]["posts"])
    assert leaders["巴音朝鲁"]["region"] == "吉林省"
    assert leaders["习近平"]["region"] == "全国"


def test_leader_posts_compose_from_post_lexicon() -> None:
    strict = _post_re(False, nonpolitical=True)
    bad = sorted({p for r in _leaders().values() for p in r["posts"].split(";") if not strict.fullmatch(p)})
    assert bad == []


def test_compose_examples() -> None:
    strict = _post_re(False)
    for ok in ["浙江省委书记", "省人大常委会党组书记", "市委组织部常务副部长", "全国人大常委会副委员长兼秘书长",
               "中央财经委员会办公室分管日常工作的副主任", "新疆维吾尔自治区党委书记", "舞钢市委书记"]:
        assert strict.fullmatch(ok), ok
    for bad in ["书记员", "党和国家领导人", "上将", "同志", "院士"]:
        assert not strict.fullmatch(bad), bad


def test_gold_political_posts_compose() -> None:
    political = sorted({p for p, pol in _gold_posts() if pol})
    assert len(political) > 100
    relaxed = _post_re(True)
    assert [p for p in political if not relaxed.fullmatch(p)] == []
    strict = _post_re(False)
    misses = [p for p in political if not strict.fullmatch(p)]
    assert len(misses) <= 2, misses  # foreign ministries written as "交通和通讯部长"


def test_gold_nonpolitical_posts_are_flagged() -> None:
    np_re = re.compile(_alt({"nonpolitical", "nonpolitical_org"}))
    nonpolitical = sorted({p for p, pol in _gold_posts() if not pol})
    assert nonpolitical
    assert [p for p in nonpolitical if not np_re.search(p)] == []


def test_gold_group_labels_are_not_posts() -> None:
    posts = _posts()
    for label in ["党和国家领导人", "市领导", "中央领导同志", "老同志", "厅级领导干部"]:
        assert posts.get(label) == "group", label
        assert not _post_re(True).fullmatch(label), label
    gold = {p for p, _ in _gold_posts()}
    assert not gold & {t for t, r in posts.items() if r in {"group", "notpost", "modifier"}}
